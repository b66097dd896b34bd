// A combo listing a layer's attribute fields, "(none)" first when a role may stay empty. Used by the Layers panel
// (time fields) and the column-mapping dialog; the caller sets the width.
#pragma once

#include <string>
#include <vector>

namespace fm {

// True when the user picked another field (or "(none)", which leaves `value` empty).
bool fieldCombo(const char* id, std::string& value, const std::vector<std::string>& fields, bool allowNone = true);

}  // namespace fm
