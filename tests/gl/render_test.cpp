// Rendering tests: fixture layers drawn offscreen through the same MapScene/MapRenderer/renderSnapshot path the
// window and the exporter use, in a headless EGL context with no X server, and checked pixel by pixel at places
// computed through the camera's own maths (Camera::mapToScreen of the projected point), never hard-coded.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/gl_context.h"
#include "core/error.h"
#include "export/image_writer.h"
#include "export/snapshot.h"
#include "render/map_renderer.h"
#include "render/map_scene.h"
#include "sources/projection.h"
#include "sources/vector_reader.h"

namespace fm {
namespace {

namespace fs = std::filesystem;

// Proves the headless path needs no X server: DISPLAY (and Wayland's) are gone before any context is made.
class NoDisplayEnvironment : public ::testing::Environment {
public:
    void SetUp() override {
        ::unsetenv("DISPLAY");
        ::unsetenv("WAYLAND_DISPLAY");
    }
};
[[maybe_unused]] ::testing::Environment* const kNoDisplay = ::testing::AddGlobalTestEnvironment(new NoDisplayEnvironment);

const Color kFill = Color::rgb(0xc0, 0x30, 0x20);
const Color kLine = Color::rgb(0x20, 0x40, 0xc0);

struct Ring {
    std::vector<std::pair<double, double>> pts;  // lon, lat; closed by the helper
    bool hole = false;
};

// A one-feature layer (polygon or line) from rings/lines given as lon/lat.
LayerDataPtr layerOf(GeomKind kind, const std::vector<Ring>& parts) {
    auto d = std::make_shared<LayerData>();
    d->source = "fixture";
    d->title = "fixture";
    d->lonlat.kind = kind;
    for (const Ring& r : parts) {
        for (auto [x, y] : r.pts) d->lonlat.addVertex(x, y);
        if (kind == GeomKind::Polygon) d->lonlat.addVertex(r.pts.front().first, r.pts.front().second);
        d->lonlat.endPart(r.hole);
    }
    d->lonlat.endFeature(0);
    d->extent = d->lonlat.bounds();
    return d;
}

Ring box(double x0, double y0, double x1, double y1, bool hole = false) {
    return Ring{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}, hole};
}

LayerStyle opaqueFillNoStroke() {
    LayerStyle s = defaultUserStyle(GeomKind::Polygon, 0);
    s.fill = kFill;
    s.opacity = 1.f;
    s.strokeEnabled = false;
    return s;
}

// One GL context and renderer for the whole suite (context creation is the slow part).
class RenderTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        try {
            s_context = std::make_unique<HeadlessContext>();
            s_renderer = std::make_unique<MapRenderer>();
        } catch (const Error& e) {
            s_failure = e.what();
        }
    }
    static void TearDownTestSuite() {
        s_renderer.reset();
        s_context.reset();
    }
    void SetUp() override {
        ASSERT_EQ(std::getenv("DISPLAY"), nullptr);
        ASSERT_TRUE(s_renderer) << "no headless GL 3.3 context: " << s_failure;
    }

    struct Rendered {
        Image image;
        Camera camera;
        std::unique_ptr<Transformer> transformer;
        Color ocean;
        Color outside;
    };

    // Draws `layers` (user layers, bottom to top) in `crs`, framed exactly on the lon/lat box.
    static Rendered render(const std::vector<std::pair<LayerDataPtr, LayerStyle>>& layers, const BBox& lonlatFrame,
                           int samples, int width = 400, int height = 300, const std::string& crs = "EPSG:3857") {
        const Projection p = Projection::create(crs);
        MapScene scene;
        scene.showLabels = false;
        scene.showGraticule = false;
        for (const auto& [data, style] : layers) scene.addLayer(LayerRole::User, "fixture", data, style);
        scene.buildAll(p, ProjectOptions{});
        SnapshotSpec spec;
        spec.width = width;
        spec.height = height;
        spec.pixelRatio = 1.f;
        spec.samples = samples;
        spec.camera.width = width;
        spec.camera.height = height;
        spec.camera.fitExact(projectLonLatBox(lonlatFrame, p));
        Rendered r;
        r.image = renderSnapshot(scene, *s_renderer, nullptr, p.definition(), spec);
        r.camera = spec.camera;
        r.transformer = p.makeTransformer();
        r.ocean = scene.oceanColor;
        r.outside = scene.outsideColor;
        return r;
    }

    static std::unique_ptr<HeadlessContext> s_context;
    static std::unique_ptr<MapRenderer> s_renderer;
    static std::string s_failure;
};
std::unique_ptr<HeadlessContext> RenderTest::s_context;
std::unique_ptr<MapRenderer> RenderTest::s_renderer;
std::string RenderTest::s_failure;

