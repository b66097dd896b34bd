#include "render/font_atlas.h"

#include "core/error.h"

#include <stb_truetype.h>

#include <algorithm>
#include <cmath>
#include <cctype>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace fm {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------------------
// UTF-8

bool decodeUtf8(const std::string& text, std::vector<uint32_t>& out) {
    bool clean = true;
    const size_t n = text.size();
    size_t i = 0;
    while (i < n) {
        const auto lead = static_cast<uint8_t>(text[i]);
        if (lead < 0x80) {
            out.push_back(lead);
            ++i;
            continue;
        }
        // The allowed range of the first continuation byte is what rules out overlongs (E0, F0), surrogates
        // (ED) and values above U+10FFFF (F4); C0, C1 and F5..FF can never start a well-formed sequence.
        int need = 0;
        uint32_t cp = 0;
        uint8_t lo = 0x80, hi = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            need = 1;
            cp = lead & 0x1Fu;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            need = 2;
            cp = lead & 0x0Fu;
            if (lead == 0xE0) lo = 0xA0;
            if (lead == 0xED) hi = 0x9F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            need = 3;
            cp = lead & 0x07u;
            if (lead == 0xF0) lo = 0x90;
            if (lead == 0xF4) hi = 0x8F;
        } else {
            out.push_back(FontAtlas::kReplacementChar);
            clean = false;
            ++i;
            continue;
        }
        size_t j = i + 1;
        int got = 0;
        while (got < need && j < n) {
            const auto c = static_cast<uint8_t>(text[j]);
            if (c < lo || c > hi) break;
            cp = (cp << 6) | (c & 0x3Fu);
            lo = 0x80;
            hi = 0xBF;
            ++got;
            ++j;
        }
        if (got == need) {
            out.push_back(cp);
        } else {
            // One replacement for the maximal valid prefix; the offending byte is looked at again on its own.
            out.push_back(FontAtlas::kReplacementChar);
            clean = false;
        }
        i = j;
    }
    return clean;
}

// ---------------------------------------------------------------------------------------------------------
// Font discovery

namespace {

bool isRegularFile(const fs::path& p) {
    std::error_code ec;
    return !p.empty() && fs::is_regular_file(p, ec);
}

// Where a checkout or an installed copy keeps assets/: the working directory, and the executable's directory
// and a few of its parents (build trees put binaries in build/ or build/tests/).
std::vector<fs::path> assetRoots() {
    std::vector<fs::path> roots;
#ifdef FRONTMAP_SOURCE_DIR
    roots.emplace_back(FRONTMAP_SOURCE_DIR);
#endif
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        fs::path dir = exe.parent_path();
        for (int up = 0; up < 4 && !dir.empty(); ++up) {
            roots.push_back(dir);
            if (dir == dir.parent_path()) break;
            dir = dir.parent_path();
        }
    }
    fs::path cwd = fs::current_path(ec);
    if (!ec) roots.push_back(cwd);
    return roots;
}

std::string firstBundledFont() {
    for (const fs::path& root : assetRoots()) {
        std::error_code ec;
        const fs::path dir = root / "assets" / "fonts";
        if (!fs::is_directory(dir, ec)) continue;
        std::vector<fs::path> fonts;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            std::string ext = it->path().extension().string();
            std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
            if (ext == ".ttf" && isRegularFile(it->path())) fonts.push_back(it->path());
        }
        if (!fonts.empty()) {
            std::sort(fonts.begin(), fonts.end());  // directory order is arbitrary; pick the same file every run
            return fonts.front().string();
        }
    }
    return {};
}

std::string envFont(const char* name) {
    const char* value = std::getenv(name);
    return value && isRegularFile(value) ? std::string(value) : std::string();
}

}  // namespace

std::string findMapFont() {
    if (std::string env = envFont("FRONTMAP_FONT"); !env.empty()) return env;
    if (std::string bundled = firstBundledFont(); !bundled.empty()) return bundled;
    for (const char* system : {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                               "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
                               "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"}) {
        if (isRegularFile(system)) return system;
    }
    throw Error("map font",
                "no usable font found; set FRONTMAP_FONT to a .ttf file or install fonts-dejavu-core");
}

