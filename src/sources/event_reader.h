// Reads event files through GDAL: frontmap's own schema (GeoJSON / GeoPackage / CSV), UCDP GED (CSV, GeoJSON,
// GPKG), ACLED-style CSV, and any point layer with a date column. Column roles are detected from the header and
// can be overridden. Bad rows are skipped with the row number and the reason; skipping never stops the load.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/job.h"
#include "core/message_log.h"
#include "model/event_store.h"

namespace fm {

struct SourceQuery;

enum class EventSchema { Frontmap, Ucdp, Acled, Generic };
const char* eventSchemaName(EventSchema s);

// Which column plays which role; empty = not present. Filled by detection, editable by the user.
struct EventFieldMapping {
    EventSchema schema = EventSchema::Generic;
    std::string id, dateStart, dateEnd, datePrecision;
    std::vector<std::string> actors;  // each may hold several names separated by ';'
    std::string type, subType, place, precision, lon, lat, fatalities;
    std::string sourceTitle, sourceOutlet, sourceUrl, sourceDate, sentence;
    bool useGeometry = false;  // take the position from the layer's point geometry
};

struct EventReadOptions {
    std::string layer;                    // which layer of a multi-layer source; first with a date column if empty
    std::string dateField;                // --date-field
    std::vector<std::string> actorFields; // --actor-field (repeatable / comma-separated)
    const EventFieldMapping* mapping = nullptr;  // a full mapping from the dialog; overrides detection
    // Database sources (PG:): fetch only the rows of this extent, date range and actor set. Files ignore it
    // (they are read whole and filtered on the GPU).
    const SourceQuery* query = nullptr;
    // Exports that draw one date range: rows whose days all fall outside [keepFromDay, keepToDay] are dropped as soon
    // as their dates are parsed, before any text is copied (counted in rowsOutsideRange, not as skipped rows).
    int32_t keepFromDay = INT32_MIN;
    int32_t keepToDay = INT32_MAX;
};

struct EventReadReport {
    std::string source;
    std::string layer;
    EventSchema schema = EventSchema::Generic;
    EventFieldMapping mapping;
    size_t rowsRead = 0;
    size_t rowsSkipped = 0;
    size_t rowsOutsideRange = 0;  // dropped by keepFromDay/keepToDay
    std::map<std::string, size_t> skipReasons;
    std::vector<std::pair<long long, std::string>> examples;  // first skipped rows: (row number, reason)
    std::string summary() const;
};

struct EventLayerData {
    std::string title;
    EventStore store;
    EventReadReport report;
    // Events each record stands for, when the records are counts computed by a database (zoomed out); empty:
    // one each. Such layers are always drawn as clusters.
    std::vector<uint32_t> weights;
};

// Detects column roles from field names (and whether the layer has point geometry). Returns false when no date
// column is found (then it is not an event layer).
bool detectEventFields(const std::vector<std::string>& fieldNames, bool hasPointGeometry, const EventReadOptions& options,
                       EventFieldMapping& out);

// Opens `path` and tells whether a layer of it looks like events (point geometry or lon/lat columns, and a date
// column). Never throws; false when it cannot be opened.
bool looksLikeEventSource(const std::string& path, const EventReadOptions& options = {});

// What the column-mapping dialog shows for a file: the point layer chosen, its fields, the roles detected for them
// (the dialog's defaults) and the text of its first rows.
struct EventSourcePreview {
    std::string path;
    std::string layer;
    std::vector<std::string> fields;
    bool hasPointGeometry = false;
    bool detected = false;      // a date column and positions were found: the file loads as events as it is
    EventFieldMapping mapping;  // detected roles; when !detected, the best guess for the rest
    bool dateGuessed = false;   // !detected, and mapping.dateStart is a column whose values parse as dates
    std::vector<std::vector<std::string>> rows;  // first rows, one string per field ("" for null)
    std::vector<std::pair<double, double>> geometry;  // per row: lon/lat of its geometry (NaN when none)
    long long totalRows = -1;   // rows in the layer when GDAL knows it cheaply
};

// Reads the first `maxRows` rows of the first layer that looks like events, or failing that the first layer with
// point positions (point geometry or lon/lat columns). Throws fm::Error naming the file when it cannot be opened or
// has no layer with point positions.
EventSourcePreview previewEventSource(const std::string& path, const EventReadOptions& options, size_t maxRows = 200);

// How many of the preview's rows load under `mapping` (same checks as the reader: position, dates), and why the
// first one that does not.
struct PreviewCheck {
    size_t loadable = 0;
    size_t checked = 0;
    long long firstProblemRow = 0;  // 1-based; 0 when every row loads
    std::string firstProblem;
    std::vector<std::string> problems;  // per row: why it would be skipped, "" when it loads
};
PreviewCheck checkPreviewRows(const EventSourcePreview& preview, const EventFieldMapping& mapping);

// Throws fm::Error naming the file when it cannot be read at all or has no usable date column; for a database,
// also when the connection breaks while reading (a partial answer would look like the whole one).
std::shared_ptr<EventLayerData> readEvents(const std::string& path, const EventReadOptions& options, const ActorTable& actors,
                                           MessageLog& log, Job* job = nullptr);

}  // namespace fm
