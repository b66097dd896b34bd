// The Change panel: pick two dates and a time-versioned layer; the viewer computes, off the UI thread, the area
// held by each side and category on both dates, gained and lost (km², geodesic), and draws the gains and losses.
#pragma once

#include <string>

#include "geo/area_change.h"
#include "render/map_scene.h"
#include "ui/ui_requests.h"

namespace fm {

struct ChangePanelState {
    std::string from, to;  // typed dates
    std::string error;
    int layerId = 0;
    bool computing = false;
    bool hasResult = false;
    AreaChange result;
    std::string resultTitle;
};

void drawChangePanel(MapScene& scene, ChangePanelState& state, UiRequests& req, bool* open);

}  // namespace fm
