// Files written through GDAL with every write checked, under a temporary name until they are complete. Some GDAL
// drivers (GeoJSON, and CSV when it closes) ignore failed writes, so a full disk would leave a silently truncated
// file. Paths under the virtual prefix checkedOutputPath() gives are ordinary POSIX files whose write, flush and
// close failures are remembered here, to be asked for once GDAL has closed the dataset; GdalErrorCapture catches
// what GDAL reports itself; TemporaryOutput owns the temporary and moves it into place. Used by the event export
// and the image writer.
#pragma once

#include <cpl_error.h>

#include <string>
#include <vector>

namespace fm {

// The GDAL name that writes `path` through checked writes (installs the handler on first use).
std::string checkedOutputPath(const std::string& path);

// The first failure (e.g. "No space left on device") while writing `path` through its checked name, or empty;
// forgets it.
std::string takeCheckedOutputFailure(const std::string& path);

// GDAL reports write failures (disk full, …) through its error handler; some drivers then carry on. While one of
// these lives, every failure GDAL reports on this thread is remembered, so the caller can fail the whole write.
class GdalErrorCapture {
public:
    GdalErrorCapture();
    ~GdalErrorCapture();
    GdalErrorCapture(const GdalErrorCapture&) = delete;
    GdalErrorCapture& operator=(const GdalErrorCapture&) = delete;
    bool failed() const { return !m_first.empty(); }
    const std::string& first() const { return m_first; }

private:
    static void CPL_STDCALL handler(CPLErr level, CPLErrorNum, const char* msg);
    std::string m_first;
};

// A file written under a temporary name beside its target (core/atomic_file's naming). Unless moveIntoPlace()
// succeeded, the destructor removes it, the side files a driver may have put beside it (`sideSuffixes`, e.g.
// SQLite's "-journal"), and any checked-write failure remembered for it.
class TemporaryOutput {
public:
    TemporaryOutput(std::string target, const std::string& suffix, std::vector<std::string> sideSuffixes = {});
    ~TemporaryOutput();
    TemporaryOutput(const TemporaryOutput&) = delete;
    TemporaryOutput& operator=(const TemporaryOutput&) = delete;
    const std::string& path() const { return m_path; }
    // fsync()s the temporary and renames it over the target; throws fm::Error naming the target.
    void moveIntoPlace();

private:
    std::string m_target, m_path;
    std::vector<std::string> m_sideSuffixes;
    bool m_kept = false;
};

}  // namespace fm
