// How a layer is drawn. Sizes are in screen pixels at pixel ratio 1; exports scale them.
#pragma once

#include <string>
#include <vector>

#include "core/geo_types.h"

namespace fm {

// Colour rule for polygon fills: features whose `field` equals one of `values` get `color`.
struct FillRule {
    std::string field;
    std::vector<std::string> values;
    Color color;
};

struct LayerStyle {
    bool visible = true;
    float opacity = 1.f;

    bool fillEnabled = true;
    Color fill = Color::rgb(0xe8, 0xe4, 0xd8);
    std::vector<FillRule> fillRules;  // class i+1 = rule i; class 0 = `fill`

    bool strokeEnabled = true;
    Color stroke = Color::rgb(0x80, 0x80, 0x80);
    float strokeWidth = 1.f;
    float dashLength = 0.f;  // 0: solid
    float gapLength = 0.f;

    Color pointColor = Color::rgb(0x30, 0x30, 0x30);
    float pointRadius = 3.f;
    Color pointOutline = Color::rgb(0xff, 0xff, 0xff);
    float pointOutlineWidth = 1.f;

    // Show only between these map resolutions (metres per pixel); 0 = no limit.
    double minMetersPerPixel = 0.0;
    double maxMetersPerPixel = 0.0;
};

}  // namespace fm
