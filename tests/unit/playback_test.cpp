// Timeline playback arithmetic (model/playback), and the event panels (timeline, events filter, inspector) run
// headless: an ImGui context with a built font atlas and no backend, over a MapScene holding a small EventStore.
#include "model/playback.h"

#include <gtest/gtest.h>
#include <imgui.h>

#include <algorithm>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "ui/event_filter_panel.h"
#include "ui/inspector_panel.h"
#include "ui/timeline_panel.h"

namespace fm {
namespace {

FilterSpec playingWindow(int32_t from, int32_t to, float daysPerSecond) {
    FilterSpec s;
    s.dayFrom = from;
    s.dayTo = to;
    s.playing = true;
    s.daysPerSecond = daysPerSecond;
    return s;
}

TEST(PlaybackTest, WindowModeMovesBothEndsKeepingLength) {
    FilterSpec s = playingWindow(100, 106, 7.f);
    double carry = 0;
    const uint64_t v = s.version;
    EXPECT_TRUE(advancePlayback(s, 1.0, 100, 200, carry));
    EXPECT_EQ(s.dayFrom, 107);
    EXPECT_EQ(s.dayTo, 113);
    EXPECT_GT(s.version, v);
    EXPECT_TRUE(s.playing);
}

TEST(PlaybackTest, FractionalDaysAccumulateInCarry) {
    FilterSpec s = playingWindow(100, 100, 1.f);
    double carry = 0;
    const uint64_t v = s.version;
    EXPECT_FALSE(advancePlayback(s, 0.4, 100, 200, carry));
    EXPECT_FALSE(advancePlayback(s, 0.4, 100, 200, carry));
    EXPECT_EQ(s.version, v);  // nothing moved, nothing touched
    EXPECT_NEAR(carry, 0.8, 1e-9);
    EXPECT_TRUE(advancePlayback(s, 0.4, 100, 200, carry));
    EXPECT_EQ(s.dayFrom, 101);
    EXPECT_EQ(s.dayTo, 101);
    EXPECT_NEAR(carry, 0.2, 1e-9);
}

TEST(PlaybackTest, CumulativeKeepsStartAtFirstDay) {
    FilterSpec s = playingWindow(150, 160, 5.f);
    s.mode = PlaybackMode::Cumulative;
    double carry = 0;
    EXPECT_TRUE(advancePlayback(s, 1.0, 100, 200, carry));
    EXPECT_EQ(s.dayFrom, 100);
    EXPECT_EQ(s.dayTo, 165);
}

TEST(PlaybackTest, StopsAtTheEndWithoutLoop) {
    FilterSpec s = playingWindow(190, 195, 10.f);
    s.loop = false;
    double carry = 0;
    EXPECT_TRUE(advancePlayback(s, 1.0, 100, 200, carry));
    EXPECT_EQ(s.dayTo, 200);
    EXPECT_EQ(s.dayFrom, 195);  // window length kept against the end
    EXPECT_FALSE(s.playing);
    const uint64_t v = s.version;
    EXPECT_FALSE(advancePlayback(s, 1.0, 100, 200, carry));
    EXPECT_EQ(s.version, v);
}

TEST(PlaybackTest, LoopsBackToTheStart) {
    FilterSpec s = playingWindow(190, 195, 10.f);
    s.loop = true;
    double carry = 0;
    EXPECT_TRUE(advancePlayback(s, 1.0, 100, 200, carry));
    EXPECT_EQ(s.dayTo, 200);  // the end is shown first…
    EXPECT_TRUE(s.playing);
    EXPECT_TRUE(advancePlayback(s, 0.1, 100, 200, carry));
    EXPECT_EQ(s.dayFrom, 100);  // …then it starts over with the same length
    EXPECT_EQ(s.dayTo, 105);
    EXPECT_TRUE(s.playing);

    FilterSpec c = playingWindow(100, 200, 1.f);
    c.mode = PlaybackMode::Cumulative;
    c.loop = true;
    EXPECT_TRUE(advancePlayback(c, 1.0, 100, 200, carry));
    EXPECT_EQ(c.dayFrom, 100);
    EXPECT_EQ(c.dayTo, 100);
}

TEST(PlaybackTest, NothingWhenPaused) {
    FilterSpec s = playingWindow(100, 106, 7.f);
    s.playing = false;
    double carry = 0.7;
    const uint64_t v = s.version;
    EXPECT_FALSE(advancePlayback(s, 5.0, 100, 200, carry));
    EXPECT_EQ(s.dayFrom, 100);
    EXPECT_EQ(s.version, v);
    EXPECT_EQ(carry, 0.0);
}

TEST(PlaybackTest, BigStepsClampAtTheEnd) {
    FilterSpec s = playingWindow(100, 109, 60.f);
    s.loop = false;
    double carry = 0;
    EXPECT_TRUE(advancePlayback(s, 100.0, 100, 200, carry));
    EXPECT_EQ(s.dayFrom, 191);
    EXPECT_EQ(s.dayTo, 200);
    EXPECT_FALSE(s.playing);
}

TEST(PlaybackTest, StartFromTheWholeRangeMakesAMovableWindow) {
    FilterSpec s;  // open window: everything
    startPlayback(s, 1000, 1999);
    EXPECT_TRUE(s.playing);
    EXPECT_EQ(s.dayFrom, 1000);
    EXPECT_GE(s.dayTo - s.dayFrom + 1, 7);
    EXPECT_LE(s.dayTo - s.dayFrom + 1, 90);
    double carry = 0;
    EXPECT_TRUE(advancePlayback(s, 1.0, 1000, 1999, carry));
    EXPECT_GT(s.dayFrom, 1000);

    FilterSpec atEnd = playingWindow(1990, 1999, 1.f);
    atEnd.playing = false;
    startPlayback(atEnd, 1000, 1999);
    EXPECT_EQ(atEnd.dayFrom, 1000);
    EXPECT_EQ(atEnd.dayTo, 1009);

    FilterSpec cum;
    cum.mode = PlaybackMode::Cumulative;
    startPlayback(cum, 1000, 1999);
    EXPECT_EQ(cum.dayFrom, 1000);
    EXPECT_EQ(cum.dayTo, 1000);
}

TEST(PlaybackTest, StepDaysClampsKeepingLength) {
    FilterSpec s = playingWindow(100, 106, 1.f);
    const uint64_t v = s.version;
    stepDays(s, -7, 100, 200);
    EXPECT_EQ(s.dayFrom, 100);
    EXPECT_EQ(s.dayTo, 106);
    EXPECT_EQ(s.version, v);  // already at the start
    stepDays(s, 7, 100, 200);
    EXPECT_EQ(s.dayFrom, 107);
    EXPECT_EQ(s.dayTo, 113);
    EXPECT_GT(s.version, v);
    stepDays(s, -1, 100, 200);
    EXPECT_EQ(s.dayFrom, 106);
    stepDays(s, 1000, 100, 200);
    EXPECT_EQ(s.dayFrom, 194);
    EXPECT_EQ(s.dayTo, 200);

    FilterSpec c = playingWindow(100, 150, 1.f);
    c.mode = PlaybackMode::Cumulative;
    stepDays(c, 3, 100, 200);
    EXPECT_EQ(c.dayFrom, 100);
    EXPECT_EQ(c.dayTo, 153);
    stepDays(c, -1000, 100, 200);
    EXPECT_EQ(c.dayTo, 100);
}

// ---- Panels, headless ----

int32_t day(int y, unsigned m, unsigned d) { return daysFromCivil(y, m, d); }

EventRecord event(const char* id, int32_t start, int32_t end, std::vector<std::string> actors, EventType type,
                  const char* place, double lon, double lat, LocationPrecision prec, const char* sentence) {
    EventRecord r;
    r.id = id;
    r.dayStart = start;
    r.dayEnd = end;
    r.actors = std::move(actors);
    r.type = type;
    r.place = place;
    r.lon = lon;
    r.lat = lat;
    r.precision = prec;
    r.sentence = sentence;
    r.sourceUrl = "https://example.org/report";
    r.sourceTitle = "Report";
    return r;
}

class PanelTest : public ::testing::Test {
protected:
    void SetUp() override {
        IMGUI_CHECKVERSION();
        m_context = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.LogFilename = nullptr;
        io.DisplaySize = ImVec2(1280.f, 800.f);
        io.DeltaTime = 1.f / 60.f;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);

