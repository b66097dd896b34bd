// Tests for fm::readVectorSource on fixtures the tests write themselves (GeoJSON and CSV text in /vsimem/,
// GeoPackage and zipped Shapefile through GDAL's own writers): geometry structure and coordinates, reprojection to
// lon/lat, the two kinds of failure (a source that cannot be opened throws fm::Error naming it; bad features are
// skipped, counted and reported while the rest loads), and what the projector and the Crimea split do with what
// the reader produced.
#include "sources/vector_reader.h"

#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "geo/projector.h"
#include "sources/basemap.h"
#include "sources/ogr_convert.h"
#include "sources/projection.h"

namespace fm {
namespace {

namespace fs = std::filesystem;

constexpr double kPi = 3.14159265358979323846;
constexpr double kR = 6378137.0;  // Web Mercator sphere
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

void writeVsiMem(const std::string& path, const std::string& text) {
    VSILFILE* f = VSIFOpenL(path.c_str(), "wb");
    ASSERT_NE(f, nullptr) << path;
    ASSERT_EQ(VSIFWriteL(text.data(), 1, text.size(), f), text.size());
    VSIFCloseL(f);
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// All messages about `subject` of one severity, joined.
std::vector<std::string> messagesAbout(const MessageLog& log, const std::string& subject, Severity s) {
    std::vector<std::string> out;
    for (const Message& m : log.snapshot())
        if (m.severity == s && m.subject == subject) out.push_back(m.text);
    return out;
}

// A fresh folder under the system temp dir, removed with everything in it at the end of each test. /vsimem/ files
// written by a test are removed too.
class VectorReaderTest : public ::testing::Test {
protected:
    void SetUp() override {
        initGdal();
        std::string tmpl = (fs::temp_directory_path() / "fm_vector_reader_XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        m_dir = tmpl;
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
        for (const auto& p : m_vsimem) VSIUnlink(p.c_str());
    }
    std::string tempPath(const std::string& name) const { return (m_dir / name).string(); }
    std::string memPath(const std::string& name) {
        const std::string p = "/vsimem/fm_vector_reader_" + std::to_string(::getpid()) + "_" + name;
        m_vsimem.push_back(p);
        return p;
    }
    std::string memGeoJson(const std::string& name, const std::string& text) {
        const std::string p = memPath(name);
        writeVsiMem(p, text);
        return p;
    }

    fs::path m_dir;
    std::vector<std::string> m_vsimem;
};

// --- Geometry structure --------------------------------------------------------------------------------------

TEST_F(VectorReaderTest, MultiPolygonWithHoleKeepsPartsHoleFlagsAndCoordinates) {
    const std::string path = memGeoJson("multipolygon.geojson", R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"name":"lake country","code":7},"geometry":{"type":"MultiPolygon","coordinates":[
        [[[20,40],[30,40],[30,50],[20,50],[20,40]],[[24,44],[24,46],[26,46],[26,44],[24,44]]],
        [[[32,40],[34,40],[34,42],[32,40]]]]}}]})");
    MessageLog log;
    auto layers = readVectorSource(path, log);
    ASSERT_EQ(layers.size(), 1u);
    const LayerData& d = *layers[0];
    EXPECT_EQ(d.source, path);
    EXPECT_EQ(d.driver, "GeoJSON");
    EXPECT_EQ(d.lonlat.kind, GeomKind::Polygon);
    ASSERT_EQ(d.featureCount(), 1u);
    EXPECT_EQ(d.featuresInSource, 1u);
    EXPECT_EQ(d.featuresSkipped, 0u);
    ASSERT_EQ(d.lonlat.partCount(), 3u);
    EXPECT_EQ(d.lonlat.partIsHole, (std::vector<uint8_t>{0, 1, 0}));
    EXPECT_EQ(d.lonlat.partStart, (std::vector<uint32_t>{0, 5, 10, 14}));
    const std::vector<double> want = {20, 40, 30, 40, 30, 50, 20, 50, 20, 40,  // exterior
                                      24, 44, 24, 46, 26, 46, 26, 44, 24, 44,  // hole
                                      32, 40, 34, 40, 34, 42, 32, 40};         // second polygon
    EXPECT_EQ(d.lonlat.xy, want);
    EXPECT_EQ(d.lonlat.featureId, (std::vector<uint32_t>{0}));
    EXPECT_EQ(d.extent.minX, 20);
    EXPECT_EQ(d.extent.maxX, 34);
    EXPECT_EQ(d.extent.minY, 40);
    EXPECT_EQ(d.extent.maxY, 50);
    ASSERT_GE(d.fieldIndex("NAME"), 0);
    EXPECT_EQ(d.value(0, static_cast<size_t>(d.fieldIndex("name"))), "lake country");
    EXPECT_EQ(d.value(0, static_cast<size_t>(d.fieldIndex("code"))), "7");
    EXPECT_EQ(log.count(Severity::Warning), 0u);
    EXPECT_EQ(log.count(Severity::Error), 0u);
}

