// The label font atlas: font discovery, glyph coverage for our regions' scripts, a real distance field,
// text measurement and layout, and the UTF-8 decoder that every label goes through.
#include "render/font_atlas.h"

#include "core/error.h"

#include <gtest/gtest.h>
#include <stb_truetype.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace {

using fm::FontAtlas;
using fm::GlyphQuad;

// Built once: baking is the slow part and every test reads the same atlas.
class FontAtlasTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const auto start = std::chrono::steady_clock::now();
        const std::clock_t cpuStart = std::clock();
        s_atlas = new FontAtlas(FontAtlas::build(fm::findMapFont()));
        s_buildCpuMs = 1000.0 * static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
        s_buildMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    }
    static void TearDownTestSuite() {
        delete s_atlas;
        s_atlas = nullptr;
    }
    static const FontAtlas& atlas() { return *s_atlas; }

    static FontAtlas* s_atlas;
    static double s_buildMs;
    static double s_buildCpuMs;  // what the build costs when the machine is busy with other work
};

FontAtlas* FontAtlasTest::s_atlas = nullptr;
double FontAtlasTest::s_buildMs = 0.0;
double FontAtlasTest::s_buildCpuMs = 0.0;

uint8_t atlasPixel(const FontAtlas& a, int x, int y) {
    return a.pixels()[static_cast<size_t>(y) * a.width() + x];
}

TEST(FontDiscovery, FindsMapFontOnThisMachine) {
    const std::string path = fm::findMapFont();
    EXPECT_FALSE(path.empty());
    EXPECT_TRUE(std::filesystem::is_regular_file(path)) << path;
    EXPECT_TRUE(std::filesystem::is_regular_file(fm::findMapFontBold()));
}

TEST(FontDiscovery, EnvironmentVariableWinsAndMissingFileIsSkipped) {
    const char* old = std::getenv("FRONTMAP_FONT");
    const std::string saved = old ? old : "";
    const std::string wanted = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
    if (std::filesystem::is_regular_file(wanted)) {
        setenv("FRONTMAP_FONT", wanted.c_str(), 1);
        EXPECT_EQ(fm::findMapFont(), wanted);
    }
    setenv("FRONTMAP_FONT", "/nonexistent/font.ttf", 1);
    EXPECT_NE(fm::findMapFont(), "/nonexistent/font.ttf");
    if (old) setenv("FRONTMAP_FONT", saved.c_str(), 1); else unsetenv("FRONTMAP_FONT");
}

TEST(FontDiscovery, NonFontFileIsAnErrorNamingTheFile) {
    const std::string path = (std::filesystem::temp_directory_path() / "frontmap_not_a_font.ttf").string();
    if (FILE* f = std::fopen(path.c_str(), "wb")) {
        std::fputs("this is not a font", f);
        std::fclose(f);
    }
    try {
        FontAtlas::build(path);
        ADD_FAILURE() << "expected fm::Error";
    } catch (const fm::Error& e) {
        EXPECT_EQ(e.subject(), path);
    }
    // A TrueType signature with a table directory that claims more than the file holds (stb_truetype alone
    // would read past the buffer).
    if (FILE* f = std::fopen(path.c_str(), "wb")) {
        const unsigned char header[12] = {0, 1, 0, 0, 0x20, 0x00, 0, 0, 0, 0, 0, 0};
        std::fwrite(header, 1, sizeof header, f);
        std::fclose(f);
    }
    EXPECT_THROW(FontAtlas::build(path), fm::Error);
    std::remove(path.c_str());
    EXPECT_THROW(FontAtlas::build("/nonexistent/font.ttf"), fm::Error);
    EXPECT_THROW(FontAtlas::build(fm::findMapFont(), 0.f), fm::Error);
}

