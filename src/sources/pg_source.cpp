#include "sources/pg_source.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <regex>

#include "core/date.h"
#include "core/error.h"
#include "core/secrets.h"
#include "sources/vector_reader.h"

namespace fm {

namespace {

// `text` between `quote`s, each quote inside doubled: SQL's rule for identifiers ("…") and literals ('…').
std::string quoted(const std::string& text, char quote) {
    std::string out(1, quote);
    for (char c : text) {
        if (c == quote) out += quote;
        out += c;
    }
    return out + quote;
}
std::string quoteIdent(const std::string& name) { return quoted(name, '"'); }
std::string quoteLiteral(const std::string& text) { return quoted(text, '\''); }

// A LIKE pattern matching `text` anywhere, its own % _ \ taken literally.
std::string likeAnywhere(const std::string& text) {
    std::string p = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') p += '\\';
        p += c;
    }
    return p + "%";
}

struct GdalErrorSilencer {
    GdalErrorSilencer() { CPLPushErrorHandler(CPLQuietErrorHandler); }
    ~GdalErrorSilencer() { CPLPopErrorHandler(); }
};

GDALDatasetUniquePtr openPg(const std::string& connection) {
    initGdal();
    CPLErrorReset();
    GDALDatasetUniquePtr ds(GDALDataset::Open(connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) {
        const char* msg = CPLGetLastErrorMsg();
        throw Error(stripPassword(connection),
                    std::string("cannot connect") + (msg && *msg ? std::string(": ") + stripPassword(msg) : ""));
    }
    return ds;
}

}  // namespace

namespace {

void CPL_STDCALL firstErrorHandler(CPLErr errorClass, CPLErrorNum, const char* message) {
    if (auto* self = static_cast<FirstGdalError*>(CPLGetErrorHandlerUserData())) self->note(errorClass, message);
}

}  // namespace

FirstGdalError::FirstGdalError() { CPLPushErrorHandlerEx(firstErrorHandler, this); }

FirstGdalError::~FirstGdalError() { CPLPopErrorHandler(); }

void FirstGdalError::note(int errorClass, const char* message) {
    if (errorClass < CE_Failure || !m_message.empty() || !message || !*message) return;
    std::string m = stripPassword(message);
    while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
    m_message = m.empty() ? "unknown error" : m;
}

bool isPgSource(const std::string& source) {
    return source.size() > 3 && (source.compare(0, 3, "PG:") == 0 || source.compare(0, 3, "pg:") == 0);
}

bool SourceQuery::operator==(const SourceQuery& o) const {
    return hasExtent == o.hasExtent && (!hasExtent || (lonlat.minX == o.lonlat.minX && lonlat.minY == o.lonlat.minY &&
                                                       lonlat.maxX == o.lonlat.maxX && lonlat.maxY == o.lonlat.maxY)) &&
           dayFrom == o.dayFrom && dayTo == o.dayTo && actors == o.actors && (actors.empty() || actorless == o.actorless) &&
           cellDeg == o.cellDeg;
}

bool SourceQuery::within(const SourceQuery& wider) const {
    if (cellDeg != wider.cellDeg) return false;  // rows and counts (or counts of other cells) answer different things
    if (wider.hasExtent) {
        if (!hasExtent) return false;
        if (lonlat.minX < wider.lonlat.minX || lonlat.minY < wider.lonlat.minY || lonlat.maxX > wider.lonlat.maxX ||
            lonlat.maxY > wider.lonlat.maxY)
            return false;
    }
    if (dayFrom < wider.dayFrom || dayTo > wider.dayTo) return false;
    if (wider.actors.empty()) return true;
    if (actors.empty() || (actorless && !wider.actorless)) return false;
    for (const auto& a : actors)
        if (std::find(wider.actors.begin(), wider.actors.end(), a) == wider.actors.end()) return false;
    return true;
}

BBox widenLonLatBox(const BBox& b, double fraction) {
    const double dx = (b.maxX - b.minX) * fraction, dy = (b.maxY - b.minY) * fraction;
    return BBox::of(std::max(-180.0, b.minX - dx), std::max(-90.0, b.minY - dy), std::min(180.0, b.maxX + dx),
                    std::min(90.0, b.maxY + dy));
}

std::string pgEventCondition(const EventFieldMapping& m, DateColumnKind startKind, DateColumnKind endKind,
                             const SourceQuery& q, const ActorTable& actors) {
    std::vector<std::string> parts;
    // Dates: an event [start, end] overlaps [from, to] when start < to + 1 day and end >= from. Comparing with
    // ISO literals works for date and timestamp columns and for ISO text alike.
    if (startKind != DateColumnKind::Other && !m.dateStart.empty()) {
        // The start column keeps its type (so a B-tree index on it serves the query); an end column of another
        // type (or an end that is not an ISO date) is compared as text, or left to the client.
        const std::string start = quoteIdent(m.dateStart);
        std::string end = start;
        if (!m.dateEnd.empty() && endKind == DateColumnKind::Other) end.clear();
        else if (!m.dateEnd.empty() && endKind == startKind && startKind == DateColumnKind::Date)
            end = "COALESCE(" + quoteIdent(m.dateEnd) + ", " + start + ")";
        else if (!m.dateEnd.empty())
            end = "COALESCE(NULLIF(" + quoteIdent(m.dateEnd) + "::text, ''), " + start + "::text)";
        if (q.dayTo != INT32_MAX) parts.push_back(start + " < " + quoteLiteral(formatDay(q.dayTo + 1)));
        if (q.dayFrom != INT32_MIN && !end.empty()) parts.push_back(end + " >= " + quoteLiteral(formatDay(q.dayFrom)));
    }
    // Actors: a superset the client narrows exactly (names resolve through the actor table on our side).
    if (!q.actors.empty() && !m.actors.empty()) {
        std::vector<std::string> patterns;
        bool narrowable = true;
        for (const auto& w : q.actors) {
            auto p = actors.namePatternsFor(w);
            if (p.empty()) narrowable = false;
            patterns.insert(patterns.end(), p.begin(), p.end());
        }
        if (narrowable) {
            std::sort(patterns.begin(), patterns.end());
            patterns.erase(std::unique(patterns.begin(), patterns.end()), patterns.end());
            std::string any;
            for (const auto& col : m.actors)
                for (const auto& p : patterns)
                    any += (any.empty() ? "" : " OR ") + quoteIdent(col) + "::text ILIKE " + quoteLiteral(likeAnywhere(p));
            if (q.actorless) {
                // No actor in any column: every column empty once blanks and list separators are trimmed.
                std::string none;
                for (const auto& col : m.actors)
                    none += (none.empty() ? "" : " AND ") + std::string("COALESCE(btrim(") + quoteIdent(col) + "::text, ' ;'), '') = ''";
                any += " OR (" + none + ")";
            }
            parts.push_back("(" + any + ")");
        }
    }
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : " AND ") + p;
    return out;
}