TEST_F(VectorReaderTest, MixedGeometryTypesGiveOneLayerPerKindWithAlignedAttributes) {
    const std::string path = memGeoJson("mixed.geojson", R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"name":"p1"},"geometry":{"type":"Point","coordinates":[30,50]}},
      {"type":"Feature","properties":{"name":"l1"},"geometry":{"type":"LineString","coordinates":[[30,50],[31,51]]}},
      {"type":"Feature","properties":{"name":"a1"},"geometry":{"type":"Polygon","coordinates":[[[30,50],[31,50],[31,51],[30,50]]]}},
      {"type":"Feature","properties":{"name":"gc"},"geometry":{"type":"GeometryCollection","geometries":[
        {"type":"Point","coordinates":[32,52]},
        {"type":"Polygon","coordinates":[[[32,52],[33,52],[33,53],[32,52]]]}]}},
      {"type":"Feature","properties":{"name":"mp"},"geometry":{"type":"MultiPoint","coordinates":[[34,54],[35,55]]}}]})");
    MessageLog log;
    auto layers = readVectorSource(path, log);
    ASSERT_EQ(layers.size(), 3u);
    const LayerData& points = *layers[0];
    const LayerData& lines = *layers[1];
    const LayerData& polys = *layers[2];
    EXPECT_EQ(points.lonlat.kind, GeomKind::Point);
    EXPECT_EQ(lines.lonlat.kind, GeomKind::Line);
    EXPECT_EQ(polys.lonlat.kind, GeomKind::Polygon);

    // Rows: 0 p1, 1 l1, 2 a1, 3 gc (point + polygon), 4 mp (two points).
    EXPECT_EQ(points.lonlat.featureId, (std::vector<uint32_t>{0, 3, 4}));
    EXPECT_EQ(points.lonlat.partCount(), 4u);
    EXPECT_EQ(points.lonlat.xy, (std::vector<double>{30, 50, 32, 52, 34, 54, 35, 55}));
    EXPECT_EQ(lines.lonlat.featureId, (std::vector<uint32_t>{1}));
    EXPECT_EQ(polys.lonlat.featureId, (std::vector<uint32_t>{2, 3}));

    const int pf = points.fieldIndex("name");
    ASSERT_GE(pf, 0);
    EXPECT_EQ(points.value(0, static_cast<size_t>(pf)), "p1");
    EXPECT_EQ(points.value(1, static_cast<size_t>(pf)), "gc");
    EXPECT_EQ(points.value(2, static_cast<size_t>(pf)), "mp");
    EXPECT_EQ(lines.value(0, static_cast<size_t>(lines.fieldIndex("name"))), "l1");
    EXPECT_EQ(polys.value(0, static_cast<size_t>(polys.fieldIndex("name"))), "a1");
    EXPECT_EQ(polys.value(1, static_cast<size_t>(polys.fieldIndex("name"))), "gc");

    // Each says which kind it is, and all come from the one layer of five features.
    for (const auto& d : layers) {
        EXPECT_TRUE(contains(d->title, geomKindName(d->lonlat.kind))) << d->title;
        EXPECT_EQ(d->featuresInSource, 5u);
        EXPECT_EQ(d->featuresSkipped, 0u);
    }
    EXPECT_EQ(log.count(Severity::Warning), 0u);
}

// --- Reprojection and containers -----------------------------------------------------------------------------

