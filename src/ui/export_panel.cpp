#include "ui/export_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cctype>

#include "export/snapshot.h"
#include "ui/panel_layout.h"

namespace fm {

namespace {

constexpr int kTileSide = 4096;  // renderSnapshot's largest tile

const ImVec4 kErrorColor(0.9f, 0.3f, 0.25f, 1.f);

// A path field with a "…" button asking the viewer for its file dialog.
void pathField(const char* id, const char* hint, std::string& path, bool& browse) {
    ImGui::SetNextItemWidth(-40);
    ImGui::InputTextWithHint(id, hint, &path);
    ImGui::SameLine();
    ImGui::PushID(id);
    if (ImGui::Button("…", ImVec2(-1, 0))) browse = true;
    ImGui::PopID();
}

void drawImageSection(ExportRequest& r) {
    const auto& presets = exportSizePresets();
    const char* preview = r.preset >= 0 && r.preset < static_cast<int>(presets.size()) ? presets[r.preset].label : "Custom size";
    if (ImGui::BeginCombo("size", preview)) {
        for (int i = 0; i < static_cast<int>(presets.size()); ++i)
            if (ImGui::Selectable(presets[i].label, r.preset == i)) {
                r.preset = i;
                r.width = presets[i].width;
                r.height = presets[i].height;
            }
        if (ImGui::Selectable("Custom size", r.preset < 0)) r.preset = -1;
        ImGui::EndCombo();
    }
    int size[2] = {r.width, r.height};
    if (ImGui::InputInt2("width × height", size)) {
        r.width = std::clamp(size[0], 1, kMaxExportSide);
        r.height = std::clamp(size[1], 1, kMaxExportSide);
        r.preset = findExportSizePreset(r.width, r.height);
    }
    const int tiles = ((r.width + kTileSide - 1) / kTileSide) * ((r.height + kTileSide - 1) / kTileSide);
    ImGui::TextDisabled("%.1f megapixels%s", r.width * static_cast<double>(r.height) / 1e6,
                        tiles > 1 ? (", rendered in " + std::to_string(tiles) + " tiles").c_str() : "");

    ImGui::InputTextWithHint("title", "none", &r.title);
    ImGui::Checkbox("legend", &r.legend);
    ImGui::SameLine();
    ImGui::Checkbox("date stamp", &r.dateStamp);
    ImGui::Checkbox("scale bar", &r.scaleBar);
    ImGui::SameLine();
    ImGui::Checkbox("attribution", &r.attribution);

    ImGui::Checkbox("automatic pixel ratio", &r.autoPixelRatio);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Line widths, symbols and labels grow with the image, so a poster looks like the screen\n"
                          "rather than hairlines. Untick to choose the factor yourself.");
    if (r.autoPixelRatio) {
        ImGui::SameLine();
        ImGui::TextDisabled("(%.2g)", exportPixelRatio(r));
    } else {
        ImGui::SetNextItemWidth(120);
        if (ImGui::InputFloat("pixel ratio", &r.pixelRatio, 0.25f, 1.f, "%.2f")) r.pixelRatio = std::clamp(r.pixelRatio, 0.25f, 16.f);
    }

    ImGui::SetNextItemWidth(140);
    if (ImGui::BeginCombo("format##image", r.imageFormat == ImageFormat::GeoTiff ? "GeoTIFF" : "PNG")) {
        for (ImageFormat f : {ImageFormat::Png, ImageFormat::GeoTiff})
            if (ImGui::Selectable(f == ImageFormat::GeoTiff ? "GeoTIFF" : "PNG", r.imageFormat == f)) {
                r.imageFormat = f;
                r.imagePath = withExtension(r.imagePath, imageFormatExtension(f));
            }
        ImGui::EndCombo();
    }
    pathField("##image", r.imageFormat == ImageFormat::GeoTiff ? "map.tif" : "map.png", r.imagePath, r.browseImagePath);
    ImGui::TextDisabled(r.imageFormat == ImageFormat::GeoTiff ? "GeoTIFF, with the CRS and georeference inside"
                                                              : "PNG, with a world file (.pgw) and .prj beside it");
    ImGui::BeginDisabled(r.busy);
    if (ImGui::Button("Export")) {
        // The path's own extension wins when it names a format; otherwise the combo's is added.
        ImageFormat typed;
        if (imageFormatFor(r.imagePath, typed)) r.imageFormat = typed;
        else if (!r.imagePath.empty()) r.imagePath = withExtension(r.imagePath, imageFormatExtension(r.imageFormat));
        r.error = imageExportProblem(r);
        if (r.error.empty()) {
            r.status.clear();
            r.ready = true;
        }
    }
    ImGui::EndDisabled();
}

void drawEventsSection(ExportRequest& r) {
    ImGui::TextDisabled("The events passing the current filter, in frontmap's event schema");
    const EventExportFormat formats[] = {EventExportFormat::GeoJson, EventExportFormat::Csv, EventExportFormat::GeoPackage};
    ImGui::SetNextItemWidth(140);
    if (ImGui::BeginCombo("format##events", eventExportFormatLabel(r.eventsFormat))) {
        for (EventExportFormat f : formats)
            if (ImGui::Selectable(eventExportFormatLabel(f), r.eventsFormat == f)) {
                r.eventsFormat = f;
                r.eventsPath = withExtension(r.eventsPath, eventExportExtension(f));
            }
        ImGui::EndCombo();
    }
    pathField("##events", "events.geojson", r.eventsPath, r.browseEventsPath);
    ImGui::Checkbox("with a view file recording the filter", &r.eventsWithView);
    ImGui::BeginDisabled(r.busy);
    if (ImGui::Button("Export filtered events")) {
        EventExportFormat typed;
        if (r.eventsPath.empty()) {
            r.error = "Choose where to write the events.";
        } else {
            // The path's own extension wins when it names a format; otherwise the combo's.
            if (eventExportFormatFor(r.eventsPath, typed)) r.eventsFormat = typed;
            else r.eventsPath = withExtension(r.eventsPath, eventExportExtension(r.eventsFormat));
            r.error.clear();
            r.status.clear();
            r.exportEvents = true;
        }
    }
    ImGui::EndDisabled();
}

void drawViewSection(ExportRequest& r) {
    ImGui::TextDisabled("Layers, styles, projection, extent and filter, as JSON");
    pathField("##view", "map.view.json", r.viewPath, r.browseViewPath);
    ImGui::BeginDisabled(r.busy);
    const bool save = ImGui::Button("Save view");
    ImGui::SameLine();
    const bool load = ImGui::Button("Open view");
    if ((save || load) && r.viewPath.empty()) {
        r.error = "Choose the view file.";
    } else if (save || load) {
        r.error.clear();
        (save ? r.saveView : r.openView) = true;
    }
    ImGui::EndDisabled();
}

}  // namespace