        ActorTable table;
        table.add("russian forces", "Russian Armed Forces", Side::Russia, false);
        table.add("putin", "Vladimir Putin", Side::Russia, true);
        table.add("ukrainian forces", "Armed Forces of Ukraine", Side::Ukraine, false);
        table.add("us", "United States", Side::UnitedStates, false);
        auto data = std::make_shared<EventLayerData>();
        data->title = "test events";
        EventStore& s = data->store;
        s.add(event("e1", day(2024, 1, 1), day(2024, 1, 1), {"Russian forces"}, EventType::Strike, "Kharkiv", 36.23, 49.99,
                    LocationPrecision::Town, "Russian forces shelled Kharkiv overnight; Kharkiv officials reported damage."),
              table);
        s.add(event("e2", day(2024, 1, 5), day(2024, 1, 7), {"Ukrainian forces"}, EventType::Battle, "Kharkiv", 36.231, 49.991,
                    LocationPrecision::Town, "Fighting near the city."),
              table);
        s.add(event("e3", day(2024, 2, 10), day(2024, 2, 10), {"Putin", "US"}, EventType::Talks, "Moscow", 37.62, 55.75,
                    LocationPrecision::Exact, "Talks in Moscow."),
              table);
        s.add(event("e4", day(2024, 3, 1), day(2024, 3, 31), {}, EventType::Mention, "Kryvyi Rih district", 33.39, 47.91,
                    LocationPrecision::District, "Reports from Kryvyi Rih said little."),
              table);
        s.add(event("e5", day(2024, 3, 20), day(2024, 3, 20), {"Russian forces", "Ukrainian forces"}, EventType::DroneMissile,
                    "Kharkiv", 36.30, 49.99, LocationPrecision::Town, "Drones over Харків."),
              table);
        auto index = std::make_shared<EventIndex>();
        index->build(s);
        m_layerId = m_scene.addEventLayer("test events", data, index);
        m_scene.updateEventFilters();
    }
    void TearDown() override { ImGui::DestroyContext(m_context); }

