// The Map panel: projection picker (presets, or any EPSG code / PROJ string / WKT), clip margin, Crimea view,
// graticule and labels.
#pragma once

#include <string>

#include "model/view_state.h"
#include "sources/projection.h"
#include "ui/ui_requests.h"

namespace fm {

struct ProjectionPanelState {
    std::string typed;   // the text box
    std::string error;   // last error from trying a definition
};

void drawProjectionPanel(const Projection& current, ViewState& view, ProjectionPanelState& state, UiRequests& req, bool* open);

}  // namespace fm
