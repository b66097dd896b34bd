#include "sources/vector_reader.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_http.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>

#include "core/error.h"
#include "core/secrets.h"
#include "sources/pg_source.h"

namespace fm {

namespace {

void quietHandler(CPLErr, CPLErrorNum, const char*) {}

struct CtDeleter {
    void operator()(OGRCoordinateTransformation* ct) const { OGRCoordinateTransformation::DestroyCT(ct); }
};
using CtPtr = std::unique_ptr<OGRCoordinateTransformation, CtDeleter>;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Collects why features were skipped, so the report says "12 features skipped: 10 with NaN coordinates, …".
struct SkipCounter {
    std::map<std::string, size_t> reasons;
    std::map<std::string, long long> firstRow;
    void add(const std::string& reason, long long row) {
        if (reasons[reason]++ == 0) firstRow[reason] = row;
    }
    size_t total() const {
        size_t n = 0;
        for (auto& r : reasons) n += r.second;
        return n;
    }
    std::string describe() const {
        std::string s;
        for (auto& r : reasons) {
            if (!s.empty()) s += "; ";
            s += std::to_string(r.second) + " " + r.first + " (first at feature " + std::to_string(firstRow.at(r.first)) + ")";
        }
        return s;
    }
};

class GeometryFlattener {
public:
    GeometryFlattener(GeometryColumn& out, GeomKind kind) : m_out(out), m_kind(kind) {}

    // Appends the parts of `g` that match the column's kind. Returns false if a coordinate is not finite or out of
    // lon/lat range, in which case nothing of this feature is kept.
    bool add(const OGRGeometry* g, std::string& reason) {
        const size_t v0 = m_out.vertexCount();
        const size_t p0 = m_out.partCount();
        if (!walk(g, reason)) {
            m_out.xy.resize(v0 * 2);
            m_out.partStart.resize(p0 + 1);
            m_out.partIsHole.resize(p0);
            return false;
        }
        return true;
    }

private:
    bool point(double x, double y, std::string& reason) {
        if (!std::isfinite(x) || !std::isfinite(y)) {
            reason = "features with non-finite (NaN/infinite) coordinates";
            return false;
        }
        // Longitudes past ±180 are legitimate (0..360 data, features continued across the antimeridian); the
        // projection step wraps them. Latitudes past the poles are not.
        if (x < -540.0 || x > 540.0 || y < -90.0 - 1e-7 || y > 90.0 + 1e-7) {
            reason = "features with coordinates outside lon -540..540 / lat -90..90";
            return false;
        }
        m_out.addVertex(x, std::clamp(y, -90.0, 90.0));
        return true;
    }
    bool curve(const OGRSimpleCurve* c, bool hole, std::string& reason) {
        const int n = c->getNumPoints();
        for (int i = 0; i < n; ++i)
            if (!point(c->getX(i), c->getY(i), reason)) return false;
        if (m_kind == GeomKind::Polygon && n < 4) {  // a ring needs 3 distinct points + closure
            m_out.discardOpenPart();
            return true;
        }
        if (m_kind == GeomKind::Line && n < 2) {
            m_out.discardOpenPart();
            return true;
        }
        m_out.endPart(hole);
        return true;
    }
    bool walk(const OGRGeometry* g, std::string& reason) {
        if (!g || g->IsEmpty()) return true;
        const OGRwkbGeometryType t = wkbFlatten(g->getGeometryType());
        switch (t) {
            case wkbPoint:
                if (m_kind != GeomKind::Point) return true;
                if (!point(g->toPoint()->getX(), g->toPoint()->getY(), reason)) return false;
                m_out.endPart();
                return true;
            case wkbLineString:
                if (m_kind != GeomKind::Line) return true;
                return curve(g->toLineString(), false, reason);
            case wkbPolygon: {
                if (m_kind != GeomKind::Polygon) return true;
                const OGRPolygon* poly = g->toPolygon();
                if (!poly->getExteriorRing()) return true;
                if (!curve(poly->getExteriorRing(), false, reason)) return false;
                for (int i = 0; i < poly->getNumInteriorRings(); ++i)
                    if (!curve(poly->getInteriorRing(i), true, reason)) return false;
                return true;
            }
            case wkbMultiPoint:
            case wkbMultiLineString:
            case wkbMultiPolygon:
            case wkbGeometryCollection: {
                const OGRGeometryCollection* gc = g->toGeometryCollection();
                for (int i = 0; i < gc->getNumGeometries(); ++i)
                    if (!walk(gc->getGeometryRef(i), reason)) return false;
                return true;
            }
            default: {
                // Curves, TINs, surfaces: linearise and go on.
                std::unique_ptr<OGRGeometry> lin(g->getLinearGeometry());
                if (lin && wkbFlatten(lin->getGeometryType()) != t) return walk(lin.get(), reason);
                return true;
            }
        }
    }
    GeometryColumn& m_out;
    GeomKind m_kind;
};

GeomKind kindOf(OGRwkbGeometryType t) {
    switch (wkbFlatten(t)) {
        case wkbPoint:
        case wkbMultiPoint: return GeomKind::Point;
        case wkbLineString:
        case wkbMultiLineString:
        case wkbCircularString:
        case wkbCompoundCurve:
        case wkbMultiCurve: return GeomKind::Line;
        default: return GeomKind::Polygon;
    }
}

// Which kinds a geometry contains (a collection may hold several).
void kindsIn(const OGRGeometry* g, bool kinds[3]) {
    if (!g || g->IsEmpty()) return;
    const OGRwkbGeometryType t = wkbFlatten(g->getGeometryType());
    if (t == wkbGeometryCollection) {
        const OGRGeometryCollection* gc = g->toGeometryCollection();
        for (int i = 0; i < gc->getNumGeometries(); ++i) kindsIn(gc->getGeometryRef(i), kinds);
        return;
    }
    kinds[static_cast<int>(kindOf(t))] = true;
}

}  // namespace

void initGdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        CPLSetErrorHandler(quietHandler);
        // Network sources the user named (see NetworkGuard) give up after 20 s rather than hang a job.
        CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "20");
        CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0");
    });
}

