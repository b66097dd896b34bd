// The Timeline panel along the bottom of the window: a histogram of events over the whole date range of the
// event layers, on which a date window is dragged, date boxes, step buttons and playback controls. It edits
// MapScene::filter's dates and playback settings; TimelineState holds only what the panel needs between frames
// (the histogram cache, the text being typed, the drag in progress, the playback's fraction of a day).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "render/map_scene.h"

namespace fm {

struct TimelineState {
    // Histogram cache: recomputed only when the non-date part of the filter or the set of layers changes.
    std::string histKey;
    uint64_t keyVersion = UINT64_MAX;  // filter version histKey's filter part was built at
    std::string filterKey;
    std::vector<uint32_t> bins;
    int32_t histFirst = 0, histLast = -1;
    int binDays = 1;
    uint32_t histMax = 0;
    size_t histBuilds = 0;  // how many times the histogram was computed (for tests)

    // Date boxes.
    std::string fromText, toText;
    bool fromEditing = false, toEditing = false;
    std::string dateError;

    // Dragging on the histogram.
    enum class Drag { None, Select, Move };
    Drag drag = Drag::None;
    int32_t dragDay = 0;     // the day clicked
    int32_t dragLength = 0;  // window length (to - from) when moving
    bool dragMoved = false;

    double playCarry = 0.0;  // fraction of a day playback still owes
};

void drawTimelinePanel(MapScene& scene, TimelineState& state, bool* open);

// Advances playback by `seconds` over the scene's event day range. The viewer calls it once per frame, before
// the panels; it stops playback when there are no event layers.
void tickPlayback(MapScene& scene, TimelineState& state, double seconds);

// Days per histogram bin for a range: 1 up to ~400 days, then 7, then 30, then whatever keeps it ≤ 600 bars.
int histogramBinDays(int32_t firstDay, int32_t lastDay);

// Recomputes the histogram (the sum over visible layers of EventIndex::histogram with each layer's non-date
// filter) when its key changed. Returns whether it recomputed.
bool updateTimelineHistogram(const MapScene& scene, TimelineState& state);

// Applies a typed date to the From (isTo false) or To box's end of the window. On a date parseDate() refuses it
// changes nothing and fills `error`. A From after To moves To along (and the other way round).
bool applyTypedDate(FilterSpec& spec, const std::string& text, bool isTo, std::string& error);

}  // namespace fm
