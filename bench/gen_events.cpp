// Synthetic events for the benchmarks: N events in frontmap's own schema, the same rows written as a GeoPackage
// (point geometry, EPSG:4326) and as a CSV (lon/lat columns), from a fixed seed so that every run and every peer
// reads the same data.
//
//   frontmap_bench gen-events --count N --out PREFIX [--seed S]      → PREFIX.gpkg (layer "events"), PREFIX.csv
//
// Positions are clustered around places where fighting was reported (Pokrovsk, Bakhmut, Avdiivka, Kupiansk, the
// Zaporizhzhia and Kherson fronts, Vovchansk, the Kursk salient, …) with a thin scatter over eastern Ukraine and the
// Russian border regions. Dates run from 2022-02-24 to 2025-12-31 (the Kursk cluster from 2024-08-06 to
// 2025-04-30); one event in ten lasts 2–7 days. Actors: Russia, Ukraine, both, a few others. The `side` column is
// the side of the first actor as frontmap resolves it, so that other renderers can colour by it. Dates are text
// (YYYY-MM-DD) in both files: Mapnik's OGR input drops GeoPackage Date fields.
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/atomic_file.h"
#include "core/date.h"

namespace {

// SplitMix64: a small generator whose output is the same on every platform and standard library.
struct Rng {
    uint64_t s;
    uint64_t next() {
        uint64_t z = (s += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
    double normal() {  // Box–Muller
        const double u = std::max(uniform(), 1e-300), v = uniform();
        return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
    }
};

struct Cluster {
    const char* place;
    double lon, lat, sigma, weight;
    bool kursk;
};

const Cluster kClusters[] = {
    {"Pokrovsk", 37.18, 48.28, 0.22, 3.0, false},    {"Bakhmut", 38.00, 48.59, 0.18, 2.0, false},
    {"Avdiivka", 37.75, 48.14, 0.14, 2.0, false},    {"Toretsk", 37.85, 48.40, 0.12, 1.0, false},
    {"Kupiansk", 37.62, 49.71, 0.22, 1.5, false},    {"Lyman", 37.80, 48.99, 0.18, 1.0, false},
    {"Vovchansk", 36.94, 50.29, 0.16, 1.0, false},   {"Robotyne", 35.85, 47.45, 0.28, 1.5, false},
    {"Kherson", 32.90, 46.70, 0.30, 1.0, false},     {"Vuhledar", 37.25, 47.78, 0.15, 1.0, false},
    {"Sudzha", 35.27, 51.19, 0.18, 2.0, true},       {"Kursk", 36.19, 51.73, 0.30, 0.5, true},
    {"Belgorod", 36.59, 50.60, 0.20, 0.5, false},    {"Kharkiv", 36.25, 50.00, 0.15, 0.8, false},
};

struct ActorChoice {
    const char* actors;
    const char* side;  // the side of the first actor (assets/actors.tsv)
    double weight;
};
const ActorChoice kActors[] = {
    {"Russia", "Russia", 0.42},           {"Ukraine", "Ukraine", 0.38},       {"Russia;Ukraine", "Russia", 0.08},
    {"Ukraine;Russia", "Ukraine", 0.06},  {"United States", "United States", 0.03}, {"Belarus", "Other", 0.03},
};

struct TypeChoice {
    const char* type;
    double weight;
};
const TypeChoice kTypes[] = {{"battle", 0.40}, {"strike", 0.28}, {"drone_missile", 0.22}, {"statement", 0.05}, {"other", 0.05}};

template <class T>
const T& pick(Rng& r, const T* items, size_t n) {
    double total = 0;
    for (size_t i = 0; i < n; ++i) total += items[i].weight;
    double x = r.uniform() * total;
    for (size_t i = 0; i < n; ++i) {
        if (x < items[i].weight) return items[i];
        x -= items[i].weight;
    }
    return items[n - 1];
}

struct Row {
    double lon, lat;
    int32_t day0, day1;
    const char* actors;
    const char* side;
    const char* type;
    const char* place;
    const char* precision;
};

Row makeRow(Rng& r) {
    static const int32_t warStart = fm::daysFromCivil(2022, 2, 24), warEnd = fm::daysFromCivil(2025, 12, 31);
    static const int32_t kurskStart = fm::daysFromCivil(2024, 8, 6), kurskEnd = fm::daysFromCivil(2025, 4, 30);
    Row row{};
    if (r.uniform() < 0.05) {  // the thin scatter
        row.lon = 31.0 + r.uniform() * 9.0;
        row.lat = 46.0 + r.uniform() * 6.0;
        row.place = "";
        row.day0 = warStart + static_cast<int32_t>(r.uniform() * (warEnd - warStart + 1));
    } else {
        const Cluster& c = pick(r, kClusters, sizeof kClusters / sizeof kClusters[0]);
        row.lon = c.lon + r.normal() * c.sigma * 1.4;  // wider east–west, as the front runs
        row.lat = c.lat + r.normal() * c.sigma;
        row.place = c.place;
        const int32_t a = c.kursk ? kurskStart : warStart, b = c.kursk ? kurskEnd : warEnd;
        row.day0 = a + static_cast<int32_t>(r.uniform() * (b - a + 1));
    }
    row.day1 = r.uniform() < 0.1 ? row.day0 + 1 + static_cast<int32_t>(r.uniform() * 6) : row.day0;
    const ActorChoice& ac = pick(r, kActors, sizeof kActors / sizeof kActors[0]);
    row.actors = ac.actors;
    row.side = ac.side;
    row.type = pick(r, kTypes, sizeof kTypes / sizeof kTypes[0]).type;
    row.precision = r.uniform() < 0.6 ? "exact" : "town";
    return row;
}

}  // namespace

int runGenEvents(int argc, char** argv) {
    namespace fs = std::filesystem;
    long long count = 0;
    uint64_t seed = 20240806;
    std::string prefix;
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
        if (a == "--count") count = std::atoll(next().c_str());
        else if (a == "--seed") seed = std::strtoull(next().c_str(), nullptr, 10);
        else if (a == "--out") prefix = next();
        else {
            std::fprintf(stderr, "gen-events: unknown argument %s\nusage: frontmap_bench gen-events --count N --out PREFIX [--seed S]\n",
                         a.c_str());
            return 2;
        }
    }
    if (count <= 0 || prefix.empty()) {
        std::fprintf(stderr, "usage: frontmap_bench gen-events --count N --out PREFIX [--seed S]\n");
        return 2;
    }
    // Both files from the same sequence: generate once, keep the rows (40 bytes each; 40 MB at 1M).
    Rng rng{seed};
    std::vector<Row> rows;
    rows.reserve(static_cast<size_t>(count));
    for (long long i = 0; i < count; ++i) rows.push_back(makeRow(rng));

