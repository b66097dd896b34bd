#include "ui/change_panel.h"
#include "ui/panel_layout.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <cstdio>

namespace fm {

namespace {

void table(const char* id, const std::vector<AreaRow>& rows, const AreaChange& r) {
    if (rows.empty()) return;
    if (!ImGui::BeginTable(id, 6, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) return;
    ImGui::TableSetupColumn("");
    ImGui::TableSetupColumn("Side");
    ImGui::TableSetupColumn(formatDay(r.fromSnapshot).c_str());
    ImGui::TableSetupColumn(formatDay(r.toSnapshot).c_str());
    ImGui::TableSetupColumn("Gained");
    ImGui::TableSetupColumn("Lost");
    ImGui::TableHeadersRow();
    for (const AreaRow& row : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row.name.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row.side.c_str());
        for (double v : {row.areaFrom, row.areaTo, row.gained, row.lost}) {
            ImGui::TableNextColumn();
            ImGui::Text("%.1f", v);
        }
    }
    ImGui::EndTable();
}

}  // namespace

void drawChangePanel(MapScene& scene, ChangePanelState& st, UiRequests& req, bool* open) {
    ImGui::SetNextWindowSize(ImVec2(560, 360), panelLayoutCond("Change between dates"));
    ImGui::SetNextWindowPos(ImVec2(320, 60), panelLayoutCond("Change between dates"));
    if (!ImGui::Begin("Change between dates", open)) {
        ImGui::End();
        return;
    }
    if (scene.timeLayers.empty()) {
        ImGui::TextWrapped("Open a layer of areas of control over time (polygons with a date field, e.g. front-line "
                           "snapshots) to compare two dates.");
        ImGui::End();
        return;
    }
    if (!scene.findTimeLayer(st.layerId)) st.layerId = scene.timeLayers.front().id;
    SceneTimeLayer* layer = scene.findTimeLayer(st.layerId);
    if (ImGui::BeginCombo("Layer", layer->title.c_str())) {
        for (auto& l : scene.timeLayers)
            if (ImGui::Selectable(l.title.c_str(), l.id == st.layerId)) st.layerId = l.id;
        ImGui::EndCombo();
    }
    if (st.from.empty() && scene.filter.dayFrom != INT32_MIN) st.from = formatDay(scene.filter.dayFrom);
    if (st.to.empty() && scene.filter.dayTo != INT32_MAX) st.to = formatDay(scene.filter.dayTo);
    ImGui::SetNextItemWidth(110);
    ImGui::InputTextWithHint("From", "YYYY-MM-DD", &st.from);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110);
    ImGui::InputTextWithHint("To", "YYYY-MM-DD", &st.to);
    ImGui::SameLine();
    if (ImGui::SmallButton("Use timeline")) {
        if (scene.filter.dayFrom != INT32_MIN) st.from = formatDay(scene.filter.dayFrom);
        if (scene.filter.dayTo != INT32_MAX) st.to = formatDay(scene.filter.dayTo);
    }
    ImGui::BeginDisabled(st.computing);
    if (ImGui::Button(st.computing ? "Computing…" : "Compute")) {
        ParsedDate a, b;
        std::string why;
        if (!parseDate(st.from, a, why))
            st.error = "From: " + why;
        else if (!parseDate(st.to, b, why))
            st.error = "To: " + why;
        else if (a.last > b.last)
            st.error = "From is after To";
        else {
            st.error.clear();
            req.changeLayer = st.layerId;
            req.changeFrom = a.last;  // "as of day D": the end of the day
            req.changeTo = b.last;
            st.computing = true;
        }
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::Checkbox("Show on map", &layer->showChange);
    ImGui::SameLine();
    ImGui::TextDisabled("(red hatch: Russia gained; blue hatch: Russia lost)");
    if (!st.error.empty()) ImGui::TextColored(ImVec4(1.f, 0.45f, 0.4f, 1.f), "%s", st.error.c_str());
    if (st.hasResult) {
        const AreaChange& r = st.result;
        ImGui::Separator();
        ImGui::Text("%s: as of %s (snapshot %s) → as of %s (snapshot %s); km², geodesic on WGS 84", st.resultTitle.c_str(),
                    formatDay(r.fromDay).c_str(), formatDay(r.fromSnapshot).c_str(), formatDay(r.toDay).c_str(),
                    formatDay(r.toSnapshot).c_str());
        if (r.repairedCount() || r.skippedCount())
            ImGui::TextDisabled("%zu invalid polygons repaired, %zu left out (see Messages)", r.repairedCount(), r.skippedCount());
        ImGui::TextUnformatted("By side");
        table("##sides", r.sides, r);
        ImGui::TextUnformatted("By category");
        table("##cats", r.categories, r);
        for (const RegionChange& reg : r.regions) {
            if (ImGui::TreeNode(reg.name.c_str())) {
                table("##regsides", reg.sides, r);
                ImGui::TreePop();
            }
        }
    }
    ImGui::End();
}

}  // namespace fm
