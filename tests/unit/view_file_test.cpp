// Tests for src/model/view_file: a saved view comes back exactly (projection, camera, extent, base-map options,
// layers with styles and paths relative to the view file, the event filter, Crimea, the "as of" date); broken
// files (truncated JSON, wrong types, not an object, a newer format) throw fm::Error naming the file and change
// nothing; passwords never reach the file; stored paths resolve against the view file's folder and are only
// ever opened as data — a source like `$(touch …)` is a missing file, not a command.
#include "model/view_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "app/scene_setup.h"
#include "core/date.h"
#include "core/error.h"

namespace fm {
namespace {

namespace fs = std::filesystem;

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void writeText(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

class ViewFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "fm_view_file_XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        m_dir = fs::path(tmpl);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    std::string path(const std::string& name) const { return (m_dir / name).string(); }

    // A view using every field, with sources below and beside the view's folder.
    ViewFile fullView() const {
        ViewFile v;
        v.projection = "+proj=lcc +lat_1=45 +lat_2=53 +lat_0=48.5 +lon_0=31 +datum=WGS84 +units=m +type=crs";
        v.hasCamera = true;
        v.center = {34.25, 49.5};
        v.unitsPerPixel = 1234.5;
        v.width = 1600;
        v.height = 900;
        v.hasExtent = true;
        v.extentLonLat = BBox::of(22.0, 44.0, 41.5, 53.25);
        v.marginDeg = 7.5;
        v.basemap = false;
        v.graticule = false;
        v.labels = false;
        v.crimea = CrimeaView::DeFacto;

        ViewLayer a;
        a.source = path("data/oblasts.gpkg");
        a.layer = "oblasts";
        a.kind = "vector";
        a.visible = false;
        a.style.opacity = 0.75f;
        a.style.fillEnabled = false;
        a.style.fill = Color::rgb(0x12, 0x34, 0x56);
        a.style.stroke = Color::rgb(0xab, 0xcd, 0xef, 128 / 255.f);
        a.style.strokeEnabled = true;
        a.style.strokeWidth = 2.5f;
        a.style.dashLength = 6.f;
        a.style.gapLength = 3.f;
        a.style.pointColor = Color::rgb(0xff, 0x00, 0x80);
        a.style.pointRadius = 4.5f;
        a.style.fillRules.push_back({"status", {"occupied", "contested"}, Color::rgb(0xc0, 0x30, 0x30)});
        a.style.fillRules.push_back({"name", {"Crimea"}, Color::rgb(0x10, 0x20, 0x30, 64 / 255.f)});
        v.layers.push_back(a);

        ViewLayer e;
        e.source = path("events.csv");
        e.kind = "events";
        e.pointRadius = 7.f;
        e.dateField = "event_date";
        e.actorFields = {"actor1", "actor2"};
        v.layers.push_back(e);

        v.hasFilter = true;
        v.filter.dayFrom = daysFromCivil(2024, 8, 1);
        v.filter.dayTo = daysFromCivil(2025, 3, 31);
        v.filter.hiddenActors = {"Wagner Group", "Volodymyr Zelensky"};
        v.filter.showUnattributed = false;
        v.filter.typeMask = (1u << static_cast<int>(EventType::Battle)) | (1u << static_cast<int>(EventType::Talks));
        v.filter.precisionMask = (1u << static_cast<int>(LocationPrecision::Exact)) |
                                 (1u << static_cast<int>(LocationPrecision::Region));
        v.date = "2024-11-30";
        return v;
    }

    fs::path m_dir;
};

void expectSameStyle(const LayerStyle& a, const LayerStyle& b) {
    EXPECT_FLOAT_EQ(a.opacity, b.opacity);
    EXPECT_EQ(a.fillEnabled, b.fillEnabled);
    EXPECT_EQ(a.fill, b.fill);
    EXPECT_EQ(a.strokeEnabled, b.strokeEnabled);
    EXPECT_EQ(a.stroke, b.stroke);
    EXPECT_FLOAT_EQ(a.strokeWidth, b.strokeWidth);
    EXPECT_FLOAT_EQ(a.dashLength, b.dashLength);
    EXPECT_FLOAT_EQ(a.gapLength, b.gapLength);
    EXPECT_EQ(a.pointColor, b.pointColor);
    EXPECT_FLOAT_EQ(a.pointRadius, b.pointRadius);
    ASSERT_EQ(a.fillRules.size(), b.fillRules.size());
    for (size_t i = 0; i < a.fillRules.size(); ++i) {
        EXPECT_EQ(a.fillRules[i].field, b.fillRules[i].field);
        EXPECT_EQ(a.fillRules[i].values, b.fillRules[i].values);
        EXPECT_EQ(a.fillRules[i].color, b.fillRules[i].color);
    }
}

TEST_F(ViewFileTest, RoundTripKeepsEveryField) {
    const ViewFile v = fullView();
    const std::string file = path("map.view.json");
    writeViewFile(file, v);
    const ViewFile r = readViewFile(file);

    EXPECT_EQ(r.projection, v.projection);
    EXPECT_TRUE(r.hasCamera);
    EXPECT_DOUBLE_EQ(r.center.lon, v.center.lon);
    EXPECT_DOUBLE_EQ(r.center.lat, v.center.lat);
    EXPECT_DOUBLE_EQ(r.unitsPerPixel, v.unitsPerPixel);
    EXPECT_EQ(r.width, v.width);
    EXPECT_EQ(r.height, v.height);
    EXPECT_TRUE(r.hasExtent);
    EXPECT_DOUBLE_EQ(r.extentLonLat.minX, 22.0);
    EXPECT_DOUBLE_EQ(r.extentLonLat.minY, 44.0);
    EXPECT_DOUBLE_EQ(r.extentLonLat.maxX, 41.5);
    EXPECT_DOUBLE_EQ(r.extentLonLat.maxY, 53.25);
    EXPECT_DOUBLE_EQ(r.marginDeg, v.marginDeg);
    EXPECT_EQ(r.basemap, v.basemap);
    EXPECT_EQ(r.graticule, v.graticule);
    EXPECT_EQ(r.labels, v.labels);
    EXPECT_EQ(r.crimea, CrimeaView::DeFacto);
    EXPECT_EQ(r.date, v.date);

    ASSERT_EQ(r.layers.size(), 2u);
    // Paths are stored relative to the view file and resolve back to the same files.
    EXPECT_EQ(r.layers[0].source, "data/oblasts.gpkg");
    EXPECT_EQ(r.layers[1].source, "events.csv");
    EXPECT_EQ(resolveViewSource(file, r.layers[0].source), v.layers[0].source);
    EXPECT_EQ(resolveViewSource(file, r.layers[1].source), v.layers[1].source);
    EXPECT_FALSE(contains(readAll(file), m_dir.string())) << "an absolute path inside the view's folder was stored";
    EXPECT_EQ(r.layers[0].layer, "oblasts");
    EXPECT_EQ(r.layers[0].kind, "vector");
    EXPECT_FALSE(r.layers[0].visible);
    expectSameStyle(r.layers[0].style, v.layers[0].style);
    EXPECT_EQ(r.layers[1].kind, "events");
    EXPECT_TRUE(r.layers[1].visible);
    EXPECT_FLOAT_EQ(r.layers[1].pointRadius, 7.f);
    EXPECT_EQ(r.layers[1].dateField, "event_date");
    EXPECT_EQ(r.layers[1].actorFields, (std::vector<std::string>{"actor1", "actor2"}));

    ASSERT_TRUE(r.hasFilter);
    EXPECT_EQ(formatDay(r.filter.dayFrom), "2024-08-01");
    EXPECT_EQ(formatDay(r.filter.dayTo), "2025-03-31");
    EXPECT_EQ(r.filter.hiddenActors, v.filter.hiddenActors);
    EXPECT_FALSE(r.filter.showUnattributed);
    EXPECT_EQ(r.filter.typeMask, v.filter.typeMask);
    EXPECT_EQ(r.filter.precisionMask, v.filter.precisionMask);

    // Writing what was read gives the same file: nothing drifts on a second save.
    const std::string again = path("again.view.json");
    ViewFile resolved = r;
    for (ViewLayer& l : resolved.layers) l.source = resolveViewSource(file, l.source);
    writeViewFile(again, resolved);
    EXPECT_EQ(readAll(again), readAll(file));
}

TEST_F(ViewFileTest, OpenDateEndsAndNoFilterStayOpen) {
    ViewFile v;
    v.hasFilter = true;
    v.filter.dayFrom = daysFromCivil(2024, 1, 1);  // dayTo open
    writeViewFile(path("a.json"), v);
    const ViewFile r = readViewFile(path("a.json"));
    EXPECT_EQ(r.filter.dayFrom, v.filter.dayFrom);
    EXPECT_EQ(r.filter.dayTo, INT32_MAX);
    EXPECT_EQ(r.filter.typeMask & 0xffu, 0xffu);
    EXPECT_FALSE(r.hasCamera);
    EXPECT_FALSE(r.hasExtent);

    writeViewFile(path("b.json"), ViewFile{});
    const ViewFile n = readViewFile(path("b.json"));
    EXPECT_FALSE(n.hasFilter);
    EXPECT_EQ(n.filter.dayFrom, INT32_MIN);
    EXPECT_TRUE(n.layers.empty());
}

// Each broken file throws fm::Error naming the file; the file itself and the caller's view are left as they were.
TEST_F(ViewFileTest, BrokenFilesThrowNamingTheFileAndChangeNothing) {
    const std::string good = path("good.view.json");
    writeViewFile(good, fullView());
    const std::string goodText = readAll(good);
    const std::string full = goodText;
    const struct {
        const char* name;
        std::string text;
    } cases[] = {
        {"truncated", full.substr(0, full.size() / 2)},
        {"empty", ""},
        {"not JSON", "frontmap_view = 1"},
        {"an array", "[1, 2, 3]"},
        {"a string", "\"frontmap_view\""},
        {"a number", "42"},
        {"no version", R"({"projection": "EPSG:3857"})"},
        {"version as text", R"({"frontmap_view": "1"})"},
        {"version zero", R"({"frontmap_view": 0})"},
        {"projection a number", R"({"frontmap_view": 1, "projection": 3857})"},
        {"basemap a string", R"({"frontmap_view": 1, "basemap": "yes"})"},
        {"layers an object", R"({"frontmap_view": 1, "layers": {"source": "a.gpkg"}})"},
        {"layer not an object", R"({"frontmap_view": 1, "layers": ["a.gpkg"]})"},
        {"layer without source", R"({"frontmap_view": 1, "layers": [{"kind": "vector"}]})"},
        {"unknown layer kind", R"({"frontmap_view": 1, "layers": [{"source": "a", "kind": "script"}]})"},
        {"colour not a colour", R"({"frontmap_view": 1, "layers": [{"source": "a", "style": {"fill_color": 12}}]})"},
        {"opacity out of range", R"({"frontmap_view": 1, "layers": [{"source": "a", "style": {"opacity": 3}}]})"},
        {"centre not a pair", R"({"frontmap_view": 1, "center": [1, 2, 3], "units_per_pixel": 10})"},
        {"centre a string", R"({"frontmap_view": 1, "center": "Kyiv", "units_per_pixel": 10})"},
        {"zero resolution", R"({"frontmap_view": 1, "center": [30, 50], "units_per_pixel": 0})"},
        {"inverted extent", R"({"frontmap_view": 1, "extent": [40, 50, 30, 45]})"},
        {"filter a list", R"({"frontmap_view": 1, "filter": []})"},
        {"filter date a number", R"({"frontmap_view": 1, "filter": {"from": 20240101}})"},
        {"impossible date", R"({"frontmap_view": 1, "filter": {"from": "2024-02-30"}})"},
        {"unknown precision", R"({"frontmap_view": 1, "filter": {"precisions": ["street"]}})"},
        {"hidden actors not a list", R"({"frontmap_view": 1, "filter": {"hidden_actors": "Russia"}})"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        writeText(good, c.text);
        ViewFile v = fullView();
        try {
            v = readViewFile(good);
            ADD_FAILURE() << "no error for: " << c.text;
        } catch (const Error& e) {
            EXPECT_TRUE(contains(e.what(), good)) << e.what();
            EXPECT_EQ(e.subject(), good);
        } catch (const std::exception& e) {
            ADD_FAILURE() << "not an fm::Error: " << e.what();
        }
        EXPECT_EQ(v.projection, fullView().projection) << "the caller's view changed";
        EXPECT_EQ(v.layers.size(), 2u);
        EXPECT_EQ(readAll(good), c.text) << "reading changed the file";
    }
}

// (A "dash" of strings, which once escaped as nlohmann's type_error instead of fm::Error, is checked by
// tests/unit/hostile_input_test.cpp: Hostile.ViewFileDashOfStringsIsAnFmErrorNamingTheFile.)

TEST_F(ViewFileTest, MissingFileIsAnErrorNamingIt) {
    const std::string file = path("nowhere.view.json");
    try {
        readViewFile(file);
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_TRUE(contains(e.what(), file)) << e.what();
    }
}

TEST_F(ViewFileTest, NewerFormatSaysSo) {
    const std::string file = path("future.view.json");
    writeText(file, R"({"frontmap_view": )" + std::to_string(ViewFile::kVersion + 1) + R"(, "hologram": true})");
    try {
        readViewFile(file);
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_TRUE(contains(e.what(), "newer")) << e.what();
        EXPECT_TRUE(contains(e.what(), file)) << e.what();
    }
}

TEST_F(ViewFileTest, PasswordsNeverReachTheFile) {
    ViewFile v;
    ViewLayer pg;
    pg.source = "PG:host=x dbname=y user=u password=secret";
    v.layers.push_back(pg);
    ViewLayer quoted;
    quoted.source = "PG:host=x password='also secret' dbname=y";
    v.layers.push_back(quoted);
    ViewLayer url;
    url.source = "postgresql://u:secret@db.example.org/y";
    v.layers.push_back(url);
    const std::string file = path("pg.view.json");
    writeViewFile(file, v);
    const std::string text = readAll(file);
    EXPECT_FALSE(contains(text, "secret")) << text;
    const ViewFile r = readViewFile(file);
    ASSERT_EQ(r.layers.size(), 3u);
    EXPECT_EQ(r.layers[0].source, "PG:host=x dbname=y user=u");
    EXPECT_EQ(r.layers[1].source, "PG:host=x dbname=y");
    EXPECT_EQ(r.layers[2].source, "postgresql://u@db.example.org/y");
    // Connection strings are kept as they are when resolved, never turned into paths.
    EXPECT_EQ(resolveViewSource(file, r.layers[0].source), r.layers[0].source);
}

TEST_F(ViewFileTest, RelativeSourcesResolveAgainstTheViewFolder) {
    EXPECT_EQ(resolveViewSource("/maps/ukraine/front.view.json", "data/lines.gpkg"), "/maps/ukraine/data/lines.gpkg");
    EXPECT_EQ(resolveViewSource("/maps/ukraine/front.view.json", "../shared/events.csv"), "/maps/shared/events.csv");
    EXPECT_EQ(resolveViewSource("/maps/ukraine/front.view.json", "./a.geojson"), "/maps/ukraine/a.geojson");
    EXPECT_EQ(resolveViewSource("/maps/ukraine/front.view.json", "/abs/a.gpkg"), "/abs/a.gpkg");
    EXPECT_EQ(resolveViewSource("/maps/v.json", "/vsizip/data.zip/a.shp"), "/vsizip/data.zip/a.shp");
    EXPECT_EQ(resolveViewSource("/maps/v.json", "https://example.org/a.geojson"), "https://example.org/a.geojson");
    EXPECT_EQ(resolveViewSource("/maps/v.json", "PG:dbname=y"), "PG:dbname=y");
    // A view named relative to the working directory resolves against its own folder there.
    EXPECT_EQ(resolveViewSource("views/v.json", "a.gpkg"), (fs::current_path() / "views" / "a.gpkg").lexically_normal().string());

    // A source far from the view's folder still resolves back to the same file.
    ViewFile v;
    ViewLayer far;
    far.source = "/usr/share/frontmap-test/far.gpkg";
    v.layers.push_back(far);
    writeViewFile(path("far.view.json"), v);
    const ViewFile r = readViewFile(path("far.view.json"));
    EXPECT_EQ(resolveViewSource(path("far.view.json"), r.layers[0].source), far.source);
}

// Sources are data paths only: shell syntax in one is a file name that does not exist, never a command.
TEST_F(ViewFileTest, SourcesAreNeverExecuted) {
    const std::string marker = path("pwned");
    const std::string view = path("evil.view.json");
    const std::string sources[] = {"$(touch " + marker + ")", "`touch " + marker + "`", "a.gpkg; touch " + marker,
                                   "|touch " + marker};
    const char* kinds[] = {"auto", "vector", "events", "auto"};
    std::string json = R"({"frontmap_view": 1, "basemap": false, "layers": [)";
    for (int i = 0; i < 4; ++i)
        json += std::string(i ? ", " : "") + R"({"source": ")" + sources[i] + R"(", "kind": ")" + kinds[i] + "\"}";
    writeText(view, json + "]}");
    SceneSetup setup;
    ASSERT_NO_THROW(setup.view = readViewFile(view));
    for (ViewLayer& l : setup.view.layers) l.source = resolveViewSource(view, l.source);
    MessageLog log;
    BuiltScene built;
    ASSERT_NO_THROW(buildScene(setup, log, built));
    EXPECT_TRUE(built.inputFailed);
    EXPECT_GE(log.count(Severity::Error), 4u);
    EXPECT_TRUE(built.scene.layers.empty());
    EXPECT_TRUE(built.scene.eventLayers.empty());
    EXPECT_FALSE(fs::exists(marker)) << "a source was run as a command";
}

}  // namespace
}  // namespace fm
