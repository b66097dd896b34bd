#include "geo/mesh_builder.h"

#include <atomic>
#include <algorithm>
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
            dist += std::sqrt((x - px) * (x - px) + (y - py) * (y - py));
            px = x;
            py = y;
            mesh->lineVertices.insert(mesh->lineVertices.end(),
                                      {static_cast<float>(x - ox), static_cast<float>(y - oy), static_cast<float>(dist)});
        }
        if (g.kind == GeomKind::Polygon) {
            const double x = g.xy[2 * v0], y = g.xy[2 * v0 + 1];
            if (x != px || y != py) {
                dist += std::sqrt((x - px) * (x - px) + (y - py) * (y - py));
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

std::vector<double> simplifyPath(const double* xy, size_t n, double tol) {
    std::vector<double> out;
    if (n <= 2 || tol <= 0) {
        out.assign(xy, xy + 2 * n);
        return out;
    }
    std::vector<uint8_t> keep(n, 0);
    keep[0] = keep[n - 1] = 1;
    // A closed ring's first and last vertices coincide: split it at its farthest vertex so the recursion has a
    // real chord to measure against.
    std::vector<std::pair<size_t, size_t>> stack;
    const bool closed = xy[0] == xy[2 * (n - 1)] && xy[1] == xy[2 * (n - 1) + 1];
    if (closed) {
        size_t far = 1;
        double best = -1;
        for (size_t i = 1; i + 1 < n; ++i) {
            const double ex = xy[2 * i] - xy[0], ey = xy[2 * i + 1] - xy[1];
            const double d = ex * ex + ey * ey;  // squared: only the order matters
            if (d > best) {
                best = d;
                far = i;
            }
        }
        keep[far] = 1;
        stack.push_back({0, far});
        stack.push_back({far, n - 1});
    } else {
        stack.push_back({0, n - 1});
    }
    const double tol2 = tol * tol;
    while (!stack.empty()) {
        const auto [a, b] = stack.back();
        stack.pop_back();
        if (b <= a + 1) continue;
        const double ax = xy[2 * a], ay = xy[2 * a + 1], bx = xy[2 * b], by = xy[2 * b + 1];
        const double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
        double best = -1;
        size_t at = a;
        for (size_t i = a + 1; i < b; ++i) {
            const double px = xy[2 * i] - ax, py = xy[2 * i + 1] - ay;
            double d2;
            if (len2 <= 0) {
                d2 = px * px + py * py;
            } else {
                const double t = std::clamp((px * dx + py * dy) / len2, 0.0, 1.0);
                const double ex = px - t * dx, ey = py - t * dy;
                d2 = ex * ex + ey * ey;
            }
            if (d2 > best) {
                best = d2;
                at = i;
            }
        }
        if (best > tol2) {
            keep[at] = 1;
            stack.push_back({a, at});
            stack.push_back({at, b});
        }
    }
    for (size_t i = 0; i < n; ++i)
        if (keep[i]) {
            out.push_back(xy[2 * i]);
            out.push_back(xy[2 * i + 1]);
        }
    return out;
}

ProjectedGeometry simplifyGeometry(const ProjectedGeometry& pg, double tol) {
    const GeometryColumn& g = pg.xy;
    const size_t minVertices = g.kind == GeomKind::Polygon ? 4 : 2;
    ProjectedGeometry s;
    s.xy.kind = g.kind;
    s.bounds = pg.bounds;
    s.xy.xy.reserve(g.xy.size() / 2);
    for (size_t f = 0; f < g.featureCount(); ++f) {
        for (uint32_t p = g.featureStart[f]; p < g.featureStart[f + 1]; ++p) {
            const uint32_t v0 = g.partStart[p], v1 = g.partStart[p + 1];
            std::vector<double> simple = simplifyPath(g.xy.data() + 2 * v0, v1 - v0, tol);
            if (simple.size() / 2 < minVertices) continue;
            s.xy.xy.insert(s.xy.xy.end(), simple.begin(), simple.end());
            s.xy.endPart(p < g.partIsHole.size() && g.partIsHole[p]);
        }
        if (!s.xy.endFeature(g.featureId.empty() ? static_cast<uint32_t>(f) : g.featureId[f])) continue;
    }
    return s;
}

std::vector<ProjectedGeometry> simplifyLevels(const ProjectedGeometry& pg, const std::vector<double>& tolerances) {
    // Every level straight from the full geometry. (Simplifying each level from the one before is cheaper, but then
    // either the errors add up, or, with tolerances reduced to keep them within bounds, the coarse levels keep several
    // times the vertices they need, which costs more when drawing than it saves when building.)
    std::vector<ProjectedGeometry> levels;
    levels.reserve(tolerances.size());
    for (double tol : tolerances) levels.push_back(simplifyGeometry(pg, tol));
    return levels;
}

namespace {

// The levels worth keeping: indices into `levels` of those that save at least a fifth of the vertices of the last
// level kept (a level that saves little is not worth its memory).
std::vector<size_t> keptLevels(const ProjectedGeometry& pg, const std::vector<ProjectedGeometry>& levels) {
    std::vector<size_t> kept;
    size_t previous = pg.xy.vertexCount();
    for (size_t k = 0; k < levels.size(); ++k) {
        if (levels[k].xy.vertexCount() * 10 > previous * 8) continue;
        previous = levels[k].xy.vertexCount();
        kept.push_back(k);
    }
    return kept;
}

}  // namespace

std::shared_ptr<LayerMesh> buildLayerMeshWithLods(const ProjectedGeometry& pg, const std::vector<int>& classes,
                                                  const std::vector<double>& tolerances) {
    auto full = buildLayerMesh(pg, classes);
    if (pg.xy.kind == GeomKind::Point) return full;
    const std::vector<ProjectedGeometry> levels = simplifyLevels(pg, tolerances);
    for (size_t k : keptLevels(pg, levels)) {
        full->lods.push_back(buildLayerMesh(levels[k], classes));
        full->lodTolerance.push_back(tolerances[k]);
    }
    return full;
}

std::shared_ptr<LayerMesh> buildLayerMeshForResolution(const ProjectedGeometry& pg, const std::vector<int>& classes,
                                                       const std::vector<double>& tolerances, double unitsPerPixel) {
    std::vector<double> usable;  // the levels LayerMesh::forResolution may pick at this resolution
    for (double t : tolerances)
        if (t <= 0.6 * unitsPerPixel) usable.push_back(t);
    if (pg.xy.kind == GeomKind::Point || usable.empty()) return buildLayerMesh(pg, classes);
    const std::vector<ProjectedGeometry> levels = simplifyLevels(pg, usable);
    const std::vector<size_t> kept = keptLevels(pg, levels);
    return buildLayerMesh(kept.empty() ? pg : levels[kept.back()], classes);
}

}  // namespace fm
