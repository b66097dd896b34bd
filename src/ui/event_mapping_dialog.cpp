#include "ui/event_mapping_dialog.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "ui/field_combo.h"

namespace fm {

namespace {

constexpr const char* kPopup = "Event columns###eventmapping";

// The single-column roles, in dialog order.
struct Role {
    const char* label;
    std::string EventFieldMapping::*field;
    const char* help;
};
const Role kRoles[] = {
    {"Date (start)", &EventFieldMapping::dateStart, "The day of the event, or its first day. Required."},
    {"Date (end)", &EventFieldMapping::dateEnd, "The last day of events lasting several days."},
    {"Date precision", &EventFieldMapping::datePrecision, "day / week / month / year (UCDP, ACLED codes too)."},
    {"Type", &EventFieldMapping::type, "battle, strike, shelling, drone, visit, talks, … (free text is mapped)."},
    {"Sub-type", &EventFieldMapping::subType, nullptr},
    {"Place", &EventFieldMapping::place, nullptr},
    {"Location precision", &EventFieldMapping::precision, "exact / town / district / region / country (UCDP, ACLED codes)."},
    {"Fatalities", &EventFieldMapping::fatalities, nullptr},
    {"Id", &EventFieldMapping::id, nullptr},
    {"Source title", &EventFieldMapping::sourceTitle, nullptr},
    {"Source outlet", &EventFieldMapping::sourceOutlet, nullptr},
    {"Source URL", &EventFieldMapping::sourceUrl, nullptr},
    {"Source date", &EventFieldMapping::sourceDate, nullptr},
    {"Sentence / notes", &EventFieldMapping::sentence, "The text shown in the Inspector, with the place highlighted."},
};

void label(const char* text, const char* help) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(text);
    if (help && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", help);
}

// The text of row `r` in the column named `field` ("" when unmapped).
const std::string& cell(const EventSourcePreview& p, size_t r, const std::string& field) {
    static const std::string empty;
    for (size_t k = 0; k < p.fields.size(); ++k)
        if (!field.empty() && p.fields[k] == field) return p.rows[r][k];
    return empty;
}

void drawRoles(EventMappingDialog& d) {
    const EventSourcePreview& p = d.preview;
    EventFieldMapping& m = d.mapping;
    bool changed = false;
    // Position first: without it nothing loads.
    label("Position", "Where the event is: the layer's point geometry, or longitude and latitude columns.");
    ImGui::SameLine(150.f);
    if (p.hasPointGeometry) {
        int mode = m.useGeometry ? 0 : 1;
        changed |= ImGui::RadioButton("point geometry", &mode, 0);
        ImGui::SameLine();
        changed |= ImGui::RadioButton("lon/lat columns", &mode, 1);
        m.useGeometry = mode == 0;
    } else {
        ImGui::TextDisabled("lon/lat columns (the layer has no point geometry)");
        m.useGeometry = false;
    }
    // Every other role, in two columns of label + combo.
    struct Slot {
        const char* label;
        const char* help;
        std::string* value;
    };
    std::vector<Slot> slots;
    if (!m.useGeometry) {
        slots.push_back({"Longitude", "Decimal degrees east (WGS 84).", &m.lon});
        slots.push_back({"Latitude", "Decimal degrees north (WGS 84).", &m.lat});
    }
    std::vector<std::string> actors = m.actors;
    actors.emplace_back();  // an empty slot adds a column
    for (const Role& r : kRoles) {
        slots.push_back({r.label, r.help, &(m.*r.field)});
        // Actors right after the dates: they matter most after time and place.
        if (r.field == &EventFieldMapping::datePrecision)
            for (size_t a = 0; a < actors.size(); ++a)
                slots.push_back({a == 0 ? "Actors" : "  another actor",
                                 a == 0 ? "Columns naming who was involved (several names in one cell separated by "
                                          "';'). The first actor's side colours the event."
                                        : nullptr,
                                 &actors[a]});
    }
    const size_t rows = (slots.size() + 1) / 2;
    const float half = ImGui::GetContentRegionAvail().x * 0.5f, labelWidth = 130.f;
    for (size_t r = 0; r < rows; ++r) {
        for (size_t c = 0; c < 2; ++c) {
            const size_t k = c * rows + r;  // top to bottom, then the right half
            if (k >= slots.size()) continue;
            if (c == 1) ImGui::SameLine(half);
            label(slots[k].label, slots[k].help);
            ImGui::SameLine(c * half + labelWidth);
            ImGui::PushID(static_cast<int>(k));
            ImGui::SetNextItemWidth(half - labelWidth - 12.f);
            changed |= fieldCombo("##f", *slots[k].value, p.fields);
            ImGui::PopID();
        }
    }
    actors.erase(std::remove(actors.begin(), actors.end(), std::string()), actors.end());
    m.actors = std::move(actors);
    if (changed) d.checkStale = true;
}

void drawPreview(const EventMappingDialog& d) {
    const EventSourcePreview& p = d.preview;
    const EventFieldMapping& m = d.mapping;
    const size_t shown = std::min<size_t>(p.rows.size(), 8);
    const ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit |
                                  ImGuiTableFlags_ScrollX;
    if (!ImGui::BeginTable("preview", 6, flags, ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 9.5f))) return;
    ImGui::TableSetupColumn("row");
    ImGui::TableSetupColumn("date");
    ImGui::TableSetupColumn("position");
    ImGui::TableSetupColumn("actors");
    ImGui::TableSetupColumn("place / type");
    ImGui::TableSetupColumn("loads?");
    ImGui::TableHeadersRow();
    for (size_t r = 0; r < shown; ++r) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%zu", r + 1);
        ImGui::TableNextColumn();
        std::string date = cell(p, r, m.dateStart);
        if (!cell(p, r, m.dateEnd).empty()) date += " – " + cell(p, r, m.dateEnd);
        ImGui::TextUnformatted(date.c_str());
        ImGui::TableNextColumn();
        char pos[64] = "";
        if (m.useGeometry && std::isfinite(p.geometry[r].first))
            std::snprintf(pos, sizeof pos, "%.4f, %.4f", p.geometry[r].first, p.geometry[r].second);
        else if (!m.lon.empty() && !m.lat.empty())
            std::snprintf(pos, sizeof pos, "%.24s, %.24s", cell(p, r, m.lon).c_str(), cell(p, r, m.lat).c_str());
        ImGui::TextUnformatted(pos);
        ImGui::TableNextColumn();
        std::string actors;
        for (const std::string& a : m.actors) {
            const std::string& v = cell(p, r, a);
            if (v.empty()) continue;
            if (!actors.empty()) actors += "; ";
            actors += v;
        }
        ImGui::TextUnformatted(actors.substr(0, 60).c_str());
        ImGui::TableNextColumn();
        std::string what = cell(p, r, m.place);
        if (!cell(p, r, m.type).empty()) what += (what.empty() ? "" : " · ") + cell(p, r, m.type);
        ImGui::TextUnformatted(what.substr(0, 60).c_str());
        ImGui::TableNextColumn();
        const std::string& why = r < d.check.problems.size() ? d.check.problems[r] : std::string();
        if (why.empty()) ImGui::TextColored(ImVec4(0.45f, 0.85f, 0.45f, 1.f), "yes");
        else ImGui::TextColored(ImVec4(0.95f, 0.55f, 0.4f, 1.f), "no: %s", why.c_str());
    }
    ImGui::EndTable();
}

}  // namespace

