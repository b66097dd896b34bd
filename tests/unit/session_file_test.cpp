// Tests for src/model/session_file: where the viewer keeps its session (XDG_STATE_HOME, else ~/.local/state), and
// that a session written into a folder that does not exist yet reads back with every layer, style, the camera and
// the event filter — including sources given relative to the working folder, far from the session's folder, which
// must come back as the same files (they were once stored relative to the wrong folder).
#include "model/session_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "core/date.h"
#include "core/error.h"

namespace fm {
namespace {

namespace fs = std::filesystem;

// Sets an environment variable for one test and puts the old value back.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const char* value) : m_name(name) {
        if (const char* old = std::getenv(name)) m_old = old;
        if (value) ::setenv(name, value, 1);
        else ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (m_old) ::setenv(m_name, m_old->c_str(), 1);
        else ::unsetenv(m_name);
    }

private:
    const char* m_name;
    std::optional<std::string> m_old;
};

class SessionFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "fm_session_XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        m_dir = fs::path(tmpl);
        m_cwd = fs::current_path();
    }
    void TearDown() override {
        fs::current_path(m_cwd);
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    fs::path m_dir, m_cwd;
};

TEST_F(SessionFileTest, PathFollowsXdgStateHomeThenHome) {
    {
        ScopedEnv xdg("XDG_STATE_HOME", "/srv/state");
        ScopedEnv home("HOME", "/home/someone");
        EXPECT_EQ(defaultSessionPath(), "/srv/state/frontmap/session.json");
    }
    {
        ScopedEnv xdg("XDG_STATE_HOME", "relative/state");  // not absolute: ignored, as the XDG rules say
        ScopedEnv home("HOME", "/home/someone");
        EXPECT_EQ(defaultSessionPath(), "/home/someone/.local/state/frontmap/session.json");
    }
    {
        ScopedEnv xdg("XDG_STATE_HOME", nullptr);
        ScopedEnv home("HOME", nullptr);
        EXPECT_EQ(defaultSessionPath(), "");
    }
}

TEST_F(SessionFileTest, RoundTripFromAFarAwayWorkingFolderIntoANewFolder) {
    // The data sits deep in one tree, the session in another; the layers were named relative to the working folder.
    const fs::path work = m_dir / "work" / "a" / "b" / "c";
    fs::create_directories(work);
    fs::current_path(work);
    const std::string session = (m_dir / "state" / "x" / "y" / "frontmap" / "session.json").string();

    ViewFile v;
    v.projection = "EPSG:3035";
    v.hasCamera = true;
    v.center = {31.5, 48.25};
    v.unitsPerPixel = 812.5;
    v.width = 1000;
    v.height = 700;
    ViewLayer lines;
    lines.source = "front.geojson";  // relative to the working folder
    lines.style.stroke = Color::rgb(0xff, 0x00, 0x00);
    lines.style.strokeWidth = 3.5f;
    lines.style.dashLength = 8.f;
    lines.style.gapLength = 4.f;
    lines.visible = false;
    v.layers.push_back(lines);
    ViewLayer events;
    events.source = "../events.csv";
    events.kind = "events";
    events.pointRadius = 9.f;
    events.style.opacity = 0.5f;
    v.layers.push_back(events);
    v.hasFilter = true;
    v.filter.dayFrom = daysFromCivil(2024, 3, 1);
    v.filter.dayTo = daysFromCivil(2024, 3, 31);
    v.filter.hiddenActors = {"Ukraine"};
    v.filter.typeMask = 1u << static_cast<int>(EventType::Battle);
    v.filter.precisionMask = 1u << static_cast<int>(LocationPrecision::Exact);

    writeSessionFile(session, sessionToJson(session, v));
    fs::current_path(m_cwd);  // reading must not depend on the working folder
    const ViewFile r = readViewFile(session);

    EXPECT_EQ(r.projection, "EPSG:3035");
    ASSERT_TRUE(r.hasCamera);
    EXPECT_DOUBLE_EQ(r.center.lon, 31.5);
    EXPECT_DOUBLE_EQ(r.center.lat, 48.25);
    EXPECT_DOUBLE_EQ(r.unitsPerPixel, 812.5);
    ASSERT_EQ(r.layers.size(), 2u);
    EXPECT_EQ(resolveViewSource(session, r.layers[0].source), (work / "front.geojson").string());
    EXPECT_EQ(resolveViewSource(session, r.layers[1].source), (m_dir / "work" / "a" / "b" / "events.csv").string());
    EXPECT_FALSE(r.layers[0].visible);
    EXPECT_EQ(r.layers[0].style.stroke, Color::rgb(0xff, 0x00, 0x00));
    EXPECT_FLOAT_EQ(r.layers[0].style.strokeWidth, 3.5f);
    EXPECT_FLOAT_EQ(r.layers[0].style.dashLength, 8.f);
    EXPECT_EQ(r.layers[1].kind, "events");
    EXPECT_FLOAT_EQ(r.layers[1].pointRadius, 9.f);
    EXPECT_FLOAT_EQ(r.layers[1].style.opacity, 0.5f);
    ASSERT_TRUE(r.hasFilter);
    EXPECT_EQ(formatDay(r.filter.dayFrom), "2024-03-01");
    EXPECT_EQ(formatDay(r.filter.dayTo), "2024-03-31");
    EXPECT_EQ(r.filter.hiddenActors, v.filter.hiddenActors);
    EXPECT_EQ(r.filter.typeMask, v.filter.typeMask);
    EXPECT_EQ(r.filter.precisionMask, v.filter.precisionMask);
}

TEST_F(SessionFileTest, RewritingReplacesTheFileAndLeavesNoTemporary) {
    const std::string session = (m_dir / "frontmap" / "session.json").string();
    ViewFile v;
    v.projection = "EPSG:4326";
    writeSessionFile(session, sessionToJson(session, v));
    v.projection = "EPSG:3857";
    writeSessionFile(session, sessionToJson(session, v));
    EXPECT_EQ(readViewFile(session).projection, "EPSG:3857");
    size_t files = 0;
    for (const auto& e : fs::directory_iterator(m_dir / "frontmap")) {
        ++files;
        EXPECT_EQ(e.path().filename(), "session.json");
    }
    EXPECT_EQ(files, 1u);
}

TEST_F(SessionFileTest, FolderThatCannotBeMadeIsAnErrorNamingTheSession) {
    const fs::path plain = m_dir / "plain";
    { std::FILE* f = std::fopen(plain.c_str(), "w"); ASSERT_NE(f, nullptr); std::fclose(f); }
    const std::string session = (plain / "frontmap" / "session.json").string();
    try {
        writeSessionFile(session, "{}");
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.subject(), session);
    }
}

}  // namespace
}  // namespace fm
