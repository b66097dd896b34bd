#include "ui/layers_panel.h"

#include <imgui.h>

#include <cstdio>
#include <string>
#include <vector>

#include "core/date.h"
#include "ui/field_combo.h"
#include "ui/panel_layout.h"

namespace fm {

namespace {

bool colorEdit(const char* label, Color& c) {
    float v[4] = {c.r, c.g, c.b, c.a};
    if (ImGui::ColorEdit4(label, v, ImGuiColorEditFlags_NoInputs | ImGuiColorEditFlags_AlphaBar)) {
        c = {v[0], v[1], v[2], v[3]};
        return true;
    }
    return false;
}

void layerDetails(SceneLayer& l) {
    if (!l.data) return;
    const LayerData& d = *l.data;
    ImGui::TextDisabled("%s · %zu %s", d.driver.empty() ? "generated" : d.driver.c_str(), d.featureCount(),
                        geomKindName(d.lonlat.kind));
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::Text("Source: %s", d.source.c_str());
        if (!d.layerName.empty()) ImGui::Text("Layer: %s", d.layerName.c_str());
        ImGui::Text("CRS: %s", d.crsName.c_str());
        if (!d.extent.empty())
            ImGui::Text("Extent: %.4f, %.4f – %.4f, %.4f (lon/lat)", d.extent.minX, d.extent.minY, d.extent.maxX, d.extent.maxY);
        ImGui::Text("Features: %zu drawn of %zu in the source", d.featureCount(), d.featuresInSource);
        if (d.featuresSkipped) ImGui::Text("Skipped while reading: %zu (see Messages)", d.featuresSkipped);
        if (l.featuresOutside) ImGui::Text("Outside this projection's area: %zu", l.featuresOutside);
        if (l.featuresClipped) ImGui::Text("Clipped at the projection's edge: %zu", l.featuresClipped);
        if (l.featuresFailed) ImGui::Text("Could not be projected: %zu", l.featuresFailed);
        ImGui::EndTooltip();
    }
}

void styleEditor(SceneLayer& l, UiRequests& req) {
    LayerStyle& s = l.style;
    const GeomKind kind = l.data ? l.data->lonlat.kind : GeomKind::Line;
    if (kind == GeomKind::Polygon) {
        ImGui::Checkbox("Fill", &s.fillEnabled);
        ImGui::SameLine();
        colorEdit("##fill", s.fill);
        for (size_t i = 0; i < s.fillRules.size(); ++i) {
            ImGui::SameLine();
            ImGui::PushID(static_cast<int>(i));
            colorEdit("##rule", s.fillRules[i].color);
            if (ImGui::IsItemHovered() && !s.fillRules[i].values.empty())
                ImGui::SetTooltip("%s = %s", s.fillRules[i].field.c_str(), s.fillRules[i].values.front().c_str());
            ImGui::PopID();
        }
    }
    if (kind != GeomKind::Point) {
        ImGui::Checkbox(kind == GeomKind::Polygon ? "Outline" : "Line", &s.strokeEnabled);
        ImGui::SameLine();
        colorEdit("##stroke", s.stroke);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(90);
        ImGui::SliderFloat("width", &s.strokeWidth, 0.25f, 12.f, "%.2f px");
    } else {
        colorEdit("Colour", s.pointColor);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(90);
        ImGui::SliderFloat("radius", &s.pointRadius, 1.f, 20.f, "%.1f px");
    }
    ImGui::SetNextItemWidth(120);
    ImGui::SliderFloat("opacity", &s.opacity, 0.f, 1.f, "%.2f");
    (void)req;
}

// Which fields give a time layer its dates and categories. A change asks the viewer to read the layer again.
void timeFieldsEditor(const SceneTimeLayer& l, UiRequests& req) {
    const TimeFieldSpec& cur = l.time->spec();
    const std::vector<std::string>& fields = l.time->layer().fieldNames;
    TimeFieldSpec spec = cur;
    bool changed = false;
    int mode = cur.dateField.empty() ? 1 : 0;
    if (ImGui::RadioButton("snapshot date", &mode, 0) && !cur.validFrom.empty()) {
        spec.dateField = cur.validFrom;
        spec.validFrom.clear();
        spec.validTo.clear();
        changed = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Every feature belongs to the snapshot of its date.");
    ImGui::SameLine();
    if (ImGui::RadioButton("valid from / to", &mode, 1) && !cur.dateField.empty()) {
        spec.validFrom = cur.dateField;
        spec.dateField.clear();
        changed = true;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Every feature holds from one date until before another (empty: still).");
    auto combo = [&](const char* label, std::string& value, bool allowNone) {
        ImGui::SetNextItemWidth(150);
        changed |= fieldCombo(label, value, fields, allowNone);
    };
    if (mode == 0) {
        combo("date field", spec.dateField, false);
    } else {
        combo("valid from", spec.validFrom, false);
        combo("valid to", spec.validTo, true);
    }
    combo("category field", spec.categoryField, true);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("occupied, contested / grey zone, liberated, …; each category maps to a side below.");
    if (changed) {
        req.retimeLayer = l.id;
        req.retimeSpec = spec;
    }
}

const char* const kSides[] = {"Russia", "Ukraine", "Grey zone", "Other"};

}  // namespace

void drawLayersPanel(MapScene& scene, UiRequests& req, bool* open) {
    ImGui::SetNextWindowPos(ImVec2(10, 30), panelLayoutCond("Layers"));
    ImGui::SetNextWindowSize(ImVec2(290, 250), panelLayoutCond("Layers"));
    if (!ImGui::Begin("Layers", open)) {
        ImGui::End();
        return;
    }
    if (ImGui::Button("Open…")) req.openFileDialog = true;
    ImGui::SameLine();
    ImGui::TextDisabled("or drop files on the map");
    ImGui::Separator();
    // Top of the list = drawn last (on top), as in every GIS.
    for (size_t k = scene.layers.size(); k-- > 0;) {
        SceneLayer& l = scene.layers[k];
        ImGui::PushID(l.id);
        ImGui::Checkbox("##vis", &l.style.visible);
        ImGui::SameLine();
        const bool pending = !l.mesh;
        char header[256];
        std::snprintf(header, sizeof header, "%s%s###hdr", l.title.c_str(), pending ? "  (preparing…)" : "");
        const bool expanded = ImGui::TreeNodeEx(header, ImGuiTreeNodeFlags_SpanAvailWidth);
        if (ImGui::BeginPopupContextItem()) {
            if (ImGui::MenuItem("Zoom to layer")) req.zoomToLayer = l.id;
            if (ImGui::MenuItem("Move up")) scene.move(l.id, +1);
            if (ImGui::MenuItem("Move down")) scene.move(l.id, -1);
            if (ImGui::MenuItem("Remove")) req.removeLayer = l.id;
            ImGui::EndPopup();
        }
        if (expanded) {
            layerDetails(l);
            styleEditor(l, req);
            if (ImGui::SmallButton("Zoom to")) req.zoomToLayer = l.id;
            ImGui::SameLine();
            if (ImGui::SmallButton("Up")) scene.move(l.id, +1);
            ImGui::SameLine();
            if (ImGui::SmallButton("Down")) scene.move(l.id, -1);
            ImGui::SameLine();
            if (ImGui::SmallButton("Remove")) req.removeLayer = l.id;
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
    // Areas of control over time.
    for (size_t k = 0; k < scene.timeLayers.size(); ++k) {
        SceneTimeLayer& l = scene.timeLayers[k];
        ImGui::PushID(l.id + 500000);
        ImGui::Checkbox("##vis", &l.visible);
        ImGui::SameLine();
        char header[256];
        const int32_t snap = l.shownSnapshot;
        std::snprintf(header, sizeof header, "%s  (%s)%s###time", l.title.c_str(),
                      snap == kNoDay ? "no data yet" : ("as of " + formatDay(snap)).c_str(), l.mesh ? "" : "  (preparing…)");
        if (ImGui::TreeNodeEx(header, ImGuiTreeNodeFlags_SpanAvailWidth | ImGuiTreeNodeFlags_DefaultOpen)) {
            ImGui::TextDisabled("%zu dates, %s to %s", l.time->snapshotDays().size(),
                                l.time->snapshotDays().empty() ? "-" : formatDay(l.time->snapshotDays().front()).c_str(),
                                l.time->snapshotDays().empty() ? "-" : formatDay(l.time->snapshotDays().back()).c_str());
            if (ImGui::IsItemHovered()) {
                ImGui::BeginTooltip();
                ImGui::Text("Source: %s", l.time->layer().source.c_str());
                ImGui::TextUnformatted("The map shows, as of the timeline's end date, the latest snapshot on or before it.");
                if (l.time->badDates()) ImGui::Text("%zu features without a usable date (see Messages)", l.time->badDates());
                ImGui::EndTooltip();
            }
            if (ImGui::TreeNode("Date and category fields")) {
                timeFieldsEditor(l, req);
                ImGui::TreePop();
            }
            // Categories: shown or not, colour, hatching, and the side each belongs to (user-editable).
            for (auto& [cat, st] : l.categoryStyle) {
                ImGui::PushID(cat.c_str());
                ImGui::Checkbox("##on", &st.visible);
                ImGui::SameLine();
                colorEdit("##c", st.fill);
                ImGui::SameLine();
                ImGui::Checkbox("hatch", &st.hatch);
                ImGui::SameLine();
                const std::string side = sideOf(l.sides, cat);
                ImGui::SetNextItemWidth(90);
                if (ImGui::BeginCombo("##side", side.c_str())) {
                    for (const char* s : kSides)
                        if (ImGui::Selectable(s, side == s)) setCategorySide(l, cat, s);
                    ImGui::EndCombo();
                }
                if (ImGui::IsItemHovered())
                    ImGui::SetTooltip("The side holding '%s': decides the front line, the change between dates and which "
                                      "events are behind Russian lines.", cat.c_str());
                ImGui::SameLine();
                ImGui::TextUnformatted(cat.empty() ? "(all)" : cat.c_str());
                ImGui::PopID();
            }
            ImGui::Checkbox("Front line", &l.showFrontLine);
            ImGui::SameLine();
            colorEdit("##front", l.frontColor);
            ImGui::SameLine();
            ImGui::SetNextItemWidth(80);
            ImGui::SliderFloat("##fw", &l.frontWidth, 0.5f, 8.f, "%.1f px");
            ImGui::SetNextItemWidth(120);
            ImGui::SliderFloat("opacity", &l.opacity, 0.f, 1.f, "%.2f");
            if (ImGui::SmallButton("Zoom to")) req.zoomToTimeLayer = l.id;
            ImGui::SameLine();
            if (ImGui::SmallButton("Remove")) req.removeTimeLayer = l.id;
            ImGui::TreePop();
        }
        ImGui::PopID();
    }
    ImGui::End();
}

}  // namespace fm
