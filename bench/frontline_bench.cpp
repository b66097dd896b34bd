// Areas of control over time: what the viewer does with a front-line archive, on the real code paths (no window).
//
//   frontmap_bench frontline FILE COUNTRIES [--from D --to D]
//
// FILE: a time-versioned polygon layer (a DeepStateMap archive); COUNTRIES: the countries layer the front line is
// cut against (world-atlas countries-10m.json). Prints key=value lines:
//  * load_s: read the layer and parse every feature's date (TimeLayer), on a worker in the viewer;
//  * mesh_s: project and triangulate every snapshot into one mesh (once, on a worker);
//  * switch_cpu_ms_*: what the UI thread does when the date changes: pick the snapshot as of the day and switch the
//    mesh's fill classes on and off, nothing re-triangulated (every snapshot day of the layer, in turn);
//  * frontline_s_median: one snapshot's front line (computed once per snapshot on a worker, then cached);
//  * change_s / side_change_s: the change table between two dates (km² per side and category, geodesic) and the
//    gained/lost polygons drawn on the map;
//  * rss_mib: resident memory at the end; mesh_mib: the mesh's own bytes.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "core/date.h"
#include "bench_util.h"
#include "core/error.h"
#include "core/message_log.h"
#include "geo/area_change.h"
#include "geo/front_line.h"
#include "model/view_state.h"
#include "render/map_scene.h"
#include "sources/projection.h"
#include "sources/time_layer.h"
#include "sources/vector_reader.h"

using fm::bench::quantile;
using fm::bench::residentBytes;
using fm::bench::threadCpu;
using fm::bench::wallNow;

int runFrontlineBench(int argc, char** argv) {
    using namespace fm;
    if (argc < 2) {
        std::fprintf(stderr, "usage: frontmap_bench frontline FILE COUNTRIES [--from YYYY-MM-DD --to YYYY-MM-DD]\n");
        return 2;
    }
    const std::string path = argv[0], countriesPath = argv[1];
    int32_t fromDay = daysFromCivil(2024, 9, 1), toDay = daysFromCivil(2025, 3, 1);
    for (int i = 2; i + 1 < argc; i += 2) {
        ParsedDate d;
        std::string why;
        if (!parseDate(argv[i + 1], d, why)) {
            std::fprintf(stderr, "frontline bench: %s: %s\n", argv[i + 1], why.c_str());
            return 2;
        }
        (std::strcmp(argv[i], "--from") == 0 ? fromDay : toDay) = d.first;
    }
    try {
        MessageLog log;
        double t0 = wallNow();
        auto layers = readVectorSource(path, log);
        if (layers.empty()) throw Error(path, "no layers");
        TimeFieldSpec spec;
        std::string why;
        if (!detectTimeFields(*layers.front(), spec, &why)) throw Error(path, why);
        auto time = std::make_shared<TimeLayer>(layers.front(), spec, log);
        const double loadS = wallNow() - t0;

        auto countries = readVectorSource(countriesPath, log, nullptr, VectorReadOptions{{"countries"}});
        if (countries.empty()) throw Error(countriesPath, "no countries layer");
        const auto ukraine = ukrainePolygon(*countries.front());
        const auto russia = russiaPolygon(*countries.front());

        MapScene scene;
        const int id = scene.addTimeLayer("areas", time);
        SceneTimeLayer& l = *scene.findTimeLayer(id);
        const Projection proj = Projection::create(ViewState().projection);
        t0 = wallNow();
        MeshResult mr = buildTimeLayerMesh(l, proj, ProjectOptions{});
        const double meshS = wallNow() - t0;
        l.mesh = mr.mesh;

        // The date switch, as MapScene::drawTimeLayers does it on the UI thread.
        std::vector<double> switchMs;
        const std::vector<int32_t>& days = time->snapshotDays();
        for (int32_t day : days) {
            const double c0 = threadCpu();
            l.classOn.assign(l.classCategory.size(), 0);
            for (uint32_t f : time->featuresAsOf(day)) l.classOn[static_cast<size_t>(l.classOfFeature[f])] = 1;
            l.shownDay = day;
            l.shownSnapshot = time->snapshotDayAsOf(day);
            switchMs.push_back((threadCpu() - c0) * 1000.0);
        }

        // Front lines of a few snapshots spread over the archive (each is computed once, then cached).
        std::vector<double> frontS;
        for (int k = 1; k <= 5 && !days.empty(); ++k) {
            const int32_t day = days[days.size() * static_cast<size_t>(k) / 6];
            t0 = wallNow();
            LayerMeshPtr m = buildFrontLineMesh(l, day, ukraine.get(), russia.get(), proj, ProjectOptions{});
            frontS.push_back(wallNow() - t0);
        }

        AreaChangeOptions co;
        co.fromDay = fromDay;
        co.toDay = toDay;
        t0 = wallNow();
        const AreaChange change = computeAreaChange(*time, co, log);
        const double changeS = wallNow() - t0;
        t0 = wallNow();
        const SideChangeGeometry sc = computeSideChange(*time, fromDay, toDay, l.sides, "Russia");
        const double sideChangeS = wallNow() - t0;
        double russiaFrom = 0, russiaTo = 0;
        for (const AreaRow& r : change.sides)
            if (r.name == "Russia") {
                russiaFrom = r.areaFrom;
                russiaTo = r.areaTo;
            }

        std::printf("features=%zu snapshots=%zu classes=%zu\n", time->layer().featureCount(), days.size(), l.classCategory.size());
        std::printf("load_s=%.4f\nmesh_s=%.4f\n", loadS, meshS);
        std::printf("switch_cpu_ms_median=%.4f\nswitch_cpu_ms_p95=%.4f\nswitch_cpu_ms_max=%.4f\n", quantile(switchMs, 0.5),
                    quantile(switchMs, 0.95), quantile(switchMs, 1.0));
        std::printf("frontline_s_median=%.4f\n", quantile(frontS, 0.5));
        std::printf("change_s=%.4f\nside_change_s=%.4f\n", changeS, sideChangeS);
        std::printf("change_russia_km2_from=%.0f change_russia_km2_to=%.0f gained_polygons=%zu lost_polygons=%zu\n", russiaFrom,
                    russiaTo, sc.gained.featureCount(), sc.lost.featureCount());
        std::printf("mesh_mib=%.1f\nrss_mib=%.1f\n", static_cast<double>(l.mesh ? l.mesh->memoryBytes() : 0) / 1048576.0, residentBytes() / 1048576.0);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "frontline bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
