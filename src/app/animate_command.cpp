#include "app/animate_command.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "app/export_framing.h"
#include "app/gl_context.h"
#include "app/scene_setup.h"
#include "core/atomic_file.h"
#include "core/date.h"
#include "core/error.h"
#include "export/snapshot.h"

namespace fm {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxFrames = 99999;  // frame_%05d

void usage(FILE* out) {
    std::fprintf(out,
                 "usage: frontmap animate [--view VIEW.json] [LAYER ...] --out DIR [--from DATE] [--to DATE]\n"
                 "                        [--step-days N] [--window-days N | --cumulative] [--size WxH]\n"
                 "                        [--projection CRS] [--extent lon_min,lat_min,lon_max,lat_max] [--actors A,B,...]\n"
                 "                        [--date-field F] [--actor-field F] [--no-basemap] [--title TEXT] [--legend]\n"
                 "                        [--scale-bar] [--pixel-ratio R] [--fps N] [--mp4 FILE] [--gif FILE] [--keep-going]\n"
                 "Renders the map headless once per time step into DIR/frame_00001.png, frame_00002.png, … with the\n"
                 "date range stamped on each; with ffmpeg installed, also encodes them (--mp4, --gif).\n"
                 "  --view VIEW.json   a view saved by frontmap (layers, projection, extent, filters); options override it\n"
                 "  LAYER              vector files and event files (point data with a date column) to draw\n"
                 "  --out DIR          the folder for the frames (created if needed; frames of an earlier run are replaced)\n"
                 "  --from/--to DATE   the time span (default: the view's filter, else the events' first and last day)\n"
                 "  --step-days N      days from one frame to the next (default 1)\n"
                 "  --window-days N    each frame shows the N days up to its date (default: the step)\n"
                 "  --cumulative       each frame shows everything from --from up to its date\n"
                 "  --size WxH         frame size in pixels (default 1280x720)\n"
                 "  --projection CRS   EPSG code, PROJ string or WKT; --extent: lon/lat box to show\n"
                 "  --actors LIST      only events involving these sides or people (comma-separated)\n"
                 "  --date-field F     the date column of event files; --actor-field F: an actor column (repeatable)\n"
                 "  --no-basemap       only the layers named; --title TEXT, --legend, --scale-bar: as for snapshot\n"
                 "  --pixel-ratio R    scale of lines, points and labels (default: grows with the image size)\n"
                 "  --fps N            frames per second of the video (default 10)\n"
                 "  --mp4 FILE, --gif FILE  encode the frames with ffmpeg (needs ffmpeg on PATH)\n"
                 "  --keep-going       render even if an input could not be used (exit status stays 1)\n"
                 "Ctrl-C or SIGTERM stops after the frame being written: every frame in DIR is complete.\n");
}

// --- stopping cleanly on Ctrl-C / SIGTERM ------------------------------------------------------------------

volatile std::sig_atomic_t g_stopSignal = 0;

extern "C" void onStopSignal(int sig) {
    if (g_stopSignal != 0) {
        // A second signal: the user insists. Frames are still whole (each is renamed into place).
        ::signal(sig, SIG_DFL);
        ::raise(sig);
        return;
    }
    g_stopSignal = sig;
}

// Installs the handlers for the command's lifetime; no SA_RESTART, so a wait for ffmpeg returns EINTR.
class StopSignals {
public:
    StopSignals() {
        g_stopSignal = 0;
        struct sigaction sa {};
        sa.sa_handler = onStopSignal;
        sigemptyset(&sa.sa_mask);
        ::sigaction(SIGINT, &sa, &m_oldInt);
        ::sigaction(SIGTERM, &sa, &m_oldTerm);
    }
    ~StopSignals() {
        ::sigaction(SIGINT, &m_oldInt, nullptr);
        ::sigaction(SIGTERM, &m_oldTerm, nullptr);
    }
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;
    static int stopped() { return g_stopSignal; }

private:
    struct sigaction m_oldInt {};
    struct sigaction m_oldTerm {};
};

int interruptedStatus(int sig) { return 128 + sig; }

// --- ffmpeg -------------------------------------------------------------------------------------------------

// The ffmpeg executable on PATH, or empty (what `command -v ffmpeg` would say, without a shell).
std::string findOnPath(const char* name) {
    const char* path = std::getenv("PATH");
    std::string dirs = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
    size_t start = 0;
    while (start <= dirs.size()) {
        size_t end = dirs.find(':', start);
        if (end == std::string::npos) end = dirs.size();
        std::string dir = dirs.substr(start, end - start);
        if (dir.empty()) dir = ".";
        const std::string candidate = dir + "/" + name;
        struct stat st {};
        if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(candidate.c_str(), X_OK) == 0)
            return candidate;
        start = end + 1;
    }
    return {};
}

