#include "app/ingest_command.h"

#include <cstdio>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "sources/actor_finder.h"
#include "sources/article_geotagger.h"
#include "sources/article_ingest.h"
#include "sources/article_scoring.h"
#include "sources/gazetteer.h"

namespace fm {

namespace {

void usage(FILE* out) {
    std::fprintf(out,
                 "usage: frontmap ingest ARTICLES... -o OUT [--date YYYY-MM-DD] [--gazetteer DIR] [--data DIR|none]\n"
                 "                       [--actors FILE]... [--report] [--score LABELS.json]\n"
                 "Turns news articles into geotagged events: every place an article mentions, with its position and\n"
                 "precision, date, actors and event type, one row per mention, in frontmap's event schema.\n"
                 "  ARTICLES          .txt / .md files (optional Title:, Date:, Source:, URL: lines, then a blank line),\n"
                 "                    .jsonl files of {\"id\",\"title\",\"date\",\"source\",\"url\",\"text\"}, or folders of them\n"
                 "  -o, --output OUT  .gpkg, .geojson or .csv (by extension); written atomically\n"
                 "  --date D          the date of articles that have none (default: the file's modification day,\n"
                 "                    marked date_basis=file_mtime, date_precision=unknown)\n"
                 "  --gazetteer DIR   gazetteer tables (places.tsv, aliases.tsv, …) that replace assets/gazetteer's\n"
                 "  --data DIR        the GeoNames data folder (default: data/); 'none' for our tables only\n"
                 "  --actors FILE     more actors (alias, canonical name, side, person|group; tab-separated)\n"
                 "  --report          print what was found in each article\n"
                 "  --score LABELS    compare with hand labels (JSON) and print precision, recall and F1\n"
                 "Exit status: 0 written, 1 nothing readable or the output could not be written, 2 usage error.\n");
}

}  // namespace

int runIngestCommand(int argc, char** argv) {
    std::vector<std::string> inputs, actorFiles;
    std::string output, labels;
    bool report = false;
    IngestOptions options;
    GazetteerOptions gopt;
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](const char* name) -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "frontmap ingest: %s needs a value\n", name);
                return nullptr;
            }
            return argv[++i];
        };
        if (a == "--help" || a == "-h") {
            usage(stdout);
            return 0;
        } else if (a == "-o" || a == "--output") {
            const char* v = value("-o");
            if (!v) return 2;
            output = v;
        } else if (a == "--date") {
            const char* v = value("--date");
            if (!v) return 2;
            ParsedDate d;
            std::string why;
            if (!parseDate(v, d, why) || d.precision != DatePrecision::Day) {
                std::fprintf(stderr, "frontmap ingest: --date must be a day (YYYY-MM-DD): %s\n", v);
                return 2;
            }
            options.read.haveDefaultDay = true;
            options.read.defaultDay = d.first;
        } else if (a == "--gazetteer") {
            const char* v = value("--gazetteer");
            if (!v) return 2;
            gopt.overrideDir = v;
        } else if (a == "--data") {
            const char* v = value("--data");
            if (!v) return 2;
            gopt.dataDir = v;
        } else if (a == "--actors") {
            const char* v = value("--actors");
            if (!v) return 2;
            actorFiles.push_back(v);
        } else if (a == "--report") {
            report = true;
        } else if (a == "--score") {
            const char* v = value("--score");
            if (!v) return 2;
            labels = v;
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "frontmap ingest: unknown option %s\n", a.c_str());
            usage(stderr);
            return 2;
        } else {
            inputs.push_back(a);
        }
    }
    if (inputs.empty() || (output.empty() && labels.empty())) {
        std::fprintf(stderr, "frontmap ingest: %s\n", inputs.empty() ? "no ARTICLES given" : "no output given (-o OUT)");
        usage(stderr);
        return 2;
    }
    try {
        const Gazetteer gaz = Gazetteer::load(gopt);
        const ActorFinder actors = ActorFinder::loadDefault(actorFiles);
        const ArticleGeotagger tagger(gaz, actors, options.geotag);
        const IngestResult result = ingestArticles(inputs, options, tagger);
        std::fprintf(stderr, "%s\n", gaz.info().summary().c_str());
        for (const std::string& n : gaz.info().notes) std::fprintf(stderr, "  %s\n", n.c_str());
        std::fprintf(stderr, "%s", result.report.summary().c_str());
        if (report) std::fputs(formatIngestReport(result, gaz).c_str(), stdout);
        if (result.report.articles == 0) {
            std::fprintf(stderr, "frontmap ingest: no article could be read\n");
            return 1;
        }
        if (!output.empty()) {
            writeIngestRows(output, result.rows);
            std::fprintf(stderr, "wrote %zu row(s) to %s\n", result.rows.size(), output.c_str());
        }
        if (!labels.empty()) {
            const QualityScore q = scoreIngest(loadGoldLabels(labels), result);
            std::printf("%s", q.summary().c_str());
            for (const std::string& e : q.errors) std::printf("  %s\n", e.c_str());
        }
    } catch (const Error& e) {
        std::fprintf(stderr, "frontmap ingest: %s\n", e.what());
        return 1;
    }
    return 0;
}

}  // namespace fm
