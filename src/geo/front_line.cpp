#include "geo/front_line.h"

#include <ogr_geometry.h>

#include "sources/basemap.h"
#include "sources/ogr_convert.h"

namespace fm {

namespace {

// Adds the polygons of `g` (a Polygon, MultiPolygon or collection) to `out`.
void collectPolygons(const OGRGeometry* g, OGRMultiPolygon& out) {
    if (!g || g->IsEmpty()) return;
    const OGRwkbGeometryType t = wkbFlatten(g->getGeometryType());
    if (t == wkbPolygon) {
        out.addGeometry(g);
    } else if (t == wkbMultiPolygon || t == wkbGeometryCollection) {
        for (const OGRGeometry* part : *g->toGeometryCollection()) collectPolygons(part, out);
    }
}

// Invalid parts are repaired, or left out (counted in `skipped`) when too large to repair or beyond repair.
std::unique_ptr<OGRGeometry> validUnion(std::vector<std::unique_ptr<OGRGeometry>>& parts, size_t& repaired,
                                        size_t& skipped) {
    OGRMultiPolygon all;
    for (auto& g : parts) {
        bool fixed = false;
        std::string why;
        g = validOrRepaired(std::move(g), kMaxRepairVertices, fixed, why);
        repaired += fixed;
        if (!g) {
            ++skipped;
            continue;
        }
        collectPolygons(g.get(), all);
    }
    if (all.IsEmpty()) return nullptr;
    return std::unique_ptr<OGRGeometry>(all.UnionCascaded());
}

}  // namespace

std::shared_ptr<OGRGeometry> ukrainePolygon(const LayerData& countries) {
    const int ua = findCountry(countries, "Ukraine", "804", "UKR");
    if (ua < 0) return nullptr;
    return std::shared_ptr<OGRGeometry>(featureToOgr(countries.lonlat, static_cast<size_t>(ua)).release());
}

std::shared_ptr<OGRGeometry> russiaPolygon(const LayerData& countries) {
    const int ru = findCountry(countries, "Russia", "643", "RUS");
    if (ru < 0) return nullptr;
    return std::shared_ptr<OGRGeometry>(featureToOgr(countries.lonlat, static_cast<size_t>(ru)).release());
}

FrontLineResult computeFrontLine(const TimeLayer& layer, const std::vector<uint32_t>& features, const SideTable& sides,
                                 const OGRGeometry* ukraine, const OGRGeometry* russiaOutline, double borderToleranceKm) {
    FrontLineResult out;
    out.line.kind = GeomKind::Line;
    std::vector<std::unique_ptr<OGRGeometry>> russia, ukraineHeld;
    for (uint32_t f : features) {
        const std::string side = sideOf(sides, layer.categoryOf(f));
        if (side == "Russia")
            russia.push_back(featureToOgr(layer.layer().lonlat, f));
        else if (side == "Ukraine")
            ukraineHeld.push_back(featureToOgr(layer.layer().lonlat, f));
    }
    // Degrees per km, roughly, at these latitudes: the tolerance only has to swallow the sliver between a polygon's
    // edge and the country outline it was traced from.
    const double tol = borderToleranceKm / 111.0 / 0.65;
    std::unique_ptr<OGRGeometry> nearOutline;
    if (ukraine) {
        std::unique_ptr<OGRGeometry> outline(ukraine->Boundary());
        if (outline) nearOutline.reset(outline->Buffer(tol, 4));
    }
    GeometryColumn& line = out.line;
    auto addBoundary = [&](const OGRGeometry* area, const OGRGeometry* within) {
        if (!area) return;
        std::unique_ptr<OGRGeometry> b(area->Boundary());
        if (!b) return;
        if (within) {
            std::unique_ptr<OGRGeometry> clipped(b->Intersection(within));
            if (!clipped) return;
            b = std::move(clipped);
        }
        if (nearOutline) {
            std::unique_ptr<OGRGeometry> rest(b->Difference(nearOutline.get()));
            if (rest) b = std::move(rest);
        }
        appendOgrParts(line, b.get());
    };
    std::unique_ptr<OGRGeometry> ru = validUnion(russia, out.repaired, out.skipped);
    // Russia-held ground: its whole outline, less Ukraine's borders and coast (inside Ukraine that is the front).
    if (ru) {
        if (ukraine) {
            std::unique_ptr<OGRGeometry> inside(ru->Intersection(ukraine));
            addBoundary(inside ? inside.get() : ru.get(), nullptr);
        } else {
            addBoundary(ru.get(), nullptr);
        }
    }
    // Ground Ukraine holds outside its borders: its outline, less its own border.
    if (ukraine && !ukraineHeld.empty()) {
        std::unique_ptr<OGRGeometry> ua = validUnion(ukraineHeld, out.repaired, out.skipped);
        if (ua) {
            std::unique_ptr<OGRGeometry> outside(russiaOutline ? ua->Intersection(russiaOutline) : ua->Difference(ukraine));
            if (outside && !outside->IsEmpty()) {
                // Slivers along the border are tracing noise, not ground: keep parts of a real size.
                OGRMultiPolygon parts;
                collectPolygons(outside.get(), parts);
                OGRMultiPolygon kept;
                for (const OGRPolygon* poly : parts)
                    if (poly->get_Area() > 1e-4) kept.addGeometry(poly);  // ~1 km² at 50°N
                if (!kept.IsEmpty()) addBoundary(&kept, nullptr);
            }
        }
    }
    if (line.partCount() > 0) line.endFeature(0);
    return out;
}

}  // namespace fm

namespace fm {

SideChangeGeometry computeSideChange(const TimeLayer& layer, int32_t fromDay, int32_t toDay, const SideTable& sides,
                                     const std::string& side) {
    SideChangeGeometry out;
    out.gained.kind = out.lost.kind = GeomKind::Polygon;
    auto held = [&](int32_t day) -> std::unique_ptr<OGRGeometry> {
        std::vector<std::unique_ptr<OGRGeometry>> parts;
        for (uint32_t f : layer.featuresAsOf(day))
            if (sideOf(sides, layer.categoryOf(f)) == side) parts.push_back(featureToOgr(layer.layer().lonlat, f));
        size_t repaired = 0, skipped = 0;
        return validUnion(parts, repaired, skipped);
    };
    std::unique_ptr<OGRGeometry> a = held(fromDay), b = held(toDay);
    auto put = [](GeometryColumn& col, OGRGeometry* g) {
        if (!g || g->IsEmpty()) return;
        appendOgrParts(col, g);
        col.endFeature(0);
    };
    if (a && b) {
        std::unique_ptr<OGRGeometry> gained(b->Difference(a.get())), lost(a->Difference(b.get()));
        put(out.gained, gained.get());
        put(out.lost, lost.get());
    } else if (b) {
        put(out.gained, b.get());
    } else if (a) {
        put(out.lost, a.get());
    }
    return out;
}

}  // namespace fm
