// frontmap: the viewer, and its command-line subcommands as thin shells over the library.
#include <cstdio>
#include <exception>
#include <new>
#include <cstdlib>
#include <cstring>
#include <string>

#include "app/animate_command.h"
#include "app/change_command.h"
#include "app/export_framing.h"
#include "app/export_events_command.h"
#include "app/ingest_command.h"
#include "app/snapshot_command.h"
#include "app/viewer.h"

namespace {

void usage(FILE* out) {
    std::fprintf(out,
                 "usage: frontmap [FILE ...] [--projection CRS] [--extent lon_min,lat_min,lon_max,lat_max]\n"
                 "                [--size WxH] [--no-basemap] [--no-examples] [--date-field F] [--actor-field F]\n"
                 "                [--log-view] [--view VIEW.json] [--no-restore] [--reset-layout]\n"
                 "                [--export-on-start FILE.png|FILE.tif [--export-size WxH] [--title T] [--legend] [--stamp]\n"
                 "                 [--scale-bar] [--pixel-ratio R] [--quit]]\n"
                 "                [--log-view] [--log-frames] [--exit-after S] [--bench-pan FRAMES]\n"
                 "                [--log-memory S]\n"
                 "       frontmap snapshot --help\n"
                 "       frontmap change --help\n"
                 "       frontmap export-events --help\n"
                 "       frontmap animate --help\n"
                 "       frontmap ingest --help\n"
                 "Opens the map viewer on the default data (Natural Earth, GeoNames) plus any vector FILE GDAL reads.\n"
                 "--view opens a saved view; --export-on-start exports the map image from the window once everything\n"
                 "has loaded, exactly as File > Export does (size: --export-size, else the view's, else 1920x1080),\n"
                 "and --quit then closes the viewer (exit status 1 when the export or an input failed).\n"
                 "Without FILEs or --view it restores the last session (--no-restore: start without it).\n"
                 "--reset-layout puts the panels back at their default places (also View > Reset panel layout).\n");
}

}  // namespace

int runMain(int argc, char** argv);

// Out of memory (a 65536×65536 image on a small machine) or any other escape ends with a message, not an abort.
int main(int argc, char** argv) {
    try {
        return runMain(argc, argv);
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "frontmap: out of memory (try a smaller --size or fewer layers)\n");
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "frontmap: unexpected failure: %s\n", e.what());
        return 1;
    }
}

int runMain(int argc, char** argv) {
    if (argc >= 2 && std::strcmp(argv[1], "snapshot") == 0) return fm::runSnapshotCommand(argc - 2, argv + 2);
    if (argc >= 2 && std::strcmp(argv[1], "change") == 0) return fm::runChangeCommand(argc - 2, argv + 2);
    if (argc >= 2 && std::strcmp(argv[1], "export-events") == 0) return fm::runExportEventsCommand(argc - 2, argv + 2);
    if (argc >= 2 && std::strcmp(argv[1], "animate") == 0) return fm::runAnimateCommand(argc - 2, argv + 2);
    if (argc >= 2 && std::strcmp(argv[1], "ingest") == 0) return fm::runIngestCommand(argc - 2, argv + 2);
    fm::ViewerOptions opt;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](const char* name) -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "frontmap: %s needs a value\n", name);
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--help" || a == "-h") {
            usage(stdout);
            return 0;
        } else if (a == "--version") {
            std::printf("frontmap 0.1.0\n");
            return 0;
        } else if (a == "--projection") {
            opt.projection = value("--projection");
        } else if (a == "--extent") {
            opt.extent = value("--extent");
        } else if (a == "--size") {
            const char* v = value("--size");
            if (std::sscanf(v, "%dx%d", &opt.width, &opt.height) != 2 || opt.width <= 0 || opt.height <= 0) {
                std::fprintf(stderr, "frontmap: --size must be WIDTHxHEIGHT: %s\n", v);
                return 2;
            }
        } else if (a == "--no-basemap") {
            opt.noBasemap = true;
        } else if (a == "--no-examples") {
            opt.noExamples = true;
        } else if (a == "--date-field") {
            opt.eventOptions.dateField = value("--date-field");
        } else if (a == "--actor-field") {
            opt.eventOptions.actorFields.push_back(value("--actor-field"));
        } else if (a == "--no-restore") {
            opt.noRestore = true;
        } else if (a == "--reset-layout") {
            opt.resetLayout = true;
        } else if (a == "--log-view") {
            opt.logView = true;
        } else if (a == "--log-frames") {
            opt.logFrames = true;
        } else if (a == "--log-memory") {
            opt.logMemorySeconds = std::atof(value("--log-memory"));
            if (!(opt.logMemorySeconds > 0)) {
                std::fprintf(stderr, "frontmap: --log-memory needs a positive number of seconds\n");
                return 2;
            }
        } else if (a == "--view") {
            opt.viewPath = value("--view");
        } else if (a == "--export-on-start") {
            opt.exportOnStart = value("--export-on-start");
        } else if (a == "--export-size") {
            const char* v = value("--export-size");
            if (!fm::parseImageSizeOption(v, opt.exportWidth, opt.exportHeight) || opt.exportWidth > 16384 ||
                opt.exportHeight > 16384) {
                std::fprintf(stderr, "frontmap: --export-size must be WIDTHxHEIGHT, 1..16384 each: %s\n", v);
                return 2;
            }
        } else if (a == "--title") {
            opt.exportTitle = value("--title");
        } else if (a == "--legend") {
            opt.exportLegend = true;
        } else if (a == "--stamp") {
            opt.exportStamp = true;
        } else if (a == "--scale-bar") {
            opt.exportScaleBar = true;
        } else if (a == "--pixel-ratio") {
            const char* v = value("--pixel-ratio");
            opt.exportPixelRatio = std::strtof(v, nullptr);
            if (!(opt.exportPixelRatio >= 0.25f && opt.exportPixelRatio <= 16.f)) {
                std::fprintf(stderr, "frontmap: --pixel-ratio must be 0.25 to 16: %s\n", v);
                return 2;
            }
        } else if (a == "--quit") {
            opt.quitAfterExport = true;
        } else if (a == "--bench-pan") {
            opt.benchPanFrames = std::atoi(value("--bench-pan"));
            if (opt.benchPanFrames <= 0) {
                std::fprintf(stderr, "frontmap: --bench-pan needs a positive number of frames\n");
                return 2;
            }
        } else if (a == "--exit-after") {
            opt.exitAfterSeconds = std::atof(value("--exit-after"));
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "frontmap: unknown option %s\n", a.c_str());
            usage(stderr);
            return 2;
        } else {
            opt.files.push_back(a);
        }
    }
    return fm::runViewer(opt);
}
