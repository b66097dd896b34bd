// Event benchmarks, on the real code paths (no window): one process per run, so each load starts cold in memory.
//
//   frontmap_bench events FILE        load FILE with frontmap's event reader, build the index and the GPU instances,
//                                     then time filter changes; prints key=value lines
//   frontmap_bench gdal-read FILE [--arrow]
//                                     GDAL's own read of the same file: every feature with every field and its point
//                                     (feature by feature), or the whole layer through the Arrow stream interface
//
// Memory: resident bytes (VmRSS, after malloc_trim) added by the load, the index and the instance mesh, minus the
// text pool (ids, places, sources), per event. CPU times come from CLOCK_THREAD_CPUTIME_ID (everything here runs
// on one thread), so a busy machine inflates the wall times but not these.
#include <gdal_priv.h>
#include <ogr_recordbatch.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "bench_util.h"
#include "core/error.h"
#include "core/message_log.h"
#include "geo/event_mesh.h"
#include "model/event_filter.h"
#include "model/view_state.h"
#include "render/map_scene.h"
#include "sources/event_reader.h"
#include "sources/projection.h"

using fm::bench::quantile;
using fm::bench::residentBytes;
using fm::bench::threadCpu;
using fm::bench::wallNow;

int runEventsBench(int argc, char** argv) {
    using namespace fm;
    if (argc < 1) {
        std::fprintf(stderr, "usage: frontmap_bench events FILE\n");
        return 2;
    }
    const std::string path = argv[0];
    GDALAllRegister();
    try {
        MessageLog log;
        // One-time set-up outside the measure: the actor table, PROJ's database, GDAL's drivers.
        (void)defaultActorTable();
        (void)Projection::create(ViewState().projection);
        { GDALDatasetUniquePtr warm(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY)); }
        const double rss0 = residentBytes();
        const double w0 = wallNow(), c0 = threadCpu();
        std::shared_ptr<EventLayerData> data = readEvents(path, {}, defaultActorTable(), log);
        const double w1 = wallNow(), c1 = threadCpu();
        auto index = std::make_shared<EventIndex>();
        index->build(data->store);
        const double w2 = wallNow();
        const Projection proj = Projection::create(ViewState().projection);
        std::shared_ptr<EventMesh> mesh = buildEventMesh(data->store, proj);
        const double w3 = wallNow();
        const double rss1 = residentBytes();
        const EventStore& s = data->store;
        const double n = static_cast<double>(std::max<size_t>(s.size(), 1));
        std::printf("rows=%zu skipped=%zu\n", s.size(), data->report.rowsSkipped);
        std::printf("load_wall_s=%.4f\nload_cpu_s=%.4f\nindex_s=%.4f\nmesh_s=%.4f\n", w1 - w0, c1 - c0, w2 - w1, w3 - w2);
        std::printf("resident_bytes_per_event=%.1f\n", (rss1 - rss0 - static_cast<double>(s.textBytes())) / n);
        std::printf("text_bytes_per_event=%.1f\n", static_cast<double>(s.textBytes()) / n);
        std::printf("store_hot_bytes_per_event=%zu\n", s.hotBytes());
        std::printf("mesh_bytes_per_event=%.1f\n", static_cast<double>(mesh->memoryBytes()) / n);

        // Filter changes as the viewer makes them: the scene turns the filter into the layer's EventFilter, the
        // actor sets that pass and the counts the panels show (from the index); the GPU does the per-event test.
        MapScene scene;
        scene.addEventLayer(data->title, data, index);
        scene.updateEventFilters();
        const int32_t first = s.minDay(), last = s.maxDay();
        std::vector<double> dateMs, actorMs;
        size_t shown = 0;
        for (int k = 0; k < 200; ++k) {
            // A date drag: the window moves by a few days each step.
            scene.filter.dayFrom = first + (k * 5) % std::max(1, last - first);
            scene.filter.dayTo = scene.filter.dayFrom + 240;
            scene.filter.touch();
            const double t0 = threadCpu();
            scene.updateEventFilters();
            dateMs.push_back((threadCpu() - t0) * 1000.0);
            shown += scene.eventLayers.front().counts.total;
        }
        for (int k = 0; k < 40; ++k) {
            // An actor switched off or on: counts plus the timeline's histogram (weekly bins), as the panels redo.
            if (k % 2 == 0) scene.filter.hiddenActors.insert("Ukraine");
            else scene.filter.hiddenActors.clear();
            scene.filter.touch();
            const double t0 = threadCpu();
            scene.updateEventFilters();
            EventFilter f = scene.filter.forStore(s);
            f.dayFrom = INT32_MIN;
            f.dayTo = INT32_MAX;
            const std::vector<uint32_t> h = index->histogram(s, f, first, last, 7);
            actorMs.push_back((threadCpu() - t0) * 1000.0);
            shown += h.empty() ? 0 : h[0];
        }
        std::printf("filter_date_cpu_ms_median=%.4f\nfilter_date_cpu_ms_p95=%.4f\n", quantile(dateMs, 0.5), quantile(dateMs, 0.95));
        std::printf("filter_actor_cpu_ms_median=%.4f\nfilter_actor_cpu_ms_p95=%.4f\n", quantile(actorMs, 0.5),
                    quantile(actorMs, 0.95));
        std::printf("index_cells=%zu checksum=%zu\n", index->cellCount(), shown);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "events bench: %s\n", e.what());
        return 1;
    }
    return 0;
}

