// Tests for src/sources/article_ingest: rows in frontmap's event schema written as GeoPackage, GeoJSON and CSV and read
// back by frontmap's own event reader with every field where it belongs; the same place on the same day from two
// articles is one event listing both sources; writes are atomic; the viewer's entry point; and bad input — invalid
// UTF-8, HTML, empty files, broken JSON lines, a single-line text of many megabytes (linear time, bounded memory).
#include "sources/article_ingest.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/message_log.h"
#include "sources/event_reader.h"

namespace fm {
namespace {

namespace fs = std::filesystem;

class TempDir {
public:
    TempDir() {
        char tmpl[] = "/tmp/fm-ingest-XXXXXX";
        m_path = ::mkdtemp(tmpl);
    }
    ~TempDir() {
        std::error_code ec;
        fs::permissions(m_path, fs::perms::owner_all, fs::perm_options::add, ec);
        fs::remove_all(m_path, ec);
    }
    std::string file(const std::string& rel, const std::string& content) const {
        const fs::path p = fs::path(m_path) / rel;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << content;
        return p.string();
    }
    std::string path(const std::string& rel) const { return (fs::path(m_path) / rel).string(); }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

// Our tables only: the same answers with or without data/.
const ArticleGeotagger& tagger() {
    static const Gazetteer g = [] {
        GazetteerOptions o;
        o.dataDir = "none";
        return Gazetteer::load(o);
    }();
    static const ActorFinder a = ActorFinder::loadDefault();
    static const ArticleGeotagger t(g, a);
    return t;
}

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Two articles about Kharkiv on the same day, one about the Kursk region.
void writeArticles(const TempDir& d) {
    d.file("in/a.txt",
           "Title: Drones hit Kharkiv\nDate: 2025-03-13\nSource: Wire One\nURL: https://one.example/a\n\n"
           "Russian drones struck Kharkiv on Wednesday, Ukrainian officials said. Moscow said the strikes hit military "
           "targets.\n");
    d.file("in/b.md", "---\ntitle: Kharkiv again\ndate: 2025-03-13\nsource: Wire Two\nurl: https://two.example/b\n---\n\n"
                      "A missile hit Kharkiv on Wednesday, killing two. Fighting continued near Sudzha in the Kursk region.\n");
}

TEST(ArticleIngest, RowsCarryTheSchemaAndMergeEventsAcrossArticles) {
    TempDir d;
    writeArticles(d);
    const IngestResult r = ingestArticles({d.path("in")}, {}, tagger());
    EXPECT_EQ(r.report.articles, 2u);
    EXPECT_TRUE(r.report.issues.empty());
    // The strikes of Wednesday, from both articles (the headlines mention Kharkiv too, on the articles' own day).
    std::vector<const IngestRow*> kharkiv;
    for (const IngestRow& row : r.rows)
        if (row.place == "Kharkiv" && formatDay(row.dayStart) == "2025-03-12") kharkiv.push_back(&row);
    ASSERT_EQ(kharkiv.size(), 2u);
    EXPECT_EQ(kharkiv[0]->eventId, kharkiv[1]->eventId);
    EXPECT_EQ(kharkiv[0]->eventId, "kharkiv.town.ua@2025-03-12");
    EXPECT_EQ(kharkiv[0]->eventArticles, 2);
    EXPECT_EQ(kharkiv[0]->eventSources, "https://one.example/a; https://two.example/b");
    EXPECT_EQ(kharkiv[0]->articleId, "a");
    EXPECT_EQ(kharkiv[1]->articleId, "b");
    EXPECT_EQ(kharkiv[0]->type, EventType::DroneMissile);
    EXPECT_EQ(kharkiv[0]->dateBasis, "text");
    EXPECT_EQ(kharkiv[0]->sourceDate, "2025-03-13");
    EXPECT_EQ(kharkiv[0]->outlet, "Wire One");
    EXPECT_EQ(kharkiv[0]->actors, (std::vector<std::string>{"Russia", "Ukraine"}));
    bool moscowGov = false, sudzha = false, kursk = false;
    for (const IngestRow& row : r.rows) {
        if (row.place == "Moscow" && row.government) moscowGov = true;
        if (row.place == "Sudzha" && row.precision == LocationPrecision::District) sudzha = true;
        if (row.place == "Kursk region" && row.precision == LocationPrecision::Region) kursk = true;
    }
    EXPECT_TRUE(moscowGov && sudzha && kursk);
    EXPECT_LT(r.report.events, r.rows.size());
}

class IngestOutput : public ::testing::TestWithParam<const char*> {};

TEST_P(IngestOutput, WrittenAndReadBackByTheEventReader) {
    TempDir d;
    writeArticles(d);
    const IngestResult r = ingestArticles({d.path("in")}, {}, tagger());
    const std::string out = d.path(std::string("events.") + GetParam());
    writeIngestRows(out, r.rows);
    MessageLog log;
    const auto layer = readEvents(out, {}, defaultActorTable(), log);
    ASSERT_TRUE(layer);
    EXPECT_EQ(layer->report.schema, EventSchema::Frontmap);
    EXPECT_EQ(layer->report.rowsSkipped, 0u);
    const EventStore& s = layer->store;
    ASSERT_EQ(s.size(), r.rows.size());
    bool found = false;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s.place(i) != "Kharkiv" || s.sourceUrl(i) != "https://one.example/a" || formatDay(s.dayStart()[i]) != "2025-03-12")
            continue;
        found = true;
        const EventRecord e = s.record(i);
        EXPECT_EQ(e.id, "kharkiv.town.ua@2025-03-12");
        EXPECT_EQ(formatDay(e.dayStart), "2025-03-12");
        EXPECT_EQ(formatDay(e.dayEnd), "2025-03-12");
        EXPECT_EQ(e.datePrecision, DatePrecision::Day);
        EXPECT_EQ(e.type, EventType::DroneMissile);
        EXPECT_EQ(e.precision, LocationPrecision::Town);
        EXPECT_NEAR(e.lon, 36.2527, 1e-3);
        EXPECT_NEAR(e.lat, 49.9808, 1e-3);
        EXPECT_EQ(e.actors, (std::vector<std::string>{"Russia", "Ukraine"}));
        EXPECT_EQ(e.sourceTitle, "Drones hit Kharkiv");
        EXPECT_EQ(e.sourceOutlet, "Wire One");
        EXPECT_EQ(e.sourceDate, "2025-03-13");
        EXPECT_EQ(e.sentence, "Russian drones struck Kharkiv on Wednesday, Ukrainian officials said.");
    }
    EXPECT_TRUE(found);
    // Sides come from the actor table.
    ASSERT_GE(s.actorIndex("Russia"), 0);
    EXPECT_EQ(s.actors()[static_cast<size_t>(s.actorIndex("Russia"))].side, Side::Russia);
}

INSTANTIATE_TEST_SUITE_P(Formats, IngestOutput, ::testing::Values("gpkg", "geojson", "csv"));

TEST(ArticleIngest, WritesAreAtomicAndFormatsChecked) {
    TempDir d;
    writeArticles(d);
    const IngestResult r = ingestArticles({d.path("in")}, {}, tagger());
    EXPECT_THROW(writeIngestRows(d.path("events.shp"), r.rows), Error);
    const std::string target = d.path("keep/events.geojson");
    d.file("keep/events.geojson", "previous content");
    fs::permissions(d.path("keep"), fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                    fs::perm_options::remove);
    if (::geteuid() != 0) {  // root writes anywhere: the failure cannot be provoked that way
        EXPECT_THROW(writeIngestRows(target, r.rows), Error);
        EXPECT_EQ(readText(target), "previous content");
    }
    fs::permissions(d.path("keep"), fs::perms::owner_all, fs::perm_options::add);
    EXPECT_THROW(writeIngestRows(d.path("no/such/folder/events.csv"), r.rows), Error);
    writeIngestRows(target, r.rows);
    EXPECT_NE(readText(target).find("\"event_id\""), std::string::npos);
    // No temporary files left beside it.
    size_t files = 0;
    for (const auto& e : fs::directory_iterator(d.path("keep"))) files += e.is_regular_file() ? 1 : 0;
    EXPECT_EQ(files, 1u);
    // Empty results still make a valid, empty layer.
    writeIngestRows(d.path("empty.gpkg"), {});
    MessageLog log;
    EXPECT_EQ(readEvents(d.path("empty.gpkg"), {}, defaultActorTable(), log)->store.size(), 0u);
}

TEST(ArticleIngest, TheViewerOpensArticlesAsAnEventLayer) {
    TempDir d;
    writeArticles(d);
    d.file("in/c.jsonl", "{\"id\":\"c1\",\"date\":\"2025-03-13\",\"text\":\"Shelling hit Kherson.\"}\nnot json at all\n");
    // The viewer's gazetteer caches under $FRONTMAP_CACHE: keep it in the test's folder.
    ::setenv("FRONTMAP_CACHE", d.path("cache").c_str(), 1);
    MessageLog log;
    const auto layer = readArticleEvents(d.path("in"), defaultActorTable(), log);
    ASSERT_TRUE(layer);
    EXPECT_EQ(layer->title, "in");
    EXPECT_GE(layer->store.size(), 6u);
    EXPECT_EQ(layer->report.rowsSkipped, 1u);
    ASSERT_FALSE(layer->report.examples.empty());
    EXPECT_EQ(layer->report.examples.front().first, 2);
    EXPECT_NE(layer->report.examples.front().second.find("c.jsonl"), std::string::npos);
    EXPECT_THROW(readArticleEvents(d.path("nothing-here"), defaultActorTable(), log), Error);
}

TEST(ArticleIngest, HostileInputIsReadSafely) {
    TempDir d;
    const char binary[] = "\x00\x01\xff\xfe Kharkiv \xc0\xaf was shelled\x00 on Monday.";
    d.file("bad/binary.txt", std::string(binary, sizeof binary - 1));
    d.file("bad/html.txt", "<p onclick=\"x\">Missiles hit <b>Odesa</b> &amp; <i>Mykolaiv</i>.</p><img src=\"file:///etc/passwd\">");
    d.file("bad/empty.txt", "");
    d.file("bad/blank.md", "\n\n   \n");
    d.file("bad/lines.jsonl", "{\"id\":1,\"text\":\"Drones hit Sumy.\"}\n{broken\n\x01\x02\n{\"id\":2,\"text\":\"Shelling in Kherson.\"}\n");
    IngestOptions opt;
    opt.read.haveDefaultDay = true;
    opt.read.defaultDay = daysFromCivil(2025, 3, 13);
    const IngestResult r = ingestArticles({d.path("bad")}, opt, tagger());
    EXPECT_EQ(r.report.articles, 4u);  // binary, html, two JSON lines
    std::vector<std::string> placesFound;
    for (const IngestRow& row : r.rows) placesFound.push_back(row.place);
    for (const char* p : {"Kharkiv", "Odesa", "Mykolaiv", "Sumy", "Kherson"})
        EXPECT_NE(std::find(placesFound.begin(), placesFound.end(), p), placesFound.end()) << p;
    for (const IngestRow& row : r.rows) {
        EXPECT_EQ(row.sentence.find('<'), std::string::npos);
        EXPECT_EQ(row.sentence.find('\0'), std::string::npos);
    }
    size_t skipped = 0;
    for (const ArticleIssue& i : r.report.issues) skipped += i.skipped ? 1 : 0;
    EXPECT_EQ(skipped, 4u);  // empty.txt, blank.md, two broken JSON lines
    const std::string summary = r.report.summary();
    EXPECT_NE(summary.find("lines.jsonl:2: not valid JSON"), std::string::npos) << summary;
    EXPECT_NE(summary.find("lines.jsonl:3: not valid JSON"), std::string::npos) << summary;
    EXPECT_NE(summary.find("empty.txt: empty text"), std::string::npos) << summary;
}

// Peak resident memory in kB, from /proc.
long peakRssKb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
    return -1;
}

