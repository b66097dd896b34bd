#include "render/decorations.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "model/event_store.h"

namespace fm {

double niceScaleLength(double maxMeters) {
    if (!(maxMeters > 0)) return 0;
    const double p = std::pow(10.0, std::floor(std::log10(maxMeters)));
    for (double m : {5.0, 2.0, 1.0})
        if (m * p <= maxMeters) return m * p;
    return p;
}

namespace {

struct Builder {
    const FontAtlas& font;
    int w, h;
    float pr;
    Decorations& out;
    GeometryColumn boxes, lines;

    // Text at (x, top) in image pixels; returns its size.
    Vec2 text(const std::string& s, float sizePx, float x, float top, const Color& c, const Color& halo) {
        std::vector<GlyphQuad> quads;
        const float baseline = top + font.ascent() * (sizePx / font.bakeSize());
        font.layoutText(s, sizePx, x, baseline, quads);
        for (const GlyphQuad& q : quads) {
            const TextVertex v[4] = {{q.x0, q.y0, q.u0, q.v0, {c.r, c.g, c.b, c.a}, {halo.r, halo.g, halo.b, halo.a}},
                                     {q.x1, q.y0, q.u1, q.v0, {c.r, c.g, c.b, c.a}, {halo.r, halo.g, halo.b, halo.a}},
                                     {q.x1, q.y1, q.u1, q.v1, {c.r, c.g, c.b, c.a}, {halo.r, halo.g, halo.b, halo.a}},
                                     {q.x0, q.y1, q.u0, q.v1, {c.r, c.g, c.b, c.a}, {halo.r, halo.g, halo.b, halo.a}}};
            for (int k : {0, 1, 2, 0, 2, 3}) out.text.push_back(v[k]);
        }
        return font.measureText(s, sizePx);
    }
    // A box in image pixels (y down), stored y up.
    void box(float x0, float y0, float x1, float y1) {
        out.panels.push_back(BBox::of(x0, y0, x1, y1));
        const double ys0 = h - y1, ys1 = h - y0;
        for (auto [x, y] : {std::pair<double, double>{x0, ys0}, {x1, ys0}, {x1, ys1}, {x0, ys1}, {x0, ys0}}) boxes.addVertex(x, y);
        boxes.endPart();
        boxes.endFeature(0);
    }
    void line(float x0, float y0, float x1, float y1) {
        lines.addVertex(x0, h - y0);
        lines.addVertex(x1, h - y1);
        lines.endPart();
        lines.endFeature(0);
    }
};

std::shared_ptr<LayerMesh> meshOf(const GeometryColumn& g) {
    ProjectedGeometry pg;
    pg.xy = g;
    pg.bounds = g.bounds();
    return buildLayerMesh(pg);
}

}  // namespace

Decorations buildDecorations(const DecorationSpec& spec, const FontAtlas& font, int w, int h, const EventDrawParams& colours) {
    Decorations d;
    d.width = w;
    d.height = h;
    if (font.empty()) return d;
    const float pr = spec.pixelRatio;
    Builder b{font, w, h, pr, d, {}, {}};
    b.boxes.kind = GeomKind::Polygon;
    b.lines.kind = GeomKind::Line;
    const Color ink = Color::rgb(0x1e, 0x1e, 0x1e);
    const Color halo = Color::rgb(0xff, 0xff, 0xff, 0.9f);
    const float margin = 12.f * pr, pad = 8.f * pr;

    float top = margin;
    if (!spec.title.empty() || !spec.stamp.empty()) {
        const float ts = 22.f * pr, ss = 14.f * pr;
        float bw = 0, bh = 0;
        if (!spec.title.empty()) {
            const Vec2 m = font.measureText(spec.title, ts);
            bw = std::max<float>(bw, static_cast<float>(m.x));
            bh += static_cast<float>(m.y);
        }
        if (!spec.stamp.empty()) {
            const Vec2 m = font.measureText(spec.stamp, ss);
            bw = std::max<float>(bw, static_cast<float>(m.x));
            bh += static_cast<float>(m.y) + (spec.title.empty() ? 0 : 4 * pr);
        }
        b.box(margin, margin, margin + bw + 2 * pad, margin + bh + 2 * pad);
        float y = margin + pad;
        if (!spec.title.empty()) y += static_cast<float>(b.text(spec.title, ts, margin + pad, y, ink, halo).y) + 4 * pr;
        if (!spec.stamp.empty()) b.text(spec.stamp, ss, margin + pad, y, Color::rgb(0x40, 0x40, 0x40), halo);
        top = margin + bh + 2 * pad + margin;
    }
    (void)top;

    if (spec.legend && (!spec.legendSides.empty() || !spec.legendTypes.empty())) {
        const float ls = 13.f * pr, row = 20.f * pr, sym = 6.f * pr;
        float bw = 0;
        for (int s : spec.legendSides) bw = std::max<float>(bw, static_cast<float>(font.measureText(sideName(static_cast<Side>(s)), ls).x));
        for (int t : spec.legendTypes)
            bw = std::max<float>(bw, static_cast<float>(font.measureText(eventTypeLabel(static_cast<EventType>(t)), ls).x));
        bw += 3 * sym + 2 * pad;
        const size_t rows = spec.legendSides.size() + spec.legendTypes.size();
        const float bh = static_cast<float>(rows) * row + 2 * pad;
        const float x0 = w - margin - bw, y0 = margin;
        b.box(x0, y0, w - margin, y0 + bh);
        auto symbols = std::make_shared<EventMesh>();
        symbols->id = nextMeshId();
        float y = y0 + pad;
        auto addSymbol = [&](int type, int side, float cy) {
            EventInstance e{};
            e.x = x0 + pad + sym;
            e.y = h - cy;
            e.dayStart = INT32_MIN;
            e.dayEnd = INT32_MAX;
            e.packed = static_cast<uint32_t>(type) | (static_cast<uint32_t>(side) << 16) | (1u << 24);  // bit 24: legend
            symbols->instances.push_back(e);
        };
        for (int s : spec.legendSides) {
            addSymbol(static_cast<int>(EventType::Battle), s, y + row * 0.5f);
            b.text(sideName(static_cast<Side>(s)), ls, x0 + pad + 3 * sym, y + (row - ls * 1.2f) * 0.5f, ink, halo);
            y += row;
        }
        for (int t : spec.legendTypes) {
            addSymbol(t, static_cast<int>(Side::Other), y + row * 0.5f);
            b.text(eventTypeLabel(static_cast<EventType>(t)), ls, x0 + pad + 3 * sym, y + (row - ls * 1.2f) * 0.5f, ink, halo);
            y += row;
        }
        d.symbols = symbols;
        (void)colours;
    }

    const float as = 11.f * pr;
    if (!spec.attribution.empty()) {
        const Vec2 m = font.measureText(spec.attribution, as);
        const float x1 = w - 4 * pr, y1 = h - 4 * pr;
        const float x0 = x1 - static_cast<float>(m.x) - 2 * 4 * pr, y0 = y1 - static_cast<float>(m.y) - 2 * 3 * pr;
        b.box(x0, y0, x1, y1);
        b.text(spec.attribution, as, x0 + 4 * pr, y0 + 3 * pr, Color::rgb(0x30, 0x30, 0x30), halo);
    }

    if (spec.scaleBar && spec.metersPerPixel > 0) {
        const double maxPx = 160.0 * pr;
        const double meters = niceScaleLength(maxPx * spec.metersPerPixel);
        const float len = static_cast<float>(meters / spec.metersPerPixel);
        char label[64];
        if (meters >= 1000)
            std::snprintf(label, sizeof label, "%g km", meters / 1000.0);
        else
            std::snprintf(label, sizeof label, "%g m", meters);
        const float ls = 12.f * pr;
        const Vec2 m = font.measureText(label, ls);
        const float x0 = margin, y1 = h - margin;
        const float boxW = std::max(len, static_cast<float>(m.x)) + 2 * pad;
        const float boxH = static_cast<float>(m.y) + 14 * pr + 2 * pad;
        b.box(x0, y1 - boxH, x0 + boxW, y1);
        const float bx = x0 + pad, by = y1 - pad - 4 * pr;
        b.line(bx, by, bx + len, by);
        b.line(bx, by - 6 * pr, bx, by);
        b.line(bx + len, by - 6 * pr, bx + len, by);
        b.line(bx + len * 0.5f, by - 4 * pr, bx + len * 0.5f, by);
        b.text(label, ls, bx, y1 - boxH + pad, ink, halo);
    }
    if (b.boxes.featureCount()) d.boxes = meshOf(b.boxes);
    if (b.lines.featureCount()) d.lines = meshOf(b.lines);
    return d;
}

void drawDecorations(MapRenderer& renderer, const Decorations& d, const EventDrawParams& colours, int tileX, int tileY,
                     int tileW, int tileH, float pixelRatio) {
    // A frame whose "map units" are the full image's pixels (y up), looking at this tile.
    FrameSettings f;
    f.pixelRatio = pixelRatio;
    f.camera.width = tileW;
    f.camera.height = tileH;
    f.camera.unitsPerPixel = 1.0;
    f.camera.center = {tileX + tileW * 0.5, d.height - (tileY + tileH * 0.5)};
    renderer.setFrame(f);
    if (d.boxes) renderer.drawFill(*d.boxes, Color::rgb(0xff, 0xff, 0xff, 0.82f));
    if (d.lines) renderer.drawLines(*d.lines, Color::rgb(0x1e, 0x1e, 0x1e), 2.f);
    if (d.symbols) {
        EventDrawParams p = colours;
        p.setOn = nullptr;
        p.areas = false;
        p.selected = -1;
        p.dayFrom = INT32_MIN;
        p.dayTo = INT32_MAX;
        p.typeMask = p.precisionMask = 0xffffffffu;
        renderer.drawEvents(*d.symbols, p);
    }
    if (!d.text.empty()) {
        std::vector<TextVertex> shifted = d.text;
        for (auto& v : shifted) {
            v.x -= static_cast<float>(tileX);
            v.y -= static_cast<float>(tileY);
        }
        renderer.drawText(shifted, 0.15f);
    }
}

}  // namespace fm
