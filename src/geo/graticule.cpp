#include "geo/graticule.h"

#include <cmath>

namespace fm {

GeometryColumn makeGraticule(double stepDeg) {
    GeometryColumn g;
    g.kind = GeomKind::Line;
    if (!(stepDeg > 0)) return g;
    const double dense = 0.5;
    uint32_t id = 0;
    for (double lon = -180.0; lon <= 180.0 + 1e-9; lon += stepDeg) {
        for (double lat = -80.0; lat <= 80.0 + 1e-9; lat += dense) g.addVertex(lon, lat);
        g.endPart();
        g.endFeature(id++);
    }
    for (double lat = -80.0; lat <= 80.0 + 1e-9; lat += stepDeg) {
        for (double lon = -180.0; lon <= 180.0 + 1e-9; lon += dense) g.addVertex(lon, lat);
        g.endPart();
        g.endFeature(id++);
    }
    return g;
}

}  // namespace fm