bool isNetworkSource(const std::string& path) {
    const std::string l = lower(path);
    if (l.find("://") != std::string::npos) return true;
    for (const char* fs : {"/vsicurl", "/vsis3", "/vsigs", "/vsiaz", "/vsiadls", "/vsioss", "/vsiswift", "/vsihdfs", "/vsiwebhdfs"})
        if (l.find(fs) != std::string::npos) return true;
    // A driver prefix: "WFS:", "PG:", "OAPIF:" (two or more capitals, so not a Windows drive letter).
    size_t i = 0;
    while (i < path.size() && path[i] >= 'A' && path[i] <= 'Z') ++i;
    return i >= 2 && i < path.size() && path[i] == ':';
}

namespace {

constexpr const char* kAllowedExtensions = "CPL_VSIL_CURL_ALLOWED_EXTENSIONS";

CPLHTTPResult* refuseFetch(const char* url, CSLConstList, GDALProgressFunc, void*, CPLHTTPFetchWriteFunc, void*, void*) {
    auto* r = static_cast<CPLHTTPResult*>(CPLCalloc(1, sizeof(CPLHTTPResult)));
    r->nStatus = 1;
    r->pszErrBuf = CPLStrdup((std::string("frontmap does not reach the network for a local file: ") + (url ? url : "")).c_str());
    return r;
}

}  // namespace

NetworkGuard::NetworkGuard(const std::string& userPath) {
    if (isNetworkSource(userPath)) return;
    m_active = true;
    CPLHTTPPushFetchCallback(refuseFetch, nullptr);
    // /vsicurl/ and its relatives open only names ending in one of these extensions: none does.
    if (const char* old = CPLGetThreadLocalConfigOption(kAllowedExtensions, nullptr)) {
        m_hadExtensions = true;
        m_oldExtensions = old;
    }
    CPLSetThreadLocalConfigOption(kAllowedExtensions, ".frontmap-local-file-no-network");
}

NetworkGuard::~NetworkGuard() {
    if (!m_active) return;
    CPLSetThreadLocalConfigOption(kAllowedExtensions, m_hadExtensions ? m_oldExtensions.c_str() : nullptr);
    CPLHTTPPopFetchCallback();
}

std::string gdalPathFor(const std::string& userPath) {
    std::string p = userPath;
    while (!p.empty() && (p.back() == '\n' || p.back() == '\r' || p.back() == ' ')) p.pop_back();
    if (p.rfind("file://", 0) == 0) p = p.substr(7);
    if (!p.empty() && p[0] == '~') {
        const char* home = std::getenv("HOME");
        if (home) p = std::string(home) + p.substr(1);
    }
    const std::string l = lower(p);
    if (p.rfind("/vsi", 0) != 0 && p.rfind("PG:", 0) != 0 && endsWith(l, ".zip")) p = "/vsizip/" + p;
    return p;
}

namespace {

// A zip whose contents are enormous next to the archive (a "zip bomb") would keep the reader busy for minutes or
// exhaust memory; refuse it up front with the numbers.
}  // namespace

