#include "geo/camera.h"

#include <algorithm>

namespace fm {

void Camera::zoomAt(double sx, double sy, double factor) {
    if (!(factor > 0) || !std::isfinite(factor)) return;
    const Vec2 before = screenToMap(sx, sy);
    unitsPerPixel = std::clamp(unitsPerPixel / factor, kMinUnitsPerPixel, kMaxUnitsPerPixel);
    const Vec2 after = screenToMap(sx, sy);
    center.x += before.x - after.x;
    center.y += before.y - after.y;
}

void Camera::fit(const BBox& box, double marginFraction) {
    if (box.empty() || width <= 0 || height <= 0) return;
    center = box.center();
    const double w = std::max(box.width(), 1e-9) * (1.0 + 2.0 * marginFraction);
    const double h = std::max(box.height(), 1e-9) * (1.0 + 2.0 * marginFraction);
    unitsPerPixel = std::clamp(std::max(w / width, h / height), kMinUnitsPerPixel, kMaxUnitsPerPixel);
}

}  // namespace fm
