#include "model/session_file.h"

#include <cstdlib>
#include <filesystem>

#include "core/atomic_file.h"
#include "core/error.h"

namespace fm {

namespace fs = std::filesystem;

std::string defaultSessionPath() {
    // Relative values are ignored, as the XDG base directory rules ask.
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && state[0] == '/')
        return (fs::path(state) / "frontmap" / "session.json").string();
    if (const char* home = std::getenv("HOME"); home && home[0])
        return (fs::path(home) / ".local" / "state" / "frontmap" / "session.json").string();
    return {};
}

std::string sessionToJson(const std::string& path, const ViewFile& session) {
    return viewToJson(session, fs::absolute(fs::path(path)).parent_path().string());
}

void writeSessionFile(const std::string& path, const std::string& json) {
    std::error_code ec;
    const fs::path dir = fs::absolute(fs::path(path)).parent_path();
    fs::create_directories(dir, ec);
    if (ec) throw Error(path, "cannot create the folder " + dir.string() + ": " + ec.message());
    writeFileAtomically(path, json);
}

}  // namespace fm
