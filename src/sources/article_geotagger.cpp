#include "sources/article_geotagger.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <map>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "sources/article_dates.h"
#include "sources/article_text.h"

namespace fm {

namespace {

// Article-wide word memories stop growing here: a pathological text cannot make them unbounded.
constexpr size_t kMaxRemembered = 200000;
// An event word further than this (in tokens, after penalties) from a place does not type it.
constexpr float kMaxKeywordDistance = 12.0f;
// A date expression further than this (in tokens) from a place does not date it.
constexpr uint32_t kMaxDateDistance = 16;

// A fixed set of words, looked up by hash: the recogniser asks "is this word one of …" many times per name.
class WordSet {
public:
    WordSet(std::initializer_list<const char*> words) {
        for (const char* w : words) m_words.insert(std::string_view(w));
    }
    bool has(std::string_view w) const { return m_words.count(w) != 0; }

private:
    std::unordered_set<std::string_view> m_words;
};

}  // namespace

// FM_ANY_OF(word, "a", "b", …): membership in a set built once per call site.
#define FM_ANY_OF(word, ...) ([](std::string_view w_) { static const WordSet set_{__VA_ARGS__}; return set_.has(w_); }(word))

namespace {

struct Keyword {
    EventType type;
    float penalty;
    bool attack = false;  // "attack(ed)": a ground assault where the sentence is about troops, else a strike
};

uint64_t wordHash(std::string_view s) {
    uint64_t h = 1469598103934665603ull;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}

// Keys are string literals, so views into them live for the program.
const std::unordered_map<std::string_view, Keyword>& keywords() {
    static const std::unordered_map<std::string_view, Keyword> table = [] {
        std::unordered_map<std::string_view, Keyword> t;
        auto add = [&](EventType type, float penalty, std::initializer_list<const char*> words) {
            for (const char* w : words) t.emplace(w, Keyword{type, penalty});
        };
        add(EventType::DroneMissile, 0.f,
            {"drone", "drones", "uav", "uavs", "shahed", "shaheds", "missile", "missiles", "ballistic", "rocket", "rockets",
             "iskander", "iskanders", "kinzhal", "kalibr", "oreshnik", "geran", "kamikaze", "loitering", "intercepted",
             "interceptors", "quadcopter", "quadcopters"});
        add(EventType::Strike, 0.f,
            {"shelled", "shelling", "shells", "strike", "strikes", "struck", "striking", "airstrike", "airstrikes", "bombed",
             "bombing", "bombings", "bombs", "bomb", "bombardment", "bombarded", "artillery", "barrage", "pounded", "hit", "hits",
             "explosion", "explosions", "blast", "blasts", "targeted", "glide", "mortar", "mortars", "fire", "fired"});
        for (const char* w : {"attacked", "attack", "attacks", "attacking"}) t.emplace(w, Keyword{EventType::Strike, 0.f, true});
        add(EventType::Strike, 2.f, {"killed", "wounded", "injured", "casualties", "damaged", "destroyed"});
        add(EventType::Battle, 0.f,
            {"advance", "advanced", "advancing", "advances", "advancements", "capture", "captured", "captures", "capturing",
             "seize", "seized", "seizing", "retake", "retook", "retaken", "retaking", "recapture", "recaptured", "recapturing",
             "push", "pushed", "pushing", "liberate", "liberated", "liberation", "liberating", "regain", "regained", "regaining",
             "encircle", "encircled", "encirclement", "assault", "assaults", "offensive", "counteroffensive", "fighting",
             "fought", "fight", "battle", "battles", "battleground", "battlefield", "clashes", "clashed", "clash", "withdraw",
             "withdrew", "withdrawn", "withdrawal", "withdrawing", "retreat", "retreated", "retreating", "retreats", "repelled",
             "repel", "repelling", "stormed", "storming", "incursion", "incursions", "breakthrough", "besieged", "siege",
             "surrounded", "infiltrated", "overran", "gains", "counterattack", "counterattacks", "offensives", "taken", "fell",
             "fall", "entered", "entering"});
        add(EventType::Visit, 0.f,
            {"visit", "visited", "visiting", "visits", "toured", "tour", "trip", "arrived", "arrival", "travelled", "traveled",
             "appearance", "inspected", "heading", "headed", "flew"});
        add(EventType::Talks, 0.5f,
            {"talks", "negotiation", "negotiations", "negotiate", "negotiated", "negotiating", "negotiators", "meet", "met",
             "meeting", "meetings", "summit", "ceasefire", "truce", "agreement", "delegation", "delegations", "diplomat",
             "diplomats", "diplomatic", "envoy", "envoys", "emissaries", "mediation", "mediated", "consultations", "hosted",
             "peace", "memorandum", "deal"});
        add(EventType::Statement, 2.f,
            {"said", "says", "say", "warned", "warns", "announced", "announces", "claimed", "claims", "stated", "told",
             "declared", "declares", "accused", "accuses", "denied", "denies", "insisted", "insists", "reported", "confirmed",
             "rejected", "urged", "vowed", "promised", "threatened", "statement", "statements", "emphasized", "emphasised",
             "according", "stressed", "declares", "remarks", "speech"});
        return t;
    }();
    return table;
}

constexpr uint8_t kMilitaryWord = 1, kReportingWord = 2;

uint8_t wordClass(std::string_view k) {
    static const std::unordered_map<std::string_view, uint8_t> table = [] {
        std::unordered_map<std::string_view, uint8_t> t;
        for (const char* w : {"troops", "command", "post", "front", "frontline", "soldiers", "units", "forces", "military",
                              "resistance", "losses", "fighting", "positions", "brigade", "brigades", "offensive", "incursion",
                              "army", "battle", "battleground", "battlefield", "assault", "assaults", "advances", "retreats",
                              "operation"})
            t[w] |= kMilitaryWord;
        for (const char* w : {"said", "says", "told", "announced", "reported", "claimed", "stated", "wrote", "added", "warned",
                              "insisted", "confirmed", "according", "called", "urged"})
            t[w] |= kReportingWord;
        return t;
    }();
    auto it = table.find(k);
    return it == table.end() ? 0 : it->second;
}

int typePriority(EventType t) {
    switch (t) {
        case EventType::DroneMissile: return 0;
        case EventType::Strike: return 1;
        case EventType::Battle: return 2;
        case EventType::Visit: return 3;
        case EventType::Talks: return 4;
        case EventType::Statement: return 5;
        default: return 6;
    }
}

bool isRegionWord(std::string_view k) {
    return FM_ANY_OF(k, "region", "regions", "oblast", "oblasts", "province", "provinces", "krai", "kray", "republic", "governorate",
                  "front");
}
bool isDistrictWord(std::string_view k) {
    return FM_ANY_OF(k, "district", "districts", "raion", "rayon", "area", "direction", "axis", "sector", "outskirts", "suburbs",
                  "environs");
}
bool isTitleWord(std::string_view k) {
    return FM_ANY_OF(k, "president", "governor", "gen", "general", "mr", "mrs", "ms", "dr", "commander", "minister", "secretary",
                  "senator", "sen", "mayor", "chief", "colonel", "col", "lt", "lieutenant", "admiral", "adm", "sergeant", "sgt",
                  "captain", "capt", "chancellor", "premier", "spokesman", "spokeswoman", "spokesperson", "envoy", "aide",
                  "adviser", "advisor", "ambassador", "pope", "king", "queen", "prince", "patriarch", "marshal", "rep",
                  "representative", "speaker", "director", "head", "deputy", "analyst", "blogger", "correspondent", "journalist");
}

struct Candidate {
    uint32_t sentence = 0;  // index into the kept sentence texts
    uint32_t sentenceNo = 0;  // index among all sentences of the article (for first-mention order)
    uint32_t first = 0, last = 0;  // tokens of the name
    uint32_t textFirst = 0, textLast = 0;  // tokens of the text kept (with "region", "near", …)
    std::string key;
    std::string text;
    std::vector<GazetteerName> options;
    bool regionCtx = false, districtCtx = false, townCue = false, nearCue = false, pluralRegion = false, pluralDistrict = false;
    bool initial = false, titleCase = false, allCaps = false, locative = false, countryLocative = false;
    bool govCue = false, personLike = false, military = false, regionListPrefix = false, theBefore = false;
    bool adjectival = false, riverLike = false;
    bool speakerPlace = false;  // "officials in Paris said": where someone spoke, not where something happened
    bool unitName = false;      // "the Dnepr group of forces", "the Azov brigade": a unit, not a place
    bool governorOf = false;    // "Saratov's governor", "Kursk governor": the region
    int container = -1;         // "Belaya in the Irkutsk region": the candidate naming the region it lies in
    EventType type = EventType::Mention;
    EventType govType = EventType::Statement;
    int32_t dayStart = 0, dayEnd = 0;
    DatePrecision datePrecision = DatePrecision::Day;
    bool dateFromText = false;
    // Resolution.
    bool accepted = false;
    int chosen = -1;
};

struct ActorHit {
    uint32_t pos;
    std::string name;
};

struct KeptSentence {
    std::string text;
    uint32_t sentenceNo;
    std::vector<ActorHit> actors;
};

}  // namespace

ArticleGeotagger::ArticleGeotagger(const Gazetteer& gazetteer, const ActorFinder& actors, GeotagOptions options)
    : m_gaz(gazetteer), m_actors(actors), m_options(options) {}

ArticleAnalysis ArticleGeotagger::analyze(std::string_view title, std::string_view body, int32_t dayStart, int32_t dayEnd,
                                          DatePrecision basePrecision) const {
    ArticleAnalysis out;
    std::vector<Candidate> cands;
    std::vector<KeptSentence> kept;
    // Words seen in lower case and words that are parts of people's names, by hash (no allocation per word).
    std::unordered_set<uint64_t> lowerSeen, personKeys;
    std::map<std::string, std::pair<uint64_t, uint64_t>> actorFirst;  // name → (order of first mention)
    auto noteActor = [&](const std::string& name, uint32_t sentenceNo, uint32_t pos) {
        const std::pair<uint64_t, uint64_t> at{sentenceNo, pos};
        auto it = actorFirst.find(name);
        if (it == actorFirst.end()) actorFirst.emplace(name, at);
        else if (at < it->second) it->second = at;
    };

    TokenizedSentence ts;
    std::vector<uint8_t> claimed, personTok;
    std::vector<ActorFinder::Match> matches;
    std::vector<DateExpression> dates;
    std::vector<std::pair<uint32_t, Keyword>> kws;
    std::vector<uint32_t> reporting;
    std::vector<ActorHit> hits;
    std::vector<std::string> spanKeys;
    const auto& kwTable = keywords();
    const bool unknownBase = basePrecision == DatePrecision::Unknown;
    uint32_t sentenceNo = 0;
    const size_t capCandidates = m_options.maxMentions + m_options.maxMentions / 2;
    size_t overflow = 0;

    auto processSentence = [&](std::string_view sentence, bool isTitle) {
        const uint32_t sno = sentenceNo++;
        tokenizeSentence(sentence, ts);
        const size_t n = ts.size();
        if (n == 0) return;
        claimed.assign(n, 0);
        personTok.assign(n, 0);
        hits.clear();
        // A headline: the title, or a short line without a full stop (a heading) written in title case.
        const char lastChar = sentence.empty() ? '.' : sentence.back();
        const bool heading = n <= 25 && lastChar != '.' && lastChar != '!' && lastChar != '?' && lastChar != '"' && lastChar != ':';
        const bool titleCase = isTitleCase(ts) && (isTitle || heading);
        auto key = [&](size_t k) -> std::string_view { return k < n ? ts.key(k) : std::string_view(); };
        auto cap = [&](size_t k) { return k < n && (ts.tokens[k].has(kTokCap) || ts.tokens[k].has(kTokAllCaps)); };
        auto possessiveAt = [&](size_t k) { return k < n && ts.tokens[k].has(kTokPossessive); };
        for (size_t k = 0; k < n; ++k)
            if (ts.tokens[k].has(kTokWord) && !ts.tokens[k].has(kTokCap) && lowerSeen.size() < kMaxRemembered)
                lowerSeen.insert(wordHash(ts.key(k)));

        // A. People, and actor names that are not also place names ("the Kremlin", "Russian forces").
        for (size_t i = 0; i < n;) {
            const ActorFinder::Match m = m_actors.matchAt(ts, i, &claimed);
            if (!m.count) {
                ++i;
                continue;
            }
            const ActorInfo& info = m_actors.actor(m.actor);
            std::string spanKey;
            for (size_t k = i; k < i + m.count; ++k) {
                if (k > i) spanKey.push_back(' ');
                spanKey.append(ts.key(k));
            }
            bool placeName = false;
            if (const auto* names = m_gaz.find(spanKey))
                for (const GazetteerName& g : *names)
                    if (!g.needsContext && m_gaz.entry(g.entry).kind != PlaceKind::Ignore) placeName = true;
            if (info.person || !placeName) {
                for (size_t k = i; k < i + m.count; ++k) {
                    claimed[k] = 1;
                    if (info.person) {
                        personTok[k] = 1;
                        if (personKeys.size() < kMaxRemembered) personKeys.insert(wordHash(ts.key(k)));
                    }
                }
                hits.push_back({static_cast<uint32_t>(i), info.name});
                i += m.count;
            } else {
                ++i;
            }
        }
        // People by their title: "Governor Alexander Khinshtein", "Gen. Valery Gerasimov".
        for (size_t i = 0; i + 1 < n; ++i) {
            if (!isTitleWord(key(i))) continue;
            size_t j = i + 1;
            if (key(i) == "prime" && key(j) == "minister") ++j;
            for (size_t c = 0; c < 3 && j < n; ++c, ++j) {
                if (claimed[j] && !personTok[j]) break;
                if (!cap(j) || m_gaz.isCommonWord(std::string(key(j))) || m_gaz.isBlocked(std::string(key(j)))) break;
                if (isTitleWord(key(j))) break;
                claimed[j] = 1;
                personTok[j] = 1;
                if (personKeys.size() < kMaxRemembered) personKeys.insert(wordHash(key(j)));
                if (ts.tokens[j].after != ' ') {
                    ++j;
                    break;
                }
            }
        }
        // A first name right before a known surname: "Yevgeny Prigozhin" when only "Prigozhin" is in the table.
        for (size_t i = n - 1; i-- > 0;) {
            if (!personTok[i + 1] || claimed[i] || !cap(i) || ts.tokens[i].after != ' ') continue;
            const std::string k(key(i));
            if (m_gaz.isCommonWord(k) || m_gaz.isBlocked(k)) continue;
            claimed[i] = 1;
            personTok[i] = 1;
        }

        // B. Place names: the longest gazetteer name at each capitalised token.
        const size_t firstCand = cands.size();
        const size_t maxTok = std::max<size_t>(1, m_gaz.maxNameTokens());
        for (size_t i = 0; i < n;) {
            if (claimed[i] || !ts.tokens[i].has(kTokWord) || !cap(i)) {
                ++i;
                continue;
            }
            const size_t longest = std::min(maxTok, m_gaz.maxTokensStartingWith(key(i)));
            if (longest == 0) {  // no name starts with this word
                ++i;
                continue;
            }
            size_t avail = 1;
            while (avail < longest && i + avail < n && !claimed[i + avail]) {
                const Token& prev = ts.tokens[i + avail - 1];
                if (!(prev.after == ' ' || prev.after == '-' || (prev.after == '.' && key(i + avail - 1) == "st"))) break;
                ++avail;
            }
            spanKeys.resize(avail);
            for (size_t l = 0; l < avail; ++l) {
                std::string& sk = spanKeys[l];
                if (l == 0) {
                    sk.assign(key(i));
                } else {
                    sk.assign(spanKeys[l - 1]);
                    sk.push_back(' ');
                    sk.append(key(i + l));
                }
            }
            size_t len = 0;
            const std::vector<GazetteerName>* names = nullptr;
            bool blocked = false;
            for (size_t l = avail; l >= 1; --l) {
                if (m_gaz.isBlocked(spanKeys[l - 1])) {
                    len = l;
                    blocked = true;
                    break;
                }
                if ((names = m_gaz.find(spanKeys[l - 1]))) {
                    len = l;
                    break;
                }
            }
            if (len == 0) {
                ++i;
                continue;
            }
            if (blocked) {
                for (size_t k = i; k < i + len; ++k) claimed[k] = 3;
                i += len;
                continue;
            }
            bool onlyIgnore = true;
            for (const GazetteerName& g : *names)
                if (m_gaz.entry(g.entry).kind != PlaceKind::Ignore) onlyIgnore = false;
            if (onlyIgnore) {
                for (size_t k = i; k < i + len; ++k) claimed[k] = 3;
                i += len;
                continue;
            }
            Candidate c;
            c.sentenceNo = sno;
            c.first = static_cast<uint32_t>(i);
            c.last = static_cast<uint32_t>(i + len - 1);
            c.textFirst = c.first;
            c.textLast = c.last;
            c.key = spanKeys[len - 1];
            // Words around the name. p1/p2: the two words before it, articles skipped.
            size_t b = i;
            auto prevWord = [&](size_t& at) -> std::string_view {
                while (at > 0) {
                    --at;
                    const std::string_view k = key(at);
                    if (k == "the" || k == "a" || k == "an") continue;
                    return k;
                }
                return {};
            };
            size_t at1 = b;
            const std::string_view p1 = prevWord(at1);
            size_t at2 = at1;
            const std::string_view p2 = p1.empty() ? std::string_view() : prevWord(at2);
            const size_t nx = i + len;
            const std::string_view n1 = key(nx);
            const bool attachedNext = nx < n && (ts.tokens[c.last].after == ' ' || ts.tokens[c.last].after == '-') &&
                                      !ts.tokens[c.last].has(kTokPossessive);
            if (attachedNext && isRegionWord(n1)) {
                c.regionCtx = true;
                c.pluralRegion = n1 == "regions" || n1 == "oblasts" || n1 == "provinces";
                c.textLast = static_cast<uint32_t>(nx);
            } else if (attachedNext && isDistrictWord(n1)) {
                c.districtCtx = true;
                c.pluralDistrict = n1 == "districts" || n1 == "areas";
                c.textLast = static_cast<uint32_t>(nx);
            } else if (attachedNext && n1 == "city") {
                c.townCue = true;
                c.textLast = static_cast<uint32_t>(nx);
            }
            if (p1 == "of" && isRegionWord(p2) && p2 != "front") {
                c.regionCtx = true;
                c.regionListPrefix = p2 == "regions" || p2 == "oblasts" || p2 == "provinces";
                c.textFirst = static_cast<uint32_t>(at2);
            } else if (p1 == "of" && FM_ANY_OF(p2, "city", "town", "village", "settlement", "hamlet")) {
                c.townCue = true;
                c.textFirst = static_cast<uint32_t>(at2);
            } else if (FM_ANY_OF(p1, "city", "town", "village", "capital", "settlement")) {
                c.townCue = true;  // "the regional capital Zaporizhzhia", "the city Dnipro"
            }
            // Apposition: "Belgorod, the regional capital", "Kursk, a city of …".
            if (nx < n && ts.tokens[c.last].after == ',') {
                size_t q = nx;
                if (FM_ANY_OF(key(q), "the", "a", "an")) ++q;
                if (FM_ANY_OF(key(q), "regional", "border", "port", "frontline", "front", "industrial", "small", "southern", "northern",
                                "eastern", "western", "coastal"))
                    ++q;
                if (FM_ANY_OF(key(q), "city", "town", "village", "capital", "port", "settlement", "hamlet", "home")) c.townCue = true;
            }
            c.theBefore = i > 0 && key(i - 1) == "the";
            c.unitName = attachedNext && FM_ANY_OF(n1, "group", "grouping", "brigade", "battalion", "regiment", "division", "corps",
                                                 "fleet", "flotilla", "squadron");
            c.governorOf = nx < n && (ts.tokens[c.last].after == ' ' || possessiveAt(c.last)) && n1 == "governor";
            static const std::initializer_list<const char*> speakers = {
                "officials", "official", "ministry", "authorities", "diplomats", "sources", "leaders", "spokesman", "spokeswoman",
                "government", "embassy", "analysts", "commentators", "experts", "observers"};
            // "officials in Paris said …", "In Kyiv, officials said …"
            c.speakerPlace = (p1 == "in" && FM_ANY_OF(p2, speakers)) ||
                             (p1 == "in" && ts.tokens[c.last].after == ',' && nx < n && FM_ANY_OF(n1, speakers));
            // "the Oskil", "across the Dnipro", "the Dnipro river": a river or an area, not the town of that name.
            c.riverLike = c.theBefore && !possessiveAt(c.last) &&
                          (!attachedNext || ts.tokens[nx].has(kTokCap) || !ts.tokens[nx].has(kTokWord) ||
                           FM_ANY_OF(n1, "river", "rivers", "reservoir", "bank", "banks", "delta", "valley", "basin", "estuary",
                                   "crossing", "crossings", "and", "or", "was", "is", "has", "had", "where", "which"));
            // "the U.S. Congress", "Russia's army", "Ukraine war": the country as an attribute, not a location.
            c.adjectival = attachedNext && !ts.tokens[nx].has(kTokNumber) &&
                           (ts.tokens[nx].has(kTokCap) ||
                            FM_ANY_OF(n1, "administration", "officials", "official", "government", "forces", "troops", "army", "president",
                                    "envoy", "envoys", "delegation", "military", "intelligence", "aid", "weapons", "sanctions",
                                    "side", "leaders", "leader", "negotiators", "team", "ministry", "embassy", "diplomats",
                                    "economy", "war", "invasion", "soldiers", "navy", "drones", "missiles", "position", "stance",
                                    "offer", "proposal", "plan", "deal", "talks", "relations", "policy", "support", "media"));
            c.nearCue = FM_ANY_OF(p1, "near", "nearby", "outside", "around", "towards", "toward", "approaching", "beyond") ||
                        (p1 == "of" && FM_ANY_OF(p2, "outskirts", "direction", "vicinity", "north", "south", "east", "west", "northeast",
                                               "northwest", "southeast", "southwest", "edge", "suburbs", "environs", "approaches",
                                               "km", "kilometres", "kilometers", "miles")) ||
                        (p1 == "to" && p2 == "close") || (p1 == "from" && FM_ANY_OF(p2, "km", "kilometres", "kilometers", "miles"));
            if (c.nearCue && c.textFirst == c.first) c.textFirst = static_cast<uint32_t>(at1);
            c.locative = FM_ANY_OF(p1, "in", "at", "near", "into", "inside", "outside", "around", "across", "throughout", "within",
                                 "toward", "towards", "to", "from", "via", "over", "off", "of", "visit", "visited", "visiting",
                                 "visits", "reached", "entered", "captured", "took", "liberated", "retook", "seized", "shelled",
                                 "struck", "hit", "attacked", "bombed", "targeted", "fled", "evacuated", "left", "approaching",
                                 "between", "and", "outskirts", "nearby", "beyond", "on");
            c.countryLocative = FM_ANY_OF(p1, "in", "into", "inside", "throughout", "across", "within", "visit", "visited", "visiting",
                                        "visits", "toward", "towards", "over", "deep") ||
                                (p1 == "to" && FM_ANY_OF(p2, "travel", "travelled", "traveled", "heading", "headed", "flew", "fly",
                                                       "flying", "went", "go", "going", "trip", "visit", "return", "returned",
                                                       "arrived", "deployed", "sent", "shipments", "deliveries", "delivered",
                                                       "moved", "back", "came", "come")) ||
                                (p1 == "of" && FM_ANY_OF(p2, "territory", "south", "north", "east", "west", "parts", "part", "regions",
                                                       "border", "borders", "centre", "center", "rest", "interior", "soil"));
            const bool possessive = ts.tokens[c.last].has(kTokPossessive);
            const std::string_view after = possessive || !attachedNext ? (possessive ? n1 : std::string_view()) : n1;
            const bool verbNext = !possessive && nx < n && ts.tokens[c.last].after == ' ' &&
                                  FM_ANY_OF(n1, "said", "says", "say", "warned", "warns", "rejected", "rejects", "accused", "accuses",
                                          "denied", "denies", "insisted", "insists", "insist", "wants", "want", "wanted",
                                          "remains", "remained", "has", "have", "had", "is", "was", "were", "are", "will",
                                          "would", "could", "can", "must", "should", "may", "might", "sees", "saw", "believes",
                                          "believed", "claims", "claimed", "demands", "demanded", "refuses", "refused",
                                          "accepted", "accepts", "agreed", "agrees", "responded", "responds", "announced",
                                          "announces", "called", "calls", "expects", "expected", "hopes", "hoped", "considers",
                                          "considered", "views", "viewed", "signals", "signalled", "signaled", "offered",
                                          "offers", "proposed", "proposes", "threatened", "threatens", "vowed", "vows", "plans",
                                          "planned", "sent", "sends", "blamed", "blames", "argued", "argues", "stated",
                                          "reacted", "welcomed", "welcomes", "condemned", "condemns", "dismissed", "dismisses",
                                          "ruled", "seems", "seemed", "appears", "appeared", "continues", "continued", "does",
                                          "did", "declined", "declines", "opposes", "opposed", "backed", "backs", "supports",
                                          "supported", "urged", "urges", "sought", "seeks", "reiterated", "maintained",
                                          "maintains", "retaliated", "launched", "ordered", "approved", "recognised",
                                          "recognized", "annexed", "invaded", "decided", "intends", "needs", "knows",
                                          "understands", "regards", "also", "still", "never", "now", "insisted");
            const bool locPrev = FM_ANY_OF(p1, "in", "at", "into", "to", "from", "near", "outside", "around", "inside", "across",
                                         "throughout", "within", "over", "visit", "visited", "visiting");
            const bool govPossessive =
                possessive && !FM_ANY_OF(after, "suburbs", "suburb", "streets", "street", "centre", "center", "outskirts", "airport",
                                          "airports", "residents", "mayor", "region", "metro", "skyline", "districts", "district",
                                          "square", "railway", "station", "stations", "hospital", "hospitals", "population",
                                          "downtown", "apartment", "apartments", "buildings", "building", "oblast", "governor",
                                          "area", "areas", "skies", "city", "port", "river", "bridge", "bridges", "power",
                                          "energy", "infrastructure", "grid", "schools", "children", "people", "citizens",
                                          "civilians", "air", "historic", "central", "main", "northern", "southern", "eastern",
                                          "western", "left", "right", "old", "neighbourhoods", "neighborhoods", "neighbourhood",
                                          "industrial", "residential", "defences", "defenses", "outlying", "riverside", "streets",
                                          "boulevards", "subway", "heating", "water", "homes", "houses", "landmarks",
                                          "cathedral", "university", "zoo", "parks", "park", "airspace");
            c.govCue = (verbNext && !locPrev) || govPossessive ||
                       FM_ANY_OF(p1, "with", "between", "against", "by", "told", "urged", "pressed", "warned", "accused", "asked",
                               "pressuring", "persuade", "convince", "blamed", "criticised", "criticized", "for", "behind") ||
                       (p1 == "to" && FM_ANY_OF(p2, "plan", "proposal", "proposals", "offer", "message", "letter", "terms", "demands",
                                              "request", "appeal", "ultimatum", "signal", "response", "reply", "concessions")) ||
                       (ts.tokens[i].has(kTokFirst) && !possessive && nx < n && ts.tokens[c.last].after == ' ' &&
                        !ts.tokens[nx].has(kTokCap) && n1.size() > 3 && n1.substr(n1.size() - 2) == "ed") ||
                       (p1 == "on" && FM_ANY_OF(p2, "pressure", "sanctions", "demands", "call", "calls", "stance", "position", "impact",
                                              "burden", "onus")) ||
                       (ts.tokens[c.last].has(kTokJoinedNext) &&
                        FM_ANY_OF(n1, "backed", "led", "installed", "appointed", "controlled", "friendly", "aligned", "allied"));
            c.initial = ts.tokens[i].has(kTokFirst);
            c.titleCase = titleCase;
            c.allCaps = len == 1 && ts.tokens[i].has(kTokAllCaps);
            // A first name? A single name followed at once by a capitalised word that is neither a place, a common
            // word, nor a region word ("Olga Stefanishyna").
            if (len == 1 && attachedNext && cap(nx) && !claimed[nx] && ts.tokens[c.last].after == ' ') {
                const std::string nk(n1);
                if (!m_gaz.find(nk) && !m_gaz.isCommonWord(nk) && !m_gaz.isBlocked(nk) && !isRegionWord(nk) &&
                    !isDistrictWord(nk) && nk != "city" && !m_actors.isPersonKey(nk))
                    c.personLike = true;
                if (personTok[nx]) c.personLike = true;
            }
            // Options for the context.
            for (const GazetteerName& g : *names) {
                const GazetteerEntry& e = m_gaz.entry(g.entry);
                if (e.kind == PlaceKind::Ignore) continue;
                if (c.regionCtx) {
                    if (e.kind == PlaceKind::Region || e.kind == PlaceKind::Area) c.options.push_back(g);
                } else if (!g.needsContext) {
                    c.options.push_back(g);
                }
            }
            if (c.governorOf && !c.regionCtx) {
                std::vector<GazetteerName> regionOpts;
                for (const GazetteerName& g : *names)
                    if (m_gaz.entry(g.entry).kind == PlaceKind::Region || m_gaz.entry(g.entry).kind == PlaceKind::Area)
                        regionOpts.push_back(g);
                if (!regionOpts.empty()) {
                    c.options = regionOpts;
                    c.regionCtx = true;
                }
            }
            if (c.regionCtx && c.options.empty()) {
                // "the Pokrovsk region" with no such region: the town, at district precision.
                c.regionCtx = false;
                c.districtCtx = true;
                for (const GazetteerName& g : *names)
                    if (!g.needsContext && m_gaz.entry(g.entry).kind != PlaceKind::Ignore) c.options.push_back(g);
            }
            if (c.districtCtx && c.options.empty()) {
                for (const GazetteerName& g : *names)
                    if (m_gaz.entry(g.entry).kind == PlaceKind::Region || m_gaz.entry(g.entry).kind == PlaceKind::Area)
                        c.options.push_back(g);
                if (!c.options.empty()) {
                    c.districtCtx = false;
                    c.regionCtx = true;
                }
            }
            if (c.options.empty()) {
                ++i;
                continue;
            }
            for (size_t k = c.first; k <= c.textLast && k < n; ++k) claimed[k] = 2;
            i = c.textLast + 1;
            if (cands.size() >= capCandidates) {
                ++overflow;  // past the limit: counted, not kept, so a huge text costs time in proportion only
                continue;
            }
            cands.push_back(std::move(c));
        }
        // "the Kursk and Belgorod regions", "Sumy, Kharkiv and Donetsk oblasts": the region word covers the list.
        for (size_t ci = cands.size(); ci-- > firstCand + 1;) {
            if (!cands[ci].pluralRegion && !cands[ci].pluralDistrict) continue;
            const bool regions = cands[ci].pluralRegion;
            for (size_t pj = ci; pj-- > firstCand;) {
                Candidate& p = cands[pj];
                const Candidate& q = cands[pj + 1];
                const bool joined = (q.first == p.last + 2 && FM_ANY_OF(key(p.last + 1), "and", "or")) ||
                                    (q.first == p.last + 1 && ts.tokens[p.last].after == ',') ||
                                    (q.first == p.last + 2 && ts.tokens[p.last].after == ',' && key(p.last + 1) == "and");
                if (!joined || p.regionCtx || p.districtCtx) break;
                if (!regions) {
                    // "the Glushkovo and Rylsk districts": towns at district precision.
                    p.districtCtx = true;
                    p.riverLike = false;
                    continue;
                }
                const std::vector<GazetteerName>* names = m_gaz.find(p.key);
                std::vector<GazetteerName> regionOpts;
                if (names)
                    for (const GazetteerName& g : *names)
                        if (m_gaz.entry(g.entry).kind == PlaceKind::Region || m_gaz.entry(g.entry).kind == PlaceKind::Area)
                            regionOpts.push_back(g);
                if (regionOpts.empty()) break;
                p.options = regionOpts;
                p.regionCtx = true;
                p.riverLike = false;
            }
        }
        // "the regions of Chernihiv and Rivne": the region word covers the list after it too.
        for (size_t ci = firstCand; ci + 1 < cands.size(); ++ci) {
            if (!cands[ci].regionListPrefix) continue;
            for (size_t qj = ci + 1; qj < cands.size(); ++qj) {
                const Candidate& p = cands[qj - 1];
                Candidate& q = cands[qj];
                const bool joined = (q.first == p.textLast + 2 && FM_ANY_OF(key(p.textLast + 1), "and", "or")) ||
                                    (q.first == p.textLast + 1 && ts.tokens[p.textLast].after == ',');
                if (!joined || q.regionCtx) break;
                std::vector<GazetteerName> regionOpts;
                if (const std::vector<GazetteerName>* names = m_gaz.find(q.key))
                    for (const GazetteerName& g : *names)
                        if (m_gaz.entry(g.entry).kind == PlaceKind::Region || m_gaz.entry(g.entry).kind == PlaceKind::Area)
                            regionOpts.push_back(g);
                if (regionOpts.empty()) break;
                q.options = regionOpts;
                q.regionCtx = true;
            }
        }
        // "Belaya in the Irkutsk region", "Pokrovsk, Donetsk region": the place lies in that region.
        for (size_t ci = firstCand; ci + 1 < cands.size(); ++ci) {
            Candidate& c = cands[ci];
            const Candidate& q = cands[ci + 1];
            if (q.first <= c.textLast || q.first - c.textLast > 4) continue;
            bool linking = true;
            for (uint32_t k = c.textLast + 1; k < q.first; ++k) linking = linking && FM_ANY_OF(key(k), "in", "the", "of");
            if (q.first == c.textLast + 1) linking = ts.tokens[c.textLast].after == ',';
            else if (ts.tokens[c.textLast].after != ' ') linking = false;
            bool regionQ = q.regionCtx;
            if (!regionQ) {
                regionQ = !q.options.empty();
                for (const GazetteerName& g : q.options)
                    regionQ = regionQ && (m_gaz.entry(g.entry).kind == PlaceKind::Region || m_gaz.entry(g.entry).kind == PlaceKind::Area);
            }
            if (linking && regionQ && !c.regionCtx) c.container = static_cast<int>(ci + 1);
        }
        // "talks between Moscow and Kyiv", "Moscow and Kyiv said": a government reading covers both names.
        for (size_t ci = firstCand + 1; ci < cands.size(); ++ci) {
            Candidate& p = cands[ci - 1];
            Candidate& q = cands[ci];
            if (q.first == p.last + 2 && key(p.last + 1) == "and" && (p.govCue || q.govCue)) p.govCue = q.govCue = true;
        }

        // C. The remaining actor names (demonyms found in A; countries and capitals are decided in resolution).
        matches.clear();
        m_actors.findAll(ts, &claimed, matches);
        for (const ActorFinder::Match& m : matches) {
            // A capitalised common word at the start of a sentence is the word ("Civilians were …").
            if (m.count == 1 && ts.tokens[m.first].has(kTokFirst) && m_gaz.isCommonWord(std::string(key(m.first)))) continue;
            hits.push_back({m.first, m_actors.actor(m.actor).name});
        }
        for (const ActorHit& h : hits) noteActor(h.name, sno, h.pos);
        if (cands.size() == firstCand) return;

        // Dates and event words of the sentence.
        dates.clear();
        findDateExpressions(ts, dayEnd, dates);
        kws.clear();
        for (size_t k = 0; k < n; ++k) {
            auto it = kwTable.find(key(k));
            if (it != kwTable.end() && claimed[k] != 2) kws.push_back({static_cast<uint32_t>(k), it->second});
        }
        bool military = false;
        reporting.clear();
        for (size_t k = 0; k < n; ++k) {
            const uint8_t cls = wordClass(key(k));
            if (cls & kMilitaryWord) military = true;
            if (cls & kReportingWord) reporting.push_back(static_cast<uint32_t>(k));
        }
        const uint32_t keptIndex = static_cast<uint32_t>(kept.size());
        kept.push_back({std::string(sentence), sno, hits});
        for (size_t ci = firstCand; ci < cands.size(); ++ci) {
            Candidate& c = cands[ci];
            c.sentence = keptIndex;
            c.military = military;
            c.text = std::string(ts.span(c.textFirst, c.textLast));
            auto dist = [&](uint32_t a, uint32_t b) -> uint32_t {
                if (b < c.first) return c.first - b;
                if (a > c.last) return a - c.last;
                return 0;
            };
            // Type: the nearest event word (penalised for weak words), a drone word near a strike word upgrading it.
            float best = 1e9f;
            int bestPri = 99;
            uint32_t bestPos = 0;
            EventType type = EventType::Mention;
            bool talksNear = false;
            bool eventWord = false;
            for (const auto& [pos, kw] : kws)
                if (kw.type != EventType::Statement && static_cast<float>(dist(pos, pos)) + kw.penalty <= kMaxKeywordDistance)
                    eventWord = true;
            for (const auto& [pos, kw] : kws) {
                const float d = static_cast<float>(dist(pos, pos)) + kw.penalty;
                if (d > kMaxKeywordDistance) continue;
                // "… struck a school in Pokrovsk, the governor said": the event word types it, not the saying.
                if (eventWord && kw.type == EventType::Statement) continue;
                if (kw.type == EventType::Talks) talksNear = true;
                const int pri = typePriority(kw.type);
                if (d < best || (d == best && pri < bestPri)) {
                    best = d;
                    bestPri = pri;
                    type = kw.attack && military ? EventType::Battle : kw.type;
                    bestPos = pos;
                }
            }
            if (type == EventType::Strike)
                for (const auto& [pos, kw] : kws)
                    if (kw.type == EventType::DroneMissile && (pos > bestPos ? pos - bestPos : bestPos - pos) <= 8)
                        type = EventType::DroneMissile;
            c.type = type;
            c.govType = talksNear ? EventType::Talks : EventType::Statement;
            // Date: the nearest expression in the sentence, else the article's date.
            const DateExpression* bestDate = nullptr;
            uint32_t bestDist = UINT32_MAX;
            for (const DateExpression& d : dates) {
                const uint32_t dd = dist(d.firstToken, d.lastToken);
                if (dd > kMaxDateDistance) continue;
                // "Officials in Paris said a plan could be ready in March": a date deep in what was said is not the
                // date of the place before the saying ("… said on Thursday" still is).
                bool barred = false;
                if (c.speakerPlace)
                    for (uint32_t r : reporting)
                        if (c.last < r && r < d.firstToken && d.firstToken > r + 2) barred = true;
                // Nor across a clause boundary: "attacks near Pokrovsk …, and a strike on Dnipro on Thursday".
                const uint32_t lo = std::min(c.last, d.lastToken), hi = std::max(c.first, d.firstToken);
                for (uint32_t k = lo; k < hi && !barred; ++k) {
                    if (ts.tokens[k].after == ';') barred = true;
                    if (ts.tokens[k].after == ',' && k + 1 < n && FM_ANY_OF(key(k + 1), "and", "but", "while", "whereas")) barred = true;
                }
                if (barred) continue;
                if (dd < bestDist) {
                    bestDist = dd;
                    bestDate = &d;
                }
            }
            if (!bestDate) {
                // "…, the General Staff said on Thursday": the day of the saying dates what the sentence reports.
                for (const DateExpression& d : dates)
                    for (uint32_t r : reporting)
                        if (d.firstToken > r && d.firstToken <= r + 3 && !c.speakerPlace) bestDate = &d;
            }
            if (bestDate) {
                c.dayStart = bestDate->dayStart;
                c.dayEnd = bestDate->dayEnd;
                c.datePrecision = unknownBase ? DatePrecision::Unknown : bestDate->precision;
                c.dateFromText = true;
            } else {
                c.dayStart = dayStart;
                c.dayEnd = dayEnd;
                c.datePrecision = basePrecision;
            }
        }
    };

    if (!title.empty()) processSentence(title, true);
    for (const SentenceSpan& sp : splitSentences(body)) {
        processSentence(body.substr(sp.begin, sp.end - sp.begin), false);
    }
    out.sentenceCount = sentenceNo;
    out.mentionsDropped += overflow;

    // ---- Acceptance: what the whole article says about each word.
    auto hasCurated = [&](const Candidate& c) {
        for (const GazetteerName& g : c.options)
            if (m_gaz.entry(g.entry).curated) return true;
        return false;
    };
    auto strongOption = [&](const Candidate& c) {
        for (const GazetteerName& g : c.options) {
            const GazetteerEntry& e = m_gaz.entry(g.entry);
            if (e.curated || e.kind == PlaceKind::Country || e.kind == PlaceKind::Area || e.kind == PlaceKind::Site) return true;
            if (inTheatre(e.lon, e.lat) && (e.population >= 1000 || e.featureRank <= 2)) return true;
            if (e.population >= 100000 || e.featureRank == 0) return true;
        }
        return false;
    };
    for (Candidate& c : cands) {
        const bool single = c.first == c.last;
        const bool curated = hasCurated(c);
        c.accepted = true;
        if (single && !curated && personKeys.count(wordHash(c.key))) c.accepted = false;
        if (c.allCaps) {
            bool ok = false;
            for (const GazetteerName& g : c.options)
                if (m_gaz.entry(g.entry).curated || m_gaz.entry(g.entry).kind == PlaceKind::Country) ok = true;
            if (!ok) c.accepted = false;
        }
        if (!c.accepted || c.regionCtx || c.districtCtx) continue;
        const bool common = single && m_gaz.isCommonWord(c.key);
        if (common) {
            if (c.initial || c.titleCase || !c.locative || lowerSeen.count(wordHash(c.key))) c.accepted = false;
        } else if (single && (c.initial || c.titleCase) && lowerSeen.count(wordHash(c.key))) {
            c.accepted = false;
        }
        if (c.accepted && c.titleCase && single && !strongOption(c)) c.accepted = false;
        if (c.accepted && c.personLike && single && !curated) c.accepted = false;
        if (c.accepted && c.unitName) c.accepted = false;
        if (c.accepted && c.riverLike && !c.townCue) {
            bool allTowns = true;
            for (const GazetteerName& g : c.options) allTowns = allTowns && m_gaz.entry(g.entry).kind == PlaceKind::Town;
            if (allTowns) c.accepted = false;
        }
    }

    // ---- Resolution: anchors (names with one reading) pull ambiguous ones towards them.
    struct Anchor {
        double lon, lat;
        std::string country, admin1;
        const std::string* key;
    };
    std::vector<Anchor> anchors;  // one per place, so a long text does not make resolution quadratic
    std::unordered_set<uint32_t> anchorEntries;
    std::map<std::string, int> countryVotes;
    auto distinctOptions = [&](Candidate& c) {
        // Readings within 5 km of each other are one place (GeoNames often lists a town twice); keep the better.
        std::vector<GazetteerName> kept2;
        for (const GazetteerName& g : c.options) {
            const GazetteerEntry& e = m_gaz.entry(g.entry);
            bool merged = false;
            for (GazetteerName& k : kept2) {
                const GazetteerEntry& o = m_gaz.entry(k.entry);
                if (o.kind == e.kind && distanceKm(o.lon, o.lat, e.lon, e.lat) < 5.0) {
                    if ((e.curated && !o.curated) || (e.curated == o.curated && e.population > o.population)) k = g;
                    merged = true;
                    break;
                }
            }
            if (!merged) kept2.push_back(g);
        }
        c.options = std::move(kept2);
    };
    for (Candidate& c : cands) {
        if (!c.accepted) continue;
        distinctOptions(c);
        if (c.options.size() == 1) {
            const GazetteerEntry& e = m_gaz.entry(c.options[0].entry);
            if (e.kind != PlaceKind::Country && !(e.capital && c.govCue)) {
                if (anchorEntries.insert(c.options[0].entry).second) anchors.push_back({e.lon, e.lat, e.country, e.admin1, &c.key});
                ++countryVotes[e.country];
            }
        }
    }
    std::string majority;
    int votes = 0;
    for (const auto& [cc, v] : countryVotes)
        if (v > votes) {
            votes = v;
            majority = cc;
        }
    auto insideContainer = [&](const Candidate& c, const GazetteerEntry& e) {
        const Candidate& box = cands[static_cast<size_t>(c.container)];
        for (const GazetteerName& g : box.options) {
            const GazetteerEntry& r = m_gaz.entry(g.entry);
            if ((!r.admin1.empty() && r.admin1 == e.admin1 && r.country == e.country) ||
                distanceKm(r.lon, r.lat, e.lon, e.lat) <= 1.3 * std::max(30.0, static_cast<double>(r.radiusKm)))
                return true;
        }
        return false;
    };
    for (Candidate& c : cands) {
        if (!c.accepted || c.container < 0) continue;
        // A place said to lie in a region must lie there: the readings outside it go; none left, the place is unknown.
        std::vector<GazetteerName> inside;
        for (const GazetteerName& g : c.options)
            if (insideContainer(c, m_gaz.entry(g.entry))) inside.push_back(g);
        if (inside.empty()) c.accepted = false;
        else c.options = inside;
    }
    for (Candidate& c : cands) {
        if (!c.accepted) continue;
        double bestScore = -1e9;
        for (size_t oi = 0; oi < c.options.size(); ++oi) {
            const GazetteerEntry& e = m_gaz.entry(c.options[oi].entry);
            double s = (e.curated ? 5.0 : 0.0) + (e.featureRank == 0 ? 1.5 : e.featureRank == 1 ? 1.0 : e.featureRank == 2 ? 0.5 : 0.0) +
                       0.5 * std::log10(static_cast<double>(e.population) + 1.0) + (inTheatre(e.lon, e.lat) ? 2.5 : 0.0) +
                       (e.kind == PlaceKind::Country ? 2.0 : 0.0);
            if (c.options.size() > 1) {
                double ctx = 0.0;
                for (const Anchor& a : anchors) {
                    if (*a.key == c.key) continue;
                    const double d = std::max(0.0, distanceKm(a.lon, a.lat, e.lon, e.lat) - e.radiusKm);
                    double v = 2.5 * std::exp(-d / 100.0);
                    if (!a.admin1.empty() && a.admin1 == e.admin1 && a.country == e.country) v += 0.5;
                    ctx = std::max(ctx, v);
                }
                s += ctx + (!majority.empty() && e.country == majority ? 0.5 : 0.0);
            }
            if (s > bestScore) {
                bestScore = s;
                c.chosen = static_cast<int>(c.options[oi].entry);
            }
        }
    }
    // One sense per sentence: "the regions of Chernihiv and Rivne — still written Chernigov and Rovno": a bare town name
    // next to a region of that name in the same sentence is that region.
    for (size_t ci = 0; ci < cands.size(); ++ci) {
        Candidate& c = cands[ci];
        if (!c.accepted || c.chosen < 0 || c.regionCtx || c.districtCtx || c.townCue || c.nearCue) continue;
        const GazetteerEntry& e = m_gaz.entry(static_cast<uint32_t>(c.chosen));
        if (e.kind != PlaceKind::Town) continue;
        const std::string townKey = normalizeKey(e.name);
        // Candidates are in text order: the sentence's others are next to it.
        size_t lo = ci, hi = ci + 1;
        while (lo > 0 && cands[lo - 1].sentenceNo == c.sentenceNo) --lo;
        while (hi < cands.size() && cands[hi].sentenceNo == c.sentenceNo) ++hi;
        for (size_t oi = lo; oi < hi; ++oi) {
            const Candidate& o = cands[oi];
            if (oi == ci || !o.accepted || o.chosen < 0) continue;
            const GazetteerEntry& oe = m_gaz.entry(static_cast<uint32_t>(o.chosen));
            const std::string ok = normalizeKey(oe.name);
            if ((oe.kind == PlaceKind::Region || oe.kind == PlaceKind::Area) && o.regionCtx && ok == townKey) {
                c.chosen = o.chosen;
                c.regionCtx = true;
                break;
            }
        }
    }
    // A small place far from everything else the article names is more likely a namesake we do not know (a village
    // missing from GeoNames) than a jump across the map: it is left out.
    if (anchors.size() >= 2) {
        for (Candidate& c : cands) {
            if (!c.accepted || c.chosen < 0) continue;
            const GazetteerEntry& e = m_gaz.entry(static_cast<uint32_t>(c.chosen));
            if (e.curated || e.capital || e.kind != PlaceKind::Town || e.population >= 100000) continue;
            double nearest = 1e9;
            for (const Anchor& a : anchors)
                if (*a.key != c.key) nearest = std::min(nearest, distanceKm(a.lon, a.lat, e.lon, e.lat));
            if (nearest > 300.0 && nearest < 1e9) c.accepted = false;
        }
    }
    // One sense per article: a bare name the article also names as a region is that region where the sentence is about
    // ground war ("fighting in Kursk" after "the Kursk region"), unless a town word or a "near" makes it the town.
    // Strikes hit towns: "a missile hit Zaporizhzhia" stays the city.
    std::vector<uint32_t> regionsNamed;
    for (const Candidate& c : cands)
        if (c.accepted && c.regionCtx && c.chosen >= 0) regionsNamed.push_back(static_cast<uint32_t>(c.chosen));
    std::sort(regionsNamed.begin(), regionsNamed.end());
    regionsNamed.erase(std::unique(regionsNamed.begin(), regionsNamed.end()), regionsNamed.end());
    for (Candidate& c : cands) {
        if (!c.accepted || c.chosen < 0 || c.regionCtx || c.districtCtx || c.townCue || c.nearCue) continue;
        if (!c.military || c.type == EventType::Strike || c.type == EventType::DroneMissile) continue;
        const GazetteerEntry& e = m_gaz.entry(static_cast<uint32_t>(c.chosen));
        if (e.kind != PlaceKind::Town || (e.capital && c.govCue)) continue;
        const std::string townKey = normalizeKey(e.name);
        for (uint32_t r : regionsNamed) {
            const GazetteerEntry& re = m_gaz.entry(r);
            if (re.country != e.country) continue;
            const std::string regionKey = normalizeKey(re.name);
            const bool sameName = regionKey == townKey || regionKey == townKey + " region" || regionKey.rfind(townKey + " ", 0) == 0;
            if (sameName && distanceKm(re.lon, re.lat, e.lon, e.lat) <= std::max(50.0, static_cast<double>(re.radiusKm))) {
                c.chosen = static_cast<int>(r);
                c.regionCtx = true;
                break;
            }
        }
    }

    // ---- Mentions.
    std::vector<std::vector<ActorHit>> roleActors(kept.size());
    std::vector<int> keptMap(kept.size(), -1);
    struct Seen {
        uint32_t sentence, entry;
        bool gov;
        bool operator<(const Seen& o) const {
            return std::tie(sentence, entry, gov) < std::tie(o.sentence, o.entry, o.gov);
        }
    };
    std::map<Seen, size_t> seen;
    std::vector<std::pair<size_t, PlaceMention>> pending;
    for (size_t ci = 0; ci < cands.size(); ++ci) {
        const Candidate& c = cands[ci];
        if (!c.accepted || c.chosen < 0) continue;
        const GazetteerEntry& e = m_gaz.entry(static_cast<uint32_t>(c.chosen));
        const bool gov = (e.capital || e.kind == PlaceKind::Country) && c.govCue;
        if (e.kind == PlaceKind::Country) {
            if (!c.countryLocative || gov || c.adjectival) {
                // A country used as an agent: an actor, not a place.
                const std::string actor = e.actor.empty() ? e.name : e.actor;
                roleActors[c.sentence].push_back({c.first, actor});
                noteActor(actor, kept[c.sentence].sentenceNo, c.first);
                continue;
            }
        }
        if (gov && e.kind != PlaceKind::Country) {
            std::string actor = e.actor;
            if (actor.empty())
                if (const GazetteerEntry* country = m_gaz.country(e.country)) actor = country->actor;
            if (!actor.empty()) {
                roleActors[c.sentence].push_back({c.first, actor});
                noteActor(actor, kept[c.sentence].sentenceNo, c.first);
            }
        }
        auto seenIt = seen.find(Seen{c.sentence, static_cast<uint32_t>(c.chosen), gov});
        if (seenIt != seen.end()) {
            // The same place twice in a sentence ("KYIV — … drones at Kyiv"): one mention with the best of both.
            PlaceMention& first = pending[seenIt->second].second;
            const EventType t = gov ? c.govType : c.type;
            if (typePriority(t) < typePriority(first.type)) first.type = t;
            if (!first.dateFromText && c.dateFromText) {
                first.dayStart = c.dayStart;
                first.dayEnd = c.dayEnd;
                first.datePrecision = c.datePrecision;
                first.dateFromText = true;
            }
            continue;
        }
        seen.emplace(Seen{c.sentence, static_cast<uint32_t>(c.chosen), gov}, pending.size());
        PlaceMention m;
        m.entry = static_cast<uint32_t>(c.chosen);
        m.sentence = c.sentence;
        m.text = c.text;
        switch (e.kind) {
            case PlaceKind::Site: m.precision = c.nearCue ? LocationPrecision::District : LocationPrecision::Exact; break;
            case PlaceKind::Town:
                m.precision = (c.nearCue || c.districtCtx) ? LocationPrecision::District : LocationPrecision::Town;
                break;
            case PlaceKind::Region:
            case PlaceKind::Area: m.precision = LocationPrecision::Region; break;
            case PlaceKind::Country: m.precision = LocationPrecision::Country; break;
            case PlaceKind::Ignore: continue;
        }
        m.government = gov && e.kind != PlaceKind::Country;
        m.type = m.government ? c.govType : c.type;
        m.dayStart = c.dayStart;
        m.dayEnd = c.dayEnd;
        m.datePrecision = c.datePrecision;
        m.dateFromText = c.dateFromText;
        pending.emplace_back(ci, std::move(m));
    }
    // Actors of each mention: those named in its sentence, in order.
    for (auto& [ci, m] : pending) {
        if (out.places.size() >= m_options.maxMentions) {
            ++out.mentionsDropped;
            continue;
        }
        std::vector<ActorHit> all = kept[m.sentence].actors;
        all.insert(all.end(), roleActors[m.sentence].begin(), roleActors[m.sentence].end());
        std::stable_sort(all.begin(), all.end(), [](const ActorHit& a, const ActorHit& b) { return a.pos < b.pos; });
        for (const ActorHit& h : all)
            if (std::find(m.actors.begin(), m.actors.end(), h.name) == m.actors.end()) m.actors.push_back(h.name);
        if (keptMap[m.sentence] < 0) {
            keptMap[m.sentence] = static_cast<int>(out.sentences.size());
            out.sentences.push_back(std::move(kept[m.sentence].text));
        }
        m.sentence = static_cast<uint32_t>(keptMap[m.sentence]);
        out.places.push_back(std::move(m));
        (void)ci;
    }
    std::vector<std::pair<std::pair<uint64_t, uint64_t>, std::string>> order;
    for (const auto& [name, at] : actorFirst) order.push_back({at, name});
    std::sort(order.begin(), order.end());
    for (auto& [at, name] : order) out.actors.push_back(std::move(name));
    return out;
}

}  // namespace fm