namespace {

// The layer's table as SQL names it: "schema"."table" or "table".
std::string quotedTable(OGRLayer* layer) {
    const std::string name = layer->GetName();
    const size_t dot = name.find('.');
    return dot == std::string::npos ? quoteIdent(name) : quoteIdent(name.substr(0, dot)) + "." + quoteIdent(name.substr(dot + 1));
}

DateColumnKind dateColumnKind(GDALDataset& ds, OGRLayer* layer, const std::string& column) {
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    const int i = defn->GetFieldIndex(column.c_str());
    if (i < 0) return DateColumnKind::Other;
    const OGRFieldType t = defn->GetFieldDefn(i)->GetType();
    if (t == OFTDate || t == OFTDateTime) return DateColumnKind::Date;
    if (t != OFTString) return DateColumnKind::Other;
    // Text: only ISO days compare correctly as text. Look at one value (one row crosses the network).
    const std::string sql = "SELECT " + quoteIdent(column) + "::text FROM " + quotedTable(layer) + " WHERE " + quoteIdent(column) +
                            " IS NOT NULL AND " + quoteIdent(column) + "::text <> '' LIMIT 1";
    OGRLayer* res = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (!res) return DateColumnKind::Other;
    OGRFeatureUniquePtr f(res->GetNextFeature());
    const std::string value = f ? f->GetFieldAsString(0) : "";
    f.reset();
    ds.ReleaseResultSet(res);
    if (value.empty()) return DateColumnKind::IsoText;  // no values at all: nothing to get wrong
    static const std::regex iso(R"(^\d{4}-\d{2}-\d{2}([ T].*)?$)");
    return std::regex_match(value, iso) ? DateColumnKind::IsoText : DateColumnKind::Other;
}

// `b` carried between WGS 84 lon/lat and the layer's CRS (`toLayer`: lon/lat → layer), densified along its edges;
// unchanged when the layer is in lon/lat or has no CRS. False when the transformation fails.
bool transformBox(OGRLayer* layer, BBox& b, bool toLayer) {
    const OGRSpatialReference* srs = layer->GetSpatialRef();
    OGRSpatialReference wgs;
    wgs.SetWellKnownGeogCS("WGS84");
    wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (!srs || (srs->IsGeographic() && srs->IsSame(&wgs))) return true;
    OGRSpatialReference other(*srs);
    other.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation> ct(
        toLayer ? OGRCreateCoordinateTransformation(&wgs, &other) : OGRCreateCoordinateTransformation(&other, &wgs));
    double x0, y0, x1, y1;
    if (!ct || !ct->TransformBounds(b.minX, b.minY, b.maxX, b.maxY, &x0, &y0, &x1, &y1, 21)) return false;
    b = BBox::of(x0, y0, x1, y1);
    return true;
}

}  // namespace

