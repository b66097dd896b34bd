// Writing files so that a failure or a kill never leaves a partial file at the target path: the bytes go to a
// temporary file in the same folder, are flushed to disk, and the temporary is renamed over the target.
#pragma once

#include <cstddef>
#include <string>

namespace fm {

// Throws fm::Error naming `path` (disk full, unwritable folder, …); the previous file at `path`, if any, is intact.
void writeFileAtomically(const std::string& path, const void* data, size_t size);
inline void writeFileAtomically(const std::string& path, const std::string& content) {
    writeFileAtomically(path, content.data(), content.size());
}

}  // namespace fm