TEST_F(VectorReaderTest, GeoPackageInWebMercatorComesBackInLonLat) {
    const std::string path = tempPath("mercator.gpkg");
    struct Pt {
        const char* name;
        double x, y;
    };
    const Pt pts[] = {{"a", 3400000.0, 6500000.0}, {"b", 4000000.0, 6750000.0}, {"c", -1000000.0, -2000000.0}};
    {
        GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
        ASSERT_NE(drv, nullptr);
        GDALDatasetUniquePtr ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        ASSERT_TRUE(ds);
        OGRSpatialReference srs;
        ASSERT_EQ(srs.importFromEPSG(3857), OGRERR_NONE);
        OGRLayer* layer = ds->CreateLayer("places", &srs, wkbPoint, nullptr);
        ASSERT_NE(layer, nullptr);
        OGRFieldDefn field("name", OFTString);
        ASSERT_EQ(layer->CreateField(&field), OGRERR_NONE);
        for (const Pt& p : pts) {
            OGRFeature f(layer->GetLayerDefn());
            f.SetField("name", p.name);
            OGRPoint g(p.x, p.y);
            f.SetGeometry(&g);
            ASSERT_EQ(layer->CreateFeature(&f), OGRERR_NONE);
        }
    }
    MessageLog log;
    auto layers = readVectorSource(path, log);
    ASSERT_EQ(layers.size(), 1u);
    const LayerData& d = *layers[0];
    EXPECT_EQ(d.driver, "GPKG");
    EXPECT_EQ(d.layerName, "places");
    EXPECT_TRUE(contains(d.crsName, "Pseudo-Mercator")) << d.crsName;
    ASSERT_EQ(d.featureCount(), 3u);
    for (size_t i = 0; i < 3; ++i) {
        // Inverse spherical Mercator.
        const double lon = pts[i].x / kR * 180.0 / kPi;
        const double lat = (2.0 * std::atan(std::exp(pts[i].y / kR)) - kPi / 2.0) * 180.0 / kPi;
        EXPECT_NEAR(d.lonlat.xy[2 * i], lon, 1e-9) << pts[i].name;
        EXPECT_NEAR(d.lonlat.xy[2 * i + 1], lat, 1e-9) << pts[i].name;
        EXPECT_EQ(d.value(i, 0), pts[i].name);
    }
    EXPECT_EQ(log.count(Severity::Warning), 0u);
    EXPECT_EQ(log.count(Severity::Error), 0u);
}

