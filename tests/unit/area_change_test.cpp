// Tests for src/geo/area_change: geodesic areas of lon/lat quads against the closed-form area on the WGS 84 ellipsoid
// (through the authalic latitude), at the equator and at 50°N, with holes, and on a 10° quad where edge densification
// matters; the change between two snapshots of a GeoJSON fixture written to /vsimem/ (a square growing by a strip,
// another shrinking, overlapping polygons counted once, sides as unions of their categories, a region breakdown); an
// invalid bow-tie repaired and reported, or left out above the vertex limit; side-table parsing and overrides; and
// cancellation.
#include "geo/area_change.h"

#include <cpl_vsi.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/job.h"
#include "sources/time_layer.h"
#include "sources/vector_reader.h"

namespace fm {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Area in km² of the lon/lat quad lat1..lat2 × dlon degrees on the WGS 84 ellipsoid, in closed form: a zone of the
// ellipsoid has the area of the same zone of the authalic sphere (radius Rq) between the authalic latitudes β.
double quadKm2(double lat1, double lat2, double dlon) {
    const double a = 6378137.0, f = 1.0 / 298.257223563;
    const double e2 = f * (2.0 - f), e = std::sqrt(e2);
    auto q = [&](double phi) {
        const double s = std::sin(phi);
        return (1.0 - e2) * (s / (1.0 - e2 * s * s) - std::log((1.0 - e * s) / (1.0 + e * s)) / (2.0 * e));
    };
    const double qp = q(kPi / 2.0);
    const double rq2 = a * a * qp / 2.0;
    auto sinBeta = [&](double latDeg) { return q(latDeg * kPi / 180.0) / qp; };
    return rq2 * (dlon * kPi / 180.0) * (sinBeta(lat2) - sinBeta(lat1)) / 1e6;
}

GeometryColumn quad(double lon0, double lat0, double lon1, double lat1) {
    GeometryColumn g;
    for (auto [x, y] : {std::pair{lon0, lat0}, {lon1, lat0}, {lon1, lat1}, {lon0, lat1}, {lon0, lat0}}) g.addVertex(x, y);
    g.endPart();
    g.endFeature(0);
    return g;
}

void expectNear(double got, double want, double relative, const std::string& what) {
    EXPECT_NEAR(got, want, std::fabs(want) * relative) << what << ": got " << got << " km², want " << want;
}

TEST(GeodesicArea, AuthalicReferenceHasTheKnownSizeOfADegreeSquare) {
    // Sanity of the reference itself: 1°×1° at the equator ≈ 111.32 km × 110.57 km.
    expectNear(quadKm2(0, 1, 1), 111.3195 * 110.5743, 1e-4, "reference");
}

TEST(GeodesicArea, OneDegreeSquaresAtTheEquatorAndAt50NMatchTheClosedForm) {
    expectNear(geodesicAreaKm2(quad(30, 0, 31, 1), 0), quadKm2(0, 1, 1), 1e-3, "1° at the equator");
    expectNear(geodesicAreaKm2(quad(30, 50, 31, 51), 0), quadKm2(50, 51, 1), 1e-3, "1° at 50°N");
    // Densified, the edges follow the parallels and the match is far closer than the 0.1% asked for.
    expectNear(geodesicAreaKm2(quad(30, 0, 31, 1), 0), quadKm2(0, 1, 1), 1e-6, "1° at the equator");
    expectNear(geodesicAreaKm2(quad(30, 50, 31, 51), 0), quadKm2(50, 51, 1), 1e-5, "1° at 50°N");
    // Orientation and southern latitudes do not matter.
    GeometryColumn cw;
    for (auto [x, y] : {std::pair{30.0, -51.0}, {30.0, -50.0}, {31.0, -50.0}, {31.0, -51.0}}) cw.addVertex(x, y);
    cw.endPart();
    cw.endFeature(0);
    expectNear(geodesicAreaKm2(cw, 0), quadKm2(50, 51, 1), 1e-5, "clockwise, open ring, 50°S");
}

TEST(GeodesicArea, DensificationMakesLargeQuadsFollowTheParallels) {
    const double want = quadKm2(45, 55, 10);
    const double densified = geodesicAreaKm2(quad(20, 45, 30, 55), 0, 0.1);
    const double raw = geodesicAreaKm2(quad(20, 45, 30, 55), 0, 0.0);
    expectNear(densified, want, 1e-4, "10° quad, densified");
    // Without densification the four geodesic edges cut the corners: visibly different at this size.
    EXPECT_GT(std::fabs(raw - want), 10.0 * std::fabs(densified - want));
}

TEST(GeodesicArea, HolesAreSubtracted) {
    GeometryColumn g;
    for (auto [x, y] : {std::pair{30.0, 50.0}, {32.0, 50.0}, {32.0, 52.0}, {30.0, 52.0}}) g.addVertex(x, y);
    g.endPart();
    for (auto [x, y] : {std::pair{30.5, 50.5}, {30.5, 51.5}, {31.5, 51.5}, {31.5, 50.5}}) g.addVertex(x, y);
    g.endPart(true);
    g.endFeature(0);
    expectNear(geodesicAreaKm2(g, 0), quadKm2(50, 52, 2) - quadKm2(50.5, 51.5, 1), 1e-5, "square with a hole");
}

// --- the change between two snapshots ----------------------------------------------------------------------------

std::string ring(double lon0, double lat0, double lon1, double lat1) {
    auto pt = [](double x, double y) { return "[" + std::to_string(x) + "," + std::to_string(y) + "]"; };
    return "[" + pt(lon0, lat0) + "," + pt(lon1, lat0) + "," + pt(lon1, lat1) + "," + pt(lon0, lat1) + "," + pt(lon0, lat0) + "]";
}

std::string feature(const std::string& date, const std::string& category, const std::string& rings) {
    return R"({"type":"Feature","properties":{"snapshot_date":")" + date + R"(","category":")" + category +
           R"("},"geometry":{"type":"Polygon","coordinates":[)" + rings + "]}}";
}