void checkArchiveSize(const std::string& userPath, const std::string& gdalPath) {
    if (gdalPath.rfind("/vsizip/", 0) != 0) return;
    std::string archive = gdalPath.substr(8);
    const size_t zipEnd = lower(archive).find(".zip");
    if (zipEnd != std::string::npos) archive = archive.substr(0, zipEnd + 4);
    VSIStatBufL st;
    if (VSIStatL(archive.c_str(), &st) != 0 || st.st_size <= 0) return;
    const double packed = static_cast<double>(st.st_size);
    double unpacked = 0;
    std::vector<std::string> dirs = {"/vsizip/" + archive};
    for (size_t k = 0; k < dirs.size() && k < 10000; ++k) {
        char** list = VSIReadDir(dirs[k].c_str());
        for (char** it = list; it && *it; ++it) {
            const std::string child = dirs[k] + "/" + *it;
            VSIStatBufL cs;
            if (VSIStatL(child.c_str(), &cs) != 0) continue;
            if (VSI_ISDIR(cs.st_mode))
                dirs.push_back(child);
            else
                unpacked += static_cast<double>(cs.st_size);
        }
        CSLDestroy(list);
    }
    if (unpacked > 512.0 * 1024 * 1024 && unpacked > 100.0 * packed) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "the archive expands to %.1f GB from %.1f MB (%.0f:1); refusing it as a likely zip bomb",
                      unpacked / 1e9, packed / 1e6, unpacked / packed);
        throw Error(userPath, buf);
    }
}

namespace {

bool crsKnown(const std::string& definition) {
    OGRSpatialReference srs;
    CPLPushErrorHandler(CPLQuietErrorHandler);
    const bool ok = srs.SetFromUserInput(definition.c_str()) == OGRERR_NONE;
    CPLPopErrorHandler();
    return ok;
}

// The CRS a GeoJSON file declares in its (pre-RFC 7946) "crs" member, when GDAL could not use it.
std::string declaredGeoJsonCrs(const std::string& gdalPath) {
    VSILFILE* f = VSIFOpenL(gdalPath.c_str(), "rb");
    if (!f) return {};
    std::string head(65536, '\0');
    head.resize(VSIFReadL(head.data(), 1, head.size(), f));
    VSIFCloseL(f);
    const size_t crs = head.find("\"crs\"");
    if (crs == std::string::npos) return {};
    // {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}: the name inside "properties".
    const size_t props = head.find("\"properties\"", crs);
    if (props == std::string::npos || props > crs + 200) return {};
    const size_t name = head.find("\"name\"", props);
    if (name == std::string::npos || name > props + 100) return {};
    const size_t q1 = head.find('"', head.find(':', name + 6) + 1);
    const size_t q2 = q1 == std::string::npos ? q1 : head.find('"', q1 + 1);
    if (q2 == std::string::npos || q2 - q1 > 200) return {};
    return head.substr(q1 + 1, q2 - q1 - 1);
}

}  // namespace