TEST_F(FontAtlasTest, BuildsQuicklyIntoOneAtlas) {
    std::printf("[ info     ] atlas %dx%d, %zu glyphs, built in %.1f ms (%.1f ms CPU)\n", atlas().width(),
                atlas().height(), atlas().glyphCount(), s_buildMs, s_buildCpuMs);
    EXPECT_EQ(atlas().width(), 1024);
    EXPECT_GT(atlas().height(), 0);
    EXPECT_EQ(atlas().pixels().size(), static_cast<size_t>(atlas().width()) * atlas().height());
    EXPECT_FLOAT_EQ(atlas().bakeSize(), 40.f);
    EXPECT_GT(atlas().ascent(), 0.f);
    EXPECT_GT(atlas().descent(), 0.f);
    // Loose bound on CPU time (wall time depends on what else runs) so a slow or sanitized CI build doesn't
    // flake; an optimized build needs about 40 ms, the target is well under 200 ms.
    EXPECT_LT(s_buildCpuMs, 2000.0);
}

TEST_F(FontAtlasTest, HasLatinCyrillicAndUkrainianGlyphs) {
    for (uint32_t cp : {uint32_t('A'), 0x44Fu /* я */, 0x407u /* Ї */, 0x491u /* ґ */, 0x2116u /* № */,
                        0xB0u /* ° */, 0x2014u /* — */, 0x142u /* ł */}) {
        const FontAtlas::Glyph* g = atlas().findGlyph(cp);
        ASSERT_NE(g, nullptr) << std::hex << cp;
        EXPECT_EQ(g->codepoint, cp);
        EXPECT_GT(g->width, 0);
        EXPECT_GT(g->advance, 0.f);
    }
}

TEST_F(FontAtlasTest, UnknownCodepointFallsBackToReplacementOrQuestionMark) {
    EXPECT_EQ(atlas().findGlyph(0x4E2D), nullptr);  // 中: not in the label set
    const FontAtlas::Glyph* g = atlas().glyph(0x4E2D);
    ASSERT_NE(g, nullptr);
    EXPECT_TRUE(g->codepoint == FontAtlas::kReplacementChar || g->codepoint == '?');
}

TEST_F(FontAtlasTest, GlyphRectsStayInsideTheAtlasAndDoNotOverlap) {
    std::vector<const FontAtlas::Glyph*> drawn;
    for (uint32_t cp = 0; cp <= 0xFFFF; ++cp) {
        const FontAtlas::Glyph* g = atlas().findGlyph(cp);
        if (!g || g->width == 0) continue;
        EXPECT_GE(g->atlasX, 0);
        EXPECT_GE(g->atlasY, 0);
        EXPECT_LE(g->atlasX + g->width, atlas().width());
        EXPECT_LE(g->atlasY + g->height, atlas().height());
        drawn.push_back(g);
    }
    ASSERT_GT(drawn.size(), 500u);
    for (size_t i = 0; i < drawn.size(); ++i) {
        for (size_t j = i + 1; j < drawn.size(); ++j) {
            const auto* a = drawn[i];
            const auto* b = drawn[j];
            const bool apart = a->atlasX + a->width <= b->atlasX || b->atlasX + b->width <= a->atlasX ||
                               a->atlasY + a->height <= b->atlasY || b->atlasY + b->height <= a->atlasY;
            ASSERT_TRUE(apart) << std::hex << a->codepoint << " overlaps " << b->codepoint;
        }
    }
}

TEST_F(FontAtlasTest, SdfIsInsideOnTheStemAndOutsideInThePadding) {
    for (uint32_t cp : {uint32_t('I'), uint32_t('l')}) {
        const FontAtlas::Glyph* g = atlas().findGlyph(cp);
        ASSERT_NE(g, nullptr);
        const int cx = g->atlasX + g->width / 2;
        const int cy = g->atlasY + g->height / 2;
        EXPECT_GT(atlasPixel(atlas(), cx, cy), 128) << char(cp);
        EXPECT_LT(atlasPixel(atlas(), g->atlasX, g->atlasY), 128) << char(cp);
        EXPECT_LT(atlasPixel(atlas(), g->atlasX + g->width - 1, g->atlasY + g->height - 1), 128) << char(cp);
    }
    EXPECT_NEAR(atlas().sdfValueAt(0.f), FontAtlas::edgeValue(), 1e-6);
    EXPECT_NEAR(atlas().sdfValueAt(-static_cast<float>(atlas().padding())), 0.f, 1e-6);
    EXPECT_LT(atlas().sdfValueAt(-2.f), FontAtlas::edgeValue());
}

