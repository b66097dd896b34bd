// Rendering tests for event layers: a MapScene with no base map and one event layer, drawn offscreen through
// renderSnapshot in a headless EGL context, and checked pixel by pixel at the events' own projected positions
// (Projection's transformer, then Camera::mapToScreen): the GPU-side filter (dates, actors) shows and hides the
// right events in the right side colours, a filter change is picked up, and uncertain locations get a tinted area.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "app/gl_context.h"
#include "core/date.h"
#include "core/error.h"
#include "export/snapshot.h"
#include "model/event_filter.h"
#include "model/event_store.h"
#include "model/filter_spec.h"
#include "render/map_renderer.h"
#include "render/map_scene.h"
#include "sources/event_reader.h"
#include "sources/projection.h"

namespace fm {
namespace {

// The headless path needs no X server: DISPLAY (and Wayland's) are gone before any context is made.
class NoDisplayForEvents : public ::testing::Environment {
public:
    void SetUp() override {
        ::unsetenv("DISPLAY");
        ::unsetenv("WAYLAND_DISPLAY");
    }
};
[[maybe_unused]] ::testing::Environment* const kNoDisplayForEvents = ::testing::AddGlobalTestEnvironment(new NoDisplayForEvents);

const ActorTable& testActors() {
    static const ActorTable table = [] {
        ActorTable t;
        t.add("Russia", "Russia", Side::Russia, false);
        t.add("Ukraine", "Ukraine", Side::Ukraine, false);
        t.add("United States", "United States", Side::UnitedStates, false);
        return t;
    }();
    return table;
}

EventRecord event(const std::string& id, double lon, double lat, int32_t dayNumber, const std::string& actor,
                  LocationPrecision precision = LocationPrecision::Exact) {
    EventRecord e;
    e.id = id;
    e.lon = lon;
    e.lat = lat;
    e.dayStart = e.dayEnd = dayNumber;
    e.actors = {actor};
    e.type = EventType::Battle;  // a filled disc: its centre pixel is the side colour
    e.precision = precision;
    return e;
}

int to8(float c) { return static_cast<int>(std::lround(c * 255.f)); }

std::string describe(const uint8_t* px) {
    std::ostringstream s;
    s << "rgb(" << int(px[0]) << "," << int(px[1]) << "," << int(px[2]) << ")";
    return s.str();
}

std::string describe(const Color& c) {
    std::ostringstream s;
    s << "rgb(" << to8(c.r) << "," << to8(c.g) << "," << to8(c.b) << ")";
    return s.str();
}

bool near(const uint8_t* px, const Color& c, int tol) {
    return std::abs(px[0] - to8(c.r)) <= tol && std::abs(px[1] - to8(c.g)) <= tol && std::abs(px[2] - to8(c.b)) <= tol;
}

Color mix(const Color& over, float alpha, const Color& under) {
    return {over.r * alpha + under.r * (1.f - alpha), over.g * alpha + under.g * (1.f - alpha),
            over.b * alpha + under.b * (1.f - alpha), 1.f};
}

// One GL context and renderer for the suite; each test builds its own scene.
class EventRenderTest : public ::testing::Test {
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
        m_projection = Projection::create("EPSG:3857");
        m_transformer = m_projection.makeTransformer();
        m_scene.showLabels = false;
        m_scene.showGraticule = false;
    }

    // Adds one event layer holding `events` to the scene.
    int addEvents(const std::vector<EventRecord>& events) {
        auto data = std::make_shared<EventLayerData>();
        data->title = "fixture events";
        for (const EventRecord& e : events) data->store.add(e, testActors());
        auto index = std::make_shared<EventIndex>();
        index->build(data->store);
        return m_scene.addEventLayer("fixture events", data, index);
    }

    // Draws the scene at 400x300 in Web Mercator, framed exactly on the lon/lat box.
    Image render(const BBox& lonlatFrame) {
        m_scene.buildAll(m_projection, ProjectOptions{});
        SnapshotSpec spec;
        spec.width = 400;
        spec.height = 300;
        spec.pixelRatio = 1.f;
        spec.samples = 4;
        spec.camera.width = spec.width;
        spec.camera.height = spec.height;
        spec.camera.fitExact(projectLonLatBox(lonlatFrame, m_projection));
        m_camera = spec.camera;
        return renderSnapshot(m_scene, *s_renderer, nullptr, m_projection.definition(), spec);
    }

    // Screen position (pixels, continuous) of a lon/lat in the last render.
    Vec2 screenOf(double lon, double lat) const {
        double x = 0, y = 0;
        EXPECT_TRUE(m_transformer->forward(lon, lat, x, y)) << lon << "," << lat;
        return m_camera.mapToScreen(x, y);
    }

