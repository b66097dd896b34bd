// Articles → geotagged event rows: the library call behind `frontmap ingest` and behind opening article files in the
// viewer.
//
// One row per place mention per article (the same place in one sentence counts once), in frontmap's event schema:
//   article_id, event_id, place, place_role (location | government), mention (as written), country (ISO alpha-2),
//   precision (exact | town | district | region | country), date, date_end (YYYY-MM-DD), date_precision
//   (day | week | month | year | unknown), date_basis (text | article | option | file_mtime), actors (canonical names,
//   ';'-separated), type (battle | strike | drone_missile | visit | talks | statement | mention), sentence, title, url,
//   source_outlet, source_date, event_sources, event_articles; point geometry in WGS 84 (CSV: lon, lat columns).
// Rows with the same place, role and dates share an event_id, across articles: the same place on the same day from
// several articles is one event, and event_sources lists every article's URL (or id).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/job.h"
#include "core/message_log.h"
#include "model/event_store.h"
#include "sources/article_geotagger.h"
#include "sources/article_reader.h"
#include "sources/event_reader.h"

namespace fm {

struct IngestOptions {
    ArticleReadOptions read;
    GeotagOptions geotag;
};

struct IngestRow {
    std::string articleId;
    std::string eventId;
    std::string place;
    bool government = false;  // place_role
    std::string mention;
    std::string country;
    LocationPrecision precision = LocationPrecision::Town;
    double lon = 0.0, lat = 0.0;
    int32_t dayStart = 0, dayEnd = 0;
    DatePrecision datePrecision = DatePrecision::Day;
    std::string dateBasis;  // "text", "article", "option", "file_mtime"
    std::vector<std::string> actors;
    EventType type = EventType::Mention;
    std::string sentence, title, url, outlet, sourceDate;
    std::string eventSources;
    int eventArticles = 1;
    uint32_t entry = 0;  // gazetteer entry (not written)
};

struct IngestArticleSummary {
    std::string id, title, file;
    long long line = 0;
    int32_t dayStart = 0, dayEnd = 0;
    DateBasis dateBasis = DateBasis::None;
    std::vector<std::string> actors;  // every actor of the article
    size_t rows = 0;
    size_t sentences = 0;
};

struct IngestReport {
    size_t articles = 0;
    size_t rows = 0;
    size_t events = 0;
    size_t mentionsDropped = 0;
    size_t datedByOption = 0;
    size_t datedByFileTime = 0;
    std::vector<ArticleIssue> issues;
    std::vector<IngestArticleSummary> perArticle;
    double seconds = 0.0;
    // A few lines: counts, dates taken from --date or file times, issues (file, line, why).
    std::string summary() const;
};

struct IngestResult {
    std::vector<IngestRow> rows;
    IngestReport report;
};

// Collects rows article by article; finish() gives them event ids.
class ArticleIngester {
public:
    explicit ArticleIngester(const ArticleGeotagger& tagger) : m_tagger(tagger) {}
    void add(const Article& article);
    void addIssues(const std::vector<ArticleIssue>& issues);
    IngestResult finish();

private:
    const ArticleGeotagger& m_tagger;
    IngestResult m_result;
};

// Reads and geotags every article of `inputs` (files or folders). Bad files and lines are issues in the report;
// nothing here throws for them. Throws fm::Cancelled when `job` is cancelled.
IngestResult ingestArticles(const std::vector<std::string>& inputs, const IngestOptions& options,
                            const ArticleGeotagger& tagger, Job* job = nullptr);
IngestResult ingestArticleList(const std::vector<Article>& articles, const ArticleGeotagger& tagger);

// Gives rows with the same place, role and dates one event id and lists the event's sources.
void assignEventIds(std::vector<IngestRow>& rows, const Gazetteer& gazetteer);

// Writes rows as GeoPackage (.gpkg), GeoJSON (.geojson, .json) or CSV (.csv), chosen by the extension, atomically
// (built in memory, then written to a temporary file in the target's folder and renamed over it). Throws fm::Error
// naming `path` for an unknown extension or a write failure; a previous file at `path` is then intact.
void writeIngestRows(const std::string& path, const std::vector<IngestRow>& rows);

// A row as the event store's record (event_id as id, title/url as the source).
EventRecord toEventRecord(const IngestRow& row);

// Per-article text of what was found (the --report output).
std::string formatIngestReport(const IngestResult& result, const Gazetteer& gazetteer);

// For the viewer: articles at `path` (a file or folder) as an event layer, geotagged with the default gazetteer and
// actor finder. Bad lines are counted as skipped rows with their line numbers, like any event file. Throws fm::Error
// when nothing at `path` can be read as articles.
std::shared_ptr<EventLayerData> readArticleEvents(const std::string& path, const ActorTable& actors, MessageLog& log,
                                                  Job* job = nullptr, const IngestOptions& options = {});

}  // namespace fm
