#include "geo/area_change.h"

#include <cpl_error.h>
#include <geodesic.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>
#include <set>

#include "core/date.h"
#include "core/error.h"
#include "sources/ogr_convert.h"

namespace fm {

const char* const kOtherSide = "Other";

namespace {

using GeomPtr = std::unique_ptr<OGRGeometry>;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::string trim(const std::string& s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return s.substr(a, b - a);
}

const geod_geodesic& wgs84() {
    static const geod_geodesic g = [] {
        geod_geodesic geod;
        geod_init(&geod, 6378137.0, 1.0 / 298.257223563);
        return geod;
    }();
    return g;
}

// The polygons of `g` (collections are walked; points and lines, which MakeValid may leave, are dropped).
void collectPolygons(const OGRGeometry* g, OGRMultiPolygon& out) {
    if (!g || g->IsEmpty()) return;
    switch (wkbFlatten(g->getGeometryType())) {
        case wkbPolygon: out.addGeometry(g); break;
        case wkbMultiPolygon:
        case wkbGeometryCollection: {
            const OGRGeometryCollection* gc = g->toGeometryCollection();
            for (int i = 0; i < gc->getNumGeometries(); ++i) collectPolygons(gc->getGeometryRef(i), out);
            break;
        }
        default: break;
    }
}

double ringAreaM2(const OGRLinearRing* ring, double densify, std::vector<double>& scratch) {
    const int n = ring->getNumPoints();
    scratch.resize(static_cast<size_t>(n) * 2);
    for (int i = 0; i < n; ++i) {
        scratch[2 * static_cast<size_t>(i)] = ring->getX(i);
        scratch[2 * static_cast<size_t>(i) + 1] = ring->getY(i);
    }
    return geodesicRingAreaM2(scratch.data(), static_cast<size_t>(n), densify);
}

// Geodesic area in km² of the polygons in `g`: each exterior minus its holes.
double areaKm2(const OGRGeometry* g, double densify) {
    if (!g || g->IsEmpty()) return 0.0;
    std::vector<double> scratch;
    double m2 = 0.0;
    auto polygon = [&](const OGRPolygon* p) {
        if (!p->getExteriorRing()) return;
        double a = ringAreaM2(p->getExteriorRing(), densify, scratch);
        for (int i = 0; i < p->getNumInteriorRings(); ++i) a -= ringAreaM2(p->getInteriorRing(i), densify, scratch);
        m2 += std::max(a, 0.0);
    };
    switch (wkbFlatten(g->getGeometryType())) {
        case wkbPolygon: polygon(g->toPolygon()); break;
        case wkbMultiPolygon:
        case wkbGeometryCollection: {
            const OGRGeometryCollection* gc = g->toGeometryCollection();
            for (int i = 0; i < gc->getNumGeometries(); ++i) m2 += areaKm2(gc->getGeometryRef(i), densify) * 1e6;
            break;
        }
        default: break;
    }
    return m2 / 1e6;
}

GeomPtr emptyArea() { return std::make_unique<OGRMultiPolygon>(); }

// GEOS's reason for the last invalidity OGR reported ("Self-intersection at or near point …"), when it gave one.
std::string lastGeosReason() {
    std::string msg = CPLGetLastErrorMsg() ? CPLGetLastErrorMsg() : "";
    const std::string prefix = "GEOS warning: ";
    if (msg.rfind(prefix, 0) == 0) msg = msg.substr(prefix.size());
    return msg.empty() ? "invalid geometry" : msg;
}

// Dissolves the polygons of `parts` into one valid geometry (an empty MultiPolygon when there are none).
GeomPtr dissolve(const std::vector<const OGRGeometry*>& parts, const std::string& subject, const std::string& what) {
    OGRMultiPolygon all;
    for (const OGRGeometry* g : parts) collectPolygons(g, all);
    if (all.IsEmpty()) return emptyArea();
    CPLErrorReset();
    GeomPtr u(all.UnionCascaded());
    if (!u) {
        // Cascaded union can fail on nearly coincident edges where pairwise overlay (with its snapping fallback)
        // does not.
        u.reset(all.getGeometryRef(0)->clone());
        for (int i = 1; u && i < all.getNumGeometries(); ++i) u.reset(u->Union(all.getGeometryRef(i)));
    }
    if (!u) throw Error(subject, "cannot dissolve the polygons of " + what + " (GEOS: " + lastGeosReason() + ")");
    return u;
}

GeomPtr difference(const OGRGeometry& a, const OGRGeometry& b, const std::string& subject, const std::string& what) {
    if (a.IsEmpty()) return emptyArea();
    if (b.IsEmpty()) return GeomPtr(a.clone());
    OGREnvelope ea, eb;
    a.getEnvelope(&ea);
    b.getEnvelope(&eb);
    if (!ea.Intersects(eb)) return GeomPtr(a.clone());
    CPLErrorReset();
    GeomPtr d(a.Difference(&b));
    if (!d) throw Error(subject, "cannot compute " + what + " (GEOS: " + lastGeosReason() + ")");
    return d;
}

double intersectionAreaKm2(const OGRGeometry& region, const OGREnvelope& regionEnv, const OGRGeometry& g,
                           double densify, const std::string& subject, const std::string& what) {
    if (g.IsEmpty()) return 0.0;
    OGREnvelope e;
    g.getEnvelope(&e);
    if (!e.Intersects(regionEnv)) return 0.0;
    CPLErrorReset();
    GeomPtr x(region.Intersection(&g));
    if (!x) throw Error(subject, "cannot intersect " + what + " (GEOS: " + lastGeosReason() + ")");
    return areaKm2(x.get(), densify);
}

// The area geometries of one row at both dates, and their differences.
struct RowGeometry {
    AreaRow row;
    GeomPtr from, to, gained, lost;
};

void finishRow(RowGeometry& r, double densify, const std::string& subject) {
    r.gained = difference(*r.to, *r.from, subject, "the area gained by " + r.row.name);
    r.lost = difference(*r.from, *r.to, subject, "the area lost by " + r.row.name);
    r.row.areaFrom = areaKm2(r.from.get(), densify);
    r.row.areaTo = areaKm2(r.to.get(), densify);
    r.row.gained = areaKm2(r.gained.get(), densify);
    r.row.lost = areaKm2(r.lost.get(), densify);
}

int sideRank(const std::string& side) {
    static const char* const order[] = {"Russia", "Ukraine", "Grey zone", kOtherSide};
    for (int i = 0; i < 4; ++i)
        if (side == order[i]) return i;
    return 4;
}

}  // namespace

size_t ogrVertexCount(const OGRGeometry& g) {
    switch (wkbFlatten(g.getGeometryType())) {
        case wkbPoint: return g.IsEmpty() ? 0 : 1;
        case wkbLineString:
        case wkbLinearRing: return static_cast<size_t>(g.toLineString()->getNumPoints());
        case wkbPolygon: {
            size_t n = 0;
            for (const OGRLinearRing* r : *g.toPolygon()) n += static_cast<size_t>(r->getNumPoints());
            return n;
        }
        case wkbMultiPoint:
        case wkbMultiLineString:
        case wkbMultiPolygon:
        case wkbGeometryCollection: {
            size_t n = 0;
            for (const OGRGeometry* part : *g.toGeometryCollection()) n += ogrVertexCount(*part);
            return n;
        }
        default: return 0;
    }
}

std::unique_ptr<OGRGeometry> validOrRepaired(std::unique_ptr<OGRGeometry> g, size_t maxVertices, bool& repaired,
                                             std::string& why) {
    repaired = false;
    if (!g) return g;
    CPLErrorReset();
    if (g->IsValid()) return g;
    const std::string reason = lastGeosReason();
    const size_t vertices = ogrVertexCount(*g);
    if (vertices > maxVertices) {
        why = "invalid (" + reason + ") and too large to repair (" + std::to_string(vertices) + " vertices, limit " +
              std::to_string(maxVertices) + "); left out";
        return nullptr;
    }
    CPLErrorReset();
    std::unique_ptr<OGRGeometry> fixed(g->MakeValid());
    if (!fixed) {
        why = "invalid (" + reason + ") and MakeValid failed; left out";
        return nullptr;
    }
    repaired = true;
    why = reason;
    return fixed;
}

SideTable defaultSideTable() {
    return {{"occupied", "Russia"},   {"occupied_crimea", "Russia"}, {"occupied_ordlo", "Russia"},
            {"liberated", "Ukraine"}, {"contested", "Grey zone"},    {"unknown", "Grey zone"},
            {"grey", "Grey zone"}};
}

bool parseSideAssignments(const std::string& text, SideTable& table, std::string& why) {
    size_t start = 0;
    bool any = false;
    while (start <= text.size()) {
        size_t end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        const std::string item = trim(text.substr(start, end - start));
        start = end + 1;
        if (item.empty()) continue;
        const size_t eq = item.find('=');
        if (eq == std::string::npos) {
            why = "'" + item + "' is not category=Side";
            return false;
        }
        const std::string category = lower(trim(item.substr(0, eq)));
        const std::string side = trim(item.substr(eq + 1));
        if (category.empty() || side.empty()) {
            why = "'" + item + "' needs both a category and a side";
            return false;
        }
        table[category] = side;
        any = true;
    }
    if (!any) {
        why = "no category=Side assignment in '" + text + "'";
        return false;
    }
    return true;
}

std::string sideOf(const SideTable& table, const std::string& category) {
    const auto it = table.find(lower(trim(category)));
    return it == table.end() ? std::string(kOtherSide) : it->second;
}

double geodesicRingAreaM2(const double* xy, size_t n, double densify) {
    if (n < 3) return 0.0;
    // A closing vertex equal to the first adds nothing; geod_polygon closes the ring itself.
    if (xy[0] == xy[2 * n - 2] && xy[1] == xy[2 * n - 1]) --n;
    if (n < 3) return 0.0;
    const geod_geodesic& g = wgs84();
    geod_polygon p;
    geod_polygon_init(&p, 0);
    for (size_t i = 0; i < n; ++i) {
        const double x0 = xy[2 * i], y0 = xy[2 * i + 1];
        geod_polygon_addpoint(&g, &p, y0, x0);
        const size_t j = (i + 1) % n;
        const double x1 = xy[2 * j], y1 = xy[2 * j + 1];
        const double d = std::max(std::fabs(x1 - x0), std::fabs(y1 - y0));
        if (densify > 0.0 && d > densify) {
            const int steps = static_cast<int>(std::ceil(d / densify));
            for (int s = 1; s < steps; ++s) {
                const double t = static_cast<double>(s) / steps;
                geod_polygon_addpoint(&g, &p, y0 + (y1 - y0) * t, x0 + (x1 - x0) * t);
            }
        }
    }
    double area = 0.0, perimeter = 0.0;
    geod_polygon_compute(&g, &p, 0, 1, &area, &perimeter);
    return std::fabs(area);
}

double geodesicAreaKm2(const GeometryColumn& g, size_t f, double densify) {
    if (g.kind != GeomKind::Polygon || f >= g.featureCount()) return 0.0;
    double m2 = 0.0;
    for (uint32_t p = g.featureStart[f]; p < g.featureStart[f + 1]; ++p) {
        const uint32_t v0 = g.partStart[p], v1 = g.partStart[p + 1];
        const double a = geodesicRingAreaM2(g.xy.data() + 2 * static_cast<size_t>(v0), v1 - v0, densify);
        m2 += p < g.partIsHole.size() && g.partIsHole[p] ? -a : a;
    }
    return m2 / 1e6;
}

size_t AreaChange::repairedCount() const {
    return static_cast<size_t>(std::count_if(repairs.begin(), repairs.end(), [](const GeometryRepair& r) { return !r.skipped; }));
}

size_t AreaChange::skippedCount() const { return repairs.size() - repairedCount(); }

std::string categoryDisplayName(const TimeLayer& layer, const std::string& category) {
    if (!category.empty()) return category;
    if (layer.layerPtr() && !layer.layer().layerName.empty()) return layer.layer().layerName;
    return "all";
}

AreaChange computeAreaChange(const TimeLayer& layer, const AreaChangeOptions& options, MessageLog& log, Job* job) {
    if (!layer.layerPtr()) throw Error("", "no layer");
    const LayerData& L = layer.layer();
    const std::string subject = L.source.empty() ? L.layerName : L.source;
    const double densify = options.densifyDegrees;
    auto progress = [&](float p, const std::string& status) {
        if (!job) return;
        job->checkCancelled();
        job->setProgress(p);
        job->setStatus(status);
    };

    AreaChange out;
    out.fromDay = options.fromDay;
    out.toDay = options.toDay;
    out.fromSnapshot = layer.snapshotDayAsOf(options.fromDay);
    out.toSnapshot = layer.snapshotDayAsOf(options.toDay);
    out.fromCategories = layer.categorySnapshotsAsOf(options.fromDay);
    out.toCategories = layer.categorySnapshotsAsOf(options.toDay);
    const std::vector<uint32_t> fromFeatures = layer.featuresAsOf(options.fromDay);
    const std::vector<uint32_t> toFeatures = layer.featuresAsOf(options.toDay);
    out.featuresFrom = fromFeatures.size();
    out.featuresTo = toFeatures.size();

    // Every feature used at either date, as a valid OGR geometry (null: left out).
    std::vector<uint32_t> used;
    std::set_union(fromFeatures.begin(), fromFeatures.end(), toFeatures.begin(), toFeatures.end(),
                   std::back_inserter(used));
    std::map<uint32_t, GeomPtr> geometry;
    for (size_t i = 0; i < used.size(); ++i) {
        const uint32_t f = used[i];
        if ((i & 15) == 0) progress(0.3f * static_cast<float>(i) / static_cast<float>(used.size()), "checking geometries");
        bool repaired = false;
        std::string why;
        GeomPtr g = validOrRepaired(featureToOgr(L.lonlat, f), options.maxRepairVertices, repaired, why);
        if (repaired) {
            auto polys = std::make_unique<OGRMultiPolygon>();
            collectPolygons(g.get(), *polys);
            g = std::move(polys);
        }
        if (repaired || !g) {
            GeometryRepair r;
            r.feature = f;
            r.category = categoryDisplayName(layer, layer.categoryOf(f));
            r.vertices = L.lonlat.partStart[L.lonlat.featureStart[f + 1]] - L.lonlat.partStart[L.lonlat.featureStart[f]];
            r.skipped = !g;
            r.reason = why;
            log.add(r.skipped ? Severity::Warning : Severity::Info, subject,
                    "feature " + std::to_string(L.lonlat.featureId[f] + 1) + " (" + r.category + ", " +
                        formatDay(layer.featureDay(f)) + "): " + (r.skipped ? r.reason : "repaired: " + r.reason));
            out.repairs.push_back(std::move(r));
        }
        geometry[f] = std::move(g);
    }

    // Categories shown at either date, and the union of each at each date.
    std::map<std::string, std::pair<std::vector<const OGRGeometry*>, std::vector<const OGRGeometry*>>> byCategory;
    for (uint32_t f : fromFeatures) {
        auto& e = byCategory[categoryDisplayName(layer, layer.categoryOf(f))];
        if (geometry[f]) e.first.push_back(geometry[f].get());
    }
    for (uint32_t f : toFeatures) {
        auto& e = byCategory[categoryDisplayName(layer, layer.categoryOf(f))];
        if (geometry[f]) e.second.push_back(geometry[f].get());
    }
    std::vector<RowGeometry> categoryRows;
    size_t k = 0;
    for (auto& [name, parts] : byCategory) {
        progress(0.3f + 0.4f * static_cast<float>(k++) / static_cast<float>(byCategory.size()), "dissolving " + name);
        RowGeometry r;
        r.row.name = name;
        r.row.side = sideOf(options.sides, name);
        r.from = dissolve(parts.first, subject, name + " as of " + formatDay(options.fromDay));
        r.to = dissolve(parts.second, subject, name + " as of " + formatDay(options.toDay));
        finishRow(r, densify, subject);
        categoryRows.push_back(std::move(r));
    }

    // Sides: the union of their categories' areas.
    std::map<std::string, std::pair<std::vector<const OGRGeometry*>, std::vector<const OGRGeometry*>>> bySide;
    for (const RowGeometry& r : categoryRows) {
        auto& e = bySide[r.row.side];
        e.first.push_back(r.from.get());
        e.second.push_back(r.to.get());
    }
    std::vector<RowGeometry> sideRows;
    for (auto& [side, parts] : bySide) {
        progress(0.7f, "dissolving " + side);
        RowGeometry r;
        r.row.name = side;
        r.row.side = side;
        r.from = dissolve(parts.first, subject, side + " as of " + formatDay(options.fromDay));
        r.to = dissolve(parts.second, subject, side + " as of " + formatDay(options.toDay));
        finishRow(r, densify, subject);
        sideRows.push_back(std::move(r));
    }
    std::stable_sort(sideRows.begin(), sideRows.end(),
                     [](const RowGeometry& a, const RowGeometry& b) { return sideRank(a.row.name) < sideRank(b.row.name); });
    for (const RowGeometry& r : categoryRows) out.categories.push_back(r.row);
    for (const RowGeometry& r : sideRows) out.sides.push_back(r.row);

    if (options.regions) {
        const LayerData& R = *options.regions;
        const std::string regionSubject = R.source.empty() ? R.layerName : R.source;
        if (R.lonlat.kind != GeomKind::Polygon) throw Error(regionSubject, "regions must be polygons");
        int nameFi = -1;
        if (!options.regionNameField.empty()) {
            nameFi = R.fieldIndex(options.regionNameField);
            if (nameFi < 0) throw Error(regionSubject, "has no field named '" + options.regionNameField + "'");
        } else {
            nameFi = R.fieldIndex("name");
            if (nameFi < 0 && !R.fieldNames.empty()) nameFi = 0;
        }
        out.regionNameField = nameFi >= 0 ? R.fieldNames[static_cast<size_t>(nameFi)] : std::string();
        // Only regions that can touch any of the areas are overlaid.
        OGREnvelope all;
        for (const auto* rows : {&categoryRows, &sideRows})
            for (const RowGeometry& r : *rows)
                for (const OGRGeometry* g : {r.from.get(), r.to.get()})
                    if (!g->IsEmpty()) {
                        OGREnvelope e;
                        g->getEnvelope(&e);
                        all.Merge(e);
                    }
        size_t repairedRegions = 0;
        for (size_t f = 0; f < R.featureCount() && all.IsInit(); ++f) {
            progress(0.75f + 0.25f * static_cast<float>(f) / static_cast<float>(R.featureCount()), "regions");
            const BBox b = R.lonlat.featureBounds(f);
            OGREnvelope env;
            env.MinX = b.minX;
            env.MinY = b.minY;
            env.MaxX = b.maxX;
            env.MaxY = b.maxY;
            if (!env.Intersects(all)) continue;
            bool repaired = false;
            std::string why;
            GeomPtr region = validOrRepaired(featureToOgr(R.lonlat, f), options.maxRepairVertices, repaired, why);
            if (!region) {
                log.warning(regionSubject, "region " + std::to_string(f + 1) + ": " + why);
                continue;
            }
            if (repaired) {
                auto polys = std::make_unique<OGRMultiPolygon>();
                collectPolygons(region.get(), *polys);
                region = std::move(polys);
                ++repairedRegions;
            }
            RegionChange rc;
            rc.name = nameFi >= 0 ? R.value(f, static_cast<size_t>(nameFi)) : "region " + std::to_string(f + 1);
            double largest = 0.0;
            auto overlay = [&](const RowGeometry& r) {
                AreaRow row = r.row;
                const std::string what = r.row.name + " with region " + rc.name;
                row.areaFrom = intersectionAreaKm2(*region, env, *r.from, densify, subject, what);
                row.areaTo = intersectionAreaKm2(*region, env, *r.to, densify, subject, what);
                row.gained = intersectionAreaKm2(*region, env, *r.gained, densify, subject, what);
                row.lost = intersectionAreaKm2(*region, env, *r.lost, densify, subject, what);
                largest = std::max({largest, row.areaFrom, row.areaTo, row.gained, row.lost});
                return row;
            };
            for (const RowGeometry& r : categoryRows) rc.categories.push_back(overlay(r));
            for (const RowGeometry& r : sideRows) rc.sides.push_back(overlay(r));
            if (largest >= options.minRegionAreaKm2) out.regions.push_back(std::move(rc));
        }
        if (repairedRegions > 0)
            log.info(regionSubject, std::to_string(repairedRegions) + " invalid region polygon(s) repaired with MakeValid");
        std::stable_sort(out.regions.begin(), out.regions.end(),
                         [](const RegionChange& a, const RegionChange& b) { return a.name < b.name; });
    }
    progress(1.0f, "done");
    return out;
}

}  // namespace fm