// Writes a one-polygon Shapefile (with .prj) through GDAL into `dir` and packs its files into `zipPath` through
// GDAL's /vsizip/ writer, so the test needs no zip tool.
void writeZippedShapefile(const fs::path& dir, const std::string& zipPath) {
    const std::string shp = (dir / "regions.shp").string();
    {
        GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
        ASSERT_NE(drv, nullptr);
        GDALDatasetUniquePtr ds(drv->Create(shp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        ASSERT_TRUE(ds);
        OGRSpatialReference srs;
        ASSERT_EQ(srs.importFromEPSG(4326), OGRERR_NONE);
        OGRLayer* layer = ds->CreateLayer("regions", &srs, wkbPolygon, nullptr);
        ASSERT_NE(layer, nullptr);
        OGRFieldDefn field("region", OFTString);
        ASSERT_EQ(layer->CreateField(&field), OGRERR_NONE);
        OGRFeature f(layer->GetLayerDefn());
        f.SetField("region", "Donbas");
        OGRLinearRing ring;
        for (auto [x, y] : {std::pair{37.0, 47.0}, {37.0, 49.0}, {40.0, 49.0}, {40.0, 47.0}, {37.0, 47.0}}) ring.addPoint(x, y);
        OGRPolygon poly;
        poly.addRing(&ring);
        f.SetGeometry(&poly);
        ASSERT_EQ(layer->CreateFeature(&f), OGRERR_NONE);
    }
    for (const char* ext : {".shp", ".shx", ".dbf", ".prj"}) {
        std::ifstream in(dir / (std::string("regions") + ext), std::ios::binary);
        ASSERT_TRUE(in) << ext;
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const std::string member = "/vsizip/" + zipPath + "/regions" + ext;
        VSILFILE* out = VSIFOpenL(member.c_str(), "wb");
        ASSERT_NE(out, nullptr) << member;
        ASSERT_EQ(VSIFWriteL(bytes.data(), 1, bytes.size(), out), bytes.size());
        VSIFCloseL(out);
    }
}

TEST_F(VectorReaderTest, ZippedShapefileOpensByItsPlainZipPath) {
    const fs::path shpDir = m_dir / "shp";
    fs::create_directories(shpDir);
    for (const std::string name : {"regions.zip", "regions.shp.zip"}) {
        const std::string zip = tempPath(name);
        writeZippedShapefile(shpDir, zip);
        ASSERT_TRUE(fs::exists(zip));
        EXPECT_EQ(gdalPathFor(zip), "/vsizip/" + zip);
        MessageLog log;
        auto layers = readVectorSource(zip, log);
        ASSERT_EQ(layers.size(), 1u) << name;
        const LayerData& d = *layers[0];
        EXPECT_EQ(d.source, zip);
        EXPECT_EQ(d.driver, "ESRI Shapefile");
        ASSERT_EQ(d.featureCount(), 1u);
        ASSERT_EQ(d.lonlat.partCount(), 1u);
        const BBox b = d.lonlat.bounds();
        EXPECT_NEAR(b.minX, 37.0, 1e-12);
        EXPECT_NEAR(b.maxX, 40.0, 1e-12);
        EXPECT_NEAR(b.minY, 47.0, 1e-12);
        EXPECT_NEAR(b.maxY, 49.0, 1e-12);
        EXPECT_EQ(d.value(0, static_cast<size_t>(d.fieldIndex("region"))), "Donbas");
        EXPECT_EQ(log.count(Severity::Error), 0u);
    }
}

TEST_F(VectorReaderTest, CsvWithWktColumnAndNoCrsLoadsAsLonLatWithAWarning) {
    const std::string path = memPath("wkt.csv");
    writeVsiMem(path, "WKT,name\n\"POINT (30.5234 50.4501)\",Kyiv\n\"POINT (36.1873 51.7304)\",Kursk\n");
    MessageLog log;
    auto layers = readVectorSource(path, log);
    ASSERT_EQ(layers.size(), 1u);
    const LayerData& d = *layers[0];
    EXPECT_EQ(d.driver, "CSV");
    EXPECT_EQ(d.lonlat.xy, (std::vector<double>{30.5234, 50.4501, 36.1873, 51.7304}));
    EXPECT_EQ(d.value(1, static_cast<size_t>(d.fieldIndex("name"))), "Kursk");
    const auto warnings = messagesAbout(log, path, Severity::Warning);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_TRUE(contains(warnings[0], "no CRS")) << warnings[0];
    EXPECT_TRUE(contains(warnings[0], "WGS 84 was assumed")) << warnings[0];
}

// What we found: GDAL's CSV driver recognises no coordinate columns unless told their names (X_POSSIBLE_NAMES /
// Y_POSSIBLE_NAMES open options), and readVectorSource passes none, so `longitude,latitude` and `x,y` columns both
// come back as plain text fields. Every row is then "without geometry", and the layer is reported as unusable.
// CSV files with coordinate columns under the usual names open as point layers (the reader tells GDAL's CSV
// driver which names to look for; on its own it finds none).
TEST_F(VectorReaderTest, CsvWithLongitudeLatitudeColumnsOpensAsPoints) {
    for (const char* header : {"longitude,latitude,name", "x,y,name", "lon,lat,name"}) {
        const std::string path = memPath(std::string(header).substr(0, 3) + "_columns.csv");
        writeVsiMem(path, std::string(header) + "\n30.5234,50.4501,Kyiv\n36.1873,51.7304,Kursk\n");
        MessageLog log;
        auto layers = readVectorSource(path, log);
        ASSERT_EQ(layers.size(), 1u) << header;
        const LayerData& d = *layers[0];
        EXPECT_EQ(d.lonlat.kind, GeomKind::Point) << header;
        ASSERT_EQ(d.featureCount(), 2u) << header;
        EXPECT_NEAR(d.lonlat.xy[0], 30.5234, 1e-9) << header;
        EXPECT_NEAR(d.lonlat.xy[1], 50.4501, 1e-9) << header;
        EXPECT_NEAR(d.lonlat.xy[2], 36.1873, 1e-9) << header;
        EXPECT_NEAR(d.lonlat.xy[3], 51.7304, 1e-9) << header;
        EXPECT_EQ(messagesAbout(log, path, Severity::Error).size(), 0u) << header;
    }
}

// --- Sources that cannot be opened: fm::Error naming the path ------------------------------------------------

void expectOpenErrorNaming(const std::string& path) {
    MessageLog log;
    try {
        readVectorSource(path, log);
        ADD_FAILURE() << path << " was read without an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.subject(), path);
        EXPECT_TRUE(contains(e.what(), path)) << e.what();
        EXPECT_TRUE(contains(e.reason(), "cannot open")) << e.reason();
    }
    EXPECT_THROW(listVectorLayers(path), Error) << path;
}

TEST_F(VectorReaderTest, RandomBytesThrowErrorNamingTheFile) {
    const std::string path = tempPath("noise.geojson");
    std::mt19937 rng(12345);
    std::string bytes(4096, '\0');
    for (char& c : bytes) c = static_cast<char>(rng() & 0xff);
    std::ofstream(path, std::ios::binary) << bytes;
    expectOpenErrorNaming(path);
}

TEST_F(VectorReaderTest, ZeroByteGeoJsonThrowsErrorNamingTheFile) {
    const std::string path = tempPath("empty.geojson");
    std::ofstream(path, std::ios::binary).flush();
    ASSERT_TRUE(fs::exists(path));
    expectOpenErrorNaming(path);
}

TEST_F(VectorReaderTest, MissingFileThrowsErrorNamingTheFile) { expectOpenErrorNaming(tempPath("no_such_file.geojson")); }

TEST_F(VectorReaderTest, MissingZipThrowsErrorNamingThePathAsGiven) { expectOpenErrorNaming(tempPath("no_such.shp.zip")); }

// --- Bad features: skipped, counted, reported; the rest loads -------------------------------------------------

TEST_F(VectorReaderTest, NonFiniteAndOutOfRangeFeaturesAreSkippedAndCountedWhileTheRestLoads) {
    // GeoJSON can hold neither NaN nor Infinity, so the fixture is a GeoPackage (WKB doubles can).
    const std::string path = tempPath("bad_features.gpkg");
    struct Row {
        const char* name;
        double badX, badY;  // replaces the third vertex of the square
    };
    const Row rows[] = {{"good west", 31, 51}, {"nan", kNaN, 51}, {"infinity", 31, kInf},
                        {"lat 95", 31, 95},     {"good east", 31, 51}};
    {
        GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
        ASSERT_NE(drv, nullptr);
        GDALDatasetUniquePtr ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        ASSERT_TRUE(ds);
        OGRSpatialReference srs;
        ASSERT_EQ(srs.importFromEPSG(4326), OGRERR_NONE);
        OGRLayer* layer = ds->CreateLayer("areas", &srs, wkbPolygon, nullptr);
        ASSERT_NE(layer, nullptr);
        OGRFieldDefn field("name", OFTString);
        ASSERT_EQ(layer->CreateField(&field), OGRERR_NONE);
        double x0 = 30;
        for (const Row& r : rows) {
            OGRFeature f(layer->GetLayerDefn());
            f.SetField("name", r.name);
            OGRLinearRing ring;
            ring.addPoint(x0, 50);
            ring.addPoint(x0 + 1, 50);
            ring.addPoint(r.badX + (x0 - 30), r.badY);
            ring.addPoint(x0, 51);
            ring.addPoint(x0, 50);
            OGRPolygon poly;
            poly.addRing(&ring);
            f.SetGeometry(&poly);
            ASSERT_EQ(layer->CreateFeature(&f), OGRERR_NONE) << r.name;
            x0 += 2;
        }
    }
    MessageLog log;
    auto layers = readVectorSource(path, log);
    ASSERT_EQ(layers.size(), 1u);
    const LayerData& d = *layers[0];
    EXPECT_EQ(d.featuresInSource, 5u);
    EXPECT_EQ(d.featuresSkipped, 3u);
    ASSERT_EQ(d.featureCount(), 2u);
    EXPECT_EQ(d.lonlat.featureId, (std::vector<uint32_t>{0, 4}));
    EXPECT_EQ(d.value(0, 0), "good west");
    EXPECT_EQ(d.value(1, 0), "good east");
    EXPECT_EQ(d.lonlat.vertexCount(), 10u);  // only the two good squares
    for (double v : d.lonlat.xy) EXPECT_TRUE(std::isfinite(v));
    EXPECT_NEAR(d.lonlat.featureBounds(1).minX, 38.0, 1e-12);

    const auto warnings = messagesAbout(log, path, Severity::Warning);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0],
              "3 of 5 features skipped: 1 features with coordinates outside lon -540..540 / lat -90..90 (first at feature 4); "
              "2 features with non-finite (NaN/infinite) coordinates (first at feature 2)");
    EXPECT_EQ(log.count(Severity::Error), 0u);
}

