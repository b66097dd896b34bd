// Builds a MapScene for exports from a view (a view file and/or command-line options): base map, layers (vector
// and event files), filter, projection and framing. Shared by `frontmap snapshot` and the animation exporter.
#pragma once

#include <string>
#include <vector>

#include "core/message_log.h"
#include "model/view_file.h"
#include "render/map_scene.h"
#include "sources/basemap.h"
#include "sources/pg_source.h"

namespace fm {

struct SceneSetup {
    ViewFile view;                       // what to show; layer sources already resolved to usable paths
    EventReadOptions eventOptions;       // --date-field / --actor-field for event files named on the command line
    std::vector<std::string> actors;     // --actors: only events involving these sides or people
    // Database layers (PG:) fetch only what the picture shows: features in `extent` (lon/lat, widened by a
    // margin) and events in the view's date range and actor set. Off: whole tables (exports of all events,
    // animations whose frames move the dates).
    bool serverFilter = false;
    bool hasExtent = false;
    BBox extent;
    double margin = 0.5;  // fraction of the extent added on every side
    // Database event layers: counts per grid cell of cellDeg degrees computed by the server, drawn as clusters.
    bool serverCounts = false;
    double cellDeg = 1.0;
};

struct BuiltScene {
    MapScene scene;
    Projection projection;
    BaseMap base;
    bool inputFailed = false;  // an input named could not be used (reported to the log)
};

// The query database layers get under `setup` (extent widened by its margin, dates, actors).
SourceQuery serverQueryFor(const SceneSetup& setup);
// The style a vector layer of a view gets: the view's own, or frontmap's default for its geometry kind (as the
// `index`-th user layer) when the view left it at the default; visible as the view says. The window applies the
// same when it opens a view, so both draw a view's layers alike.
LayerStyle viewLayerStyle(const ViewLayer& layer, GeomKind kind, int index);
// A view's settings for an event layer: visibility, point radius, opacity.
void applyViewLayer(const ViewLayer& layer, SceneEventLayer& events);

// Loads everything synchronously (exports run off the UI thread or in a command). Throws fm::Error only for a
// projection PROJ does not know; unusable inputs are logged and flagged in inputFailed.
void buildScene(const SceneSetup& setup, MessageLog& log, BuiltScene& out);
// The attribution line: Natural Earth and GeoNames when the base map is drawn, plus the file names of the
// layers' sources (sorted, once each).
std::string attributionFor(const MapScene& scene);
std::string attributionFor(const BuiltScene& built);
// "1 Aug 2024 – 31 Mar 2025" for the filter's date range (empty when open on both ends).
std::string dateStampFor(const FilterSpec& filter);

}  // namespace fm