// Writes a GeoJSON FeatureCollection to /vsimem/ and reads it back as a TimeLayer (fields detected).
class ChangeFixture {
public:
    ChangeFixture(const std::string& name, const std::vector<std::string>& features) : m_path("/vsimem/" + name) {
        std::string text = R"({"type":"FeatureCollection","features":[)";
        for (size_t i = 0; i < features.size(); ++i) text += (i ? "," : "") + features[i];
        text += "]}";
        VSILFILE* f = VSIFOpenL(m_path.c_str(), "wb");
        VSIFWriteL(text.data(), 1, text.size(), f);
        VSIFCloseL(f);
        const auto layers = readVectorSource(m_path, log);
        EXPECT_EQ(layers.size(), 1u);
        TimeFieldSpec spec;
        std::string why;
        EXPECT_TRUE(detectTimeFields(*layers.at(0), spec, &why)) << why;
        layer = TimeLayer(layers.at(0), spec, log);
    }
    ~ChangeFixture() { VSIUnlink(m_path.c_str()); }

    MessageLog log;
    TimeLayer layer;

private:
    std::string m_path;
};

const AreaRow& row(const std::vector<AreaRow>& rows, const std::string& name) {
    for (const AreaRow& r : rows)
        if (r.name == name) return r;
    static const AreaRow none{"(missing)", "", -1, -1, -1, -1};
    ADD_FAILURE() << "no row " << name;
    return none;
}

AreaChangeOptions between(int32_t from, int32_t to) {
    AreaChangeOptions o;
    o.fromDay = from;
    o.toDay = to;
    return o;
}

const int32_t kSep1 = daysFromCivil(2024, 9, 1);
const int32_t kMar1 = daysFromCivil(2025, 3, 1);

// occupied grows by a 0.5° strip to the east; liberated shrinks by a 0.5° strip on its west; unknown stays.
std::vector<std::string> growingAndShrinking() {
    return {feature("2024-09-01", "occupied", ring(30, 50, 31, 51)),
            feature("2024-09-01", "liberated", ring(32, 50, 33, 51)),
            feature("2024-09-01", "unknown", ring(34, 50, 35, 51)),
            feature("2025-03-01", "occupied", ring(30, 50, 31.5, 51)),
            feature("2025-03-01", "liberated", ring(32.5, 50, 33, 51)),
            feature("2025-03-01", "unknown", ring(34, 50, 35, 51))};
}

