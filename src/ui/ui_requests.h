// What the panels ask the application to do this frame. Panels never load, project or draw themselves; the
// viewer reads these after the panels ran and does the work (usually as a background job).
#pragma once

#include <string>
#include <vector>

#include "model/view_state.h"
#include "sources/time_layer.h"

namespace fm {

struct UiRequests {
    std::vector<std::string> open;   // paths or connection strings to load
    std::string projection;          // non-empty: switch to this CRS definition
    bool marginChanged = false;
    int zoomToLayer = 0;             // layer id, 0 = none
    int removeLayer = 0;
    int zoomToTimeLayer = 0;
    int removeTimeLayer = 0;
    // Layers panel: read time layer `retimeLayer` again with other date / category fields.
    int retimeLayer = 0;
    TimeFieldSpec retimeSpec;
    // Change panel: compute the change of time layer `changeLayer` between two days.
    int changeLayer = 0;
    int32_t changeFrom = 0, changeTo = 0;
    bool restyled = false;           // a fill rule changed: meshes need rebuilding
    std::vector<int> restyledLayers;
    bool resetView = false;
    bool crimeaChanged = false;
    bool openFileDialog = false;
    bool quit = false;
};

}  // namespace fm