int runGdalReadBench(int argc, char** argv) {
    if (argc < 1) {
        std::fprintf(stderr, "usage: frontmap_bench gdal-read FILE [--arrow]\n");
        return 2;
    }
    const std::string path = argv[0];
    const bool arrow = argc > 1 && std::strcmp(argv[1], "--arrow") == 0;
    GDALAllRegister();
    const double w0 = wallNow(), c0 = threadCpu();
    // CSV: GDAL finds the point in lon/lat columns only when told their names.
    const bool csv = path.size() > 4 && path.compare(path.size() - 4, 4, ".csv") == 0;
    const char* openOptions[] = {"X_POSSIBLE_NAMES=lon", "Y_POSSIBLE_NAMES=lat", nullptr};
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, csv ? openOptions : nullptr));
    if (!ds || ds->GetLayerCount() < 1) {
        std::fprintf(stderr, "gdal-read: cannot open %s\n", path.c_str());
        return 1;
    }
    OGRLayer* layer = ds->GetLayer(0);
    size_t rows = 0, bytes = 0;
    double sum = 0.0;
    if (arrow) {
        ArrowArrayStream stream{};
        if (!layer->GetArrowStream(&stream, nullptr)) {
            std::fprintf(stderr, "gdal-read: no Arrow stream for %s\n", path.c_str());
            return 1;
        }
        for (;;) {
            ArrowArray array{};
            if (stream.get_next(&stream, &array) != 0 || !array.release) break;
            rows += static_cast<size_t>(array.length);
            array.release(&array);
        }
        stream.release(&stream);
    } else {
        const int nf = layer->GetLayerDefn()->GetFieldCount();
        for (;;) {
            OGRFeatureUniquePtr f(layer->GetNextFeature());
            if (!f) break;
            ++rows;
            for (int i = 0; i < nf; ++i) bytes += std::strlen(f->GetFieldAsString(i));
            if (const OGRGeometry* g = f->GetGeometryRef(); g && wkbFlatten(g->getGeometryType()) == wkbPoint)
                sum += g->toPoint()->getX();
        }
    }
    std::printf("rows=%zu\nread_wall_s=%.4f\nread_cpu_s=%.4f\nchecksum=%zu %.0f\n", rows, wallNow() - w0, threadCpu() - c0,
                bytes, sum);
    return 0;
}
