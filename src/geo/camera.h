// The view onto the projected plane: a centre in projected units, a resolution (projected units per pixel) and
// the viewport in pixels. Screen y grows downwards; map y grows upwards.
#pragma once

#include "core/geo_types.h"

namespace fm {

class Camera {
public:
    Vec2 center;
    double unitsPerPixel = 1000.0;
    int width = 1280;
    int height = 800;

    Vec2 screenToMap(double sx, double sy) const {
        return {center.x + (sx - width * 0.5) * unitsPerPixel, center.y - (sy - height * 0.5) * unitsPerPixel};
    }
    Vec2 mapToScreen(double x, double y) const {
        return {(x - center.x) / unitsPerPixel + width * 0.5, height * 0.5 - (y - center.y) / unitsPerPixel};
    }
    BBox visibleBounds() const {
        return BBox::of(center.x - width * 0.5 * unitsPerPixel, center.y - height * 0.5 * unitsPerPixel,
                        center.x + width * 0.5 * unitsPerPixel, center.y + height * 0.5 * unitsPerPixel);
    }
    // Moves the map with the pointer: a drag of (dx, dy) pixels.
    void pan(double dxPx, double dyPx) {
        center.x -= dxPx * unitsPerPixel;
        center.y += dyPx * unitsPerPixel;
    }
    // Zooms by `factor` (>1 zooms in) keeping the map point under (sx, sy) fixed.
    void zoomAt(double sx, double sy, double factor);
    // Frames `box` (projected units) with a margin, keeping the aspect ratio.
    void fit(const BBox& box, double marginFraction = 0.04);
    // Frames `box` exactly along its limiting axis (no margin); used by exports with an explicit extent.
    void fitExact(const BBox& box) { fit(box, 0.0); }

    static constexpr double kMinUnitsPerPixel = 1e-9;
    static constexpr double kMaxUnitsPerPixel = 1e12;
};

}  // namespace fm
