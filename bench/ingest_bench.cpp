// Article ingestion benchmark: geotagging throughput on one core, gazetteer load time, and the quality figures of the
// labelled articles (tests/data/articles) and of the real example article when it is present.
//
//   frontmap_bench ingest [--articles DIR] [--count N] [--words W] [--data DIR|none] [--real FILE] [--seed S]
//
// Throughput: N (default 2000) synthetic articles of about W (default 400) words, each made by shuffling the
// paragraphs and sentences of the labelled articles (so the mix of names, dates and traps is theirs), analysed one
// after the other on one thread with ArticleIngester (recognition, resolution, dates, actors, types and the rows);
// reading files and writing the output are not included. Reported per CPU second (the process's CPU time) and per
// wall second (which a busy machine inflates).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "sources/actor_finder.h"
#include "sources/article_geotagger.h"
#include "sources/article_ingest.h"
#include "sources/article_reader.h"
#include "sources/article_scoring.h"
#include "sources/article_text.h"
#include "sources/gazetteer.h"

namespace {

double cpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

double median(std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

size_t wordCount(const std::string& s) {
    size_t n = 0;
    bool in = false;
    for (char c : s) {
        const bool space = c == ' ' || c == '\n' || c == '\t';
        if (!space && !in) ++n;
        in = !space;
    }
    return n;
}

}  // namespace

int runIngestBench(int argc, char** argv) {
    using namespace fm;
    namespace fs = std::filesystem;
#ifdef FRONTMAP_SOURCE_DIR
    std::string articlesDir = std::string(FRONTMAP_SOURCE_DIR) + "/tests/data/articles";
    std::string realArticle = std::string(FRONTMAP_SOURCE_DIR) + "/../shared/articles/ceasefire_kursk_2025-03.txt";
#else
    std::string articlesDir = "tests/data/articles";
    std::string realArticle;
#endif
    size_t count = 2000, words = 400;
    unsigned seed = 7;
    GazetteerOptions gopt;
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
        if (a == "--articles") articlesDir = next();
        else if (a == "--count") count = static_cast<size_t>(std::atol(next().c_str()));
        else if (a == "--words") words = static_cast<size_t>(std::atol(next().c_str()));
        else if (a == "--data") gopt.dataDir = next();
        else if (a == "--real") realArticle = next();
        else if (a == "--seed") seed = static_cast<unsigned>(std::atol(next().c_str()));
        else if (a == "--help" || a == "-h") {
            std::printf("usage: frontmap_bench ingest [--articles DIR] [--count N] [--words W] [--data DIR|none] [--real FILE] [--seed S]\n");
            return 0;
        } else {
            std::fprintf(stderr, "ingest bench: unknown argument %s\n", a.c_str());
            return 2;
        }
    }
    try {
        // Gazetteer: built from GeoNames into the cache once, then loaded from it (the normal case).
        std::vector<double> loads;
        Gazetteer gaz;
        for (int r = 0; r < 5; ++r) {
            const auto t0 = std::chrono::steady_clock::now();
            gaz = Gazetteer::load(gopt);
            loads.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
        GazetteerOptions noCache = gopt;
        noCache.cacheDir = "none";
        const auto tb = std::chrono::steady_clock::now();
        const Gazetteer built = Gazetteer::load(noCache);
        const double buildSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - tb).count();
        std::printf("gazetteer: %zu places, %zu names; GeoNames part: %s\n", gaz.size(), gaz.nameCount(), gaz.info().geonames.c_str());
        std::printf("gazetteer load (cached), median of %zu: %.1f ms (min %.1f)\n", loads.size(), median(loads) * 1000.0,
                    *std::min_element(loads.begin(), loads.end()) * 1000.0);
        std::printf("gazetteer build from the sources (no cache): %.1f ms\n", buildSeconds * 1000.0);

        const ActorFinder actors = ActorFinder::loadDefault();
        const ArticleGeotagger tagger(gaz, actors);

        // Quality on the labelled set (and on the real article when present).
        std::vector<ArticleIssue> issues;
        const std::vector<Article> labelled = readArticles({articlesDir}, ArticleReadOptions{}, issues);
        if (labelled.empty()) throw Error(articlesDir, "no labelled articles found");
        const IngestResult labelledResult = ingestArticleList(labelled, tagger);
        const std::vector<GoldArticle> gold = loadGoldLabels(articlesDir + "/labels.json");
        std::printf("\nquality, %zu labelled articles (%s):\n%s", gold.size(), articlesDir.c_str(),
                    scoreIngest(gold, labelledResult).summary().c_str());
        std::error_code ec;
        if (!realArticle.empty() && fs::exists(realArticle, ec)) {
            ArticleReadOptions ro;
            ro.haveDefaultDay = true;
            ro.defaultDay = daysFromCivil(2025, 3, 13);
            std::vector<ArticleIssue> ri;
            const IngestResult real = ingestArticleList(readArticles({realArticle}, ro, ri), tagger);
            GoldArticle g;
            g.id = fs::path(realArticle).stem().string();
            g.places = {{"Kursk region", 35.984, 51.679, "region"},
                        {"Moscow", 37.6156, 55.7522, "town"},
                        {"Chechnya", 45.725, 43.248, "region"},
                        {"Donbas", 38.4, 48.4, "region"}};
            g.actors = {"Russia", "Ukraine", "United States", "Vladimir Putin", "Donald Trump", "Marco Rubio",
                        "Volodymyr Zelensky", "Oleksandr Syrskyi", "Andriy Yermak"};
            std::printf("\nquality, real article %s:\n%s", realArticle.c_str(), scoreIngest({g}, real).summary().c_str());
        }

        // Synthetic articles: shuffled paragraphs (sentences when a paragraph would overshoot) of the labelled ones.
        std::vector<std::string> pieces;
        for (const Article& a : labelled) {
            size_t pos = 0;
            const std::string& t = a.text;
            while (pos < t.size()) {
                size_t e = t.find("\n\n", pos);
                if (e == std::string::npos) e = t.size();
                std::string para = t.substr(pos, e - pos);
                if (wordCount(para) > 5) pieces.push_back(para);
                pos = e + 2;
            }
        }
        std::mt19937 rng(seed);
        std::vector<Article> synth;
        synth.reserve(count);
        size_t totalWords = 0;
        for (size_t k = 0; k < count; ++k) {
            const Article& base = labelled[rng() % labelled.size()];
            Article a;
            a.id = "synthetic-" + std::to_string(k);
            a.title = base.title;
            a.dayStart = base.dayStart;
            a.dayEnd = base.dayEnd;
            a.datePrecision = DatePrecision::Day;
            a.dateBasis = DateBasis::Article;
            a.url = base.url;
            size_t w = 0;
            while (w < words) {
                const std::string& p = pieces[rng() % pieces.size()];
                a.text += p;
                a.text += "\n\n";
                w += wordCount(p);
            }
            totalWords += w;
            synth.push_back(std::move(a));
        }
        // One thread, one article after another, as the command line does.
        ArticleIngester warm(tagger);
        for (size_t k = 0; k < std::min<size_t>(50, synth.size()); ++k) warm.add(synth[k]);
        std::vector<double> cpuRates, wallRates;
        size_t rows = 0;
        for (int run = 0; run < 3; ++run) {
            ArticleIngester ing(tagger);
            const double c0 = cpuSeconds();
            const auto w0 = std::chrono::steady_clock::now();
            for (const Article& a : synth) ing.add(a);
            const IngestResult r = ing.finish();
            const double cpu = cpuSeconds() - c0;
            const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
            rows = r.rows.size();
            cpuRates.push_back(static_cast<double>(synth.size()) / std::max(cpu, 1e-9));
            wallRates.push_back(static_cast<double>(synth.size()) / std::max(wall, 1e-9));
        }
        std::printf("\nthroughput: %zu synthetic articles, %.0f words each on average, %zu rows\n", synth.size(),
                    static_cast<double>(totalWords) / static_cast<double>(synth.size()), rows);
        std::printf("articles per CPU second (one thread), median of 3: %.0f (min %.0f, max %.0f)\n", median(cpuRates),
                    *std::min_element(cpuRates.begin(), cpuRates.end()), *std::max_element(cpuRates.begin(), cpuRates.end()));
        std::printf("articles per wall second, median of 3: %.0f\n", median(wallRates));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ingest bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