TEST(AreaChange, SquareGrowingByAStripGainsExactlyTheStrip) {
    ChangeFixture fx("area_change_strip.geojson", growingAndShrinking());
    const AreaChange c = computeAreaChange(fx.layer, between(kSep1, kMar1), fx.log);
    EXPECT_EQ(c.fromSnapshot, kSep1);
    EXPECT_EQ(c.toSnapshot, kMar1);
    EXPECT_EQ(c.featuresFrom, 3u);
    EXPECT_EQ(c.featuresTo, 3u);
    EXPECT_TRUE(c.repairs.empty());
    ASSERT_EQ(c.categories.size(), 3u);

    const AreaRow& occ = row(c.categories, "occupied");
    EXPECT_EQ(occ.side, "Russia");
    expectNear(occ.areaFrom, quadKm2(50, 51, 1), 1e-5, "occupied at D1");
    expectNear(occ.areaTo, quadKm2(50, 51, 1.5), 1e-5, "occupied at D2");
    expectNear(occ.gained, quadKm2(50, 51, 0.5), 1e-5, "occupied gained");
    EXPECT_LT(occ.lost, 1e-6);

    const AreaRow& lib = row(c.categories, "liberated");
    EXPECT_EQ(lib.side, "Ukraine");
    expectNear(lib.lost, quadKm2(50, 51, 0.5), 1e-5, "liberated lost");
    EXPECT_LT(lib.gained, 1e-6);
    const AreaRow& unk = row(c.categories, "unknown");
    EXPECT_EQ(unk.side, "Grey zone");
    EXPECT_LT(unk.gained + unk.lost, 1e-6);

    ASSERT_EQ(c.sides.size(), 3u);
    EXPECT_EQ(c.sides[0].name, "Russia");  // in the fixed order Russia, Ukraine, Grey zone
    EXPECT_EQ(c.sides[1].name, "Ukraine");
    EXPECT_EQ(c.sides[2].name, "Grey zone");
    expectNear(c.sides[0].gained, quadKm2(50, 51, 0.5), 1e-5, "Russia gained");
    expectNear(c.sides[1].lost, quadKm2(50, 51, 0.5), 1e-5, "Ukraine lost");
}

TEST(AreaChange, OverlappingPolygonsOfOneCategoryCountOnceAndSidesUniteTheirCategories) {
    ChangeFixture fx("area_change_overlap.geojson",
                     {feature("2024-09-01", "occupied", ring(30, 50, 31, 51)),
                      feature("2024-09-01", "occupied", ring(30.5, 50, 31.5, 51)),       // overlaps half of it
                      feature("2024-09-01", "occupied_crimea", ring(31, 50, 32, 51)),     // overlaps the second
                      feature("2024-09-01", "liberated", ring(40, 50, 41, 51))});
    const AreaChange c = computeAreaChange(fx.layer, between(kSep1, kSep1), fx.log);
    expectNear(row(c.categories, "occupied").areaFrom, quadKm2(50, 51, 1.5), 1e-5, "occupied, dissolved");
    expectNear(row(c.sides, "Russia").areaFrom, quadKm2(50, 51, 2.0), 1e-5, "Russia = occupied ∪ crimea");
    EXPECT_LT(row(c.sides, "Russia").gained + row(c.sides, "Russia").lost, 1e-6);  // same date twice
}

// A self-intersecting "bow-tie" ring is invalid: MakeValid turns it into two triangles, each a quarter of the
// square, and the repair is reported.
TEST(AreaChange, InvalidBowTieIsRepairedAndReported) {
    const std::string bowTie = "[[30,50],[31,51],[31,50],[30,51],[30,50]]";
    ChangeFixture fx("area_change_bowtie.geojson",
                     {feature("2024-09-01", "occupied", bowTie), feature("2024-09-01", "liberated", ring(40, 50, 41, 51)),
                      feature("2025-03-01", "occupied", ring(30, 50, 31, 51)),
                      feature("2025-03-01", "liberated", ring(40, 50, 41, 51))});
    const AreaChange c = computeAreaChange(fx.layer, between(kSep1, kMar1), fx.log);
    ASSERT_EQ(c.repairs.size(), 1u);
    EXPECT_EQ(c.repairedCount(), 1u);
    EXPECT_EQ(c.skippedCount(), 0u);
    EXPECT_EQ(c.repairs[0].feature, 0u);
    EXPECT_EQ(c.repairs[0].category, "occupied");
    EXPECT_EQ(c.repairs[0].vertices, 5u);
    EXPECT_FALSE(c.repairs[0].reason.empty());
    const AreaRow& occ = row(c.categories, "occupied");
    expectNear(occ.areaFrom, quadKm2(50, 51, 1) / 2.0, 1e-3, "repaired bow-tie");
    expectNear(occ.gained, quadKm2(50, 51, 1) / 2.0, 1e-3, "the two missing triangles");
    EXPECT_LT(occ.lost, 1e-6);
    EXPECT_GE(fx.log.size(), 1u);  // the repair is in the log too

    // Above the vertex limit the invalid polygon is left out, not repaired, and that is reported.
    AreaChangeOptions o = between(kSep1, kMar1);
    o.maxRepairVertices = 4;
    const AreaChange skipped = computeAreaChange(fx.layer, o, fx.log);
    ASSERT_EQ(skipped.repairs.size(), 1u);
    EXPECT_TRUE(skipped.repairs[0].skipped);
    EXPECT_NE(skipped.repairs[0].reason.find("too large"), std::string::npos) << skipped.repairs[0].reason;
    EXPECT_EQ(row(skipped.categories, "occupied").areaFrom, 0.0);
    EXPECT_GE(fx.log.count(Severity::Warning), 1u);
}

