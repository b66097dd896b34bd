// Projection and triangulation of vector layers: what the viewer does for every level of detail, against what an
// export at one resolution needs (ProjectOptions::onlyUnitsPerPixel).
//
//   frontmap_bench meshes FILE [UNITS_PER_PIXEL]
//
// Reads every layer of FILE (e.g. world-atlas countries-10m.json: countries and land), then for each layer builds the
// mesh in the default LCC both ways and prints the CPU time of each (key=value lines, seconds), summed over layers.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench_util.h"
#include "core/message_log.h"
#include "model/view_state.h"
#include "render/map_scene.h"
#include "sources/vector_reader.h"

int runMeshBench(int argc, char** argv) {
    using namespace fm;
    if (argc < 1) {
        std::fprintf(stderr, "usage: frontmap_bench meshes FILE [UNITS_PER_PIXEL]\n");
        return 2;
    }
    // Default: the 3840x2160 snapshot of the benchmark scene (about 430 m per pixel in LCC).
    const double upp = argc > 1 ? std::atof(argv[1]) : 430.0;
    try {
        MessageLog log;
        const auto layers = readVectorSource(argv[0], log);
        const Projection proj = Projection::create(ViewState().projection);
        double allCpu = 0, oneCpu = 0;
        size_t allVerts = 0, oneVerts = 0;
        for (const auto& l : layers) {
            ProjectOptions all;
            double c0 = bench::threadCpu();
            const MeshResult a = buildSceneMesh(*l, LayerStyle{}, proj, all);
            allCpu += bench::threadCpu() - c0;
            ProjectOptions one;
            one.onlyUnitsPerPixel = upp;
            c0 = bench::threadCpu();
            const MeshResult b = buildSceneMesh(*l, LayerStyle{}, proj, one);
            oneCpu += bench::threadCpu() - c0;
            allVerts += a.mesh->lineVertices.size() / 3;
            oneVerts += b.mesh->lineVertices.size() / 3;
        }
        std::printf("layers=%zu units_per_pixel=%.1f\n", layers.size(), upp);
        std::printf("all_levels_cpu_s=%.4f\none_level_cpu_s=%.4f\n", allCpu, oneCpu);
        std::printf("full_vertices=%zu drawn_vertices=%zu\n", allVerts, oneVerts);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "meshes bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