    // CSV: written whole, then renamed into place.
    std::string csv = "id,date_start,date_end,actors,side,type,place,precision,lon,lat\n";
    csv.reserve(static_cast<size_t>(count) * 90);
    char line[256];
    for (size_t i = 0; i < rows.size(); ++i) {
        const Row& r = rows[i];
        std::snprintf(line, sizeof line, "ev%07zu,%s,%s,%s,%s,%s,%s,%s,%.5f,%.5f\n", i, fm::formatDay(r.day0).c_str(),
                      fm::formatDay(r.day1).c_str(), r.actors, r.side, r.type, r.place, r.precision, r.lon, r.lat);
        csv += line;
    }
    try {
        fm::writeFileAtomically(prefix + ".csv", csv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "gen-events: %s\n", e.what());
        return 1;
    }

    // GeoPackage through GDAL, in one transaction, to a temporary name.
    GDALAllRegister();
    const std::string tmp = prefix + ".tmp.gpkg";
    std::error_code ec;
    fs::remove(tmp, ec);
    GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!drv) {
        std::fprintf(stderr, "gen-events: GDAL has no GPKG driver\n");
        return 1;
    }
    GDALDataset* ds = drv->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    if (!ds) {
        std::fprintf(stderr, "gen-events: cannot create %s\n", tmp.c_str());
        return 1;
    }
    OGRSpatialReference wgs;
    wgs.importFromEPSG(4326);
    wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer* layer = ds->CreateLayer("events", &wgs, wkbPoint, nullptr);
    const char* fields[] = {"id", "date_start", "date_end", "actors", "side", "type", "place", "precision"};
    for (const char* f : fields) {
        OGRFieldDefn fd(f, OFTString);
        layer->CreateField(&fd);
    }
    bool ok = layer != nullptr && ds->StartTransaction() == OGRERR_NONE;
    for (size_t i = 0; ok && i < rows.size(); ++i) {
        const Row& r = rows[i];
        OGRFeature f(layer->GetLayerDefn());
        char id[32];
        std::snprintf(id, sizeof id, "ev%07zu", i);
        f.SetField(0, id);
        f.SetField(1, fm::formatDay(r.day0).c_str());
        f.SetField(2, fm::formatDay(r.day1).c_str());
        f.SetField(3, r.actors);
        f.SetField(4, r.side);
        f.SetField(5, r.type);
        f.SetField(6, r.place);
        f.SetField(7, r.precision);
        // Rounded like the CSV, so both files hold the same positions.
        f.SetGeometry(std::make_unique<OGRPoint>(std::round(r.lon * 1e5) / 1e5, std::round(r.lat * 1e5) / 1e5).get());
        ok = layer->CreateFeature(&f) == OGRERR_NONE;
    }
    ok = ok && ds->CommitTransaction() == OGRERR_NONE;
    GDALClose(ds);
    if (!ok) {
        fs::remove(tmp, ec);
        std::fprintf(stderr, "gen-events: writing %s failed: %s\n", tmp.c_str(), CPLGetLastErrorMsg());
        return 1;
    }
    fs::rename(tmp, prefix + ".gpkg", ec);
    if (ec) {
        std::fprintf(stderr, "gen-events: cannot rename %s: %s\n", tmp.c_str(), ec.message().c_str());
        return 1;
    }
    std::printf("wrote %lld events to %s.gpkg and %s.csv (seed %llu)\n", count, prefix.c_str(), prefix.c_str(),
                static_cast<unsigned long long>(seed));
    return 0;
}
