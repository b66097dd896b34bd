#include "ui/jobs_panel.h"

#include <imgui.h>

namespace fm {

void drawJobsPanel(JobRunner& jobs, float displayWidth, float displayHeight) {
    const auto active = jobs.activeJobs();
    if (active.empty()) return;
    // Top centre, under the menu bar: clear of the side panels and the timeline.
    ImGui::SetNextWindowPos(ImVec2(displayWidth * 0.5f, 28), ImGuiCond_Always, ImVec2(0.5f, 0.f));
    (void)displayHeight;
    ImGui::SetNextWindowSize(ImVec2(340, 0), ImGuiCond_Always);
    ImGui::Begin("Working", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_AlwaysAutoResize);
    int shown = 0;
    for (const JobPtr& j : active) {
        if (++shown > 6) {
            ImGui::TextDisabled("… and %zu more", active.size() - 6);
            break;
        }
        ImGui::PushID(j.get());
        ImGui::TextUnformatted(j->title().c_str());
        const float p = j->progress();
        const std::string status = j->status();
        ImGui::ProgressBar(p < 0 ? 0.f : p, ImVec2(250, 0), p < 0 ? (status.empty() ? "…" : status.c_str()) : nullptr);
        ImGui::SameLine();
        if (j->cancelled())
            ImGui::TextDisabled("cancelling");
        else if (ImGui::SmallButton("Cancel"))
            j->cancel();
        ImGui::PopID();
    }
    ImGui::End();
}

}  // namespace fm