// Our distance field is a faster take on stbtt_GetCodepointSDF (see bakeGlyphSdf); it must stay a drop-in:
// same box, same encoding, values within a few levels (stb truncates where we round, and it measures exact
// curves where we measure a 0.02 px polyline). 'u' pins a bug: DejaVu gives it a one-point "contour" above the
// glyph, which once pulled the field towards it (117 levels off).
TEST_F(FontAtlasTest, SdfMatchesStbTrueTypeReference) {
    std::ifstream in(fm::findMapFont(), std::ios::binary);
    const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    stbtt_fontinfo info;
    ASSERT_TRUE(stbtt_InitFont(&info, bytes.data(), stbtt_GetFontOffsetForIndex(bytes.data(), 0)));
    const float scale = stbtt_ScaleForMappingEmToPixels(&info, atlas().bakeSize());
    const int pad = atlas().padding();
    for (uint32_t cp : {uint32_t('A'), uint32_t('g'), uint32_t('u'), uint32_t('@'), uint32_t('&'), 0xFCu /* ü */,
                        0x416u /* Ж */, 0x491u /* ґ */, 0xA9u /* © */, 0x2116u /* № */}) {
        const FontAtlas::Glyph* g = atlas().findGlyph(cp);
        ASSERT_NE(g, nullptr);
        int w = 0, h = 0, xoff = 0, yoff = 0;
        unsigned char* ref = stbtt_GetCodepointSDF(&info, scale, static_cast<int>(cp), pad, 128, 128.f / pad, &w, &h,
                                                   &xoff, &yoff);
        ASSERT_NE(ref, nullptr);
        EXPECT_EQ(g->width, w);
        EXPECT_EQ(g->height, h);
        EXPECT_EQ(g->offsetX, static_cast<float>(xoff));
        EXPECT_EQ(g->offsetY, static_cast<float>(yoff));
        int worst = 0;
        double total = 0.0;
        for (int y = 0; y < std::min(h, g->height); ++y) {
            for (int x = 0; x < std::min(w, g->width); ++x) {
                const int diff = std::abs(int(atlasPixel(atlas(), g->atlasX + x, g->atlasY + y)) - int(ref[y * w + x]));
                worst = std::max(worst, diff);
                total += diff;
            }
        }
        stbtt_FreeSDF(ref, nullptr);
        EXPECT_LE(worst, 10) << std::hex << cp;  // < 0.5 px at the default padding
        EXPECT_LT(total / (w * h), 0.75) << std::hex << cp;
    }
}

TEST_F(FontAtlasTest, MeasureTextGrowsWithTextAndScalesLinearlyWithSize) {
    const fm::Vec2 kyi = atlas().measureText("Kyi", 20.f);
    const fm::Vec2 kyiv = atlas().measureText("Kyiv", 20.f);
    EXPECT_GT(kyiv.x, kyi.x);
    EXPECT_GT(kyiv.y, 0.0);
    const fm::Vec2 big = atlas().measureText("Kyiv", 40.f);
    EXPECT_NEAR(big.x / kyiv.x, 2.0, 0.02);
    EXPECT_NEAR(big.y / kyiv.y, 2.0, 0.02);
    EXPECT_NEAR(kyiv.y, (atlas().ascent() + atlas().descent()) * 20.0 / atlas().bakeSize(), 1e-3);
    EXPECT_EQ(atlas().measureText("", 20.f).x, 0.0);
}

