// Writing map images: PNG with a world file (.pgw) and the CRS (.prj) beside it, so GIS tools place the picture.
// Every file is written to a temporary name in the same folder and renamed into place, so a failed or killed
// export never leaves a partial file at the target path.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/atomic_file.h"
#include "core/geo_types.h"

namespace fm {

struct Image {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> rgba;  // top row first
    const uint8_t* pixel(int x, int y) const { return rgba.data() + (static_cast<size_t>(y) * width + x) * 4; }
};

// Georeferencing of an image: the projected box it covers and the CRS as WKT.
struct GeoReference {
    BBox extent;  // projected coordinates of the image's outer edges
    std::string wkt;
};

// Throws fm::Error naming `path` on failure; nothing is left at `path` unless everything succeeded.
void writePng(const std::string& path, const Image& image, int zlibLevel = 3);
void writeWorldFile(const std::string& pngPath, const Image& image, const GeoReference& ref);


// "map.png" → "map.pgw"; "map.tif" → "map.tfw".
std::string worldFilePath(const std::string& imagePath);
std::string prjFilePath(const std::string& imagePath);

}  // namespace fm
