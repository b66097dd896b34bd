// The status bar along the bottom: cursor lon/lat, map scale, projection, label count.
#pragma once

#include <string>

#include "core/geo_types.h"

namespace fm {

struct StatusInfo {
    bool cursorValid = false;
    LonLat cursor;
    double metersPerPixel = 0;  // true ground resolution at the cursor
    std::string projectionName;
    size_t labels = 0;
};

// Scale denominator for a ground resolution, with the OGC standard pixel of 0.28 mm.
double scaleDenominator(double metersPerPixel);
// "48°27′N 35°02′E"-style formatting, plus decimal degrees.
std::string formatLonLat(const LonLat& ll);

void drawStatusBar(const StatusInfo& info, float displayWidth, float displayHeight);

}  // namespace fm