TEST_F(VectorReaderTest, EmptyLayerGivesLayerIsEmptyWarningAndNoData) {
    const std::string path = memGeoJson("empty_layer.geojson", R"({"type":"FeatureCollection","features":[]})");
    MessageLog log;
    auto layers = readVectorSource(path, log);
    EXPECT_TRUE(layers.empty());
    const auto warnings = messagesAbout(log, path, Severity::Warning);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0], "layer is empty");
    EXPECT_EQ(log.count(Severity::Error), 0u);
}

TEST_F(VectorReaderTest, NoCrsLayerWithProjectedCoordinatesIsRejectedWithAMessage) {
    // UTM-like eastings/northings in a CSV, which carries no CRS.
    const std::string path = memPath("utm_no_crs.csv");
    writeVsiMem(path, "WKT,name\n\"POINT (500000 5590000)\",a\n\"POINT (412000 5700000)\",b\n\"POINT (650000 5300000)\",c\n");
    MessageLog log;
    auto layers = readVectorSource(path, log);
    EXPECT_TRUE(layers.empty());
    // One error that names the problem and the remedy; no false "WGS 84 assumed" claim.
    const auto errors = messagesAbout(log, path, Severity::Error);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_TRUE(contains(errors[0], "has no CRS and its coordinates are not longitude/latitude")) << errors[0];
    EXPECT_TRUE(contains(errors[0], "3 features whose coordinates are not lon/lat")) << errors[0];
    for (const Message& m : log.snapshot()) EXPECT_FALSE(contains(m.text, "WGS 84 was assumed")) << m.text;
}