int to8(float c) { return static_cast<int>(std::lround(c * 255.f)); }

std::string describe(const uint8_t* px) {
    std::ostringstream s;
    s << "rgb(" << int(px[0]) << "," << int(px[1]) << "," << int(px[2]) << ")";
    return s.str();
}

bool near(const uint8_t* px, const Color& c, int tol = 2) {
    return std::abs(px[0] - to8(c.r)) <= tol && std::abs(px[1] - to8(c.g)) <= tol && std::abs(px[2] - to8(c.b)) <= tol;
}

struct Pixel {
    int x = -1, y = -1;
};

// The image pixel under a lon/lat, through the projection and the camera the image was drawn with.
Pixel pixelOf(const Camera& cam, const Transformer& t, double lon, double lat) {
    double x = 0, y = 0;
    EXPECT_TRUE(t.forward(lon, lat, x, y)) << lon << "," << lat;
    const Vec2 s = cam.mapToScreen(x, y);
    return {static_cast<int>(std::floor(s.x)), static_cast<int>(std::floor(s.y))};
}

void expectColorAt(const Image& img, Pixel p, const Color& want, const std::string& what) {
    ASSERT_TRUE(p.x >= 0 && p.y >= 0 && p.x < img.width && p.y < img.height) << what << " at " << p.x << "," << p.y;
    const uint8_t* px = img.pixel(p.x, p.y);
    EXPECT_TRUE(near(px, want)) << what << " at pixel " << p.x << "," << p.y << ": got " << describe(px) << ", want rgb("
                                << to8(want.r) << "," << to8(want.g) << "," << to8(want.b) << ")";
}

TEST_F(RenderTest, PolygonWithHoleFillsRingAndLeavesHoleAndOutsideAsOcean) {
    // Square 20..30E x 40..50N with a hole 24..26E x 44..46N.
    const auto data = layerOf(GeomKind::Polygon, {box(20, 40, 30, 50), box(24, 44, 26, 46, true)});
    for (int samples : {0, 4}) {
        SCOPED_TRACE("samples=" + std::to_string(samples));
        const Rendered r = render({{data, opaqueFillNoStroke()}}, BBox::of(15, 35, 35, 55), samples);
        ASSERT_EQ(r.image.width, 400);
        ASSERT_EQ(r.image.height, 300);
        const Camera& c = r.camera;
        const Transformer& t = *r.transformer;
        for (auto [lon, lat] : {std::pair{21.0, 41.0}, {29.0, 49.0}, {22.0, 45.0}, {28.0, 45.0}, {25.0, 42.0}, {25.0, 48.0}})
            expectColorAt(r.image, pixelOf(c, t, lon, lat), kFill, "polygon ring");
        for (auto [lon, lat] : {std::pair{25.0, 45.0}, {24.5, 44.5}, {25.5, 45.5}})
            expectColorAt(r.image, pixelOf(c, t, lon, lat), r.ocean, "hole");
        for (auto [lon, lat] : {std::pair{17.0, 45.0}, {33.0, 45.0}, {25.0, 37.0}, {25.0, 53.0}})
            expectColorAt(r.image, pixelOf(c, t, lon, lat), r.ocean, "outside");
    }
}

