#include "render/map_scene.h"

#include <algorithm>
#include <cmath>
#include <cctype>
#include <cstdio>
#include <unordered_map>

#include "core/error.h"
#include "geo/front_line.h"
#include "geo/graticule.h"

namespace fm {

const char* layerRoleName(LayerRole r) {
    switch (r) {
        case LayerRole::Land: return "land";
        case LayerRole::Countries: return "countries";
        case LayerRole::Lakes: return "lakes";
        case LayerRole::Rivers: return "rivers";
        case LayerRole::Borders: return "borders";
        case LayerRole::Disputed: return "disputed";
        case LayerRole::Graticule: return "graticule";
        case LayerRole::User: return "user";
    }
    return "?";
}

LayerStyle defaultStyle(LayerRole role) {
    LayerStyle s;
    switch (role) {
        case LayerRole::Land:
            // Countries cover all land; this layer is there for users who switch countries off.
            s.fill = Color::rgb(0xee, 0xeb, 0xe3);
            s.strokeEnabled = false;
            s.visible = false;
            break;
        case LayerRole::Countries:
            s.fill = Color::rgb(0xee, 0xeb, 0xe3);
            s.strokeEnabled = false;
            s.fillRules = {{"name", {"Ukraine"}, Color::rgb(0xf8, 0xee, 0xc8)},
                           {"name", {"Russia"}, Color::rgb(0xe8, 0xdc, 0xd8)}};
            break;
        case LayerRole::Lakes:
            s.fill = Color::rgb(0xb4, 0xd0, 0xe2);
            s.stroke = Color::rgb(0x8c, 0xb2, 0xcc);
            s.strokeWidth = 0.6f;
            break;
        case LayerRole::Rivers:
            s.fillEnabled = false;
            s.stroke = Color::rgb(0x8c, 0xb2, 0xcc);
            s.strokeWidth = 0.9f;
            break;
        case LayerRole::Borders:
            s.fillEnabled = false;
            s.stroke = Color::rgb(0x7d, 0x77, 0x72);
            s.strokeWidth = 0.9f;
            break;
        case LayerRole::Disputed:
            s.fillEnabled = false;
            s.stroke = Color::rgb(0x7d, 0x77, 0x72);
            s.strokeWidth = 1.2f;
            s.dashLength = 4.f;
            s.gapLength = 3.f;
            break;
        case LayerRole::Graticule:
            s.fillEnabled = false;
            s.stroke = Color::rgb(0x55, 0x75, 0x90, 0.28f);
            s.strokeWidth = 0.7f;
            break;
        case LayerRole::User: break;
    }
    return s;
}

LayerStyle defaultUserStyle(GeomKind kind, int index) {
    static const Color palette[] = {Color::rgb(0xd6, 0x27, 0x28), Color::rgb(0x1f, 0x77, 0xb4), Color::rgb(0x2c, 0xa0, 0x2c),
                                    Color::rgb(0x94, 0x67, 0xbd), Color::rgb(0xff, 0x7f, 0x0e), Color::rgb(0x17, 0xbe, 0xcf)};
    const Color c = palette[static_cast<size_t>(index) % (sizeof palette / sizeof palette[0])];
    LayerStyle s;
    s.fill = c;
    s.fill.a = 0.35f;
    s.stroke = c;
    s.strokeWidth = kind == GeomKind::Line ? 2.f : 1.5f;
    s.pointColor = c;
    s.pointRadius = 4.f;
    return s;
}

std::vector<int> fillClasses(const LayerData& data, const LayerStyle& style) {
    std::vector<int> classes;
    if (style.fillRules.empty()) return classes;
    classes.assign(data.featureCount(), 0);
    for (size_t r = 0; r < style.fillRules.size(); ++r) {
        const FillRule& rule = style.fillRules[r];
        const int field = data.fieldIndex(rule.field);
        if (field < 0) continue;
        for (size_t f = 0; f < data.featureCount(); ++f) {
            if (classes[f] != 0) continue;
            const std::string& v = data.value(f, static_cast<size_t>(field));
            if (std::find(rule.values.begin(), rule.values.end(), v) != rule.values.end()) classes[f] = static_cast<int>(r) + 1;
        }
    }
    return classes;
}

MeshResult buildSceneMesh(const LayerData& data, const LayerStyle& style, const Projection& projection,
                          const ProjectOptions& options, Job* job) {
    auto t = projection.makeTransformer();
    ProjectedGeometry pg = projectGeometry(data.lonlat, projection, *t, options, job);
    MeshResult r;
    r.clipped = pg.featuresClipped;
    r.outside = pg.featuresOutside;
    r.failed = pg.featuresFailed;
    // Levels of detail every factor of 2 from ~200 m: a zoomed-out frame draws a fraction of the 10m vertices.
    std::vector<double> tol;
    for (double m = 200.0; m < 60000.0; m *= 2.0) tol.push_back(m / projection.metersPerUnit());
    if (options.onlyUnitsPerPixel > 0) {
        // One known resolution (an export): only the level LayerMesh::forResolution would pick for it.
        r.mesh = buildLayerMeshForResolution(pg, fillClasses(data, style), tol, options.onlyUnitsPerPixel);
        return r;
    }
    r.mesh = buildLayerMeshWithLods(pg, fillClasses(data, style), tol);
    return r;
}

ProjectedPlaces projectPlaces(const PlaceSet& places, const Projection& projection, const ProjectOptions& options) {
    ProjectedPlaces out;
    out.projection = projection.definition();
    const BBox window = projection.clipWindow(options.marginDeg);
    auto t = projection.makeTransformer();
    std::vector<double> xy;
    std::vector<size_t> idx;
    xy.reserve(places.places.size() * 2);
    for (size_t i = 0; i < places.places.size(); ++i) {
        const Place& p = places.places[i];
        double lon = p.lon;
        if (lon < window.minX) lon += 360.0;
        if (lon > window.maxX) lon -= 360.0;
        if (!window.contains(lon, p.lat)) continue;
        xy.push_back(lon);
        xy.push_back(p.lat);
        idx.push_back(i);
    }
    t->forward(xy.data(), idx.size());
    for (size_t k = 0; k < idx.size(); ++k) {
        if (!std::isfinite(xy[2 * k])) continue;
        const Place& p = places.places[idx[k]];
        LabelCandidate c;
        c.position = {xy[2 * k], xy[2 * k + 1]};
        c.text = p.name;
        c.population = p.population;
        c.sizeClass = labelSizeClass(p.featureCode, p.population);
        out.candidates.push_back(std::move(c));
        out.isCapital.push_back(p.featureCode == "PPLC");
    }
    return out;
}

int MapScene::addLayer(LayerRole role, std::string title, LayerDataPtr data, LayerStyle style) {
    SceneLayer l;
    l.id = m_nextId++;
    l.role = role;
    l.title = std::move(title);
    l.data = std::move(data);
    l.style = std::move(style);
    layers.push_back(std::move(l));
    return layers.back().id;
}

SceneLayer* MapScene::find(int id) {
    for (auto& l : layers)
        if (l.id == id) return &l;
    return nullptr;
}

void MapScene::remove(int id) {
    layers.erase(std::remove_if(layers.begin(), layers.end(), [id](const SceneLayer& l) { return l.id == id; }), layers.end());
}

void MapScene::move(int id, int delta) {
    for (size_t i = 0; i < layers.size(); ++i) {
        if (layers[i].id != id) continue;
        const long j = static_cast<long>(i) + delta;
        if (j < 0 || j >= static_cast<long>(layers.size())) return;
        std::swap(layers[i], layers[static_cast<size_t>(j)]);
        return;
    }
}

namespace {

size_t layerMeshBytes(const LayerMesh* m) {
    if (!m) return 0;
    size_t n = m->memoryBytes();
    for (const auto& lod : m->lods) n += layerMeshBytes(lod.get());
    return n;
}

}  // namespace

size_t MapScene::meshBytes() const {
    size_t n = layerMeshBytes(sphere.get());
    for (const auto& l : layers) n += layerMeshBytes(l.mesh.get());
    for (const auto& e : eventLayers) {
        if (e.mesh) n += e.mesh->memoryBytes();
        if (e.clusters) n += e.clusters->memoryBytes();
    }
    for (const auto& t : timeLayers) {
        n += layerMeshBytes(t.mesh.get()) + layerMeshBytes(t.changeGained.get()) + layerMeshBytes(t.changeLost.get());
        for (const auto& f : t.frontLines) n += layerMeshBytes(f.second.get());
    }
    return n;
}

BBox MapScene::userLayersLonLatExtent() const {
    BBox b;
    for (const auto& l : layers)
        if (l.role == LayerRole::User && l.data) b.add(l.data->extent);
    return b;
}

void MapScene::buildAll(const Projection& projection, const ProjectOptions& options) {
    for (auto& l : layers) {
        if (!l.data || (l.mesh && l.meshProjection == projection.definition())) continue;
        MeshResult r = buildSceneMesh(*l.data, l.style, projection, options);
        l.mesh = r.mesh;
        l.meshProjection = projection.definition();
        l.featuresClipped = r.clipped;
        l.featuresOutside = r.outside;
        l.featuresFailed = r.failed;
    }
    if (sphereProjection != projection.definition()) {
        auto t = projection.makeTransformer();
        ProjectedGeometry pg;
        pg.xy = projectedWindowOutline(projection, *t, options);
        pg.bounds = pg.xy.bounds();
        sphere = buildLayerMesh(pg);
        sphereProjection = projection.definition();
    }
    for (auto& l : timeLayers) {
        if (!l.time || (l.mesh && l.meshProjection == projection.definition())) continue;
        MeshResult r = buildTimeLayerMesh(l, projection, options);
        l.mesh = r.mesh;
        l.meshProjection = projection.definition();
        l.frontLines.clear();
        l.shownDay = kNoDay;
    }
    for (auto& l : eventLayers) {
        if (!l.data || (l.mesh && l.meshProjection == projection.definition())) continue;
        l.mesh = buildEventMesh(l.data->store, projection);
        l.meshProjection = projection.definition();
    }
    if (places && (!projectedPlaces || projectedPlaces->projection != projection.definition()))
        projectedPlaces = std::make_shared<ProjectedPlaces>(projectPlaces(*places, projection, options));
}

void MapScene::draw(MapRenderer& renderer, const FrameSettings& frame, const FontAtlas* font, const std::string& projection) {
    FrameSettings f = frame;
    f.background = outsideColor;
    renderer.beginFrame(f);
    if (sphere && sphereProjection == projection) renderer.drawFill(*sphere, oceanColor);
    const double mpp = frame.camera.unitsPerPixel;
    bool timeDrawn = false;
    for (const auto& l : layers) {
        // Areas of control go above the land and water, below borders, graticule and the user's layers.
        const bool above = l.role == LayerRole::Borders || l.role == LayerRole::Disputed || l.role == LayerRole::Graticule ||
                           l.role == LayerRole::User;
        if (above && !timeDrawn) {
            drawTimeLayers(renderer, projection);
            timeDrawn = true;
        }
        if (!l.mesh || l.meshProjection != projection || !l.style.visible) continue;
        if (l.role == LayerRole::Graticule && !showGraticule) continue;
        if (l.style.minMetersPerPixel > 0 && mpp < l.style.minMetersPerPixel) continue;
        if (l.style.maxMetersPerPixel > 0 && mpp > l.style.maxMetersPerPixel) continue;
        renderer.drawMesh(l.mesh->forResolution(mpp), l.style);
    }
    if (!timeDrawn) drawTimeLayers(renderer, projection);
    if (showLabels && font && !font->empty() && projectedPlaces && projectedPlaces->projection == projection) {
        buildLabels(frame, *font);
        if (m_dotMesh) renderer.drawPoints(*m_dotMesh, placeDotColor, 2.6f, labelHalo, 1.0f);
        if (frame.tiled && (frame.tileX != 0 || frame.tileY != 0)) {
            // Laid out in whole-image pixels: moved into this tile's.
            std::vector<TextVertex> shifted = m_textVertices;
            for (TextVertex& v : shifted) {
                v.x -= static_cast<float>(frame.tileX);
                v.y -= static_cast<float>(frame.tileY);
            }
            renderer.drawText(shifted);
        } else {
            renderer.drawText(m_textVertices);
        }
    }
    drawEventLayers(renderer, frame, font, projection);
    renderer.endFrame();
}

CategoryStyle defaultCategoryStyle(const std::string& category, const std::string& side) {
    CategoryStyle s;
    std::string c = category;
    for (auto& ch : c) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (side == "Russia") {
        // Held since 2014 (Crimea, parts of Donbas) reads darker than ground taken since 2022.
        const bool old = c.find("crimea") != std::string::npos || c.find("ordlo") != std::string::npos;
        s.fill = old ? Color::rgb(0xa3, 0x1b, 0x1b, 0.36f) : Color::rgb(0xd3, 0x2f, 0x2f, 0.30f);
    } else if (side == "Ukraine") {
        s.fill = Color::rgb(0x1e, 0x88, 0xe5, 0.16f);
    } else if (side == "Grey zone") {
        s.fill = Color::rgb(0x55, 0x55, 0x55, 0.55f);
        s.hatch = true;
    } else {
        s.fill = Color::rgb(0x8e, 0x6c, 0xa8, 0.22f);
    }
    return s;
}

int MapScene::addTimeLayer(std::string title, std::shared_ptr<const TimeLayer> time) {
    SceneTimeLayer l;
    l.id = m_nextId++;
    l.title = std::move(title);
    l.time = std::move(time);
    for (const std::string& c : l.time->categories()) l.categoryStyle[c] = defaultCategoryStyle(c, sideOf(l.sides, c));
    timeLayers.push_back(std::move(l));
    return timeLayers.back().id;
}

void replaceTimeLayerData(SceneTimeLayer& l, std::shared_ptr<const TimeLayer> time) {
    l.time = std::move(time);
    std::map<std::string, CategoryStyle> styles;
    for (const std::string& c : l.time->categories()) {
        auto old = l.categoryStyle.find(c);
        styles[c] = old != l.categoryStyle.end() ? old->second : defaultCategoryStyle(c, sideOf(l.sides, c));
    }
    l.categoryStyle = std::move(styles);
    l.classOfFeature.clear();
    l.classCategory.clear();
    l.classOn.clear();
    l.mesh.reset();
    l.meshProjection.clear();
    l.frontLines.clear();
    l.changeGained.reset();
    l.changeLost.reset();
    l.shownDay = l.shownSnapshot = kNoDay;
    ++l.version;
}

void setCategorySide(SceneTimeLayer& l, const std::string& category, const std::string& side) {
    if (sideOf(l.sides, category) == side) return;
    std::string key = category;
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    l.sides[key] = side;
    auto st = l.categoryStyle.find(category);
    if (st != l.categoryStyle.end()) {
        const bool visible = st->second.visible;
        st->second = defaultCategoryStyle(category, side);
        st->second.visible = visible;
    }
    l.frontLines.clear();
    l.changeGained.reset();
    l.changeLost.reset();
    ++l.version;
}

SceneTimeLayer* MapScene::findTimeLayer(int id) {
    for (auto& l : timeLayers)
        if (l.id == id) return &l;
    return nullptr;
}

void MapScene::removeTimeLayer(int id) {
    timeLayers.erase(std::remove_if(timeLayers.begin(), timeLayers.end(), [id](const SceneTimeLayer& l) { return l.id == id; }),
                     timeLayers.end());
}

MeshResult buildTimeLayerMesh(SceneTimeLayer& l, const Projection& projection, const ProjectOptions& options, Job* job) {
    const TimeLayer& t = *l.time;
    const size_t n = t.layer().featureCount();
    // One class per (snapshot, category) in snapshot mode; per feature for validity periods (each may end on its
    // own day).
    std::map<std::pair<int32_t, std::string>, int> classes;
    l.classOfFeature.assign(n, 0);
    l.classCategory.assign(1, std::string());
    for (size_t f = 0; f < n; ++f) {
        const int32_t day = t.mode() == TimeLayer::Mode::Snapshots ? t.featureDay(static_cast<uint32_t>(f)) : static_cast<int32_t>(f);
        const std::string& cat = t.categoryOf(static_cast<uint32_t>(f));
        auto key = std::make_pair(day, cat);
        auto it = classes.find(key);
        if (it == classes.end()) {
            it = classes.emplace(key, static_cast<int>(l.classCategory.size())).first;
            l.classCategory.push_back(cat);
        }
        l.classOfFeature[f] = it->second;
    }
    auto tr = projection.makeTransformer();
    ProjectedGeometry pg = projectGeometry(t.layer().lonlat, projection, *tr, options, job);
    MeshResult r;
    r.clipped = pg.featuresClipped;
    r.outside = pg.featuresOutside;
    r.failed = pg.featuresFailed;
    r.mesh = buildLayerMesh(pg, l.classOfFeature);
    return r;
}

LayerMeshPtr buildFrontLineMesh(const SceneTimeLayer& l, int32_t snapshotDay, const OGRGeometry* ukraineOutline,
                                const OGRGeometry* russiaOutline, const Projection& projection, const ProjectOptions& options,
                                size_t* skipped) {
    const std::vector<uint32_t> features = l.time->featuresAsOf(snapshotDay);
    FrontLineResult fl = computeFrontLine(*l.time, features, l.sides, ukraineOutline, russiaOutline);
    if (skipped) *skipped = fl.skipped;
    auto tr = projection.makeTransformer();
    ProjectedGeometry pg = projectGeometry(fl.line, projection, *tr, options);
    return buildLayerMesh(pg);
}

void MapScene::drawTimeLayers(MapRenderer& renderer, const std::string& projection) {
    const int32_t day = timeDay();
    for (auto& l : timeLayers) {
        if (!l.visible || !l.mesh || l.meshProjection != projection) continue;
        if (l.shownDay != day || l.classOn.size() != l.classCategory.size()) {
            l.classOn.assign(l.classCategory.size(), 0);
            for (uint32_t f : l.time->featuresAsOf(day)) l.classOn[static_cast<size_t>(l.classOfFeature[f])] = 1;
            l.shownDay = day;
            l.shownSnapshot = l.time->snapshotDayAsOf(day);
        }
        renderer.drawFillClasses(
            *l.mesh,
            [&l](int cls, Color& c, bool& hatch) {
                if (cls <= 0 || static_cast<size_t>(cls) >= l.classOn.size() || !l.classOn[static_cast<size_t>(cls)]) return false;
                auto it = l.categoryStyle.find(l.classCategory[static_cast<size_t>(cls)]);
                if (it == l.categoryStyle.end() || !it->second.visible) return false;
                c = it->second.fill;
                hatch = it->second.hatch;
                return true;
            },
            l.opacity);
        if (l.showChange && l.changeProjection == projection) {
            // Gains of Russia's side in dark red hatching, its losses (Ukraine's gains) in blue hatching.
            if (l.changeGained) {
                renderer.drawFill(*l.changeGained, Color::rgb(0x8b, 0x00, 0x00, 0.85f), true);
                renderer.drawLines(*l.changeGained, Color::rgb(0x8b, 0x00, 0x00), 1.2f);
            }
            if (l.changeLost) {
                renderer.drawFill(*l.changeLost, Color::rgb(0x0d, 0x47, 0xa1, 0.85f), true);
                renderer.drawLines(*l.changeLost, Color::rgb(0x0d, 0x47, 0xa1), 1.2f);
            }
        }
        if (!l.showFrontLine || l.shownSnapshot == kNoDay) continue;
        auto it = l.frontLines.find(l.shownSnapshot);
        if (it == l.frontLines.end()) {
            if (requestFrontLine) {
                requestFrontLine(l.id, l.shownSnapshot);
                continue;
            }
            // No worker to ask (exports): build it now. The snapshot's projection is the one the mesh was built for.
            try {
                const Projection p = Projection::create(projection);
                it = l.frontLines.emplace(l.shownSnapshot, buildFrontLineMesh(l, l.shownSnapshot, ukraineOutline.get(), russiaOutline.get(), p, {})).first;
            } catch (const Error&) {
                continue;
            }
        }
        if (!it->second) continue;
        // A light casing under the line keeps it readable over any fill.
        renderer.drawLines(*it->second, Color::rgb(0xff, 0xff, 0xff, 0.85f), l.frontWidth + 2.f);
        renderer.drawLines(*it->second, l.frontColor, l.frontWidth);
    }
}

int MapScene::addEventLayer(std::string title, std::shared_ptr<const EventLayerData> data, std::shared_ptr<const EventIndex> index) {
    SceneEventLayer l;
    l.id = m_nextId++;
    l.title = std::move(title);
    l.data = std::move(data);
    l.index = std::move(index);
    eventLayers.push_back(std::move(l));
    return eventLayers.back().id;
}

SceneEventLayer* MapScene::findEventLayer(int id) {
    for (auto& l : eventLayers)
        if (l.id == id) return &l;
    return nullptr;
}

void MapScene::removeEventLayer(int id) {
    eventLayers.erase(std::remove_if(eventLayers.begin(), eventLayers.end(), [id](const SceneEventLayer& l) { return l.id == id; }),
                      eventLayers.end());
    if (selectedEventLayer == id) {
        selectedEventLayer = 0;
        selectedEvent = -1;
    }
}

void MapScene::updateEventFilters() {
    for (auto& l : eventLayers) {
        if (!l.data || l.filterVersion == filter.version) continue;
        l.filter = filter.forStore(l.data->store);
        l.setOn = actorSetsEnabled(l.data->store, l.filter);
        if (l.index) l.counts = l.index->count(l.data->store, l.filter);
        if (filter.frontFilterOn() && l.frontDistance.size() == l.data->store.size()) {
            // The index knows nothing of the front line: count the passing events directly.
            EventCounts c;
            c.perActor.assign(l.data->store.actors().size(), 0);
            const EventStore& s = l.data->store;
            for (size_t i = 0; i < s.size(); ++i) {
                if (!filter.frontPasses(l.frontDistance[i]) || !eventPasses(s, i, l.filter, l.setOn)) continue;
                ++c.total;
                ++c.perSide[static_cast<int>(s.sideOfSet(s.actorSet()[i]))];
                ++c.perType[s.type()[i]];
                ++c.perPrecision[s.precision()[i]];
                for (uint16_t a : s.actorSets()[s.actorSet()[i]]) ++c.perActor[a];
                if (s.actorSets()[s.actorSet()[i]].empty()) ++c.unattributed;
            }
            l.counts = c;
        }
        l.filterVersion = filter.version;
        l.clusterKey.clear();
    }
}

bool MapScene::eventShown(const SceneEventLayer& l, size_t i) const {
    if (!eventPasses(l.data->store, i, l.filter, l.setOn)) return false;
    if (filter.frontFilterOn()) return i < l.frontDistance.size() && filter.frontPasses(l.frontDistance[i]);
    return true;
}

bool MapScene::eventDayRange(int32_t& first, int32_t& last) const {
    bool any = false;
    for (const auto& l : timeLayers) {
        if (!l.time || l.time->snapshotDays().empty()) continue;
        const int32_t a = l.time->snapshotDays().front(), b = l.time->snapshotDays().back();
        first = any ? std::min(first, a) : a;
        last = any ? std::max(last, b) : b;
        any = true;
    }
    for (const auto& l : eventLayers) {
        if (l.sourceDayFirst != kNoDay && l.sourceDayLast != kNoDay) {
            first = any ? std::min(first, l.sourceDayFirst) : l.sourceDayFirst;
            last = any ? std::max(last, l.sourceDayLast) : l.sourceDayLast;
            any = true;
            continue;
        }
        if (!l.data || l.data->store.empty()) continue;
        first = any ? std::min(first, l.data->store.minDay()) : l.data->store.minDay();
        last = any ? std::max(last, l.data->store.maxDay()) : l.data->store.maxDay();
        any = true;
    }
    return any;
}

std::pair<int, int> MapScene::pickEvent(const Camera& camera, double sx, double sy, double radiusPx) const {
    const Vec2 m = camera.screenToMap(sx, sy);
    std::pair<int, int> best{0, -1};
    double bestD = 1e300;
    for (auto it = eventLayers.rbegin(); it != eventLayers.rend(); ++it) {
        const SceneEventLayer& l = *it;
        if (!l.visible || !l.mesh || l.clustered || l.setOn.empty()) continue;
        for (uint32_t i : l.mesh->near(m.x, m.y, radiusPx * camera.unitsPerPixel, 64)) {
            if (!eventShown(l, i)) continue;
            const EventPoint& e = l.mesh->points[i];
            const double d = std::hypot(e.x + l.mesh->origin.x - m.x, e.y + l.mesh->origin.y - m.y);
            if (d < bestD) {
                bestD = d;
                best = {l.id, static_cast<int>(i)};
            }
            break;  // near() returns nearest first
        }
    }
    return best;
}

void MapScene::buildClusters(SceneEventLayer& l, const FrameSettings& frame) {
    const Camera& c = frame.camera;
    const float pr = frame.pixelRatio;
    // A world-aligned grid whose cell is a power of two in map units, so panning keeps clusters where they are.
    const double cellPx = 56.0 * pr;
    const double cell = std::exp2(std::ceil(std::log2(cellPx * c.unitsPerPixel)));
    char key[128];
    std::snprintf(key, sizeof key, "%.9g|%llu|%llu|%.3g", cell, static_cast<unsigned long long>(l.filterVersion),
                  static_cast<unsigned long long>(l.mesh->id), pr);
    if (l.clusterKey == key) return;
    l.clusterKey = key;
    struct Acc {
        double sx = 0, sy = 0;
        uint32_t n = 0;
        uint32_t side[kSideCount] = {};
    };
    std::unordered_map<uint64_t, Acc> cells;
    const EventStore& s = l.data->store;
    const size_t n = s.size();
    for (size_t i = 0; i < n; ++i) {
        if (!eventShown(l, i)) continue;
        const EventPoint& e = l.mesh->points[i];
        if (!std::isfinite(e.x)) continue;
        const double x = e.x + l.mesh->origin.x, y = e.y + l.mesh->origin.y;
        const int64_t cx = static_cast<int64_t>(std::floor(x / cell)), cy = static_cast<int64_t>(std::floor(y / cell));
        Acc& a = cells[(static_cast<uint64_t>(cx) << 32) ^ static_cast<uint64_t>(cy & 0xffffffff)];
        const uint32_t w = i < l.data->weights.size() ? l.data->weights[i] : 1u;  // server-side aggregates stand for many
        a.sx += x * w;
        a.sy += y * w;
        a.n += w;
        a.side[static_cast<int>(s.sideOfSet(s.actorSet()[i]))] += w;
    }
    auto mesh = std::make_shared<EventMesh>();
    mesh->id = nextMeshId();
    mesh->origin = l.mesh->origin;
    for (auto& [k, a] : cells) {
        EventInstance e{};
        e.x = static_cast<float>(a.sx / a.n - mesh->origin.x);
        e.y = static_cast<float>(a.sy / a.n - mesh->origin.y);
        int dominant = 0;
        for (int sd = 1; sd < kSideCount; ++sd)
            if (a.side[sd] > a.side[dominant]) dominant = sd;
        e.packed = static_cast<uint32_t>(dominant) << 16;
        e.radius = static_cast<float>((7.0 + 5.0 * std::log10(static_cast<double>(a.n))) * pr);
        e.dayStart = INT32_MIN;
        e.dayEnd = INT32_MAX;
        e.actorSet = a.n;  // a cluster keeps its event count here
        mesh->instances.push_back(e);
    }
    l.clusters = mesh;
}

void MapScene::drawEventLayers(MapRenderer& renderer, const FrameSettings& frame, const FontAtlas* font, const std::string& projection) {
    updateEventFilters();
    for (auto& l : eventLayers) {
        if (!l.visible || !l.mesh || l.meshProjection != projection) continue;
        EventDrawParams p;
        p.store = &l.data->store;
        p.dayFrom = l.filter.dayFrom;
        p.dayTo = l.filter.dayTo;
        p.typeMask = l.filter.typeMask;
        p.precisionMask = l.filter.precisionMask;
        p.setOn = &l.setOn;
        p.setOnVersion = l.filterVersion;
        p.pointRadius = l.pointRadius;
        p.opacity = l.opacity;
        p.selected = selectedEventLayer == l.id ? selectedEvent : -1;
        if (l.frontDistance.size() == l.data->store.size()) {
            p.frontDistance = &l.frontDistance;
            p.frontVersion = l.frontVersion;
            p.frontMaxKm = filter.frontMaxKm;
            p.heldBy = filter.heldBy;
        } else if (filter.frontFilterOn()) {
            p.frontMaxKm = 1e-9f;  // the filter is on but there are no distances: show nothing rather than everything
        }
        // Aggregate when many events would pile up: more than a few thousand pass and the view is zoomed out.
        const bool many = l.counts.total > 4000 && frame.camera.unitsPerPixel > 150.0;
        l.clustered = aggregate == AggregateMode::Always || (aggregate == AggregateMode::Auto && many) || !l.data->weights.empty();
        if (!l.clustered) {
            renderer.drawEvents(*l.mesh, p);
            continue;
        }
        buildClusters(l, frame);
        renderer.drawClusters(*l.clusters, p);
        // Counts on the bubbles, placed in screen space every frame (cheap: one label per cluster).
        if (font && !font->empty()) {
            std::vector<TextVertex> verts;
            std::vector<GlyphQuad> quads;
            const Camera& c = frame.camera;
            // Widened by a count's half width, so a count across a tile edge of an export is drawn on both sides.
            const double margin = 40.0 * frame.pixelRatio * c.unitsPerPixel;
            const BBox shown = c.visibleBounds();
            const BBox view = BBox::of(shown.minX - margin, shown.minY - margin, shown.maxX + margin, shown.maxY + margin);
            for (const EventInstance& e : l.clusters->instances) {
                const double x = e.x + l.clusters->origin.x, y = e.y + l.clusters->origin.y;
                if (!view.contains(x, y)) continue;
                const Vec2 sp = c.mapToScreen(x, y);
                const uint32_t count = e.actorSet;
                const std::string text = count >= 10000 ? std::to_string(count / 1000) + "k" : std::to_string(count);
                const float size = 11.f * frame.pixelRatio;
                const Vec2 m = font->measureText(text, size);
                quads.clear();
                const float baseline = static_cast<float>(sp.y - m.y * 0.5) + font->ascent() * (size / font->bakeSize());
                font->layoutText(text, size, static_cast<float>(sp.x - m.x * 0.5), baseline, quads);
                for (const GlyphQuad& q : quads) {
                    const TextVertex corners[4] = {
                        {q.x0, q.y0, q.u0, q.v0, {1, 1, 1, 1}, {0, 0, 0, 0.6f}}, {q.x1, q.y0, q.u1, q.v0, {1, 1, 1, 1}, {0, 0, 0, 0.6f}},
                        {q.x1, q.y1, q.u1, q.v1, {1, 1, 1, 1}, {0, 0, 0, 0.6f}}, {q.x0, q.y1, q.u0, q.v1, {1, 1, 1, 1}, {0, 0, 0, 0.6f}}};
                    for (int k : {0, 1, 2, 0, 2, 3}) verts.push_back(corners[k]);
                }
            }
            renderer.drawText(verts, 0.1f);
        }
    }
}

void MapScene::buildLabels(const FrameSettings& frame, const FontAtlas& font) {
    const Camera& c = frame.tiled ? frame.wholeImage : frame.camera;
    double obstacles = 0;
    for (const BBox& b : labelObstacles) obstacles = obstacles * 31 + b.minX + 3 * b.minY + 5 * b.maxX + 7 * b.maxY;
    char key[256];
    std::snprintf(key, sizeof key, "%.9g|%.9g|%.9g|%d|%d|%.3g|%p|%zu|%.17g", c.center.x, c.center.y, c.unitsPerPixel, c.width,
                  c.height, frame.pixelRatio, static_cast<const void*>(projectedPlaces.get()), labelObstacles.size(), obstacles);
    if (m_labelKey == key) return;
    m_labelKey = key;
    m_textVertices.clear();

    const float pr = frame.pixelRatio;
    ScreenMapping screen{c.center.x, c.center.y, c.unitsPerPixel, c.width, c.height};
    // Only what is in view goes to the placer: it walks candidates in importance order.
    const BBox view = c.visibleBounds();
    std::vector<LabelCandidate> inView;
    const double metersPerPixel = c.unitsPerPixel;
    // Fewer, bigger places when zoomed out.
    uint32_t minPop = 0;
    if (metersPerPixel > 8000) minPop = 2000000;
    else if (metersPerPixel > 3000) minPop = 500000;
    else if (metersPerPixel > 1200) minPop = 100000;
    else if (metersPerPixel > 400) minPop = 15000;
    else if (metersPerPixel > 120) minPop = 2000;
    for (size_t i = 0; i < projectedPlaces->candidates.size(); ++i) {
        const LabelCandidate& cand = projectedPlaces->candidates[i];
        if (cand.population < minPop && !projectedPlaces->isCapital[i]) continue;
        if (!view.contains(cand.position.x, cand.position.y)) continue;
        inView.push_back(cand);
    }
    LabelParams params;
    for (int k = 0; k < kLabelSizeClasses; ++k) {
        params.fontSizePx[k] *= pr;
        params.dotRadiusPx[k] *= pr;
    }
    params.paddingPx *= pr;
    params.labelGapPx *= pr;
    params.gridCellPx *= pr;
    params.maxLabels = static_cast<size_t>(std::clamp(c.width * c.height / (pr * pr * 2600.0), 20.0, 5000.0));
    params.obstaclesPx = labelObstacles;
    auto measure = [&font](const std::string& text, float size) { return font.measureText(text, size); };
    std::vector<PlacedLabel> placed = placeLabels(inView, screen, measure, params);
    m_labelCount = placed.size();

    auto dots = std::make_shared<LayerMesh>();
    dots->id = nextMeshId();
    dots->origin = c.center;
    dots->bounds = view;
    std::vector<GlyphQuad> quads;
    const Color tc = labelColor, hc = labelHalo;
    for (const PlacedLabel& p : placed) {
        const LabelCandidate& cand = inView[p.candidate];
        dots->pointVertices.push_back(static_cast<float>(cand.position.x - c.center.x));
        dots->pointVertices.push_back(static_cast<float>(cand.position.y - c.center.y));
        quads.clear();
        const float baseline = static_cast<float>(p.textPos.y) + font.ascent() * (p.fontSizePx / font.bakeSize());
        font.layoutText(cand.text, p.fontSizePx, static_cast<float>(p.textPos.x), baseline, quads);
        for (const GlyphQuad& q : quads) {
            const TextVertex corners[4] = {
                {q.x0, q.y0, q.u0, q.v0, {tc.r, tc.g, tc.b, tc.a}, {hc.r, hc.g, hc.b, hc.a}},
                {q.x1, q.y0, q.u1, q.v0, {tc.r, tc.g, tc.b, tc.a}, {hc.r, hc.g, hc.b, hc.a}},
                {q.x1, q.y1, q.u1, q.v1, {tc.r, tc.g, tc.b, tc.a}, {hc.r, hc.g, hc.b, hc.a}},
                {q.x0, q.y1, q.u0, q.v1, {tc.r, tc.g, tc.b, tc.a}, {hc.r, hc.g, hc.b, hc.a}},
            };
            for (int k : {0, 1, 2, 0, 2, 3}) m_textVertices.push_back(corners[k]);
        }
    }
    m_dotMesh = dots;
}

}  // namespace fm

