// One vector layer as read from a source, in WGS 84 lon/lat: geometry columns plus the attribute table.
// Immutable once loaded and shared between the UI, the projection jobs and exports.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/geometry.h"

namespace fm {

struct LayerData {
    std::string source;      // the path or connection string as the user gave it
    std::string layerName;   // the layer's name inside the source
    std::string title;       // what the UI calls it
    std::string driver;      // GDAL driver short name
    std::string crsName;     // the source CRS as GDAL describes it
    GeometryColumn lonlat;   // kind, and coordinates in lon/lat
    BBox extent;             // lon/lat
    std::vector<std::string> fieldNames;
    std::vector<std::string> values;  // row-major: featureCount × fieldNames.size()
    size_t featuresInSource = 0;
    size_t featuresSkipped = 0;

    size_t featureCount() const { return lonlat.featureCount(); }
    int fieldIndex(const std::string& name) const;  // case-insensitive; -1 when absent
    const std::string& value(size_t row, size_t field) const { return values[row * fieldNames.size() + field]; }
};

using LayerDataPtr = std::shared_ptr<const LayerData>;

}  // namespace fm