TEST_F(VectorReaderTest, NoCrsLayerIsRejectedWhenLonLatAssumptionIsTurnedOff) {
    const std::string path = memPath("no_crs_strict.csv");
    writeVsiMem(path, "WKT,name\n\"POINT (30 50)\",a\n");
    MessageLog log;
    VectorReadOptions opt;
    opt.assumeLonLatWhenUnknown = false;
    EXPECT_TRUE(readVectorSource(path, log, nullptr, opt).empty());
    const auto errors = messagesAbout(log, path, Severity::Error);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_TRUE(contains(errors[0], "has no CRS")) << errors[0];
}

// Was a bug (src/sources/vector_reader.cpp, readVectorSource, the `checkLonLat` handling): VectorReadOptions documents
// "assume lon/lat if every coordinate fits, otherwise reject the layer", but the reader rejects only the features
// that do not fit, keeps the rest as lon/lat, and then tells the user "coordinates fit lon/lat, so WGS 84 was
// assumed" although it has just skipped features because they did not. A UTM layer with one stray small
// coordinate pair thus shows that pair as a point near the Gulf of Guinea. This test pins the documented contract
// and fails until the reader follows it.
TEST_F(VectorReaderTest, NoCrsLayerWithSomeNonLonLatCoordinatesIsRejectedAsAWhole) {
    const std::string path = memPath("mixed_no_crs.csv");
    writeVsiMem(path, "WKT,name\n\"POINT (500000 5590000)\",a\n\"POINT (3 5)\",b\n\"POINT (650000 5300000)\",c\n");
    MessageLog log;
    auto layers = readVectorSource(path, log);
    EXPECT_TRUE(layers.empty()) << "the layer was loaded with " << (layers.empty() ? 0 : layers[0]->featureCount())
                                << " feature(s) taken as lon/lat";
    for (const Message& m : log.snapshot())
        EXPECT_FALSE(contains(m.text, "coordinates fit lon/lat")) << "false claim: " << m.text;
    EXPECT_GE(messagesAbout(log, path, Severity::Error).size(), 1u);
}

// --- Antimeridian: what the reader gives the projector ----------------------------------------------------------

