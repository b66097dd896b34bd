// Writing map images: PNG with a world file (.pgw) and the CRS (.prj) beside it, so GIS tools place the picture,
// or a GeoTIFF carrying its CRS and geotransform inside. Encoding goes through GDAL's PNG and GTiff drivers
// straight from the image's pixels, row by row, with progress and cancellation. Every file is written to a
// temporary name in the same folder and renamed into place, so a failed, cancelled or killed export never leaves
// a partial file at the target path.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/atomic_file.h"
#include "core/geo_types.h"

namespace fm {

class Job;

struct Image {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> rgba;  // top row first
    const uint8_t* pixel(int x, int y) const { return rgba.data() + (static_cast<size_t>(y) * width + x) * 4; }
};

// Georeferencing of an image: the projected box it covers and the CRS as WKT.
struct GeoReference {
    BBox extent;          // projected coordinates of the image's outer edges
    std::string wkt;      // for the .prj beside a PNG: ESRI's WKT 1, which GIS tools expect there
    std::string tiffWkt;  // for a GeoTIFF: WKT 2 (empty: `wkt`)
};

enum class ImageFormat { Png, GeoTiff };

// The format a file name asks for: .png, or .tif/.tiff (any case); false for anything else.
bool imageFormatFor(const std::string& path, ImageFormat& format);
// "gtiff"/"geotiff"/"tif"/"tiff" or "png" (any case), as given to --format; false for anything else.
bool imageFormatNamed(const std::string& name, ImageFormat& format);
// ".png" or ".tif".
const char* imageFormatExtension(ImageFormat format);

// Writes a map image: a PNG with its world file and .prj beside it, or a GeoTIFF with the CRS and geotransform
// inside. `job` (may be null): progress 0..1, and cancellation (throws fm::Cancelled). Throws fm::Error naming
// `path` on failure. Either way nothing is left at `path` (or beside it) that was not complete, and no temporary.
void writeMapImage(const std::string& path, const Image& image, const GeoReference& ref, ImageFormat format, Job* job = nullptr);

// Throws fm::Error naming `path` on failure; nothing is left at `path` unless everything succeeded.
void writePng(const std::string& path, const Image& image);
void writeGeoTiff(const std::string& path, const Image& image, const GeoReference& ref, Job* job = nullptr);
void writeWorldFile(const std::string& pngPath, const Image& image, const GeoReference& ref);

// "map.png" → "map.pgw"; "map.tif" → "map.tfw".
std::string worldFilePath(const std::string& imagePath);
std::string prjFilePath(const std::string& imagePath);

}  // namespace fm
