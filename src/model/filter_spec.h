// The user's event filter, independent of any one file: dates, actor names switched off, types, precisions,
// and the timeline's playback state. Every event layer turns it into its own EventFilter (actors by name).
#pragma once

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

}  // namespace fm