std::vector<std::string> listVectorLayers(const std::string& path) {
    initGdal();
    const NetworkGuard guard(path);
    const std::string gp = gdalPathFor(path);
    GDALDatasetUniquePtr ds(GDALDataset::Open(gp.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) {
        const char* msg = CPLGetLastErrorMsg();
        throw Error(stripPassword(path), std::string("cannot open as vector data") + (msg && *msg ? std::string(": ") + msg : ""));
    }
    std::vector<std::string> names;
    for (auto* layer : ds->GetLayers()) names.push_back(layer->GetName());
    return names;
}

std::vector<std::shared_ptr<LayerData>> readVectorSource(const std::string& path, MessageLog& log, Job* job,
                                                         const VectorReadOptions& options) {
    initGdal();
    const NetworkGuard guard(path);
    const std::string gp = gdalPathFor(path);
    checkArchiveSize(path, gp);
    CPLErrorReset();
    // CSV: find point coordinates in the usual column names (GDAL only looks for them when told).
    const std::string lp = lower(gp);
    const bool csv = endsWith(lp, ".csv") || endsWith(lp, ".tsv") || endsWith(lp, ".txt");
    const char* csvOptions[] = {"X_POSSIBLE_NAMES=lon,long,longitude,lng,x", "Y_POSSIBLE_NAMES=lat,latitude,y",
                                "KEEP_GEOM_COLUMNS=YES", nullptr};
    GDALDatasetUniquePtr ds(
        GDALDataset::Open(gp.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, csv ? csvOptions : nullptr, nullptr));
    const bool pg = isPgSource(gp);
    if (!ds) {
        const char* msg = CPLGetLastErrorMsg();
        std::string reason = pg ? "cannot connect" : "GDAL cannot open it as vector data";
        if (msg && *msg) reason += std::string(" (") + stripPassword(msg) + ")";
        throw Error(stripPassword(path), reason);
    }
    const std::string driver = ds->GetDriver() ? ds->GetDriver()->GetDescription() : "";
    if (ds->GetLayerCount() == 0) throw Error(path, "contains no vector layers");

    OGRSpatialReference wgs84;
    wgs84.SetWellKnownGeogCS("WGS84");
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);

    std::vector<std::shared_ptr<LayerData>> result;
    const int layerCount = ds->GetLayerCount();
    for (int li = 0; li < layerCount; ++li) {
        OGRLayer* layer = ds->GetLayer(li);
        if (!layer) continue;
        const std::string lname = layer->GetName();
        if (!options.layers.empty() &&
            std::find(options.layers.begin(), options.layers.end(), lname) == options.layers.end())
            continue;
        const std::string subject = stripPassword(layerCount > 1 ? path + " (layer " + lname + ")" : path);
        if (job) job->setStatus("reading " + lname);

        // Coordinate transformation to WGS 84 lon/lat.
        const OGRSpatialReference* srs = layer->GetSpatialRef();
        CtPtr ct;
        bool checkLonLat = false;
        std::string crsName = "unknown";
        if (srs) {
            crsName = srs->GetName() ? srs->GetName() : "unnamed CRS";
            OGRSpatialReference src(*srs);
            src.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
            const bool isWgs84 = src.IsGeographic() && src.IsSame(&wgs84, nullptr);
            if (!isWgs84) {
                ct.reset(OGRCreateCoordinateTransformation(&src, &wgs84));
                if (!ct) {
                    log.error(subject, "cannot transform from its CRS (" + crsName + ") to WGS 84; layer skipped");
                    continue;
                }
            }
        } else {
            if (!options.assumeLonLatWhenUnknown) {
                log.error(subject, "has no CRS; layer skipped");
                continue;
            }
            checkLonLat = true;
        }

        // One LayerData per geometry kind present (a GeoJSON may mix points and polygons).
        std::shared_ptr<LayerData> perKind[3];
        auto dataFor = [&](GeomKind k) -> LayerData& {
            auto& d = perKind[static_cast<int>(k)];
            if (!d) {
                d = std::make_shared<LayerData>();
                d->source = path;
                d->layerName = lname;
                d->title = pg ? pgLayerTitle(path, lname) : lname;
                d->driver = driver;
                d->crsName = crsName;
                d->lonlat.kind = k;
                OGRFeatureDefn* defn = layer->GetLayerDefn();
                if (options.keepAttributes)
                    for (int i = 0; i < defn->GetFieldCount(); ++i) d->fieldNames.push_back(defn->GetFieldDefn(i)->GetNameRef());
            }
            return *d;
        };

        if (pg && options.query) applySourceQuery(*ds, layer, *options.query, nullptr, defaultActorTable());
        const GIntBig total = pg ? -1 : layer->GetFeatureCount(FALSE);
        SkipCounter skips;
        long long row = 0;
        layer->ResetReading();
        CPLErrorReset();
        std::optional<FirstGdalError> firstError;  // a database's first error says why; later ones only follow from it
        if (pg) firstError.emplace();
        for (;;) {
            OGRFeatureUniquePtr feature(layer->GetNextFeature());
            if (!feature) break;
            ++row;
            if (job && (row & 1023) == 0) {
                job->checkCancelled();
                if (total > 0) job->setProgress(static_cast<float>(row) / static_cast<float>(total));
            }
            OGRGeometry* geom = feature->GetGeometryRef();
            if (!geom) {
                skips.add("features without geometry", row);
                continue;
            }
            if (geom->IsEmpty()) {
                skips.add("features with empty geometry", row);
                continue;
            }
            if (ct && geom->transform(ct.get()) != OGRERR_NONE) {
                skips.add("features that could not be transformed to WGS 84", row);
                continue;
            }
            bool kinds[3] = {false, false, false};
            kindsIn(geom, kinds);
            for (int k = 0; k < 3; ++k) {
                if (!kinds[k]) continue;
                LayerData& d = dataFor(static_cast<GeomKind>(k));
                GeometryFlattener flat(d.lonlat, static_cast<GeomKind>(k));
                std::string reason;
                if (!flat.add(geom, reason)) {
                    if (checkLonLat && reason.find("outside") != std::string::npos)
                        reason = "features whose coordinates are not lon/lat (the layer has no CRS)";
                    skips.add(reason, row);
                    continue;
                }
                const uint32_t id = static_cast<uint32_t>(row - 1);
                if (!d.lonlat.endFeature(id)) {
                    skips.add("features with degenerate geometry (too few points)", row);
                    continue;
                }
                if (options.keepAttributes) {
                    for (size_t fi = 0; fi < d.fieldNames.size(); ++fi) {
                        const int idx = static_cast<int>(fi);
                        d.values.push_back(feature->IsFieldSetAndNotNull(idx) ? feature->GetFieldAsString(idx) : "");
                    }
                }
            }
        }
        const char* lastErr = CPLGetLastErrorMsg();
        if (CPLGetLastErrorType() >= CE_Failure && lastErr && *lastErr) {
            if (pg) throw Error(subject, "the query failed: " + (firstError && firstError->failed() ? firstError->message() : stripPassword(lastErr)));
            log.warning(subject, std::string("reading stopped early or was incomplete: ") + lastErr);
        }

        // A layer without a CRS is lon/lat only if all of it is: a few plausible values among projected ones are
        // coincidences, not data to draw.
        if (checkLonLat && skips.reasons.count("features whose coordinates are not lon/lat (the layer has no CRS)")) {
            log.error(subject, "has no CRS and its coordinates are not longitude/latitude (" + skips.describe() +
                                   "); layer skipped. Give the file a CRS (e.g. a .prj) and open it again");
            continue;
        }
        size_t kept = 0;
        int kindsFound = 0;
        for (auto& d : perKind) kindsFound += d != nullptr;
        for (int k = 0; k < 3; ++k) {
            auto& d = perKind[k];
            if (!d) continue;
            d->featuresInSource = static_cast<size_t>(row);
            d->featuresSkipped = skips.total();
            d->extent = d->lonlat.bounds();
            if (kindsFound > 1) d->title = lname + " (" + geomKindName(static_cast<GeomKind>(k)) + ")";
            kept += d->featureCount();
            if (d->featureCount() > 0) result.push_back(d);
        }
        if (skips.total() > 0)
            log.warning(subject, std::to_string(skips.total()) + " of " + std::to_string(row) + " features skipped: " + skips.describe());
        if (row == 0)
            log.warning(subject, "layer is empty");
        else if (kept == 0)
            log.error(subject, "no usable features in this layer");
        else if (driver == "GeoJSON" && !declaredGeoJsonCrs(gp).empty() && !crsKnown(declaredGeoJsonCrs(gp)))
            // GDAL falls back to WGS 84 without a word when it cannot use a GeoJSON's declared CRS.
            log.warning(subject, "declares the CRS '" + declaredGeoJsonCrs(gp) +
                                     "', which PROJ does not know; WGS 84 longitude/latitude was assumed");
        else if (checkLonLat && driver != "TopoJSON")  // TopoJSON is lon/lat by definition
            log.warning(subject, "has no CRS; coordinates fit lon/lat, so WGS 84 was assumed");
        // A Shapefile whose .dbf is missing or unreadable loads its shapes without a word from GDAL.
        if (driver == "ESRI Shapefile" && kept > 0 && layer->GetLayerDefn()->GetFieldCount() == 0) {
            std::string dbf = gp;
            const size_t dot = dbf.find_last_of('.');
            if (dot != std::string::npos && lower(dbf.substr(dot)) == ".shp") dbf = dbf.substr(0, dot);
            VSIStatBufL st;
            const bool exists = VSIStatL((dbf + ".dbf").c_str(), &st) == 0 || VSIStatL((dbf + ".DBF").c_str(), &st) == 0;
            log.warning(subject, exists ? "its .dbf could not be read (damaged?): the shapes loaded without attributes"
                                        : "has no .dbf beside it: the shapes loaded without attributes");
        }
    }
    if (!options.layers.empty() && result.empty() && log.count(Severity::Error) == 0) {
        bool any = false;
        for (auto* layer : ds->GetLayers())
            for (auto& want : options.layers) any |= want == layer->GetName();
        if (!any) throw Error(path, "has no layer named " + options.layers.front());
    }
    return result;
}

int LayerData::fieldIndex(const std::string& name) const {
    const std::string l = lower(name);
    for (size_t i = 0; i < fieldNames.size(); ++i)
        if (lower(fieldNames[i]) == l) return static_cast<int>(i);
    return -1;
}

}  // namespace fm
