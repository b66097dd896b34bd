// What the exports (`snapshot`, `animate`, `export-events` and the window's Export panel) share beyond scene_setup:
// parsing of their common option values, the framing of an exported image and its decorations — one set of
// rules, so the window, a snapshot and an animation frame of the same view make the same picture.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/scene_setup.h"
#include "geo/camera.h"
#include "render/decorations.h"

namespace fm {

// "a, b,c" → {"a", "b", "c"}; empty items dropped.
std::vector<std::string> splitOptionList(const std::string& text);
// "WIDTHxHEIGHT", each 1..65536.
bool parseImageSizeOption(const char* text, int& width, int& height);
// "lon_min,lat_min,lon_max,lat_max" in degrees, min < max.
bool parseExtentOption(const char* text, BBox& box);
// A date option: the first day it covers (or the last, for --to); `why` says what is wrong.
bool parseDayOption(const std::string& text, bool lastDay, int32_t& day, std::string& why);

// A view (centre, resolution, size) shown on an image of width × height pixels: the same centre, and all of the
// view along its limiting axis. The window's export does this with its own camera.
Camera scaleCameraToImage(const Camera& view, int width, int height);
// The camera of an exported image of width × height pixels: `extent` when given, else the view's camera
// (scaleCameraToImage of the saved window), else the view's extent, else frontmap's default extent.
// Throws fm::Error when the framing cannot be shown in the projection.
Camera frameExportImage(const ViewFile& view, const Projection& projection, const BBox* extent, int width, int height);

// True ground resolution (metres per pixel) at the camera's centre, for a scale bar; 0 when not computable.
double groundMetersPerPixel(const Camera& camera, const Projection& projection);

// The legend entries of a scene under its current filter: the sides and event types of the events shown.
void legendEntries(MapScene& scene, std::vector<int>& sides, std::vector<int>& types);

struct ExportDecorationOptions {
    std::string title;
    bool legend = false;
    bool stamp = false;
    bool scaleBar = false;
    bool attribution = true;
};
// The decorations of an exported image of `scene` seen through `camera` (the whole image): the title, the date
// stamp (with the front line's date when areas of control are shown), the legend of what the filter shows, a
// scale bar of the true ground distance at the centre, and the attribution line.
DecorationSpec exportDecorations(MapScene& scene, const Projection& projection, const Camera& camera, float pixelRatio,
                                 const ExportDecorationOptions& options);

}  // namespace fm
