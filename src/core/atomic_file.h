// Writing files so that a failure or a kill never leaves a partial file at the target path: the bytes go to a
// temporary file in the same folder, are flushed to disk, and the temporary is renamed over the target.
// Temporaries are named "<target>.tmp-<pid>-<8 hex digits>[suffix]" after the process writing them, so that the
// next write to the same target can remove those a killed process left behind.
#pragma once

#include <cstddef>
#include <string>

namespace fm {

// FRONTMAP_TEST_WRITE_DELAY_MS (0 when unset): writers pause this long at steps of their output, so that
// tests/scripts/cli_export_reliability.sh can kill them while they write. Never set by users.
int testWriteDelayMs();

// Throws fm::Error naming `path` (disk full, unwritable folder, …); the previous file at `path`, if any, is intact.
void writeFileAtomically(const std::string& path, const void* data, size_t size);
inline void writeFileAtomically(const std::string& path, const std::string& content) {
    writeFileAtomically(path, content.data(), content.size());
}

// A fresh temporary name beside `path` for this process ("map.png" → "map.png.tmp-4242-1a2b3c4d" + suffix; the
// suffix keeps an extension GDAL needs). Removes stale temporaries of `path` first (removeStaleTemporaries).
std::string temporaryPathFor(const std::string& path, const std::string& suffix = {});

// Removes what killed writers left beside `path`: files named "<name>.tmp-<pid>-<8 hex digits>" plus anything
// after that (an extension, SQLite's "-journal"), when no process with that pid is alive. Files of live
// processes and every other name are left alone. Returns how many files were removed.
size_t removeStaleTemporaries(const std::string& path);

}  // namespace fm