std::string findMapFontBold() {
    if (std::string env = envFont("FRONTMAP_FONT_BOLD"); !env.empty()) return env;
    for (const char* system : {"/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
                               "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"}) {
        if (isRegularFile(system)) return system;
    }
    return findMapFont();
}

// ---------------------------------------------------------------------------------------------------------
// Baking

struct FontAtlas::Face {
    std::vector<uint8_t> bytes;  // stbtt_fontinfo points into these, so a Face never moves once made
    stbtt_fontinfo info{};
    float unitsToBakePx = 0.f;
};

namespace {

// What map labels in our regions need: Latin with diacritics, Cyrillic (incl. Ukrainian ґ, ї, є), and the
// punctuation that turns up in place and event names.
std::vector<uint32_t> labelCodepoints() {
    std::vector<uint32_t> cps;
    auto range = [&cps](uint32_t first, uint32_t last) {
        for (uint32_t c = first; c <= last; ++c) cps.push_back(c);
    };
    range(32, 126);         // ASCII
    range(0xA0, 0xFF);      // Latin-1 Supplement
    range(0x100, 0x17F);    // Latin Extended-A
    range(0x180, 0x24F);    // Latin Extended-B (Romanian ș ț, …)
    range(0x1E00, 0x1EFF);  // Latin Extended Additional (Vietnamese, …)
    range(0x400, 0x4FF);    // Cyrillic
    range(0x500, 0x52F);    // Cyrillic Supplement
    for (uint32_t c : {0x2013u, 0x2014u, 0x2018u, 0x2019u, 0x201Cu, 0x201Du, 0x2026u, 0x2022u, 0x2032u,
                       0x2033u, 0x2116u, FontAtlas::kReplacementChar}) {
        cps.push_back(c);
    }
    return cps;  // '°' (U+00B0) is already in Latin-1
}

// One glyph's distance field before packing; empty pixels for blank glyphs (space).
struct BakedBitmap {
    std::vector<uint8_t> pixels;
    int w = 0, h = 0, xoff = 0, yoff = 0;
};

// A straight piece of a glyph outline in bitmap pixels (y down), with what the distance loop needs precomputed.
struct Segment {
    float x0, y0, dx, dy;
    float invLength2;
    float minX, maxX, minY, maxY;
};

// Turns stb_truetype's outline (lines, quadratic and cubic Béziers, contours that may not be closed) into
// closed polylines. Curves are cut finely enough that the chord is within kFlatness px of the curve, which
// is about one 8-bit SDF level at the default padding.
class OutlineFlattener {
public:
    OutlineFlattener(float scale, float originX, float originY)
        : m_scale(scale), m_originX(originX), m_originY(originY) {}

    std::vector<Segment> flatten(const stbtt_vertex* verts, int count) {
        for (int i = 0; i < count; ++i) {
            const stbtt_vertex& v = verts[i];
            const float x = mapX(v.x), y = mapY(v.y);
            switch (v.type) {
            case STBTT_vmove:
                closeContour();
                m_startX = m_penX = x;
                m_startY = m_penY = y;
                m_open = true;
                break;
            case STBTT_vline:
                lineTo(x, y);
                break;
            case STBTT_vcurve:
                quadTo(mapX(v.cx), mapY(v.cy), x, y);
                break;
            case STBTT_vcubic:
                cubicTo(mapX(v.cx), mapY(v.cy), mapX(v.cx1), mapY(v.cy1), x, y);
                break;
            default:
                break;
            }
        }
        closeContour();
        return std::move(m_segments);
    }

private:
    static constexpr float kFlatness = 0.02f;
    static constexpr int kMaxPieces = 64;

    // Font units (y up) to bitmap pixels (y down) relative to the bitmap's top-left corner.
    float mapX(float fx) const { return fx * m_scale - m_originX; }
    float mapY(float fy) const { return -fy * m_scale - m_originY; }

