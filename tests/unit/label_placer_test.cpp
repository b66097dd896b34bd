// Tests for the place-label placer: placed boxes never overlap, importance order wins, off-screen places and
// crowded places drop out, and the walk stops where it says it does.
#include "geo/label_placer.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>
#include <vector>

namespace fm {
namespace {

// A stand-in font: every glyph 0.6 em wide, lines 1.2 em high.
Vec2 fakeMeasure(const std::string& text, float sizePx) {
    return {0.6 * sizePx * static_cast<double>(text.size()), 1.2 * sizePx};
}

// 800×600 pixels showing map units 0..800 × 0..600 (one unit per pixel, map y up).
ScreenMapping screen800x600() {
    ScreenMapping s;
    s.centerX = 400;
    s.centerY = 300;
    s.unitsPerPixel = 1.0;
    s.width = 800;
    s.height = 600;
    return s;
}

// Candidates at random map positions, population descending as the placer expects.
std::vector<LabelCandidate> randomCandidates(std::mt19937& rng, size_t count, double minX, double minY, double maxX,
                                             double maxY) {
    std::uniform_real_distribution<double> x(minX, maxX);
    std::uniform_real_distribution<double> y(minY, maxY);
    std::uniform_int_distribution<int> len(3, 14);
    std::uniform_int_distribution<int> cls(0, kLabelSizeClasses - 1);
    std::vector<LabelCandidate> out(count);
    for (size_t i = 0; i < count; ++i) {
        out[i].position = {x(rng), y(rng)};
        out[i].text = std::string(static_cast<size_t>(len(rng)), 'a' + static_cast<char>(i % 26));
        out[i].population = static_cast<uint32_t>(10000000 - i * 100);
        out[i].sizeClass = cls(rng);
    }
    return out;
}

BBox dotBox(const PlacedLabel& l) {
    return BBox::of(l.anchor.x - l.dotRadiusPx, l.anchor.y - l.dotRadiusPx, l.anchor.x + l.dotRadiusPx,
                    l.anchor.y + l.dotRadiusPx);
}

// Overlap of the interiors, after growing `a` by `gap` (boxes exactly `gap` apart are fine).
bool overlaps(const BBox& a, const BBox& b, double gap) {
    const double eps = 1e-9;
    return a.minX - gap < b.maxX - eps && a.maxX + gap > b.minX + eps && a.minY - gap < b.maxY - eps &&
           a.maxY + gap > b.minY + eps;
}

TEST(LabelPlacer, PlacedBoxesNeverOverlap) {
    std::mt19937 rng(1234);
    for (int round = 0; round < 8; ++round) {
        const auto candidates = randomCandidates(rng, 3000, -200, -200, 1000, 800);
        LabelParams params;
        params.maxLabels = 1000;
        params.paddingPx = static_cast<float>(round % 4);
        params.labelsInsideViewport = (round % 2) == 0;
        params.viewportMarginPx = static_cast<float>(round % 3) * 20.f;
        const auto placed = placeLabels(candidates, screen800x600(), fakeMeasure, params);
        ASSERT_GT(placed.size(), 20u);
        std::vector<BBox> boxes;
        for (const PlacedLabel& l : placed) {
            boxes.push_back(l.textBox);
            boxes.push_back(dotBox(l));
        }
        for (size_t i = 0; i < boxes.size(); ++i) {
            for (size_t j = i + 1; j < boxes.size(); ++j) {
                if (i / 2 == j / 2) continue;  // a label and its own dot are kept apart by labelGapPx instead
                ASSERT_FALSE(overlaps(boxes[i], boxes[j], params.paddingPx))
                    << "round " << round << ": boxes of labels " << i / 2 << " and " << j / 2;
            }
        }
        for (const PlacedLabel& l : placed) {
            EXPECT_LT(l.textBox.maxX, l.anchor.x + 1000);  // sanity: the box belongs near its dot
            EXPECT_DOUBLE_EQ(l.textPos.x, l.textBox.minX);
            EXPECT_DOUBLE_EQ(l.textPos.y, l.textBox.minY);
            if (params.labelsInsideViewport) {
                EXPECT_TRUE(BBox::of(0, 0, 800, 600).contains(l.textBox));
            }
        }
    }
}

TEST(LabelPlacer, MostImportantVisibleCandidateIsAlwaysPlaced) {
    std::mt19937 rng(99);
    const ScreenMapping screen = screen800x600();
    for (int round = 0; round < 200; ++round) {
        // Most candidates off screen; the first visible one may be anywhere inside, edges included.
        auto candidates = randomCandidates(rng, 200, -2000, -2000, 2800, 2600);
        size_t firstVisible = candidates.size();
        for (size_t i = 0; i < candidates.size(); ++i) {
            const Vec2 s = screen.toScreen(candidates[i].position.x, candidates[i].position.y);
            if (s.x >= 0 && s.x <= 800 && s.y >= 0 && s.y <= 600) {
                firstVisible = i;
                break;
            }
        }
        if (firstVisible == candidates.size()) continue;
        const auto placed = placeLabels(candidates, screen, fakeMeasure);
        ASSERT_FALSE(placed.empty()) << "round " << round;
        EXPECT_EQ(placed.front().candidate, firstVisible) << "round " << round;
    }
}

TEST(LabelPlacer, CandidatesOutsideTheViewportAreNotPlaced) {
    std::mt19937 rng(7);
    auto candidates = randomCandidates(rng, 400, -500, -500, 1300, 1100);
    LabelParams params;
    params.maxLabels = 1000;
    params.viewportMarginPx = 10.f;
    const ScreenMapping screen = screen800x600();
    const auto placed = placeLabels(candidates, screen, fakeMeasure, params);
    ASSERT_FALSE(placed.empty());
    for (const PlacedLabel& l : placed) {
        EXPECT_TRUE(BBox::of(-10, -10, 810, 610).contains(l.anchor.x, l.anchor.y)) << l.candidate;
    }

    // Entirely off screen: nothing at all.
    std::vector<LabelCandidate> away(3);
    away[0] = {{-100, 300}, "West", 100, 0};
    away[1] = {{900, 300}, "East", 90, 0};
    away[2] = {{400, 700}, "North", 80, 0};  // map y up: above the top edge
    EXPECT_TRUE(placeLabels(away, screen, fakeMeasure, params).empty());
}

TEST(LabelPlacer, DenseClusterGivesFewerLabelsThanCandidates) {
    std::mt19937 rng(42);
    const auto candidates = randomCandidates(rng, 500, 390, 290, 410, 310);
    LabelParams params;
    params.maxLabels = 1000;
    const auto placed = placeLabels(candidates, screen800x600(), fakeMeasure, params);
    ASSERT_FALSE(placed.empty());
    EXPECT_EQ(placed.front().candidate, 0u);
    EXPECT_LT(placed.size(), 20u);
}

TEST(LabelPlacer, ScreenMappingPutsMapNorthUp) {
    ScreenMapping s;
    s.centerX = 1000;
    s.centerY = 2000;
    s.unitsPerPixel = 10;
    s.width = 200;
    s.height = 100;
    const Vec2 c = s.toScreen(1000, 2000);
    EXPECT_DOUBLE_EQ(c.x, 100);
    EXPECT_DOUBLE_EQ(c.y, 50);
    const Vec2 ne = s.toScreen(1100, 2100);
    EXPECT_DOUBLE_EQ(ne.x, 110);
    EXPECT_DOUBLE_EQ(ne.y, 40);
}

TEST(LabelPlacer, PrefersRightThenLeftThenAboveThenBelow) {
    const ScreenMapping screen = screen800x600();
    std::vector<LabelCandidate> one = {{{400, 300}, "Middle", 100, 2}};
    auto placed = placeLabels(one, screen, fakeMeasure);
    ASSERT_EQ(placed.size(), 1u);
    EXPECT_EQ(placed[0].side, LabelSide::Right);
    EXPECT_GT(placed[0].textBox.minX, placed[0].anchor.x);

    // At the right edge the label must go left to stay on screen.
    one[0].position = {795, 300};
    placed = placeLabels(one, screen, fakeMeasure);
    ASSERT_EQ(placed.size(), 1u);
    EXPECT_EQ(placed[0].side, LabelSide::Left);
    EXPECT_LT(placed[0].textBox.maxX, placed[0].anchor.x);

    // Neighbours right and left of the dot push the label above it.
    std::vector<LabelCandidate> three = {
        {{340, 300}, "Left", 300, 2}, {{430, 300}, "Right", 200, 2}, {{400, 300}, "Middle", 100, 2}};
    LabelParams params;
    placed = placeLabels(three, screen, fakeMeasure, params);
    ASSERT_EQ(placed.size(), 3u);
    EXPECT_EQ(placed[2].candidate, 2u);
    EXPECT_EQ(placed[2].side, LabelSide::Above);

    // In the top-left corner only the diagonal below-right stays on screen.
    one[0].position = {3, 597};
    placed = placeLabels(one, screen, fakeMeasure);
    ASSERT_EQ(placed.size(), 1u);
    EXPECT_EQ(placed[0].side, LabelSide::BelowRight);
}

TEST(LabelPlacer, StopsAtMinimumPopulationAndMaxLabels) {
    std::mt19937 rng(5);
    auto candidates = randomCandidates(rng, 1000, 0, 0, 8000, 6000);
    ScreenMapping screen = screen800x600();
    screen.centerX = 4000;
    screen.centerY = 3000;
    screen.unitsPerPixel = 10;

    LabelParams params;
    params.maxLabels = 1000;
    params.minPopulation = candidates[50].population;
    auto placed = placeLabels(candidates, screen, fakeMeasure, params);
    ASSERT_FALSE(placed.empty());
    for (const PlacedLabel& l : placed) EXPECT_LE(l.candidate, 50u);

    params.minPopulation = 0;
    params.maxLabels = 7;
    placed = placeLabels(candidates, screen, fakeMeasure, params);
    EXPECT_EQ(placed.size(), 7u);
}

TEST(LabelPlacer, StopsWhenTheScreenIsFull) {
    // 100 places on one spot, then one far away: once 10 in a row found no room, the walk ends.
    std::vector<LabelCandidate> candidates;
    for (int i = 0; i < 100; ++i) {
        candidates.push_back({{400, 300}, "Crowd", static_cast<uint32_t>(10000 - i), 2});
    }
    candidates.push_back({{100, 100}, "Lonely", 1, 2});
    LabelParams params;
    params.maxConsecutiveRejects = 10;
    auto placed = placeLabels(candidates, screen800x600(), fakeMeasure, params);
    ASSERT_EQ(placed.size(), 1u);
    EXPECT_EQ(placed[0].candidate, 0u);

    params.maxConsecutiveRejects = 0;  // off
    placed = placeLabels(candidates, screen800x600(), fakeMeasure, params);
    ASSERT_EQ(placed.size(), 2u);
    EXPECT_EQ(placed[1].candidate, 100u);
}

TEST(LabelPlacer, IsDeterministic) {
    std::mt19937 rng(77);
    const auto candidates = randomCandidates(rng, 2000, 0, 0, 800, 600);
    const auto a = placeLabels(candidates, screen800x600(), fakeMeasure);
    const auto b = placeLabels(candidates, screen800x600(), fakeMeasure);
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
        EXPECT_EQ(a[i].candidate, b[i].candidate);
        EXPECT_EQ(a[i].side, b[i].side);
    }
}

TEST(LabelPlacer, SizeClassesGiveCapitalsTheBiggestFont) {
    EXPECT_EQ(labelSizeClass("PPLC", 20000), 0);
    EXPECT_EQ(labelSizeClass("PPL", 3000000), 0);
    EXPECT_EQ(labelSizeClass("PPLA", 30000), 1);
    EXPECT_EQ(labelSizeClass("PPL", 250000), 1);
    EXPECT_EQ(labelSizeClass("PPL", 5000), 2);

    std::vector<LabelCandidate> two = {{{200, 300}, "Capital", 100, 0}, {{600, 300}, "Village", 50, 2}};
    const LabelParams params;
    const auto placed = placeLabels(two, screen800x600(), fakeMeasure, params);
    ASSERT_EQ(placed.size(), 2u);
    EXPECT_FLOAT_EQ(placed[0].fontSizePx, params.fontSizePx[0]);
    EXPECT_FLOAT_EQ(placed[1].fontSizePx, params.fontSizePx[2]);
    EXPECT_GT(placed[0].textBox.height(), placed[1].textBox.height());
}

// Degenerate input gives an empty result rather than a division by zero or a crash.
TEST(LabelPlacer, DegenerateInputPlacesNothing) {
    std::vector<LabelCandidate> one = {{{400, 300}, "Here", 100, 0}};
    ScreenMapping screen = screen800x600();
    screen.unitsPerPixel = 0;
    EXPECT_TRUE(placeLabels(one, screen, fakeMeasure).empty());
    screen = screen800x600();
    screen.width = 0;
    EXPECT_TRUE(placeLabels(one, screen, fakeMeasure).empty());
    EXPECT_TRUE(placeLabels(one, screen800x600(), TextMeasure{}).empty());
    one[0].position.x = std::numeric_limits<double>::quiet_NaN();
    EXPECT_TRUE(placeLabels(one, screen800x600(), fakeMeasure).empty());
    one[0].position.x = 400;
    one[0].text.clear();
    EXPECT_TRUE(placeLabels(one, screen800x600(), fakeMeasure).empty());
}

// An export's legend and title are obstacles: labels used to show through their translucent boxes.
TEST(LabelPlacer, LabelsKeepOutOfObstacles) {
    std::mt19937 rng(11);
    const auto cands = randomCandidates(rng, 600, 0, 0, 800, 600);
    LabelParams p;
    p.maxLabels = 1000;
    const BBox legend = BBox::of(600, 10, 790, 200), title = BBox::of(10, 10, 300, 70);
    const size_t without = placeLabels(cands, screen800x600(), fakeMeasure, p).size();
    size_t hitWithout = 0;
    for (const PlacedLabel& l : placeLabels(cands, screen800x600(), fakeMeasure, p))
        hitWithout += overlaps(l.textBox, legend, 0) || overlaps(dotBox(l), legend, 0);
    ASSERT_GT(hitWithout, 0u) << "no label falls on the legend: the test would prove nothing";
    p.obstaclesPx = {legend, title};
    const auto placed = placeLabels(cands, screen800x600(), fakeMeasure, p);
    ASSERT_FALSE(placed.empty());
    EXPECT_LT(placed.size(), without);
    for (const PlacedLabel& l : placed)
        for (const BBox& o : p.obstaclesPx) {
            EXPECT_FALSE(overlaps(l.textBox, o, 0)) << cands[l.candidate].text << " on an obstacle";
            EXPECT_FALSE(overlaps(dotBox(l), o, 0)) << cands[l.candidate].text << "'s dot on an obstacle";
        }
}

}  // namespace
}  // namespace fm
