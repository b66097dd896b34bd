#include "sources/article_ingest.h"

#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <tuple>

#include "core/atomic_file.h"
#include "core/error.h"
#include "sources/article_text.h"
#include "sources/vector_reader.h"

namespace fm {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::string joinActors(const std::vector<std::string>& a) {
    std::string s;
    for (const std::string& x : a) {
        if (!s.empty()) s += ";";
        s += x;
    }
    return s;
}

std::string displayName(const GazetteerEntry& e) {
    if (e.kind == PlaceKind::Region && e.curated) return e.name + " region";
    return e.name;
}

std::string slug(const std::string& name) {
    std::string k = normalizeKey(name);
    for (char& c : k)
        if (c == ' ') c = '-';
    return k;
}

}  // namespace

void ArticleIngester::add(const Article& a) {
    const Gazetteer& gaz = m_tagger.gazetteer();
    int32_t d0 = a.dayStart, d1 = a.dayEnd;
    DatePrecision p = a.datePrecision;
    if (a.dateBasis == DateBasis::None) {
        // No date at all (text given without a file): today, honestly marked as unknown.
        const auto now = std::chrono::system_clock::now().time_since_epoch();
        d0 = d1 = static_cast<int32_t>(std::chrono::duration_cast<std::chrono::hours>(now).count() / 24);
        p = DatePrecision::Unknown;
    }
    const ArticleAnalysis an = m_tagger.analyze(a.title, a.text, d0, std::max(d0, d1), p);
    IngestReport& rep = m_result.report;
    ++rep.articles;
    if (a.dateBasis == DateBasis::Option) ++rep.datedByOption;
    if (a.dateBasis == DateBasis::FileTime || a.dateBasis == DateBasis::None) ++rep.datedByFileTime;
    rep.mentionsDropped += an.mentionsDropped;
    IngestArticleSummary sum;
    sum.id = a.id;
    sum.title = a.title;
    sum.file = a.file;
    sum.line = a.line;
    sum.dayStart = d0;
    sum.dayEnd = std::max(d0, d1);
    sum.dateBasis = a.dateBasis;
    sum.actors = an.actors;
    sum.sentences = an.sentenceCount;
    for (const PlaceMention& m : an.places) {
        const GazetteerEntry& e = gaz.entry(m.entry);
        IngestRow r;
        r.articleId = a.id;
        r.place = displayName(e);
        r.government = m.government;
        r.mention = m.text;
        r.country = e.country;
        r.precision = m.precision;
        r.lon = e.lon;
        r.lat = e.lat;
        r.dayStart = m.dayStart;
        r.dayEnd = m.dayEnd;
        r.datePrecision = m.datePrecision;
        r.dateBasis = m.dateFromText ? "text" : dateBasisName(a.dateBasis);
        r.actors = m.actors;
        r.type = m.type;
        r.sentence = an.sentences[m.sentence];
        r.title = a.title;
        r.url = a.url;
        r.outlet = a.outlet;
        if (a.dateBasis == DateBasis::Article) r.sourceDate = formatDay(a.dayStart);
        r.entry = m.entry;
        m_result.rows.push_back(std::move(r));
        ++sum.rows;
    }
    rep.perArticle.push_back(std::move(sum));
}

void ArticleIngester::addIssues(const std::vector<ArticleIssue>& issues) {
    m_result.report.issues.insert(m_result.report.issues.end(), issues.begin(), issues.end());
}

IngestResult ArticleIngester::finish() {
    // Article ids must tell articles apart: a second "report" becomes "report#2".
    std::map<std::string, int> idCount;
    std::map<std::string, std::string> renamed;
    for (IngestArticleSummary& s : m_result.report.perArticle) {
        const int k = ++idCount[s.id];
        if (k > 1) {
            const std::string fresh = s.id + "#" + std::to_string(k);
            renamed[s.file + "\n" + std::to_string(s.line)] = fresh;
            s.id = fresh;
        }
    }
    if (!renamed.empty()) {
        // Rows were added in article order; walk both lists together.
        size_t row = 0;
        for (const IngestArticleSummary& s : m_result.report.perArticle) {
            for (size_t k = 0; k < s.rows && row < m_result.rows.size(); ++k, ++row) m_result.rows[row].articleId = s.id;
        }
    }
    assignEventIds(m_result.rows, m_tagger.gazetteer());
    std::set<std::string> events;
    for (const IngestRow& r : m_result.rows) events.insert(r.eventId);
    m_result.report.rows = m_result.rows.size();
    m_result.report.events = events.size();
    return std::move(m_result);
}

