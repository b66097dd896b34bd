#include "app/export_events_command.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "app/export_framing.h"
#include "app/scene_setup.h"
#include "core/error.h"
#include "export/event_export.h"

namespace fm {

namespace {

void usage(FILE* out) {
    std::fprintf(out,
                 "usage: frontmap export-events [--view VIEW.json] [EVENTFILE ...] --out FILE.{geojson,csv,gpkg}\n"
                 "                              [--from DATE] [--to DATE] [--actors A,B,...] [--date-field F]\n"
                 "                              [--actor-field F] [--no-view] [--keep-going]\n"
                 "Writes the events that pass the filter, from every event layer of the view and every EVENTFILE, in\n"
                 "frontmap's event schema (id, date_start, date_end, date_precision, actors, type, place, precision,\n"
                 "source_title, source_outlet, source_url, source_date, sentence, fatalities, layer). The format follows\n"
                 "the extension: GeoJSON (RFC 7946), CSV (with lon and lat columns) or GeoPackage.\n"
                 "  --view VIEW.json  a view saved by frontmap: its event layers and filter; options override it\n"
                 "  EVENTFILE         event files (point data with a date column) to export from\n"
                 "  --from/--to DATE  only events in this date range (inclusive)\n"
                 "  --actors LIST     only events involving these sides or people (comma-separated)\n"
                 "  --date-field F    the date column of the event files (default: detected)\n"
                 "  --actor-field F   an actor column of the event files (repeatable; default: detected)\n"
                 "  --no-view         do not write FILE.view.json (the view and filter, to make the export again)\n"
                 "  --keep-going      export what could be read even if an input could not be used (exit status stays 1)\n");
}

}  // namespace

int runExportEventsCommand(int argc, char** argv) {
    std::string out, viewPath, from, to, actorsArg;
    bool keepGoing = false, writeView = true;
    std::vector<std::string> files;
    SceneSetup setup;
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](const char* name) -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "frontmap export-events: %s needs a value\n", name);
                return nullptr;
            }
            return argv[++i];
        };
        const char* v = nullptr;
        if (a == "--out" || a == "-o") {
            if (!(v = value("--out"))) return 2;
            out = v;
        } else if (a == "--view") {
            if (!(v = value("--view"))) return 2;
            viewPath = v;
        } else if (a == "--from" || a == "--to") {
            if (!(v = value(a.c_str()))) return 2;
            (a == "--from" ? from : to) = v;
        } else if (a == "--actors") {
            if (!(v = value("--actors"))) return 2;
            actorsArg = v;
        } else if (a == "--date-field") {
            if (!(v = value("--date-field"))) return 2;
            setup.eventOptions.dateField = v;
        } else if (a == "--actor-field") {
            if (!(v = value("--actor-field"))) return 2;
            for (const std::string& f : splitOptionList(v)) setup.eventOptions.actorFields.push_back(f);
        } else if (a == "--no-view") {
            writeView = false;
        } else if (a == "--keep-going") {
            keepGoing = true;
        } else if (a == "--help" || a == "-h") {
            usage(stdout);
            return 0;
        } else if (!a.empty() && a[0] == '-' && a != "-") {
            std::fprintf(stderr, "frontmap export-events: unknown option %s\n", a.c_str());
            usage(stderr);
            return 2;
        } else {
            files.push_back(a);
        }
    }
    if (out.empty()) {
        std::fprintf(stderr, "frontmap export-events: --out FILE.geojson, FILE.csv or FILE.gpkg is required\n");
        usage(stderr);
        return 2;
    }
    EventExportFormat format;
    if (!eventExportFormatFor(out, format)) {
        std::fprintf(stderr, "frontmap export-events: --out must end in .geojson, .csv or .gpkg: %s\n", out.c_str());
        return 2;
    }
    if (viewPath.empty() && files.empty()) {
        std::fprintf(stderr, "frontmap export-events: name event files or a --view with event layers\n");
        usage(stderr);
        return 2;
    }
    int32_t fromDay = INT32_MIN, toDay = INT32_MAX;
    std::string why;
    if (!from.empty() && !parseDayOption(from, false, fromDay, why)) {
        std::fprintf(stderr, "frontmap export-events: --from: %s\n", why.c_str());
        return 2;
    }
    if (!to.empty() && !parseDayOption(to, true, toDay, why)) {
        std::fprintf(stderr, "frontmap export-events: --to: %s\n", why.c_str());
        return 2;
    }

    MessageLog log;
    log.setEcho([](const Message& m) {
        if (m.severity != Severity::Info) std::fprintf(stderr, "frontmap: %s\n", formatMessage(m).c_str());
    });

    // The view file first, then the command line on top of it.
    ViewFile& view = setup.view;
    if (!viewPath.empty()) {
        try {
            view = readViewFile(viewPath);
        } catch (const Error& e) {
            std::fprintf(stderr, "frontmap export-events: %s\n", e.what());
            return 1;
        }
        for (ViewLayer& l : view.layers) l.source = resolveViewSource(viewPath, l.source);
    }
    for (const std::string& path : files) {
        ViewLayer l;
        l.source = path;
        l.kind = "events";
        // Recorded per layer, so the view written beside the export reads the file the same way.
        l.dateField = setup.eventOptions.dateField;
        l.actorFields = setup.eventOptions.actorFields;
        view.layers.push_back(l);
    }
    if (!from.empty() || !to.empty()) view.hasFilter = true;
    if (!from.empty()) view.filter.dayFrom = fromDay;
    if (!to.empty()) view.filter.dayTo = toDay;
    if (view.filter.dayFrom != INT32_MIN && view.filter.dayTo != INT32_MAX && view.filter.dayFrom > view.filter.dayTo) {
        std::fprintf(stderr, "frontmap export-events: --from is after --to\n");
        return 2;
    }
    setup.actors = splitOptionList(actorsArg);

    // Only the event layers are needed: no base map, no vector layers.
    SceneSetup eventsOnly = setup;
    eventsOnly.view.basemap = false;
    eventsOnly.view.layers.clear();
    for (const ViewLayer& l : view.layers)
        if (l.kind != "vector") eventsOnly.view.layers.push_back(l);
    BuiltScene built;
    try {
        buildScene(eventsOnly, log, built);
    } catch (const Error& e) {
        std::fprintf(stderr, "frontmap export-events: %s\n", e.what());
        return 2;
    }
    if (built.inputFailed && !keepGoing) {
        std::fprintf(stderr, "frontmap export-events: nothing written (use --keep-going to export what could be read)\n");
        return 1;
    }
    if (built.scene.eventLayers.empty()) {
        std::fprintf(stderr, "frontmap export-events: no event layers to export from; nothing written\n");
        return 1;
    }

    try {
        const size_t n = countExportableEvents(built.scene);
        exportEvents(built.scene, out, writeView ? &view : nullptr, nullptr);
        std::printf("wrote %zu event%s to %s (%s)%s%s\n", n, n == 1 ? "" : "s", out.c_str(), eventExportFormatLabel(format),
                    writeView ? "; view and filter in " : "", writeView ? eventExportViewPath(out).c_str() : "");
    } catch (const Error& e) {
        std::fprintf(stderr, "frontmap export-events: %s\n", e.what());
        return 1;
    }
    return built.inputFailed ? 1 : 0;
}

}  // namespace fm
