#include "model/geometry.h"

namespace fm {

const char* geomKindName(GeomKind k) {
    switch (k) {
        case GeomKind::Point: return "points";
        case GeomKind::Line: return "lines";
        case GeomKind::Polygon: return "polygons";
    }
    return "?";
}

BBox GeometryColumn::bounds() const {
    BBox b;
    for (size_t i = 0; i + 1 < xy.size(); i += 2) b.add(xy[i], xy[i + 1]);
    return b;
}

BBox GeometryColumn::featureBounds(size_t f) const {
    BBox b;
    const size_t v0 = partStart[featureStart[f]];
    const size_t v1 = partStart[featureStart[f + 1]];
    for (size_t v = v0; v < v1; ++v) b.add(xy[2 * v], xy[2 * v + 1]);
    return b;
}

void GeometryColumn::clear() {
    xy.clear();
    partStart.assign(1, 0);
    partIsHole.clear();
    featureStart.assign(1, 0);
    featureId.clear();
}

void GeometryColumn::append(const GeometryColumn& o) {
    const uint32_t vBase = static_cast<uint32_t>(vertexCount());
    const uint32_t pBase = static_cast<uint32_t>(partCount());
    xy.insert(xy.end(), o.xy.begin(), o.xy.end());
    for (size_t i = 1; i < o.partStart.size(); ++i) partStart.push_back(vBase + o.partStart[i]);
    partIsHole.insert(partIsHole.end(), o.partIsHole.begin(), o.partIsHole.end());
    for (size_t i = 1; i < o.featureStart.size(); ++i) featureStart.push_back(pBase + o.featureStart[i]);
    featureId.insert(featureId.end(), o.featureId.begin(), o.featureId.end());
}

}  // namespace fm
