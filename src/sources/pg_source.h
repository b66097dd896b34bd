// PostgreSQL/PostGIS tables and views as layers and event layers, through GDAL's PostgreSQL driver
// ("PG:host=… dbname=… user=… [tables=…]"). Only what a view shows is asked for: the visible extent plus a margin
// becomes an OGR spatial filter (the driver sends `geom && ST_MakeEnvelope(…)`), the date range and the actors an
// attribute filter the driver passes to the server as SQL. Zoomed out, the server counts events per grid cell
// instead of sending rows. Connection strings never reach a message or a file with their password.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/geo_types.h"
#include "core/job.h"
#include "core/message_log.h"
#include "sources/event_reader.h"

class GDALDataset;
class OGRLayer;

namespace fm {

// "PG:…" (GDAL's PostgreSQL driver; also "postgresql://…" URLs behind it).
bool isPgSource(const std::string& source);

// While alive, keeps the first GDAL failure of this thread (the driver's later errors, such as "cursor does not
// exist", hide the cause: "permission denied for table events"). Nothing reaches stderr meanwhile.
class FirstGdalError {
public:
    FirstGdalError();
    ~FirstGdalError();
    FirstGdalError(const FirstGdalError&) = delete;
    FirstGdalError& operator=(const FirstGdalError&) = delete;
    bool failed() const { return !m_message.empty(); }
    const std::string& message() const { return m_message; }  // password removed
    void note(int errorClass, const char* message);         // from the GDAL handler

private:
    std::string m_message;
};

// What a view needs from a database layer. Everything else stays on the server.
struct SourceQuery {
    bool hasExtent = false;
    BBox lonlat;  // WGS 84, margin included
    int32_t dayFrom = INT32_MIN;  // inclusive
    int32_t dayTo = INT32_MAX;    // inclusive
    std::vector<std::string> actors;  // only rows naming one of these actors or sides (empty: all)
    bool actorless = false;           // with `actors`: rows naming no actor at all are wanted too
    double cellDeg = 0;  // > 0: counts per grid cell of this size instead of rows (zoomed out)
    bool operator==(const SourceQuery& o) const;
    bool operator!=(const SourceQuery& o) const { return !(*this == o); }
    // True when every row this query needs is also in what `wider` fetched (pan inside the margin, a narrower
    // date range): then the cached result can be kept and filtered on the GPU.
    bool within(const SourceQuery& wider) const;
};

// `box` widened by `fraction` of its size on every side, clipped to lon -180..180, lat -90..90.
BBox widenLonLatBox(const BBox& box, double fraction);

// How the date column is stored, which decides whether dates can be compared on the server.
enum class DateColumnKind { Date, IsoText, Other };

// The SQL condition (PostgreSQL dialect) for the date range and actors of `query` over the columns of `mapping`;
// empty when nothing can be pushed to the server. Columns are double-quoted, literals escaped.
// `endKind` is that of the end-date column (ignored when there is none); mixed kinds compare as ISO text.
std::string pgEventCondition(const EventFieldMapping& mapping, DateColumnKind startKind, DateColumnKind endKind,
                             const SourceQuery& query, const ActorTable& actors);

// Applies `query` to a layer of PG dataset `ds`: spatial filter (box transformed to the layer's CRS) and, for
// events, the attribute filter. Returns the SQL condition set (for messages and tests).
std::string applySourceQuery(GDALDataset& ds, OGRLayer* layer, const SourceQuery& query, const EventFieldMapping* mapping,
                             const ActorTable& actors);

// Tables and views with a geometry column, for the table picker; throws fm::Error (no password in it).
std::vector<std::string> listPgTables(const std::string& connection);

// The first table with geometry the connection opens (give it `tables=`): its name and lon/lat extent as the
// server estimates it, else computes it (empty when unknown; the name is empty when there is no such table).
// Throws fm::Error (no password in it) when it cannot connect.
struct PgTableInfo {
    std::string name;
    BBox lonlat;
};
PgTableInfo pgTableInfo(const std::string& connection);

// The connection string restricted to one table: "tables=" replaced or added.
std::string pgConnectionForTable(const std::string& connection, const std::string& table);

// "events (dbname gis)" for a layer of a PG source.
std::string pgLayerTitle(const std::string& connection, const std::string& layer);

// First and last day of all events of the source and how many there are (one SQL aggregate: for the timeline
// while only part of the table is held, and to tell whether zoomed-out views need counts instead of rows).
// Throws fm::Error naming the source (no password).
void pgEventSummary(const std::string& connection, const EventReadOptions& options, int32_t& first, int32_t& last,
                    int64_t& rows);

// Counts per grid cell computed on the server: what a zoomed-out view needs instead of rows.
struct EventAggregate {
    double lon = 0, lat = 0;  // mean position of the cell's events
    std::string actors;       // the actor text the events share
    std::string type;
    uint32_t count = 0;
    int32_t dayFirst = 0, dayLast = 0;
};
struct AggregateResult {
    std::vector<EventAggregate> cells;
    uint64_t events = 0;  // events counted
    std::string layer;    // the table counted
    std::string sql;      // what the server ran
};
// Groups the events `query` selects into cells of `cellDeg` degrees (and by actor text and type) with PostGIS
// functions in one SQL statement. Throws fm::Error naming the source (no password) when the server fails.
AggregateResult aggregateEvents(const std::string& connection, const EventReadOptions& options, const SourceQuery& query,
                                double cellDeg, const ActorTable& actors);
// Turns aggregates into an event layer: one record per cell, actor text and type, positioned at the cell's mean,
// its `weights` the number of events each stands for.
std::shared_ptr<EventLayerData> eventsFromAggregates(const AggregateResult& result, const std::string& title,
                                                     const ActorTable& actors);

}  // namespace fm