// Runs argv[0] with these arguments (fork + execv, no shell) and waits. On Ctrl-C/SIGTERM the child is asked to
// stop too. Returns the exit status, or -1 when it could not be started / was killed.
int runProgram(const std::vector<std::string>& args, std::string& why) {
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0) {
        why = std::string("cannot start ") + args[0] + ": " + std::strerror(errno);
        return -1;
    }
    if (pid == 0) {
        // Only async-signal-safe calls between fork and exec.
        ::signal(SIGINT, SIG_DFL);
        ::signal(SIGTERM, SIG_DFL);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    bool forwarded = false;
    int status = 0;
    for (;;) {
        const pid_t r = ::waitpid(pid, &status, 0);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) {
            why = std::string("waiting for ") + args[0] + " failed: " + std::strerror(errno);
            return -1;
        }
        if (StopSignals::stopped() && !forwarded) {
            ::kill(pid, SIGTERM);
            forwarded = true;
        }
    }
    if (WIFEXITED(status)) {
        if (WEXITSTATUS(status) == 127) why = args[0] + " could not be run";
        return WEXITSTATUS(status);
    }
    why = args[0] + " was stopped by signal " + std::to_string(WTERMSIG(status));
    return -1;
}

// Encodes the frames into `output` through a temporary file renamed into place on success. Returns false (with
// a message printed) on failure; nothing is then left at `output` that was not there before.
bool encode(const std::string& ffmpeg, const std::string& pattern, int fps, const std::string& output, bool gif) {
    const std::string tmp = temporaryPathFor(output);
    std::string why;
    std::fprintf(stderr, "frontmap animate: encoding %s with ffmpeg\n", output.c_str());
    const int rc = runProgram(ffmpegArguments(ffmpeg, pattern, fps, tmp, gif), why);
    if (rc != 0 || StopSignals::stopped()) {
        ::unlink(tmp.c_str());
        if (StopSignals::stopped()) why = "interrupted";
        std::fprintf(stderr, "frontmap animate: %s: not written (%s)\n", output.c_str(),
                     !why.empty() ? why.c_str() : ("ffmpeg exit status " + std::to_string(rc)).c_str());
        return false;
    }
    if (std::rename(tmp.c_str(), output.c_str()) != 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        std::fprintf(stderr, "frontmap animate: %s: cannot move the file into place: %s\n", output.c_str(), std::strerror(e));
        return false;
    }
    return true;
}

// "DIR/frame_%05d.png" as ffmpeg's image2 pattern: a '%' in the folder's name must be doubled.
std::string framePattern(const std::string& dir) {
    std::string escaped;
    for (char c : dir) escaped += c == '%' ? std::string("%%") : std::string(1, c);
    return escaped + "/frame_%05d.png";
}

std::string framePath(const std::string& dir, int number) {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%05d.png", number);
    return (fs::path(dir) / name).string();
}

// Frames above `count` left by an earlier, longer run would be picked up by ffmpeg: remove them.
size_t removeStaleFrames(const std::string& dir, int count) {
    size_t removed = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() != 15 || name.compare(0, 6, "frame_") != 0 || name.compare(11, 4, ".png") != 0) continue;
        if (!std::all_of(name.begin() + 6, name.begin() + 11, [](char c) { return c >= '0' && c <= '9'; })) continue;
        if (std::atoi(name.c_str() + 6) <= count) continue;
        std::error_code rm;
        if (fs::remove(entry.path(), rm)) ++removed;
    }
    return removed;
}

bool parsePositive(const char* s, int maxValue, int& out) {
    char* end = nullptr;
    errno = 0;
    const long v = std::strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < 1 || v > maxValue) return false;
    out = static_cast<int>(v);
    return true;
}

}  // namespace

std::vector<FrameWindow> animationFrames(int32_t firstDay, int32_t lastDay, int stepDays, int windowDays, bool cumulative) {
    std::vector<FrameWindow> out;
    if (firstDay > lastDay || stepDays < 1 || windowDays < 1) return out;
    for (int64_t end = static_cast<int64_t>(firstDay) + stepDays - 1;; end += stepDays) {
        const int32_t to = static_cast<int32_t>(std::min<int64_t>(end, lastDay));
        const int32_t from = cumulative ? firstDay : static_cast<int32_t>(std::max<int64_t>(firstDay, static_cast<int64_t>(to) - windowDays + 1));
        out.push_back({from, to});
        if (to >= lastDay || out.size() > static_cast<size_t>(kMaxFrames)) break;
    }
    return out;
}