std::string applySourceQuery(GDALDataset& ds, OGRLayer* layer, const SourceQuery& q, const EventFieldMapping* mapping,
                             const ActorTable& actors) {
    if (q.hasExtent) {
        BBox b = q.lonlat;
        transformBox(layer, b, true);
        layer->SetSpatialFilterRect(b.minX, b.minY, b.maxX, b.maxY);
    }
    std::string cond;
    if (mapping) {
        const DateColumnKind kind = dateColumnKind(ds, layer, mapping->dateStart);
        const DateColumnKind endKind = mapping->dateEnd.empty() ? kind : dateColumnKind(ds, layer, mapping->dateEnd);
        cond = pgEventCondition(*mapping, kind, endKind, q, actors);
        layer->SetAttributeFilter(cond.empty() ? nullptr : cond.c_str());
    }
    layer->ResetReading();
    return cond;
}

std::vector<std::string> listPgTables(const std::string& connection) {
    GdalErrorSilencer quiet;
    GDALDatasetUniquePtr ds = openPg(connection);
    std::vector<std::string> names;
    for (auto* layer : ds->GetLayers())
        if (layer->GetGeomType() != wkbNone) names.push_back(layer->GetName());
    std::sort(names.begin(), names.end());
    return names;
}

PgTableInfo pgTableInfo(const std::string& connection) {
    GdalErrorSilencer quiet;
    GDALDatasetUniquePtr ds = openPg(connection);
    PgTableInfo info;
    for (auto* layer : ds->GetLayers()) {
        if (layer->GetGeomType() == wkbNone) continue;
        info.name = layer->GetName();
        // The planner's estimate (ST_EstimatedExtent) when the table has statistics, else ST_Extent.
        OGREnvelope env;
        if (layer->GetExtent(&env, FALSE) != OGRERR_NONE && layer->GetExtent(&env, TRUE) != OGRERR_NONE) break;
        BBox b = BBox::of(env.MinX, env.MinY, env.MaxX, env.MaxY);
        if (transformBox(layer, b, false)) info.lonlat = b;
        break;
    }
    return info;
}

std::string pgConnectionForTable(const std::string& connection, const std::string& table) {
    std::string c = std::regex_replace(connection, std::regex(R"((^|\s|PG:)tables\s*=\s*('[^']*'|\S*))", std::regex::icase), "$1");
    c = std::regex_replace(c, std::regex(R"( {2,})"), " ");
    c = std::regex_replace(c, std::regex(R"(^PG: )"), "PG:");
    while (!c.empty() && c.back() == ' ') c.pop_back();
    if (c.size() > 3 && c.back() != ':') c += ' ';
    return c + "tables=" + table;
}

std::string pgLayerTitle(const std::string& connection, const std::string& layer) {
    std::smatch m;
    const std::string c = stripPassword(connection);
    std::string db;
    if (std::regex_search(c, m, std::regex(R"((?:^|\s|PG:)dbname\s*=\s*('[^']*'|\S+))"))) db = m[1];
    return layer + (db.empty() ? std::string(" (PostgreSQL)") : " (dbname " + db + ")");
}

