#include "ui/projection_panel.h"
#include "ui/panel_layout.h"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace fm {

void drawProjectionPanel(const Projection& current, ViewState& view, ProjectionPanelState& state, UiRequests& req, bool* open) {
    ImGui::SetNextWindowPos(ImVec2(10, 290), panelLayoutCond("Map"));
    ImGui::SetNextWindowSize(ImVec2(290, 250), panelLayoutCond("Map"));
    // Starts folded: the map matters more than its settings at first sight.
    ImGui::SetNextWindowCollapsed(true, panelLayoutCond("Map"));
    if (!ImGui::Begin("Map", open)) {
        ImGui::End();
        return;
    }
    ImGui::TextWrapped("Projection: %s", current.name().c_str());
    ImGui::TextDisabled("%s", current.methodName().c_str());
    if (current.hasAreaOfUse()) {
        const BBox& a = current.areaOfUse();
        ImGui::TextDisabled("Area of use: %.1f..%.1f E, %.1f..%.1f N", a.minX, a.maxX, a.minY, a.maxY);
    }
    const char* preview = "Choose a preset…";
    for (const auto& p : Projection::presets())
        if (current.definition() == normalizeCrsDefinition(p.definition)) preview = p.label;
    if (ImGui::BeginCombo("##preset", preview)) {
        for (const auto& p : Projection::presets())
            if (ImGui::Selectable(p.label, current.definition() == normalizeCrsDefinition(p.definition))) {
                req.projection = p.definition;
                state.error.clear();
            }
        ImGui::EndCombo();
    }
    ImGui::SetNextItemWidth(-60);
    const bool enter = ImGui::InputTextWithHint("##crs", "EPSG:3035 or +proj=…", &state.typed, ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Apply") || enter) && !state.typed.empty()) {
        req.projection = state.typed;
        state.error.clear();
    }
    if (!state.error.empty()) ImGui::TextColored(ImVec4(0.9f, 0.3f, 0.25f, 1.f), "%s", state.error.c_str());
    float margin = static_cast<float>(view.marginDeg);
    if (ImGui::SliderFloat("area-of-use margin", &margin, 0.f, 60.f, "%.0f°")) {
        view.marginDeg = margin;
        req.marginChanged = true;
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Layers are clipped to the projection's area of use widened by this much,\n"
                          "and always cut at the meridian opposite the central one.");
    ImGui::Separator();
    ImGui::TextUnformatted("Crimea");
    ImGui::SameLine();
    int mode = view.crimea == CrimeaView::DeJure ? 0 : 1;
    if (ImGui::RadioButton("part of Ukraine", mode == 0)) mode = 0;
    ImGui::SameLine();
    if (ImGui::RadioButton("as held (de facto)", mode == 1)) mode = 1;
    const CrimeaView want = mode == 0 ? CrimeaView::DeJure : CrimeaView::DeFacto;
    if (want != view.crimea) {
        view.crimea = want;
        req.crimeaChanged = true;
    }
    ImGui::Checkbox("Graticule", &view.showGraticule);
    ImGui::SameLine();
    ImGui::Checkbox("Place labels", &view.showLabels);
    if (ImGui::Button("Reset view (Home)")) req.resetView = true;
    ImGui::End();
}

}  // namespace fm
