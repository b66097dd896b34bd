// Events in columns: the hot data that filtering and drawing touch (position, days, type, precision, actor set)
// in compact arrays, text (ids, places, sentences, sources) in one string pool kept apart. Actors are interned;
// each event points at an interned *set* of actors, so filters work on a few hundred sets, not on millions of
// events.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/date.h"

namespace fm {

enum class Side : uint8_t { Russia = 0, Ukraine, UnitedStates, Other };
constexpr int kSideCount = 4;
const char* sideName(Side s);

enum class EventType : uint8_t { Battle = 0, Strike, DroneMissile, Visit, Talks, Statement, Mention, Other };
constexpr int kEventTypeCount = 8;
const char* eventTypeName(EventType t);   // "battle", "strike", …: the value in files
const char* eventTypeLabel(EventType t);  // "Battle / advance", …: for people
// Maps our names and common words from UCDP/ACLED/free text ("Battles", "Explosions/Remote violence",
// "Shelling/artillery/missile attack", "Air/drone strike", "diplomacy") to a type; Other when nothing fits.
EventType eventTypeFromText(std::string_view text);

enum class LocationPrecision : uint8_t { Exact = 0, Town, District, Region, Country, Unknown };
constexpr int kLocationPrecisionCount = 6;
const char* locationPrecisionName(LocationPrecision p);
bool parseLocationPrecision(std::string_view text, LocationPrecision& out);
// Radius in metres of the area a location of this precision stands for (0 for exact sites).
double uncertaintyRadiusMeters(LocationPrecision p);

struct Actor {
    std::string name;
    Side side = Side::Other;
    bool person = false;
};

// One event as a whole, for building the store and for the inspector.
struct EventRecord {
    std::string id;
    int32_t dayStart = 0;
    int32_t dayEnd = 0;
    DatePrecision datePrecision = DatePrecision::Day;
    std::vector<std::string> actors;  // names; resolved against the actor table when added
    EventType type = EventType::Other;
    std::string place;
    double lon = 0.0;
    double lat = 0.0;
    LocationPrecision precision = LocationPrecision::Unknown;
    std::string sourceTitle;
    std::string sourceOutlet;
    std::string sourceUrl;
    std::string sourceDate;
    std::string sentence;
    int32_t fatalities = -1;  // unknown
    std::string rawType;      // the type as the source wrote it
};

// Resolves actor names to actors (side, person or not). Built from assets/actors.tsv and extendable.
class ActorTable {
public:
    // Adds an alias: `pattern` (case-insensitive, whole string or word-prefix match) → canonical actor.
    void add(const std::string& pattern, const std::string& canonical, Side side, bool person);
    // Loads "pattern<TAB>canonical<TAB>side<TAB>person|group" lines; '#' starts a comment. Returns rows read.
    size_t loadTsv(const std::string& text);
    // The canonical actor for a name; unknown names keep their own name with side Other.
    Actor resolve(std::string_view name) const;
    size_t size() const { return m_entries.size(); }
    // Lower-case texts of which every name that resolves to `wanted` (an actor, alias or side name, as
    // restrictToActors takes it) contains at least one: for narrowing a database query before the exact test.
    // Empty when no such list exists (the side "Other" takes every unknown name).
    std::vector<std::string> namePatternsFor(const std::string& wanted) const;
    // The canonical actors of one side (each once, sorted).
    std::vector<std::string> actorsOfSide(Side side) const;
    static Side sideFromText(std::string_view text);

private:
    struct Entry {
        std::string pattern;  // lower-case
        Actor actor;
    };
    std::vector<Entry> m_entries;
};

// The default actor table: assets/actors.tsv when found, else the built-in essentials.
const ActorTable& defaultActorTable();
std::string findAssetsDir();

class EventStore {
public:
    size_t size() const { return m_lon.size(); }
    bool empty() const { return m_lon.empty(); }

    // Adds an event; actor names are resolved through `actors`.
    void add(const EventRecord& e, const ActorTable& actors);
    void reserve(size_t n);

    // Hot columns.
    const std::vector<float>& lon() const { return m_lon; }
    const std::vector<float>& lat() const { return m_lat; }
    const std::vector<int32_t>& dayStart() const { return m_dayStart; }
    const std::vector<int32_t>& dayEnd() const { return m_dayEnd; }
    const std::vector<uint8_t>& type() const { return m_type; }
    const std::vector<uint8_t>& precision() const { return m_precision; }
    const std::vector<uint8_t>& datePrecision() const { return m_datePrecision; }
    const std::vector<uint32_t>& actorSet() const { return m_actorSet; }
    const std::vector<int32_t>& fatalities() const { return m_fatalities; }

    // Actors and actor sets.
    const std::vector<Actor>& actors() const { return m_actors; }
    const std::vector<std::vector<uint16_t>>& actorSets() const { return m_sets; }
    // The side an event is drawn in: that of its first actor (the initiator in UCDP's side_a / ACLED's actor1).
    Side sideOfSet(uint32_t set) const { return m_setSide[set]; }
    int actorIndex(std::string_view name) const;

    // Text, kept apart from the hot data.
    std::string_view id(size_t i) const { return text(i, 0); }
    std::string_view place(size_t i) const { return text(i, 1); }
    std::string_view sentence(size_t i) const { return text(i, 2); }
    std::string_view sourceTitle(size_t i) const { return text(i, 3); }
    std::string_view sourceOutlet(size_t i) const { return text(i, 4); }
    std::string_view sourceUrl(size_t i) const { return text(i, 5); }
    std::string_view sourceDate(size_t i) const { return text(i, 6); }
    std::string_view rawType(size_t i) const { return text(i, 7); }
    EventRecord record(size_t i) const;

    int32_t minDay() const { return m_minDay; }
    int32_t maxDay() const { return m_maxDay; }
    // Bytes of the hot columns per event (text excluded).
    size_t hotBytes() const;
    size_t textBytes() const { return m_pool.size() + m_textOffset.size() * sizeof(uint64_t); }

private:
    static constexpr int kTextFields = 8;
    std::string_view text(size_t i, int field) const;
    uint32_t internSet(std::vector<uint16_t> members);

    std::vector<float> m_lon, m_lat;
    std::vector<int32_t> m_dayStart, m_dayEnd;
    std::vector<uint8_t> m_type, m_precision, m_datePrecision;
    std::vector<uint32_t> m_actorSet;
    std::vector<int32_t> m_fatalities;
    std::vector<Actor> m_actors;
    std::unordered_map<std::string, uint16_t> m_actorByName;
    std::vector<std::vector<uint16_t>> m_sets;
    std::vector<Side> m_setSide;
    std::unordered_map<std::string, uint32_t> m_setByKey;
    std::string m_pool;
    std::vector<uint64_t> m_textOffset{0};  // per event: where its fields start in the pool (size()+1 entries)
    int32_t m_minDay = INT32_MAX;
    int32_t m_maxDay = INT32_MIN;
};

}  // namespace fm