const std::vector<ExportSizePreset>& exportSizePresets() {
    static const std::vector<ExportSizePreset> presets = {
        {"1920 × 1080 (Full HD)", 1920, 1080},
        {"3840 × 2160 (4K)", 3840, 2160},
        {"A4 landscape, 300 dpi (3508 × 2480)", 3508, 2480},
        {"A4 portrait, 300 dpi (2480 × 3508)", 2480, 3508},
        {"A3 landscape, 300 dpi (4961 × 3508)", 4961, 3508},
        {"A3 portrait, 300 dpi (3508 × 4961)", 3508, 4961},
    };
    return presets;
}

int findExportSizePreset(int width, int height) {
    const auto& p = exportSizePresets();
    for (size_t i = 0; i < p.size(); ++i)
        if (p[i].width == width && p[i].height == height) return static_cast<int>(i);
    return -1;
}

float exportPixelRatio(const ExportRequest& r) {
    return r.autoPixelRatio ? automaticPixelRatio(r.width, r.height) : r.pixelRatio;
}

std::string imageExportProblem(const ExportRequest& r) {
    if (r.width < 1 || r.height < 1 || r.width > kMaxExportSide || r.height > kMaxExportSide)
        return "The size must be 1 to " + std::to_string(kMaxExportSide) + " pixels per side.";
    if (!r.autoPixelRatio && !(r.pixelRatio >= 0.25f && r.pixelRatio <= 16.f)) return "The pixel ratio must be 0.25 to 16.";
    if (r.imagePath.empty()) return "Choose where to write the image.";
    ImageFormat format;
    if (!imageFormatFor(r.imagePath, format)) return "Name the image .png (PNG) or .tif (GeoTIFF).";
    return {};
}

std::string withExtension(const std::string& path, const char* ext) {
    if (path.empty()) return path;
    const size_t slash = path.find_last_of('/');
    const size_t dot = path.find_last_of('.');
    const size_t nameStart = slash == std::string::npos ? 0 : slash + 1;
    if (dot == std::string::npos || dot <= nameStart) return path + ext;  // no extension (".hidden" is a name)
    return path.substr(0, dot) + ext;
}

void drawExportPanel(ExportRequest& r, bool* open) {
    ImGui::SetNextWindowSize(ImVec2(380, 520), panelLayoutCond("Export"));
    if (!ImGui::Begin("Export", open)) {
        ImGui::End();
        return;
    }
    if (ImGui::CollapsingHeader("Map image", ImGuiTreeNodeFlags_DefaultOpen)) drawImageSection(r);
    if (ImGui::CollapsingHeader("Filtered events", ImGuiTreeNodeFlags_DefaultOpen)) drawEventsSection(r);
    if (ImGui::CollapsingHeader("View file")) drawViewSection(r);
    ImGui::Separator();
    if (r.busy) {
        if (r.progress >= 0.f) ImGui::ProgressBar(r.progress, ImVec2(-80, 0));
        else ImGui::TextUnformatted("Working…");
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) r.cancel = true;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Stops the export; nothing is written (Esc does the same)");
    }
    if (!r.error.empty()) ImGui::TextColored(kErrorColor, "%s", r.error.c_str());
    else if (!r.status.empty()) ImGui::TextWrapped("%s", r.status.c_str());
    ImGui::End();
}

}  // namespace fm
