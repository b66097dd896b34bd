// libFuzzer target: article ingestion past the reader — the geotagger with its gazetteer, actor finder and date
// resolution, then event ids and the report (src/sources/article_ingest.h, article_geotagger.h, gazetteer.h,
// actor_finder.h, article_dates.h).
//
// The gazetteer is built here from our own tables (assets/gazetteer/) plus a few hand-made namesakes as GeoNames
// would add them (a second Pokrovsk, Police, Nice, a town called Chechnya), so the target needs no data/ and
// exercises ambiguity, aliases, regions that need context and capitals standing for governments.
//
// Input: the first byte picks the article's date basis (bits 0-1: a dated header line, --date, or none) and its
// precision (bit 2: a month instead of a day); bit 3 sends the rest through parseArticleFile as a .txt file (so a
// "Title:"/"Date:" header in the input is honoured) instead of straight to the ingester as title + body split at the
// first newline. Checks: every row names a gazetteer entry and a finite WGS 84 position, its dates are in order and
// written ISO dates parse back, its sentence and mention are valid UTF-8 without NUL, event ids are set, rows of
// one event share place, role and dates, and findDateExpressions on the same text gives ordered ranges.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "sources/actor_finder.h"
#include "sources/article_dates.h"
#include "sources/article_geotagger.h"
#include "sources/article_ingest.h"
#include "sources/article_reader.h"
#include "sources/gazetteer.h"

namespace {

std::string readTable(const std::string& name) {
    std::ifstream in(std::string(FRONTMAP_SOURCE_DIR) + "/assets/gazetteer/" + name, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "article_ingest_fuzzer: cannot read assets/gazetteer/%s\n", name.c_str());
        std::abort();
    }
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

fm::GazetteerEntry town(const char* name, const char* cc, const char* admin1, double lon, double lat, uint32_t pop) {
    fm::GazetteerEntry e;
    e.name = name;
    e.kind = fm::PlaceKind::Town;
    e.country = cc;
    e.admin1 = admin1;
    e.lon = lon;
    e.lat = lat;
    e.population = pop;
    return e;
}

const fm::Gazetteer& gazetteer() {
    static const fm::Gazetteer g = [] {
        fm::Gazetteer t;
        t.loadCountriesTsv(readTable("countries.tsv"));
        t.loadPlacesTsv(readTable("places.tsv"));
        // GeoNames-like namesakes: the recogniser must choose between them.
        t.add(town("Pokrovsk", "RU", "63", 129.1386, 61.4792, 9000));
        t.add(town("Police", "PL", "87", 14.5718, 53.5521, 33000));
        t.add(town("Nice", "FR", "93", 7.2661, 43.7031, 340000));
        t.add(town("Split", "HR", "15", 16.4392, 43.5089, 176000));
        t.add(town("Chechnya", "UA", "05", 37.6247, 48.7534, 0));
        t.add(town("Myrnohrad", "UA", "05", 37.2651, 48.3099, 46000));
        t.add(town("Bolshoye Soldatskoye", "RU", "41", 35.5, 51.3, 5000));
        fm::GazetteerEntry kursk;  // a region entry next to the curated one, as admin1.json gives it
        kursk.name = "Kursk Oblast";
        kursk.kind = fm::PlaceKind::Region;
        kursk.country = "RU";
        kursk.admin1 = "41";
        kursk.lon = 36.0;
        kursk.lat = 51.6;
        kursk.radiusKm = 120.f;
        const uint32_t k = t.add(kursk, true);
        t.addName("Kursk", k, true);
        t.loadAliasesTsv(readTable("aliases.tsv"));
        t.loadWordList(readTable("common_words.txt"), false);
        t.loadWordList(readTable("not_places.txt"), true);
        t.finalize();
        return t;
    }();
    return g;
}

const fm::ArticleGeotagger& tagger() {
    static const fm::ActorFinder actors = fm::ActorFinder::loadDefault();
    static const fm::ArticleGeotagger t(gazetteer(), actors, fm::GeotagOptions{2000});
    return t;
}

bool validUtf8NoNul(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == 0) return false;
        size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        if (len == 0 || i + len > s.size()) return false;
        for (size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += len;
    }
    return true;
}

