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

// Distances are measured in a Lambert azimuthal equal-area projection centred on the layer's extent: within 500 km
// of the centre they are within 0.1% of the geodesic distance on WGS 84, within 1000 km 0.3% (tested against
// PROJ's geodesic). EPSG:3035, centred on 10°E, was 1.2% off at 36°E.
std::vector<float> eventFrontDistances(const EventStore& events, const TimeLayer& layer, const SideTable& sides,
                                       const OGRGeometry* ukraineOutline, const OGRGeometry* russiaOutline = nullptr,
                                       Job* job = nullptr);

}  // namespace fm
