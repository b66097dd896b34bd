// Saved views: a small JSON file with the layers (sources and styles), projection, extent, base-map options and
// the event filter, so a picture can be made again — by the app or by `frontmap snapshot --view`. Paths are stored
// relative to the view file and resolved against it; they are only ever opened as data, never executed.
// Connection strings are stored without passwords (use ~/.pgpass or PGPASSWORD).
#pragma once

#include <string>
#include <vector>

#include "core/geo_types.h"
#include "core/secrets.h"
#include "model/filter_spec.h"
#include "model/layer_style.h"
#include "model/view_state.h"

namespace fm {

struct ViewLayer {
    std::string source;  // as stored: relative to the view file, or a connection string
    std::string layer;   // layer name inside the source; empty = all
    std::string kind = "vector";  // "vector" or "events"
    bool visible = true;
    LayerStyle style;
    float pointRadius = 5.f;  // events
    std::string dateField;    // events: override of the date column
    std::vector<std::string> actorFields;
};

struct ViewFile {
    static constexpr int kVersion = 1;
    std::string projection;
    bool hasCamera = false;
    LonLat center;                // view centre
    double unitsPerPixel = 0;     // projected units per pixel
    int width = 0, height = 0;    // the window or image it was saved from
    bool hasExtent = false;
    BBox extentLonLat;            // what the view shows, for other image sizes
    double marginDeg = 15.0;
    bool basemap = true;
    bool graticule = true;
    bool labels = true;
    CrimeaView crimea = CrimeaView::DeJure;
    std::vector<ViewLayer> layers;
    bool hasFilter = false;
    FilterSpec filter;
    std::string date;  // time-versioned layers: the "as of" day (ISO), empty = latest
};

// Throws fm::Error naming the file: unreadable, not JSON (with line and column), a newer version than this
// frontmap knows, or fields of the wrong type. Nothing is changed on error.
ViewFile readViewFile(const std::string& path);
ViewFile parseViewJson(const std::string& json, const std::string& subject);
// Writes atomically; `sources` are made relative to the file's folder when they are files below or beside it.
void writeViewFile(const std::string& path, const ViewFile& view);
std::string viewToJson(const ViewFile& view, const std::string& viewDir);

// A stored source made usable: relative paths resolved against the view file's folder; connection strings and
// GDAL virtual paths kept as they are.
std::string resolveViewSource(const std::string& viewPath, const std::string& source);

}  // namespace fm
