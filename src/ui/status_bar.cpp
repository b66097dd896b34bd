#include "ui/status_bar.h"

#include <imgui.h>

#include <cmath>
#include <cstdio>

namespace fm {

double scaleDenominator(double metersPerPixel) { return metersPerPixel / 0.00028; }

std::string formatLonLat(const LonLat& ll) {
    auto dm = [](double v, char pos, char neg, char* out, size_t n) {
        const char h = v >= 0 ? pos : neg;
        v = std::fabs(v);
        int d = static_cast<int>(v);
        int m = static_cast<int>(std::lround((v - d) * 60.0));
        if (m == 60) {
            ++d;
            m = 0;
        }
        std::snprintf(out, n, "%d°%02d′%c", d, m, h);
    };
    char a[32], b[32], out[128];
    dm(ll.lat, 'N', 'S', a, sizeof a);
    dm(ll.lon, 'E', 'W', b, sizeof b);
    std::snprintf(out, sizeof out, "%s %s  (%.5f, %.5f)", a, b, ll.lon, ll.lat);
    return out;
}

void drawStatusBar(const StatusInfo& info, float w, float h) {
    const float height = ImGui::GetFrameHeight() + 4;
    ImGui::SetNextWindowPos(ImVec2(0, h - height));
    ImGui::SetNextWindowSize(ImVec2(w, height));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(8, 3));
    ImGui::Begin("##status", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoBringToFrontOnFocus);
    if (info.cursorValid)
        ImGui::TextUnformatted(formatLonLat(info.cursor).c_str());
    else
        ImGui::TextDisabled("—");
    ImGui::SameLine(w * 0.40f);
    if (info.metersPerPixel > 0) {
        const double den = scaleDenominator(info.metersPerPixel);
        const double rounded = den > 1000 ? std::round(den / 1000) * 1000 : std::round(den);
        ImGui::Text("1:%.0f", rounded);
    }
    ImGui::SameLine(w * 0.55f);
    ImGui::TextDisabled("%s", info.projectionName.c_str());
    ImGui::SameLine(w - 260);
    ImGui::TextDisabled("Natural Earth · GeoNames (CC BY 4.0)");
    ImGui::End();
    ImGui::PopStyleVar();
}

}  // namespace fm
