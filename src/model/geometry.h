// Flat, columnar geometry for many features of one kind: one coordinate array, ring and feature offsets.
// The same structure holds lon/lat (as read) and projected coordinates (after clipping and projection).
#pragma once

#include <cstdint>
#include <vector>

#include "core/geo_types.h"

namespace fm {

enum class GeomKind : uint8_t { Point, Line, Polygon };

const char* geomKindName(GeomKind k);

struct GeometryColumn {
    GeomKind kind = GeomKind::Polygon;
    std::vector<double> xy;             // interleaved x0,y0,x1,y1,…
    std::vector<uint32_t> partStart{0};   // vertex index where ring/line i starts (size parts+1); points: one part a point
    std::vector<uint8_t> partIsHole;      // polygons: 1 for an interior ring
    std::vector<uint32_t> featureStart{0};  // first part of feature f (size features+1)
    std::vector<uint32_t> featureId;      // id of each feature in the source layer (its row)

    size_t vertexCount() const { return xy.size() / 2; }
    size_t partCount() const { return partStart.size() - 1; }
    size_t featureCount() const { return featureStart.size() - 1; }
    bool emptyGeometry() const { return xy.empty(); }

    // Appends a vertex to the part under construction.
    void addVertex(double x, double y) {
        xy.push_back(x);
        xy.push_back(y);
    }
    // Closes the part under construction (no-op when it has no vertices).
    void endPart(bool hole = false) {
        const uint32_t n = static_cast<uint32_t>(vertexCount());
        if (n == partStart.back()) return;
        partStart.push_back(n);
        partIsHole.push_back(hole ? 1 : 0);
    }
    // Drops the part under construction (its vertices) without closing it.
    void discardOpenPart() { xy.resize(static_cast<size_t>(partStart.back()) * 2); }
    // Closes the feature under construction; returns false (and records nothing) if it has no parts.
    bool endFeature(uint32_t id) {
        const uint32_t p = static_cast<uint32_t>(partCount());
        if (p == featureStart.back()) return false;
        featureStart.push_back(p);
        featureId.push_back(id);
        return true;
    }
    BBox bounds() const;
    BBox featureBounds(size_t f) const;
    void clear();
    void append(const GeometryColumn& other);
};

}  // namespace fm
