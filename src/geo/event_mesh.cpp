#include "geo/event_mesh.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.h"
#include "geo/mesh_builder.h"

namespace fm {
namespace {

// The grid cell (0..n-1) that coordinate v falls in, for cells of `size` from `origin`. Clamped in floating point
// before the conversion: far outside the grid (or with one event, whose grid has no extent) the quotient does not
// fit an int.
int gridCell(double v, double origin, double size, int n) {
    const double c = std::floor((v - origin) / size);
    if (!(c > 0)) return 0;  // also NaN
    if (c >= n - 1) return n - 1;
    return static_cast<int>(c);
}

}  // namespace

std::shared_ptr<EventMesh> buildEventMesh(const EventStore& store, const Projection& projection, Job* job) {
    auto mesh = std::make_shared<EventMesh>();
    mesh->id = nextMeshId();
    const size_t n = store.size();
    std::vector<double> xy(n * 2), north(n * 2);
    for (size_t i = 0; i < n; ++i) {
        xy[2 * i] = store.lon()[i];
        xy[2 * i + 1] = store.lat()[i];
        // A point 1 km north gives the local scale, to turn metres of uncertainty into projected units.
        north[2 * i] = store.lon()[i];
        north[2 * i + 1] = std::min(90.0, store.lat()[i] + 1000.0 / 111320.0);
    }
    auto t = projection.makeTransformer();
    if (job) job->setStatus("projecting events");
    t->forward(xy.data(), n);
    if (job) job->checkCancelled();
    t->forward(north.data(), n);
    BBox b;
    for (size_t i = 0; i < n; ++i)
        if (std::isfinite(xy[2 * i])) b.add(xy[2 * i], xy[2 * i + 1]);
    mesh->bounds = b;
    // The origin of the instances' float offsets: the centre snapped to a grid of 10^6 units (1000 km in metres), so
    // that two sets of the same events (all of them in the window, only a date range's in an export, a database's
    // answer for one view) get the same origin and their symbols round alike: exports match the window pixel for
    // pixel. Offsets stay within a few thousand km of it (float: better than a metre).
    if (!b.empty()) {
        const double grid = 1e6;
        mesh->origin = {std::round(b.center().x / grid) * grid, std::round(b.center().y / grid) * grid};
    }
    mesh->points.resize(n);
    for (size_t i = 0; i < n; ++i) {
        EventPoint& e = mesh->points[i];
        const bool ok = std::isfinite(xy[2 * i]);
        e.x = ok ? static_cast<float>(xy[2 * i] - mesh->origin.x) : NAN;
        e.y = ok ? static_cast<float>(xy[2 * i + 1] - mesh->origin.y) : NAN;
        const double metres = uncertaintyRadiusMeters(static_cast<LocationPrecision>(store.precision()[i]));
        double unitsPerKm = 0;
        if (ok && std::isfinite(north[2 * i]))
            unitsPerKm = std::hypot(north[2 * i] - xy[2 * i], north[2 * i + 1] - xy[2 * i + 1]);
        e.radius = static_cast<float>(metres / 1000.0 * unitsPerKm);
    }
    // Picking grid: about 4 events per cell, at most 1024 x 1024 cells.
    if (!b.empty() && n > 0) {
        const double aspect = std::max(b.width(), 1e-9) / std::max(b.height(), 1e-9);
        const double cells = std::clamp(static_cast<double>(n) / 4.0, 1.0, 1048576.0);
        mesh->gridW = std::clamp(static_cast<int>(std::sqrt(cells * aspect)), 1, 1024);
        mesh->gridH = std::clamp(static_cast<int>(cells / mesh->gridW), 1, 1024);
        mesh->gridBounds = b;
        const double cw = std::max(b.width(), 1e-9) / mesh->gridW, ch = std::max(b.height(), 1e-9) / mesh->gridH;
        std::vector<uint32_t> cellOf(n, UINT32_MAX);
        mesh->cellStart.assign(static_cast<size_t>(mesh->gridW) * mesh->gridH + 1, 0);
        for (size_t i = 0; i < n; ++i) {
            if (!std::isfinite(xy[2 * i])) continue;
            const int cx = gridCell(xy[2 * i], b.minX, cw, mesh->gridW);
            const int cy = gridCell(xy[2 * i + 1], b.minY, ch, mesh->gridH);
            cellOf[i] = static_cast<uint32_t>(cy * mesh->gridW + cx);
            ++mesh->cellStart[cellOf[i] + 1];
        }
        std::partial_sum(mesh->cellStart.begin(), mesh->cellStart.end(), mesh->cellStart.begin());
        std::vector<uint32_t> fill(mesh->cellStart.begin(), mesh->cellStart.end() - 1);
        mesh->cellEvents.resize(mesh->cellStart.back());
        for (size_t i = 0; i < n; ++i)
            if (cellOf[i] != UINT32_MAX) mesh->cellEvents[fill[cellOf[i]]++] = static_cast<uint32_t>(i);
    }
    return mesh;
}

std::vector<EventInstance> EventMesh::gpuInstances(const EventStore* store) const {
    if (!instances.empty() || points.empty()) return instances;
    const size_t n = points.size();
    if (!store || store->size() != n) throw Error("event mesh", "the store it was built from is needed to draw it");
    std::vector<EventInstance> out(n);
    for (size_t i = 0; i < n; ++i) {
        EventInstance& e = out[i];
        e.x = points[i].x;
        e.y = points[i].y;
        e.radius = points[i].radius;
        e.dayStart = store->dayStart()[i];
        e.dayEnd = store->dayEnd()[i];
        const uint32_t side = static_cast<uint32_t>(store->sideOfSet(store->actorSet()[i]));
        e.packed = store->type()[i] | (static_cast<uint32_t>(store->precision()[i]) << 8) | (side << 16);
        e.actorSet = store->actorSet()[i];
    }
    return out;
}

std::vector<uint32_t> EventMesh::near(double x, double y, double radius, size_t maxCount) const {
    std::vector<std::pair<double, uint32_t>> found;
    if (gridW == 0) return {};
    const double cw = std::max(gridBounds.width(), 1e-9) / gridW, ch = std::max(gridBounds.height(), 1e-9) / gridH;
    if (!(radius >= 0) || x + radius < gridBounds.minX || x - radius > gridBounds.maxX || y + radius < gridBounds.minY ||
        y - radius > gridBounds.maxY)
        return {};
    const int x0 = gridCell(x - radius, gridBounds.minX, cw, gridW), x1 = gridCell(x + radius, gridBounds.minX, cw, gridW);
    const int y0 = gridCell(y - radius, gridBounds.minY, ch, gridH), y1 = gridCell(y + radius, gridBounds.minY, ch, gridH);
    for (int cy = y0; cy <= y1; ++cy)
        for (int cx = x0; cx <= x1; ++cx) {
            const size_t c = static_cast<size_t>(cy) * gridW + cx;
            for (uint32_t k = cellStart[c]; k < cellStart[c + 1]; ++k) {
                const uint32_t i = cellEvents[k];
                const double d = std::hypot(points[i].x + origin.x - x, points[i].y + origin.y - y);
                if (d <= radius) found.emplace_back(d, i);
            }
        }
    std::sort(found.begin(), found.end());
    std::vector<uint32_t> out;
    for (size_t k = 0; k < found.size() && k < maxCount; ++k) out.push_back(found[k].second);
    return out;
}

}  // namespace fm