    void lineTo(float x, float y) {
        Segment s;
        s.x0 = m_penX;
        s.y0 = m_penY;
        s.dx = x - m_penX;
        s.dy = y - m_penY;
        const float length2 = s.dx * s.dx + s.dy * s.dy;
        // Zero-length pieces are not outline: fonts carry single-point "contours" as anchors (DejaVu's 'u'
        // has one above the glyph), which would otherwise pull the distance field towards nothing.
        if (length2 <= 0.f) return;
        s.invLength2 = 1.f / length2;
        s.minX = std::min(m_penX, x);
        s.maxX = std::max(m_penX, x);
        s.minY = std::min(m_penY, y);
        s.maxY = std::max(m_penY, y);
        m_segments.push_back(s);
        m_penX = x;
        m_penY = y;
    }

    // Chord error of n equal parameter steps is |B''| / (8 n^2); solve for n.
    static int piecesFor(float secondDerivative) {
        const float n = std::ceil(std::sqrt(secondDerivative / (8.f * kFlatness)));
        return std::clamp(static_cast<int>(n), 1, kMaxPieces);
    }

    void quadTo(float cx, float cy, float x, float y) {
        const float x0 = m_penX, y0 = m_penY;
        const int n = piecesFor(2.f * std::hypot(x0 - 2.f * cx + x, y0 - 2.f * cy + y));
        for (int k = 1; k <= n; ++k) {
            const float t = static_cast<float>(k) / n, u = 1.f - t;
            lineTo(u * u * x0 + 2.f * u * t * cx + t * t * x, u * u * y0 + 2.f * u * t * cy + t * t * y);
        }
    }

    void cubicTo(float c1x, float c1y, float c2x, float c2y, float x, float y) {
        const float x0 = m_penX, y0 = m_penY;
        const float bend = std::max(std::hypot(x0 - 2.f * c1x + c2x, y0 - 2.f * c1y + c2y),
                                    std::hypot(c1x - 2.f * c2x + x, c1y - 2.f * c2y + y));
        const int n = piecesFor(6.f * bend);
        for (int k = 1; k <= n; ++k) {
            const float t = static_cast<float>(k) / n, u = 1.f - t;
            const float a = u * u * u, b = 3.f * u * u * t, c = 3.f * u * t * t, d = t * t * t;
            lineTo(a * x0 + b * c1x + c * c2x + d * x, a * y0 + b * c1y + c * c2y + d * y);
        }
    }

    // Winding needs closed contours; TrueType closes them implicitly, stb usually but not always explicitly.
    void closeContour() {
        if (m_open && (m_penX != m_startX || m_penY != m_startY)) lineTo(m_startX, m_startY);
        m_open = false;
    }

