// The viewer's session: what was open and how it was shown (layers with their sources and styles, projection, view,
// event filter), kept in the view-file format (model/view_file.h) so that a crash or a kill loses at most the last
// second. Written atomically: a kill mid-write leaves the previous session.
#pragma once

#include <string>

#include "model/view_file.h"

namespace fm {

// $XDG_STATE_HOME/frontmap/session.json, else $HOME/.local/state/frontmap/session.json; empty when neither
// variable is set (no session is kept then).
std::string defaultSessionPath();

// Creates the folder when missing and writes `json` (viewToJson of the session) atomically.
// Throws fm::Error naming the file.
void writeSessionFile(const std::string& path, const std::string& json);

// viewToJson for a session at `path`: sources below or beside its folder relative, others absolute.
std::string sessionToJson(const std::string& path, const ViewFile& session);

}  // namespace fm
