// What the user is looking at, independent of any window: projection, centre and resolution, base-map options.
// The UI edits it; the renderer and exports read it.
#pragma once

#include <string>

#include "core/geo_types.h"

namespace fm {

enum class CrimeaView { DeJure, DeFacto };

struct ViewState {
    std::string projection = "+proj=lcc +lat_1=45 +lat_2=53 +lat_0=48.5 +lon_0=31 +datum=WGS84 +units=m +type=crs";
    double marginDeg = 15.0;          // widening of a projection's area of use when clipping
    LonLat center{34.0, 49.5};        // lon/lat of the view centre
    double metersPerPixel = 1500.0;   // projected units per pixel at the centre
    CrimeaView crimea = CrimeaView::DeJure;
    bool showGraticule = true;
    bool showLabels = true;
    // The initial framing: Ukraine and western Russia.
    static BBox defaultExtent() { return BBox::of(21.5, 43.5, 41.5, 53.5); }
};

}  // namespace fm