double cpuSecondsToIngest(const std::string& path) {
    IngestOptions opt;
    opt.read.haveDefaultDay = true;
    opt.read.defaultDay = daysFromCivil(2025, 3, 13);
    const std::clock_t c0 = std::clock();
    const IngestResult r = ingestArticles({path}, opt, tagger());
    const double s = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    EXPECT_EQ(r.report.articles, 1u);
    EXPECT_LE(r.rows.size(), GeotagOptions{}.maxMentions);
    return s;
}

// A single line of many megabytes, made of article words with no full stop for long stretches: the time grows in
// proportion to the size (not with its square) and memory stays bounded.
TEST(ArticleIngest, HugeSingleLineIsLinearAndBounded) {
    TempDir d;
    const std::string words = "Russian forces advanced near Pokrovsk while drones hit Kharkiv and the Kursk region "
                              "Moscow said Kyiv rejected talks on Wednesday police said a nice gesture mobile units ";
    auto make = [&](const std::string& name, size_t bytes) {
        std::string s;
        s.reserve(bytes + words.size());
        size_t k = 0;
        while (s.size() < bytes) {
            s += words;
            if (++k % 50 == 0) s += ". ";  // a sentence end now and then, so sentences vary
        }
        return d.file(name, s);
    };
    const std::string small = make("small.txt", size_t(1) << 20);
    const std::string big = make("big.txt", size_t(20) << 20);
    const long before = peakRssKb();
    const double tSmall = cpuSecondsToIngest(small);
    const double tBig = cpuSecondsToIngest(big);
    const long after = peakRssKb();
    std::printf("[ info ] 1 MiB: %.2f s CPU, 20 MiB: %.2f s CPU, peak RSS +%ld MiB\n", tSmall, tBig, (after - before) / 1024);
    // Linear: 20x the text, about 20x the time; quadratic would be 400x. Generous for busy machines.
    EXPECT_LT(tBig, 60.0 * std::max(tSmall, 0.05));
    EXPECT_LT(tBig, 90.0);
    // Bounded: the text itself (a few copies at most), not a structure per word.
    if (before > 0 && after > 0) {
        EXPECT_LT(after - before, 400L * 1024);
    }
}

}  // namespace
}  // namespace fm
