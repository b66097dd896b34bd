#include "ui/panel_layout.h"

#include <string>
#include <unordered_map>

namespace fm {
namespace {

struct Applied {
    int generation = 0;
    int frame = -1;  // the frame it was applied in: position and size both ask during that frame
};

int g_generation = 0;
std::unordered_map<std::string, Applied> g_applied;

}  // namespace

ImGuiCond panelLayoutCond(const char* name) {
    Applied& a = g_applied[name];
    const int frame = ImGui::GetFrameCount();
    if (a.generation != g_generation) {
        a.generation = g_generation;
        a.frame = frame;
    }
    return a.frame == frame && g_generation != 0 ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
}

void requestPanelLayoutReset() { ++g_generation; }

}  // namespace fm