std::vector<std::string> ffmpegArguments(const std::string& ffmpeg, const std::string& pattern, int fps,
                                         const std::string& output, bool gif) {
    std::vector<std::string> a = {ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                                  "-framerate", std::to_string(fps), "-i", pattern};
    if (gif) {
        // One palette for the whole clip: map colours stay steady from frame to frame.
        a.insert(a.end(), {"-vf", "split[a][b];[a]palettegen[p];[b][p]paletteuse", "-f", "gif"});
    } else {
        // yuv420p (what players expect) needs even sizes.
        a.insert(a.end(), {"-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4"});
    }
    a.push_back(output);
    return a;
}

int runAnimateCommand(int argc, char** argv) {
    std::string outDir, viewPath, projection, from, to, actorsArg, title, mp4, gif;
    int width = 1280, height = 720, stepDays = 1, windowDays = 0, fps = 10;
    bool sizeGiven = false, noBasemap = false, keepGoing = false, legend = false, scaleBar = false, cumulative = false;
    BBox extent;
    bool extentGiven = false;
    float pixelRatio = 0.f;
    std::vector<std::string> layers;
    SceneSetup setup;
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](const char* name) -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "frontmap animate: %s needs a value\n", name);
                return nullptr;
            }
            return argv[++i];
        };
        const char* v = nullptr;
        if (a == "--out" || a == "-o") {
            if (!(v = value("--out"))) return 2;
            outDir = v;
        } else if (a == "--view") {
            if (!(v = value("--view"))) return 2;
            viewPath = v;
        } else if (a == "--size") {
            if (!(v = value("--size"))) return 2;
            if (!parseImageSizeOption(v, width, height)) {
                std::fprintf(stderr, "frontmap animate: --size must be WIDTHxHEIGHT, 1..65536 each: %s\n", v);
                return 2;
            }
            sizeGiven = true;
        } else if (a == "--projection") {
            if (!(v = value("--projection"))) return 2;
            projection = v;
        } else if (a == "--extent") {
            if (!(v = value("--extent"))) return 2;
            if (!parseExtentOption(v, extent)) {
                std::fprintf(stderr, "frontmap animate: --extent must be lon_min,lat_min,lon_max,lat_max in degrees: %s\n", v);
                return 2;
            }
            extentGiven = true;
        } else if (a == "--from" || a == "--to") {
            if (!(v = value(a.c_str()))) return 2;
            (a == "--from" ? from : to) = v;
        } else if (a == "--step-days" || a == "--window-days") {
            if (!(v = value(a.c_str()))) return 2;
            if (!parsePositive(v, 100000, a == "--step-days" ? stepDays : windowDays)) {
                std::fprintf(stderr, "frontmap animate: %s must be a whole number of days, 1..100000: %s\n", a.c_str(), v);
                return 2;
            }
        } else if (a == "--cumulative") {
            cumulative = true;
        } else if (a == "--fps") {
            if (!(v = value("--fps"))) return 2;
            if (!parsePositive(v, 240, fps)) {
                std::fprintf(stderr, "frontmap animate: --fps must be 1..240: %s\n", v);
                return 2;
            }
        } else if (a == "--mp4" || a == "--gif") {
            if (!(v = value(a.c_str()))) return 2;
            (a == "--mp4" ? mp4 : gif) = v;
        } else if (a == "--actors") {
            if (!(v = value("--actors"))) return 2;
            actorsArg = v;
        } else if (a == "--date-field") {
            if (!(v = value("--date-field"))) return 2;
            setup.eventOptions.dateField = v;
        } else if (a == "--actor-field") {
            if (!(v = value("--actor-field"))) return 2;
            for (const std::string& f : splitOptionList(v)) setup.eventOptions.actorFields.push_back(f);
        } else if (a == "--title") {
            if (!(v = value("--title"))) return 2;
            title = v;
        } else if (a == "--pixel-ratio") {
            if (!(v = value("--pixel-ratio"))) return 2;
            pixelRatio = std::strtof(v, nullptr);
            if (!(pixelRatio > 0.f && pixelRatio <= 64.f)) {
                std::fprintf(stderr, "frontmap animate: --pixel-ratio must be in (0, 64]: %s\n", v);
                return 2;
            }
        } else if (a == "--legend") {
            legend = true;
        } else if (a == "--scale-bar") {
            scaleBar = true;
        } else if (a == "--no-basemap") {
            noBasemap = true;
        } else if (a == "--keep-going") {
            keepGoing = true;
        } else if (a == "--help" || a == "-h") {
            usage(stdout);
            return 0;
        } else if (!a.empty() && a[0] == '-' && a != "-") {
            std::fprintf(stderr, "frontmap animate: unknown option %s\n", a.c_str());
            usage(stderr);
            return 2;
        } else {
            layers.push_back(a);
        }
    }
    if (outDir.empty()) {
        std::fprintf(stderr, "frontmap animate: --out DIR is required\n");
        usage(stderr);
        return 2;
    }
    if (cumulative && windowDays > 0) {
        std::fprintf(stderr, "frontmap animate: --window-days and --cumulative exclude each other\n");
        return 2;
    }
    if (windowDays == 0) windowDays = stepDays;
    int32_t fromDay = INT32_MIN, toDay = INT32_MAX;
    std::string why;
    if (!from.empty() && !parseDayOption(from, false, fromDay, why)) {
        std::fprintf(stderr, "frontmap animate: --from: %s\n", why.c_str());
        return 2;
    }
    if (!to.empty() && !parseDayOption(to, true, toDay, why)) {
        std::fprintf(stderr, "frontmap animate: --to: %s\n", why.c_str());
        return 2;
    }
    if (!from.empty() && !to.empty() && fromDay > toDay) {
        std::fprintf(stderr, "frontmap animate: --from is after --to\n");
        return 2;
    }
    std::string ffmpeg;
    if (!mp4.empty() || !gif.empty()) {
        ffmpeg = findOnPath("ffmpeg");
        if (ffmpeg.empty())
            std::fprintf(stderr, "frontmap animate: ffmpeg is not installed: writing the frames only (no %s)\n",
                         !mp4.empty() ? mp4.c_str() : gif.c_str());
    }

    MessageLog log;
    log.setEcho([](const Message& m) {
        if (m.severity != Severity::Info) std::fprintf(stderr, "frontmap: %s\n", formatMessage(m).c_str());
    });
    ViewFile& view = setup.view;
    if (!viewPath.empty()) {
        try {
            view = readViewFile(viewPath);
        } catch (const Error& e) {
            std::fprintf(stderr, "frontmap animate: %s\n", e.what());
            return 1;
        }
        for (ViewLayer& l : view.layers) l.source = resolveViewSource(viewPath, l.source);
        if (!sizeGiven && view.width > 0 && view.height > 0) {
            width = view.width;
            height = view.height;
        }
    }
    if (!projection.empty()) view.projection = projection;
    if (noBasemap) view.basemap = false;
    for (const std::string& path : layers) {
        ViewLayer l;
        l.source = path;
        l.kind = "auto";
        view.layers.push_back(l);
    }
    setup.actors = splitOptionList(actorsArg);

    BuiltScene built;
    try {
        buildScene(setup, log, built);
    } catch (const Error& e) {
        std::fprintf(stderr, "frontmap animate: %s\n", e.what());
        return 2;
    }
    if (built.inputFailed && !keepGoing) {
        std::fprintf(stderr, "frontmap animate: nothing written (use --keep-going to render what could be drawn)\n");
        return 1;
    }
    // The time span: the options, else the view's filter, else the events' own range.
    int32_t dataFirst = 0, dataLast = 0;
    const bool haveData = built.scene.eventDayRange(dataFirst, dataLast);
    if (fromDay == INT32_MIN) {
        if (view.hasFilter && view.filter.dayFrom != INT32_MIN) fromDay = view.filter.dayFrom;
        else if (haveData) fromDay = dataFirst;
    }
    if (toDay == INT32_MAX) {
        if (view.hasFilter && view.filter.dayTo != INT32_MAX) toDay = view.filter.dayTo;
        else if (haveData) toDay = dataLast;
    }
    if (fromDay == INT32_MIN || toDay == INT32_MAX) {
        std::fprintf(stderr, "frontmap animate: no events to take the time span from: give --from and --to\n");
        return 2;
    }
    if (fromDay > toDay) {
        std::fprintf(stderr, "frontmap animate: the time span is empty (%s after %s)\n", formatDay(fromDay).c_str(),
                     formatDay(toDay).c_str());
        return 2;
    }
    const std::vector<FrameWindow> frames = animationFrames(fromDay, toDay, stepDays, windowDays, cumulative);
    if (frames.size() > static_cast<size_t>(kMaxFrames)) {
        std::fprintf(stderr, "frontmap animate: more than %d frames; use a larger --step-days\n", kMaxFrames);
        return 2;
    }

    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (!fs::is_directory(outDir, ec)) {
        std::fprintf(stderr, "frontmap animate: %s: cannot create the folder%s%s\n", outDir.c_str(), ec ? ": " : "",
                     ec ? ec.message().c_str() : "");
        return 1;
    }

    StopSignals signals;
    int written = 0;
    try {
        HeadlessContext ctx;
        MapRenderer renderer;
        FontAtlas font;
        try {
            font = FontAtlas::build(findMapFont());
            renderer.setFontAtlas(font.width(), font.height(), font.pixels().data());
        } catch (const Error& e) {
            log.warning(e.subject(), e.reason() + "; no labels, no date stamp");
        }
        ProjectOptions opts;
        opts.marginDeg = view.marginDeg;
        built.scene.buildAll(built.projection, opts);
        SnapshotSpec spec;
        spec.width = width;
        spec.height = height;
        spec.pixelRatio = pixelRatio;
        spec.camera = frameExportImage(view, built.projection, extentGiven ? &extent : nullptr, width, height);
        FilterSpec& filter = built.scene.filter;
        // The legend covers the whole span, so it does not change from frame to frame; the stamp is per frame.
        filter.dayFrom = fromDay;
        filter.dayTo = toDay;
        filter.touch();
        ExportDecorationOptions options;
        options.title = title;
        options.legend = legend;
        options.scaleBar = scaleBar;
        DecorationSpec deco = exportDecorations(built.scene, built.projection, spec.camera,
                                                pixelRatio > 0 ? pixelRatio : automaticPixelRatio(width, height), options);
        for (size_t k = 0; k < frames.size(); ++k) {
            if (StopSignals::stopped()) break;
            filter.dayFrom = frames[k].dayFrom;
            filter.dayTo = frames[k].dayTo;
            filter.touch();
            deco.stamp = dateStampFor(filter);
            Decorations decorations;
            if (!font.empty()) decorations = buildDecorations(deco, font, width, height, EventDrawParams{});
            spec.decorations = &decorations;
            Image img = renderSnapshot(built.scene, renderer, font.empty() ? nullptr : &font, built.projection.definition(), spec);
            const std::string path = framePath(outDir, static_cast<int>(k) + 1);
            writePng(path, img);
            ++written;
            std::fprintf(stderr, "frontmap animate: frame %zu/%zu  %s\n", k + 1, frames.size(), deco.stamp.c_str());
        }
    } catch (const Error& e) {
        std::fprintf(stderr, "frontmap animate: %s (%d of %zu frames written)\n", e.what(), written, frames.size());
        return 1;
    }
    if (const int sig = StopSignals::stopped()) {
        std::fprintf(stderr, "frontmap animate: interrupted; %d of %zu frames written to %s, each complete\n", written,
                     frames.size(), outDir.c_str());
        return interruptedStatus(sig);
    }
    if (const size_t stale = removeStaleFrames(outDir, written))
        std::fprintf(stderr, "frontmap animate: removed %zu frames left by an earlier run\n", stale);
    std::printf("wrote %d frame%s to %s\n", written, written == 1 ? "" : "s", outDir.c_str());

    bool ok = !built.inputFailed;
    if (!mp4.empty() || !gif.empty()) {
        if (ffmpeg.empty()) {
            std::fprintf(stderr, "frontmap animate: ffmpeg is not installed; encode the frames with e.g.\n"
                                 "  ffmpeg -framerate %d -i '%s' -pix_fmt yuv420p OUT.mp4\n",
                         fps, framePattern(outDir).c_str());
            ok = false;
        } else {
            const std::string pattern = framePattern(outDir);
            if (!mp4.empty()) {
                if (encode(ffmpeg, pattern, fps, mp4, false)) std::printf("wrote %s\n", mp4.c_str());
                else ok = false;
            }
            if (!gif.empty() && !StopSignals::stopped()) {
                if (encode(ffmpeg, pattern, fps, gif, true)) std::printf("wrote %s\n", gif.c_str());
                else ok = false;
            }
            if (const int sig = StopSignals::stopped()) return interruptedStatus(sig);
        }
    }
    return ok ? 0 : 1;
}

}  // namespace fm
