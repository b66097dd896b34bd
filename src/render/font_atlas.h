// The map's label font, baked once into a single-channel signed-distance-field (SDF) atlas, and the text
// layout that turns a UTF-8 label into textured quads. CPU only: the renderer uploads pixels() as an R8
// texture and draws the quads, so window and PNG export show the same labels at any scale.
//
// What the label shader must do with a sample s (0..1, from the R channel, linear filtering):
//   - The glyph outline sits at s = 128/255 (~0.5); s grows by 128/255 per `padding()` bake pixels inside
//     the outline and falls by the same amount outside, clamped to 0..1.
//   - Fill:  alpha = smoothstep(e - w, e + w, s) with e = edgeValue() and w = fwidth(s) * 0.7 (or a width
//     derived from the on-screen scale), so edges stay one screen pixel wide whatever the label size.
//   - Halo:  the same smoothstep at a lower threshold, sdfValueAt(-haloScreenPx / scale) with
//     scale = sizePx / bakeSize(); draw halo colour first, then the fill on top. A halo can reach at most
//     `padding()` bake pixels beyond the outline, which is why every quad includes the padding area.
#pragma once

#include "core/geo_types.h"

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace fm {

// Decodes UTF-8 into code points. Every maximal ill-formed subsequence (stray or missing continuation bytes,
// overlong forms, surrogates, values above U+10FFFF, a sequence cut off by the end) becomes one U+FFFD.
// Returns false if anything was replaced. Appends to `out`; never reads past the end of `text`.
bool decodeUtf8(const std::string& text, std::vector<uint32_t>& out);

// First existing file among: $FRONTMAP_FONT, <repo or install dir>/assets/fonts/*.ttf (alphabetically),
// DejaVu Sans, Noto Sans, DejaVu Sans Bold. Throws fm::Error if there is none.
std::string findMapFont();
// Like findMapFont() but prefers DejaVu Sans Bold / Noto Sans Bold; falls back to findMapFont().
std::string findMapFontBold();

// One screen-space quad for one glyph: pixel coordinates (y down) and atlas texture coordinates (0..1).
struct GlyphQuad {
    float x0, y0, x1, y1;
    float u0, v0, u1, v1;
};

// The SDF atlas of one font at one bake size. Cheap to copy (the font data is shared, immutable).
class FontAtlas {
public:
    static constexpr uint32_t kReplacementChar = 0xFFFD;

    struct Glyph {
        uint32_t codepoint = 0;
        int glyphIndex = 0;          // index in the font, for kerning
        int atlasX = 0, atlasY = 0;  // top-left of the SDF bitmap in the atlas (pixels)
        int width = 0, height = 0;   // SDF bitmap size including padding; 0 for blank glyphs (space)
        float offsetX = 0.f;         // bitmap's top-left relative to the pen on the baseline, bake px, y down
        float offsetY = 0.f;
        float advance = 0.f;         // pen advance, bake px
    };

    FontAtlas() = default;

    // Bakes the atlas from a TrueType/OpenType (glyf or CFF) file. bakePx is the em size the SDF is made at;
    // padding is how many bake pixels of distance field surround each glyph (the maximum halo width).
    // The fields match stbtt_GetGlyphSDF's (same boxes, onedge 128, 128/padding per pixel, within a few
    // levels) but come from our own generator, ~10x faster: ~40 ms for the whole set in an optimized build.
    // Throws fm::Error naming the file if it cannot be read or is not a font.
    static FontAtlas build(const std::string& ttfPath, float bakePx = 40.f, int padding = 6);

    bool empty() const { return m_glyphs.empty(); }
    int width() const { return m_width; }
    int height() const { return m_height; }
    const std::vector<uint8_t>& pixels() const { return m_pixels; }  // row-major, width() * height() bytes

    float bakeSize() const { return m_bakePx; }  // em size in pixels the atlas was baked at
    int padding() const { return m_padding; }
    float ascent() const { return m_ascent; }    // bake px above the baseline
    float descent() const { return m_descent; }  // bake px below the baseline (positive)
    float lineGap() const { return m_lineGap; }  // bake px
    size_t glyphCount() const { return m_glyphs.size(); }

    // Normalised SDF value of the outline, and of the iso-line `distanceBakePx` outside (negative) or inside
    // (positive) it; the shader's fill and halo thresholds.
    static float edgeValue() { return 128.f / 255.f; }
    float sdfValueAt(float distanceBakePx) const;

    // The glyph for a code point, else U+FFFD, else '?'; nullptr only if the font has none of them.
    const Glyph* glyph(uint32_t codepoint) const;
    // The glyph for exactly this code point, or nullptr.
    const Glyph* findGlyph(uint32_t codepoint) const;

    // Appends one quad per visible glyph of `utf8` (one line; control characters are ignored) set at em size
    // sizePx with the pen starting at (originX, baselineY). Quads include the SDF padding. Returns the
    // advance width in screen pixels (kerning applied).
    float layoutText(const std::string& utf8, float sizePx, float originX, float baselineY,
                     std::vector<GlyphQuad>& out) const;
    // Advance width and ascent + descent of `utf8` at em size sizePx, without producing quads.
    Vec2 measureText(const std::string& utf8, float sizePx) const;

private:
    struct Face;  // the font file's bytes and stb_truetype's view of them

    template <typename GlyphFn>
    float walkText(const std::string& utf8, float scale, GlyphFn&& onGlyph) const;
    float kerning(const Glyph& left, const Glyph& right) const;  // bake px

    std::shared_ptr<const Face> m_face;
    std::vector<Glyph> m_glyphs;
    std::unordered_map<uint32_t, uint32_t> m_byCodepoint;  // code point -> index in m_glyphs
    std::vector<uint8_t> m_pixels;
    int m_width = 0;
    int m_height = 0;
    float m_bakePx = 0.f;
    int m_padding = 0;
    float m_ascent = 0.f;
    float m_descent = 0.f;
    float m_lineGap = 0.f;
};

}  // namespace fm
