#include "ui/field_combo.h"

#include <imgui.h>

namespace fm {

bool fieldCombo(const char* id, std::string& value, const std::vector<std::string>& fields, bool allowNone) {
    constexpr const char* kNone = "(none)";
    bool changed = false;
    if (ImGui::BeginCombo(id, value.empty() ? kNone : value.c_str())) {
        if (allowNone && ImGui::Selectable(kNone, value.empty())) {
            changed = !value.empty();
            value.clear();
        }
        for (const std::string& f : fields) {
            if (ImGui::Selectable(f.c_str(), f == value)) {
                changed = f != value;
                value = f;
            }
            if (f == value) ImGui::SetItemDefaultFocus();
        }
        ImGui::EndCombo();
    }
    return changed;
}

}  // namespace fm
