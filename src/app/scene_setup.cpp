#include "app/scene_setup.h"

#include <algorithm>
#include <filesystem>

#include "core/error.h"
#include "geo/front_line.h"
#include "core/secrets.h"
#include "sources/event_reader.h"
#include "sources/pg_source.h"
#include "sources/time_layer.h"
#include "sources/vector_reader.h"

namespace fm {

namespace {

// How a source is named in the attribution line: a file's name, a database table's title (never a password).
std::string sourceLabel(const std::string& source, const std::string& title) {
    if (isPgSource(source)) return title;
    return std::filesystem::path(source).filename().string();
}

}  // namespace

SourceQuery serverQueryFor(const SceneSetup& setup) {
    SourceQuery q;
    if (setup.hasExtent) {
        q.hasExtent = true;
        // Clusters near the edges see the events just outside, as with a file.
        q.lonlat = widenLonLatBox(setup.extent, setup.margin);
    }
    if (setup.view.hasFilter) {
        q.dayFrom = setup.view.filter.dayFrom;
        q.dayTo = setup.view.filter.dayTo;
    }
    q.actors = setup.actors;
    return q;
}

LayerStyle viewLayerStyle(const ViewLayer& vl, GeomKind kind, int index) {
    LayerStyle style = vl.style;
    if (style.fillRules.empty() && vl.style.fill == LayerStyle().fill && vl.style.stroke == LayerStyle().stroke)
        style = defaultUserStyle(kind, index);
    style.visible = vl.visible;
    return style;
}

void applyViewLayer(const ViewLayer& vl, SceneEventLayer& events) {
    events.visible = vl.visible;
    events.pointRadius = vl.pointRadius;
    events.opacity = vl.style.opacity;
}

void buildScene(const SceneSetup& setup, MessageLog& log, BuiltScene& out) {
    const ViewFile& v = setup.view;
    out.projection = Projection::create(v.projection.empty() ? ViewState().projection : v.projection);
    MapScene& scene = out.scene;
    if (v.basemap) {
        const size_t errorsBefore = log.count(Severity::Error);
        out.base = loadBaseMap(findDataDir(), log);
        addBaseLayers(scene, out.base, v.crimea);
        if (out.base.countriesDeJure) {
            scene.ukraineOutline = ukrainePolygon(*out.base.countriesDeJure);
            scene.russiaOutline = russiaPolygon(*out.base.countriesDeJure);
        }
        if (log.count(Severity::Error) > errorsBefore) out.inputFailed = true;
    }
    scene.showGraticule = v.graticule;
    scene.showLabels = v.labels;
    if (v.hasFilter) scene.filter = v.filter;
    if (!v.date.empty()) {
        ParsedDate d;
        std::string why;
        if (!parseDate(v.date, d, why)) throw Error("date", why);
        scene.timeDayOverride = d.last;
    }
    const SourceQuery query = serverQueryFor(setup);
    int userIndex = 0;
    for (const ViewLayer& vl : v.layers) {
        const size_t errorsBefore = log.count(Severity::Error);
        try {
            EventReadOptions eo = setup.eventOptions;
            if (!vl.dateField.empty()) eo.dateField = vl.dateField;
            if (!vl.actorFields.empty()) eo.actorFields = vl.actorFields;
            if (!vl.layer.empty()) eo.layer = vl.layer;
            // A folder of files with dates in their names: one layer of areas over time, a snapshot per file.
            std::error_code ec;
            if (vl.kind != "events" && std::filesystem::is_directory(vl.source, ec) && holdsDatedFiles(vl.source)) {
                auto time = std::make_shared<TimeLayer>(TimeLayer::fromFiles({vl.source}, log));
                std::filesystem::path folder(vl.source);
                if (!folder.has_filename()) folder = folder.parent_path();  // "frontline/"
                const int id = scene.addTimeLayer(folder.filename().string(), time);
                if (SceneTimeLayer* l = scene.findTimeLayer(id)) l->visible = vl.visible;
                continue;
            }
            if (setup.serverFilter) eo.query = &query;
            // "auto" (files named on the command line): point data with a date column is events.
            const bool events = vl.kind == "events" || (vl.kind == "auto" && looksLikeEventSource(vl.source, eo));
            if (events) {
                std::shared_ptr<EventLayerData> data;
                if (setup.serverCounts && setup.serverFilter && isPgSource(vl.source)) {
                    const AggregateResult agg = aggregateEvents(vl.source, eo, query, setup.cellDeg, defaultActorTable());
                    data = eventsFromAggregates(agg, pgLayerTitle(vl.source, agg.layer), defaultActorTable());
                    data->report.source = stripPassword(vl.source);
                    log.info(stripPassword(vl.source), std::to_string(agg.events) + " events counted by the server in " +
                                                           std::to_string(agg.cells.size()) + " cells");
                } else {
                    data = readEvents(vl.source, eo, defaultActorTable(), log);
                }
                auto index = std::make_shared<EventIndex>();
                index->build(data->store);
                const int id = scene.addEventLayer(data->title, data, index);
                if (SceneEventLayer* l = scene.findEventLayer(id)) applyViewLayer(vl, *l);
                continue;
            }
            if (vl.kind == "auto" && !eo.dateField.empty()) {
                log.error(stripPassword(vl.source), "no column '" + eo.dateField + "' usable as event dates");
                out.inputFailed = true;
                continue;
            }
            VectorReadOptions ro;
            if (!vl.layer.empty()) ro.layers = {vl.layer};
            if (setup.serverFilter) ro.query = &query;
            auto read = readVectorSource(vl.source, log, nullptr, ro);
            if (read.empty() && setup.serverFilter && isPgSource(vl.source))
                log.info(stripPassword(vl.source), "no features in this view");
            else if (read.empty())
                log.error(stripPassword(vl.source), "no usable features");
            // Polygons with a date field are areas of control over time.
            std::vector<std::shared_ptr<LayerData>> plain;
            for (auto& d : read) {
                TimeFieldSpec spec;
                if (d->lonlat.kind == GeomKind::Polygon && detectTimeFields(*d, spec)) {
                    try {
                        auto time = std::make_shared<TimeLayer>(d, spec, log);
                        scene.addTimeLayer(d->title, time);
                        continue;
                    } catch (const Error& e) {
                        log.warning(e.subject(), e.reason() + "; drawn as a plain layer");
                    }
                }
                plain.push_back(d);
            }
            for (auto& d : plain) scene.addLayer(LayerRole::User, d->title, d, viewLayerStyle(vl, d->lonlat.kind, userIndex++));
        } catch (const Error& e) {
            log.error(e.subject(), e.reason());
        }
        if (log.count(Severity::Error) > errorsBefore) out.inputFailed = true;
    }
    if (!setup.actors.empty()) {
        std::vector<const EventStore*> stores;
        for (auto& l : scene.eventLayers) stores.push_back(&l.data->store);
        for (const std::string& miss : restrictToActors(scene.filter, stores, setup.actors, defaultActorTable()))
            log.warning("--actors", "'" + miss + "' matches no actor or side in the event layers");
    }
    scene.filter.touch();
}

std::string attributionFor(const MapScene& scene) {
    bool naturalEarth = false;
    std::vector<std::string> sources;
    auto addSource = [&sources](const std::string& source, const std::string& title) {
        const std::string name = sourceLabel(source, title);
        if (!name.empty()) sources.push_back(name);
    };
    for (const SceneLayer& l : scene.layers) {
        if (l.role == LayerRole::Land || l.role == LayerRole::Countries) naturalEarth = true;
        if (l.role == LayerRole::User && l.data) addSource(l.data->source, l.data->title);
    }
    for (const SceneTimeLayer& l : scene.timeLayers) addSource(l.time->layer().source, l.time->layer().title);
    for (const SceneEventLayer& l : scene.eventLayers) addSource(l.data->report.source, l.data->title);
    // Sorted: the window loads layers in whatever order they finish, and must name them as the command line does.
    std::sort(sources.begin(), sources.end());
    sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
    std::string a = naturalEarth ? "Natural Earth" : "";
    if (scene.places && !scene.places->places.empty()) a += std::string(a.empty() ? "" : " · ") + "GeoNames (CC BY 4.0)";
    for (const std::string& s : sources) a += std::string(a.empty() ? "" : " · ") + s;
    if (!a.empty()) a += " · made with frontmap";
    return a;
}

std::string attributionFor(const BuiltScene& built) { return attributionFor(built.scene); }

std::string dateStampFor(const FilterSpec& f) {
    auto fmt = [](int32_t day) {
        static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        int y;
        unsigned m, d;
        civilFromDays(day, y, m, d);
        return std::to_string(d) + " " + months[m - 1] + " " + std::to_string(y);
    };
    const bool from = f.dayFrom != INT32_MIN, to = f.dayTo != INT32_MAX;
    if (!from && !to) return {};
    if (from && to) return f.dayFrom == f.dayTo ? fmt(f.dayFrom) : fmt(f.dayFrom) + " – " + fmt(f.dayTo);
    return from ? "from " + fmt(f.dayFrom) : "until " + fmt(f.dayTo);
}

}  // namespace fm