TEST_F(RenderTest, MultipolygonPartsAndIslandInLakeEachGetTheRightColour) {
    // One feature: part A (16..26 x 38..48) with a lake (18..24 x 40..46), an island in the lake (20..22 x 42..44),
    // and a separate part B (29..34 x 40..45).
    const auto data = layerOf(GeomKind::Polygon,
                              {box(16, 38, 26, 48), box(18, 40, 24, 46, true), box(20, 42, 22, 44), box(29, 40, 34, 45)});
    const Rendered r = render({{data, opaqueFillNoStroke()}}, BBox::of(14, 36, 36, 50), 0);
    const Camera& c = r.camera;
    const Transformer& t = *r.transformer;
    expectColorAt(r.image, pixelOf(c, t, 17.0, 39.0), kFill, "part A's ring");
    expectColorAt(r.image, pixelOf(c, t, 25.0, 47.0), kFill, "part A's ring");
    expectColorAt(r.image, pixelOf(c, t, 19.0, 41.0), r.ocean, "lake");
    expectColorAt(r.image, pixelOf(c, t, 23.0, 45.0), r.ocean, "lake");
    expectColorAt(r.image, pixelOf(c, t, 21.0, 43.0), kFill, "island in the lake");
    expectColorAt(r.image, pixelOf(c, t, 31.5, 42.5), kFill, "part B");
    expectColorAt(r.image, pixelOf(c, t, 27.5, 43.0), r.ocean, "between the parts");
    expectColorAt(r.image, pixelOf(c, t, 31.5, 47.0), r.ocean, "north of part B");
}

TEST_F(RenderTest, AntimeridianPolygonPaintsBothMapEdgesAndNothingInTheMiddle) {
    // A ring that jumps from 170 to -170, as naive data has it.
    const auto data = layerOf(GeomKind::Polygon, {Ring{{{170, 10}, {-170, 10}, {-170, 20}, {170, 20}}, false}});
    const Rendered r = render({{data, opaqueFillNoStroke()}}, BBox::of(-180, -80, 180, 80), 0);
    const Camera& c = r.camera;
    const Transformer& t = *r.transformer;
    // Nothing of the polygon's colour between 150W and 150E, in any row.
    const Pixel west150 = pixelOf(c, t, -150.0, 0.0), east150 = pixelOf(c, t, 150.0, 0.0);
    ASSERT_LT(west150.x, r.image.width / 2);
    ASSERT_GT(east150.x, r.image.width / 2);
    int smeared = 0;
    for (int y = 0; y < r.image.height; ++y)
        for (int x = west150.x; x <= east150.x; ++x) smeared += near(r.image.pixel(x, y), kFill, 8);
    EXPECT_EQ(smeared, 0) << "pixels of the polygon's colour in the middle of the map";
    for (int y = 0; y < r.image.height; ++y)
        EXPECT_FALSE(near(r.image.pixel(r.image.width / 2, y), kFill, 8)) << "middle column, row " << y;
    // Both pieces are there, at the far left and the far right.
    expectColorAt(r.image, pixelOf(c, t, 175.0, 15.0), kFill, "east piece");
    expectColorAt(r.image, pixelOf(c, t, 179.0, 15.0), kFill, "east piece at the map's right edge");
    expectColorAt(r.image, pixelOf(c, t, -175.0, 15.0), kFill, "west piece");
    expectColorAt(r.image, pixelOf(c, t, -179.0, 15.0), kFill, "west piece at the map's left edge");
    expectColorAt(r.image, pixelOf(c, t, 175.0, 25.0), r.ocean, "north of the east piece");
    expectColorAt(r.image, pixelOf(c, t, -175.0, 5.0), r.ocean, "south of the west piece");
    EXPECT_LT(pixelOf(c, t, -179.0, 15.0).x, r.image.width / 10);
    EXPECT_GT(pixelOf(c, t, 179.0, 15.0).x, r.image.width * 9 / 10);
}