TEST_F(FontAtlasTest, LayoutMakesOneQuadPerVisibleGlyphInReadingOrder) {
    for (const std::string& text : {std::string("Київ"), std::string("Kyiv")}) {
        std::vector<GlyphQuad> quads;
        const float advance = atlas().layoutText(text, 24.f, 100.f, 50.f, quads);
        ASSERT_EQ(quads.size(), 4u) << text;
        EXPECT_NEAR(advance, atlas().measureText(text, 24.f).x, 1e-3);
        for (size_t i = 0; i < quads.size(); ++i) {
            const GlyphQuad& q = quads[i];
            EXPECT_LT(q.x0, q.x1);
            EXPECT_LT(q.y0, q.y1);
            EXPECT_LT(q.y0, 50.f);  // glyphs rise above the baseline (y down)
            EXPECT_GE(q.u0, 0.f);
            EXPECT_LE(q.u1, 1.f);
            EXPECT_LT(q.u0, q.u1);
            EXPECT_LT(q.v0, q.v1);
            if (i > 0) {
                EXPECT_GE(q.x0, quads[i - 1].x0) << text << " glyph " << i;
            }
        }
        EXPECT_GE(quads.front().x0, 100.f - atlas().padding() * 24.f / atlas().bakeSize() - 1.f);
    }
}

TEST_F(FontAtlasTest, LayoutQuadsIncludeTheSdfPadding) {
    const FontAtlas::Glyph* g = atlas().findGlyph('H');
    ASSERT_NE(g, nullptr);
    std::vector<GlyphQuad> quads;
    atlas().layoutText("H", 80.f, 0.f, 0.f, quads);  // 2x the bake size
    ASSERT_EQ(quads.size(), 1u);
    EXPECT_NEAR(quads[0].x1 - quads[0].x0, g->width * 2.f, 1e-3);
    EXPECT_NEAR(quads[0].y1 - quads[0].y0, g->height * 2.f, 1e-3);
    EXPECT_GE(g->width, 2 * atlas().padding());
}

TEST_F(FontAtlasTest, SpacesAndControlsMakeNoQuadsButSpacesAdvance) {
    std::vector<GlyphQuad> quads;
    const float withSpace = atlas().layoutText("a b", 20.f, 0.f, 0.f, quads);
    EXPECT_EQ(quads.size(), 2u);
    quads.clear();
    const float withControl = atlas().layoutText("a\tb\n", 20.f, 0.f, 0.f, quads);
    EXPECT_EQ(quads.size(), 2u);
    EXPECT_GT(withSpace, withControl);
}

TEST_F(FontAtlasTest, BrokenUtf8ShowsReplacementGlyph) {
    std::vector<GlyphQuad> quads;
    atlas().layoutText("a\xff" "b", 20.f, 0.f, 0.f, quads);
    EXPECT_EQ(quads.size(), 3u);
}

// --- UTF-8 -------------------------------------------------------------------------------------------------

std::string encodeUtf8(const std::vector<uint32_t>& cps) {
    std::string s;
    for (uint32_t c : cps) {
        if (c < 0x80) {
            s += char(c);
        } else if (c < 0x800) {
            s += char(0xC0 | (c >> 6));
            s += char(0x80 | (c & 0x3F));
        } else if (c < 0x10000) {
            s += char(0xE0 | (c >> 12));
            s += char(0x80 | ((c >> 6) & 0x3F));
            s += char(0x80 | (c & 0x3F));
        } else {
            s += char(0xF0 | (c >> 18));
            s += char(0x80 | ((c >> 12) & 0x3F));
            s += char(0x80 | ((c >> 6) & 0x3F));
            s += char(0x80 | (c & 0x3F));
        }
    }
    return s;
}

std::vector<uint32_t> decoded(const std::string& s, bool* clean = nullptr) {
    std::vector<uint32_t> out;
    const bool ok = fm::decodeUtf8(s, out);
    if (clean) *clean = ok;
    return out;
}

