// The Events panel: which actors (grouped by side), event types and location precisions are shown, with live
// counts from the layers' indexes; each event layer's visibility, symbol size, opacity and removal; aggregation;
// and the legend of side colours and type symbols. It edits MapScene::filter (and the layers' display settings)
// and owns nothing but its search text.
#pragma once

#include <imgui.h>

#include <string>
#include <string_view>
#include <vector>

#include "render/map_scene.h"

namespace fm {

struct EventFilterPanelState {
    std::string search;
};

void drawEventFilterPanel(MapScene& scene, EventFilterPanelState& state, bool* open);

// One actor as the panel lists it: actors of all event layers combined by canonical name.
struct ActorEntry {
    std::string name;
    Side side = Side::Other;
    bool person = false;
    size_t count = 0;  // events involving it that pass every other filter, over visible layers
    bool hidden = false;
};

// The actors of every event layer, by side, groups before people, then by name.
std::vector<ActorEntry> collectActors(const MapScene& scene);

enum class TriState { None, Some, All };
// Whether all, some or none of the side's actors are shown (None also when the side has no actors).
TriState sideState(const std::vector<ActorEntry>& actors, Side side);

// Filter edits; each touches the spec when it changed something.
void setActorShown(FilterSpec& spec, const std::string& name, bool shown);
void setSideShown(FilterSpec& spec, const std::vector<ActorEntry>& actors, Side side, bool shown);
void setTypeShown(FilterSpec& spec, EventType type, bool shown);
void setPrecisionShown(FilterSpec& spec, LocationPrecision precision, bool shown);

// Case-insensitive (ASCII) substring match; an empty search matches everything.
bool matchesSearch(std::string_view text, std::string_view search);

// The colour events of a side are drawn in (as the map draws them).
ImU32 sideColorU32(Side side, float alpha = 1.f);
// The map's symbol for an event type, centred at `c` with radius `r`, outlined in white like on the map.
void drawEventSymbol(ImDrawList* dl, ImVec2 c, float r, EventType type, ImU32 color);

}  // namespace fm
