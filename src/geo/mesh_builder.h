// CPU-side vertex arrays for one projected layer, ready for upload: fan triangles for stencil fills (grouped by
// fill class so each class gets its own colour), line vertices with the distance along the line (for dashes),
// and point positions. Coordinates are floats relative to `origin` so large projected values keep precision.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "geo/projector.h"

namespace fm {

// A vertex whose x equals this marks a break between line strips; segments touching it are not drawn.
constexpr float kLineBreak = 3.0e38f;

struct FillGroup {
    uint32_t firstIndex = 0;
    uint32_t indexCount = 0;
    int fillClass = 0;
    BBox bounds;  // relative to the mesh origin
};

struct LayerMesh {
    uint64_t id = 0;  // unique per mesh; the renderer keys its GPU copies by it
    Vec2 origin;
    BBox bounds;  // projected, absolute
    std::vector<float> fillVertices;    // x, y
    std::vector<uint32_t> fillIndices;  // triangles (fans)
    std::vector<FillGroup> fillGroups;
    std::vector<float> lineVertices;    // x, y, distance along the strip
    std::vector<float> pointVertices;   // x, y
    // Coarser versions for zoomed-out views: simplified with lodTolerance[k] projected units.
    std::vector<std::shared_ptr<const LayerMesh>> lods;
    std::vector<double> lodTolerance;
    // The coarsest version whose simplification stays within about half a pixel at this resolution.
    const LayerMesh& forResolution(double unitsPerPixel) const {
        const LayerMesh* best = this;
        for (size_t k = 0; k < lods.size(); ++k)
            if (lodTolerance[k] <= 0.6 * unitsPerPixel) best = lods[k].get();
        return *best;
    }
    size_t memoryBytes() const {
        return fillVertices.size() * 4 + fillIndices.size() * 4 + lineVertices.size() * 4 + pointVertices.size() * 4;
    }
};

using LayerMeshPtr = std::shared_ptr<const LayerMesh>;

// `fillClassOfFeature` maps an input feature (g.xy.featureId) to its fill class (empty: all class 0).
// Polygons give fills and outlines; lines give lines; points give points.
std::shared_ptr<LayerMesh> buildLayerMesh(const ProjectedGeometry& g, const std::vector<int>& fillClassOfFeature = {});
// The same, plus coarser levels of detail simplified (Douglas-Peucker, ring by ring) with each tolerance in
// projected units, ascending. Rings and lines that collapse at a level are left out of it.
std::shared_ptr<LayerMesh> buildLayerMeshWithLods(const ProjectedGeometry& g, const std::vector<int>& fillClassOfFeature,
                                                  const std::vector<double>& tolerances);
// The geometry simplified ring by ring with `tolerance` (rings and lines that collapse are left out).
ProjectedGeometry simplifyGeometry(const ProjectedGeometry& g, double tolerance);
// The one level buildLayerMeshWithLods(g, ..., tolerances)->forResolution(unitsPerPixel) would draw, built alone
// (an export of known resolution): the same vertices as the window's, at a fraction of the work.
std::shared_ptr<LayerMesh> buildLayerMeshForResolution(const ProjectedGeometry& g, const std::vector<int>& fillClassOfFeature,
                                                       const std::vector<double>& tolerances, double unitsPerPixel);
// One simplified geometry per tolerance (ascending), each within its tolerance of `g`: what buildLayerMeshWithLods
// draws.
std::vector<ProjectedGeometry> simplifyLevels(const ProjectedGeometry& g, const std::vector<double>& tolerances);
// Douglas-Peucker simplification of one ring or line (interleaved xy, closed rings keep their closing vertex).
std::vector<double> simplifyPath(const double* xy, size_t count, double tolerance);

uint64_t nextMeshId();

}  // namespace fm
