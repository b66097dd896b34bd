// Graticule lines (meridians and parallels) in lon/lat, dense enough to curve in any projection.
#pragma once

#include "model/geometry.h"

namespace fm {

// Meridians every `stepDeg` from -180 to 180 and parallels from -80 to 80 (the poles are points, not lines).
GeometryColumn makeGraticule(double stepDeg = 10.0);

}  // namespace fm