TEST_F(RenderTest, FourPixelLineCoversItsCentreAndNotSixPixelsAway) {
    const auto data = layerOf(GeomKind::Line, {Ring{{{18, 45}, {32, 45}}, false}});
    LayerStyle style = defaultUserStyle(GeomKind::Line, 0);
    style.fillEnabled = false;
    style.strokeEnabled = true;
    style.stroke = kLine;
    style.strokeWidth = 4.f;
    style.dashLength = 0.f;
    const Rendered r = render({{data, style}}, BBox::of(15, 35, 35, 55), 0);
    const Pixel on = pixelOf(r.camera, *r.transformer, 25.0, 45.0);
    expectColorAt(r.image, on, kLine, "on the line");
    expectColorAt(r.image, Pixel{on.x, on.y - 1}, kLine, "1 px above the centre");
    expectColorAt(r.image, Pixel{on.x, on.y + 1}, kLine, "1 px below the centre");
    expectColorAt(r.image, Pixel{on.x, on.y - 6}, r.ocean, "6 px above");
    expectColorAt(r.image, Pixel{on.x, on.y + 6}, r.ocean, "6 px below");
    // The painted band across the line is 4 px wide, give or take the antialiased fringe.
    int painted = 0;
    for (int y = 0; y < r.image.height; ++y) painted += !near(r.image.pixel(on.x, y), r.ocean);
    EXPECT_GE(painted, 4);
    EXPECT_LE(painted, 6);
}

// Was a bug (src/render/map_renderer.cpp drawLines + shaders/line.{vert,frag}.glsl): each segment is drawn as its own
// round-capped capsule and blended on its own, so where consecutive segments meet, the caps overlap and a
// translucent colour is blended twice (alpha 1-(1-a)^2 instead of a). Lines are densified every 0.5 degrees by the
// projector, so a translucent line (the graticule's default stroke has alpha 0.28) shows darker beads at every
// vertex. With opaque strokes only the antialiased fringe is darkened at the joints (visible in the test above's
// image as well). Expected: a straight line of one colour has one colour along its centre. Fixed by dropping the
// end cap of a segment that has a successor and, for translucent colours, letting each pixel be painted once.
TEST_F(RenderTest, TranslucentLineHasOneColourAlongItsCentreAcrossJoints) {
    const auto data = layerOf(GeomKind::Line, {Ring{{{18, 45}, {32, 45}}, false}});
    LayerStyle style = defaultUserStyle(GeomKind::Line, 0);
    style.fillEnabled = false;
    style.stroke = kLine;
    style.stroke.a = 0.5f;
    style.strokeWidth = 4.f;
    const Rendered r = render({{data, style}}, BBox::of(15, 35, 35, 55), 0);
    const Pixel west = pixelOf(r.camera, *r.transformer, 18.0, 45.0);
    const Pixel east = pixelOf(r.camera, *r.transformer, 32.0, 45.0);
    const int y = west.y;
    int lo = 255, hi = 0, loX = -1, hiX = -1;
    for (int x = west.x + 5; x <= east.x - 5; ++x) {  // away from the end caps
        const int red = r.image.pixel(x, y)[0];
        if (red < lo) lo = red, loX = x;
        if (red > hi) hi = red, hiX = x;
    }
    EXPECT_LE(hi - lo, 2) << "centre row of a translucent line: red " << lo << " at x=" << loX << " but " << hi
                          << " at x=" << hiX << " (joints blended twice)";
}

