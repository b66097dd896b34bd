#include "model/event_store.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fm {

namespace {

constexpr char kFieldSep = '\x1f';

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

bool contains(const std::string& hay, const char* needle) { return hay.find(needle) != std::string::npos; }

std::string trim(std::string_view s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return std::string(s.substr(a, b - a));
}

}  // namespace

const char* sideName(Side s) {
    switch (s) {
        case Side::Russia: return "Russia";
        case Side::Ukraine: return "Ukraine";
        case Side::UnitedStates: return "United States";
        case Side::Other: return "Other";
    }
    return "?";
}

const char* eventTypeName(EventType t) {
    switch (t) {
        case EventType::Battle: return "battle";
        case EventType::Strike: return "strike";
        case EventType::DroneMissile: return "drone_missile";
        case EventType::Visit: return "visit";
        case EventType::Talks: return "talks";
        case EventType::Statement: return "statement";
        case EventType::Mention: return "mention";
        case EventType::Other: return "other";
    }
    return "other";
}

const char* eventTypeLabel(EventType t) {
    switch (t) {
        case EventType::Battle: return "Battle / advance";
        case EventType::Strike: return "Strike / shelling";
        case EventType::DroneMissile: return "Drone or missile attack";
        case EventType::Visit: return "Visit";
        case EventType::Talks: return "Talks / diplomacy";
        case EventType::Statement: return "Statement";
        case EventType::Mention: return "Mention";
        case EventType::Other: return "Other";
    }
    return "Other";
}

EventType eventTypeFromText(std::string_view text) {
    const std::string l = lower(trim(text));
    for (int i = 0; i < kEventTypeCount; ++i)
        if (l == eventTypeName(static_cast<EventType>(i))) return static_cast<EventType>(i);
    if (l.empty()) return EventType::Other;
    // Shelling first: ACLED's "Shelling/artillery/missile attack" is artillery fire, while its drone events have
    // their own sub-event type, "Air/drone strike".
    if (contains(l, "shell") || contains(l, "artillery")) return EventType::Strike;
    if (contains(l, "drone") || contains(l, "missile") || contains(l, "uav") || contains(l, "shahed"))
        return EventType::DroneMissile;
    if (contains(l, "shell") || contains(l, "artillery") || contains(l, "strike") || contains(l, "bomb") ||
        contains(l, "explosion") || contains(l, "remote violence") || contains(l, "airstrike"))
        return EventType::Strike;
    if (contains(l, "battle") || contains(l, "armed clash") || contains(l, "clash") || contains(l, "advance") ||
        contains(l, "offensive") || contains(l, "territory") || contains(l, "assault") || contains(l, "state-based") ||
        contains(l, "fighting"))
        return EventType::Battle;
    if (contains(l, "visit")) return EventType::Visit;
    if (contains(l, "talk") || contains(l, "negotiat") || contains(l, "diplomac") || contains(l, "agreement") ||
        contains(l, "ceasefire") || contains(l, "summit") || contains(l, "meeting"))
        return EventType::Talks;
    if (contains(l, "statement") || contains(l, "said") || contains(l, "announce") || contains(l, "speech"))
        return EventType::Statement;
    if (contains(l, "mention")) return EventType::Mention;
    return EventType::Other;
}

const char* locationPrecisionName(LocationPrecision p) {
    switch (p) {
        case LocationPrecision::Exact: return "exact";
        case LocationPrecision::Town: return "town";
        case LocationPrecision::District: return "district";
        case LocationPrecision::Region: return "region";
        case LocationPrecision::Country: return "country";
        case LocationPrecision::Unknown: return "unknown";
    }
    return "unknown";
}

bool parseLocationPrecision(std::string_view text, LocationPrecision& out) {
    const std::string l = lower(trim(text));
    for (int i = 0; i < kLocationPrecisionCount; ++i)
        if (l == locationPrecisionName(static_cast<LocationPrecision>(i))) {
            out = static_cast<LocationPrecision>(i);
            return true;
        }
    if (l == "site" || l == "point" || l == "exact site") out = LocationPrecision::Exact;
    else if (l == "city" || l == "village" || l == "settlement") out = LocationPrecision::Town;
    else if (l == "raion" || l == "rayon" || l == "municipality") out = LocationPrecision::District;
    else if (l == "oblast" || l == "province" || l == "admin1") out = LocationPrecision::Region;
    else return false;
    return true;
}

double uncertaintyRadiusMeters(LocationPrecision p) {
    switch (p) {
        case LocationPrecision::Exact: return 0;
        case LocationPrecision::Town: return 0;  // drawn as a point: a town is where the pin is
        case LocationPrecision::District: return 20000;
        case LocationPrecision::Region: return 80000;
        case LocationPrecision::Country: return 300000;
        case LocationPrecision::Unknown: return 0;
    }
    return 0;
}

