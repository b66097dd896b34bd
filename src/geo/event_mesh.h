// Events projected for drawing: one GPU instance per event (position relative to the mesh origin, days, packed
// type/precision/side, actor set, uncertainty radius), plus a grid over the projected positions for picking.
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

struct EventMesh {
    uint64_t id = 0;
    Vec2 origin;
    BBox bounds;
    std::vector<EventInstance> instances;  // index i = event i of the store; unprojectable events get NaN x
    // Picking grid: events sorted by cell; cellStart has gridW*gridH+1 entries.
    int gridW = 0, gridH = 0;
    BBox gridBounds;
    std::vector<uint32_t> cellStart;
    std::vector<uint32_t> cellEvents;

    // Events within `radius` projected units of (x, y) (absolute projected coordinates), nearest first.
    std::vector<uint32_t> near(double x, double y, double radius, size_t maxCount = 16) const;
    size_t memoryBytes() const { return instances.size() * sizeof(EventInstance) + cellEvents.size() * 4 + cellStart.size() * 4; }
};

using EventMeshPtr = std::shared_ptr<const EventMesh>;

std::shared_ptr<EventMesh> buildEventMesh(const EventStore& store, const Projection& projection, Job* job = nullptr);

}  // namespace fm