void openEventMappingDialog(EventMappingDialog& d, EventSourcePreview preview) {
    d.preview = std::move(preview);
    d.mapping = d.preview.mapping;
    if (!d.preview.hasPointGeometry) d.mapping.useGeometry = false;
    d.checkStale = true;
    d.open = true;
    d.popupRequested = true;
    d.loadButtonX = d.loadButtonY = -1.f;
}

MappingChoice drawEventMappingDialog(EventMappingDialog& d) {
    if (!d.open) return MappingChoice::None;
    if (d.popupRequested) {
        ImGui::OpenPopup(kPopup);
        d.popupRequested = false;
    }
    if (d.checkStale) {
        d.check = checkPreviewRows(d.preview, d.mapping);
        d.checkStale = false;
    }
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    // A fixed width; the height fits the content every frame (an actor column added makes it taller).
    ImGui::SetNextWindowSize(ImVec2(std::min(900.f, io.DisplaySize.x - 20), 0.f), ImGuiCond_Always);
    MappingChoice choice = MappingChoice::None;
    bool keepOpen = true;
    if (!ImGui::BeginPopupModal(kPopup, &keepOpen)) {
        d.open = false;  // closed by its title bar's button (or by anything else): nothing is opened
        return MappingChoice::Cancel;
    }
    const EventSourcePreview& p = d.preview;
    const std::string name = std::filesystem::path(p.path).filename().string();
    ImGui::Text("%s%s%s", name.c_str(), p.layer.empty() || p.layer == std::filesystem::path(p.path).stem().string() ? "" : ", layer ",
                p.layer.empty() || p.layer == std::filesystem::path(p.path).stem().string() ? "" : p.layer.c_str());
    if (p.detected)
        ImGui::TextDisabled("Detected as %s events; change any column below.", eventSchemaName(p.mapping.schema));
    else if (p.dateGuessed)
        ImGui::TextColored(ImVec4(0.95f, 0.75f, 0.35f, 1.f),
                           "No date column by name; '%s' holds dates, so it is proposed. Check the columns below.",
                           p.mapping.dateStart.c_str());
    else
        ImGui::TextColored(ImVec4(0.95f, 0.75f, 0.35f, 1.f),
                           "No date column was recognised: pick the column holding each event's date.");
    ImGui::Separator();
    drawRoles(d);
    ImGui::Separator();
    if (p.totalRows >= 0)
        ImGui::Text("Of the first %zu rows (of %lld), %zu load.", d.check.checked, p.totalRows, d.check.loadable);
    else
        ImGui::Text("Of the first %zu rows, %zu load.", d.check.checked, d.check.loadable);
    if (d.check.firstProblemRow > 0) {
        ImGui::SameLine();
        ImGui::TextDisabled("First skipped: row %lld, %s.", d.check.firstProblemRow, d.check.firstProblem.c_str());
    }
    drawPreview(d);
    const bool canLoad = !d.mapping.dateStart.empty() && (d.mapping.useGeometry || (!d.mapping.lon.empty() && !d.mapping.lat.empty()));
    ImGui::BeginDisabled(!canLoad);
    if (ImGui::Button("Load events", ImVec2(130, 0))) choice = MappingChoice::Load;
    const ImVec2 bmin = ImGui::GetItemRectMin(), bmax = ImGui::GetItemRectMax();
    d.loadButtonX = 0.5f * (bmin.x + bmax.x);
    d.loadButtonY = 0.5f * (bmin.y + bmax.y);
    ImGui::EndDisabled();
    if (!canLoad && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Pick a date column and a position first.");
    ImGui::SameLine();
    if (ImGui::Button("Open as a plain layer", ImVec2(170, 0))) choice = MappingChoice::OpenAsLayer;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Draw the points as an ordinary vector layer, without dates.");
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(100, 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) choice = MappingChoice::Cancel;
    if (choice != MappingChoice::None) {
        d.open = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
    return choice;
}

}  // namespace fm
