#include "geo/projector.h"

#include "sources/ogr_convert.h"

#include <cmath>
#include <memory>

namespace fm {

namespace {

// Unwraps a ring or line whose consecutive longitudes jump by more than 180° (data that crosses the antimeridian
// by going from 179 to -179, or from +180 to -180) into continuous longitudes. The one exception is an edge
// along a pole (Antarctica's ring runs from +180 to -180 at -90°): that is a real edge of the polygon.
void unwrapLongitudes(std::vector<double>& xy) {
    double offset = 0.0;
    for (size_t i = 2; i + 1 < xy.size(); i += 2) {
        const double prevOriginal = xy[i - 2] - offset;
        const double d = xy[i] - prevOriginal;
        const bool alongPole = std::fabs(xy[i + 1]) > 89.5 && std::fabs(xy[i - 1]) > 89.5;
        if (!alongPole && std::fabs(d) > 180.0) offset += d > 0 ? -360.0 : 360.0;
        xy[i] += offset;
    }
}

// Sutherland–Hodgman: clips a ring (cyclic vertex list) to one side of an axis-aligned line. Where a polygon
// leaves and re-enters, the result runs along the line; those zero-area stretches fill nothing under the
// stencil's winding rule, so the fill stays exact without a topology library.
void clipRingToHalfPlane(const std::vector<double>& in, std::vector<double>& out, int axis, double bound, bool keepAbove) {
    out.clear();
    const size_t n = in.size() / 2;
    if (n == 0) return;
    auto inside = [&](size_t i) {
        const double v = in[2 * i + axis];
        return keepAbove ? v >= bound : v <= bound;
    };
    for (size_t i = 0; i < n; ++i) {
        const size_t j = (i + 1) % n;
        const bool a = inside(i), b = inside(j);
        if (a) {
            out.push_back(in[2 * i]);
            out.push_back(in[2 * i + 1]);
        }
        if (a != b) {
            const double va = in[2 * i + axis], vb = in[2 * j + axis];
            const double t = (bound - va) / (vb - va);
            double x = in[2 * i] + (in[2 * j] - in[2 * i]) * t;
            double y = in[2 * i + 1] + (in[2 * j + 1] - in[2 * i + 1]) * t;
            if (axis == 0) x = bound; else y = bound;
            out.push_back(x);
            out.push_back(y);
        }
    }
}

// Clips a ring to the box; returns false when nothing is left.
bool clipRing(std::vector<double>& ring, const BBox& box, std::vector<double>& tmp) {
    // Drop the closing duplicate; the clipper treats the list as cyclic.
    if (ring.size() >= 4 && ring[0] == ring[ring.size() - 2] && ring[1] == ring[ring.size() - 1]) ring.resize(ring.size() - 2);
    clipRingToHalfPlane(ring, tmp, 0, box.minX, true);
    clipRingToHalfPlane(tmp, ring, 0, box.maxX, false);
    clipRingToHalfPlane(ring, tmp, 1, box.minY, true);
    clipRingToHalfPlane(tmp, ring, 1, box.maxY, false);
    if (ring.size() < 6) return false;
    ring.push_back(ring[0]);
    ring.push_back(ring[1]);
    return true;
}

// Liang–Barsky for each segment of a line; the pieces inside the box become separate strips.
void clipLine(const std::vector<double>& line, const BBox& box, std::vector<std::vector<double>>& strips) {
    std::vector<double> cur;
    auto flush = [&] {
        if (cur.size() >= 4) strips.push_back(cur);
        cur.clear();
    };
    const size_t n = line.size() / 2;
    for (size_t i = 0; i + 1 < n; ++i) {
        const double x0 = line[2 * i], y0 = line[2 * i + 1], x1 = line[2 * i + 2], y1 = line[2 * i + 3];
        double t0 = 0.0, t1 = 1.0;
        const double dx = x1 - x0, dy = y1 - y0;
        const double p[4] = {-dx, dx, -dy, dy};
        const double q[4] = {x0 - box.minX, box.maxX - x0, y0 - box.minY, box.maxY - y0};
        bool visible = true;
        for (int k = 0; k < 4 && visible; ++k) {
            if (p[k] == 0.0) {
                if (q[k] < 0.0) visible = false;
            } else {
                const double r = q[k] / p[k];
                if (p[k] < 0.0) t0 = std::max(t0, r);
                else t1 = std::min(t1, r);
                if (t0 > t1) visible = false;
            }
        }
        if (!visible) {
            flush();
            continue;
        }
        if (t0 > 0.0) flush();
        if (cur.empty()) {
            cur.push_back(x0 + dx * t0);
            cur.push_back(y0 + dy * t0);
        }
        cur.push_back(x0 + dx * t1);
        cur.push_back(y0 + dy * t1);
        if (t1 < 1.0) flush();
    }
    flush();
}

}  // namespace

double ringSignedArea(const double* xy, size_t n) {
    if (n < 3) return 0.0;
    double a = 0.0;
    // Relative to the first vertex, for precision with large projected coordinates.
    const double ox = xy[0], oy = xy[1];
    for (size_t i = 0; i < n; ++i) {
        const size_t j = (i + 1) % n;
        a += (xy[2 * i] - ox) * (xy[2 * j + 1] - oy) - (xy[2 * j] - ox) * (xy[2 * i + 1] - oy);
    }
    return a * 0.5;
}

ProjectedGeometry projectGeometry(const GeometryColumn& in, const Projection& projection, const Transformer& transformer,
                                  const ProjectOptions& options, Job* job) {
    ProjectedGeometry result;
    GeometryColumn& out = result.xy;
    out.kind = in.kind;
    const BBox window = projection.clipWindow(options.marginDeg);
    if (window.empty()) return result;
    const double maxSeg = in.kind == GeomKind::Point ? 1e9 : options.maxSegmentDeg;


    std::vector<std::vector<double>> parts;
    std::vector<uint8_t> holes;
    std::vector<double> tmp;
    std::vector<std::vector<double>> strips;
    const size_t nf = in.featureCount();
    for (size_t f = 0; f < nf; ++f) {
        if (job && (f & 255) == 0) {
            job->checkCancelled();
            job->setProgress(static_cast<float>(f) / static_cast<float>(nf));
        }
        const size_t firstVertexOut = out.vertexCount();
        const size_t firstPartOut = out.partCount();
        // Gather the feature's parts, unwrapped.
        parts.clear();
        holes.clear();
        BBox fb;
        for (uint32_t p = in.featureStart[f]; p < in.featureStart[f + 1]; ++p) {
            const uint32_t v0 = in.partStart[p], v1 = in.partStart[p + 1];
            parts.emplace_back(in.xy.begin() + 2 * v0, in.xy.begin() + 2 * v1);
            if (in.kind != GeomKind::Point) unwrapLongitudes(parts.back());
            holes.push_back(p < in.partIsHole.size() ? in.partIsHole[p] : 0);
            for (size_t i = 0; i + 1 < parts.back().size(); i += 2) fb.add(parts.back()[i], parts.back()[i + 1]);
        }
        bool any = false, clipped = false;
        for (int k = -1; k <= 1; ++k) {
            const double shift = 360.0 * k;
            BBox sb = BBox::of(fb.minX + shift, fb.minY, fb.maxX + shift, fb.maxY);
            if (!sb.intersects(window)) continue;
            if (in.kind == GeomKind::Point) {
                for (auto& pt : parts) {
                    if (window.contains(pt[0] + shift, pt[1])) {
                        out.addVertex(pt[0] + shift, pt[1]);
                        out.endPart();
                        any = true;
                    }
                }
                continue;
            }
            if (window.contains(sb)) {
                for (size_t i = 0; i < parts.size(); ++i) {
                    std::vector<double>& p = parts[i];
                    if (shift != 0.0)
                        for (size_t j = 0; j < p.size(); j += 2) p[j] += shift;
                    appendDensified(out, p.data(), p.size() / 2, maxSeg);
                    out.endPart(holes[i]);
                    if (shift != 0.0)
                        for (size_t j = 0; j < p.size(); j += 2) p[j] -= shift;
                }
                any = true;
                continue;
            }
            // Partly inside: clip ring by ring (polygons) or segment by segment (lines).
            clipped = true;
            for (size_t i = 0; i < parts.size(); ++i) {
                BBox pb;
                for (size_t j = 0; j + 1 < parts[i].size(); j += 2) pb.add(parts[i][j] + shift, parts[i][j + 1]);
                if (!pb.intersects(window)) continue;
                std::vector<double> p = parts[i];
                for (size_t j = 0; j < p.size(); j += 2) p[j] += shift;
                if (in.kind == GeomKind::Polygon) {
                    if (!window.contains(pb) && !clipRing(p, window, tmp)) continue;
                    appendDensified(out, p.data(), p.size() / 2, maxSeg);
                    out.endPart(holes[i]);
                    any = true;
                } else {
                    strips.clear();
                    clipLine(p, window, strips);
                    for (auto& st : strips) {
                        appendDensified(out, st.data(), st.size() / 2, maxSeg);
                        out.endPart();
                        any = true;
                    }
                }
            }
        }
        if (!any) {
            if (!clipped) ++result.featuresOutside;
            continue;
        }
        if (clipped) ++result.featuresClipped;
        // Project this feature's vertices in one call.
        const size_t nv = out.vertexCount() - firstVertexOut;
        const size_t failed = transformer.forward(out.xy.data() + 2 * firstVertexOut, nv);
        if (failed > 0) {
            // Drop only the parts that contain failed vertices.
            GeometryColumn keep;
            keep.kind = out.kind;
            size_t dropped = 0;
            for (size_t p = firstPartOut; p < out.partCount(); ++p) {
                bool ok = true;
                for (uint32_t v = out.partStart[p]; v < out.partStart[p + 1] && ok; ++v) ok = std::isfinite(out.xy[2 * v]);
                if (!ok) {
                    ++dropped;
                    continue;
                }
                for (uint32_t v = out.partStart[p]; v < out.partStart[p + 1]; ++v) keep.addVertex(out.xy[2 * v], out.xy[2 * v + 1]);
                keep.endPart(out.partIsHole[p]);
            }
            out.xy.resize(firstVertexOut * 2);
            out.partStart.resize(firstPartOut + 1);
            out.partIsHole.resize(firstPartOut);
            for (size_t p = 0; p < keep.partCount(); ++p) {
                for (uint32_t v = keep.partStart[p]; v < keep.partStart[p + 1]; ++v) out.addVertex(keep.xy[2 * v], keep.xy[2 * v + 1]);
                out.endPart(keep.partIsHole[p]);
            }
            if (dropped) ++result.featuresFailed;
        }
        // Orientation for the non-zero fill rule: exteriors CCW, holes CW.
        if (in.kind == GeomKind::Polygon) {
            for (size_t p = firstPartOut; p < out.partCount(); ++p) {
                double* v = out.xy.data() + 2 * out.partStart[p];
                const size_t n = out.partStart[p + 1] - out.partStart[p];
                const double a = ringSignedArea(v, n);
                const bool wantCcw = !out.partIsHole[p];
                if ((a > 0) != wantCcw && a != 0.0) {
                    for (size_t i = 0, j = n - 1; i < j; ++i, --j) {
                        std::swap(v[2 * i], v[2 * j]);
                        std::swap(v[2 * i + 1], v[2 * j + 1]);
                    }
                }
            }
        }
        out.endFeature(static_cast<uint32_t>(f));  // the index in the input column (its attribute row)
    }
    result.bounds = out.bounds();
    return result;
}

GeometryColumn projectedWindowOutline(const Projection& projection, const Transformer& transformer, const ProjectOptions& options) {
    GeometryColumn g;
    g.kind = GeomKind::Polygon;
    const BBox w = projection.clipWindow(options.marginDeg);
    if (w.empty()) return g;
    const double ring[] = {w.minX, w.minY, w.maxX, w.minY, w.maxX, w.maxY, w.minX, w.maxY, w.minX, w.minY};
    appendDensified(g, ring, 5, 0.25);
    g.endPart(false);
    transformer.forward(g.xy.data(), g.vertexCount());
    for (size_t i = 0; i < g.xy.size(); ++i)
        if (!std::isfinite(g.xy[i])) {
            g.clear();
            g.kind = GeomKind::Polygon;
            return g;
        }
    if (ringSignedArea(g.xy.data(), g.vertexCount()) < 0) {
        const size_t n = g.vertexCount();
        for (size_t i = 0, j = n - 1; i < j; ++i, --j) {
            std::swap(g.xy[2 * i], g.xy[2 * j]);
            std::swap(g.xy[2 * i + 1], g.xy[2 * j + 1]);
        }
    }
    g.endFeature(0);
    return g;
}

}  // namespace fm
