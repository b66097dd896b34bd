// What the export subcommands (`export-events`, `animate`) share beyond scene_setup: parsing of their common
// option values, and the framing of an exported image — the same rules `frontmap snapshot` applies, so an
// animation frame and a snapshot of the same view show the same part of the map.
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

// The camera of an exported image of width × height pixels: `extent` when given, else the view's extent, else
// the view's camera when the image has the size the view was saved at, else frontmap's default extent.
// Throws fm::Error when the framing cannot be shown in the projection.
Camera frameExportImage(const ViewFile& view, const Projection& projection, const BBox* extent, int width, int height);

// True ground resolution (metres per pixel) at the camera's centre, for a scale bar; 0 when not computable.
double groundMetersPerPixel(const Camera& camera, const Projection& projection);

// The legend entries of a scene under its current filter: the sides and event types of the events shown.
void legendEntries(MapScene& scene, std::vector<int>& sides, std::vector<int>& types);

}  // namespace fm
