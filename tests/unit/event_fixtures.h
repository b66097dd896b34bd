// Small builders the event tests share.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model/event_store.h"

namespace fm::test {

// One event at (lon, lat) from day d0 to d1.
inline EventRecord makeEvent(const std::string& id, double lon, double lat, int32_t d0, int32_t d1,
                             std::vector<std::string> actors, EventType type, LocationPrecision precision) {
    EventRecord e;
    e.id = id;
    e.lon = lon;
    e.lat = lat;
    e.dayStart = d0;
    e.dayEnd = d1;
    e.actors = std::move(actors);
    e.type = type;
    e.precision = precision;
    return e;
}

}  // namespace fm::test