void assignEventIds(std::vector<IngestRow>& rows, const Gazetteer& gazetteer) {
    using Key = std::tuple<uint32_t, bool, int32_t, int32_t>;
    std::map<Key, std::vector<size_t>> groups;
    for (size_t i = 0; i < rows.size(); ++i) groups[Key{rows[i].entry, rows[i].government, rows[i].dayStart, rows[i].dayEnd}].push_back(i);
    for (auto& [key, members] : groups) {
        const IngestRow& r0 = rows[members.front()];
        const GazetteerEntry* e = std::get<0>(key) < gazetteer.size() ? &gazetteer.entry(std::get<0>(key)) : nullptr;
        std::string id = slug(e ? e->name : r0.place);
        id += "." + std::string(e ? placeKindName(e->kind) : "place");
        if (!r0.country.empty()) id += "." + lower(r0.country);
        if (e && !e->curated) {
            char buf[64];
            if (e->geonameId) std::snprintf(buf, sizeof buf, "~%lld", static_cast<long long>(e->geonameId));
            else std::snprintf(buf, sizeof buf, "~%.2f,%.2f", e->lat, e->lon);
            id += buf;
        }
        if (std::get<1>(key)) id += ".gov";
        id += "@" + formatDay(std::get<2>(key));
        if (std::get<3>(key) != std::get<2>(key)) id += ".." + formatDay(std::get<3>(key));
        std::vector<std::string> sources;
        std::set<std::string> articles;
        for (size_t i : members) {
            const std::string src = rows[i].url.empty() ? rows[i].articleId : rows[i].url;
            if (std::find(sources.begin(), sources.end(), src) == sources.end()) sources.push_back(src);
            articles.insert(rows[i].articleId);
        }
        std::string list;
        for (const std::string& s : sources) list += (list.empty() ? "" : "; ") + s;
        for (size_t i : members) {
            rows[i].eventId = id;
            rows[i].eventSources = list;
            rows[i].eventArticles = static_cast<int>(articles.size());
        }
    }
}

