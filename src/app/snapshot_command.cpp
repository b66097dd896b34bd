#include "app/snapshot_command.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "app/gl_context.h"
#include "core/error.h"
#include "export/snapshot.h"
#include "sources/basemap.h"
#include "sources/event_reader.h"
#include "sources/vector_reader.h"

namespace fm {

namespace {

void usage(FILE* out) {
    std::fprintf(out,
                 "usage: frontmap snapshot [LAYER ...] --out FILE.png [--size WxH] [--projection CRS]\n"
                 "                         [--extent lon_min,lat_min,lon_max,lat_max] [--no-basemap]\n"
                 "                         [--from DATE] [--to DATE] [--actors A,B,...] [--date-field F]\n"
                 "                         [--actor-field F] [--pixel-ratio R] [--keep-going]\n"
                 "Renders the map headless (no display needed) to FILE.png, with FILE.pgw and FILE.prj beside it.\n"
                 "  --size WxH        image size in pixels (default 1920x1080)\n"
                 "  --projection CRS  EPSG code, PROJ string or WKT (default: Lambert conformal conic on Ukraine)\n"
                 "  --extent ...      lon/lat box to show (default: Ukraine and western Russia)\n"
                 "  --no-basemap      only the layers named\n"
                 "  --from/--to DATE  show events in this date range (inclusive; ISO dates)\n"
                 "  --actors LIST     only events involving these sides or people (comma-separated)\n"
                 "  --date-field F    the date column of event files (default: detected)\n"
                 "  --actor-field F   an actor column of event files (repeatable; default: detected)\n"
                 "  --pixel-ratio R   scale of lines, points and labels (default: grows with the image size)\n"
                 "  --keep-going      write the image even if a layer could not be used (exit status stays 1)\n");
}

std::vector<std::string> splitComma(const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == ',') {
            if (!cur.empty()) out.push_back(cur);
            cur.clear();
        } else if (!(cur.empty() && c == ' ')) {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(cur);
    return out;
}

bool parseSize(const char* s, int& w, int& h) {
    char x = 0;
    return std::sscanf(s, "%d%c%d", &w, &x, &h) == 3 && (x == 'x' || x == 'X') && w > 0 && h > 0;
}

bool parseBox(const char* s, BBox& b) {
    double a, c, d, e;
    char tail = 0;
    if (std::sscanf(s, "%lf,%lf,%lf,%lf%c", &a, &c, &d, &e, &tail) != 4) return false;
    if (!(a < d && c < e) || !isValidLonLat(a, c) || !isValidLonLat(d, e)) return false;
    b = BBox::of(a, c, d, e);
    return true;
}

}  // namespace

int runSnapshotCommand(int argc, char** argv) {
    std::string out, projectionDef = ViewState().projection;
    int width = 1920, height = 1080;
    BBox extent = ViewState::defaultExtent();
    bool noBasemap = false, keepGoing = false;
    float pixelRatio = 0.f;
    std::vector<std::string> layers;
    std::string from, to, actorsArg;
    EventReadOptions eventOptions;
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](const char* name) -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "frontmap snapshot: %s needs a value\n", name);
                return nullptr;
            }
            return argv[++i];
        };
        if (a == "--out" || a == "-o") {
            const char* v = value("--out");
            if (!v) return 2;
            out = v;
        } else if (a == "--size") {
            const char* v = value("--size");
            if (!v) return 2;
            if (!parseSize(v, width, height) || width > 65536 || height > 65536) {
                std::fprintf(stderr, "frontmap snapshot: --size must be WIDTHxHEIGHT, 1..65536 each: %s\n", v);
                return 2;
            }
        } else if (a == "--projection") {
            const char* v = value("--projection");
            if (!v) return 2;
            projectionDef = v;
        } else if (a == "--extent") {
            const char* v = value("--extent");
            if (!v) return 2;
            if (!parseBox(v, extent)) {
                std::fprintf(stderr, "frontmap snapshot: --extent must be lon_min,lat_min,lon_max,lat_max in degrees: %s\n", v);
                return 2;
            }
        } else if (a == "--pixel-ratio") {
            const char* v = value("--pixel-ratio");
            if (!v) return 2;
            pixelRatio = std::strtof(v, nullptr);
            if (!(pixelRatio > 0.f && pixelRatio <= 64.f)) {
                std::fprintf(stderr, "frontmap snapshot: --pixel-ratio must be in (0, 64]: %s\n", v);
                return 2;
            }
        } else if (a == "--from" || a == "--to") {
            const char* v = value(a.c_str());
            if (!v) return 2;
            (a == "--from" ? from : to) = v;
        } else if (a == "--actors") {
            const char* v = value("--actors");
            if (!v) return 2;
            actorsArg = v;
        } else if (a == "--date-field") {
            const char* v = value("--date-field");
            if (!v) return 2;
            eventOptions.dateField = v;
        } else if (a == "--actor-field") {
            const char* v = value("--actor-field");
            if (!v) return 2;
            for (const std::string& f : splitComma(v)) eventOptions.actorFields.push_back(f);
        } else if (a == "--no-basemap") {
            noBasemap = true;
        } else if (a == "--keep-going") {
            keepGoing = true;
        } else if (a == "--help" || a == "-h") {
            usage(stdout);
            return 0;
        } else if (!a.empty() && a[0] == '-' && a != "-") {
            std::fprintf(stderr, "frontmap snapshot: unknown option %s\n", a.c_str());
            usage(stderr);
            return 2;
        } else {
            layers.push_back(a);
        }
    }
    if (out.empty()) {
        std::fprintf(stderr, "frontmap snapshot: --out FILE.png is required\n");
        usage(stderr);
        return 2;
    }

    MessageLog log;
    log.setEcho([](const Message& m) {
        if (m.severity != Severity::Info) std::fprintf(stderr, "frontmap: %s\n", formatMessage(m).c_str());
    });
    Projection projection;
    try {
        projection = Projection::create(projectionDef);
    } catch (const Error& e) {
        std::fprintf(stderr, "frontmap snapshot: %s\n", e.what());
        return 2;
    }

    bool inputFailed = false;
    MapScene scene;
    if (!noBasemap) {
        const size_t errorsBefore = log.count(Severity::Error);
        BaseMap base = loadBaseMap(findDataDir(), log);
        addBaseLayers(scene, base, CrimeaView::DeJure);
        if (log.count(Severity::Error) > errorsBefore) inputFailed = true;
    }
    ParsedDate fromDay, toDay;
    std::string why;
    if (!from.empty() && !parseDate(from, fromDay, why)) {
        std::fprintf(stderr, "frontmap snapshot: --from: %s\n", why.c_str());
        return 2;
    }
    if (!to.empty() && !parseDate(to, toDay, why)) {
        std::fprintf(stderr, "frontmap snapshot: --to: %s\n", why.c_str());
        return 2;
    }
    if (!from.empty()) scene.filter.dayFrom = fromDay.first;
    if (!to.empty()) scene.filter.dayTo = toDay.last;
    if (!from.empty() && !to.empty() && scene.filter.dayFrom > scene.filter.dayTo) {
        std::fprintf(stderr, "frontmap snapshot: --from is after --to\n");
        return 2;
    }
    int userIndex = 0;
    for (const std::string& path : layers) {
        const size_t errorsBefore = log.count(Severity::Error);
        try {
            if (looksLikeEventSource(path, eventOptions)) {
                auto events = readEvents(path, eventOptions, defaultActorTable(), log);
                auto index = std::make_shared<EventIndex>();
                index->build(events->store);
                scene.addEventLayer(events->title, events, index);
                continue;
            }
            if (!eventOptions.dateField.empty()) {
                log.error(path, "no column '" + eventOptions.dateField + "' usable as event dates");
                continue;
            }
            auto read = readVectorSource(path, log);
            if (read.empty()) {
                log.error(path, "no usable features");
            }
            for (auto& d : read) scene.addLayer(LayerRole::User, d->title, d, defaultUserStyle(d->lonlat.kind, userIndex++));
        } catch (const Error& e) {
            log.error(e.subject(), e.reason());
        }
        if (log.count(Severity::Error) > errorsBefore) inputFailed = true;
    }
    if (!actorsArg.empty()) {
        std::vector<const EventStore*> stores;
        for (auto& l : scene.eventLayers) stores.push_back(&l.data->store);
        for (const std::string& miss : restrictToActors(scene.filter, stores, splitComma(actorsArg), defaultActorTable()))
            log.warning("--actors", "'" + miss + "' matches no actor or side in the event layers");
    }
    scene.filter.touch();
    if (inputFailed && !keepGoing) {
        std::fprintf(stderr, "frontmap snapshot: nothing written (use --keep-going to write what could be drawn)\n");
        return 1;
    }

    try {
        HeadlessContext ctx;
        MapRenderer renderer;
        FontAtlas font;
        try {
            font = FontAtlas::build(findMapFont());
            renderer.setFontAtlas(font.width(), font.height(), font.pixels().data());
        } catch (const Error& e) {
            log.warning(e.subject(), e.reason() + "; no labels");
        }
        ProjectOptions opts;
        scene.buildAll(projection, opts);
        SnapshotSpec spec;
        spec.width = width;
        spec.height = height;
        spec.pixelRatio = pixelRatio;
        spec.camera.width = width;
        spec.camera.height = height;
        const BBox box = projectLonLatBox(extent, projection);
        if (box.empty()) throw Error("--extent", "the box cannot be shown in this projection");
        spec.camera.fitExact(box);
        Image img = renderSnapshot(scene, renderer, font.empty() ? nullptr : &font, projection.definition(), spec);
        writePng(out, img);
        GeoReference ref;
        const Camera& c = spec.camera;
        ref.extent = BBox::of(c.center.x - width * 0.5 * c.unitsPerPixel, c.center.y - height * 0.5 * c.unitsPerPixel,
                              c.center.x + width * 0.5 * c.unitsPerPixel, c.center.y + height * 0.5 * c.unitsPerPixel);
        ref.wkt = projection.toWkt(true);
        writeWorldFile(out, img, ref);
    } catch (const Error& e) {
        std::fprintf(stderr, "frontmap snapshot: %s\n", e.what());
        return 1;
    }
    return inputFailed ? 1 : 0;
}

}  // namespace fm
