#include "ui/event_filter_panel.h"
#include "ui/panel_layout.h"

#include <imgui.h>
#include <imgui_internal.h>  // PushItemFlag(ImGuiItemFlags_MixedValue): the "some" look of a side's checkbox
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <unordered_map>

namespace fm {

namespace {

const ImU32 kOutline = IM_COL32(255, 255, 255, 230);
const ImU32 kNeutralSymbol = IM_COL32(170, 170, 170, 255);  // type symbols where no side is meant
const ImVec4 kPersonText = ImVec4(0.95f, 0.85f, 0.55f, 1.f);

char lowerAscii(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// A small item the size of a text line with the type's symbol in it.
void symbolItem(EventType type, ImU32 color) {
    const float h = ImGui::GetTextLineHeight();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(h, h));
    drawEventSymbol(ImGui::GetWindowDrawList(), ImVec2(p.x + h * 0.5f, p.y + h * 0.5f), h * 0.36f, type, color);
}

void swatchItem(ImU32 color) {
    const float h = ImGui::GetTextLineHeight();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(h, h));
    ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(p.x + h * 0.5f, p.y + h * 0.5f), h * 0.36f, color);
}

void actorsSection(MapScene& scene, EventFilterPanelState& state) {
    FilterSpec& spec = scene.filter;
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##actorsearch", "Search actors", &state.search);
    const std::vector<ActorEntry> actors = collectActors(scene);
    if (actors.empty()) ImGui::TextDisabled("These events name no actors.");
    const bool searching = !state.search.empty();
    for (int s = 0; s < kSideCount; ++s) {
        const Side side = static_cast<Side>(s);
        std::vector<size_t> rows;
        size_t inSide = 0;
        for (size_t i = 0; i < actors.size(); ++i) {
            if (actors[i].side != side) continue;
            ++inSide;
            if (matchesSearch(actors[i].name, state.search)) rows.push_back(i);
        }
        if (inSide == 0 || (searching && rows.empty())) continue;
        ImGui::PushID(s);
        const TriState ts = sideState(actors, side);
        bool all = ts == TriState::All;
        if (ts == TriState::Some) ImGui::PushItemFlag(ImGuiItemFlags_MixedValue, true);
        // From "some", a click shows the whole side (the bool goes false → true).
        if (ImGui::Checkbox("##side", &all)) setSideShown(spec, actors, side, all);
        if (ts == TriState::Some) ImGui::PopItemFlag();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show or hide every actor of %s", sideName(side));
        ImGui::SameLine();
        swatchItem(sideColorU32(side));
        ImGui::SameLine();
        if (searching) ImGui::SetNextItemOpen(true, ImGuiCond_Always);
        char label[96];
        std::snprintf(label, sizeof label, "%s  (%zu actor%s)###sidenode", sideName(side), inSide, inSide == 1 ? "" : "s");
        if (ImGui::TreeNodeEx(label, ImGuiTreeNodeFlags_SpanAvailWidth)) {
            ImGuiListClipper clipper;
            clipper.Begin(static_cast<int>(rows.size()));
            while (clipper.Step()) {
                for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
                    const ActorEntry& a = actors[rows[static_cast<size_t>(r)]];
                    ImGui::PushID(a.name.c_str());
                    bool shown = !a.hidden;
                    if (a.person) ImGui::PushStyleColor(ImGuiCol_Text, kPersonText);
                    const std::string text = a.person ? a.name + " (person)" : a.name;
                    if (ImGui::Checkbox(text.c_str(), &shown)) setActorShown(spec, a.name, shown);
                    if (a.person) ImGui::PopStyleColor();
                    ImGui::SameLine();
                    ImGui::TextDisabled("%zu", a.count);
                    ImGui::PopID();
                }
            }
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
    size_t unattributed = 0;
    for (const auto& l : scene.eventLayers)
        if (l.visible) unattributed += l.counts.unattributed;
    bool showUnattributed = spec.showUnattributed;
    if (ImGui::Checkbox("Events without actors", &showUnattributed)) {
        spec.showUnattributed = showUnattributed;
        spec.touch();
    }
    ImGui::SameLine();
    ImGui::TextDisabled("%zu", unattributed);
}

void typesSection(MapScene& scene) {
    FilterSpec& spec = scene.filter;
    size_t perType[kEventTypeCount] = {};
    size_t perPrecision[kLocationPrecisionCount] = {};
    for (const auto& l : scene.eventLayers) {
        if (!l.visible) continue;
        for (int t = 0; t < kEventTypeCount; ++t) perType[t] += l.counts.perType[t];
        for (int p = 0; p < kLocationPrecisionCount; ++p) perPrecision[p] += l.counts.perPrecision[p];
    }
    if (ImGui::SmallButton("All types")) {
        spec.typeMask = 0xffffffffu;
        spec.touch();
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("No types")) {
        spec.typeMask = 0;
        spec.touch();
    }
    for (int t = 0; t < kEventTypeCount; ++t) {
        const EventType type = static_cast<EventType>(t);
        ImGui::PushID(t);
        symbolItem(type, kNeutralSymbol);
        ImGui::SameLine();
        bool on = (spec.typeMask >> t) & 1u;
        if (ImGui::Checkbox(eventTypeLabel(type), &on)) setTypeShown(spec, type, on);
        ImGui::SameLine();
        ImGui::TextDisabled("%zu", perType[t]);
        ImGui::PopID();
    }
    ImGui::Spacing();
    ImGui::TextUnformatted("Location precision");
    for (int p = 0; p < kLocationPrecisionCount; ++p) {
        const LocationPrecision prec = static_cast<LocationPrecision>(p);
        ImGui::PushID(100 + p);
        bool on = (spec.precisionMask >> p) & 1u;
        if (ImGui::Checkbox(locationPrecisionName(prec), &on)) setPrecisionShown(spec, prec, on);
        ImGui::SameLine();
        ImGui::TextDisabled("%zu", perPrecision[p]);
        const double r = uncertaintyRadiusMeters(prec);
        if (r > 0 && ImGui::IsItemHovered()) ImGui::SetTooltip("Drawn with an area of about %.0f km around it", r / 1000.0);
        ImGui::PopID();
    }
}

void layersSection(MapScene& scene) {
    int removeId = 0;
    for (auto& l : scene.eventLayers) {
        ImGui::PushID(l.id);
        ImGui::Checkbox("##visible", &l.visible);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show this layer");
        ImGui::SameLine();
        ImGui::TextUnformatted(l.title.c_str());
        if (ImGui::IsItemHovered() && l.data) {
            ImGui::BeginTooltip();
            ImGui::PushTextWrapPos(ImGui::GetFontSize() * 35.f);
            ImGui::TextUnformatted(l.data->report.summary().c_str());
            ImGui::PopTextWrapPos();
            ImGui::EndTooltip();
        }
        if (l.data && !l.data->weights.empty()) {
            uint64_t events = 0;
            for (uint32_t w : l.data->weights) events += w;
            ImGui::TextDisabled("%llu events in view, counted by the server (%zu groups)", static_cast<unsigned long long>(events),
                                l.data->store.size());
        } else {
            ImGui::TextDisabled("%zu of %zu events shown%s", l.counts.total, l.data ? l.data->store.size() : size_t{0},
                                l.clustered ? " (aggregated)" : "");
        }
        ImGui::SameLine();
        if (ImGui::SmallButton("Remove")) removeId = l.id;
        ImGui::SetNextItemWidth(120);
        ImGui::SliderFloat("symbol size", &l.pointRadius, 2.f, 12.f, "%.1f px");
        ImGui::SetNextItemWidth(120);
        ImGui::SliderFloat("opacity", &l.opacity, 0.f, 1.f, "%.2f");
        ImGui::Separator();
        ImGui::PopID();
    }
    if (removeId) scene.removeEventLayer(removeId);
    // Against the front line: needs a time-versioned layer (areas of control) to measure from.
    if (!scene.timeLayers.empty()) {
        ImGui::TextUnformatted("Front line");
        float km = scene.filter.frontMaxKm;
        ImGui::SetNextItemWidth(140);
        if (ImGui::SliderFloat("within (km, 0 = off)", &km, 0.f, 200.f, km > 0 ? "%.0f km" : "off")) {
            scene.filter.frontMaxKm = km;
            scene.filter.touch();
        }
        static const char* const kHeld[] = {"either side", "behind Russian lines", "outside Russian-held ground"};
        int held = scene.filter.heldBy;
        ImGui::SetNextItemWidth(200);
        if (ImGui::Combo("##held", &held, kHeld, 3)) {
            scene.filter.heldBy = held;
            scene.filter.touch();
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Distances are measured to the front line of the snapshot in force on each event's first day");
    }
    static const char* const kModes[] = {"Auto", "Always", "Never"};
    int mode = static_cast<int>(scene.aggregate);
    ImGui::SetNextItemWidth(120);
    if (ImGui::Combo("Aggregation", &mode, kModes, 3)) scene.aggregate = static_cast<AggregateMode>(mode);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Auto: group events into counted bubbles when thousands pass and the map is zoomed out");
}

void legendSection() {
    for (int s = 0; s < kSideCount; ++s) {
        if (s % 2) ImGui::SameLine(ImGui::GetFontSize() * 9.f);
        swatchItem(sideColorU32(static_cast<Side>(s)));
        ImGui::SameLine();
        ImGui::TextUnformatted(sideName(static_cast<Side>(s)));
    }
    ImGui::TextDisabled("Colour: the side of the first actor named (the initiator).");
    for (int t = 0; t < kEventTypeCount; ++t) {
        if (t % 2) ImGui::SameLine(ImGui::GetFontSize() * 9.f);
        symbolItem(static_cast<EventType>(t), kNeutralSymbol);
        ImGui::SameLine();
        ImGui::TextUnformatted(eventTypeLabel(static_cast<EventType>(t)));
    }
    ImGui::TextDisabled("A faint disc around a symbol: the area an imprecise location stands for.");
}

}  // namespace

std::vector<ActorEntry> collectActors(const MapScene& scene) {
    std::vector<ActorEntry> out;
    std::unordered_map<std::string, size_t> byName;
    for (const auto& l : scene.eventLayers) {
        if (!l.data) continue;
        const auto& actors = l.data->store.actors();
        for (size_t a = 0; a < actors.size(); ++a) {
            auto it = byName.find(actors[a].name);
            if (it == byName.end()) {
                it = byName.emplace(actors[a].name, out.size()).first;
                ActorEntry e;
                e.name = actors[a].name;
                e.side = actors[a].side;
                e.person = actors[a].person;
                e.hidden = scene.filter.hiddenActors.count(e.name) != 0;
                out.push_back(std::move(e));
            }
            if (l.visible && a < l.counts.perActor.size()) out[it->second].count += l.counts.perActor[a];
        }
    }
    std::sort(out.begin(), out.end(), [](const ActorEntry& x, const ActorEntry& y) {
        if (x.side != y.side) return x.side < y.side;
        if (x.person != y.person) return !x.person;
        return x.name < y.name;
    });
    return out;
}

TriState sideState(const std::vector<ActorEntry>& actors, Side side) {
    size_t n = 0, shown = 0;
    for (const auto& a : actors) {
        if (a.side != side) continue;
        ++n;
        if (!a.hidden) ++shown;
    }
    if (n == 0 || shown == 0) return TriState::None;
    return shown == n ? TriState::All : TriState::Some;
}

void setActorShown(FilterSpec& spec, const std::string& name, bool shown) {
    const bool changed = shown ? spec.hiddenActors.erase(name) > 0 : spec.hiddenActors.insert(name).second;
    if (changed) spec.touch();
}

void setSideShown(FilterSpec& spec, const std::vector<ActorEntry>& actors, Side side, bool shown) {
    bool changed = false;
    for (const auto& a : actors) {
        if (a.side != side) continue;
        changed |= shown ? spec.hiddenActors.erase(a.name) > 0 : spec.hiddenActors.insert(a.name).second;
    }
    if (changed) spec.touch();
}

void setTypeShown(FilterSpec& spec, EventType type, bool shown) {
    const uint32_t bit = 1u << static_cast<int>(type);
    const uint32_t mask = shown ? (spec.typeMask | bit) : (spec.typeMask & ~bit);
    if (mask == spec.typeMask) return;
    spec.typeMask = mask;
    spec.touch();
}

void setPrecisionShown(FilterSpec& spec, LocationPrecision precision, bool shown) {
    const uint32_t bit = 1u << static_cast<int>(precision);
    const uint32_t mask = shown ? (spec.precisionMask | bit) : (spec.precisionMask & ~bit);
    if (mask == spec.precisionMask) return;
    spec.precisionMask = mask;
    spec.touch();
}

bool matchesSearch(std::string_view text, std::string_view search) {
    if (search.empty()) return true;
    if (search.size() > text.size()) return false;
    for (size_t i = 0; i + search.size() <= text.size(); ++i) {
        size_t k = 0;
        while (k < search.size() && lowerAscii(text[i + k]) == lowerAscii(search[k])) ++k;
        if (k == search.size()) return true;
    }
    return false;
}

ImU32 sideColorU32(Side side, float alpha) {
    // The renderer's defaults, so the legend always matches the map.
    static const EventDrawParams kDefaults;
    const int s = std::clamp(static_cast<int>(side), 0, kSideCount - 1);
    const Color& c = kDefaults.sideColors[s];
    return ImGui::ColorConvertFloat4ToU32(ImVec4(c.r, c.g, c.b, c.a * alpha));
}

void drawEventSymbol(ImDrawList* dl, ImVec2 c, float r, EventType type, ImU32 color) {
    const float outline = std::max(1.f, r * 0.18f);
    switch (type) {
        case EventType::Battle:
            dl->AddCircleFilled(c, r, color, 20);
            dl->AddCircle(c, r, kOutline, 20, outline);
            break;
        case EventType::Strike: {
            const float h = r * 0.82f;
            dl->AddRectFilled(ImVec2(c.x - h, c.y - h), ImVec2(c.x + h, c.y + h), color);
            dl->AddRect(ImVec2(c.x - h, c.y - h), ImVec2(c.x + h, c.y + h), kOutline, 0.f, 0, outline);
            break;
        }
        case EventType::DroneMissile: {
            const float h = r * 1.05f;
            const ImVec2 a(c.x, c.y - h), b(c.x - h * 0.866f, c.y + h * 0.5f), d(c.x + h * 0.866f, c.y + h * 0.5f);
            dl->AddTriangleFilled(a, b, d, color);
            dl->AddTriangle(a, b, d, kOutline, outline);
            break;
        }
        case EventType::Visit: {
            const float h = r * 1.15f;
            const ImVec2 a(c.x, c.y - h), b(c.x + h, c.y), d(c.x, c.y + h), e(c.x - h, c.y);
            dl->AddQuadFilled(a, b, d, e, color);
            dl->AddQuad(a, b, d, e, kOutline, outline);
            break;
        }
        case EventType::Talks:
            dl->AddNgonFilled(c, r * 0.95f, color, 6);
            dl->AddNgon(c, r * 0.95f, kOutline, 6, outline);
            break;
        case EventType::Statement:
            dl->AddCircle(c, r * 0.8f, kOutline, 20, r * 0.56f + 2.f * outline);
            dl->AddCircle(c, r * 0.8f, color, 20, r * 0.56f);
            break;
        case EventType::Mention:
            dl->AddCircleFilled(c, r * 0.6f, color, 12);
            dl->AddCircle(c, r * 0.6f, kOutline, 12, outline);
            break;
        case EventType::Other: {
            const float h = r * 0.85f, w = r * 0.42f;
            dl->AddLine(ImVec2(c.x - h, c.y - h), ImVec2(c.x + h, c.y + h), kOutline, w + 2.f * outline);
            dl->AddLine(ImVec2(c.x - h, c.y + h), ImVec2(c.x + h, c.y - h), kOutline, w + 2.f * outline);
            dl->AddLine(ImVec2(c.x - h, c.y - h), ImVec2(c.x + h, c.y + h), color, w);
            dl->AddLine(ImVec2(c.x - h, c.y + h), ImVec2(c.x + h, c.y - h), color, w);
            break;
        }
    }
}

void drawEventFilterPanel(MapScene& scene, EventFilterPanelState& state, bool* open) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(std::max(0.f, display.x - 290.f), 30.f), panelLayoutCond("Events"));
    ImGui::SetNextWindowSize(ImVec2(280.f, std::clamp(display.y - 24.f - 170.f - 40.f, 300.f, 520.f)), panelLayoutCond("Events"));
    if (!ImGui::Begin("Events", open)) {
        ImGui::End();
        return;
    }
    if (scene.eventLayers.empty()) {
        ImGui::TextWrapped("No event layers. Open an event file (GeoJSON/CSV/GPKG, UCDP or ACLED) to filter its events here.");
        if (ImGui::CollapsingHeader("Legend")) legendSection();
        ImGui::End();
        return;
    }
    if (ImGui::CollapsingHeader("Actors", ImGuiTreeNodeFlags_DefaultOpen)) actorsSection(scene, state);
    if (ImGui::CollapsingHeader("Event types", ImGuiTreeNodeFlags_DefaultOpen)) typesSection(scene);
    if (ImGui::CollapsingHeader("Layers", ImGuiTreeNodeFlags_DefaultOpen)) layersSection(scene);
    if (ImGui::CollapsingHeader("Legend", ImGuiTreeNodeFlags_DefaultOpen)) legendSection();
    ImGui::End();
}

}  // namespace fm