ProjectedGeometry readAndProjectInWebMercator(const std::string& path) {
    MessageLog log;
    auto layers = readVectorSource(path, log);
    EXPECT_EQ(layers.size(), 1u);
    if (layers.empty()) return {};
    const Projection p = Projection::create("EPSG:3857");
    auto t = p.makeTransformer();
    return projectGeometry(layers[0]->lonlat, p, *t);
}

void expectSplitAtBothMapEdges(const ProjectedGeometry& pg) {
    const double edge = kR * kPi;  // x of ±180°
    ASSERT_EQ(pg.xy.featureCount(), 1u);
    ASSERT_EQ(pg.xy.partCount(), 2u);
    EXPECT_EQ(pg.featuresClipped, 1u);
    EXPECT_EQ(pg.featuresFailed, 0u);
    int east = -1, west = -1;
    for (size_t p = 0; p < 2; ++p) {
        double lo = 1e300, hi = -1e300;
        for (uint32_t v = pg.xy.partStart[p]; v < pg.xy.partStart[p + 1]; ++v) {
            const double x = pg.xy.xy[2 * v];
            // Nothing smears into the middle of the map.
            EXPECT_GE(std::fabs(x), 1.5e7) << "vertex " << v << " x=" << x;
            lo = std::min(lo, x);
            hi = std::max(hi, x);
        }
        if (lo > 0) {
            east = static_cast<int>(p);
            EXPECT_NEAR(hi, edge, 1.0);             // reaches the east edge
            EXPECT_NEAR(lo, kR * 170.0 * kPi / 180.0, 1e-3);
        } else if (hi < 0) {
            west = static_cast<int>(p);
            EXPECT_NEAR(lo, -edge, 1.0);            // and the west edge
            EXPECT_NEAR(hi, kR * -170.0 * kPi / 180.0, 1e-3);
        }
        EXPECT_FALSE(pg.xy.partIsHole[p]);
        // Exterior rings come out counter-clockwise.
        EXPECT_GT(ringSignedArea(pg.xy.xy.data() + 2 * pg.xy.partStart[p], pg.xy.partStart[p + 1] - pg.xy.partStart[p]), 0.0);
    }
    EXPECT_GE(east, 0) << "no piece entirely east of 0";
    EXPECT_GE(west, 0) << "no piece entirely west of 0";
}

TEST_F(VectorReaderTest, AntimeridianPolygonJumpingFrom170ToMinus170SplitsAtBothMapEdges) {
    const std::string naive = memGeoJson("antimeridian_naive.geojson", R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[
        [[170,10],[-170,10],[-170,20],[170,20],[170,10]]]}}]})");
    const ProjectedGeometry a = readAndProjectInWebMercator(naive);
    expectSplitAtBothMapEdges(a);

    // The same polygon with continuous longitudes past 180 projects to the same pieces.
    const std::string continuous = memGeoJson("antimeridian_190.geojson", R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[
        [[170,10],[190,10],[190,20],[170,20],[170,10]]]}}]})");
    const ProjectedGeometry b = readAndProjectInWebMercator(continuous);
    expectSplitAtBothMapEdges(b);
    ASSERT_EQ(a.xy.xy.size(), b.xy.xy.size());
    for (size_t i = 0; i < a.xy.xy.size(); ++i) EXPECT_NEAR(a.xy.xy[i], b.xy.xy[i], 1e-6) << i;
    EXPECT_EQ(a.xy.partStart, b.xy.partStart);
}

// --- Crimea ----------------------------------------------------------------------------------------------------

