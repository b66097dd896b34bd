// Tests for src/geo/event_mesh: positions against PROJ itself, the GPU instances assembled from the mesh and the
// store's columns (days, actor set, packed type/precision/side), unprojectable events, picking, and the CPU cost
// of a mesh per event (the instances are not kept: a regression would double the memory of a million events).
#include "geo/event_mesh.h"

#include <gtest/gtest.h>
#include <proj.h>

#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "event_fixtures.h"
#include "model/event_store.h"
#include "sources/projection.h"

namespace fm {
namespace {

const char* kLcc = "+proj=lcc +lat_1=45 +lat_2=53 +lat_0=48.5 +lon_0=31 +datum=WGS84 +units=m +type=crs";

const ActorTable& testActors() {
    static const ActorTable table = [] {
        ActorTable t;
        t.loadTsv(
            "Russia\tRussia\tRussia\tgroup\n"
            "Ukraine\tUkraine\tUkraine\tgroup\n"
            "Trump\tDonald Trump\tUnited States\tperson\n");
        return t;
    }();
    return table;
}

EventRecord event(double lon, double lat, int32_t start, int32_t end, std::vector<std::string> actors, EventType type,
                  LocationPrecision precision) {
    return test::makeEvent("", lon, lat, start, end, std::move(actors), type, precision);
}

// lon/lat → LCC through PROJ's own API, in the visualisation axis order.
void projReference(double lon, double lat, double& x, double& y) {
    PJ_CONTEXT* ctx = proj_context_create();
    PJ* raw = proj_create_crs_to_crs(ctx, "EPSG:4326", kLcc, nullptr);
    ASSERT_NE(raw, nullptr);
    PJ* pj = proj_normalize_for_visualization(ctx, raw);
    proj_destroy(raw);
    ASSERT_NE(pj, nullptr);
    const PJ_COORD c = proj_trans(pj, PJ_FWD, proj_coord(lon, lat, 0, 0));
    x = c.xy.x;
    y = c.xy.y;
    proj_destroy(pj);
    proj_context_destroy(ctx);
}

TEST(EventMesh, PositionsMatchProjAndInstancesCarryTheStoresColumns) {
    EventStore store;
    const int32_t d1 = daysFromCivil(2025, 3, 8), d2 = daysFromCivil(2025, 3, 12);
    store.add(event(35.219, 51.167, d1, d1, {"Russia"}, EventType::Battle, LocationPrecision::Town), testActors());  // Sudzha
    store.add(event(37.177, 48.286, d1, d2, {"Ukraine", "Russia"}, EventType::Strike, LocationPrecision::Exact),
              testActors());  // Pokrovsk
    store.add(event(30.523, 50.450, d2, d2, {"Trump"}, EventType::Talks, LocationPrecision::Region), testActors());
    const Projection proj = Projection::create(kLcc);
    const auto mesh = buildEventMesh(store, proj);
    ASSERT_EQ(mesh->points.size(), 3u);
    EXPECT_TRUE(mesh->instances.empty());
    EXPECT_EQ(mesh->size(), 3u);
    for (size_t i = 0; i < 3; ++i) {
        double x = 0, y = 0;
        projReference(store.lon()[i], store.lat()[i], x, y);
        // Float offsets from a 1000-km origin: within a metre of PROJ.
        EXPECT_NEAR(mesh->points[i].x + mesh->origin.x, x, 1.0) << i;
        EXPECT_NEAR(mesh->points[i].y + mesh->origin.y, y, 1.0) << i;
    }
    EXPECT_EQ(mesh->points[1].radius, 0.f);  // exact site: a point
    EXPECT_GT(mesh->points[2].radius, mesh->points[0].radius);  // a region is wider than a town

    const std::vector<EventInstance> gpu = mesh->gpuInstances(&store);
    ASSERT_EQ(gpu.size(), 3u);
    for (size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(gpu[i].x, mesh->points[i].x);
        EXPECT_EQ(gpu[i].y, mesh->points[i].y);
        EXPECT_EQ(gpu[i].radius, mesh->points[i].radius);
        EXPECT_EQ(gpu[i].dayStart, store.dayStart()[i]);
        EXPECT_EQ(gpu[i].dayEnd, store.dayEnd()[i]);
        EXPECT_EQ(gpu[i].actorSet, store.actorSet()[i]);
        EXPECT_EQ(gpu[i].packed & 0xff, store.type()[i]);
        EXPECT_EQ((gpu[i].packed >> 8) & 0xff, store.precision()[i]);
    }
    EXPECT_EQ(gpu[1].dayEnd, d2);
    EXPECT_EQ((gpu[0].packed >> 16) & 0xff, static_cast<uint32_t>(Side::Russia));
    EXPECT_EQ((gpu[1].packed >> 16) & 0xff, static_cast<uint32_t>(Side::Ukraine));  // the first actor's side
    EXPECT_EQ((gpu[2].packed >> 16) & 0xff, static_cast<uint32_t>(Side::UnitedStates));
    EXPECT_THROW(mesh->gpuInstances(nullptr), Error);  // a store's mesh cannot be drawn without its store
}

TEST(EventMesh, UnprojectableEventIsNaNAndNeverPicked) {
    EventStore store;
    const int32_t d = daysFromCivil(2025, 3, 8);
    // An orthographic view centred on Kyiv cannot show the far side of the Earth.
    store.add(event(30.523, 50.450, d, d, {"Ukraine"}, EventType::Battle, LocationPrecision::Exact), testActors());
    store.add(event(-150.0, -50.0, d, d, {"Russia"}, EventType::Battle, LocationPrecision::Exact), testActors());
    const auto mesh = buildEventMesh(store, Projection::create("+proj=ortho +lat_0=50 +lon_0=30 +datum=WGS84 +units=m +type=crs"));
    ASSERT_EQ(mesh->points.size(), 2u);
    EXPECT_TRUE(std::isfinite(mesh->points[0].x));
    EXPECT_FALSE(std::isfinite(mesh->points[1].x));
    const double kx = mesh->points[0].x + mesh->origin.x, ky = mesh->points[0].y + mesh->origin.y;
    const std::vector<uint32_t> hit = mesh->near(kx + 50, ky, 100);
    ASSERT_EQ(hit.size(), 1u);
    EXPECT_EQ(hit[0], 0u);
    EXPECT_TRUE(mesh->near(kx + 500, ky, 100).empty());
}

// Found by UBSan (float-cast-overflow): with one event the picking grid has no extent, and the cell of a point was
// converted to int before it was clamped. Far-away and NaN queries are answered, empty, without undefined behaviour.
TEST(EventMesh, PickingAMeshOfOneEventFarAwayOrWithNaNIsDefined) {
    EventStore store;
    const int32_t d = daysFromCivil(2025, 3, 8);
    store.add(event(30.523, 50.450, d, d, {"Ukraine"}, EventType::Battle, LocationPrecision::Exact), testActors());
    const auto mesh = buildEventMesh(store, Projection::create(kLcc));
    const double kx = mesh->points[0].x + mesh->origin.x, ky = mesh->points[0].y + mesh->origin.y;
    EXPECT_EQ(mesh->near(kx + 10, ky - 10, 100), (std::vector<uint32_t>{0}));
    EXPECT_TRUE(mesh->near(kx + 5e10, ky - 5e10, 100).empty());
    EXPECT_TRUE(mesh->near(kx - 1e300, ky, 1e290).empty());
    EXPECT_TRUE(mesh->near(NAN, ky, 100).empty());
    EXPECT_TRUE(mesh->near(kx, ky, NAN).empty());
}

TEST(EventMesh, PickingReturnsNearestFirstAmongManyEvents) {
    EventStore store;
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> lon(30, 40), lat(45, 52);
    const int32_t d = daysFromCivil(2025, 1, 1);
    for (int i = 0; i < 2000; ++i)
        store.add(event(lon(rng), lat(rng), d, d, {"Russia"}, EventType::Strike, LocationPrecision::Exact), testActors());
    const auto mesh = buildEventMesh(store, Projection::create(kLcc));
    const double x = mesh->origin.x + 100000, y = mesh->origin.y - 50000, r = 40000;
    const std::vector<uint32_t> hit = mesh->near(x, y, r, 100000);
    // Brute force over every event gives the same set, in order of distance.
    std::vector<std::pair<double, uint32_t>> all;
    for (uint32_t i = 0; i < store.size(); ++i) {
        const double dd = std::hypot(mesh->points[i].x + mesh->origin.x - x, mesh->points[i].y + mesh->origin.y - y);
        if (dd <= r) all.emplace_back(dd, i);
    }
    std::sort(all.begin(), all.end());
    ASSERT_FALSE(all.empty());
    ASSERT_EQ(hit.size(), all.size());
    for (size_t k = 0; k < all.size(); ++k) EXPECT_EQ(hit[k], all[k].second) << k;
}

TEST(EventMesh, CpuCopyIsPositionsRadiiAndTheGridNotTheGpuInstances) {
    EventStore store;
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> lon(22, 40), lat(44, 53);
    const int32_t d = daysFromCivil(2024, 6, 1);
    const int n = 20000;
    for (int i = 0; i < n; ++i)
        store.add(event(lon(rng), lat(rng), d, d + i % 30, {i % 2 ? "Russia" : "Ukraine"}, EventType::Battle,
                        LocationPrecision::Town),
                  testActors());
    const auto mesh = buildEventMesh(store, Projection::create(kLcc));
    // 12 bytes of position and radius, 4 of the picking grid's event list, and its cell starts (about 1 per 4 events).
    const double perEvent = static_cast<double>(mesh->memoryBytes()) / n;
    EXPECT_LE(perEvent, 17.5);
    EXPECT_LT(perEvent, static_cast<double>(sizeof(EventInstance)));
}

}  // namespace
}  // namespace fm