    float m_scale, m_originX, m_originY;
    float m_penX = 0.f, m_penY = 0.f, m_startX = 0.f, m_startY = 0.f;
    bool m_open = false;
    std::vector<Segment> m_segments;
};

// Signed distance field of one glyph, in the same box and encoding stbtt_GetGlyphSDF produces (outline at
// 128, 128/padding per pixel, inside brighter). stb's version measures every pixel against every curve, about
// half a second for our 625 glyphs. Here only pixels next to the outline are measured exactly; the rest inherit
// the nearest outline point from a neighbour in two raster sweeps (vector distance propagation), and the sign
// comes from the nonzero winding rule along each row, as TrueType fills.
BakedBitmap bakeGlyphSdf(const stbtt_fontinfo* info, int glyphIndex, float scale, int padding) {
    BakedBitmap b;
    int ix0 = 0, iy0 = 0, ix1 = 0, iy1 = 0;
    stbtt_GetGlyphBitmapBox(info, glyphIndex, scale, scale, &ix0, &iy0, &ix1, &iy1);
    if (ix0 >= ix1 || iy0 >= iy1) return b;
    b.xoff = ix0 - padding;
    b.yoff = iy0 - padding;
    b.w = ix1 - ix0 + 2 * padding;
    b.h = iy1 - iy0 + 2 * padding;
    const int w = b.w, h = b.h;

    stbtt_vertex* verts = nullptr;
    const int vertCount = stbtt_GetGlyphShape(info, glyphIndex, &verts);
    const std::vector<Segment> segments =
        OutlineFlattener(scale, static_cast<float>(b.xoff), static_cast<float>(b.yoff)).flatten(verts, vertCount);
    stbtt_FreeShape(info, verts);

    // Nearest outline point found so far for each pixel centre, on a grid with a one-cell border that never
    // holds a point, so the sweeps below need no bounds checks. (Hot loops avoid helper calls: Debug builds
    // don't inline them and the unit tests bake this atlas in Debug.)
    struct Nearest {
        float d2;
        float x, y;
    };
    constexpr float kNowhere = 1e15f;  // squares to 1e30, beyond any real distance, still finite
    const int stride = w + 2;
    std::vector<Nearest> grid(static_cast<size_t>(stride) * (h + 2), Nearest{kNowhere * kNowhere, kNowhere, kNowhere});
    Nearest* const origin = grid.data() + stride + 1;  // pixel (0, 0); pixel (x, y) is origin[y * stride + x]

    // Exact distances in a thin band around each segment, so that propagation starts from points that are
    // truly nearest, which keeps its error well below one 8-bit level.
    constexpr float kBand = 1.5f;
    for (const Segment& s : segments) {
        const int cx0 = std::max(0, static_cast<int>(std::floor(s.minX - kBand)));
        const int cx1 = std::min(w - 1, static_cast<int>(std::ceil(s.maxX + kBand)));
        const int cy0 = std::max(0, static_cast<int>(std::floor(s.minY - kBand)));
        const int cy1 = std::min(h - 1, static_cast<int>(std::ceil(s.maxY + kBand)));
        for (int y = cy0; y <= cy1; ++y) {
            Nearest* row = origin + static_cast<ptrdiff_t>(y) * stride;
            const float py = y + 0.5f - s.y0;
            for (int x = cx0; x <= cx1; ++x) {
                const float px = x + 0.5f - s.x0;
                float t = (px * s.dx + py * s.dy) * s.invLength2;
                t = t < 0.f ? 0.f : (t > 1.f ? 1.f : t);
                const float ex = px - t * s.dx, ey = py - t * s.dy;
                const float d2 = ex * ex + ey * ey;
                if (d2 < row[x].d2) row[x] = {d2, s.x0 + t * s.dx, s.y0 + t * s.dy};
            }
        }
    }

    // Two raster sweeps (down, then up), each pixel adopting a neighbour's nearest point when that point is
    // closer to it: first from the row already swept and the pixel before, then back along the row.
    for (int pass = 0; pass < 2; ++pass) {
        const bool down = pass == 0;
        const ptrdiff_t back = down ? -1 : 1;         // the pixel before, in this pass's direction
        const ptrdiff_t prevRow = down ? -stride : stride;
        const ptrdiff_t from[4] = {back, prevRow - 1, prevRow, prevRow + 1};
        for (int i = 0; i < h; ++i) {
            const int y = down ? i : h - 1 - i;
            const float cy = y + 0.5f;
            Nearest* row = origin + static_cast<ptrdiff_t>(y) * stride;
            for (int j = 0; j < w; ++j) {
                const int x = down ? j : w - 1 - j;
                const float cx = x + 0.5f;
                Nearest& n = row[x];
                for (ptrdiff_t offset : from) {
                    const Nearest& f = (&n)[offset];
                    const float ex = cx - f.x, ey = cy - f.y;
                    const float d2 = ex * ex + ey * ey;
                    if (d2 < n.d2) n = {d2, f.x, f.y};
                }
            }
            for (int j = 0; j < w; ++j) {
                const int x = down ? w - 1 - j : j;
                Nearest& n = row[x];
                const Nearest& f = (&n)[-back];
                const float ex = x + 0.5f - f.x, ey = cy - f.y;
                const float d2 = ex * ex + ey * ey;
                if (d2 < n.d2) n = {d2, f.x, f.y};
            }
        }
    }

    // Inside or outside by the nonzero rule: each segment adds its direction at the first pixel centre right
    // of where it crosses a row's centre line; a running sum along the row is then the winding number.
    std::vector<int> winding(static_cast<size_t>(w) * h, 0);
    for (const Segment& s : segments) {
        if (s.dy == 0.f) continue;
        const int dir = s.dy > 0.f ? 1 : -1;
        const int y0 = std::max(0, static_cast<int>(std::floor(s.minY - 0.5f)));
        const int y1 = std::min(h - 1, static_cast<int>(std::ceil(s.maxY)));
        for (int y = y0; y <= y1; ++y) {
            const float sy = y + 0.5f;
            if (sy < s.minY || sy >= s.maxY) continue;  // half-open, so a shared vertex counts once
            const float crossX = s.x0 + (sy - s.y0) * s.dx / s.dy;
            const int x = std::max(0, static_cast<int>(std::floor(crossX + 0.5f)));
            if (x < w) winding[static_cast<size_t>(y) * w + x] += dir;
        }
    }

    b.pixels.assign(static_cast<size_t>(w) * h, 0);
    const float valuePerPixel = 128.f / static_cast<float>(padding);
    const float saturated2 = (padding + 1.f) * (padding + 1.f);
    for (int y = 0; y < h; ++y) {
        const Nearest* row = origin + static_cast<ptrdiff_t>(y) * stride;
        const int* rowWinding = winding.data() + static_cast<size_t>(y) * w;
        uint8_t* out = b.pixels.data() + static_cast<size_t>(y) * w;
        int sum = 0;
        for (int x = 0; x < w; ++x) {
            sum += rowWinding[x];
            const float distance = std::sqrt(row[x].d2 < saturated2 ? row[x].d2 : saturated2);
            const float value = 128.f + (sum != 0 ? distance : -distance) * valuePerPixel + 0.5f;
            out[x] = static_cast<uint8_t>(value < 0.f ? 0.f : (value > 255.f ? 255.f : value));
        }
    }
    return b;
}

std::vector<uint8_t> readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw Error(path, "cannot open font file");
    const std::streamoff size = in.tellg();
    if (size < 0) throw Error(path, "cannot read font file");
    std::vector<uint8_t> bytes(static_cast<size_t>(size));
    in.seekg(0);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), size)) throw Error(path, "cannot read font file");
    return bytes;
}

