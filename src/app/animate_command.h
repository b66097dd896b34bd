// `frontmap animate`: renders the map headless once per time step into numbered PNG frames (frame_00001.png …),
// each with its date range stamped on it, and — when ffmpeg is installed — encodes them into an MP4 or a GIF.
// Frames are written atomically, so an interrupted run (Ctrl-C, SIGTERM) leaves only complete frames.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fm {

// The date window of each frame: steps of `stepDays` from `firstDay`, each frame ending at the end of its step
// (the last one at `lastDay`). A window of `windowDays` days ending there (not reaching before firstDay), or
// everything since firstDay when `cumulative`.
struct FrameWindow {
    int32_t dayFrom = 0;
    int32_t dayTo = 0;
};
std::vector<FrameWindow> animationFrames(int32_t firstDay, int32_t lastDay, int stepDays, int windowDays, bool cumulative);

// The ffmpeg command line (argv, no shell involved) encoding `pattern` (printf-style, e.g. DIR/frame_%05d.png)
// at `fps` into `output`, as MP4 (H.264 or ffmpeg's default MP4 codec, yuv420p) or GIF (own palette).
std::vector<std::string> ffmpegArguments(const std::string& ffmpeg, const std::string& pattern, int fps,
                                         const std::string& output, bool gif);

// Exit status: 0 when every frame (and video) was written, 1 when an input could not be used or a file could
// not be written or encoded, 2 for usage errors, 130/143 when interrupted by SIGINT/SIGTERM.
int runAnimateCommand(int argc, char** argv);

}  // namespace fm
