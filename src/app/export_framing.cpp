#include "app/export_framing.h"

#include <algorithm>
#include <cstdio>

#include "core/date.h"
#include "core/error.h"

namespace fm {

std::vector<std::string> splitOptionList(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        while (!cur.empty() && cur.back() == ' ') cur.pop_back();
        if (!cur.empty()) out.push_back(cur);
        cur.clear();
    };
    for (char c : s) {
        if (c == ',') flush();
        else if (!(cur.empty() && c == ' ')) cur += c;
    }
    flush();
    return out;
}

bool parseImageSizeOption(const char* s, int& w, int& h) {
    char x = 0, tail = 0;
    int a = 0, b = 0;
    if (std::sscanf(s, "%d%c%d%c", &a, &x, &b, &tail) != 3 || (x != 'x' && x != 'X')) return false;
    if (a < 1 || b < 1 || a > 65536 || b > 65536) return false;
    w = a;
    h = b;
    return true;
}

bool parseExtentOption(const char* s, BBox& box) {
    double a, c, d, e;
    char tail = 0;
    if (std::sscanf(s, "%lf,%lf,%lf,%lf%c", &a, &c, &d, &e, &tail) != 4) return false;
    if (!(a < d && c < e) || !isValidLonLat(a, c) || !isValidLonLat(d, e)) return false;
    box = BBox::of(a, c, d, e);
    return true;
}

bool parseDayOption(const std::string& text, bool lastDay, int32_t& day, std::string& why) {
    ParsedDate d;
    if (!parseDate(text, d, why)) return false;
    day = lastDay ? d.last : d.first;
    return true;
}

Camera scaleCameraToImage(const Camera& view, int width, int height) {
    Camera camera = view;
    camera.unitsPerPixel = std::max(view.unitsPerPixel * view.width / width, view.unitsPerPixel * view.height / height);
    camera.width = width;
    camera.height = height;
    return camera;
}

Camera frameExportImage(const ViewFile& view, const Projection& projection, const BBox* extent, int width, int height) {
    if (!extent && view.hasCamera && view.width > 0 && view.height > 0 && view.unitsPerPixel > 0) {
        auto t = projection.makeTransformer();
        double x, y;
        if (!t->forward(view.center.lon, view.center.lat, x, y)) throw Error("view", "its centre cannot be projected");
        Camera saved;
        saved.center = {x, y};
        saved.unitsPerPixel = view.unitsPerPixel;
        saved.width = view.width;
        saved.height = view.height;
        return scaleCameraToImage(saved, width, height);
    }
    Camera camera;
    camera.width = width;
    camera.height = height;
    const BBox lonlat = extent ? *extent : view.hasExtent ? view.extentLonLat : ViewState::defaultExtent();
    const BBox box = projectLonLatBox(lonlat, projection);
    if (box.empty()) throw Error("--extent", "the box cannot be shown in this projection");
    camera.fitExact(box);
    return camera;
}

double groundMetersPerPixel(const Camera& c, const Projection& projection) {
    auto t = projection.makeTransformer();
    double lon1, lat1, lon2, lat2;
    if (!t->inverse(c.center.x - c.unitsPerPixel * 0.5, c.center.y, lon1, lat1) ||
        !t->inverse(c.center.x + c.unitsPerPixel * 0.5, c.center.y, lon2, lat2))
        return 0;
    return geodesicDistance(lon1, lat1, lon2, lat2);
}

void legendEntries(MapScene& scene, std::vector<int>& sides, std::vector<int>& types) {
    scene.updateEventFilters();
    bool side[kSideCount] = {}, type[kEventTypeCount] = {};
    for (const SceneEventLayer& l : scene.eventLayers) {
        if (!l.visible) continue;
        for (int s = 0; s < kSideCount; ++s) side[s] |= l.counts.perSide[s] > 0;
        for (int t = 0; t < kEventTypeCount; ++t) type[t] |= l.counts.perType[t] > 0 && scene.filter.typeMask >> t & 1u;
    }
    sides.clear();
    types.clear();
    for (int s = 0; s < kSideCount; ++s)
        if (side[s]) sides.push_back(s);
    for (int t = 0; t < kEventTypeCount; ++t)
        if (type[t]) types.push_back(t);
}

DecorationSpec exportDecorations(MapScene& scene, const Projection& projection, const Camera& camera, float pixelRatio,
                                 const ExportDecorationOptions& options) {
    DecorationSpec deco;
    deco.pixelRatio = pixelRatio;
    deco.title = options.title;
    if (options.attribution) deco.attribution = attributionFor(scene);
    if (options.stamp) {
        deco.stamp = dateStampFor(scene.filter);
        if (!scene.timeLayers.empty()) {
            const int32_t snap = scene.timeLayers.front().time->snapshotDayAsOf(scene.timeDay());
            if (snap != kNoDay) deco.stamp += std::string(deco.stamp.empty() ? "" : " · ") + "front line as of " + formatDay(snap);
        }
    }
    if (options.legend) {
        deco.legend = true;
        legendEntries(scene, deco.legendSides, deco.legendTypes);
    }
    if (options.scaleBar) {
        deco.metersPerPixel = groundMetersPerPixel(camera, projection);
        deco.scaleBar = deco.metersPerPixel > 0;
    }
    return deco;
}

}  // namespace fm
