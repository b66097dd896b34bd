// Exporting the events the map shows: exactly those of the visible event layers that pass the current filter,
// in frontmap's own event schema, as GeoJSON (RFC 7946), CSV (lon/lat columns) or GeoPackage, written through
// GDAL. frontmap's event reader reads the file back as schema "frontmap" with the same fields. The file is
// written under a temporary name in the same folder and renamed into place, so a failed, cancelled or killed
// export never leaves a partial file at the target path; GeoJSON and CSV are written through checked writes
// (export/checked_output.h), as their GDAL drivers would let a full disk pass unnoticed. With a view, a view file
// recording the filter is written beside the export so it can be made again.
#pragma once

#include <string>
#include <vector>

#include "core/job.h"
#include "model/view_file.h"
#include "render/map_scene.h"

namespace fm {

enum class EventExportFormat { GeoJson, Csv, GeoPackage };

// The format for a file name's extension (.geojson/.json, .csv, .gpkg; any case); false for anything else.
bool eventExportFormatFor(const std::string& path, EventExportFormat& out);
// ".geojson", ".csv", ".gpkg".
const char* eventExportExtension(EventExportFormat format);
// "GeoJSON", "CSV", "GeoPackage".
const char* eventExportFormatLabel(EventExportFormat format);
// Where the view file of an export goes: "dir/events.gpkg" → "dir/events.view.json".
std::string eventExportViewPath(const std::string& path);

// The columns of frontmap's event schema, in the order they are written (the CSV adds lon and lat after them).
const std::vector<std::string>& eventExportFields();

// How many events exportEvents() would write now: those of visible event layers passing scene.filter.
size_t countExportableEvents(const MapScene& scene);

// Writes the events of every visible event layer that pass scene.filter (the layer's title goes in the `layer`
// column). The filter is evaluated from scene.filter itself, so a scene whose layers have not yet caught up
// (updateEventFilters) exports what the filter says. `view` (may be null): written with this filter beside the
// export, at eventExportViewPath(path). `job` (may be null): progress, and cancellation (throws fm::Cancelled).
// Throws fm::Error naming `path` (unknown extension, unwritable folder, disk full, …); the previous file at
// `path`, if any, is then intact and no temporary file is left behind.
void exportEvents(const MapScene& scene, const std::string& path, const ViewFile* view, Job* job);

}  // namespace fm