uint32_t readBigEndian(const std::vector<uint8_t>& b, size_t at, int bytes) {
    uint32_t v = 0;
    for (int k = 0; k < bytes; ++k) v = (v << 8) | b[at + k];
    return v;
}

// Offset of the first face's table directory (a .ttc holds several), or -1 if the file is not a font whose
// directory fits inside it. stb_truetype trusts these numbers, so a text file given as a font would make it
// read far past the buffer; this check turns that into an ordinary error.
long firstFaceOffset(const std::vector<uint8_t>& b) {
    constexpr uint32_t kTrueType = 0x00010000, kApple = 0x74727565 /* true */, kCff = 0x4F54544F /* OTTO */,
                       kCollection = 0x74746366 /* ttcf */;
    if (b.size() < 12) return -1;
    uint64_t start = 0;
    if (readBigEndian(b, 0, 4) == kCollection) {
        if (b.size() < 16 || readBigEndian(b, 8, 4) == 0) return -1;
        start = readBigEndian(b, 12, 4);
        if (start + 12 > b.size()) return -1;
    }
    const uint32_t tag = readBigEndian(b, start, 4);
    if (tag != kTrueType && tag != kApple && tag != kCff) return -1;
    const uint64_t tableCount = readBigEndian(b, start + 4, 2);
    if (start + 12 + tableCount * 16 > b.size()) return -1;
    for (uint64_t t = 0; t < tableCount; ++t) {
        const size_t record = start + 12 + t * 16;
        const uint64_t tableOffset = readBigEndian(b, record + 8, 4), tableLength = readBigEndian(b, record + 12, 4);
        if (tableOffset + tableLength > b.size()) return -1;
    }
    return start <= 0x7FFFFFFF ? static_cast<long>(start) : -1;
}

}  // namespace

