// frontmap_bench: the in-process benchmarks bench/run.sh calls (see bench/README.md). One subcommand per benchmark;
// each prints its results as key=value lines (ingest: a readable summary).
#include <cstdio>
#include <cstring>

int runIngestBench(int argc, char** argv);
int runGenEvents(int argc, char** argv);
int runEventsBench(int argc, char** argv);
int runGdalReadBench(int argc, char** argv);
int runFrontlineBench(int argc, char** argv);
int runMeshBench(int argc, char** argv);

int main(int argc, char** argv) {
    struct Command {
        const char* name;
        int (*run)(int, char**);
        const char* help;
    };
    const Command commands[] = {
        {"ingest", runIngestBench, "article ingestion: throughput and the scorer's figures"},
        {"gen-events", runGenEvents, "write N synthetic events (GeoPackage + CSV) from a fixed seed"},
        {"events", runEventsBench, "load an event file, time filter changes, resident bytes per event"},
        {"gdal-read", runGdalReadBench, "GDAL's own read of a file (feature by feature, or --arrow)"},
        {"frontline", runFrontlineBench, "areas of control: load, date switch, front line, change between dates"},
        {"meshes", runMeshBench, "project + triangulate a file's layers: every level of detail vs one resolution"},
    };
    if (argc >= 2) {
        for (const Command& c : commands)
            if (std::strcmp(argv[1], c.name) == 0) return c.run(argc - 2, argv + 2);
    }
    std::fprintf(argc >= 2 && std::strcmp(argv[1], "--help") != 0 ? stderr : stdout, "usage: frontmap_bench COMMAND [ARGS]\n");
    for (const Command& c : commands) std::fprintf(stdout, "  %-11s %s\n", c.name, c.help);
    return argc >= 2 && std::strcmp(argv[1], "--help") == 0 ? 0 : 2;
}
