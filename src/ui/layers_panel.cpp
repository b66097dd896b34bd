#include "ui/layers_panel.h"

#include <imgui.h>

#include <cstdio>

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

}  // namespace

void drawLayersPanel(MapScene& scene, UiRequests& req, bool* open) {
    ImGui::SetNextWindowPos(ImVec2(10, 30), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(290, 250), ImGuiCond_FirstUseEver);
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
    ImGui::End();
}

}  // namespace fm
