// Levels of detail of layer meshes: every simplified level stays within its tolerance of the full geometry and
// really simplifies (each level smaller than the one before), and an export at one known resolution gets exactly one
// level, the one the viewer would draw there.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "geo/mesh_builder.h"
#include "render/map_scene.h"
#include "sources/layer_data.h"
#include "sources/projection.h"

namespace fm {
namespace {

constexpr double kPi = 3.14159265358979323846;

// A closed, wiggly ring around (cx, cy): a circle of radius r with bumps of several sizes, `n` vertices.
void addWigglyRing(GeometryColumn& g, double cx, double cy, double r, int n) {
    for (int i = 0; i < n; ++i) {
        const double a = 2 * kPi * i / n;
        const double rr = r * (1.0 + 0.05 * std::sin(7 * a) + 0.01 * std::sin(91 * a) + 0.002 * std::sin(613 * a));
        g.addVertex(cx + rr * std::cos(a), cy + rr * std::sin(a));
    }
    g.addVertex(g.xy[2 * g.partStart.back()], g.xy[2 * g.partStart.back() + 1]);  // closed
    g.endPart();
}

double segmentDistance(double px, double py, double ax, double ay, double bx, double by) {
    const double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0.0;
    t = std::fmax(0.0, std::fmin(1.0, t));
    return std::hypot(px - ax - t * dx, py - ay - t * dy);
}

// The largest distance from a vertex of `full` part p to the same part of `simple` (parts kept in order here).
double maxDeviation(const GeometryColumn& full, const GeometryColumn& simple, size_t p) {
    double worst = 0.0;
    for (uint32_t i = full.partStart[p]; i < full.partStart[p + 1]; ++i) {
        const double x = full.xy[2 * i], y = full.xy[2 * i + 1];
        double best = std::numeric_limits<double>::infinity();
        for (uint32_t k = simple.partStart[p]; k + 1 < simple.partStart[p + 1]; ++k)
            best = std::fmin(best, segmentDistance(x, y, simple.xy[2 * k], simple.xy[2 * k + 1], simple.xy[2 * k + 2],
                                                   simple.xy[2 * k + 3]));
        worst = std::fmax(worst, best);
    }
    return worst;
}

ProjectedGeometry wigglyPolygons() {
    ProjectedGeometry pg;
    pg.xy.kind = GeomKind::Polygon;
    addWigglyRing(pg.xy, 0, 0, 100000, 6000);
    pg.xy.endFeature(0);
    addWigglyRing(pg.xy, 300000, 50000, 60000, 4000);
    pg.xy.endFeature(1);
    pg.bounds = pg.xy.bounds();
    return pg;
}

TEST(MeshLod, EveryLevelStaysWithinItsToleranceOfTheFullGeometry) {
    const ProjectedGeometry pg = wigglyPolygons();
    const std::vector<double> tol = {50, 100, 200, 400, 800, 1600, 3200};
    const std::vector<ProjectedGeometry> levels = simplifyLevels(pg, tol);
    ASSERT_EQ(levels.size(), tol.size());
    size_t previous = pg.xy.vertexCount();
    for (size_t k = 0; k < levels.size(); ++k) {
        const GeometryColumn& g = levels[k].xy;
        ASSERT_EQ(g.partCount(), pg.xy.partCount()) << "no ring of this size collapses at " << tol[k];
        EXPECT_LT(g.vertexCount(), previous) << "level " << k << " is smaller than the one before";
        previous = g.vertexCount();
        for (size_t p = 0; p < g.partCount(); ++p) {
            const double dev = maxDeviation(pg.xy, g, p);
            EXPECT_LE(dev, tol[k] * (1 + 1e-9)) << "level " << k << " (tolerance " << tol[k] << " m), ring " << p;
            // And it is not trivially exact: simplification did use its allowance.
            EXPECT_GT(dev, tol[k] * 0.2) << "level " << k << ", ring " << p;
        }
    }
    // The coarsest level keeps a few dozen vertices per ring of these sizes, not thousands.
    EXPECT_LT(levels.back().xy.vertexCount(), pg.xy.vertexCount() / 50);
}

TEST(MeshLod, MeshLevelsFollowTheTolerancesAndTheResolutionPicksThem) {
    const ProjectedGeometry pg = wigglyPolygons();
    const auto mesh = buildLayerMeshWithLods(pg, {}, {100, 200, 400, 800});
    ASSERT_FALSE(mesh->lods.empty());
    ASSERT_EQ(mesh->lods.size(), mesh->lodTolerance.size());
    for (size_t k = 1; k < mesh->lods.size(); ++k) {
        EXPECT_GT(mesh->lodTolerance[k], mesh->lodTolerance[k - 1]);
        EXPECT_LT(mesh->lods[k]->lineVertices.size(), mesh->lods[k - 1]->lineVertices.size());
    }
    EXPECT_EQ(&mesh->forResolution(10.0), mesh.get()) << "fine resolutions draw the full mesh";
    EXPECT_EQ(&mesh->forResolution(2000.0), mesh->lods.back().get()) << "coarse ones the coarsest level";
}

TEST(MeshLod, AnExportAtOneResolutionGetsOnlyTheLevelItDraws) {
    // A lon/lat layer through the real scene path (projection, clipping, levels).
    auto data = std::make_shared<LayerData>();
    data->lonlat.kind = GeomKind::Polygon;
    for (int i = 0; i <= 4000; ++i) {
        const double a = 2 * kPi * (i % 4000) / 4000;
        data->lonlat.addVertex(31.0 + 3.0 * std::cos(a) * (1 + 0.03 * std::sin(50 * a)), 49.0 + 2.0 * std::sin(a));
    }
    data->lonlat.endPart();
    data->lonlat.endFeature(0);
    const Projection proj = Projection::create("EPSG:3857");
    ProjectOptions all;
    const MeshResult viewer = buildSceneMesh(*data, LayerStyle{}, proj, all);
    ASSERT_FALSE(viewer.mesh->lods.empty()) << "the viewer gets every level";

    const double upp = 3000.0;  // metres per pixel: a country-wide picture
    ProjectOptions exportOpts;
    exportOpts.onlyUnitsPerPixel = upp;
    const MeshResult exported = buildSceneMesh(*data, LayerStyle{}, proj, exportOpts);
    EXPECT_TRUE(exported.mesh->lods.empty()) << "an export builds one level only";
    const LayerMesh& drawn = viewer.mesh->forResolution(upp);
    EXPECT_NE(&drawn, viewer.mesh.get()) << "at this resolution the viewer draws a simplified level";
    EXPECT_LT(exported.mesh->lineVertices.size(), viewer.mesh->lineVertices.size());
    // Exactly the level the viewer draws at that resolution.
    EXPECT_EQ(exported.mesh->lineVertices, drawn.lineVertices);
    EXPECT_EQ(exported.mesh->fillIndices.size(), drawn.fillIndices.size());

    exportOpts.onlyUnitsPerPixel = 1.0;  // finer than every level: the full geometry
    const MeshResult fine = buildSceneMesh(*data, LayerStyle{}, proj, exportOpts);
    EXPECT_EQ(fine.mesh->lineVertices.size(), viewer.mesh->lineVertices.size());
}

}  // namespace
}  // namespace fm
