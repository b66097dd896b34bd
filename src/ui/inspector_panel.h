// The Inspector: every field of the selected event (MapScene::selectedEventLayer / selectedEvent), its source
// sentence with the place highlighted, its URL as copyable text, and the other events at the same place; plus
// the compact tooltip shown when hovering an event on the map. Reads the scene; changes only the selection.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "render/map_scene.h"

namespace fm {

void drawInspectorPanel(MapScene& scene, bool* open);

// A tooltip (call while the map is hovered) for event `eventIndex` of event layer `layerId`; nothing when
// either is unknown.
void drawEventTooltip(const MapScene& scene, int layerId, int eventIndex);

// Byte ranges [first, second) of `text` to highlight for `place`: every case-insensitive (ASCII) occurrence of
// the place, or when there is none, of its first word (at least 3 bytes). Empty when nothing matches.
std::vector<std::pair<size_t, size_t>> placeHighlights(std::string_view text, std::string_view place);

// Events of `store` within `meters` of event `i` (excluding it), the closest in time first, at most `maxRows`;
// `total` receives how many there are in all.
std::vector<size_t> eventsNearby(const EventStore& store, size_t i, double meters, size_t maxRows, size_t* total = nullptr);

// The first `maxBytes` bytes of a UTF-8 text, cut at a character boundary, with "…" when shortened.
std::string shortenUtf8(std::string_view text, size_t maxBytes);

}  // namespace fm