TEST(AreaChange, SideTableCanBeOverridden) {
    SideTable t = defaultSideTable();
    EXPECT_EQ(sideOf(t, "occupied_crimea"), "Russia");
    EXPECT_EQ(sideOf(t, "Liberated"), "Ukraine");  // case-insensitive
    EXPECT_EQ(sideOf(t, "contested"), "Grey zone");
    EXPECT_EQ(sideOf(t, "other"), kOtherSide);
    std::string why;
    ASSERT_TRUE(parseSideAssignments("unknown=Russia, Other = Neutral", t, why)) << why;
    EXPECT_EQ(sideOf(t, "unknown"), "Russia");
    EXPECT_EQ(sideOf(t, "other"), "Neutral");
    EXPECT_FALSE(parseSideAssignments("unknown", t, why));
    EXPECT_FALSE(parseSideAssignments("=Russia", t, why));
    EXPECT_FALSE(parseSideAssignments("unknown=", t, why));
    EXPECT_FALSE(parseSideAssignments(" , ", t, why));

    ChangeFixture fx("area_change_sides.geojson", growingAndShrinking());
    AreaChangeOptions o = between(kSep1, kMar1);
    ASSERT_TRUE(parseSideAssignments("unknown=Russia", o.sides, why));
    const AreaChange c = computeAreaChange(fx.layer, o, fx.log);
    EXPECT_EQ(row(c.categories, "unknown").side, "Russia");
    ASSERT_EQ(c.sides.size(), 2u);  // no grey zone any more
    expectNear(row(c.sides, "Russia").areaFrom, quadKm2(50, 51, 2), 1e-5, "Russia = occupied + unknown");
}

TEST(AreaChange, RegionsBreakTheTableDown) {
    ChangeFixture fx("area_change_regions.geojson", growingAndShrinking());
    // Two regions: "West" covers lon 29..31.25, "East" lon 31.25..36 (it holds the strip's east half).
    const std::string path = "/vsimem/area_change_regions_admin.geojson";
    const std::string text =
        R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"West"},"geometry":{"type":"Polygon","coordinates":[)" +
        ring(29, 49, 31.25, 52) +
        R"(]}},{"type":"Feature","properties":{"name":"East"},"geometry":{"type":"Polygon","coordinates":[)" +
        ring(31.25, 49, 36, 52) +
        R"(]}},{"type":"Feature","properties":{"name":"Far"},"geometry":{"type":"Polygon","coordinates":[)" +
        ring(60, 49, 61, 52) + "]}}]}";
    VSILFILE* f = VSIFOpenL(path.c_str(), "wb");
    VSIFWriteL(text.data(), 1, text.size(), f);
    VSIFCloseL(f);
    AreaChangeOptions o = between(kSep1, kMar1);
    o.regions = readVectorSource(path, fx.log).at(0);
    const AreaChange c = computeAreaChange(fx.layer, o, fx.log);
    VSIUnlink(path.c_str());
    EXPECT_EQ(c.regionNameField, "name");
    ASSERT_EQ(c.regions.size(), 2u);  // "Far" touches nothing
    EXPECT_EQ(c.regions[0].name, "East");
    EXPECT_EQ(c.regions[1].name, "West");
    const AreaRow& westOcc = row(c.regions[1].categories, "occupied");
    expectNear(westOcc.areaFrom, quadKm2(50, 51, 1), 1e-5, "West occupied at D1");
    expectNear(westOcc.gained, quadKm2(50, 51, 0.25), 1e-5, "West occupied gained");
    const AreaRow& eastOcc = row(c.regions[0].categories, "occupied");
    EXPECT_LT(eastOcc.areaFrom, 1e-6);
    expectNear(eastOcc.gained, quadKm2(50, 51, 0.25), 1e-5, "East occupied gained");
    expectNear(row(c.regions[0].sides, "Ukraine").lost, quadKm2(50, 51, 0.5), 1e-5, "East: Ukraine lost");
}

TEST(AreaChange, CancelledJobStops) {
    ChangeFixture fx("area_change_cancel.geojson", growingAndShrinking());
    Job job("change");
    job.cancel();
    EXPECT_THROW(computeAreaChange(fx.layer, between(kSep1, kMar1), fx.log, &job), Cancelled);
}

}  // namespace
}  // namespace fm