    // One frame of the viewer's panels, in its order.
    void frame(bool tooltip = false) {
        ImGui::NewFrame();
        m_scene.updateEventFilters();
        tickPlayback(m_scene, m_timeline, ImGui::GetIO().DeltaTime);
        m_scene.updateEventFilters();
        drawTimelinePanel(m_scene, m_timeline, &m_open[0]);
        drawEventFilterPanel(m_scene, m_filterState, &m_open[1]);
        drawInspectorPanel(m_scene, &m_open[2]);
        if (tooltip) drawEventTooltip(m_scene, m_layerId, 2);
        ImGui::Render();
    }

    ImGuiContext* m_context = nullptr;
    MapScene m_scene;
    int m_layerId = 0;
    TimelineState m_timeline;
    EventFilterPanelState m_filterState;
    bool m_open[3] = {true, true, true};
};

TEST_F(PanelTest, PanelsDrawHeadlessWithAndWithoutSelection) {
    for (int i = 0; i < 3; ++i) frame(true);
    m_scene.selectedEventLayer = m_layerId;
    m_scene.selectedEvent = 0;
    m_filterState.search = "forces";
    for (int i = 0; i < 3; ++i) frame(true);
    ASSERT_NE(ImGui::GetDrawData(), nullptr);
    EXPECT_GT(ImGui::GetDrawData()->CmdListsCount, 0);
    // A selection that no longer exists falls back to the hint instead of reading out of range.
    m_scene.selectedEvent = 999;
    frame();
    m_scene.removeEventLayer(m_layerId);
    EXPECT_EQ(m_scene.selectedEventLayer, 0);
    for (int i = 0; i < 2; ++i) frame(true);
    EXPECT_TRUE(m_timeline.bins.empty());
}

TEST_F(PanelTest, PlaybackRunsThroughTheViewerTick) {
    frame();
    startPlayback(m_scene.filter, m_scene.eventLayers[0].data->store.minDay(), m_scene.eventLayers[0].data->store.maxDay());
    const int32_t from = m_scene.filter.dayFrom;
    m_scene.filter.daysPerSecond = 60.f;
    for (int i = 0; i < 10; ++i) frame();
    EXPECT_GT(m_scene.filter.dayFrom, from);
    EXPECT_EQ(m_scene.eventLayers[0].filterVersion, m_scene.filter.version);
}

TEST_F(PanelTest, ActorTogglesEditHiddenActorsByName) {
    std::vector<ActorEntry> actors = collectActors(m_scene);
    ASSERT_EQ(actors.size(), 4u);
    EXPECT_EQ(actors[0].name, "Russian Armed Forces");  // groups before people within a side
    EXPECT_EQ(actors[1].name, "Vladimir Putin");
    EXPECT_TRUE(actors[1].person);
    EXPECT_EQ(actors[0].count, 2u);
    EXPECT_EQ(sideState(actors, Side::Russia), TriState::All);

    FilterSpec& spec = m_scene.filter;
    uint64_t v = spec.version;
    setActorShown(spec, "Vladimir Putin", false);
    EXPECT_EQ(spec.hiddenActors.count("Vladimir Putin"), 1u);
    EXPECT_GT(spec.version, v);
    EXPECT_EQ(sideState(collectActors(m_scene), Side::Russia), TriState::Some);
    m_scene.updateEventFilters();
    EXPECT_EQ(m_scene.eventLayers[0].counts.total, 5u);  // e3 still passes through the United States

    setSideShown(spec, collectActors(m_scene), Side::UnitedStates, false);
    m_scene.updateEventFilters();
    EXPECT_EQ(m_scene.eventLayers[0].counts.total, 4u);
    setSideShown(spec, collectActors(m_scene), Side::Russia, false);
    EXPECT_EQ(sideState(collectActors(m_scene), Side::Russia), TriState::None);
    m_scene.updateEventFilters();
    EXPECT_EQ(m_scene.eventLayers[0].counts.total, 3u);  // e2, e4 (no actors), e5 (Ukraine)

    v = spec.version;
    setSideShown(spec, collectActors(m_scene), Side::Russia, false);  // already hidden: no change
    EXPECT_EQ(spec.version, v);
    setSideShown(spec, collectActors(m_scene), Side::Russia, true);
    setSideShown(spec, collectActors(m_scene), Side::UnitedStates, true);
    EXPECT_TRUE(spec.hiddenActors.empty());

    setTypeShown(spec, EventType::Strike, false);
    EXPECT_FALSE(spec.typeMask & (1u << static_cast<int>(EventType::Strike)));
    setPrecisionShown(spec, LocationPrecision::District, false);
    m_scene.updateEventFilters();
    EXPECT_EQ(m_scene.eventLayers[0].counts.total, 3u);
    EXPECT_TRUE(matchesSearch("Armed Forces of Ukraine", "forces OF"));
    EXPECT_FALSE(matchesSearch("Vladimir Putin", "forces"));
    frame();  // and it still draws
}

TEST_F(PanelTest, TimelinePanelHistogramRecomputesOnlyForNonDateChanges) {
    EXPECT_EQ(histogramBinDays(0, 399), 1);
    EXPECT_EQ(histogramBinDays(0, 400), 7);
    EXPECT_EQ(histogramBinDays(0, 7 * 600 - 1), 7);
    EXPECT_EQ(histogramBinDays(0, 7 * 600), 30);
    EXPECT_LE((40000 + histogramBinDays(0, 40000)) / histogramBinDays(0, 40000), 601);

    TimelineState st;
    EXPECT_TRUE(updateTimelineHistogram(m_scene, st));
    EXPECT_FALSE(updateTimelineHistogram(m_scene, st));
    EXPECT_EQ(st.binDays, 1);
    EXPECT_EQ(st.histFirst, day(2024, 1, 1));
    EXPECT_EQ(st.histLast, day(2024, 3, 31));
    ASSERT_EQ(st.bins.size(), static_cast<size_t>(day(2024, 3, 31) - day(2024, 1, 1) + 1));
    // Events count on every day they cover: 1 + 3 + 1 + 31 + 1.
    EXPECT_EQ(std::accumulate(st.bins.begin(), st.bins.end(), 0u), 37u);
    EXPECT_EQ(st.bins[static_cast<size_t>(day(2024, 3, 20) - st.histFirst)], 2u);

    m_scene.filter.dayFrom = day(2024, 2, 1);  // a date drag
    m_scene.filter.touch();
    EXPECT_FALSE(updateTimelineHistogram(m_scene, st));
    setTypeShown(m_scene.filter, EventType::Mention, false);
    EXPECT_TRUE(updateTimelineHistogram(m_scene, st));
    EXPECT_EQ(std::accumulate(st.bins.begin(), st.bins.end(), 0u), 6u);
    m_scene.eventLayers[0].visible = false;
    EXPECT_TRUE(updateTimelineHistogram(m_scene, st));
    EXPECT_EQ(st.histMax, 0u);
    EXPECT_EQ(st.histBuilds, 3u);
}

TEST_F(PanelTest, TimelinePanelTypedDates) {
    FilterSpec& spec = m_scene.filter;
    std::string error;
    EXPECT_TRUE(applyTypedDate(spec, "2024-02-01", false, error));
    EXPECT_EQ(spec.dayFrom, day(2024, 2, 1));
    EXPECT_TRUE(error.empty());
    EXPECT_TRUE(applyTypedDate(spec, "2024-02", true, error));
    EXPECT_EQ(spec.dayTo, day(2024, 2, 29));  // a month means up to its end
    const uint64_t v = spec.version;
    EXPECT_FALSE(applyTypedDate(spec, "2024-02-30", false, error));
    EXPECT_FALSE(error.empty());
    EXPECT_EQ(spec.dayFrom, day(2024, 2, 1));
    EXPECT_EQ(spec.version, v);
    EXPECT_TRUE(applyTypedDate(spec, "2024-03-10", false, error));  // From after To drags To along
    EXPECT_EQ(spec.dayTo, day(2024, 3, 10));
}

TEST_F(PanelTest, TimelinePanelDragAndClickSelectDates) {
    ImGuiIO& io = ImGui::GetIO();
    // The panel's first-use place: along the bottom, above the 24-px status bar; its histogram fills the lower part.
    const float y = 800.f - 24.f - 40.f;
    io.MousePos = ImVec2(200.f, y);
    frame();
    frame();
    io.MouseDown[0] = true;
    frame();
    io.MousePos = ImVec2(700.f, y);
    frame();
    frame();
    io.MouseDown[0] = false;
    frame();
    const int32_t first = day(2024, 1, 1), last = day(2024, 3, 31);
    EXPECT_GT(m_scene.filter.dayFrom, first);
    EXPECT_LT(m_scene.filter.dayTo, last);
    EXPECT_GT(m_scene.filter.dayTo - m_scene.filter.dayFrom, 20);
    const int32_t from = m_scene.filter.dayFrom, to = m_scene.filter.dayTo;

    // Dragging inside the selection moves it, keeping its length.
    io.MousePos = ImVec2(450.f, y);
    frame();
    io.MouseDown[0] = true;
    frame();
    io.MousePos = ImVec2(550.f, y);
    frame();
    frame();
    io.MouseDown[0] = false;
    frame();
    EXPECT_GT(m_scene.filter.dayFrom, from);
    EXPECT_EQ(m_scene.filter.dayTo - m_scene.filter.dayFrom, to - from);

    // A click without drag outside the selection picks that day (daily bars here).
    io.MousePos = ImVec2(1200.f, y);
    frame();
    io.MouseDown[0] = true;
    frame();
    io.MouseDown[0] = false;
    frame();
    EXPECT_EQ(m_scene.filter.dayFrom, m_scene.filter.dayTo);
    EXPECT_GT(m_scene.filter.dayFrom, day(2024, 3, 15));
}

TEST(InspectorPanelTest, PlaceHighlights) {
    const std::string text = "Russian forces shelled Kharkiv overnight; kharkiv officials said.";
    const auto h = placeHighlights(text, "Kharkiv");
    ASSERT_EQ(h.size(), 2u);
    EXPECT_EQ(text.substr(h[0].first, h[0].second - h[0].first), "Kharkiv");
    EXPECT_EQ(text.substr(h[1].first, h[1].second - h[1].first), "kharkiv");
    const std::string t2 = "Reports from Kryvyi Rih said little.";
    const auto h2 = placeHighlights(t2, "Kryvyi Rih district");  // not there whole: its first word is
    ASSERT_EQ(h2.size(), 1u);
    EXPECT_EQ(t2.substr(h2[0].first, h2[0].second - h2[0].first), "Kryvyi");
    EXPECT_TRUE(placeHighlights(t2, "").empty());
    EXPECT_TRUE(placeHighlights(t2, "Odesa").empty());
}

TEST(InspectorPanelTest, NearbyEventsWithinAKilometre) {
    ActorTable table;
    EventStore s;
    s.add(event("a", 10, 10, {}, EventType::Battle, "X", 36.2300, 49.9900, LocationPrecision::Exact, ""), table);
    s.add(event("b", 30, 30, {}, EventType::Battle, "X", 36.2350, 49.9930, LocationPrecision::Exact, ""), table);  // ~480 m
    s.add(event("c", 12, 12, {}, EventType::Battle, "X", 36.3000, 49.9900, LocationPrecision::Exact, ""), table);  // ~5 km
    s.add(event("d", 11, 11, {}, EventType::Battle, "X", 36.2300, 49.9900, LocationPrecision::Exact, ""), table);  // same spot
    size_t total = 0;
    const auto near = eventsNearby(s, 0, 1000.0, 50, &total);
    EXPECT_EQ(total, 2u);
    EXPECT_EQ(near, (std::vector<size_t>{3, 1}));  // by date
    const auto one = eventsNearby(s, 0, 1000.0, 1, &total);
    EXPECT_EQ(total, 2u);
    EXPECT_EQ(one, (std::vector<size_t>{3}));  // the closest in time
    EXPECT_TRUE(eventsNearby(s, 99, 1000.0, 50).empty());
}

TEST(InspectorPanelTest, ShortenUtf8CutsAtCharacters) {
    EXPECT_EQ(shortenUtf8("short", 120), "short");
    const std::string cyr = "Харків";  // two bytes per letter
    const std::string cut = shortenUtf8(cyr, 3);
    EXPECT_EQ(cut, "Х…");
}

}  // namespace
}  // namespace fm