namespace {

// The event table of a PG dataset as the row reader would pick it, with what SQL needs to name it.
struct EventTable {
    OGRLayer* layer = nullptr;
    EventFieldMapping mapping;
    std::string table;  // quoted, schema-qualified when it has a schema
    std::string geom;   // quoted geometry column
    int srid = 4326;
};

EventTable findEventTable(GDALDataset& ds, const EventReadOptions& options, const std::string& subject) {
    EventTable t;
    for (auto* l : ds.GetLayers()) {
        if (!options.layer.empty() && options.layer != l->GetName()) continue;
        std::vector<std::string> fields;
        OGRFeatureDefn* defn = l->GetLayerDefn();
        for (int k = 0; k < defn->GetFieldCount(); ++k) fields.push_back(defn->GetFieldDefn(k)->GetNameRef());
        const OGRwkbGeometryType gt = wkbFlatten(l->GetGeomType());
        if (detectEventFields(fields, gt == wkbPoint || gt == wkbMultiPoint, options, t.mapping) && t.mapping.useGeometry) {
            t.layer = l;
            break;
        }
    }
    if (!t.layer) throw Error(subject, "no table with point geometry and a date column");
    t.geom = quoteIdent(t.layer->GetGeometryColumn());
    if (const OGRSpatialReference* srs = t.layer->GetSpatialRef()) {
        const char* code = srs->GetAuthorityCode(nullptr);
        if (code) t.srid = std::atoi(code);
    }
    t.table = quotedTable(t.layer);
    return t;
}

// Text of the event's last day in SQL (end date or start date).
std::string endDayText(const EventFieldMapping& m) {
    const std::string start = quoteIdent(m.dateStart);
    return m.dateEnd.empty() ? start + "::text" : "COALESCE(NULLIF(" + quoteIdent(m.dateEnd) + "::text, ''), " + start + "::text)";
}

}  // namespace

void pgEventSummary(const std::string& connection, const EventReadOptions& options, int32_t& first, int32_t& last,
                    int64_t& rows) {
    GdalErrorSilencer quiet;
    GDALDatasetUniquePtr ds = openPg(connection);
    const std::string subject = stripPassword(connection);
    const EventTable t = findEventTable(*ds, options, subject);
    const std::string sql = "SELECT min(" + quoteIdent(t.mapping.dateStart) + ")::text, max(" + endDayText(t.mapping) + "), count(*) FROM " + t.table;
    CPLErrorReset();
    OGRLayer* res = ds->ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (!res) throw Error(subject, std::string("date range query failed: ") + stripPassword(CPLGetLastErrorMsg()));
    OGRFeatureUniquePtr f(res->GetNextFeature());
    ParsedDate d0, d1;
    std::string why;
    const bool ok = f && parseDate(f->GetFieldAsString(0), d0, why) && parseDate(f->GetFieldAsString(1), d1, why);
    rows = f ? f->GetFieldAsInteger64(2) : 0;
    f.reset();
    ds->ReleaseResultSet(res);
    if (!ok) throw Error(subject, "no dates to show");
    first = d0.first;
    last = d1.last;
}