Side ActorTable::sideFromText(std::string_view text) {
    const std::string l = lower(trim(text));
    if (l == "russia" || l == "ru" || l == "rus") return Side::Russia;
    if (l == "ukraine" || l == "ua" || l == "ukr") return Side::Ukraine;
    if (l == "united states" || l == "us" || l == "usa" || l == "united_states") return Side::UnitedStates;
    return Side::Other;
}

void ActorTable::add(const std::string& pattern, const std::string& canonical, Side side, bool person) {
    m_entries.push_back({lower(trim(pattern)), Actor{canonical, side, person}});
}

size_t ActorTable::loadTsv(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    size_t rows = 0;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> cols;
        std::stringstream ls(line);
        std::string c;
        while (std::getline(ls, c, '\t')) cols.push_back(trim(c));
        if (cols.size() < 3 || cols[0].empty() || cols[1].empty()) continue;
        add(cols[0], cols[1], sideFromText(cols[2]), cols.size() > 3 && lower(cols[3]) == "person");
        ++rows;
    }
    return rows;
}

Actor ActorTable::resolve(std::string_view name) const {
    const std::string l = lower(trim(name));
    // Exact alias first, then the longest alias that the name starts with at a word boundary.
    const Entry* best = nullptr;
    for (const Entry& e : m_entries) {
        if (e.pattern == l) return e.actor;
        if (l.size() > e.pattern.size() && l.compare(0, e.pattern.size(), e.pattern) == 0 &&
            !std::isalnum(static_cast<unsigned char>(l[e.pattern.size()])) && (!best || e.pattern.size() > best->pattern.size()))
            best = &e;
    }
    if (best) return best->actor;
    return Actor{trim(name), Side::Other, false};
}