TEST_F(RenderTest, SnapshotPngAndWorldFileReopenInGdalAtTheRightPlace) {
    initGdal();
    const auto data = layerOf(GeomKind::Polygon, {box(20, 40, 30, 50), box(24, 44, 26, 46, true)});
    const Projection p = Projection::create("EPSG:3857");
    const Rendered r = render({{data, opaqueFillNoStroke()}}, BBox::of(15, 35, 35, 55), 4);

    std::string dir = (fs::temp_directory_path() / "fm_render_test_XXXXXX").string();
    ASSERT_NE(::mkdtemp(dir.data()), nullptr);
    struct Cleanup {
        std::string d;
        ~Cleanup() {
            std::error_code ec;
            fs::remove_all(d, ec);
        }
    } cleanup{dir};
    const std::string png = dir + "/map.png";
    GeoReference ref;
    ref.extent = r.camera.visibleBounds();
    ref.wkt = p.toWkt(true);
    writePng(png, r.image);
    writeWorldFile(png, r.image, ref);
    ASSERT_TRUE(fs::exists(dir + "/map.pgw"));
    ASSERT_TRUE(fs::exists(dir + "/map.prj"));

    GDALDatasetUniquePtr ds(GDALDataset::Open(png.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    EXPECT_EQ(ds->GetRasterXSize(), 400);
    EXPECT_EQ(ds->GetRasterYSize(), 300);
    ASSERT_GE(ds->GetRasterCount(), 3);
    double gt[6] = {0, 0, 0, 0, 0, 0};
    ASSERT_EQ(ds->GetGeoTransform(gt), CE_None) << "GDAL found no world file";
    EXPECT_EQ(gt[2], 0.0);
    EXPECT_EQ(gt[4], 0.0);
    EXPECT_NEAR(gt[1], r.camera.unitsPerPixel, r.camera.unitsPerPixel * 1e-9);
    EXPECT_NEAR(gt[5], -r.camera.unitsPerPixel, r.camera.unitsPerPixel * 1e-9);

    auto readRgb = [&](int x, int y, uint8_t out[3]) {
        for (int b = 0; b < 3; ++b)
            ASSERT_EQ(ds->GetRasterBand(b + 1)->RasterIO(GF_Read, x, y, 1, 1, &out[b], 1, 1, GDT_Byte, 0, 0, nullptr), CE_None);
    };
    struct Probe {
        double lon, lat;
        Color want;
        const char* what;
    };
    for (const Probe& pr : {Probe{21.0, 41.0, kFill, "polygon"}, Probe{25.0, 45.0, r.ocean, "hole"},
                            Probe{29.0, 49.0, kFill, "polygon"}, Probe{17.0, 45.0, r.ocean, "outside"}}) {
        double x, y;
        ASSERT_TRUE(r.transformer->forward(pr.lon, pr.lat, x, y));
        // Where GDAL's georeferencing puts the point, and where the camera drew it.
        const double col = (x - gt[0]) / gt[1];
        const double row = (y - gt[3]) / gt[5];
        const Vec2 s = r.camera.mapToScreen(x, y);
        EXPECT_NEAR(col, s.x, 1e-6) << pr.what;
        EXPECT_NEAR(row, s.y, 1e-6) << pr.what;
        uint8_t rgb[3];
        readRgb(static_cast<int>(std::floor(col)), static_cast<int>(std::floor(row)), rgb);
        EXPECT_TRUE(near(rgb, pr.want)) << pr.what << " at " << col << "," << row << ": got " << describe(rgb);
    }

    std::ifstream prjIn(dir + "/map.prj");
    const std::string prj((std::istreambuf_iterator<char>(prjIn)), std::istreambuf_iterator<char>());
    ASSERT_FALSE(prj.empty());
    OGRSpatialReference fromFile, webMercator;
    ASSERT_EQ(fromFile.SetFromUserInput(prj.c_str()), OGRERR_NONE) << prj;
    ASSERT_EQ(webMercator.importFromEPSG(3857), OGRERR_NONE);
    EXPECT_TRUE(fromFile.IsSame(&webMercator)) << prj;
}

}  // namespace
}  // namespace fm
