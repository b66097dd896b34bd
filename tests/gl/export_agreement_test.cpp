// Exports agree with each other: the same MapScene rendered twice through renderSnapshot gives the same pixels;
// a snapshot wide enough to be rendered in two tiles shows no seam where the tiles meet, and its right tile is
// exactly a single-tile render of that part of the map; and `frontmap snapshot --view` writes the very image
// renderSnapshot makes of the scene built from the same view file (scene_setup's buildScene), decorations
// included. Headless EGL, no X server.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/export_framing.h"
#include "app/gl_context.h"
#include "app/scene_setup.h"
#include "core/date.h"
#include "core/error.h"
#include "export/snapshot.h"
#include "render/gl_objects.h"
#include "render/map_renderer.h"
#include "render/map_scene.h"
#include "sources/projection.h"
#include "sources/vector_reader.h"

extern char** environ;

namespace fm {
namespace {

namespace fs = std::filesystem;

class NoDisplayForAgreement : public ::testing::Environment {
public:
    void SetUp() override {
        ::unsetenv("DISPLAY");
        ::unsetenv("WAYLAND_DISPLAY");
    }
};
[[maybe_unused]] ::testing::Environment* const kNoDisplayForAgreement =
    ::testing::AddGlobalTestEnvironment(new NoDisplayForAgreement);

const Color kFill = Color::rgb(0x9a, 0xc8, 0x6e);
const Color kLine = Color::rgb(0x20, 0x40, 0xc0);

// Edges are split every 10° or less: the projector reads a jump of more than 180° in longitude as a crossing of
// the antimeridian, so a single 340°-long edge would wrap the other way round the globe.
std::vector<std::pair<double, double>> densified(const std::vector<std::pair<double, double>>& pts) {
    std::vector<std::pair<double, double>> out;
    for (size_t i = 0; i + 1 < pts.size(); ++i) {
        const auto [x0, y0] = pts[i];
        const auto [x1, y1] = pts[i + 1];
        const int n = std::max(1, static_cast<int>(std::ceil(std::max(std::fabs(x1 - x0), std::fabs(y1 - y0)) / 10.0)));
        for (int k = 0; k < n; ++k) out.emplace_back(x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n);
    }
    out.push_back(pts.back());
    return out;
}

LayerDataPtr polygon(double x0, double y0, double x1, double y1) {
    auto d = std::make_shared<LayerData>();
    d->source = d->title = "polygon";
    d->lonlat.kind = GeomKind::Polygon;
    for (auto [x, y] : densified({{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}})) d->lonlat.addVertex(x, y);
    d->lonlat.endPart(false);
    d->lonlat.endFeature(0);
    d->extent = d->lonlat.bounds();
    return d;
}

LayerDataPtr line(const std::vector<std::pair<double, double>>& pts) {
    auto d = std::make_shared<LayerData>();
    d->source = d->title = "line";
    d->lonlat.kind = GeomKind::Line;
    for (auto [x, y] : densified(pts)) d->lonlat.addVertex(x, y);
    d->lonlat.endPart(false);
    d->lonlat.endFeature(0);
    d->extent = d->lonlat.bounds();
    return d;
}

int maxChannelDifference(const uint8_t* a, const uint8_t* b) {
    int d = 0;
    for (int c = 0; c < 3; ++c) d = std::max(d, std::abs(int(a[c]) - int(b[c])));
    return d;
}

std::string rgb(const uint8_t* p) {
    std::ostringstream s;
    s << "rgb(" << int(p[0]) << "," << int(p[1]) << "," << int(p[2]) << ")";
    return s.str();
}

// The frontmap executable beside this test's build: $FRONTMAP_BIN, else the first `frontmap` found walking up
// from the test executable's folder (build/tests/frontmap_gl_tests → build/frontmap).
std::string findFrontmapBinary() {
    if (const char* env = std::getenv("FRONTMAP_BIN"); env && *env) return env;
    std::error_code ec;
    fs::path dir = fs::read_symlink("/proc/self/exe", ec).parent_path();
    for (int up = 0; up < 4 && !dir.empty(); ++up, dir = dir.parent_path()) {
        const fs::path candidate = dir / "frontmap";
        if (fs::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
    return {};
}

// Runs a program (no shell) and returns its exit status; its output goes to `log`.
int runProgram(const std::vector<std::string>& args, const std::string& log) {
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return -1;
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// An RGB(A) PNG read through GDAL into RGBA rows.
bool readPng(const std::string& path, Image& out) {
    initGdal();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!ds || ds->GetRasterCount() < 3) return false;
    out.width = ds->GetRasterXSize();
    out.height = ds->GetRasterYSize();
    out.rgba.assign(static_cast<size_t>(out.width) * out.height * 4, 255);
    int bands[3] = {1, 2, 3};
    return ds->RasterIO(GF_Read, 0, 0, out.width, out.height, out.rgba.data(), out.width, out.height, GDT_Byte, 3, bands, 4,
                        static_cast<GSpacing>(out.width) * 4, 1, nullptr) == CE_None;
}

class ExportAgreementTest : public ::testing::Test {
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
        ASSERT_TRUE(s_renderer) << "no headless GL 3.3 context: " << s_failure;
        std::string tmpl = (fs::temp_directory_path() / "fm_export_agreement_XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        m_dir = tmpl;
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }

    // A polygon larger than every frame used here (so its outline is never in view) and a line across all of them.
    MapScene scene() const {
        MapScene s;
        s.showLabels = false;
        s.showGraticule = false;
        LayerStyle fill = defaultUserStyle(GeomKind::Polygon, 0);
        fill.fill = kFill;
        fill.opacity = 1.f;
        fill.strokeEnabled = false;
        s.addLayer(LayerRole::User, "polygon", polygon(-170, -75, 170, 75), fill);
        LayerStyle stroke = defaultUserStyle(GeomKind::Line, 1);
        stroke.stroke = kLine;
        stroke.strokeWidth = 3.f;
        stroke.opacity = 1.f;
        // Its vertices (every 10° from -165°) keep away from the seam at 30°E: a join overlaps its antialiased edge.
        s.addLayer(LayerRole::User, "line", line({{-165, 50}, {165, 50}}), stroke);
        return s;
    }

    Image render(MapScene& s, const Projection& p, const Camera& camera, int width, int height) {
        s.buildAll(p, ProjectOptions{});
        SnapshotSpec spec;
        spec.width = width;
        spec.height = height;
        spec.pixelRatio = 1.f;
        spec.camera = camera;
        spec.camera.width = width;
        spec.camera.height = height;
        return renderSnapshot(s, *s_renderer, nullptr, p.definition(), spec);
    }

    static std::unique_ptr<HeadlessContext> s_context;
    static std::unique_ptr<MapRenderer> s_renderer;
    static std::string s_failure;
    fs::path m_dir;
};
std::unique_ptr<HeadlessContext> ExportAgreementTest::s_context;
std::unique_ptr<MapRenderer> ExportAgreementTest::s_renderer;
std::string ExportAgreementTest::s_failure;

TEST_F(ExportAgreementTest, SameSceneRenderedTwiceGivesIdenticalPixels) {
    const Projection p = Projection::create("EPSG:3857");
    MapScene s = scene();
    Camera c;
    c.width = 400;
    c.height = 300;
    c.fitExact(projectLonLatBox(BBox::of(20, 45, 40, 55), p));
    const Image a = render(s, p, c, 400, 300);
    const Image b = render(s, p, c, 400, 300);
    ASSERT_EQ(a.rgba.size(), b.rgba.size());
    EXPECT_TRUE(a.rgba == b.rgba) << "two renders of one scene differ";
}

// 4200 pixels wide is more than renderSnapshot's 4096-pixel tile: two tiles side by side.
TEST_F(ExportAgreementTest, TiledSnapshotHasNoSeam) {
    const int width = 4200, height = 300;
    const int maxTile = std::min(gl::maxRenderSize(), 4096);
    const int tilesX = (width + maxTile - 1) / maxTile;
    ASSERT_GE(tilesX, 2) << "not tiled: the test would prove nothing";
    ASSERT_LE((height + maxTile - 1) / maxTile, 1);
    const int tileW = (width + tilesX - 1) / tilesX;

    const Projection p = Projection::create("EPSG:3857");
    MapScene s = scene();
    Camera c;
    c.width = width;
    c.height = height;
    c.fitExact(projectLonLatBox(BBox::of(10, 46, 50, 54), p));
    const Image img = render(s, p, c, width, height);

    // The line must be in the picture for the test to mean something.
    double lx, ly;
    ASSERT_TRUE(p.makeTransformer()->forward(30, 50, lx, ly));
    const int lineRow = static_cast<int>(std::floor(c.mapToScreen(lx, ly).y));
    ASSERT_TRUE(lineRow > 2 && lineRow < height - 3);
    int linePixels = 0;
    for (int y = lineRow - 2; y <= lineRow + 2; ++y) linePixels += maxChannelDifference(img.pixel(tileW, y), img.pixel(tileW, 0)) > 40;
    ASSERT_GT(linePixels, 0) << "the line is not drawn at the seam";

    // Across every seam: where the picture is uniform (the polygon's interior) both columns are its exact colour;
    // along the line, the step from one tile to the next is no larger than steps between neighbouring columns
    // inside a tile (its antialiased edge varies a little along x by itself).
    for (int k = 1; k < tilesX; ++k) {
        const int seam = k * tileW;
        for (int y = 0; y < height; ++y) {
            const bool uniform = maxChannelDifference(img.pixel(seam - 200, y), img.pixel(seam + 200, y)) == 0 &&
                                 std::abs(y - lineRow) > 6;
            if (uniform) {
                EXPECT_LE(maxChannelDifference(img.pixel(seam - 1, y), img.pixel(seam - 200, y)), 1) << "row " << y;
                EXPECT_LE(maxChannelDifference(img.pixel(seam, y), img.pixel(seam - 200, y)), 1) << "row " << y;
                continue;
            }
            int inside = 0;
            for (int x = seam - 200; x < seam + 200; ++x)
                if (x != seam - 1) inside = std::max(inside, maxChannelDifference(img.pixel(x, y), img.pixel(x + 1, y)));
            const int across = maxChannelDifference(img.pixel(seam - 1, y), img.pixel(seam, y));
            EXPECT_LE(across, inside + 1) << "a seam shows at x=" << seam << " y=" << y << ": " << rgb(img.pixel(seam - 1, y))
                                          << " | " << rgb(img.pixel(seam, y));
        }
    }

    // Each tile is exactly what a single render of that part of the map gives: stitching adds nothing.
    for (int k = 0; k < tilesX; ++k) {
        const int x0 = k * tileW, w = std::min(tileW, width - x0);
        Camera part = c;
        part.center = c.screenToMap(x0 + tileW * 0.5, height * 0.5);
        MapScene s2 = scene();
        const Image single = render(s2, p, part, tileW, height);
        int differing = 0;
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < w; ++x) differing += maxChannelDifference(img.pixel(x0 + x, y), single.pixel(x, y)) > 1;
        EXPECT_EQ(differing, 0) << "tile " << k << " differs from a single render of the same view in " << differing << " pixels";
    }
}

// `frontmap snapshot --view V` and renderSnapshot of the scene buildScene makes from V give the same image.
TEST_F(ExportAgreementTest, SnapshotCommandMatchesTheLibraryRender) {
    const std::string bin = findFrontmapBinary();
    if (bin.empty()) GTEST_SKIP() << "no frontmap executable found near the test (set FRONTMAP_BIN)";

    std::ofstream(m_dir / "area.geojson") << R"({"type": "FeatureCollection", "features": [{"type": "Feature",
        "properties": {"name": "area"}, "geometry": {"type": "Polygon",
        "coordinates": [[[26, 46], [36, 46], [36, 52], [26, 52], [26, 46]]]}}]})";
    std::ofstream(m_dir / "events.geojson") << R"({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "a", "date_start": "2024-03-01", "actors": "Russia", "type": "battle"},
         "geometry": {"type": "Point", "coordinates": [30, 49]}},
        {"type": "Feature", "properties": {"id": "b", "date_start": "2024-03-05", "actors": "Ukraine", "type": "strike"},
         "geometry": {"type": "Point", "coordinates": [33, 50]}},
        {"type": "Feature", "properties": {"id": "c", "date_start": "2024-06-01", "actors": "Ukraine", "type": "battle"},
         "geometry": {"type": "Point", "coordinates": [31, 48]}}]})";
    ViewFile v;
    v.projection = "EPSG:3035";
    v.basemap = false;
    v.hasExtent = true;
    v.extentLonLat = BBox::of(24, 45, 38, 53);
    ViewLayer area;
    area.source = (m_dir / "area.geojson").string();
    area.kind = "vector";
    v.layers.push_back(area);
    ViewLayer ev;
    ev.source = (m_dir / "events.geojson").string();
    ev.kind = "events";
    v.layers.push_back(ev);
    v.hasFilter = true;
    v.filter.dayFrom = daysFromCivil(2024, 3, 1);
    v.filter.dayTo = daysFromCivil(2024, 3, 31);
    const std::string viewPath = (m_dir / "agree.view.json").string();
    writeViewFile(viewPath, v);

    const int width = 480, height = 320;
    const std::string cliPng = (m_dir / "cli.png").string(), log = (m_dir / "cli.log").string();
    const int rc = runProgram({bin, "snapshot", "--view", viewPath, "--out", cliPng, "--size", "480x320", "--title", "Agreement",
                               "--stamp"},
                              log);
    std::ifstream logIn(log);
    const std::string logText((std::istreambuf_iterator<char>(logIn)), std::istreambuf_iterator<char>());
    ASSERT_EQ(rc, 0) << bin << " snapshot failed:\n" << logText;
    Image cli;
    ASSERT_TRUE(readPng(cliPng, cli)) << cliPng;
    ASSERT_EQ(cli.width, width);
    ASSERT_EQ(cli.height, height);

    // The same view through the library, the way the command documents it.
    SceneSetup setup;
    setup.view = readViewFile(viewPath);
    for (ViewLayer& l : setup.view.layers) l.source = resolveViewSource(viewPath, l.source);
    MessageLog messages;
    BuiltScene built;
    buildScene(setup, messages, built);
    ASSERT_FALSE(built.inputFailed);
    ASSERT_EQ(built.scene.eventLayers.size(), 1u);
    FontAtlas font = FontAtlas::build(findMapFont());
    s_renderer->setFontAtlas(font.width(), font.height(), font.pixels().data());
    built.scene.buildAll(built.projection, ProjectOptions{});
    SnapshotSpec spec;
    spec.width = width;
    spec.height = height;
    spec.camera = frameExportImage(setup.view, built.projection, nullptr, width, height);
    DecorationSpec deco;
    deco.pixelRatio = automaticPixelRatio(width, height);
    deco.title = "Agreement";
    deco.attribution = attributionFor(built);
    deco.stamp = dateStampFor(built.scene.filter);
    EXPECT_EQ(deco.stamp, "1 Mar 2024 – 31 Mar 2024");
    const Decorations decorations = buildDecorations(deco, font, width, height, EventDrawParams{});
    spec.decorations = &decorations;
    const Image lib = renderSnapshot(built.scene, *s_renderer, &font, built.projection.definition(), spec);

    int differing = 0, worst = 0;
    std::string first;
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const int d = maxChannelDifference(cli.pixel(x, y), lib.pixel(x, y));
            worst = std::max(worst, d);
            if (d > 1 && differing++ == 0)
                first = std::to_string(x) + "," + std::to_string(y) + ": " + rgb(cli.pixel(x, y)) + " vs " + rgb(lib.pixel(x, y));
        }
    EXPECT_EQ(differing, 0) << differing << " pixels differ by more than 1/255 (worst " << worst << "), first at " << first;

    // Not a vacuous match: the area, an event and the decorations are in the picture.
    bool colourful = false;
    for (int y = 0; y < height && !colourful; y += 4)
        for (int x = 0; x < width && !colourful; x += 4) colourful = maxChannelDifference(lib.pixel(x, y), lib.pixel(0, 0)) > 60;
    EXPECT_TRUE(colourful);
}

}  // namespace
}  // namespace fm