    void expectColorAt(const Image& img, Vec2 screen, const Color& want, const std::string& what, int tol = 3) const {
        const int px = static_cast<int>(std::floor(screen.x)), py = static_cast<int>(std::floor(screen.y));
        ASSERT_TRUE(px >= 0 && py >= 0 && px < img.width && py < img.height) << what << " at " << px << "," << py;
        const uint8_t* p = img.pixel(px, py);
        EXPECT_TRUE(near(p, want, tol)) << what << " at pixel " << px << "," << py << ": got " << describe(p) << ", want "
                                        << describe(want);
    }

    static std::unique_ptr<HeadlessContext> s_context;
    static std::unique_ptr<MapRenderer> s_renderer;
    static std::string s_failure;

    Projection m_projection;
    std::unique_ptr<Transformer> m_transformer;
    MapScene m_scene;
    Camera m_camera;
};
std::unique_ptr<HeadlessContext> EventRenderTest::s_context;
std::unique_ptr<MapRenderer> EventRenderTest::s_renderer;
std::string EventRenderTest::s_failure;

TEST_F(EventRenderTest, DefaultSideColoursAreTheDocumentedOnes) {
    const EventDrawParams p;
    EXPECT_EQ(p.sideColors[static_cast<int>(Side::Russia)], Color::rgb(0xc6, 0x28, 0x28));
    EXPECT_EQ(p.sideColors[static_cast<int>(Side::Ukraine)], Color::rgb(0x15, 0x65, 0xc0));
    EXPECT_EQ(p.sideColors[static_cast<int>(Side::UnitedStates)], Color::rgb(0x2e, 0x7d, 0x32));
    EXPECT_EQ(p.sideColors[static_cast<int>(Side::Other)], Color::rgb(0x6d, 0x6d, 0x6d));
}

TEST_F(EventRenderTest, DateAndActorFilterShowOnlyPassingEventsAndAFilterChangeIsPickedUp) {
    const int32_t mar1 = daysFromCivil(2025, 3, 1);
    // A (Russia, 1 March), B (Ukraine, 5 March), C (United States, 20 March), far apart.
    const double aLon = 12, aLat = 46, bLon = 22, bLat = 50, cLon = 32, cLat = 54;
    const int layer = addEvents({event("A", aLon, aLat, mar1, "Russia"), event("B", bLon, bLat, mar1 + 4, "Ukraine"),
                                 event("C", cLon, cLat, mar1 + 19, "United States")});
    m_scene.filter.dayFrom = mar1;
    m_scene.filter.dayTo = mar1 + 9;  // A and B
    m_scene.filter.hiddenActors = {"Ukraine"};  // ...and not B
    m_scene.filter.touch();
    const BBox frame = BBox::of(7, 42, 37, 58);
    const EventDrawParams colours;
    const Color russia = colours.sideColors[static_cast<int>(Side::Russia)];
    const Color us = colours.sideColors[static_cast<int>(Side::UnitedStates)];

    const Image first = render(frame);
    ASSERT_EQ(first.width, 400);
    ASSERT_EQ(first.height, 300);
    expectColorAt(first, screenOf(aLon, aLat), russia, "A (passes)");
    expectColorAt(first, screenOf(bLon, bLat), m_scene.oceanColor, "B (its actor is hidden)");
    expectColorAt(first, screenOf(cLon, cLat), m_scene.oceanColor, "C (after the date range)");
    // The layer's counts agree with the picture.
    const SceneEventLayer* l = m_scene.findEventLayer(layer);
    ASSERT_NE(l, nullptr);
    EXPECT_EQ(l->counts.total, 1u);

    m_scene.filter.dayTo = mar1 + 30;
    m_scene.filter.touch();
    const Image second = render(frame);
    expectColorAt(second, screenOf(aLon, aLat), russia, "A (still passes)");
    expectColorAt(second, screenOf(bLon, bLat), m_scene.oceanColor, "B (still hidden)");
    expectColorAt(second, screenOf(cLon, cLat), us, "C (now in the date range)");
    EXPECT_EQ(l->counts.total, 2u);

    // Showing B's actor again brings B back in Ukraine's colour.
    m_scene.filter.hiddenActors.clear();
    m_scene.filter.touch();
    const Image third = render(frame);
    expectColorAt(third, screenOf(bLon, bLat), colours.sideColors[static_cast<int>(Side::Ukraine)], "B (actor shown)");
    EXPECT_EQ(l->counts.total, 3u);

    // An inverted range (from after to, as mid-drag on the timeline) draws nothing, though B covers neither end.
    m_scene.filter.dayFrom = mar1 + 19;
    m_scene.filter.dayTo = mar1;
    m_scene.filter.touch();
    const Image inverted = render(frame);
    expectColorAt(inverted, screenOf(aLon, aLat), m_scene.oceanColor, "A (inverted range)");
    expectColorAt(inverted, screenOf(bLon, bLat), m_scene.oceanColor, "B (inverted range)");
    expectColorAt(inverted, screenOf(cLon, cLat), m_scene.oceanColor, "C (inverted range)");
    EXPECT_EQ(l->counts.total, 0u);
}

TEST_F(EventRenderTest, RegionPrecisionEventDrawsATranslucentAreaAndAnExactOneDoesNot) {
    const int32_t day = daysFromCivil(2025, 3, 1);
    const double rLon = 16, rLat = 48, eLon = 29, eLat = 48;
    const int layer = addEvents({event("R", rLon, rLat, day, "Russia", LocationPrecision::Region),
                                 event("E", eLon, eLat, day, "Russia", LocationPrecision::Exact)});
    const Image img = render(BBox::of(12, 44, 33, 52));
    const SceneEventLayer* l = m_scene.findEventLayer(layer);
    ASSERT_NE(l, nullptr);
    ASSERT_TRUE(l->mesh);

    // The area's radius on screen, from the region's 80 km and the local scale (a point that far north).
    const double metres = uncertaintyRadiusMeters(LocationPrecision::Region);
    ASSERT_GT(metres, 0.0);
    const Vec2 centre = screenOf(rLon, rLat);
    const Vec2 north = screenOf(rLon, rLat + metres / 111320.0);
    const double radiusPx = std::hypot(north.x - centre.x, north.y - centre.y);
    EXPECT_NEAR(l->mesh->points[0].radius / m_camera.unitsPerPixel, radiusPx, radiusPx * 0.02);
    EXPECT_EQ(l->mesh->points[1].radius, 0.f);
    // Half the radius must be clear of the symbol itself (radius 5 px, 1.2 px outline) for the check to mean much.
    ASSERT_GT(radiusPx * 0.5, l->pointRadius + 3.0) << "frame the view tighter";

    const Color russia = EventDrawParams{}.sideColors[static_cast<int>(Side::Russia)];
    const Color tint = mix(russia, 0.10f, m_scene.oceanColor);  // the area's fill alpha (shaders/event.frag.glsl)
    expectColorAt(img, centre, russia, "R's symbol");
    for (const Vec2 dir : {Vec2{1, 0}, Vec2{-1, 0}, Vec2{0, 1}, Vec2{0, -1}}) {
        const Vec2 inside{centre.x + dir.x * radiusPx * 0.5, centre.y + dir.y * radiusPx * 0.5};
        const int px = static_cast<int>(std::floor(inside.x)), py = static_cast<int>(std::floor(inside.y));
        ASSERT_TRUE(px >= 0 && py >= 0 && px < img.width && py < img.height);
        EXPECT_FALSE(near(img.pixel(px, py), m_scene.oceanColor, 4)) << "half the radius from R is untinted: " << describe(img.pixel(px, py));
        expectColorAt(img, inside, tint, "half the radius from R", 4);
        const Vec2 outside{centre.x + dir.x * radiusPx * 1.5, centre.y + dir.y * radiusPx * 1.5};
        expectColorAt(img, outside, m_scene.oceanColor, "beyond R's radius");
    }

    // The exact event: its symbol, and nothing at the same distance around it.
    const Vec2 exact = screenOf(eLon, eLat);
    expectColorAt(img, exact, russia, "E's symbol");
    for (const Vec2 dir : {Vec2{1, 0}, Vec2{-1, 0}, Vec2{0, 1}, Vec2{0, -1}})
        expectColorAt(img, Vec2{exact.x + dir.x * radiusPx * 0.5, exact.y + dir.y * radiusPx * 0.5}, m_scene.oceanColor,
                      "half R's radius from E");

    // Hiding region-precision events takes the area away with the symbol.
    m_scene.filter.precisionMask = ~(1u << static_cast<int>(LocationPrecision::Region));
    m_scene.filter.touch();
    const Image hidden = render(BBox::of(12, 44, 33, 52));
    expectColorAt(hidden, centre, m_scene.oceanColor, "R hidden by precision");
    expectColorAt(hidden, Vec2{centre.x + radiusPx * 0.5, centre.y}, m_scene.oceanColor, "R's area hidden by precision");
    expectColorAt(hidden, exact, russia, "E still drawn");
}

}  // namespace
}  // namespace fm
