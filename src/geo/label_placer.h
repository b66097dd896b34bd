// Chooses which place labels to draw this frame so that no two overlap. Pure CPU and GL-free: it sees the camera
// only as a ScreenMapping and the font only as a text-measuring callback, so the window, the snapshot exporter
// and the tests all get the same layout.
//
// Greedy and deterministic: candidates are visited in the caller's order (most important first); each one gets
// its dot and the first of eight label positions (right, left, above, below, then the diagonals) whose padded
// box touches nothing already placed. A place is drawn with its label or not at all. Collision checks go through
// a uniform grid of buckets over the screen, so a frame costs O(candidates) rather than O(candidates²).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/geo_types.h"

namespace fm {

// Map (projected) coordinates to screen pixels: the viewport centre shows (centerX, centerY), one pixel covers
// unitsPerPixel map units, screen y grows downwards.
struct ScreenMapping {
    double centerX = 0.0;
    double centerY = 0.0;
    double unitsPerPixel = 1.0;
    int width = 0;
    int height = 0;

    Vec2 toScreen(double x, double y) const {
        return {(x - centerX) / unitsPerPixel + width * 0.5, height * 0.5 - (y - centerY) / unitsPerPixel};
    }
    bool valid() const;
};

// Number of label size classes; class 0 is the biggest.
constexpr int kLabelSizeClasses = 3;

// 0 for capitals and cities of a million or more, 1 for first-order seats and towns of 100k or more, 2 otherwise.
int labelSizeClass(const std::string& featureCode, uint32_t population);

// One place that may get a label, already projected to map coordinates.
struct LabelCandidate {
    Vec2 position;  // map coordinates
    std::string text;
    uint32_t population = 0;
    int sizeClass = kLabelSizeClasses - 1;  // see labelSizeClass(); clamped to 0..kLabelSizeClasses-1
};

// Width and height in pixels of `text` set at `sizePx`.
using TextMeasure = std::function<Vec2(const std::string& text, float sizePx)>;

struct LabelParams {
    float fontSizePx[kLabelSizeClasses] = {16.f, 13.f, 11.f};
    float dotRadiusPx[kLabelSizeClasses] = {4.f, 3.f, 2.5f};
    float paddingPx = 3.f;         // minimum gap between any two placed boxes (labels and dots)
    float labelGapPx = 2.f;        // gap between a dot and its label
    float viewportMarginPx = 0.f;  // dots up to this far outside the viewport are still considered
    bool labelsInsideViewport = true;  // reject label positions that would be cut by the viewport's edge
    size_t maxLabels = 300;
    // Candidates are taken to be ordered by population descending: the walk ends at the first one below this.
    uint32_t minPopulation = 0;
    // The screen counts as full after this many visible candidates in a row found no room; ends the walk early.
    // 0 turns the rule off.
    size_t maxConsecutiveRejects = 400;
    float gridCellPx = 64.f;  // bucket size of the collision grid
    // Screen boxes (pixels, y down) that no dot or label may touch: an export's title, legend and scale bar.
    std::vector<BBox> obstaclesPx;
};

// Where a label sits relative to its dot. The four diagonal corners are tried last; they let a dot close to a
// corner of the screen keep its label on screen.
enum class LabelSide : uint8_t { Right, Left, Above, Below, AboveRight, BelowRight, AboveLeft, BelowLeft };

struct PlacedLabel {
    size_t candidate = 0;  // index into the candidates passed in
    Vec2 anchor;           // screen position of the dot's centre
    float dotRadiusPx = 0.f;
    BBox textBox;          // screen pixels, y down
    Vec2 textPos;          // top-left corner where the text is drawn (textBox.minX, textBox.minY)
    float fontSizePx = 0.f;
    int sizeClass = 0;
    LabelSide side = LabelSide::Right;
};

// Lays out labels for one frame; returns them in placement order (most important first). Returns nothing for
// a degenerate mapping (empty viewport, non-positive or non-finite scale) or without a measure callback.
std::vector<PlacedLabel> placeLabels(const std::vector<LabelCandidate>& candidates, const ScreenMapping& screen,
                                     const TextMeasure& measure, const LabelParams& params = {});

}  // namespace fm