std::vector<std::string> ActorTable::namePatternsFor(const std::string& wanted) const {
    const std::string lw = lower(trim(wanted));
    if (lw.empty() || lw == "other") return {};
    const Side side = sideFromText(wanted);
    const std::string canonical = lower(resolve(wanted).name);
    std::vector<std::string> out = {lw};
    for (const Entry& e : m_entries)
        if (lower(e.actor.name) == canonical || lower(e.actor.name) == lw || (side != Side::Other && e.actor.side == side))
            out.push_back(e.pattern);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<std::string> ActorTable::actorsOfSide(Side side) const {
    std::vector<std::string> out;
    for (const Entry& e : m_entries)
        if (e.actor.side == side) out.push_back(e.actor.name);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::string findAssetsDir() {
    if (const char* env = std::getenv("FRONTMAP_ASSETS"); env && *env) return env;
    namespace fs = std::filesystem;
    char buf[4096];
    const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
    std::error_code ec;
    if (n > 0) {
        buf[n] = '\0';
        fs::path p = fs::path(buf).parent_path();
        for (int up = 0; up < 4; ++up, p = p.parent_path())
            if (fs::exists(p / "assets" / "actors.tsv", ec)) return (p / "assets").string();
    }
#ifdef FRONTMAP_SOURCE_DIR
    if (fs::exists(fs::path(FRONTMAP_SOURCE_DIR) / "assets" / "actors.tsv", ec)) return (fs::path(FRONTMAP_SOURCE_DIR) / "assets").string();
#endif
    if (fs::exists("assets/actors.tsv", ec)) return fs::absolute("assets").string();
    return {};
}

const ActorTable& defaultActorTable() {
    static const ActorTable table = [] {
        ActorTable t;
        const std::string dir = findAssetsDir();
        if (!dir.empty()) {
            std::ifstream in(dir + "/actors.tsv");
            std::stringstream ss;
            ss << in.rdbuf();
            if (t.loadTsv(ss.str()) > 0) return t;
        }
        // The essentials, so events still get sides without the assets folder.
        t.add("Russia", "Russia", Side::Russia, false);
        t.add("Government of Russia (Soviet Union)", "Russia", Side::Russia, false);
        t.add("Ukraine", "Ukraine", Side::Ukraine, false);
        t.add("Government of Ukraine", "Ukraine", Side::Ukraine, false);
        t.add("United States", "United States", Side::UnitedStates, false);
        t.add("Putin", "Vladimir Putin", Side::Russia, true);
        t.add("Zelensky", "Volodymyr Zelensky", Side::Ukraine, true);
        t.add("Trump", "Donald Trump", Side::UnitedStates, true);
        return t;
    }();
    return table;
}

void EventStore::reserve(size_t n) {
    m_lon.reserve(n);
    m_lat.reserve(n);
    m_dayStart.reserve(n);
    m_dayEnd.reserve(n);
    m_type.reserve(n);
    m_precision.reserve(n);
    m_datePrecision.reserve(n);
    m_actorSet.reserve(n);
    m_fatalities.reserve(n);
    m_textOffset.reserve(n + 1);
}

uint32_t EventStore::internSet(std::vector<uint16_t> members) {
    // Order matters only for the side (first actor); the set key keeps the order as given.
    std::string key;
    for (uint16_t m : members) {
        key += std::to_string(m);
        key += ',';
    }
    auto it = m_setByKey.find(key);
    if (it != m_setByKey.end()) return it->second;
    const uint32_t id = static_cast<uint32_t>(m_sets.size());
    m_setSide.push_back(members.empty() ? Side::Other : m_actors[members.front()].side);
    m_sets.push_back(std::move(members));
    m_setByKey.emplace(std::move(key), id);
    return id;
}

void EventStore::add(const EventRecord& e, const ActorTable& table) {
    std::vector<uint16_t> members;
    for (const std::string& name : e.actors) {
        if (trim(name).empty()) continue;
        const Actor a = table.resolve(name);
        auto it = m_actorByName.find(a.name);
        uint16_t idx;
        if (it == m_actorByName.end()) {
            if (m_actors.size() >= 65535) continue;  // beyond 65k distinct actors, extra names are dropped
            idx = static_cast<uint16_t>(m_actors.size());
            m_actors.push_back(a);
            m_actorByName.emplace(a.name, idx);
        } else {
            idx = it->second;
        }
        if (std::find(members.begin(), members.end(), idx) == members.end()) members.push_back(idx);
    }
    m_actorSet.push_back(internSet(std::move(members)));
    m_lon.push_back(static_cast<float>(e.lon));
    m_lat.push_back(static_cast<float>(e.lat));
    m_dayStart.push_back(e.dayStart);
    m_dayEnd.push_back(std::max(e.dayStart, e.dayEnd));
    m_type.push_back(static_cast<uint8_t>(e.type));
    m_precision.push_back(static_cast<uint8_t>(e.precision));
    m_datePrecision.push_back(static_cast<uint8_t>(e.datePrecision));
    m_fatalities.push_back(e.fatalities);
    m_minDay = std::min(m_minDay, e.dayStart);
    m_maxDay = std::max(m_maxDay, std::max(e.dayStart, e.dayEnd));
    const std::string* fields[kTextFields] = {&e.id, &e.place, &e.sentence, &e.sourceTitle, &e.sourceOutlet, &e.sourceUrl,
                                              &e.sourceDate, &e.rawType};
    for (int f = 0; f < kTextFields; ++f) {
        for (char c : *fields[f]) m_pool.push_back(c == kFieldSep ? ' ' : c);
        if (f + 1 < kTextFields) m_pool.push_back(kFieldSep);
    }
    m_textOffset.push_back(m_pool.size());
}

std::string_view EventStore::text(size_t i, int field) const {
    const size_t a = m_textOffset[i], b = m_textOffset[i + 1];
    std::string_view s(m_pool.data() + a, b - a);
    for (int f = 0; f < field; ++f) {
        const size_t p = s.find(kFieldSep);
        if (p == std::string_view::npos) return {};
        s.remove_prefix(p + 1);
    }
    const size_t p = s.find(kFieldSep);
    return p == std::string_view::npos ? s : s.substr(0, p);
}

int EventStore::actorIndex(std::string_view name) const {
    auto it = m_actorByName.find(std::string(name));
    return it == m_actorByName.end() ? -1 : it->second;
}

EventRecord EventStore::record(size_t i) const {
    EventRecord r;
    r.id = std::string(id(i));
    r.dayStart = m_dayStart[i];
    r.dayEnd = m_dayEnd[i];
    r.datePrecision = static_cast<DatePrecision>(m_datePrecision[i]);
    for (uint16_t a : m_sets[m_actorSet[i]]) r.actors.push_back(m_actors[a].name);
    r.type = static_cast<EventType>(m_type[i]);
    r.place = std::string(place(i));
    r.lon = m_lon[i];
    r.lat = m_lat[i];
    r.precision = static_cast<LocationPrecision>(m_precision[i]);
    r.sourceTitle = std::string(sourceTitle(i));
    r.sourceOutlet = std::string(sourceOutlet(i));
    r.sourceUrl = std::string(sourceUrl(i));
    r.sourceDate = std::string(sourceDate(i));
    r.sentence = std::string(sentence(i));
    r.fatalities = m_fatalities[i];
    r.rawType = std::string(rawType(i));
    return r;
}

size_t EventStore::hotBytes() const {
    return sizeof(float) * 2 + sizeof(int32_t) * 3 + 3 + sizeof(uint32_t);
}

}  // namespace fm
