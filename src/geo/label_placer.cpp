#include "geo/label_placer.h"

#include <algorithm>
#include <cmath>

namespace fm {

namespace {

// A huge offscreen snapshot must not turn into millions of buckets: above this many per axis the cells grow.
constexpr int kMaxGridCellsPerAxis = 256;

// Boxes already placed this frame, bucketed by a uniform grid over the screen. A box is listed in every cell it
// touches; a box (or a query) beyond the grid is clamped into the edge cells, which keeps the lookup complete.
class CollisionGrid {
public:
    CollisionGrid(double originX, double originY, double width, double height, double cellPx) {
        m_originX = originX;
        m_originY = originY;
        m_cell = std::max(cellPx, 1.0);
        m_cell = std::max({m_cell, width / kMaxGridCellsPerAxis, height / kMaxGridCellsPerAxis});
        m_cols = std::max(1, static_cast<int>(std::ceil(width / m_cell)));
        m_rows = std::max(1, static_cast<int>(std::ceil(height / m_cell)));
        m_cells.resize(static_cast<size_t>(m_cols) * static_cast<size_t>(m_rows));
    }

    // True when `box` grown by `padding` on every side overlaps a stored box. Boxes exactly `padding` apart do not
    // count as overlapping.
    bool collides(const BBox& box, double padding) const {
        const BBox grown = BBox::of(box.minX - padding, box.minY - padding, box.maxX + padding, box.maxY + padding);
        int c0, r0, c1, r1;
        cellRange(grown, c0, r0, c1, r1);
        for (int r = r0; r <= r1; ++r) {
            for (int c = c0; c <= c1; ++c) {
                for (uint32_t id : m_cells[index(c, r)]) {
                    const BBox& o = m_boxes[id];
                    if (grown.minX < o.maxX && grown.maxX > o.minX && grown.minY < o.maxY && grown.maxY > o.minY) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    void insert(const BBox& box) {
        const auto id = static_cast<uint32_t>(m_boxes.size());
        m_boxes.push_back(box);
        int c0, r0, c1, r1;
        cellRange(box, c0, r0, c1, r1);
        for (int r = r0; r <= r1; ++r) {
            for (int c = c0; c <= c1; ++c) m_cells[index(c, r)].push_back(id);
        }
    }

private:
    int clampCol(double x) const {
        const double c = std::floor((x - m_originX) / m_cell);
        return static_cast<int>(std::clamp(c, 0.0, static_cast<double>(m_cols - 1)));
    }
    int clampRow(double y) const {
        const double r = std::floor((y - m_originY) / m_cell);
        return static_cast<int>(std::clamp(r, 0.0, static_cast<double>(m_rows - 1)));
    }
    void cellRange(const BBox& b, int& c0, int& r0, int& c1, int& r1) const {
        c0 = clampCol(b.minX);
        c1 = clampCol(b.maxX);
        r0 = clampRow(b.minY);
        r1 = clampRow(b.maxY);
    }
    size_t index(int c, int r) const { return static_cast<size_t>(r) * static_cast<size_t>(m_cols) + c; }

    double m_originX = 0.0;
    double m_originY = 0.0;
    double m_cell = 64.0;
    int m_cols = 1;
    int m_rows = 1;
    std::vector<std::vector<uint32_t>> m_cells;
    std::vector<BBox> m_boxes;
};

BBox labelBox(LabelSide side, const Vec2& dot, double radius, double gap, double w, double h) {
    const double right = dot.x + radius + gap;  // left edge of a label right of the dot
    const double left = dot.x - radius - gap;   // right edge of a label left of it
    const double below = dot.y + radius + gap;  // top edge of a label below it (y down)
    const double above = dot.y - radius - gap;  // bottom edge of a label above it
    switch (side) {
        case LabelSide::Right: return BBox::of(right, dot.y - h * 0.5, right + w, dot.y + h * 0.5);
        case LabelSide::Left: return BBox::of(left - w, dot.y - h * 0.5, left, dot.y + h * 0.5);
        case LabelSide::Above: return BBox::of(dot.x - w * 0.5, above - h, dot.x + w * 0.5, above);
        case LabelSide::Below: return BBox::of(dot.x - w * 0.5, below, dot.x + w * 0.5, below + h);
        case LabelSide::AboveRight: return BBox::of(right, above - h, right + w, above);
        case LabelSide::BelowRight: return BBox::of(right, below, right + w, below + h);
        case LabelSide::AboveLeft: return BBox::of(left - w, above - h, left, above);
        case LabelSide::BelowLeft: return BBox::of(left - w, below, left, below + h);
    }
    return {};
}

// Right first, as in most atlases; then left, above and below; the diagonals last, as they read least clearly
// as belonging to their dot but are the only ones that fit in a corner of the screen.
constexpr LabelSide kSideOrder[] = {LabelSide::Right,      LabelSide::Left,       LabelSide::Above,
                                    LabelSide::Below,      LabelSide::AboveRight, LabelSide::BelowRight,
                                    LabelSide::AboveLeft,  LabelSide::BelowLeft};

}  // namespace

bool ScreenMapping::valid() const {
    return width > 0 && height > 0 && std::isfinite(unitsPerPixel) && unitsPerPixel > 0.0 &&
           std::isfinite(centerX) && std::isfinite(centerY);
}

int labelSizeClass(const std::string& featureCode, uint32_t population) {
    if (featureCode == "PPLC" || population >= 1000000) return 0;
    if (featureCode == "PPLA" || population >= 100000) return 1;
    return 2;
}

std::vector<PlacedLabel> placeLabels(const std::vector<LabelCandidate>& candidates, const ScreenMapping& screen,
                                     const TextMeasure& measure, const LabelParams& params) {
    std::vector<PlacedLabel> placed;
    if (!screen.valid() || !measure || params.maxLabels == 0) return placed;

    const double margin = std::max(0.0, static_cast<double>(params.viewportMarginPx));
    const BBox reach = BBox::of(-margin, -margin, screen.width + margin, screen.height + margin);
    const BBox viewport = BBox::of(0.0, 0.0, screen.width, screen.height);
    const double padding = std::max(0.0, static_cast<double>(params.paddingPx));
    const double gap = std::max(0.0, static_cast<double>(params.labelGapPx));

    CollisionGrid grid(reach.minX, reach.minY, reach.width(), reach.height(), params.gridCellPx);
    for (const BBox& b : params.obstaclesPx)
        if (!b.empty()) grid.insert(b);
    size_t rejectsInARow = 0;

    for (size_t i = 0; i < candidates.size(); ++i) {
        const LabelCandidate& cand = candidates[i];
        if (cand.population < params.minPopulation) break;
        if (cand.text.empty()) continue;  // a dot without a name would be a dot without a label
        if (!std::isfinite(cand.position.x) || !std::isfinite(cand.position.y)) continue;

        const Vec2 dot = screen.toScreen(cand.position.x, cand.position.y);
        if (!reach.contains(dot.x, dot.y)) continue;  // off screen: neither placed nor counted as a reject

        const int sizeClass = std::clamp(cand.sizeClass, 0, kLabelSizeClasses - 1);
        const double radius = std::max(0.0f, params.dotRadiusPx[sizeClass]);
        const float fontSize = params.fontSizePx[sizeClass];
        const BBox dotBox = BBox::of(dot.x - radius, dot.y - radius, dot.x + radius, dot.y + radius);

        bool found = false;
        BBox textBox;
        LabelSide side = LabelSide::Right;
        if (!grid.collides(dotBox, padding)) {
            // Measured only once the dot has room: text measurement is the costly part with a real font.
            const Vec2 size = measure(cand.text, fontSize);
            if (std::isfinite(size.x) && std::isfinite(size.y) && size.x > 0.0 && size.y > 0.0) {
                for (LabelSide s : kSideOrder) {
                    const BBox box = labelBox(s, dot, radius, gap, size.x, size.y);
                    if (params.labelsInsideViewport && !viewport.contains(box)) continue;
                    if (grid.collides(box, padding)) continue;
                    textBox = box;
                    side = s;
                    found = true;
                    break;
                }
            }
        }

        if (!found) {
            ++rejectsInARow;
            if (params.maxConsecutiveRejects > 0 && rejectsInARow >= params.maxConsecutiveRejects) break;
            continue;
        }
        rejectsInARow = 0;
        grid.insert(dotBox);
        grid.insert(textBox);

        PlacedLabel label;
        label.candidate = i;
        label.anchor = dot;
        label.dotRadiusPx = static_cast<float>(radius);
        label.textBox = textBox;
        label.textPos = {textBox.minX, textBox.minY};
        label.fontSizePx = fontSize;
        label.sizeClass = sizeClass;
        label.side = side;
        placed.push_back(label);
        if (placed.size() >= params.maxLabels) break;
    }
    return placed;
}

}  // namespace fm
