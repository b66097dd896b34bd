// Where panels first appear. ImGui keeps each panel's place in imgui.ini, in pixels of the window it was last seen
// in; after the window changed size a panel meant for the bottom or right edge can sit in the middle of the map.
// View > Reset panel layout puts every panel back at its default place for the present window size: open panels
// at once, closed ones when they are next opened.
#pragma once

#include <imgui.h>

namespace fm {

// The condition panel `name` gives SetNextWindowPos/Size for its default place: FirstUseEver, or Always during the
// first frame the panel is drawn after a reset was asked for.
ImGuiCond panelLayoutCond(const char* name);
void requestPanelLayoutReset();

}  // namespace fm
