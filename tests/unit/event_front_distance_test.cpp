// Tests for src/geo/event_front_distance: signed distances from fixture events to the front line of the snapshot in
// force on their day. The fixture is a one-degree "occupied" square (Russia's side) in an in-memory layer; events
// sit inside and outside it at places whose distance to the nearest edge is known from PROJ's geodesic (the shortest
// way to a meridian or parallel of the square). Checks the sign convention (negative behind Russian lines), the
// snapshot chosen by date (the square grows in the second snapshot), NaN before the first snapshot, and that an edge
// lying on Ukraine's border is not front (a point near the border is measured to the real front further away).
#include "geo/event_front_distance.h"

#include <geodesic.h>
#include <gtest/gtest.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/message_log.h"

namespace fm {
namespace {

const int32_t kSep1 = daysFromCivil(2024, 9, 1);
const int32_t kOct1 = daysFromCivil(2024, 10, 1);

struct Box {
    double lon0, lat0, lon1, lat1;
};

// Areas of control: one polygon per row (date, category, box).
std::shared_ptr<TimeLayer> areas(const std::vector<std::tuple<std::string, std::string, Box>>& rows, MessageLog& log) {
    auto d = std::make_shared<LayerData>();
    d->source = "front_fixture.gpkg";
    d->layerName = "areas";
    d->fieldNames = {"snapshot_date", "category"};
    d->lonlat.kind = GeomKind::Polygon;
    uint32_t fid = 0;
    for (const auto& [date, category, b] : rows) {
        // Edges densified every 0.01°, so they follow the parallels (a long straight edge would cut a chord south of
        // its parallel, 0.12 km at the middle of a 1° edge at 48°N) and the reference distances are well defined.
        const std::pair<double, double> corners[] = {{b.lon0, b.lat0}, {b.lon1, b.lat0}, {b.lon1, b.lat1}, {b.lon0, b.lat1}};
        for (int c = 0; c < 4; ++c) {
            const auto [x0, y0] = corners[c];
            const auto [x1, y1] = corners[(c + 1) % 4];
            const int steps = static_cast<int>(std::ceil(std::max(std::fabs(x1 - x0), std::fabs(y1 - y0)) / 0.01));
            for (int k = 0; k < steps; ++k) d->lonlat.addVertex(x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps);
        }
        d->lonlat.addVertex(b.lon0, b.lat0);
        d->lonlat.endPart();
        d->lonlat.endFeature(fid++);
        d->values.push_back(date);
        d->values.push_back(category);
    }
    d->extent = d->lonlat.bounds();
    TimeFieldSpec spec;
    spec.dateField = "snapshot_date";
    spec.categoryField = "category";
    return std::make_shared<TimeLayer>(d, spec, log);
}

EventStore events(const std::vector<std::tuple<double, double, int32_t>>& points) {
    EventStore s;
    for (const auto& [lon, lat, day] : points) {
        EventRecord e;
        e.id = std::to_string(s.size() + 1);
        e.lon = lon;
        e.lat = lat;
        e.dayStart = e.dayEnd = day;
        e.actors = {"Russia"};
        s.add(e, defaultActorTable());
    }
    return s;
}

// Geodesic distance on WGS 84 in km (PROJ's geodesic.h).
double geodesicKm(double lon1, double lat1, double lon2, double lat2) {
    geod_geodesic g;
    geod_init(&g, 6378137.0, 1 / 298.257223563);
    double s12 = 0;
    geod_inverse(&g, lat1, lon1, lat2, lon2, &s12, nullptr, nullptr);
    return s12 / 1000.0;
}

// The shortest geodesic from a point to a meridian (searched along it): what "distance to that edge" means.
double kmToMeridian(double lon, double lat, double meridian) {
    double best = 1e9;
    for (double y = lat - 0.2; y <= lat + 0.2; y += 0.0005) best = std::min(best, geodesicKm(lon, lat, meridian, y));
    return best;
}

// Within a few hundred km of the layer's centre the documented accuracy is 0.1%; allow 0.2%.
void expectKm(float got, double want, const char* what) {
    ASSERT_TRUE(std::isfinite(got)) << what;
    EXPECT_NEAR(std::fabs(got), want, want * 0.002) << what;
}

TEST(EventFrontDistance, InsideIsNegativeOutsideIsPositiveAtTheGeodesicDistanceToTheNearestEdge) {
    MessageLog log;
    auto layer = areas({{"2024-09-01", "occupied", {36, 48, 37, 49}}}, log);
    // Inside, 0.2° west of the east edge; outside, 0.3° east of it; outside to the south, 0.25° below the square.
    const EventStore ev = events({{36.8, 48.5, kSep1}, {37.3, 48.5, kSep1}, {36.5, 47.75, kSep1}});
    const std::vector<float> d = eventFrontDistances(ev, *layer, defaultSideTable(), nullptr);
    ASSERT_EQ(d.size(), 3u);
    EXPECT_LT(d[0], 0.f) << "inside Russia-held ground is behind Russian lines: negative";
    expectKm(d[0], kmToMeridian(36.8, 48.5, 37.0), "inside, to the east edge");
    EXPECT_GT(d[1], 0.f);
    expectKm(d[1], kmToMeridian(37.3, 48.5, 37.0), "outside, to the east edge");
    EXPECT_GT(d[2], 0.f);
    expectKm(d[2], geodesicKm(36.5, 47.75, 36.5, 48.0), "outside, to the south edge");
    // Plain numbers too, so a wrong reference cannot hide a wrong result: 0.2° of longitude at 48.5°N ≈ 14.8 km.
    EXPECT_NEAR(-d[0], 14.8, 0.3);
    EXPECT_NEAR(d[2], 27.8, 0.4);  // 0.25° of latitude ≈ 27.8 km
}

TEST(EventFrontDistance, EachEventIsMeasuredAgainstTheSnapshotInForceOnItsDay) {
    MessageLog log;
    // On 1 October the occupied square has grown 0.5° to the east.
    auto layer = areas({{"2024-09-01", "occupied", {36, 48, 37, 49}}, {"2024-10-01", "occupied", {36, 48, 37.5, 49}}}, log);
    const int32_t before = daysFromCivil(2024, 8, 31);
    const EventStore ev = events({{37.3, 48.5, kSep1}, {37.3, 48.5, kOct1 - 1}, {37.3, 48.5, kOct1}, {37.3, 48.5, before}});
    const std::vector<float> d = eventFrontDistances(ev, *layer, defaultSideTable(), nullptr);
    ASSERT_EQ(d.size(), 4u);
    EXPECT_GT(d[0], 0.f);
    EXPECT_GT(d[1], 0.f) << "30 September still uses the 1 September snapshot";
    expectKm(d[1], kmToMeridian(37.3, 48.5, 37.0), "September");
    EXPECT_LT(d[2], 0.f) << "from 1 October the place is behind Russian lines";
    expectKm(d[2], kmToMeridian(37.3, 48.5, 37.5), "October");
    EXPECT_TRUE(std::isnan(d[3])) << "no snapshot on or before 31 August";
}

TEST(EventFrontDistance, GroundHeldByUkraineIsNotBehindRussianLinesAndBordersAreNotFront) {
    MessageLog log;
    // "Ukraine" is a big box; the occupied rectangle touches its eastern border at lon 40, so that edge is border,
    // not front; its north and south edges (2° away) are front. A liberated square lies west of the front.
    OGRPolygon ukraine;
    {
        OGRLinearRing r;
        for (auto [x, y] : {std::pair{30.0, 45.0}, {40.0, 45.0}, {40.0, 52.0}, {30.0, 52.0}, {30.0, 45.0}}) r.addPoint(x, y);
        ukraine.addRing(&r);
    }
    auto layer = areas({{"2024-09-01", "occupied", {38, 46, 40, 50}}, {"2024-09-01", "liberated", {36, 47, 37, 49}}}, log);
    const EventStore ev = events({{39.8, 48.0, kSep1}, {36.5, 48.0, kSep1}});
    const std::vector<float> d = eventFrontDistances(ev, *layer, defaultSideTable(), &ukraine);
    ASSERT_EQ(d.size(), 2u);
    EXPECT_LT(d[0], 0.f);
    // 0.2° from the border edge (~15 km) but 1.8° from the front at lon 38 (~134 km).
    expectKm(d[0], kmToMeridian(39.8, 48.0, 38.0), "to the front, not to the border");
    EXPECT_GT(d[1], 0.f) << "liberated ground is not behind Russian lines";
    expectKm(d[1], kmToMeridian(36.5, 48.0, 38.0), "from liberated ground to the front");
}

TEST(EventFrontDistance, StaysWithinThreeTenthsOfAPercentFarFromTheLayersCentre) {
    MessageLog log;
    // The layer spans 24°E to 40°E (a small liberated square far east), so the projection is centred near 32°E and
    // the occupied square at 24°E lies ~600 km from the centre.
    auto layer = areas({{"2024-09-01", "occupied", {24, 48, 25, 49}}, {"2024-09-01", "liberated", {39.5, 48, 40, 48.5}}}, log);
    const EventStore ev = events({{25.6, 48.5, kSep1}, {24.5, 47.3, kSep1}});
    const std::vector<float> d = eventFrontDistances(ev, *layer, defaultSideTable(), nullptr);
    const double east = kmToMeridian(25.6, 48.5, 25.0), south = geodesicKm(24.5, 47.3, 24.5, 48.0);
    EXPECT_NEAR(d[0], east, east * 0.003);
    EXPECT_NEAR(d[1], south, south * 0.003);
}

TEST(EventFrontDistance, TheSideTableDecidesWhichGroundIsRussian) {
    MessageLog log;
    auto layer = areas({{"2024-09-01", "zone_a", {36, 48, 37, 49}}}, log);
    const EventStore ev = events({{36.8, 48.5, kSep1}});
    // Unknown category: Other side, so there is no Russia-held ground and no front line.
    EXPECT_TRUE(std::isnan(eventFrontDistances(ev, *layer, defaultSideTable(), nullptr)[0]));
    SideTable sides = defaultSideTable();
    std::string why;
    ASSERT_TRUE(parseSideAssignments("zone_a=Russia", sides, why)) << why;
    const float d = eventFrontDistances(ev, *layer, sides, nullptr)[0];
    EXPECT_LT(d, 0.f);
    expectKm(d, kmToMeridian(36.8, 48.5, 37.0), "after zone_a=Russia");
}

}  // namespace
}  // namespace fm