IngestResult ingestArticles(const std::vector<std::string>& inputs, const IngestOptions& options, const ArticleGeotagger& tagger,
                            Job* job) {
    const auto t0 = std::chrono::steady_clock::now();
    ArticleIngester ing(tagger);
    std::vector<ArticleIssue> issues;
    forEachArticle(inputs, options.read, [&](Article&& a) { ing.add(a); }, issues, job);
    ing.addIssues(issues);
    IngestResult r = ing.finish();
    r.report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

IngestResult ingestArticleList(const std::vector<Article>& articles, const ArticleGeotagger& tagger) {
    const auto t0 = std::chrono::steady_clock::now();
    ArticleIngester ing(tagger);
    for (const Article& a : articles) ing.add(a);
    IngestResult r = ing.finish();
    r.report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

std::string IngestReport::summary() const {
    std::string s = std::to_string(articles) + " article(s): " + std::to_string(rows) + " place mention(s), " +
                    std::to_string(events) + " event(s)";
    char buf[64];
    std::snprintf(buf, sizeof buf, " in %.2f s", seconds);
    s += buf;
    s += "\n";
    if (datedByOption) s += std::to_string(datedByOption) + " article(s) without a date took --date's day (date_basis=option)\n";
    if (datedByFileTime)
        s += std::to_string(datedByFileTime) +
             " article(s) without a date took their file's modification day (date_basis=file_mtime, date_precision=unknown); "
             "give --date to set it\n";
    if (mentionsDropped) s += std::to_string(mentionsDropped) + " mention(s) left out past the per-article limit\n";
    size_t skipped = 0, warnings = 0;
    for (const ArticleIssue& i : issues) (i.skipped ? skipped : warnings)++;
    if (!issues.empty()) {
        s += std::to_string(skipped) + " skipped, " + std::to_string(warnings) + " warning(s):\n";
        size_t shown = 0;
        for (const ArticleIssue& i : issues) {
            if (++shown > 50) {
                s += "  … and " + std::to_string(issues.size() - 50) + " more\n";
                break;
            }
            s += "  " + i.text() + "\n";
        }
    }
    return s;
}

std::string formatIngestReport(const IngestResult& result, const Gazetteer& gaz) {
    std::string s;
    size_t row = 0;
    for (const IngestArticleSummary& a : result.report.perArticle) {
        s += "[" + a.id + "] " + (a.title.empty() ? std::string("(no title)") : a.title) + "\n";
        s += "  from " + a.file + (a.line ? ":" + std::to_string(a.line) : std::string()) + "; dated " + formatDay(a.dayStart);
        if (a.dayEnd != a.dayStart) s += ".." + formatDay(a.dayEnd);
        switch (a.dateBasis) {
            case DateBasis::Article: s += " (the article's date)"; break;
            case DateBasis::Option: s += " (from --date: the article has no date)"; break;
            case DateBasis::FileTime: s += " (the file's modification day: the article has no date; give --date)"; break;
            case DateBasis::None: s += " (unknown)"; break;
        }
        s += "\n  actors: ";
        for (size_t i = 0; i < a.actors.size(); ++i) s += (i ? ", " : "") + a.actors[i];
        if (a.actors.empty()) s += "none";
        s += "\n";
        // Places: one line per place and role, with counts, types and dates.
        struct Agg {
            const IngestRow* first = nullptr;
            int count = 0;
            std::set<std::string> types, dates, mentions;
        };
        std::vector<std::pair<std::string, Agg>> places;
        for (size_t k = 0; k < a.rows && row < result.rows.size(); ++k, ++row) {
            const IngestRow& r = result.rows[row];
            const std::string key = r.place + (r.government ? " (government)" : "") + "|" + locationPrecisionName(r.precision);
            auto it = std::find_if(places.begin(), places.end(), [&](const auto& p) { return p.first == key; });
            if (it == places.end()) {
                places.push_back({key, Agg{}});
                it = places.end() - 1;
            }
            Agg& g = it->second;
            if (!g.first) g.first = &r;
            ++g.count;
            g.types.insert(eventTypeName(r.type));
            g.dates.insert(formatDay(r.dayStart) + (r.dayEnd != r.dayStart ? ".." + formatDay(r.dayEnd) : std::string()));
            g.mentions.insert(r.mention);
        }
        if (places.empty()) s += "  places: none\n";
        for (const auto& [key, g] : places) {
            const IngestRow& r = *g.first;
            const GazetteerEntry& e = gaz.entry(r.entry);
            char pos[64];
            std::snprintf(pos, sizeof pos, "%.4f %.4f", r.lat, r.lon);
            s += "  " + r.place + (r.government ? " [capital for its government]" : "") + " — " +
                 locationPrecisionName(r.precision) + ", " + (r.country.empty() ? std::string("-") : r.country) + ", " + pos +
                 (e.curated ? ", our table" : ", GeoNames") + "; ×" + std::to_string(g.count) + "; ";
            bool first = true;
            for (const std::string& t : g.types) s += (first ? "" : "/") + t, first = false;
            s += "; ";
            first = true;
            for (const std::string& d : g.dates) s += (first ? "" : ", ") + d, first = false;
            s += "; as \"";
            first = true;
            for (const std::string& m : g.mentions) s += (first ? "" : "\", \"") + m, first = false;
            s += "\"\n";
        }
    }
    return s;
}

EventRecord toEventRecord(const IngestRow& r) {
    EventRecord e;
    e.id = r.eventId;
    e.dayStart = r.dayStart;
    e.dayEnd = r.dayEnd;
    e.datePrecision = r.datePrecision;
    e.actors = r.actors;
    e.type = r.type;
    e.place = r.place;
    e.lon = r.lon;
    e.lat = r.lat;
    e.precision = r.precision;
    e.sourceTitle = r.title;
    e.sourceOutlet = r.outlet;
    e.sourceUrl = r.url;
    e.sourceDate = r.sourceDate;
    e.sentence = r.sentence;
    e.rawType = r.government ? "government" : "location";
    return e;
}

void writeIngestRows(const std::string& path, const std::vector<IngestRow>& rows) {
    const std::string ext = lower(fs::path(path).extension().string());
    const char* driverName = ext == ".gpkg" ? "GPKG" : (ext == ".geojson" || ext == ".json") ? "GeoJSON" : ext == ".csv" ? "CSV" : nullptr;
    if (!driverName) throw Error(path, "unknown output format '" + ext + "' (use .gpkg, .geojson or .csv)");
    initGdal();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driverName);
    if (!driver) throw Error(path, std::string("GDAL has no ") + driverName + " driver");
    static std::atomic<unsigned> counter{0};
    const std::string mem = "/vsimem/frontmap_ingest_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ext;
    const bool csv = ext == ".csv";
    {
        GDALDatasetUniquePtr ds(driver->Create(mem.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) throw Error(path, std::string("cannot create: ") + CPLGetLastErrorMsg());
        OGRSpatialReference srs;
        srs.SetWellKnownGeogCS("WGS84");
        srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        const char* geojsonOptions[] = {"RFC7946=YES", "COORDINATE_PRECISION=6", nullptr};
        OGRLayer* layer = ds->CreateLayer("events", csv ? nullptr : &srs, csv ? wkbNone : wkbPoint,
                                          ext == ".geojson" || ext == ".json" ? const_cast<char**>(geojsonOptions) : nullptr);
        if (!layer) throw Error(path, std::string("cannot create the layer: ") + CPLGetLastErrorMsg());
        const char* textFields[] = {"article_id", "event_id", "place", "place_role", "mention", "country", "precision",
                                    "date", "date_end", "date_precision", "date_basis", "actors", "type", "sentence", "title",
                                    "url", "source_outlet", "source_date", "event_sources"};
        for (const char* name : textFields) {
            OGRFieldDefn f(name, OFTString);
            if (layer->CreateField(&f) != OGRERR_NONE) throw Error(path, std::string("cannot create field ") + name);
        }
        OGRFieldDefn count("event_articles", OFTInteger);
        layer->CreateField(&count);
        if (csv) {
            OGRFieldDefn lon("lon", OFTReal), lat("lat", OFTReal);
            layer->CreateField(&lon);
            layer->CreateField(&lat);
        }
        const bool tx = ds->StartTransaction() == OGRERR_NONE;
        for (const IngestRow& r : rows) {
            OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
            f->SetField("article_id", r.articleId.c_str());
            f->SetField("event_id", r.eventId.c_str());
            f->SetField("place", r.place.c_str());
            f->SetField("place_role", r.government ? "government" : "location");
            f->SetField("mention", r.mention.c_str());
            f->SetField("country", r.country.c_str());
            f->SetField("precision", locationPrecisionName(r.precision));
            f->SetField("date", formatDay(r.dayStart).c_str());
            f->SetField("date_end", formatDay(r.dayEnd).c_str());
            f->SetField("date_precision", datePrecisionName(r.datePrecision));
            f->SetField("date_basis", r.dateBasis.c_str());
            f->SetField("actors", joinActors(r.actors).c_str());
            f->SetField("type", eventTypeName(r.type));
            f->SetField("sentence", r.sentence.c_str());
            f->SetField("title", r.title.c_str());
            f->SetField("url", r.url.c_str());
            f->SetField("source_outlet", r.outlet.c_str());
            f->SetField("source_date", r.sourceDate.c_str());
            f->SetField("event_sources", r.eventSources.c_str());
            f->SetField("event_articles", r.eventArticles);
            if (csv) {
                f->SetField("lon", r.lon);
                f->SetField("lat", r.lat);
            } else {
                OGRPoint pt(r.lon, r.lat);
                f->SetGeometry(&pt);
            }
            if (layer->CreateFeature(f.get()) != OGRERR_NONE) throw Error(path, std::string("cannot write a row: ") + CPLGetLastErrorMsg());
        }
        if (tx && ds->CommitTransaction() != OGRERR_NONE) throw Error(path, std::string("cannot write: ") + CPLGetLastErrorMsg());
    }
    vsi_l_offset len = 0;
    GByte* bytes = VSIGetMemFileBuffer(mem.c_str(), &len, FALSE);
    if (!bytes) {
        VSIUnlink(mem.c_str());
        throw Error(path, "the output was not produced");
    }
    try {
        writeFileAtomically(path, bytes, static_cast<size_t>(len));
    } catch (...) {
        VSIUnlink(mem.c_str());
        throw;
    }
    VSIUnlink(mem.c_str());
}

std::shared_ptr<EventLayerData> readArticleEvents(const std::string& path, const ActorTable& actors, MessageLog& log, Job* job,
                                                  const IngestOptions& options) {
    const ArticleGeotagger tagger(defaultGazetteer(), defaultActorFinder(), options.geotag);
    const IngestResult r = ingestArticles({path}, options, tagger, job);
    if (r.report.articles == 0) {
        std::string why = "no articles could be read";
        if (!r.report.issues.empty()) why += " (" + r.report.issues.front().reason + ")";
        throw Error(path, why);
    }
    auto out = std::make_shared<EventLayerData>();
    out->title = fs::path(path).filename().string();
    EventReadReport& rep = out->report;
    rep.source = path;
    rep.layer = "articles";
    rep.schema = EventSchema::Frontmap;
    out->store.reserve(r.rows.size());
    for (const IngestRow& row : r.rows) out->store.add(toEventRecord(row), actors);
    rep.rowsRead = r.rows.size();
    for (const ArticleIssue& i : r.report.issues) {
        if (!i.skipped) continue;
        ++rep.rowsRead;
        ++rep.rowsSkipped;
        std::string reason = i.reason.substr(0, i.reason.find(" ("));
        ++rep.skipReasons[reason];
        if (rep.examples.size() < 20) rep.examples.emplace_back(i.line, (i.file != path ? i.file + ": " : std::string()) + i.reason);
    }
    for (const ArticleIssue& i : r.report.issues) (i.skipped ? log.warning(path, i.text()) : log.info(path, i.text()));
    log.info(path, r.report.summary());
    return out;
}

}  // namespace fm