// A countries layer shaped like Natural Earth's: Russia's multipolygon has a mainland part and a part around
// (34.3E, 45.3N) whose north edge (y = 45.8, 33.8..34.8E) is shared with Ukraine.
LayerDataPtr syntheticCountries() {
    auto d = std::make_shared<LayerData>();
    d->source = "synthetic";
    d->fieldNames = {"name"};
    d->lonlat.kind = GeomKind::Polygon;
    auto ring = [&](double x0, double y0, double x1, double y1) {
        for (auto [x, y] : {std::pair{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}) d->lonlat.addVertex(x, y);
        d->lonlat.endPart(false);
    };
    ring(37.0, 50.0, 40.0, 53.0);  // Russia, mainland
    ring(33.8, 44.8, 34.8, 45.8);  // Russia's second part: "Crimea"
    d->lonlat.endFeature(0);
    d->values.push_back("Russia");
    ring(30.0, 45.8, 36.0, 50.0);  // Ukraine, north of it
    d->lonlat.endFeature(1);
    d->values.push_back("Ukraine");
    d->extent = d->lonlat.bounds();
    return d;
}

bool featureContains(const LayerData& d, int feature, double lon, double lat) {
    auto g = featureToOgr(d.lonlat, static_cast<size_t>(feature));
    OGRPoint pt(lon, lat);
    return g->Contains(&pt);
}

TEST(CrimeaSplit, CrimeanPartMovesToUkraineDeJureAndStaysInRussiaDeFacto) {
    const LayerDataPtr countries = syntheticCountries();
    const CrimeaSplit s = splitCrimea(countries);
    ASSERT_TRUE(s.found);
    ASSERT_TRUE(s.deJure && s.deFacto && s.borders && s.disputed);
    const int ru = findCountry(*s.deJure, "Russia", "643", "RUS");
    const int ua = findCountry(*s.deJure, "Ukraine", "804", "UKR");
    ASSERT_EQ(ru, 0);
    ASSERT_EQ(ua, 1);
    ASSERT_EQ(s.deJure->featureCount(), 2u);
    EXPECT_EQ(s.deJure->values, countries->values);

    // De jure: the point is in Ukraine, not in Russia; Russia keeps its mainland.
    EXPECT_TRUE(featureContains(*s.deJure, ua, 34.3, 45.3));
    EXPECT_FALSE(featureContains(*s.deJure, ru, 34.3, 45.3));
    EXPECT_TRUE(featureContains(*s.deJure, ru, 38.5, 51.5));
    EXPECT_TRUE(featureContains(*s.deJure, ua, 33.0, 48.0));
    // Sharing an edge, the two pieces merge into one ring.
    EXPECT_EQ(s.deJure->lonlat.featureStart[ua + 1] - s.deJure->lonlat.featureStart[ua], 1u);

    // De facto: as the data has it.
    EXPECT_EQ(s.deFacto, countries);
    EXPECT_TRUE(featureContains(*s.deFacto, ru, 34.3, 45.3));
    EXPECT_FALSE(featureContains(*s.deFacto, ua, 34.3, 45.3));

    // The disputed line runs along the shared edge: y = 45.8 from 33.8 to 34.8 (plus at most the 0.002° the
    // search buffer catches of the part's sides).
    const GeometryColumn& line = s.disputed->lonlat;
    EXPECT_EQ(line.kind, GeomKind::Line);
    ASSERT_GT(line.vertexCount(), 1u);
    double length = 0.0;
    for (size_t p = 0; p < line.partCount(); ++p)
        for (uint32_t v = line.partStart[p] + 1; v < line.partStart[p + 1]; ++v)
            length += std::hypot(line.xy[2 * v] - line.xy[2 * v - 2], line.xy[2 * v + 1] - line.xy[2 * v - 1]);
    for (size_t v = 0; v < line.vertexCount(); ++v) {
        EXPECT_NEAR(line.xy[2 * v + 1], 45.8, 0.0021) << v;
        EXPECT_GE(line.xy[2 * v], 33.8 - 1e-9) << v;
        EXPECT_LE(line.xy[2 * v], 34.8 + 1e-9) << v;
    }
    EXPECT_NEAR(length, 1.0, 0.005);

    // Borders are outlines of the de jure countries, one feature per country.
    EXPECT_EQ(s.borders->lonlat.kind, GeomKind::Line);
    EXPECT_EQ(s.borders->featureCount(), 2u);
}

TEST(CrimeaSplit, LayerWithoutRussiaIsLeftAsItIs) {
    auto d = std::make_shared<LayerData>();
    d->fieldNames = {"name"};
    d->lonlat.kind = GeomKind::Polygon;
    for (auto [x, y] : {std::pair{30.0, 45.0}, {36.0, 45.0}, {36.0, 50.0}, {30.0, 45.0}}) d->lonlat.addVertex(x, y);
    d->lonlat.endPart(false);
    d->lonlat.endFeature(0);
    d->values.push_back("Ukraine");
    const LayerDataPtr countries = d;
    const CrimeaSplit s = splitCrimea(countries);
    EXPECT_FALSE(s.found);
    EXPECT_EQ(s.deJure, countries);
    EXPECT_EQ(s.deFacto, countries);
}

}  // namespace
}  // namespace fm
