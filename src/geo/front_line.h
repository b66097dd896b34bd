// The front line at one snapshot of a time-versioned layer: where Russia-held ground meets the rest, and where
// ground held by Ukraine beyond its borders (the Kursk salient) meets Russia. Drawn from the outlines of the
// sides' areas, minus the stretches that run along Ukraine's own outline (international borders and coast),
// which are not front.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "geo/area_change.h"
#include "model/geometry.h"
#include "sources/time_layer.h"

class OGRGeometry;

namespace fm {

struct FrontLineResult {
    GeometryColumn line;  // lon/lat lines
    size_t repaired = 0;  // invalid polygons made valid first
    size_t skipped = 0;   // invalid polygons left out: too large to repair (kMaxRepairVertices) or beyond repair
};

// `ukraineOutline`: Ukraine's polygon (de jure, with Crimea) in lon/lat, or null to keep every outline.
// `russiaOutline`: Russia's polygon (without Crimea): ground Ukraine holds beyond its borders is only front where it
// lies in Russia (the Kursk salient), not where a polygon spills a few hundred metres over the Belarusian border.
FrontLineResult computeFrontLine(const TimeLayer& layer, const std::vector<uint32_t>& features, const SideTable& sides,
                                 const OGRGeometry* ukraineOutline, const OGRGeometry* russiaOutline = nullptr,
                                 double borderToleranceKm = 2.0);

// Ukraine's and Russia's polygons from a (de jure) countries layer (Natural Earth fields), or null.
std::shared_ptr<OGRGeometry> ukrainePolygon(const LayerData& countries);
std::shared_ptr<OGRGeometry> russiaPolygon(const LayerData& countries);

}  // namespace fm

namespace fm {

// Ground `side` gained and lost between two days (lon/lat polygons), from the union of its categories.
struct SideChangeGeometry {
    GeometryColumn gained;
    GeometryColumn lost;
};
SideChangeGeometry computeSideChange(const TimeLayer& layer, int32_t fromDay, int32_t toDay, const SideTable& sides,
                                     const std::string& side);

}  // namespace fm
