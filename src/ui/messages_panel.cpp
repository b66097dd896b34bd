#include "ui/messages_panel.h"
#include "ui/panel_layout.h"

#include <imgui.h>

namespace fm {

void drawMessagesPanel(MessageLog& log, bool* open) {
    ImGui::SetNextWindowSize(ImVec2(560, 200), panelLayoutCond("Messages"));
    ImGui::SetNextWindowPos(ImVec2(360, 560), panelLayoutCond("Messages"));
    if (!ImGui::Begin("Messages", open)) {
        ImGui::End();
        return;
    }
    if (ImGui::SmallButton("Clear")) log.clear();
    ImGui::SameLine();
    ImGui::TextDisabled("%zu errors, %zu warnings", log.count(Severity::Error), log.count(Severity::Warning));
    if (const size_t dropped = log.dropped()) {
        ImGui::SameLine();
        ImGui::TextDisabled("(the oldest %zu messages are no longer kept)", dropped);
    }
    ImGui::Separator();
    ImGui::BeginChild("##msgs");
    for (const Message& m : log.snapshot()) {
        ImVec4 col(0.8f, 0.8f, 0.8f, 1.f);
        if (m.severity == Severity::Warning) col = ImVec4(0.95f, 0.75f, 0.3f, 1.f);
        if (m.severity == Severity::Error) col = ImVec4(1.f, 0.42f, 0.38f, 1.f);
        ImGui::PushStyleColor(ImGuiCol_Text, col);
        ImGui::TextWrapped("%s", formatMessage(m).c_str());
        ImGui::PopStyleColor();
    }
    if (ImGui::GetScrollY() >= ImGui::GetScrollMaxY()) ImGui::SetScrollHereY(1.0f);
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace fm