void check(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "article_ingest_fuzzer: %s\n", what);
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const uint8_t flags = data[0];
    const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
    const fm::Gazetteer& gaz = gazetteer();
    const int32_t day = fm::daysFromCivil(2025, 3, 13);

    std::vector<fm::Article> articles;
    std::vector<fm::ArticleIssue> issues;
    if (flags & 8) {
        fm::ArticleReadOptions options;
        options.maxArticleBytes = 16384;
        if (flags & 1) {
            options.haveDefaultDay = true;
            options.defaultDay = day;
        }
        articles = fm::parseArticleFile(bytes, "fuzz.txt", options, issues);
    } else {
        // Straight to the ingester, as the app's paste box does after cleaning.
        fm::Article a;
        a.id = "fuzz";
        a.file = "fuzz";
        const size_t nl = bytes.find('\n');
        a.title = fm::cleanUtf8Text(bytes.substr(0, nl == std::string_view::npos ? 0 : nl));
        a.text = fm::cleanUtf8Text(nl == std::string_view::npos ? bytes : bytes.substr(nl + 1));
        switch (flags & 3) {
            case 0: a.dateBasis = fm::DateBasis::Article; break;
            case 1: a.dateBasis = fm::DateBasis::Option; break;
            case 2: a.dateBasis = fm::DateBasis::FileTime; break;
            default: a.dateBasis = fm::DateBasis::None; break;
        }
        a.dayStart = (flags & 4) ? fm::daysFromCivil(2025, 3, 1) : day;
        a.dayEnd = day;
        a.datePrecision = a.dateBasis == fm::DateBasis::FileTime ? fm::DatePrecision::Unknown
                          : (flags & 4)                          ? fm::DatePrecision::Month
                                                                 : fm::DatePrecision::Day;
        articles.push_back(std::move(a));
    }

    fm::ArticleIngester ingester(tagger());
    ingester.addIssues(issues);
    for (const fm::Article& a : articles) ingester.add(a);
    fm::IngestResult result = ingester.finish();

    check(result.report.articles == articles.size(), "report counts a different number of articles");
    check(result.report.rows == result.rows.size(), "report counts a different number of rows");
    std::map<std::string, const fm::IngestRow*> events;  // rows of one event share place, role and dates
    for (const fm::IngestRow& r : result.rows) {
        check(r.entry < gaz.size(), "row names no gazetteer entry");
        check(std::isfinite(r.lon) && std::isfinite(r.lat) && std::fabs(r.lon) <= 180.0 && std::fabs(r.lat) <= 90.0,
              "row position is not a WGS 84 position");
        check(r.dayStart <= r.dayEnd, "row dates out of order");
        fm::ParsedDate back;
        std::string why;
        check(fm::parseDate(fm::formatDay(r.dayStart), back, why) && back.first == r.dayStart,
              "row start date does not write and read back");
        check(fm::parseDate(fm::formatDay(r.dayEnd), back, why) && back.first == r.dayEnd,
              "row end date does not write and read back");
        check(!r.eventId.empty(), "row without an event id");
        check(r.eventArticles >= 1, "event with no article");
        check(!r.place.empty() && !r.mention.empty(), "row without a place or mention");
        check(validUtf8NoNul(r.sentence) && validUtf8NoNul(r.mention) && validUtf8NoNul(r.title),
              "row text is not clean UTF-8");
        const fm::IngestRow*& first = events[r.eventId];
        if (!first) first = &r;
        check(first->entry == r.entry && first->government == r.government && first->dayStart == r.dayStart &&
                  first->dayEnd == r.dayEnd,
              "one event id for rows of different places or dates");
    }
    (void)fm::formatIngestReport(result, gaz);
    (void)result.report.summary();

    // Date expressions over the same text, against a day early in year 1 and one late in 9999 as well: ranges stay
    // ordered and inside the calendar.
    for (const fm::Article& a : articles) {
        const std::string_view text = std::string_view(a.text).substr(0, 4096);
        for (const int32_t base : {day, fm::daysFromCivil(1, 1, 2), fm::daysFromCivil(9999, 12, 30)})
            for (const fm::DateExpression& d : fm::findDateExpressions(text, base)) {
                check(d.dayStart <= d.dayEnd, "date expression out of order");
                check(d.firstToken <= d.lastToken, "date expression tokens out of order");
            }
    }
    return 0;
}
