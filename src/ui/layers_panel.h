// The Layers panel: visibility, order, colours, widths, opacity, feature count, CRS, extent, zoom-to and remove.
#pragma once

#include "render/map_scene.h"
#include "ui/ui_requests.h"

namespace fm {

void drawLayersPanel(MapScene& scene, UiRequests& requests, bool* open);

}  // namespace fm
