#include "geo/mesh_builder.h"

#include <atomic>
#include <cmath>

namespace fm {

uint64_t nextMeshId() {
    static std::atomic<uint64_t> counter{1};
    return counter.fetch_add(1);
}

std::shared_ptr<LayerMesh> buildLayerMesh(const ProjectedGeometry& pg, const std::vector<int>& fillClassOfFeature) {
    auto mesh = std::make_shared<LayerMesh>();
    mesh->id = nextMeshId();
    const GeometryColumn& g = pg.xy;
    mesh->bounds = pg.bounds.empty() ? g.bounds() : pg.bounds;
    mesh->origin = mesh->bounds.empty() ? Vec2{} : mesh->bounds.center();
    const double ox = mesh->origin.x, oy = mesh->origin.y;
    const size_t nv = g.vertexCount();

    if (g.kind == GeomKind::Point) {
        mesh->pointVertices.reserve(nv * 2);
        for (size_t v = 0; v < nv; ++v) {
            mesh->pointVertices.push_back(static_cast<float>(g.xy[2 * v] - ox));
            mesh->pointVertices.push_back(static_cast<float>(g.xy[2 * v + 1] - oy));
        }
        return mesh;
    }

    // Lines (and polygon outlines): strips separated by break vertices; rings are closed explicitly.
    mesh->lineVertices.reserve((nv + g.partCount() * 2) * 3);
    for (size_t p = 0; p < g.partCount(); ++p) {
        const uint32_t v0 = g.partStart[p], v1 = g.partStart[p + 1];
        if (v1 - v0 < 2) continue;
        double dist = 0.0;
        double px = g.xy[2 * v0], py = g.xy[2 * v0 + 1];
        for (uint32_t v = v0; v < v1; ++v) {
            const double x = g.xy[2 * v], y = g.xy[2 * v + 1];
            dist += std::hypot(x - px, y - py);
            px = x;
            py = y;
            mesh->lineVertices.insert(mesh->lineVertices.end(),
                                      {static_cast<float>(x - ox), static_cast<float>(y - oy), static_cast<float>(dist)});
        }
        if (g.kind == GeomKind::Polygon) {
            const double x = g.xy[2 * v0], y = g.xy[2 * v0 + 1];
            if (x != px || y != py) {
                dist += std::hypot(x - px, y - py);
                mesh->lineVertices.insert(mesh->lineVertices.end(),
                                          {static_cast<float>(x - ox), static_cast<float>(y - oy), static_cast<float>(dist)});
            }
        }
        mesh->lineVertices.insert(mesh->lineVertices.end(), {kLineBreak, kLineBreak, 0.f});
    }
    if (g.kind != GeomKind::Polygon) return mesh;

    // Fills: every ring as a fan from its first vertex. With the stencil's non-zero rule and rings oriented by the
    // projector, the fans add up to exactly the polygon with its holes, whatever the ring's shape.
    mesh->fillVertices.reserve(nv * 2);
    for (size_t v = 0; v < nv; ++v) {
        mesh->fillVertices.push_back(static_cast<float>(g.xy[2 * v] - ox));
        mesh->fillVertices.push_back(static_cast<float>(g.xy[2 * v + 1] - oy));
    }
    int maxClass = 0;
    for (int c : fillClassOfFeature) maxClass = std::max(maxClass, c);
    const size_t nf = g.featureCount();
    for (int cls = 0; cls <= maxClass; ++cls) {
        FillGroup group;
        group.fillClass = cls;
        group.firstIndex = static_cast<uint32_t>(mesh->fillIndices.size());
        for (size_t f = 0; f < nf; ++f) {
            const uint32_t src = f < g.featureId.size() ? g.featureId[f] : static_cast<uint32_t>(f);
            const int fc = src < fillClassOfFeature.size() ? fillClassOfFeature[src] : 0;
            if (fc != cls) continue;
            for (uint32_t p = g.featureStart[f]; p < g.featureStart[f + 1]; ++p) {
                uint32_t v0 = g.partStart[p], v1 = g.partStart[p + 1];
                // The closing vertex repeats the first; it adds nothing to a fan.
                if (v1 - v0 >= 2 && g.xy[2 * v0] == g.xy[2 * (v1 - 1)] && g.xy[2 * v0 + 1] == g.xy[2 * (v1 - 1) + 1]) --v1;
                if (v1 - v0 < 3) continue;
                for (uint32_t v = v0 + 1; v + 1 < v1; ++v) {
                    mesh->fillIndices.insert(mesh->fillIndices.end(), {v0, v, v + 1});
                }
                for (uint32_t v = v0; v < v1; ++v) group.bounds.add(g.xy[2 * v] - ox, g.xy[2 * v + 1] - oy);
            }
        }
        group.indexCount = static_cast<uint32_t>(mesh->fillIndices.size()) - group.firstIndex;
        if (group.indexCount > 0) mesh->fillGroups.push_back(group);
    }
    return mesh;
}

}  // namespace fm