AggregateResult aggregateEvents(const std::string& connection, const EventReadOptions& options, const SourceQuery& q,
                                double cellDeg, const ActorTable& actors) {
    GdalErrorSilencer quiet;
    GDALDatasetUniquePtr ds = openPg(connection);
    const std::string subject = stripPassword(connection);
    const EventTable t = findEventTable(*ds, options, subject);
    OGRLayer* layer = t.layer;
    const EventFieldMapping& m = t.mapping;
    const std::string& geom = t.geom;
    const int srid = t.srid;
    const std::string& table = t.table;
    const std::string g = srid == 4326 ? geom : "ST_Transform(" + geom + ", 4326)";
    std::string where;
    if (q.hasExtent) {
        char env[200];
        std::snprintf(env, sizeof env, "ST_MakeEnvelope(%.10g, %.10g, %.10g, %.10g, 4326)", q.lonlat.minX, q.lonlat.minY,
                      q.lonlat.maxX, q.lonlat.maxY);
        where = geom + " && " + (srid == 4326 ? std::string(env) : "ST_Transform(" + std::string(env) + ", " + std::to_string(srid) + ")");
    }
    const DateColumnKind startKind = dateColumnKind(*ds, layer, m.dateStart);
    const DateColumnKind endKind = m.dateEnd.empty() ? startKind : dateColumnKind(*ds, layer, m.dateEnd);
    const std::string cond = pgEventCondition(m, startKind, endKind, q, actors);
    if (!cond.empty()) where += (where.empty() ? "" : " AND ") + cond;
    const std::string start = quoteIdent(m.dateStart);
    const std::string end = endDayText(m);
    std::string actorText = "''";
    for (const auto& a : m.actors) actorText = actorText == "''" ? "COALESCE(" + quoteIdent(a) + "::text, '')" : actorText + " || ';' || COALESCE(" + quoteIdent(a) + "::text, '')";
    const std::string typeText = m.type.empty() ? "''" : "COALESCE(" + quoteIdent(m.type) + "::text, '')";
    char cell[64];
    std::snprintf(cell, sizeof cell, "%.10g", cellDeg);
    AggregateResult out;
    out.layer = layer->GetName();
    // One row per cell, actor text and type (the client needs sides and types for colours and filters), all rows
    // of a cell placed at the mean of the whole cell: the client's clusters then never split a server cell.
    out.sql = "SELECT sum(sx) OVER c / sum(n) OVER c AS lon, sum(sy) OVER c / sum(n) OVER c AS lat, actors, type, n, first_day, "
              "last_day FROM (SELECT ST_SnapToGrid(" + g + ", " + cell + ") AS cell, sum(ST_X(" + g + ")) AS sx, sum(ST_Y(" + g +
              ")) AS sy, " + actorText + " AS actors, " + typeText + " AS type, count(*) AS n, min(" + start +
              ")::text AS first_day, max(" + end + ") AS last_day FROM " + table + (where.empty() ? "" : " WHERE " + where) +
              " GROUP BY 1, 4, 5) AS groups WINDOW c AS (PARTITION BY cell)";
    CPLErrorReset();
    OGRLayer* res = ds->ExecuteSQL(out.sql.c_str(), nullptr, nullptr);
    if (!res) {
        const char* msg = CPLGetLastErrorMsg();
        throw Error(subject, std::string("aggregate query failed") + (msg && *msg ? std::string(": ") + stripPassword(msg) : ""));
    }
    for (;;) {
        OGRFeatureUniquePtr f(res->GetNextFeature());
        if (!f) break;
        EventAggregate a;
        a.lon = f->GetFieldAsDouble(0);
        a.lat = f->GetFieldAsDouble(1);
        a.actors = f->GetFieldAsString(2);
        a.type = f->GetFieldAsString(3);
        a.count = static_cast<uint32_t>(f->GetFieldAsInteger64(4));
        ParsedDate d0, d1;
        std::string why;
        if (!parseDate(f->GetFieldAsString(5), d0, why) || !parseDate(f->GetFieldAsString(6), d1, why)) continue;
        a.dayFirst = d0.first;
        a.dayLast = d1.last;
        out.events += a.count;
        out.cells.push_back(std::move(a));
    }
    const bool failed = CPLGetLastErrorType() >= CE_Failure;
    const std::string msg = failed ? stripPassword(CPLGetLastErrorMsg()) : std::string();
    ds->ReleaseResultSet(res);
    if (failed) throw Error(subject, "aggregate query failed: " + msg);
    return out;
}

std::shared_ptr<EventLayerData> eventsFromAggregates(const AggregateResult& result, const std::string& title,
                                                     const ActorTable& actors) {
    auto out = std::make_shared<EventLayerData>();
    out->title = title;
    std::vector<uint32_t>& counts = out->weights;
    out->store.reserve(result.cells.size());
    EventRecord e;
    for (const EventAggregate& a : result.cells) {
        if (!isValidLonLat(a.lon, a.lat)) continue;
        e.id = "cell of " + std::to_string(a.count);
        e.lon = a.lon;
        e.lat = a.lat;
        e.dayStart = a.dayFirst;
        e.dayEnd = a.dayLast;
        e.actors.clear();
        std::string cur;
        for (char c : a.actors + ";") {
            if (c == ';') {
                while (!cur.empty() && cur.back() == ' ') cur.pop_back();
                size_t s = 0;
                while (s < cur.size() && cur[s] == ' ') ++s;
                if (s < cur.size()) e.actors.push_back(cur.substr(s));
                cur.clear();
            } else {
                cur += c;
            }
        }
        e.rawType = a.type;
        e.type = eventTypeFromText(a.type);
        e.precision = LocationPrecision::Exact;
        out->store.add(e, actors);
        counts.push_back(a.count);
    }
    out->report.rowsRead = result.cells.size();
    return out;
}

}  // namespace fm
