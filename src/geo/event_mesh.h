// Events projected for drawing. On the CPU a mesh of a store's events keeps only what the store does not have: the
// projected position and the uncertainty radius (12 bytes an event), plus a grid over the positions for picking. The
// GPU instances (position, days, packed type/precision/side, actor set, radius) are assembled from the mesh and the
// store's columns only while they are uploaded, then freed: the days and actor sets are not held twice.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "core/geo_types.h"
#include "core/job.h"
#include "model/event_store.h"
#include "sources/projection.h"

namespace fm {

struct EventInstance {
    float x, y;          // relative to EventMesh::origin
    int32_t dayStart, dayEnd;
    uint32_t packed;     // type | precision << 8 | side << 16
    uint32_t actorSet;
    float radius;        // uncertainty radius in projected units (0: a point)
};
static_assert(sizeof(EventInstance) == 28, "GPU layout");

// An event's place in the mesh: projected position relative to EventMesh::origin (NaN x when it could not be
// projected) and its uncertainty radius in projected units (0: a point).
struct EventPoint {
    float x, y;
    float radius;
};

struct EventMesh {
    uint64_t id = 0;
    Vec2 origin;
    BBox bounds;
    std::vector<EventPoint> points;  // index i = event i of the store
    // Meshes not made from a store (cluster bubbles, legend symbols: a few hundred at most) carry their GPU
    // instances themselves; `points` is then empty.
    std::vector<EventInstance> instances;
    // Picking grid: events sorted by cell; cellStart has gridW*gridH+1 entries.
    int gridW = 0, gridH = 0;
    BBox gridBounds;
    std::vector<uint32_t> cellStart;
    std::vector<uint32_t> cellEvents;

    // Events within `radius` projected units of (x, y) (absolute projected coordinates), nearest first.
    std::vector<uint32_t> near(double x, double y, double radius, size_t maxCount = 16) const;
    // How many instances the GPU draws.
    size_t size() const { return instances.empty() ? points.size() : instances.size(); }
    // The GPU instances: `instances` as they are, or assembled from `points` and `store` (the store the mesh was
    // built from; it must be given when `points` is used).
    std::vector<EventInstance> gpuInstances(const EventStore* store) const;
    size_t memoryBytes() const {
        return points.size() * sizeof(EventPoint) + instances.size() * sizeof(EventInstance) + cellEvents.size() * 4 +
               cellStart.size() * 4;
    }
};

using EventMeshPtr = std::shared_ptr<const EventMesh>;

std::shared_ptr<EventMesh> buildEventMesh(const EventStore& store, const Projection& projection, Job* job = nullptr);

}  // namespace fm
