// Turns lon/lat geometry into projected geometry for one Projection: wraps longitudes into the window around the
// central meridian, clips to the projection's window (so nothing smears across the seam or runs off to infinity),
// densifies long edges so they curve as the projection demands, projects with PROJ and orients rings
// (exteriors counter-clockwise, holes clockwise) for the renderer's non-zero fill.
#pragma once

#include "core/job.h"
#include "model/geometry.h"
#include "sources/projection.h"

namespace fm {

struct ProjectOptions {
    double marginDeg = 15.0;      // widening of a projection's area of use
    double maxSegmentDeg = 0.5;   // longer edges get intermediate vertices
    // Exports drawn at one known resolution (projected units per pixel): meshes get only the level of detail that
    // resolution draws, not the full set a zoomable view needs. 0: every level (the viewer).
    double onlyUnitsPerPixel = 0.0;
};

struct ProjectedGeometry {
    GeometryColumn xy;  // projected coordinates; featureId is the feature's index in the input column
    BBox bounds;
    size_t featuresClipped = 0;  // cut by the window
    size_t featuresOutside = 0;  // entirely outside the window
    size_t featuresFailed = 0;   // PROJ failed or clipping failed
};

ProjectedGeometry projectGeometry(const GeometryColumn& lonlat, const Projection& projection, const Transformer& transformer,
                                  const ProjectOptions& options = {}, Job* job = nullptr);

// The outline of the projection's window, densified and projected: the map's "sphere" (ocean background).
GeometryColumn projectedWindowOutline(const Projection& projection, const Transformer& transformer, const ProjectOptions& options = {});

// Signed area of a closed ring (shoelace); positive when counter-clockwise in a y-up frame.
double ringSignedArea(const double* xy, size_t count);

}  // namespace fm
