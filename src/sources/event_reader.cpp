#include "sources/event_reader.h"

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <optional>

#include "core/error.h"
#include "core/secrets.h"
#include "sources/pg_source.h"
#include "sources/vector_reader.h"

namespace fm {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

// The first of `candidates` present among `fields` (case-insensitive), as the field is spelt there.
std::string pick(const std::vector<std::string>& fields, std::initializer_list<const char*> candidates) {
    for (const char* c : candidates)
        for (const auto& f : fields)
            if (lower(f) == c) return f;
    return {};
}

bool has(const std::vector<std::string>& fields, const char* name) { return !pick(fields, {name}).empty(); }

std::vector<std::string> splitList(const std::string& s, const std::string& seps) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (seps.find(c) != std::string::npos) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    for (auto& x : out) {
        size_t a = 0, b = x.size();
        while (a < b && std::isspace(static_cast<unsigned char>(x[a]))) ++a;
        while (b > a && std::isspace(static_cast<unsigned char>(x[b - 1]))) --b;
        x = x.substr(a, b - a);
    }
    out.erase(std::remove(out.begin(), out.end(), std::string()), out.end());
    return out;
}

// Makes text safe to keep: invalid UTF-8 bytes become U+FFFD, so the UI and exports never see broken text.
std::string cleanUtf8(const char* s) {
    std::string out;
    if (!s) return out;
    const size_t n = std::strlen(s);
    out.reserve(n);
    for (size_t i = 0; i < n;) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        bool ok = len > 0 && i + len <= n;
        for (int k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
        if (ok && len == 2 && c < 0xC2) ok = false;  // overlong
        if (ok && len == 3) {
            const unsigned cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
            ok = cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
        }
        if (ok && len == 4) {
            const unsigned cp = ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
            ok = cp >= 0x10000 && cp <= 0x10FFFF;
        }
        if (ok) {
            out.append(s + i, static_cast<size_t>(len));
            i += static_cast<size_t>(len);
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

DatePrecision ucdpDatePrecision(int code) {
    switch (code) {
        case 1: return DatePrecision::Day;
        case 2:
        case 3: return DatePrecision::Week;
        case 4: return DatePrecision::Month;
        case 5: return DatePrecision::Year;
        default: return DatePrecision::Unknown;
    }
}

LocationPrecision ucdpWherePrecision(int code) {
    switch (code) {
        case 1: return LocationPrecision::Exact;
        case 2: return LocationPrecision::Town;
        case 3:
        case 5: return LocationPrecision::District;
        case 4: return LocationPrecision::Region;
        case 6: return LocationPrecision::Country;
        default: return LocationPrecision::Unknown;
    }
}

LocationPrecision acledGeoPrecision(int code) {
    switch (code) {
        case 1: return LocationPrecision::Town;
        case 2: return LocationPrecision::District;
        case 3: return LocationPrecision::Region;
        default: return LocationPrecision::Unknown;
    }
}

DatePrecision acledTimePrecision(int code) {
    switch (code) {
        case 1: return DatePrecision::Day;
        case 2: return DatePrecision::Week;
        case 3: return DatePrecision::Month;
        default: return DatePrecision::Unknown;
    }
}

// Fast path for the ISO form that dominates large files; the general parser handles the rest.
bool parseDay(const char* s, ParsedDate& out, std::string& why) {
    if (s && std::strlen(s) == 10 && s[4] == '-' && s[7] == '-') {
        int v[8];
        bool digits = true;
        const int pos[8] = {0, 1, 2, 3, 5, 6, 8, 9};
        for (int k = 0; k < 8 && digits; ++k) {
            v[k] = s[pos[k]] - '0';
            digits = v[k] >= 0 && v[k] <= 9;
        }
        if (digits) {
            const int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3], m = v[4] * 10 + v[5], d = v[6] * 10 + v[7];
            if (isValidDate(y, m, d)) {
                out.first = out.last = daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
                out.precision = DatePrecision::Day;
                return true;
            }
        }
    }
    return parseDate(s ? s : "", out, why);
}

}  // namespace

const char* eventSchemaName(EventSchema s) {
    switch (s) {
        case EventSchema::Frontmap: return "frontmap";
        case EventSchema::Ucdp: return "UCDP GED";
        case EventSchema::Acled: return "ACLED";
        case EventSchema::Generic: return "generic";
    }
    return "?";
}

std::string EventReadReport::summary() const {
    std::string s = std::to_string(rowsRead - rowsSkipped) + " of " + std::to_string(rowsRead) + " rows loaded as " +
                    eventSchemaName(schema) + " events";
    if (rowsSkipped) {
        s += "; skipped ";
        bool first = true;
        for (auto& [reason, n] : skipReasons) {
            if (!first) s += ", ";
            first = false;
            s += std::to_string(n) + " (" + reason + ")";
        }
        if (!examples.empty()) s += "; first at row " + std::to_string(examples.front().first) + ": " + examples.front().second;
    }
    return s;
}

bool detectEventFields(const std::vector<std::string>& f, bool hasPoint, const EventReadOptions& opt, EventFieldMapping& m) {
    m = EventFieldMapping{};
    if (has(f, "side_a") && has(f, "side_b") && has(f, "date_start")) {
        m.schema = EventSchema::Ucdp;
        m.id = pick(f, {"id", "relid"});
        m.dateStart = pick(f, {"date_start"});
        m.dateEnd = pick(f, {"date_end"});
        m.datePrecision = pick(f, {"date_prec"});
        m.actors = {pick(f, {"side_a"}), pick(f, {"side_b"})};
        m.type = pick(f, {"type_of_violence"});
        m.place = pick(f, {"where_coordinates", "adm_2", "adm_1"});
        m.precision = pick(f, {"where_prec"});
        m.fatalities = pick(f, {"best"});
        m.sourceTitle = pick(f, {"source_headline"});
        m.sourceOutlet = pick(f, {"source_office"});
        m.sourceDate = pick(f, {"source_date"});
        m.sentence = pick(f, {"source_article"});
    } else if (has(f, "event_date") && has(f, "actor1")) {
        m.schema = EventSchema::Acled;
        m.id = pick(f, {"event_id_cnty", "event_id_no_cnty", "data_id"});
        m.dateStart = pick(f, {"event_date"});
        m.datePrecision = pick(f, {"time_precision"});
        for (const char* a : {"actor1", "assoc_actor_1", "actor2", "assoc_actor_2"})
            if (has(f, a)) m.actors.push_back(pick(f, {a}));
        m.type = pick(f, {"event_type"});
        m.subType = pick(f, {"sub_event_type"});
        m.place = pick(f, {"location", "admin2", "admin1"});
        m.precision = pick(f, {"geo_precision"});
        m.fatalities = pick(f, {"fatalities"});
        m.sourceOutlet = pick(f, {"source"});
        m.sentence = pick(f, {"notes"});
    } else {
        const bool ours = (has(f, "actors") || has(f, "source_url") || has(f, "event_id")) &&
                          (has(f, "date_start") || has(f, "date"));
        m.schema = ours ? EventSchema::Frontmap : EventSchema::Generic;
        m.id = pick(f, {"event_id", "id", "fid", "uid"});
        m.dateStart = pick(f, {"date_start", "date", "event_date", "start_date", "startdate", "day", "datetime", "timestamp",
                               "time", "dt", "snapshot_date"});
        m.dateEnd = pick(f, {"date_end", "end_date", "enddate"});
        m.datePrecision = pick(f, {"date_precision", "date_prec"});
        for (const char* a : {"actors", "actor", "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "side_a", "side_b", "side"})
            if (has(f, a)) m.actors.push_back(pick(f, {a}));
        m.type = pick(f, {"type", "event_type", "category"});
        m.subType = pick(f, {"sub_event_type", "subtype"});
        m.place = pick(f, {"place", "location", "place_name", "name", "city", "settlement"});
        m.precision = pick(f, {"precision", "location_precision", "geo_precision"});
        m.fatalities = pick(f, {"fatalities", "deaths", "killed", "best"});
        m.sourceTitle = pick(f, {"source_title", "title", "headline"});
        m.sourceOutlet = pick(f, {"source_outlet", "outlet", "source", "publisher"});
        m.sourceUrl = pick(f, {"source_url", "url", "link"});
        m.sourceDate = pick(f, {"source_date", "published", "publication_date", "pubdate"});
        m.sentence = pick(f, {"sentence", "notes", "text", "description", "summary"});
    }
    m.lon = pick(f, {"lon", "longitude", "lng", "long", "x"});
    m.lat = pick(f, {"lat", "latitude", "y"});
    m.useGeometry = hasPoint;
    if (!opt.dateField.empty()) {
        m.dateStart = pick(f, {lower(opt.dateField).c_str()});
        if (m.dateStart.empty()) return false;
    }
    if (!opt.actorFields.empty()) {
        m.actors.clear();
        for (const auto& a : opt.actorFields) {
            const std::string name = pick(f, {lower(a).c_str()});
            if (!name.empty()) m.actors.push_back(name);
        }
    }
    return !m.dateStart.empty() && (m.useGeometry || (!m.lon.empty() && !m.lat.empty()));
}

namespace {

struct OpenedLayer {
    GDALDatasetUniquePtr ds;
    OGRLayer* layer = nullptr;
    std::vector<std::string> fields;
    bool hasPoint = false;
};

// `pointsOnly`: accept the first layer with positions (point geometry or lon/lat columns) even without a date column;
// `mapping` then holds the best guess for the other roles.
bool openEventLayer(const std::string& path, const EventReadOptions& opt, OpenedLayer& out, EventFieldMapping& mapping,
                    std::string& why, bool pointsOnly = false) {
    initGdal();
    const std::string gp = gdalPathFor(path);
    try {
        checkArchiveSize(path, gp);
    } catch (const Error& e) {
        why = e.reason();
        return false;
    }
    // CSV: keep every column as text (ids with leading zeros, dates) and never guess geometry; we read lon/lat.
    // GeoJSON: keep date-like text as text too (GDAL would turn "2024-03-02" into a Date printed as 2024/03/02).
    const char* csvOptions[] = {"AUTODETECT_TYPE=NO", "KEEP_GEOM_COLUMNS=YES", "EMPTY_STRING_AS_NULL=YES", "DATE_AS_STRING=YES",
                                nullptr};
    const bool pg = isPgSource(gp);
    CPLErrorReset();
    out.ds.reset(GDALDataset::Open(gp.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, pg ? nullptr : csvOptions, nullptr));
    if (!out.ds) {
        const char* msg = CPLGetLastErrorMsg();
        why = std::string(pg ? "cannot connect" : "GDAL cannot open it") +
              (msg && *msg ? std::string(" (") + stripPassword(msg) + ")" : "");
        return false;
    }
    // Two passes: a layer that looks like events; failing that (pointsOnly), one with positions.
    for (int pass = 0; pass < (pointsOnly ? 2 : 1); ++pass) {
        for (int i = 0; i < out.ds->GetLayerCount(); ++i) {
            OGRLayer* l = out.ds->GetLayer(i);
            if (!opt.layer.empty() && opt.layer != l->GetName()) continue;
            std::vector<std::string> fields;
            OGRFeatureDefn* defn = l->GetLayerDefn();
            for (int k = 0; k < defn->GetFieldCount(); ++k) fields.push_back(defn->GetFieldDefn(k)->GetNameRef());
            const OGRwkbGeometryType gt = wkbFlatten(l->GetGeomType());
            const bool point = gt == wkbPoint || gt == wkbMultiPoint;
            EventFieldMapping m;
            bool ok = opt.mapping ? true : detectEventFields(fields, point, opt, m);
            if (opt.mapping) m = *opt.mapping;
            if (pass == 1) ok = point || (!m.lon.empty() && !m.lat.empty());
            if (ok) {
                out.layer = l;
                out.fields = fields;
                out.hasPoint = point;
                mapping = m;
                return true;
            }
        }
    }
    if (pointsOnly) {
        why = "no layer with point positions (point geometry or lon/lat columns)";
        return false;
    }
    why = opt.dateField.empty() ? "no layer with a date column and point positions (lon/lat columns or point geometry)"
                                : "no column named '" + opt.dateField + "' (from --date-field), or no positions";
    return false;
}

using CtPtr = std::unique_ptr<OGRCoordinateTransformation, void (*)(OGRCoordinateTransformation*)>;

// Positions from a layer's geometry need WGS 84 lon/lat; null when they already are (or the layer has no CRS).
CtPtr toWgs84(OGRLayer* layer) {
    CtPtr ct(nullptr, OGRCoordinateTransformation::DestroyCT);
    if (!layer->GetSpatialRef()) return ct;
    OGRSpatialReference src(*layer->GetSpatialRef()), wgs;
    wgs.SetWellKnownGeogCS("WGS84");
    wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (!(src.IsGeographic() && src.IsSame(&wgs))) ct.reset(OGRCreateCoordinateTransformation(&src, &wgs));
    return ct;
}

// The position of a feature's geometry in lon/lat (a point, or the centroid of anything else); false when none.
bool geometryPosition(OGRFeature* f, OGRCoordinateTransformation* ct, double& lon, double& lat) {
    OGRGeometry* g = f->GetGeometryRef();
    if (!g) return false;
    if (ct) g->transform(ct);
    OGRPoint p;
    if (wkbFlatten(g->getGeometryType()) == wkbPoint) {
        lon = g->toPoint()->getX();
        lat = g->toPoint()->getY();
        return !g->IsEmpty();
    }
    if (g->Centroid(&p) != OGRERR_NONE) return false;
    lon = p.getX();
    lat = p.getY();
    return true;
}

// What every loaded row needs: a position and a start date (and an end date not before it).
struct RowCore {
    double lon = NAN, lat = NAN;
    ParsedDate start;
    int32_t dayEnd = 0;
};

// Checks one row's position and dates from its text. `havePos`: the position already came from the geometry. On
// failure `why` holds the reason the reader reports. Shared by the reader and the mapping dialog's preview, so the
// preview's count is what loading will give.
bool parseRowCore(bool havePos, double lon, double lat, const char* lonText, const char* latText, const char* startText,
                  const char* endText, RowCore& out, std::string& why) {
    if (!havePos && lonText && latText && *lonText && *latText) {
        char* endx = nullptr;
        char* endy = nullptr;
        lon = std::strtod(lonText, &endx);
        lat = std::strtod(latText, &endy);
        if (*endx != '\0' || *endy != '\0') {
            why = "coordinates are not numbers";
            return false;
        }
        havePos = true;
    }
    if (!havePos) {
        why = "missing coordinates";
        return false;
    }
    if (!isValidLonLat(lon, lat)) {
        why = "invalid coordinates (NaN or outside lon -180..180 / lat -90..90)";
        return false;
    }
    out.lon = lon;
    out.lat = lat;
    if (!startText || !*startText) {
        why = "no date";
        return false;
    }
    std::string err;
    if (!parseDay(startText, out.start, err)) {
        why = err;
        return false;
    }
    out.dayEnd = out.start.last;
    if (endText && *endText) {
        ParsedDate d1;
        if (!parseDay(endText, d1, err)) {
            why = "end date: " + err;
            return false;
        }
        if (d1.last < out.start.first) {
            why = "end date before start date";
            return false;
        }
        out.dayEnd = d1.last;
    }
    return true;
}

}  // namespace

bool looksLikeEventSource(const std::string& path, const EventReadOptions& options) {
    const NetworkGuard guard(path);
    OpenedLayer ol;
    EventFieldMapping m;
    std::string why;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    const bool ok = openEventLayer(path, options, ol, m, why);
    CPLPopErrorHandler();
    return ok;
}

EventSourcePreview previewEventSource(const std::string& path, const EventReadOptions& options, size_t maxRows) {
    OpenedLayer ol;
    EventSourcePreview p;
    std::string why;
    EventReadOptions opt = options;
    opt.mapping = nullptr;
    if (openEventLayer(path, opt, ol, p.mapping, why)) {
        p.detected = true;
    } else if (!openEventLayer(path, opt, ol, p.mapping, why, true)) {
        throw Error(path, why);
    }
    p.path = path;
    p.layer = ol.layer->GetName();
    p.fields = ol.fields;
    p.hasPointGeometry = ol.hasPoint;
    p.totalRows = ol.layer->GetFeatureCount(FALSE);
    CtPtr ct = ol.hasPoint ? toWgs84(ol.layer) : CtPtr(nullptr, OGRCoordinateTransformation::DestroyCT);
    ol.layer->ResetReading();
    while (p.rows.size() < maxRows) {
        OGRFeatureUniquePtr f(ol.layer->GetNextFeature());
        if (!f) break;
        std::vector<std::string> row(p.fields.size());
        for (size_t k = 0; k < row.size(); ++k)
            if (f->IsFieldSetAndNotNull(static_cast<int>(k))) row[k] = cleanUtf8(f->GetFieldAsString(static_cast<int>(k)));
        double lon = NAN, lat = NAN;
        if (!geometryPosition(f.get(), ct.get(), lon, lat)) lon = lat = NAN;
        p.rows.push_back(std::move(row));
        p.geometry.emplace_back(lon, lat);
    }
    // No date column by name: propose the column whose values parse as dates in most rows (at least half).
    if (p.mapping.dateStart.empty() && !p.rows.empty()) {
        size_t best = 0;
        for (size_t k = 0; k < p.fields.size(); ++k) {
            if (p.fields[k] == p.mapping.lon || p.fields[k] == p.mapping.lat || p.fields[k] == p.mapping.id) continue;
            size_t dates = 0;
            for (const auto& row : p.rows) {
                ParsedDate d;
                std::string err;
                // A bare number ("2014", an id, a count) parses as a year; only text with a separator counts here.
                const std::string& v = row[k];
                if (v.find_first_of("-/. ") != std::string::npos && parseDay(v.c_str(), d, err)) ++dates;
            }
            if (dates * 2 >= p.rows.size() && dates > best) {
                best = dates;
                p.mapping.dateStart = p.fields[k];
                p.dateGuessed = true;
            }
        }
    }
    return p;
}

PreviewCheck checkPreviewRows(const EventSourcePreview& p, const EventFieldMapping& m) {
    PreviewCheck c;
    auto column = [&](const std::string& name) -> int {
        for (size_t k = 0; k < p.fields.size(); ++k)
            if (!name.empty() && p.fields[k] == name) return static_cast<int>(k);
        return -1;
    };
    const int iLon = column(m.lon), iLat = column(m.lat), iStart = column(m.dateStart), iEnd = column(m.dateEnd);
    for (size_t r = 0; r < p.rows.size(); ++r) {
        const auto& row = p.rows[r];
        auto text = [&](int k) { return k >= 0 ? row[static_cast<size_t>(k)].c_str() : nullptr; };
        const auto [glon, glat] = p.geometry[r];
        const bool geomPos = m.useGeometry && std::isfinite(glon) && std::isfinite(glat);
        RowCore core;
        std::string why;
        ++c.checked;
        const bool ok = parseRowCore(geomPos, glon, glat, text(iLon), text(iLat), text(iStart), text(iEnd), core, why);
        c.problems.push_back(ok ? std::string() : why);
        if (ok) {
            ++c.loadable;
        } else if (c.firstProblemRow == 0) {
            c.firstProblemRow = static_cast<long long>(r) + 1;
            c.firstProblem = why;
        }
    }
    return c;
}

std::shared_ptr<EventLayerData> readEvents(const std::string& path, const EventReadOptions& opt, const ActorTable& actors,
                                           MessageLog& log, Job* job) {
    const NetworkGuard guard(path);  // declared first: it outlives the dataset, which may read lazily
    OpenedLayer ol;
    EventFieldMapping m;
    std::string why;
    const bool pg = isPgSource(path);
    const std::string subject = stripPassword(path);
    if (!openEventLayer(path, opt, ol, m, why)) throw Error(subject, why);
    auto out = std::make_shared<EventLayerData>();
    out->title = pg ? pgLayerTitle(path, ol.layer->GetName()) : std::filesystem::path(path).filename().string();
    EventReadReport& rep = out->report;
    rep.source = subject;
    rep.layer = ol.layer->GetName();
    rep.schema = m.schema;
    rep.mapping = m;

    OGRFeatureDefn* defn = ol.layer->GetLayerDefn();
    auto idx = [&](const std::string& name) { return name.empty() ? -1 : defn->GetFieldIndex(name.c_str()); };
    const int iId = idx(m.id), iStart = idx(m.dateStart), iEnd = idx(m.dateEnd), iDatePrec = idx(m.datePrecision);
    const int iType = idx(m.type), iSub = idx(m.subType), iPlace = idx(m.place), iPrec = idx(m.precision);
    const int iLon = idx(m.lon), iLat = idx(m.lat), iFat = idx(m.fatalities);
    const int iTitle = idx(m.sourceTitle), iOutlet = idx(m.sourceOutlet), iUrl = idx(m.sourceUrl), iSrcDate = idx(m.sourceDate);
    const int iSentence = idx(m.sentence);
    std::vector<int> iActors;
    for (const auto& a : m.actors)
        if (idx(a) >= 0) iActors.push_back(idx(a));

    CtPtr ct = m.useGeometry ? toWgs84(ol.layer) : CtPtr(nullptr, OGRCoordinateTransformation::DestroyCT);

    auto str = [](OGRFeature* f, int i) -> const char* {
        return i >= 0 && f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : nullptr;
    };
    auto text = [&](OGRFeature* f, int i) { return cleanUtf8(str(f, i)); };
    auto skip = [&](long long row, const std::string& reason) {
        ++rep.rowsSkipped;
        ++rep.skipReasons[reason.substr(0, reason.find(" '"))];
        if (rep.examples.size() < 20) rep.examples.emplace_back(row, reason);
    };
    // A database answers only what the view needs: the server filters by extent, dates and actors.
    if (pg && opt.query) {
        CPLErrorReset();
        applySourceQuery(*ol.ds, ol.layer, *opt.query, &m, actors);
    }
    const GIntBig total = pg ? -1 : ol.layer->GetFeatureCount(FALSE);
    // With a date range most rows may be dropped: grow as needed rather than reserve for all of them.
    if (total > 0 && opt.keepFromDay == INT32_MIN && opt.keepToDay == INT32_MAX) out->store.reserve(static_cast<size_t>(total));
    ol.layer->ResetReading();
    if (pg) CPLErrorReset();  // judge the read by what happens while reading
    std::optional<FirstGdalError> firstError;  // a database's first error says why; later ones only follow from it
    if (pg) firstError.emplace();
    long long row = 0;
    EventRecord e;
    std::string err;
    for (;;) {
        OGRFeatureUniquePtr f(ol.layer->GetNextFeature());
        if (!f) break;
        ++row;
        ++rep.rowsRead;
        if (job && (row & 4095) == 0) {
            job->checkCancelled();
            if (total > 0) job->setProgress(static_cast<float>(row) / static_cast<float>(total));
        }
        double lon = NAN, lat = NAN;
        const bool geomPos = m.useGeometry && geometryPosition(f.get(), ct.get(), lon, lat);
        // Copies: GDAL formats non-text fields into one buffer per feature, which the next call overwrites.
        const std::string lonText = text(f.get(), iLon), latText = text(f.get(), iLat);
        const std::string startText = text(f.get(), iStart), endText = text(f.get(), iEnd);
        RowCore core;
        if (!parseRowCore(geomPos, lon, lat, lonText.c_str(), latText.c_str(), startText.c_str(), endText.c_str(), core, err)) {
            skip(row, err);
            continue;
        }
        lon = core.lon;
        lat = core.lat;
        e.dayStart = core.start.first;
        e.dayEnd = core.dayEnd;
        e.datePrecision = core.start.precision;
        if (e.dayEnd < opt.keepFromDay || e.dayStart > opt.keepToDay) {
            ++rep.rowsOutsideRange;
            continue;
        }
        if (const char* dp = str(f.get(), iDatePrec); dp && *dp) {
            const int code = std::atoi(dp);
            if (m.schema == EventSchema::Ucdp) e.datePrecision = ucdpDatePrecision(code);
            else if (m.schema == EventSchema::Acled) e.datePrecision = acledTimePrecision(code);
            else {
                for (int k = 0; k < kDatePrecisionCount; ++k)
                    if (lower(dp) == datePrecisionName(static_cast<DatePrecision>(k))) e.datePrecision = static_cast<DatePrecision>(k);
            }
        }
        // Actors.
        e.actors.clear();
        for (int ia : iActors) {
            const char* a = str(f.get(), ia);
            if (!a || !*a) continue;
            for (auto& name : splitList(cleanUtf8(a), ";")) e.actors.push_back(name);
        }
        // Type.
        const std::string rawType = text(f.get(), iType);
        const std::string rawSub = text(f.get(), iSub);
        e.rawType = rawSub.empty() ? rawType : rawType + " / " + rawSub;
        if (m.schema == EventSchema::Ucdp) {
            const int tv = std::atoi(rawType.c_str());
            e.type = tv == 3 ? EventType::Strike : EventType::Battle;
            e.rawType = "UCDP type_of_violence " + rawType;
        } else {
            e.type = eventTypeFromText(rawSub.empty() ? rawType : rawSub);
            if (e.type == EventType::Other && !rawSub.empty()) e.type = eventTypeFromText(rawType);
        }
        // Location precision.
        e.precision = LocationPrecision::Unknown;
        if (const char* p = str(f.get(), iPrec); p && *p) {
            if (m.schema == EventSchema::Ucdp) e.precision = ucdpWherePrecision(std::atoi(p));
            else if (m.schema == EventSchema::Acled) e.precision = acledGeoPrecision(std::atoi(p));
            else parseLocationPrecision(p, e.precision);
        }
        e.id = text(f.get(), iId);
        if (e.id.empty()) e.id = std::to_string(row);
        e.place = text(f.get(), iPlace);
        e.lon = lon;
        e.lat = lat;
        e.sourceTitle = text(f.get(), iTitle);
        e.sourceOutlet = text(f.get(), iOutlet);
        e.sourceUrl = text(f.get(), iUrl);
        e.sourceDate = text(f.get(), iSrcDate);
        e.sentence = text(f.get(), iSentence);
        e.fatalities = -1;
        if (const char* fat = str(f.get(), iFat); fat && *fat) e.fatalities = std::atoi(fat);
        out->store.add(e, actors);
    }
    const char* lastErr = CPLGetLastErrorMsg();
    if (CPLGetLastErrorType() >= CE_Failure && lastErr && *lastErr) {
        if (pg) throw Error(subject, "the query failed: " + (firstError && firstError->failed() ? firstError->message() : stripPassword(lastErr)));
        log.warning(subject, std::string("reading stopped early: ") + lastErr);
    }
    if (rep.rowsRead == 0) {
        if (pg && opt.query) log.info(subject, "no rows in this view");
        else log.warning(subject, "no rows");
    } else if (rep.rowsSkipped > 0) {
        log.warning(subject, rep.summary());
    } else {
        log.info(subject, rep.summary());
    }
    for (auto& [r, reason] : rep.examples) {
        if (&reason == &rep.examples.front().second) continue;
        log.info(subject, "row " + std::to_string(r) + " skipped: " + reason);
    }
    return out;
}

}  // namespace fm
