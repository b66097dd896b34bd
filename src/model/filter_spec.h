// The user's event filter, independent of any one file: dates, actor names switched off, types, precisions,
// and the timeline's playback state. Every event layer turns it into its own EventFilter (actors by name).
#pragma once

#include <cmath>
#include <cstdint>
#include <set>
#include <string>

#include "model/event_filter.h"

namespace fm {

enum class PlaybackMode { Window, Cumulative };

struct FilterSpec {
    int32_t dayFrom = INT32_MIN;  // inclusive
    int32_t dayTo = INT32_MAX;    // inclusive
    std::set<std::string> hiddenActors;  // canonical actor names switched off
    bool showUnattributed = true;
    uint32_t typeMask = 0xffffffffu;
    uint32_t precisionMask = 0xffffffffu;
    uint64_t version = 0;  // bumped on every change, so views know when to recount
    // Events against the front line (needs a time-versioned layer): within this many km of the line (0 = off),
    // and on which side of it (0 any, 1 behind Russian lines, 2 elsewhere).
    float frontMaxKm = 0.f;
    int heldBy = 0;
    bool frontFilterOn() const { return frontMaxKm > 0.f || heldBy != 0; }
    bool frontPasses(float km) const {
        if (frontMaxKm > 0.f && !(std::fabs(km) <= frontMaxKm)) return false;
        if (heldBy == 1 && !(km < 0.f)) return false;
        if (heldBy == 2 && !(km >= 0.f)) return false;
        return true;
    }

    // Playback (the timeline panel drives it).
    bool playing = false;
    PlaybackMode mode = PlaybackMode::Window;
    float daysPerSecond = 7.f;
    bool loop = true;

    void touch() { ++version; }
    EventFilter forStore(const EventStore& store) const {
        EventFilter f;
        f.dayFrom = dayFrom;
        f.dayTo = dayTo;
        f.typeMask = typeMask;
        f.precisionMask = precisionMask;
        f.showUnattributed = showUnattributed;
        f.actorEnabled.assign(store.actors().size(), 1);
        for (size_t a = 0; a < store.actors().size(); ++a)
            if (hiddenActors.count(store.actors()[a].name)) f.actorEnabled[a] = 0;
        return f;
    }
};

}  // namespace fm

namespace fm {

// Restricts `spec` to events involving any of `wanted` (actor names or aliases, or side names such as
// "Russia", "Ukraine", "United States"): every other actor of the given stores is hidden, and events without
// actors too. Returns the wanted entries that matched nothing (for a clear message).
std::vector<std::string> restrictToActors(FilterSpec& spec, const std::vector<const EventStore*>& stores,
                                          const std::vector<std::string>& wanted, const ActorTable& table);

// The actor part of the filter as a database query can ask for it: the actors and sides shown, read as a set of
// what is turned on. A side none of whose seen actors is hidden is on whole (its name; unseen actors of it
// included); a side all of whose seen actors are hidden is off; a side shown in part is its shown actors, and for
// Russia, Ukraine and the United States also the actor table's actors of that side not hidden. Unknown names
// belong to the side Other, so while Other is on whole (or nothing is hidden) nothing can be narrowed: `actors`
// is empty (ask for every row). `actorless`: rows naming no actor are wanted too. Hidden actors count as seen (their
// side from the actor table) even when no store names them any more, so a narrowed answer keeps its narrowing.
struct ShownActors {
    std::vector<std::string> actors;  // sorted, each once; empty: no actor condition
    bool actorless = false;
};
ShownActors shownActorsForQuery(const FilterSpec& spec, const std::vector<const EventStore*>& stores, const ActorTable& table);

// Hides the actors of `stores` that none of `wanted` (as shownActorsForQuery lists them) names: after a narrowed
// answer arrives, its actors the query did not ask for (seen for the first time, of a side turned off) stay off,
// so what is drawn does not depend on which extra rows the server's superset happened to send. Returns true
// when something was hidden. Nothing happens when `wanted` is empty.
bool hideActorsNotWanted(FilterSpec& spec, const std::vector<const EventStore*>& stores, const std::vector<std::string>& wanted,
                         const ActorTable& table);

}  // namespace fm
