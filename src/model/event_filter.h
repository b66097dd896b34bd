// The event filter the UI edits (dates, actors, types, location precision), and the CPU index that answers
// "how many events pass" and the faceted counts the panels show, in microseconds even for millions of events:
// events are grouped into cells of (actor set, type, precision) holding sorted start and end days, so a count
// for a date range is two binary searches per cell.
#pragma once

#include <cstdint>
#include <vector>

#include "model/event_store.h"

namespace fm {

struct EventFilter {
    int32_t dayFrom = INT32_MIN;  // inclusive; an event [s, e] passes when s <= dayTo and e >= dayFrom
    int32_t dayTo = INT32_MAX;
    std::vector<uint8_t> actorEnabled;  // per actor of the store; missing entries count as enabled
    bool showUnattributed = true;       // events with no actor at all
    uint32_t typeMask = 0xffffffffu;
    uint32_t precisionMask = 0xffffffffu;

    bool actorOn(size_t a) const { return a >= actorEnabled.size() || actorEnabled[a] != 0; }
    bool typeOn(int t) const { return (typeMask >> t) & 1u; }
    bool precisionOn(int p) const { return (precisionMask >> p) & 1u; }
};

// Whether each actor set passes the actor filter: a set passes when any of its actors is enabled.
std::vector<uint8_t> actorSetsEnabled(const EventStore& store, const EventFilter& filter);

// The per-event test, for code that walks events (exports, clustering); the index is faster for counts.
inline bool eventPasses(const EventStore& s, size_t i, const EventFilter& f, const std::vector<uint8_t>& setOn) {
    return f.dayFrom <= f.dayTo && s.dayStart()[i] <= f.dayTo && s.dayEnd()[i] >= f.dayFrom && setOn[s.actorSet()[i]] &&
           f.typeOn(s.type()[i]) &&
           f.precisionOn(s.precision()[i]);
}

struct EventCounts {
    size_t total = 0;                    // passing every filter
    std::vector<size_t> perActor;        // passing all but the actor filter, involving the actor
    size_t unattributed = 0;             // passing all but the actor filter, with no actor
    size_t perSide[kSideCount] = {};     // passing all filters, by drawing side
    size_t perType[kEventTypeCount] = {};              // passing all but the type filter
    size_t perPrecision[kLocationPrecisionCount] = {};  // passing all but the precision filter
};

class EventIndex {
public:
    void build(const EventStore& store);
    EventCounts count(const EventStore& store, const EventFilter& filter) const;
    // Events per bin of `binDays` days from `firstDay`, counting an event on every day it covers, among events
    // passing the non-date filters. Computed from the cells (two searches per cell and bin), not per event.
    std::vector<uint32_t> histogram(const EventStore& store, const EventFilter& filter, int32_t firstDay, int32_t lastDay,
                                    int binDays) const;
    size_t cellCount() const { return m_cells.size(); }

private:
    struct Cell {
        uint32_t actorSet;
        uint8_t type;
        uint8_t precision;
        std::vector<int32_t> starts;  // sorted
        std::vector<int32_t> ends;    // sorted
    };
    std::vector<Cell> m_cells;
};

}  // namespace fm
