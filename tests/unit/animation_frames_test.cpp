// Tests for the time steps of `frontmap animate` (src/app/animate_command): which date window each frame shows —
// day by day, weekly steps with the last frame ending on the last day, windows longer than the step that never
// reach before the first day, cumulative frames — and the ffmpeg argument list, built as an argv array so that
// folder names with spaces or shell characters reach ffmpeg as they are.
#include "app/animate_command.h"

#include <gtest/gtest.h>

#include "core/date.h"

namespace fm {
namespace {

int32_t day(int y, unsigned m, unsigned d) { return daysFromCivil(y, m, d); }

std::string describe(const std::vector<FrameWindow>& frames) {
    std::string s;
    for (const FrameWindow& f : frames) s += formatDay(f.dayFrom) + ".." + formatDay(f.dayTo) + " ";
    return s;
}

TEST(AnimationFrames, DayByDay) {
    const auto f = animationFrames(day(2024, 3, 1), day(2024, 3, 4), 1, 1, false);
    EXPECT_EQ(describe(f), "2024-03-01..2024-03-01 2024-03-02..2024-03-02 2024-03-03..2024-03-03 2024-03-04..2024-03-04 ");
}

// The last frame ends on the last day and keeps the full window length, so every frame covers as many days.
TEST(AnimationFrames, WeeklyStepsEndOnTheLastDayWithAFullWindow) {
    const auto f = animationFrames(day(2024, 3, 1), day(2024, 3, 20), 7, 7, false);
    EXPECT_EQ(describe(f), "2024-03-01..2024-03-07 2024-03-08..2024-03-14 2024-03-14..2024-03-20 ");
}

TEST(AnimationFrames, LongWindowNeverReachesBeforeTheFirstDay) {
    const auto f = animationFrames(day(2024, 3, 1), day(2024, 3, 20), 7, 14, false);
    EXPECT_EQ(describe(f), "2024-03-01..2024-03-07 2024-03-01..2024-03-14 2024-03-07..2024-03-20 ");
}

TEST(AnimationFrames, Cumulative) {
    const auto f = animationFrames(day(2024, 3, 1), day(2024, 3, 10), 5, 1, true);
    EXPECT_EQ(describe(f), "2024-03-01..2024-03-05 2024-03-01..2024-03-10 ");
}

TEST(AnimationFrames, OneDayAndDegenerateInput) {
    EXPECT_EQ(animationFrames(day(2024, 3, 1), day(2024, 3, 1), 30, 30, false).size(), 1u);
    EXPECT_TRUE(animationFrames(day(2024, 3, 2), day(2024, 3, 1), 1, 1, false).empty());
    EXPECT_TRUE(animationFrames(day(2024, 3, 1), day(2024, 3, 9), 0, 1, false).empty());
    EXPECT_TRUE(animationFrames(day(2024, 3, 1), day(2024, 3, 9), 1, 0, false).empty());
    // Far more days than frame numbers: stops just past the limit instead of building millions of frames.
    EXPECT_EQ(animationFrames(day(1000, 1, 1), day(2900, 1, 1), 1, 1, false).size(), 100000u);
}

TEST(AnimationFrames, FfmpegArgumentsAreAnArgvNotAShellLine) {
    const std::string pattern = "/tmp/my frames; rm -rf ~/frame_%05d.png";
    const auto mp4 = ffmpegArguments("/usr/bin/ffmpeg", pattern, 12, "/tmp/out $(x).mp4", false);
    ASSERT_GE(mp4.size(), 4u);
    EXPECT_EQ(mp4.front(), "/usr/bin/ffmpeg");
    EXPECT_EQ(mp4.back(), "/tmp/out $(x).mp4");
    auto after = [](const std::vector<std::string>& a, const std::string& flag) {
        for (size_t i = 0; i + 1 < a.size(); ++i)
            if (a[i] == flag) return a[i + 1];
        return std::string();
    };
    EXPECT_EQ(after(mp4, "-i"), pattern);
    EXPECT_EQ(after(mp4, "-framerate"), "12");
    EXPECT_EQ(after(mp4, "-f"), "mp4");
    EXPECT_EQ(after(mp4, "-pix_fmt"), "yuv420p");
    EXPECT_EQ(after(mp4, "-y"), "-framerate") << "overwrites its own temporary output without asking";
    const auto gif = ffmpegArguments("/usr/bin/ffmpeg", pattern, 5, "/tmp/a.gif", true);
    EXPECT_EQ(after(gif, "-f"), "gif");
    EXPECT_NE(after(gif, "-vf").find("palettegen"), std::string::npos);
}

}  // namespace
}  // namespace fm
