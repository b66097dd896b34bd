// Plain files written through GDAL with every write checked. Some GDAL drivers (GeoJSON, and CSV when it closes)
// ignore failed writes, so a full disk would leave a silently truncated file. Paths under the virtual prefix
// checkedOutputPath() gives are ordinary POSIX files whose write, flush and close failures are remembered here,
// to be asked for once GDAL has closed the dataset.
#pragma once

#include <string>

namespace fm {

// The GDAL name that writes `path` through checked writes (installs the handler on first use).
std::string checkedOutputPath(const std::string& path);

// The first failure (e.g. "No space left on device") while writing `path` through its checked name, or empty;
// forgets it.
std::string takeCheckedOutputFailure(const std::string& path);

}  // namespace fm
