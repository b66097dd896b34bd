// The Export panel: what to export and where — a map image (size presets for screens and print, title, legend,
// date stamp, scale bar, attribution, pixel ratio, PNG path), the filtered events (path and format), and saving or
// opening a view file. It only edits an ExportRequest; the viewer reads the request's flags after the panels ran,
// does the work (offscreen rendering with the map's own renderer, a few tiles per frame, then encoding and
// writing on a worker thread; Cancel stops either and leaves no file) and
// writes progress and results back into the same struct for the panel to show. It never calls GL.
#pragma once

#include <string>
#include <vector>

#include "export/event_export.h"
#include "export/image_writer.h"

namespace fm {

// A size offered by the panel. Paper sizes are at 300 dpi.
struct ExportSizePreset {
    const char* label;
    int width;
    int height;
};
// 1920×1080, 3840×2160, A4 landscape/portrait (3508×2480), A3 landscape/portrait (4961×3508).
const std::vector<ExportSizePreset>& exportSizePresets();
// The preset of exactly this size, or -1.
int findExportSizePreset(int width, int height);

constexpr int kMaxExportSide = 16384;

// Everything the viewer needs to carry out what the user asked for in the Export panel. The panel sets the
// one-shot flags (ready, exportEvents, saveView, openView, browse*, cancel); the viewer clears each flag when it
// takes it up. The feedback fields at the end are the viewer's to write.
struct ExportRequest {
    // --- Map image: PNG, always with its world file (.pgw) and CRS (.prj) beside it, or a GeoTIFF -------------
    int preset = 0;            // index into exportSizePresets(); -1 = custom size
    int width = 1920;          // pixels, 1..kMaxExportSide; follows the preset
    int height = 1080;
    std::string title;         // drawn top left when not empty
    bool legend = true;        // sides and event types shown
    bool dateStamp = true;     // the filter's date range (dateStampFor)
    bool scaleBar = true;
    bool attribution = true;   // data sources and "made with frontmap"
    bool autoPixelRatio = true;  // lines, points and labels grow with the image (automaticPixelRatio)
    float pixelRatio = 1.f;      // used when !autoPixelRatio; 0.25..16
    ImageFormat imageFormat = ImageFormat::Png;
    std::string imagePath;       // ends in .png or .tif/.tiff once the request is ready
    bool browseImagePath = false;  // "…": the viewer shows a save dialog and fills imagePath
    bool ready = false;            // "Export": render and write the image now

    // --- Filtered events: the events passing the filter, in frontmap's event schema (exportEvents) --------
    std::string eventsPath;        // its extension follows eventsFormat
    EventExportFormat eventsFormat = EventExportFormat::GeoJson;
    bool eventsWithView = true;    // also write <name>.view.json recording the filter
    bool browseEventsPath = false;
    bool exportEvents = false;     // "Export events": write them now

    // --- View files (writeViewFile / readViewFile) ---------------------------------------------------------------
    std::string viewPath;
    bool browseViewPath = false;
    bool saveView = false;         // "Save view": write the current view to viewPath
    bool openView = false;         // "Open view": replace the current view by viewPath's

    // --- Feedback, written by the viewer -------------------------------------------------------------------
    bool busy = false;             // an export is running: the export buttons are disabled
    float progress = -1.f;         // 0..1 while busy, negative when unknown
    bool cancel = false;           // set by the panel's "Cancel" while busy
    std::string status;            // the last result, e.g. "Wrote map.png (3840×2160)"
    std::string error;             // the last failure, shown in red; the panel also puts its own checks here
};

// The pixel ratio the export will use.
float exportPixelRatio(const ExportRequest& request);
// Why the image export cannot start (no path, not .png/.tif, size out of range, bad pixel ratio), or empty.
std::string imageExportProblem(const ExportRequest& request);
// `path` with its extension replaced by `ext` (".png"), or added when it has none; empty stays empty.
std::string withExtension(const std::string& path, const char* ext);

// Draws the panel (its own window) and edits `request`.
void drawExportPanel(ExportRequest& request, bool* open);

}  // namespace fm
