#include "model/playback.h"

#include <algorithm>
#include <cmath>

namespace fm {

namespace {

// Day arithmetic in 64 bits so that open ends and long steps cannot overflow.
int32_t clampDay(int64_t d, int32_t lo, int32_t hi) {
    return static_cast<int32_t>(std::min<int64_t>(std::max<int64_t>(d, lo), hi));
}

bool setWindow(FilterSpec& spec, int32_t from, int32_t to) {
    if (spec.dayFrom == from && spec.dayTo == to) return false;
    spec.dayFrom = from;
    spec.dayTo = to;
    return true;
}

}  // namespace

void effectiveWindow(const FilterSpec& spec, int32_t firstDay, int32_t lastDay, int32_t& from, int32_t& to) {
    from = clampDay(spec.dayFrom, firstDay, lastDay);
    to = clampDay(spec.dayTo, firstDay, lastDay);
    if (from > to) {
        // A window wholly outside the data: keep its length where possible, at the nearer end.
        const int64_t len = static_cast<int64_t>(spec.dayTo) - spec.dayFrom;
        if (spec.dayFrom > lastDay) {
            to = lastDay;
            from = clampDay(static_cast<int64_t>(lastDay) - std::max<int64_t>(len, 0), firstDay, lastDay);
        } else {
            from = firstDay;
            to = clampDay(static_cast<int64_t>(firstDay) + std::max<int64_t>(len, 0), firstDay, lastDay);
        }
    }
}

bool advancePlayback(FilterSpec& spec, double seconds, int32_t firstDay, int32_t lastDay, double& carry) {
    if (!spec.playing) {
        carry = 0.0;
        return false;
    }
    if (lastDay < firstDay || !(seconds > 0.0) || !std::isfinite(seconds)) return false;
    carry += std::max(0.f, spec.daysPerSecond) * seconds;
    const double whole = std::floor(carry);
    if (whole < 1.0) return false;
    carry -= whole;
    const int64_t steps = static_cast<int64_t>(std::min(whole, 1e9));

    int32_t from = 0, to = 0;
    effectiveWindow(spec, firstDay, lastDay, from, to);
    bool changed = false;
    if (spec.mode == PlaybackMode::Cumulative) {
        if (to >= lastDay) {
            if (spec.loop) {
                changed = setWindow(spec, firstDay, firstDay);
            } else {
                spec.playing = false;
                changed = true;
            }
        } else {
            const int32_t newTo = clampDay(to + steps, firstDay, lastDay);
            changed = setWindow(spec, firstDay, newTo);
            if (newTo >= lastDay && !spec.loop) spec.playing = false;
        }
    } else {
        const int64_t len = static_cast<int64_t>(to) - from;
        if (to >= lastDay) {
            if (spec.loop) {
                changed = setWindow(spec, firstDay, clampDay(firstDay + len, firstDay, lastDay));
            } else {
                spec.playing = false;
                changed = true;
            }
        } else {
            const int32_t newTo = clampDay(to + steps, firstDay, lastDay);
            changed = setWindow(spec, clampDay(newTo - len, firstDay, lastDay), newTo);
            if (newTo >= lastDay && !spec.loop) spec.playing = false;
        }
    }
    if (!spec.playing) carry = 0.0;
    if (changed) spec.touch();
    return changed;
}

void startPlayback(FilterSpec& spec, int32_t firstDay, int32_t lastDay) {
    spec.playing = true;
    if (lastDay >= firstDay) {
        int32_t from = 0, to = 0;
        effectiveWindow(spec, firstDay, lastDay, from, to);
        const int64_t range = static_cast<int64_t>(lastDay) - firstDay + 1;
        if (spec.mode == PlaybackMode::Cumulative) {
            setWindow(spec, firstDay, to >= lastDay ? firstDay : to);
        } else if (from <= firstDay && to >= lastDay) {
            const int64_t days = std::min<int64_t>(range, std::clamp<int64_t>(range / 20, 7, 90));
            setWindow(spec, firstDay, clampDay(firstDay + days - 1, firstDay, lastDay));
        } else if (to >= lastDay) {
            setWindow(spec, firstDay, clampDay(static_cast<int64_t>(firstDay) + (to - from), firstDay, lastDay));
        } else {
            setWindow(spec, from, to);
        }
    }
    spec.touch();
}

void stepDays(FilterSpec& spec, int days, int32_t firstDay, int32_t lastDay) {
    if (lastDay < firstDay || days == 0) return;
    int32_t from = 0, to = 0;
    effectiveWindow(spec, firstDay, lastDay, from, to);
    bool changed = false;
    if (spec.mode == PlaybackMode::Cumulative) {
        changed = setWindow(spec, from, clampDay(static_cast<int64_t>(to) + days, from, lastDay));
    } else {
        const int64_t len = static_cast<int64_t>(to) - from;
        // Clamp the start so that the whole window stays inside the data.
        const int64_t maxFrom = std::max<int64_t>(firstDay, static_cast<int64_t>(lastDay) - len);
        const int32_t newFrom = clampDay(std::min<int64_t>(std::max<int64_t>(static_cast<int64_t>(from) + days, firstDay), maxFrom),
                                         firstDay, lastDay);
        changed = setWindow(spec, newFrom, clampDay(newFrom + len, firstDay, lastDay));
    }
    if (changed) spec.touch();
}

}  // namespace fm
