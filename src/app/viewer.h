// The interactive viewer: a GLFW window with the map and Dear ImGui panels. The UI thread polls input, runs the
// panels, hands loading and projecting to background jobs and uploads their results; it never waits on them.
#pragma once

#include <string>
#include <vector>

#include "sources/event_reader.h"

namespace fm {

struct ViewerOptions {
    std::vector<std::string> files;  // opened after the base map
    std::string projection;          // empty: the default (Lambert conformal conic on Ukraine)
    std::string extent;              // "lon_min,lat_min,lon_max,lat_max"; empty: Ukraine and western Russia
    int width = 1280;
    int height = 800;
    bool noBasemap = false;
    bool noExamples = false;          // skip the example events
    EventReadOptions eventOptions;    // --date-field / --actor-field
    bool logView = false;       // print the view to stdout whenever it changes (for scripted tests)
    bool logFrames = false;     // print frame timing statistics on exit
    double exitAfterSeconds = 0;  // quit after this long (benchmarks); 0 = run until closed
    std::string viewPath;         // --view: a saved view opened at start (as File → Export → Open view does)
    // --export-on-start: once everything has loaded, export the map image through the Export panel's path (same
    // renderer, tiles over several frames, a writer job); --quit ends the viewer when it is written (exit status
    // 1 when it failed, was cancelled, or an input could not be used). The decorations are the panel's, set here
    // as the snapshot command's options.
    std::string exportOnStart;
    int exportWidth = 0, exportHeight = 0;  // 0: the view's saved size, else 1920x1080
    std::string exportTitle;
    bool exportLegend = false, exportStamp = false, exportScaleBar = false;
    float exportPixelRatio = 0.f;  // 0: automatic
    bool quitAfterExport = false;
    bool noRestore = false;     // --no-restore: do not reopen the last session (it is still kept)
    bool resetLayout = false;   // --reset-layout: panels at their default places, whatever imgui.ini says
    std::string sessionPath;    // where the session is kept; empty: defaultSessionPath() (model/session_file.h)
    // Benchmarks: once everything has loaded, pan the map by 8 px per frame (back and forth, like a drag, turning every
    // 30 frames) for this many frames, print their times (pan_leg=30 … after each leg, then pan_frames=N median_ms=…
    // p95_ms=… max_ms=…) and quit. 0 = off.
    int benchPanFrames = 0;
    // --log-memory S (bench/soak.sh): every S seconds a line on stdout, "memory s=… rss_kb=… heap_used_kb=…
    // heap_free_kb=… user_layers=… event_layers=… time_layers=… events=… mesh_kb=… gpu_meshes=… gpu_kb=… jobs=…
    // messages=…", so growth can be told apart: the C heap in use versus what the allocator keeps free, and the
    // caches that are expected to grow (meshes on the CPU and the GPU). 0 = off.
    double logMemorySeconds = 0;
};

// Runs until the window closes; returns the process exit status. Without FILEs or --view, the last session
// (layers, styles, projection, view, event filter) is restored; it is written shortly after every change.
int runViewer(const ViewerOptions& options);

}  // namespace fm
