#include "app/snapshot_command.h"

#include <algorithm>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "app/export_framing.h"
#include "app/gl_context.h"
#include "app/scene_setup.h"
#include "core/error.h"
#include "export/snapshot.h"

namespace fm {

namespace {

void usage(FILE* out) {
    std::fprintf(out,
                 "usage: frontmap snapshot [--view VIEW.json] [LAYER ...] --out FILE.png|FILE.tif [--size WxH] [--format png|gtiff]\n"
                 "                         [--projection CRS] [--extent lon_min,lat_min,lon_max,lat_max]\n"
                 "                         [--from DATE] [--to DATE] [--date DATE] [--actors A,B,...] [--date-field F]\n"
                 "                         [--actor-field F] [--no-basemap] [--title TEXT] [--legend] [--stamp]\n"
                 "                         [--scale-bar] [--pixel-ratio R] [--aggregate auto|always|never]\n"
                 "                         [--keep-going] [--timing] [--server-counts]\n"
                 "Renders the map headless (no display needed) to FILE.png, with FILE.pgw and FILE.prj beside it, or to a\n"
                 "GeoTIFF (FILE.tif, or --format gtiff) carrying the CRS and geotransform inside.\n"
                 "  --view VIEW.json  a view saved by frontmap (layers, projection, extent, filters); options override it\n"
                 "  LAYER             vector files and event files (point data with a date column) to draw\n"
                 "  --size WxH        image size in pixels (default 1920x1080; up to 65536 per side, tiled)\n"
                 "  --format F        png or gtiff (default: from the --out extension, else png)\n"
                 "  --projection CRS  EPSG code, PROJ string or WKT (default: Lambert conformal conic on Ukraine)\n"
                 "  --extent ...      lon/lat box to show (default: Ukraine and western Russia)\n"
                 "  --from/--to DATE  show events in this date range (inclusive)\n"
                 "  --date DATE       time-versioned layers (areas of control) as of this day\n"
                 "  --actors LIST     only events involving these sides or people (comma-separated)\n"
                 "  --date-field F    the date column of event files (default: detected)\n"
                 "  --actor-field F   an actor column of event files (repeatable; default: detected)\n"
                 "  --no-basemap      only the layers named\n"
                 "  --title TEXT      a title; --legend: sides and event types; --stamp: the date range;\n"
                 "  --scale-bar       a scale bar (the attribution line is always drawn)\n"
                 "  --pixel-ratio R   scale of lines, points and labels (default: grows with the image size)\n"
                 "  --aggregate MODE  events as clusters: auto (when many and zoomed out; the default), always, never\n"
                 "  --keep-going      write the image even if an input could not be used (exit status stays 1)\n"
                 "  --timing          print the time of each stage (read, project, draw, image file) to stderr\n"
                 "  --server-counts   database event layers (PG:...): the server counts events per grid cell and\n"
                 "                    the map shows clusters, instead of fetching every row (huge tables, zoomed out)\n");
}

}  // namespace

int runSnapshotCommand(int argc, char** argv) {
    std::string out, viewPath, projection, from, to, actorsArg, title, asOf;
    int width = 1920, height = 1080;
    bool sizeGiven = false, noBasemap = false, keepGoing = false, legend = false, stamp = false, scaleBar = false;
    bool timing = false;
    AggregateMode aggregate = AggregateMode::Auto;
    const auto tStart = std::chrono::steady_clock::now();
    BBox extent;
    bool extentGiven = false;
    float pixelRatio = 0.f;
    ImageFormat format = ImageFormat::Png;
    bool formatGiven = false;
    std::vector<std::string> layers;
    SceneSetup setup;
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](const char* name) -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "frontmap snapshot: %s needs a value\n", name);
                return nullptr;
            }
            return argv[++i];
        };
        const char* v = nullptr;
        if (a == "--out" || a == "-o") {
            if (!(v = value("--out"))) return 2;
            out = v;
        } else if (a == "--format") {
            if (!(v = value("--format"))) return 2;
            if (!imageFormatNamed(v, format)) {
                std::fprintf(stderr, "frontmap snapshot: --format must be png or gtiff: %s\n", v);
                return 2;
            }
            formatGiven = true;
        } else if (a == "--view") {
            if (!(v = value("--view"))) return 2;
            viewPath = v;
        } else if (a == "--size") {
            if (!(v = value("--size"))) return 2;
            if (!parseImageSizeOption(v, width, height)) {
                std::fprintf(stderr, "frontmap snapshot: --size must be WIDTHxHEIGHT, 1..65536 each: %s\n", v);
                return 2;
            }
            sizeGiven = true;
        } else if (a == "--projection") {
            if (!(v = value("--projection"))) return 2;
            projection = v;
        } else if (a == "--extent") {
            if (!(v = value("--extent"))) return 2;
            if (!parseExtentOption(v, extent)) {
                std::fprintf(stderr, "frontmap snapshot: --extent must be lon_min,lat_min,lon_max,lat_max in degrees: %s\n", v);
                return 2;
            }
            extentGiven = true;
        } else if (a == "--from" || a == "--to") {
            if (!(v = value(a.c_str()))) return 2;
            (a == "--from" ? from : to) = v;
        } else if (a == "--date") {
            if (!(v = value("--date"))) return 2;
            asOf = v;
        } else if (a == "--actors") {
            if (!(v = value("--actors"))) return 2;
            actorsArg = v;
        } else if (a == "--date-field") {
            if (!(v = value("--date-field"))) return 2;
            setup.eventOptions.dateField = v;
        } else if (a == "--actor-field") {
            if (!(v = value("--actor-field"))) return 2;
            for (const std::string& f : splitOptionList(v)) setup.eventOptions.actorFields.push_back(f);
        } else if (a == "--title") {
            if (!(v = value("--title"))) return 2;
            title = v;
        } else if (a == "--pixel-ratio") {
            if (!(v = value("--pixel-ratio"))) return 2;
            pixelRatio = std::strtof(v, nullptr);
            if (!(pixelRatio > 0.f && pixelRatio <= 64.f)) {
                std::fprintf(stderr, "frontmap snapshot: --pixel-ratio must be in (0, 64]: %s\n", v);
                return 2;
            }
        } else if (a == "--legend") {
            legend = true;
        } else if (a == "--stamp") {
            stamp = true;
        } else if (a == "--scale-bar") {
            scaleBar = true;
        } else if (a == "--no-basemap") {
            noBasemap = true;
        } else if (a == "--server-counts") {
            setup.serverCounts = true;
        } else if (a == "--keep-going") {
            keepGoing = true;
        } else if (a == "--timing") {
            timing = true;
        } else if (a == "--aggregate") {
            if (!(v = value("--aggregate"))) return 2;
            const std::string m = v;
            if (m == "auto") aggregate = AggregateMode::Auto;
            else if (m == "always") aggregate = AggregateMode::Always;
            else if (m == "never") aggregate = AggregateMode::Never;
            else {
                std::fprintf(stderr, "frontmap snapshot: --aggregate must be auto, always or never: %s\n", v);
                return 2;
            }
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
    // The name's extension picks the format (any other name is PNG, as it always was) unless --format says.
    if (ImageFormat named; imageFormatFor(out, named)) {
        if (formatGiven && named != format) {
            std::fprintf(stderr, "frontmap snapshot: --format %s does not match the name %s\n",
                         format == ImageFormat::GeoTiff ? "gtiff" : "png", out.c_str());
            return 2;
        }
        format = named;
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
            std::fprintf(stderr, "frontmap snapshot: %s\n", e.what());
            return 1;
        }
        for (ViewLayer& l : view.layers) l.source = resolveViewSource(viewPath, l.source);
        if (!sizeGiven && view.width > 0 && view.height > 0) {
            width = view.width;
            height = view.height;
        }
    }
    if (!projection.empty()) view.projection = projection;
    if (noBasemap) view.basemap = false;
    for (const std::string& path : layers) {
        ViewLayer l;
        l.source = path;
        l.kind = "auto";
        view.layers.push_back(l);
    }
    std::string why;
    if (!from.empty() && !parseDayOption(from, false, view.filter.dayFrom, why)) {
        std::fprintf(stderr, "frontmap snapshot: --from: %s\n", why.c_str());
        return 2;
    }
    if (!to.empty() && !parseDayOption(to, true, view.filter.dayTo, why)) {
        std::fprintf(stderr, "frontmap snapshot: --to: %s\n", why.c_str());
        return 2;
    }
    if (!from.empty() || !to.empty()) view.hasFilter = true;
    if (view.filter.dayFrom != INT32_MIN && view.filter.dayTo != INT32_MAX && view.filter.dayFrom > view.filter.dayTo) {
        std::fprintf(stderr, "frontmap snapshot: --from is after --to\n");
        return 2;
    }
    setup.actors = splitOptionList(actorsArg);
    // Only the filter's date range is drawn: event rows outside it are dropped while reading, before any text is
    // copied (the picture is the same; reading 1M events for a few months' worth is several times faster).
    if (view.hasFilter) {
        setup.eventOptions.keepFromDay = view.filter.dayFrom;
        setup.eventOptions.keepToDay = view.filter.dayTo;
    }
    if (!asOf.empty()) {
        ParsedDate d;
        if (!parseDate(asOf, d, why)) {
            std::fprintf(stderr, "frontmap snapshot: --date: %s\n", why.c_str());
            return 2;
        }
        view.date = asOf;
    }

    // Database layers fetch only what this picture shows. (A view's camera at another size has no box: then
    // they fetch every row of the date range.)
    setup.serverFilter = true;
    if (extentGiven || view.hasExtent || !(view.hasCamera && view.width == width && view.height == height)) {
        setup.hasExtent = true;
        setup.extent = extentGiven ? extent : view.hasExtent ? view.extentLonLat : ViewState::defaultExtent();
        // The image may show more than the box along one axis (its shape differs): widen the margin by as much.
        const BBox& b = setup.extent;
        const double boxAspect = (b.maxX - b.minX) * std::cos((b.minY + b.maxY) * 0.5 * M_PI / 180.0) / std::max(1e-9, b.maxY - b.minY);
        const double imageAspect = static_cast<double>(width) / height;
        setup.margin = 0.5 * std::max(imageAspect / boxAspect, boxAspect / imageAspect);
        // Cells of about 48 pixels, like the viewer's clusters.
        const int boxWidthPx = std::max(1, std::min(width, static_cast<int>(height * boxAspect)));
        setup.cellDeg = std::exp2(std::ceil(std::log2(48.0 * (b.maxX - b.minX) / boxWidthPx)));
    }

    BuiltScene built;
    try {
        buildScene(setup, log, built);
    } catch (const Error& e) {
        std::fprintf(stderr, "frontmap snapshot: %s\n", e.what());
        return 2;
    }
    built.scene.aggregate = aggregate;
    const auto tRead = std::chrono::steady_clock::now();
    if (built.inputFailed && !keepGoing) {
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
        const auto tContext = std::chrono::steady_clock::now();
        SnapshotSpec spec;
        spec.width = width;
        spec.height = height;
        spec.pixelRatio = pixelRatio;
        spec.camera = frameExportImage(view, built.projection, extentGiven ? &extent : nullptr, width, height);
        ExportDecorationOptions options;
        options.title = title;
        options.legend = legend;
        options.stamp = stamp;
        options.scaleBar = scaleBar;
        // Projected and triangulated once the resolution is known: only the level of detail this picture draws.
        ProjectOptions opts;
        opts.marginDeg = view.marginDeg;
        opts.onlyUnitsPerPixel = spec.camera.unitsPerPixel;
        built.scene.buildAll(built.projection, opts);
        const auto tProject = std::chrono::steady_clock::now();
        const float pr = pixelRatio > 0 ? pixelRatio : automaticPixelRatio(width, height);
        const DecorationSpec deco = exportDecorations(built.scene, built.projection, spec.camera, pr, options);
        Decorations decorations;
        if (!font.empty()) decorations = buildDecorations(deco, font, width, height, EventDrawParams{});
        spec.decorations = &decorations;
        Image img = renderSnapshot(built.scene, renderer, font.empty() ? nullptr : &font, built.projection.definition(), spec);
        const auto tDraw = std::chrono::steady_clock::now();
        writeMapImage(out, img, snapshotGeoReference(spec.camera, built.projection), format);
        const auto tPng = std::chrono::steady_clock::now();
        if (timing) {
            auto s = [](std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
                return std::chrono::duration<double>(b - a).count();
            };
            std::fprintf(stderr, "timing read_s=%.3f context_s=%.3f project_s=%.3f draw_s=%.3f png_s=%.3f total_s=%.3f\n",
                         s(tStart, tRead), s(tRead, tContext), s(tContext, tProject), s(tProject, tDraw), s(tDraw, tPng),
                         s(tStart, std::chrono::steady_clock::now()));
        }
    } catch (const Error& e) {
        std::fprintf(stderr, "frontmap snapshot: %s\n", e.what());
        return 1;
    }
    return built.inputFailed ? 1 : 0;
}

}  // namespace fm