constexpr uint32_t kFFFD = 0xFFFD;

TEST(Utf8Decode, ValidMultiByteStringsRoundTrip) {
    const std::string text = "Київ – №5, Łódź 20°, €, 😀, \xf4\x8f\xbf\xbf";
    bool clean = false;
    const std::vector<uint32_t> cps = decoded(text, &clean);
    EXPECT_TRUE(clean);
    EXPECT_EQ(encodeUtf8(cps), text);
    EXPECT_EQ(cps[0], 0x41Au);  // К
    EXPECT_EQ(cps[2], 0x457u);  // ї
    EXPECT_EQ(cps.back(), 0x10FFFFu);
    EXPECT_NE(std::find(cps.begin(), cps.end(), 0x1F600u), cps.end());
}

TEST(Utf8Decode, EmbeddedNulAndAsciiPassThrough) {
    bool clean = false;
    EXPECT_EQ(decoded(std::string("a\0b", 3), &clean), (std::vector<uint32_t>{'a', 0, 'b'}));
    EXPECT_TRUE(clean);
    EXPECT_TRUE(decoded("", &clean).empty());
    EXPECT_TRUE(clean);
}

TEST(Utf8Decode, InvalidBytesBecomeReplacementCharacters) {
    struct Case {
        std::string input;
        std::vector<uint32_t> expected;
    };
    const Case cases[] = {
        {"\xff", {kFFFD}},
        {"\xc3", {kFFFD}},                                   // truncated two-byte sequence
        {"\xc0\xaf", {kFFFD, kFFFD}},                        // overlong '/'
        {"\xe0\x80\xaf", {kFFFD, kFFFD, kFFFD}},             // overlong three-byte
        {"\xed\xa0\x80", {kFFFD, kFFFD, kFFFD}},             // UTF-16 surrogate D800
        {"\xf4\x90\x80\x80", {kFFFD, kFFFD, kFFFD, kFFFD}},  // above U+10FFFF
        {"\x80", {kFFFD}},                                   // stray continuation
        {"\xe2\x28\xa1", {kFFFD, '(', kFFFD}},               // bad continuation is re-read on its own
        {"a\xd0" "b", {'a', kFFFD, 'b'}},
    };
    for (const Case& c : cases) {
        bool clean = true;
        EXPECT_EQ(decoded(c.input, &clean), c.expected) << ::testing::PrintToString(c.input);
        EXPECT_FALSE(clean);
    }
}

TEST(Utf8Decode, LeadByteAtTheEndIsReplacedWithoutReadingPastIt) {
    // Each string ends inside a multi-byte sequence; a decoder that trusted the lead byte's length would read
    // beyond size() (ASan builds catch that; here the terminating NUL would turn up as a decoded character).
    const std::pair<std::string, std::vector<uint32_t>> cases[] = {
        {"Kyi\xd0", {'K', 'y', 'i', kFFFD}},
        {"x\xe2\x82", {'x', kFFFD}},
        {"x\xf0\x9f\x98", {'x', kFFFD}},
        {"\xf0", {kFFFD}},
    };
    for (const auto& [input, expected] : cases) {
        bool clean = true;
        EXPECT_EQ(decoded(input, &clean), expected) << ::testing::PrintToString(input);
        EXPECT_FALSE(clean);
    }
    // Heap-allocated exact-size buffer (no small-string slack) for the ASan run.
    std::string heap(64, 'a');
    heap.back() = '\xe2';
    const std::vector<uint32_t> out = decoded(heap);
    ASSERT_EQ(out.size(), 64u);
    EXPECT_EQ(out.back(), kFFFD);
}

TEST(Utf8Decode, AppendsToExistingOutput) {
    std::vector<uint32_t> out{1, 2};
    EXPECT_TRUE(fm::decodeUtf8("я", out));
    EXPECT_EQ(out, (std::vector<uint32_t>{1, 2, 0x44F}));
}

}  // namespace
