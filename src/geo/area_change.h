// What changed between two dates of a time-versioned polygon layer (a front-line archive): per category and per side
// (Russia, Ukraine, grey zone, …) the area held at each date, and the area gained and lost in between, optionally
// per region (oblast). Areas are geodesic, on the WGS 84 ellipsoid (PROJ's geodesic routines), in km².
//
// Each category's polygons at a date are repaired (GEOS MakeValid) where invalid and dissolved (union) before any
// overlay, so overlapping polygons of one snapshot are counted once. Gained = area at the later date minus area at the
// earlier one (the geometric difference, not the difference of two numbers); lost = the reverse.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/job.h"
#include "core/message_log.h"
#include "model/geometry.h"
#include "sources/layer_data.h"
#include "sources/time_layer.h"

class OGRGeometry;

namespace fm {

// Category (lower case) → side. Categories not in the table belong to kOtherSide.
using SideTable = std::map<std::string, std::string>;
extern const char* const kOtherSide;  // "Other"

// occupied, occupied_crimea, occupied_ordlo → Russia; liberated → Ukraine; contested, unknown, grey → Grey zone.
SideTable defaultSideTable();
// Adds "category=Side" assignments (several may be separated by commas) to `table`, replacing earlier ones.
// False, with the reason in `why`, when an item has no '=' or an empty side or category.
bool parseSideAssignments(const std::string& text, SideTable& table, std::string& why);
// The side of `category` (case-insensitive); kOtherSide when the table does not name it.
std::string sideOf(const SideTable& table, const std::string& category);

// Geodesic area on the WGS 84 ellipsoid, in m², of one lon/lat ring (open or closed; either orientation; the absolute
// value). Edges longer than `densifyDegrees` in lon or lat get intermediate vertices first, so the result is the area
// of the ring drawn with straight lon/lat edges (what a map shows), not with geodesic edges; 0 = no densification.
double geodesicRingAreaM2(const double* xy, size_t vertexCount, double densifyDegrees = 0.1);
// Geodesic area in km² of polygon feature `f` of a lon/lat column: exteriors minus holes (no overlay: overlapping
// parts count twice; computeAreaChange dissolves first).
double geodesicAreaKm2(const GeometryColumn& g, size_t f, double densifyDegrees = 0.1);

// The most vertices an invalid polygon may have to be repaired with GEOS MakeValid (area change, front lines, event
// distances to the front); a larger invalid one is left out and reported, so repair is bounded in time.
constexpr size_t kMaxRepairVertices = 2000000;

// Vertices of an OGR geometry (every ring and part).
size_t ogrVertexCount(const OGRGeometry& g);

// `g` ready for polygon overlays: itself when valid; else MakeValid's result when `g` has at most `maxVertices`
// vertices (`repaired` is set); else null, with `why` saying why it was left out (too large, or MakeValid failed).
std::unique_ptr<OGRGeometry> validOrRepaired(std::unique_ptr<OGRGeometry> g, size_t maxVertices, bool& repaired,
                                             std::string& why);

struct AreaChangeOptions {
    int32_t fromDay = 0;
    int32_t toDay = 0;
    SideTable sides = defaultSideTable();
    double densifyDegrees = 0.1;
    // An invalid geometry with more vertices than this is left out rather than repaired: MakeValid on millions of
    // vertices can take minutes. Reported in AreaChange::repairs. Applies to the regions too.
    size_t maxRepairVertices = kMaxRepairVertices;
    // Optional regions (polygons, e.g. admin-1 oblasts) to break the table down by; `regionNameField` names them
    // (empty: "name", or the first text field).
    LayerDataPtr regions;
    std::string regionNameField;
    // Regions where every figure is below this (km²) are left out of AreaChange::regions.
    double minRegionAreaKm2 = 0.05;
};

// One line of the table, all areas in km².
struct AreaRow {
    std::string name;  // the category, or the side
    std::string side;  // the category's side; for side rows the side itself
    double areaFrom = 0.0;
    double areaTo = 0.0;
    double gained = 0.0;  // in the area at toDay but not at fromDay
    double lost = 0.0;    // in the area at fromDay but not at toDay
};

struct RegionChange {
    std::string name;
    std::vector<AreaRow> categories;
    std::vector<AreaRow> sides;
};

// A feature whose geometry was invalid: repaired with MakeValid, or left out because it was too large to repair.
struct GeometryRepair {
    uint32_t feature = 0;  // index in the TimeLayer's layer
    std::string category;
    size_t vertices = 0;
    bool skipped = false;
    std::string reason;  // GEOS's reason for the invalidity, or why it was skipped
};

struct AreaChange {
    int32_t fromDay = 0;
    int32_t toDay = 0;
    int32_t fromSnapshot = kNoDay;  // the layer's latest snapshot day on or before fromDay
    int32_t toSnapshot = kNoDay;
    std::vector<CategorySnapshot> fromCategories;  // which snapshot each category shows at fromDay
    std::vector<CategorySnapshot> toCategories;
    size_t featuresFrom = 0;
    size_t featuresTo = 0;
    std::vector<AreaRow> categories;  // categories shown at either date, by name
    std::vector<AreaRow> sides;       // Russia, Ukraine, Grey zone, Other, then any other side, by name
    std::vector<RegionChange> regions;  // by name; only those with some area (see minRegionAreaKm2)
    std::vector<GeometryRepair> repairs;
    std::string regionNameField;  // the field that named the regions

    size_t repairedCount() const;
    size_t skippedCount() const;
};

// The display name of a TimeLayer category: the category itself, or for a layer without a category field the
// layer's name (so a layer called "occupied" maps to Russia by default).
std::string categoryDisplayName(const TimeLayer& layer, const std::string& category);

// Computes the table. Throws fm::Error (naming the layer) when GEOS cannot dissolve or overlay the polygons, and
// fm::Cancelled when `job` is cancelled. Repairs are also reported to `log`.
AreaChange computeAreaChange(const TimeLayer& layer, const AreaChangeOptions& options, MessageLog& log,
                             Job* job = nullptr);

}  // namespace fm
