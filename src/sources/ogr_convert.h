// Conversions between our flat GeometryColumn and OGR geometries, for the few places that need GEOS
// (clipping at the projection's window, Crimea's union, geometry repair).
#pragma once

#include <memory>

#include "model/geometry.h"

class OGRGeometry;

namespace fm {

// Feature `f` of `g` as an OGR MultiPolygon / MultiLineString / MultiPoint; lon values shifted by `shiftX`.
std::unique_ptr<OGRGeometry> featureToOgr(const GeometryColumn& g, size_t f, double shiftX = 0.0);
// Appends the parts of `geom` matching `out.kind` as parts of the open feature (call out.endFeature after).
// Edges longer than `maxSegment` (in the geometry's units) get intermediate vertices; 0 = none.
void appendOgrParts(GeometryColumn& out, const OGRGeometry* geom, double maxSegment = 0.0);
// Appends vertices xy[0..n) with densification of long edges (maxSegment 0 = none).
void appendDensified(GeometryColumn& out, const double* xy, size_t n, double maxSegment);

}  // namespace fm