namespace fm {

void addBaseLayers(MapScene& scene, const BaseMap& base, CrimeaView crimea) {
    auto add = [&](LayerRole role, const LayerDataPtr& d) {
        if (d) scene.addLayer(role, d->title, d, defaultStyle(role));
    };
    add(LayerRole::Land, base.land);
    add(LayerRole::Countries, crimea == CrimeaView::DeJure ? base.countriesDeJure : base.countriesDeFacto);
    add(LayerRole::Lakes, base.lakes);
    add(LayerRole::Rivers, base.rivers);
    add(LayerRole::Borders, base.borders);
    add(LayerRole::Disputed, base.disputed);
    auto grat = std::make_shared<LayerData>();
    grat->title = "Graticule";
    grat->source = "generated";
    grat->crsName = "WGS 84";
    grat->lonlat = makeGraticule(10.0);
    grat->extent = grat->lonlat.bounds();
    scene.addLayer(LayerRole::Graticule, "Graticule", grat, defaultStyle(LayerRole::Graticule));
    if (!base.places.places.empty()) scene.places = std::make_shared<PlaceSet>(base.places);
}

void setCrimeaView(MapScene& scene, const BaseMap& base, CrimeaView crimea) {
    for (auto& l : scene.layers) {
        if (l.role != LayerRole::Countries) continue;
        l.data = crimea == CrimeaView::DeJure ? base.countriesDeJure : base.countriesDeFacto;
        l.mesh.reset();
        l.meshProjection.clear();
    }
}

BBox projectLonLatBox(const BBox& ll, const Projection& projection) {
    BBox out;
    if (ll.empty()) return out;
    auto t = projection.makeTransformer();
    const int n = 32;
    for (int i = 0; i <= n; ++i) {
        const double f = static_cast<double>(i) / n;
        const double pts[4][2] = {{ll.minX + f * ll.width(), ll.minY},
                                  {ll.minX + f * ll.width(), ll.maxY},
                                  {ll.minX, ll.minY + f * ll.height()},
                                  {ll.maxX, ll.minY + f * ll.height()}};
        for (auto& p : pts) {
            double x, y;
            if (t->forward(p[0], p[1], x, y)) out.add(x, y);
        }
    }
    return out;
}

}  // namespace fm
