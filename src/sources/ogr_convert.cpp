#include "sources/ogr_convert.h"

#include <ogr_geometry.h>

#include <cmath>
#include <vector>

namespace fm {

void appendDensified(GeometryColumn& out, const double* xy, size_t n, double maxSeg) {
    for (size_t i = 0; i < n; ++i) {
        if (i > 0 && maxSeg > 0) {
            const double x0 = xy[2 * i - 2], y0 = xy[2 * i - 1], x1 = xy[2 * i], y1 = xy[2 * i + 1];
            const double d = std::max(std::fabs(x1 - x0), std::fabs(y1 - y0));
            if (d > maxSeg) {
                const int steps = static_cast<int>(std::ceil(d / maxSeg));
                for (int s = 1; s < steps; ++s) {
                    const double t = static_cast<double>(s) / steps;
                    out.addVertex(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
                }
            }
        }
        out.addVertex(xy[2 * i], xy[2 * i + 1]);
    }
}

std::unique_ptr<OGRGeometry> featureToOgr(const GeometryColumn& g, size_t f, double shiftX) {
    auto fill = [&](uint32_t p, OGRSimpleCurve* c) {
        const uint32_t v0 = g.partStart[p], v1 = g.partStart[p + 1];
        c->setNumPoints(static_cast<int>(v1 - v0), FALSE);
        for (uint32_t v = v0; v < v1; ++v) c->setPoint(static_cast<int>(v - v0), g.xy[2 * v] + shiftX, g.xy[2 * v + 1]);
    };
    const uint32_t p0 = g.featureStart[f], p1 = g.featureStart[f + 1];
    if (g.kind == GeomKind::Point) {
        auto mp = std::make_unique<OGRMultiPoint>();
        for (uint32_t p = p0; p < p1; ++p) {
            const uint32_t v = g.partStart[p];
            mp->addGeometryDirectly(new OGRPoint(g.xy[2 * v] + shiftX, g.xy[2 * v + 1]));
        }
        return mp;
    }
    if (g.kind == GeomKind::Line) {
        auto mls = std::make_unique<OGRMultiLineString>();
        for (uint32_t p = p0; p < p1; ++p) {
            auto* ls = new OGRLineString();
            fill(p, ls);
            mls->addGeometryDirectly(ls);
        }
        return mls;
    }
    auto mp = std::make_unique<OGRMultiPolygon>();
    OGRPolygon* cur = nullptr;
    for (uint32_t p = p0; p < p1; ++p) {
        auto* ring = new OGRLinearRing();
        fill(p, ring);
        ring->closeRings();
        const bool hole = p < g.partIsHole.size() && g.partIsHole[p];
        if (!hole || !cur) {
            cur = new OGRPolygon();
            mp->addGeometryDirectly(cur);
        }
        cur->addRingDirectly(ring);
    }
    return mp;
}

void appendOgrParts(GeometryColumn& out, const OGRGeometry* g, double maxSeg) {
    if (!g || g->IsEmpty()) return;
    const OGRwkbGeometryType t = wkbFlatten(g->getGeometryType());
    std::vector<double> tmp;
    auto addCurve = [&](const OGRSimpleCurve* c, bool hole) {
        tmp.resize(static_cast<size_t>(c->getNumPoints()) * 2);
        for (int i = 0; i < c->getNumPoints(); ++i) {
            tmp[2 * i] = c->getX(i);
            tmp[2 * i + 1] = c->getY(i);
        }
        appendDensified(out, tmp.data(), tmp.size() / 2, maxSeg);
        out.endPart(hole);
    };
    switch (t) {
        case wkbPoint:
            if (out.kind == GeomKind::Point) {
                out.addVertex(g->toPoint()->getX(), g->toPoint()->getY());
                out.endPart();
            }
            break;
        case wkbLineString:
            if (out.kind == GeomKind::Line && g->toLineString()->getNumPoints() >= 2) addCurve(g->toLineString(), false);
            break;
        case wkbPolygon:
            if (out.kind == GeomKind::Polygon) {
                const OGRPolygon* p = g->toPolygon();
                if (p->getExteriorRing() && p->getExteriorRing()->getNumPoints() >= 4) {
                    addCurve(p->getExteriorRing(), false);
                    for (int i = 0; i < p->getNumInteriorRings(); ++i)
                        if (p->getInteriorRing(i)->getNumPoints() >= 4) addCurve(p->getInteriorRing(i), true);
                }
            } else if (out.kind == GeomKind::Line) {  // outlines of polygons as lines
                const OGRPolygon* p = g->toPolygon();
                if (p->getExteriorRing()) addCurve(p->getExteriorRing(), false);
                for (int i = 0; i < p->getNumInteriorRings(); ++i) addCurve(p->getInteriorRing(i), false);
            }
            break;
        case wkbMultiPoint:
        case wkbMultiLineString:
        case wkbMultiPolygon:
        case wkbGeometryCollection: {
            const OGRGeometryCollection* gc = g->toGeometryCollection();
            for (int i = 0; i < gc->getNumGeometries(); ++i) appendOgrParts(out, gc->getGeometryRef(i), maxSeg);
            break;
        }
        default: {
            std::unique_ptr<OGRGeometry> lin(g->getLinearGeometry());
            if (lin && wkbFlatten(lin->getGeometryType()) != t) appendOgrParts(out, lin.get(), maxSeg);
            break;
        }
    }
}

}  // namespace fm
