#include "geo/event_front_distance.h"

#include <ogr_geometry.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <map>
#include <memory>
#include <string>

#include "geo/front_line.h"
#include "sources/ogr_convert.h"

namespace fm {

std::vector<float> eventFrontDistances(const EventStore& events, const TimeLayer& layer, const SideTable& sides,
                                       const OGRGeometry* ukraineOutline, const OGRGeometry* russiaOutline, Job* job) {
    const size_t n = events.size();
    std::vector<float> out(n, NAN);
    if (n == 0 || layer.snapshotDays().empty()) return out;
    OGRSpatialReference wgs, laea;
    wgs.SetWellKnownGeogCS("WGS84");
    wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    // Centred on the layer: EPSG:3035 (centred on 10°E) is off by more than 1% east of the Dnipro.
    const BBox& ext = layer.layer().extent;
    const double lon0 = ext.empty() ? 32.0 : 0.5 * (ext.minX + ext.maxX), lat0 = ext.empty() ? 48.5 : 0.5 * (ext.minY + ext.maxY);
    const std::string def = "+proj=laea +lat_0=" + std::to_string(lat0) + " +lon_0=" + std::to_string(lon0) +
                            " +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs";
    if (laea.importFromProj4(def.c_str()) != OGRERR_NONE) return out;
    laea.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    std::unique_ptr<OGRCoordinateTransformation, void (*)(OGRCoordinateTransformation*)> ct(
        OGRCreateCoordinateTransformation(&wgs, &laea), OGRCoordinateTransformation::DestroyCT);
    if (!ct) return out;

    // Events grouped by the snapshot in force on their first day.
    std::map<int32_t, std::vector<uint32_t>> bySnapshot;
    for (size_t i = 0; i < n; ++i) {
        const int32_t snap = layer.snapshotDayAsOf(events.dayStart()[i]);
        if (snap != kNoDay) bySnapshot[snap].push_back(static_cast<uint32_t>(i));
    }
    size_t done = 0;
    for (auto& [snap, idx] : bySnapshot) {
        if (job) {
            job->checkCancelled();
            job->setProgress(static_cast<float>(done) / static_cast<float>(n));
        }
        const std::vector<uint32_t> features = layer.featuresAsOf(snap);
        FrontLineResult fl = computeFrontLine(layer, features, sides, ukraineOutline, russiaOutline);
        if (fl.line.featureCount() == 0) {
            done += idx.size();
            continue;
        }
        std::unique_ptr<OGRGeometry> line = featureToOgr(fl.line, 0);
        line->transform(ct.get());
        // Russia-held ground at that snapshot, for the sign.
        OGRMultiPolygon held;
        for (uint32_t f : features) {
            if (sideOf(sides, layer.categoryOf(f)) != "Russia") continue;
            bool repaired = false;
            std::string why;
            std::unique_ptr<OGRGeometry> g =
                validOrRepaired(featureToOgr(layer.layer().lonlat, f), kMaxRepairVertices, repaired, why);
            if (!g) continue;  // too large to repair: the front line left it out too
            g->transform(ct.get());
            const OGRwkbGeometryType t = wkbFlatten(g->getGeometryType());
            if (t == wkbPolygon) held.addGeometry(g.get());
            else if (t == wkbMultiPolygon || t == wkbGeometryCollection)
                for (const OGRGeometry* part : *g->toGeometryCollection())
                    if (wkbFlatten(part->getGeometryType()) == wkbPolygon) held.addGeometry(part);
        }
        std::unique_ptr<OGRGeometry> heldUnion(held.IsEmpty() ? nullptr : held.UnionCascaded());
        for (uint32_t i : idx) {
            OGRPoint p(events.lon()[i], events.lat()[i]);
            if (p.transform(ct.get()) != OGRERR_NONE) continue;
            const double km = line->Distance(&p) / 1000.0;
            const bool behindRussian = heldUnion && heldUnion->Contains(&p);
            out[i] = static_cast<float>(behindRussian ? -km : km);
        }
        done += idx.size();
    }
    return out;
}

}  // namespace fm
