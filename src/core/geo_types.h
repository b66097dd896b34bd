// Plain value types shared by every layer of frontmap: coordinates, boxes, colours. No dependencies.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>

namespace fm {

struct LonLat {
    double lon = 0.0;
    double lat = 0.0;
};

struct Vec2 {
    double x = 0.0;
    double y = 0.0;
};

// Axis-aligned box; empty until something is added.
struct BBox {
    double minX = std::numeric_limits<double>::infinity();
    double minY = std::numeric_limits<double>::infinity();
    double maxX = -std::numeric_limits<double>::infinity();
    double maxY = -std::numeric_limits<double>::infinity();

    static BBox of(double x0, double y0, double x1, double y1) {
        BBox b;
        b.minX = std::min(x0, x1);
        b.minY = std::min(y0, y1);
        b.maxX = std::max(x0, x1);
        b.maxY = std::max(y0, y1);
        return b;
    }
    bool empty() const { return !(minX <= maxX && minY <= maxY); }
    void add(double x, double y) {
        minX = std::min(minX, x);
        minY = std::min(minY, y);
        maxX = std::max(maxX, x);
        maxY = std::max(maxY, y);
    }
    void add(const BBox& o) {
        if (o.empty()) return;
        add(o.minX, o.minY);
        add(o.maxX, o.maxY);
    }
    double width() const { return empty() ? 0.0 : maxX - minX; }
    double height() const { return empty() ? 0.0 : maxY - minY; }
    Vec2 center() const { return {(minX + maxX) * 0.5, (minY + maxY) * 0.5}; }
    bool contains(double x, double y) const { return x >= minX && x <= maxX && y >= minY && y <= maxY; }
    bool contains(const BBox& o) const { return !o.empty() && o.minX >= minX && o.maxX <= maxX && o.minY >= minY && o.maxY <= maxY; }
    bool intersects(const BBox& o) const {
        return !empty() && !o.empty() && o.minX <= maxX && o.maxX >= minX && o.minY <= maxY && o.maxY >= minY;
    }
};

// Straight (non-premultiplied) RGBA colour, components in 0..1.
struct Color {
    float r = 0.f, g = 0.f, b = 0.f, a = 1.f;

    static Color rgb(uint8_t r8, uint8_t g8, uint8_t b8, float alpha = 1.f) {
        return {r8 / 255.f, g8 / 255.f, b8 / 255.f, alpha};
    }
    bool operator==(const Color& o) const { return r == o.r && g == o.g && b == o.b && a == o.a; }
    bool operator!=(const Color& o) const { return !(*this == o); }
};

// Parses "#rgb", "#rrggbb" or "#rrggbbaa"; returns false (leaving out untouched) on anything else.
bool parseColor(const char* text, Color& out);

inline bool isValidLonLat(double lon, double lat) {
    return std::isfinite(lon) && std::isfinite(lat) && lon >= -180.0 && lon <= 180.0 && lat >= -90.0 && lat <= 90.0;
}

}  // namespace fm
