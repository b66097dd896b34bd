// Events against the front line: for each event, the distance in km to the front line of the snapshot in force on
// the event's first day, signed by side: negative behind Russian lines (inside ground Russia's side holds),
// positive elsewhere. NaN where the layer has no snapshot on or before the event, or no line.
#pragma once

#include <vector>

#include "core/job.h"
#include "geo/area_change.h"
#include "model/event_store.h"
#include "sources/time_layer.h"

class OGRGeometry;

namespace fm {

// Distances are measured in ETRS89-LAEA (EPSG:3035), an equal-area projection whose distance error over Ukraine and
// western Russia is well under 1%; plenty for "how far from the front".
std::vector<float> eventFrontDistances(const EventStore& events, const TimeLayer& layer, const SideTable& sides,
                                       const OGRGeometry* ukraineOutline, const OGRGeometry* russiaOutline = nullptr,
                                       Job* job = nullptr);

}  // namespace fm
