// What a reader of an exported map needs beside the map: title, date-range stamp, legend (sides and event types
// shown), scale bar and attribution. Built once per image in image pixels and drawn by the map renderer over the
// map (per tile for tiled exports), so exports and their pixels come from one place.
#pragma once

#include <string>
#include <vector>

#include "geo/event_mesh.h"
#include "geo/mesh_builder.h"
#include "render/font_atlas.h"
#include "render/map_renderer.h"

namespace fm {

struct DecorationSpec {
    std::string title;
    std::string stamp;        // e.g. "1 Aug 2024 – 31 Mar 2025"
    bool legend = false;
    std::vector<int> legendSides;  // Side values shown
    std::vector<int> legendTypes;  // EventType values shown
    bool scaleBar = false;
    double metersPerPixel = 0;     // true ground resolution at the image centre, for the scale bar
    std::string attribution;       // always drawn when non-empty
    float pixelRatio = 1.f;
};

struct Decorations {
    int width = 0, height = 0;
    std::shared_ptr<LayerMesh> boxes;       // translucent white panels (map units = image pixels, y up)
    std::shared_ptr<LayerMesh> lines;       // scale bar strokes
    std::shared_ptr<EventMesh> symbols;     // legend symbols (event shader, no filter)
    std::vector<TextVertex> text;           // image pixels, y down
    std::vector<BBox> panels;               // the boxes, in image pixels (y down): place labels keep out of them
};

Decorations buildDecorations(const DecorationSpec& spec, const FontAtlas& font, int width, int height,
                             const EventDrawParams& colours);
// Draws over the current frame; (tileX, tileY) is the frame's top-left corner within the full image.
void drawDecorations(MapRenderer& renderer, const Decorations& d, const EventDrawParams& colours, int tileX, int tileY,
                     int tileW, int tileH, float pixelRatio);
// A readable round length for a scale bar at most `maxMeters` long: 1, 2 or 5 × 10^k metres.
double niceScaleLength(double maxMeters);

}  // namespace fm