FontAtlas FontAtlas::build(const std::string& ttfPath, float bakePx, int padding) {
    if (!(bakePx >= 4.f && bakePx <= 512.f)) throw Error(ttfPath, "font bake size must be 4..512 pixels");
    if (padding < 1 || padding > 64) throw Error(ttfPath, "SDF padding must be 1..64 pixels");

    auto face = std::make_shared<Face>();
    face->bytes = readFile(ttfPath);
    if (face->bytes.empty()) throw Error(ttfPath, "font file is empty");
    const long offset = firstFaceOffset(face->bytes);
    if (offset < 0 || !stbtt_InitFont(&face->info, face->bytes.data(), static_cast<int>(offset))) {
        throw Error(ttfPath, "not a TrueType/OpenType font");
    }
    const stbtt_fontinfo* info = &face->info;
    // Em-based sizing, like CSS and MapLibre's text-size: "20 px" means the em square is 20 px tall.
    const float scale = stbtt_ScaleForMappingEmToPixels(info, bakePx);
    face->unitsToBakePx = scale;

    FontAtlas atlas;
    atlas.m_bakePx = bakePx;
    atlas.m_padding = padding;
    int ascent = 0, descent = 0, lineGap = 0;
    stbtt_GetFontVMetrics(info, &ascent, &descent, &lineGap);
    atlas.m_ascent = ascent * scale;
    atlas.m_descent = -descent * scale;
    atlas.m_lineGap = lineGap * scale;

    for (uint32_t cp : labelCodepoints()) {
        const int index = stbtt_FindGlyphIndex(info, static_cast<int>(cp));
        if (index == 0) continue;  // not in this font; glyph() falls back to U+FFFD / '?'
        Glyph g;
        g.codepoint = cp;
        g.glyphIndex = index;
        int advance = 0, leftBearing = 0;
        stbtt_GetGlyphHMetrics(info, index, &advance, &leftBearing);
        g.advance = advance * scale;
        atlas.m_glyphs.push_back(g);
    }
    if (atlas.m_glyphs.empty()) throw Error(ttfPath, "font has none of the characters map labels need");

    std::vector<BakedBitmap> bitmaps;
    bitmaps.reserve(atlas.m_glyphs.size());
    for (const Glyph& g : atlas.m_glyphs) bitmaps.push_back(bakeGlyphSdf(info, g.glyphIndex, scale, padding));

    // Shelf packing, tallest first so each shelf wastes little height. 1 px gutter so linear filtering never
    // picks up a neighbour.
    constexpr int kGutter = 1;
    int atlasWidth = 1024;
    for (const BakedBitmap& b : bitmaps) {
        while (b.w + 2 * kGutter > atlasWidth) atlasWidth *= 2;
    }
    std::vector<size_t> order(bitmaps.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return bitmaps[a].h > bitmaps[b].h; });
    int penX = kGutter, shelfY = kGutter, shelfHeight = 0;
    for (size_t i : order) {
        const BakedBitmap& b = bitmaps[i];
        Glyph& g = atlas.m_glyphs[i];
        if (b.pixels.empty()) continue;  // blank glyph (space): advance only
        if (penX + b.w + kGutter > atlasWidth) {
            shelfY += shelfHeight + kGutter;
            penX = kGutter;
            shelfHeight = 0;
        }
        g.atlasX = penX;
        g.atlasY = shelfY;
        g.width = b.w;
        g.height = b.h;
        g.offsetX = static_cast<float>(b.xoff);
        g.offsetY = static_cast<float>(b.yoff);
        penX += b.w + kGutter;
        shelfHeight = std::max(shelfHeight, b.h);
    }
    atlas.m_width = atlasWidth;
    atlas.m_height = std::max(1, shelfY + shelfHeight + kGutter);
    atlas.m_height = (atlas.m_height + 3) / 4 * 4;  // keeps every row start 4-byte aligned for any upload path

    atlas.m_pixels.assign(static_cast<size_t>(atlas.m_width) * atlas.m_height, 0);
    for (size_t i = 0; i < bitmaps.size(); ++i) {
        const BakedBitmap& b = bitmaps[i];
        const Glyph& g = atlas.m_glyphs[i];
        for (int row = 0; row < g.height; ++row) {
            std::memcpy(atlas.m_pixels.data() + static_cast<size_t>(g.atlasY + row) * atlas.m_width + g.atlasX,
                        b.pixels.data() + static_cast<size_t>(row) * b.w, static_cast<size_t>(b.w));
        }
    }

    for (size_t i = 0; i < atlas.m_glyphs.size(); ++i) {
        atlas.m_byCodepoint.emplace(atlas.m_glyphs[i].codepoint, static_cast<uint32_t>(i));
    }
    atlas.m_face = std::move(face);
    return atlas;
}

