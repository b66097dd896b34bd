#include "ui/table_picker.h"

#include <imgui.h>

#include <algorithm>

#include "core/secrets.h"

namespace fm {

namespace {
constexpr const char* kPopup = "Open tables###tablepicker";
}  // namespace

void openTablePicker(TablePicker& p, const std::string& connection, std::vector<std::string> tables) {
    p.open = true;
    p.popupRequested = true;
    p.connection = connection;
    p.title = stripPassword(connection);
    p.tables = std::move(tables);
    p.chosen.assign(p.tables.size(), 0);
    p.openButtonX = p.openButtonY = -1.f;
    p.allButtonX = p.allButtonY = -1.f;
    p.checkX.assign(p.tables.size(), -1.f);
    p.checkY.assign(p.tables.size(), -1.f);
}

bool drawTablePicker(TablePicker& p, std::vector<std::string>& chosen) {
    chosen.clear();
    if (!p.open) return false;
    if (p.popupRequested) {
        ImGui::OpenPopup(kPopup);
        p.popupRequested = false;
    }
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(560.f, io.DisplaySize.x - 20), 0.f), ImGuiCond_Always);
    bool keepOpen = true;
    if (!ImGui::BeginPopupModal(kPopup, &keepOpen)) {
        p.open = false;  // closed by its title bar's button: nothing is opened
        return false;
    }
    ImGui::TextWrapped("%s", p.title.c_str());
    ImGui::TextDisabled("%zu tables and views with a geometry column. Tick those to open.", p.tables.size());
    ImGui::Separator();
    const float rows = static_cast<float>(std::min<size_t>(p.tables.size(), 14));
    ImGui::BeginChild("##tables", ImVec2(0, rows * ImGui::GetFrameHeightWithSpacing() + 4), false);
    for (size_t i = 0; i < p.tables.size(); ++i) {
        bool on = p.chosen[i] != 0;
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::Checkbox(p.tables[i].c_str(), &on)) p.chosen[i] = on;
        const ImVec2 cmin = ImGui::GetItemRectMin(), cmax = ImGui::GetItemRectMax();
        const float half = 0.5f * (cmax.y - cmin.y);  // the box is square, as high as the item
        const bool shown = ImGui::IsItemVisible();
        p.checkX[i] = shown ? cmin.x + half : -1.f;
        p.checkY[i] = shown ? cmin.y + half : -1.f;
        ImGui::PopID();
    }
    ImGui::EndChild();
    if (ImGui::SmallButton("All")) std::fill(p.chosen.begin(), p.chosen.end(), 1);
    const ImVec2 amin = ImGui::GetItemRectMin(), amax = ImGui::GetItemRectMax();
    p.allButtonX = 0.5f * (amin.x + amax.x);
    p.allButtonY = 0.5f * (amin.y + amax.y);
    ImGui::SameLine();
    if (ImGui::SmallButton("None")) std::fill(p.chosen.begin(), p.chosen.end(), 0);
    ImGui::Separator();
    const size_t n = static_cast<size_t>(std::count(p.chosen.begin(), p.chosen.end(), 1));
    bool done = false, pressed = false;
    ImGui::BeginDisabled(n == 0);
    if (ImGui::Button(n > 1 ? "Open tables" : "Open table", ImVec2(130, 0))) pressed = done = true;
    const ImVec2 bmin = ImGui::GetItemRectMin(), bmax = ImGui::GetItemRectMax();
    p.openButtonX = 0.5f * (bmin.x + bmax.x);
    p.openButtonY = 0.5f * (bmin.y + bmax.y);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel", ImVec2(100, 0)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) done = true;
    if (pressed)
        for (size_t i = 0; i < p.tables.size(); ++i)
            if (p.chosen[i]) chosen.push_back(p.tables[i]);
    if (done) {
        p.open = false;
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
    return pressed;
}

}  // namespace fm
