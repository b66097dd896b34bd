// Timeline playback as plain arithmetic on a FilterSpec's date window: the timeline panel and the viewer's frame
// loop drive it, tests pin it down. No ImGui, no clock: callers pass the seconds that went by.
#pragma once

#include <cstdint>

#include "model/filter_spec.h"

namespace fm {

// The date window [from, to] of `spec` with open ends (INT32_MIN / INT32_MAX) and ends outside the data replaced
// by the data's first / last day; from <= to always holds on return when firstDay <= lastDay.
void effectiveWindow(const FilterSpec& spec, int32_t firstDay, int32_t lastDay, int32_t& from, int32_t& to);

// When spec.playing, moves the date window forward by daysPerSecond × seconds whole days; the fraction of a day
// left over accumulates in `carry`. Window mode moves both ends (the window keeps its length), Cumulative mode
// keeps dayFrom at firstDay and moves dayTo. A window that reaches lastDay stops there and playback stops, unless
// spec.loop: then the next step starts again at firstDay (Window: [firstDay, firstDay + length]; Cumulative:
// dayTo = firstDay). Calls spec.touch() and returns true when it changed anything.
bool advancePlayback(FilterSpec& spec, double seconds, int32_t firstDay, int32_t lastDay, double& carry);

// Starts playback with a window that can move: a window covering the whole data (or open) becomes a short one at
// the start (about a twentieth of the range, 7..90 days); a window already at the end starts over; Cumulative
// mode starts with dayTo = firstDay. Touches `spec`.
void startPlayback(FilterSpec& spec, int32_t firstDay, int32_t lastDay);

// Steps the window by `days` (negative: back), clamped to [firstDay, lastDay] keeping its length. In Cumulative
// mode only dayTo moves (never before dayFrom). Touches `spec` when the window moved.
void stepDays(FilterSpec& spec, int days, int32_t firstDay, int32_t lastDay);

}  // namespace fm