// ---------------------------------------------------------------------------------------------------------
// Queries and layout

float FontAtlas::sdfValueAt(float distanceBakePx) const {
    if (m_padding <= 0) return edgeValue();
    const float v = (128.f + distanceBakePx * 128.f / static_cast<float>(m_padding)) / 255.f;
    return std::clamp(v, 0.f, 1.f);
}

const FontAtlas::Glyph* FontAtlas::findGlyph(uint32_t codepoint) const {
    auto it = m_byCodepoint.find(codepoint);
    return it == m_byCodepoint.end() ? nullptr : &m_glyphs[it->second];
}

const FontAtlas::Glyph* FontAtlas::glyph(uint32_t codepoint) const {
    if (const Glyph* g = findGlyph(codepoint)) return g;
    if (const Glyph* g = findGlyph(kReplacementChar)) return g;
    return findGlyph('?');
}

float FontAtlas::kerning(const Glyph& left, const Glyph& right) const {
    if (!m_face) return 0.f;
    return stbtt_GetGlyphKernAdvance(&m_face->info, left.glyphIndex, right.glyphIndex) * m_face->unitsToBakePx;
}

namespace {

// Characters that take no room on a single-line label: controls (C0, DEL, C1), soft hyphen, zero-width
// space/joiners, word joiner and the byte-order mark.
bool isInvisible(uint32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xAD || (cp >= 0x200B && cp <= 0x200D) ||
           cp == 0x2060 || cp == 0xFEFF;
}

}  // namespace

template <typename GlyphFn>
float FontAtlas::walkText(const std::string& utf8, float scale, GlyphFn&& onGlyph) const {
    std::vector<uint32_t> cps;
    cps.reserve(utf8.size());
    decodeUtf8(utf8, cps);  // bad bytes show as U+FFFD, which is what the user should see
    float pen = 0.f;
    const Glyph* prev = nullptr;
    for (uint32_t cp : cps) {
        if (isInvisible(cp)) continue;
        const Glyph* g = glyph(cp);
        if (!g) continue;
        if (prev) pen += kerning(*prev, *g) * scale;
        onGlyph(*g, pen);
        pen += g->advance * scale;
        prev = g;
    }
    return pen;
}

float FontAtlas::layoutText(const std::string& utf8, float sizePx, float originX, float baselineY,
                            std::vector<GlyphQuad>& out) const {
    if (m_bakePx <= 0.f || !(sizePx > 0.f)) return 0.f;
    const float scale = sizePx / m_bakePx;
    const float invW = 1.f / static_cast<float>(m_width);
    const float invH = 1.f / static_cast<float>(m_height);
    return walkText(utf8, scale, [&](const Glyph& g, float pen) {
        if (g.width <= 0 || g.height <= 0) return;
        GlyphQuad q;
        q.x0 = originX + pen + g.offsetX * scale;
        q.y0 = baselineY + g.offsetY * scale;
        q.x1 = q.x0 + g.width * scale;
        q.y1 = q.y0 + g.height * scale;
        q.u0 = g.atlasX * invW;
        q.v0 = g.atlasY * invH;
        q.u1 = (g.atlasX + g.width) * invW;
        q.v1 = (g.atlasY + g.height) * invH;
        out.push_back(q);
    });
}

Vec2 FontAtlas::measureText(const std::string& utf8, float sizePx) const {
    if (m_bakePx <= 0.f || !(sizePx > 0.f)) return {};
    const float scale = sizePx / m_bakePx;
    const float width = walkText(utf8, scale, [](const Glyph&, float) {});
    return {width, (m_ascent + m_descent) * scale};
}

}  // namespace fm
