#include "ui/timeline_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "model/playback.h"
#include "ui/panel_layout.h"

namespace fm {

namespace {

constexpr float kStatusBarHeight = 24.f;
constexpr float kPanelHeight = 150.f;
const char* const kMonthAbbrev[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool setWindow(FilterSpec& spec, int32_t from, int32_t to) {
    if (spec.dayFrom == from && spec.dayTo == to) return false;
    spec.dayFrom = from;
    spec.dayTo = to;
    spec.touch();
    return true;
}

// The part of the filter the histogram depends on (everything but the dates and playback).
std::string filterPartKey(const FilterSpec& f) {
    std::string k;
    char buf[64];
    std::snprintf(buf, sizeof buf, "%08x/%08x/%d|", f.typeMask, f.precisionMask, f.showUnattributed ? 1 : 0);
    k += buf;
    for (const std::string& a : f.hiddenActors) {
        k += a;
        k += '\x1f';
    }
    return k;
}

std::string layersKey(const MapScene& scene) {
    std::string k;
    char buf[96];
    for (const auto& l : scene.eventLayers) {
        std::snprintf(buf, sizeof buf, "%d:%d:%p:%zu;", l.id, l.visible ? 1 : 0, static_cast<const void*>(l.data.get()),
                      l.data ? l.data->store.size() : size_t{0});
        k += buf;
    }
    return k;
}

// The histogram's geometry on screen: the bins span [histFirst, histFirst + bins × binDays).
struct HistGeometry {
    ImVec2 p0, p1;  // bar area
    int32_t first = 0, last = 0;
    int64_t span = 1;  // days covered by all bins

    float xOfDay(double day) const {
        return p0.x + static_cast<float>((day - first) / static_cast<double>(span)) * (p1.x - p0.x);
    }
    int32_t dayAtX(float x) const {
        const double t = (x - p0.x) / std::max(1.f, p1.x - p0.x);
        const int64_t d = first + static_cast<int64_t>(std::floor(t * static_cast<double>(span)));
        return static_cast<int32_t>(std::clamp<int64_t>(d, first, last));
    }
};

int32_t binStart(const TimelineState& s, int32_t day) {
    return s.histFirst + (day - s.histFirst) / s.binDays * s.binDays;
}
int32_t binEnd(const TimelineState& s, int32_t day) { return std::min(s.histLast, binStart(s, day) + s.binDays - 1); }

void drawTicks(ImDrawList* dl, const HistGeometry& g, float labelY) {
    const ImU32 tickCol = IM_COL32(200, 200, 200, 120);
    const ImU32 textCol = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 dimCol = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const double pxPerDay = (g.p1.x - g.p0.x) / static_cast<double>(g.span);
    const double pxPerMonth = pxPerDay * 30.44;
    // Label every month, every quarter, or only years (every n years when even those crowd).
    const int monthStep = pxPerMonth >= 34 ? 1 : (pxPerMonth * 3 >= 34 ? 3 : 12);
    int yearStep = 1;
    while (monthStep == 12 && pxPerMonth * 12 * yearStep < 40) yearStep *= 2;
    int y = 0;
    unsigned m = 0, d = 0;
    civilFromDays(g.first, y, m, d);
    float lastLabelRight = -1e9f;
    for (int guard = 0; guard < 20000; ++guard) {
        const int32_t day = daysFromCivil(y, m, 1);
        if (day > g.last) break;
        if (day >= g.first) {
            const bool jan = m == 1;
            const float x = g.xOfDay(day);
            const bool wanted = ((m - 1) % static_cast<unsigned>(monthStep) == 0) && (!jan || y % yearStep == 0 || monthStep < 12);
            if (jan || monthStep == 1) dl->AddLine(ImVec2(x, jan ? g.p0.y : g.p1.y - 4.f), ImVec2(x, g.p1.y), tickCol);
            if (wanted) {
                char label[16];
                if (jan)
                    std::snprintf(label, sizeof label, "%d", y);
                else
                    std::snprintf(label, sizeof label, "%s", kMonthAbbrev[m - 1]);
                const float w = ImGui::CalcTextSize(label).x;
                const float lx = std::min(x + 2.f, g.p1.x - w);
                if (lx > lastLabelRight + 4.f) {
                    dl->AddText(ImVec2(lx, labelY), jan ? textCol : dimCol, label);
                    lastLabelRight = lx + w;
                }
            }
        }
        if (++m > 12) {
            m = 1;
            ++y;
        }
    }
}

void histogramWidget(MapScene& scene, TimelineState& state, int32_t first, int32_t last) {
    FilterSpec& spec = scene.filter;
    const float labelH = ImGui::GetTextLineHeight() + 2.f;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const ImVec2 size(std::max(50.f, avail.x), std::max(30.f, avail.y));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##histogram", size);
    const bool hovered = ImGui::IsItemHovered();
    const bool active = ImGui::IsItemActive();
    const bool activated = ImGui::IsItemActivated();
    const bool deactivated = ImGui::IsItemDeactivated();

    HistGeometry g;
    g.p0 = origin;
    g.p1 = ImVec2(origin.x + size.x, origin.y + size.y - labelH);
    g.first = state.histFirst;
    g.last = state.histLast;
    g.span = std::max<int64_t>(1, static_cast<int64_t>(state.bins.size()) * state.binDays);

    int32_t from = 0, to = 0;
    effectiveWindow(spec, first, last, from, to);
    const float mouseX = ImGui::GetIO().MousePos.x;

    // Interaction: click-drag selects, dragging inside the selection moves it, a click selects one bin.
    if (activated) {
        const int32_t day = g.dayAtX(mouseX);
        const bool whole = from <= first && to >= last;
        state.dragDay = day;
        state.dragMoved = false;
        state.dragLength = to - from;
        state.drag = (!whole && day >= from && day <= to) ? TimelineState::Drag::Move : TimelineState::Drag::Select;
        spec.playing = false;  // the user takes over the window
    }
    if (active && state.drag != TimelineState::Drag::None) {
        if (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.f)) state.dragMoved = true;
        if (state.dragMoved) {
            const int32_t day = g.dayAtX(mouseX);
            if (state.drag == TimelineState::Drag::Select) {
                const int32_t a = std::min(day, state.dragDay), b = std::max(day, state.dragDay);
                setWindow(spec, binStart(state, a), binEnd(state, b));
            } else {
                const int64_t maxFrom = std::max<int64_t>(first, static_cast<int64_t>(last) - state.dragLength);
                const int64_t nf = std::clamp<int64_t>(static_cast<int64_t>(day) - (state.dragDay - from), first, maxFrom);
                // Re-anchor so the window follows the mouse from where it now is.
                state.dragDay = day;
                setWindow(spec, static_cast<int32_t>(nf), static_cast<int32_t>(nf + state.dragLength));
            }
        }
    }
    if (deactivated && state.drag != TimelineState::Drag::None) {
        if (!state.dragMoved) setWindow(spec, binStart(state, state.dragDay), binEnd(state, state.dragDay));
        state.drag = TimelineState::Drag::None;
    }
    effectiveWindow(spec, first, last, from, to);

    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(g.p0, g.p1, IM_COL32(20, 24, 30, 200));
    const float selX0 = g.xOfDay(from), selX1 = g.xOfDay(static_cast<double>(to) + 1.0);
    dl->AddRectFilled(ImVec2(selX0, g.p0.y), ImVec2(std::max(selX1, selX0 + 1.f), g.p1.y), IM_COL32(255, 190, 70, 45));
    const size_t n = state.bins.size();
    const float barW = (g.p1.x - g.p0.x) / static_cast<float>(std::max<size_t>(1, n));
    const float gap = barW > 4.f ? 1.f : 0.f;
    const float barH = g.p1.y - g.p0.y - 2.f;
    for (size_t b = 0; b < n && state.histMax > 0; ++b) {
        if (!state.bins[b]) continue;
        const int32_t bs = state.histFirst + static_cast<int32_t>(b) * state.binDays;
        const int32_t be = bs + state.binDays - 1;
        const bool selected = bs <= to && be >= from;
        // Square-root heights: one huge week must not flatten every other bar to nothing.
        const float h = std::max(1.f, barH * std::sqrt(static_cast<float>(state.bins[b]) / static_cast<float>(state.histMax)));
        const float x0 = g.p0.x + barW * static_cast<float>(b);
        dl->AddRectFilled(ImVec2(x0, g.p1.y - h), ImVec2(std::max(x0 + 1.f, x0 + barW - gap), g.p1.y),
                          selected ? IM_COL32(255, 176, 56, 235) : IM_COL32(120, 140, 165, 170));
    }
    dl->AddLine(ImVec2(selX0, g.p0.y), ImVec2(selX0, g.p1.y), IM_COL32(255, 190, 70, 220), 1.5f);
    dl->AddLine(ImVec2(selX1, g.p0.y), ImVec2(selX1, g.p1.y), IM_COL32(255, 190, 70, 220), 1.5f);
    drawTicks(dl, g, g.p1.y + 1.f);
    char maxLabel[64];
    std::snprintf(maxLabel, sizeof maxLabel, "max %u (square-root scale)", state.histMax);
    dl->AddText(ImVec2(g.p0.x + 4.f, g.p0.y + 1.f), ImGui::GetColorU32(ImGuiCol_TextDisabled), maxLabel);

    if (hovered && !active && n > 0) {
        const int32_t day = g.dayAtX(mouseX);
        const size_t b = std::min(n - 1, static_cast<size_t>((day - state.histFirst) / state.binDays));
        const int32_t bs = binStart(state, day), be = binEnd(state, day);
        if (bs == be)
            ImGui::SetTooltip("%s: %u events\nDrag to choose dates; click a bar for its %s", formatDay(bs).c_str(),
                              state.bins[b], "day");
        else
            ImGui::SetTooltip("%s – %s: %u events\nDrag to choose dates; click a bar for its %d days", formatDay(bs).c_str(),
                              formatDay(be).c_str(), state.bins[b], state.binDays);
    }
}

void dateBox(const char* label, std::string& text, bool& editing, int32_t shownDay, FilterSpec& spec, bool isTo,
             std::string& error) {
    if (!editing) text = formatDay(shownDay);
    ImGui::SetNextItemWidth(ImGui::CalcTextSize("0000-00-00").x + ImGui::GetStyle().FramePadding.x * 2.f + 8.f);
    ImGui::InputText(label, &text);
    editing = ImGui::IsItemActive();
    if (ImGui::IsItemDeactivatedAfterEdit()) applyTypedDate(spec, text, isTo, error);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Type a date (2025-03-12, 2025-03, 12.03.2025, 12 March 2025) and press Enter");
}

}  // namespace

int histogramBinDays(int32_t firstDay, int32_t lastDay) {
    const int64_t days = std::max<int64_t>(1, static_cast<int64_t>(lastDay) - firstDay + 1);
    if (days <= 400) return 1;
    if ((days + 6) / 7 <= 600) return 7;
    if ((days + 29) / 30 <= 600) return 30;
    return static_cast<int>((days + 599) / 600);
}

bool updateTimelineHistogram(const MapScene& scene, TimelineState& state) {
    int32_t first = 0, last = -1;
    if (!scene.eventDayRange(first, last)) {
        state.bins.clear();
        state.histMax = 0;
        state.histKey.clear();
        state.histFirst = 0;
        state.histLast = -1;
        return false;
    }
    if (state.keyVersion != scene.filter.version) {
        state.filterKey = filterPartKey(scene.filter);
        state.keyVersion = scene.filter.version;
    }
    char range[48];
    std::snprintf(range, sizeof range, "%d..%d#", first, last);
    std::string key = range + state.filterKey + '#' + layersKey(scene);
    if (key == state.histKey) return false;
    state.histKey = std::move(key);
    state.histFirst = first;
    state.histLast = last;
    state.binDays = histogramBinDays(first, last);
    const size_t nBins = static_cast<size_t>((static_cast<int64_t>(last) - first + state.binDays) / state.binDays);
    state.bins.assign(nBins, 0);
    for (const auto& l : scene.eventLayers) {
        if (!l.visible || !l.data || !l.index) continue;
        EventFilter f = scene.filter.forStore(l.data->store);
        f.dayFrom = INT32_MIN;
        f.dayTo = INT32_MAX;
        const std::vector<uint32_t> h = l.index->histogram(l.data->store, f, first, last, state.binDays);
        for (size_t b = 0; b < h.size() && b < nBins; ++b) state.bins[b] += h[b];
    }
    state.histMax = state.bins.empty() ? 0 : *std::max_element(state.bins.begin(), state.bins.end());
    ++state.histBuilds;
    return true;
}

bool applyTypedDate(FilterSpec& spec, const std::string& text, bool isTo, std::string& error) {
    ParsedDate pd;
    std::string why;
    if (!parseDate(text, pd, why)) {
        error = std::string(isTo ? "To" : "From") + ": " + (why.empty() ? "not a date" : why);
        return false;
    }
    error.clear();
    int32_t from = spec.dayFrom, to = spec.dayTo;
    if (isTo) {
        to = pd.last;  // "2025-03" means up to the end of March
        if (from > to) from = pd.first;
    } else {
        from = pd.first;
        if (to < from) to = pd.last;
    }
    if (from == spec.dayFrom && to == spec.dayTo) return false;
    spec.dayFrom = from;
    spec.dayTo = to;
    spec.touch();
    return true;
}

void tickPlayback(MapScene& scene, TimelineState& state, double seconds) {
    int32_t first = 0, last = 0;
    if (!scene.eventDayRange(first, last)) {
        scene.filter.playing = false;
        state.playCarry = 0.0;
        return;
    }
    advancePlayback(scene.filter, seconds, first, last, state.playCarry);
}

void drawTimelinePanel(MapScene& scene, TimelineState& state, bool* open) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(0.f, std::max(0.f, display.y - kStatusBarHeight - kPanelHeight)), panelLayoutCond("Timeline"));
    ImGui::SetNextWindowSize(ImVec2(std::max(200.f, display.x), kPanelHeight), panelLayoutCond("Timeline"));
    if (!ImGui::Begin("Timeline", open, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
        ImGui::End();
        return;
    }
    int32_t first = 0, last = 0;
    if (!scene.eventDayRange(first, last)) {
        updateTimelineHistogram(scene, state);  // drops a stale histogram
        ImGui::TextDisabled("Open an event file (GeoJSON/CSV/GPKG, UCDP or ACLED) to see the timeline.");
        ImGui::End();
        return;
    }
    updateTimelineHistogram(scene, state);
    FilterSpec& spec = scene.filter;
    int32_t from = 0, to = 0;
    effectiveWindow(spec, first, last, from, to);

    // Row 1: dates, steps, the whole range, the count.
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("From");
    ImGui::SameLine();
    dateBox("##from", state.fromText, state.fromEditing, from, spec, false, state.dateError);
    ImGui::SameLine();
    ImGui::TextUnformatted("To");
    ImGui::SameLine();
    dateBox("##to", state.toText, state.toEditing, to, spec, true, state.dateError);
    ImGui::SameLine();
    ImGui::TextDisabled("(%d day%s)", to - from + 1, to == from ? "" : "s");
    struct Step {
        const char* label;
        int days;
        const char* tip;
    };
    static const Step kSteps[] = {{"\xC2\xAB", -7, "Back a week"},
                                  {"\xE2\x80\xB9", -1, "Back a day"},
                                  {"\xE2\x80\xBA", 1, "Forward a day"},
                                  {"\xC2\xBB", 7, "Forward a week"}};
    for (const Step& s : kSteps) {
        ImGui::SameLine();
        ImGui::PushID(s.days);
        if (ImGui::Button(s.label, ImVec2(ImGui::GetFrameHeight() * 1.2f, 0.f))) stepDays(spec, s.days, first, last);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", s.tip);
        ImGui::PopID();
    }
    ImGui::SameLine();
    if (ImGui::Button("All")) {
        spec.playing = false;
        if (!setWindow(spec, INT32_MIN, INT32_MAX)) spec.touch();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("The whole range: %s – %s", formatDay(first).c_str(), formatDay(last).c_str());
    size_t shown = 0, total = 0;
    for (const auto& l : scene.eventLayers) {
        if (!l.data) continue;
        total += l.data->store.size();
        if (l.visible) shown += l.counts.total;
    }
    ImGui::SameLine();
    ImGui::Text("%zu events shown (of %zu)", shown, total);
    if (!state.dateError.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(ImVec4(1.f, 0.35f, 0.3f, 1.f), "%s", state.dateError.c_str());
    }

    // Row 2: playback.
    if (ImGui::Button(spec.playing ? "Pause###play" : "Play###play", ImVec2(ImGui::GetFontSize() * 4.f, 0.f))) {
        if (spec.playing) {
            spec.playing = false;
            spec.touch();
        } else {
            state.playCarry = 0.0;
            startPlayback(spec, first, last);
        }
    }
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9.f);
    if (ImGui::SliderFloat("##speed", &spec.daysPerSecond, 1.f, 60.f, "%.0f days/s", ImGuiSliderFlags_Logarithmic))
        spec.touch();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Playback speed in days per second (Ctrl+click to type)");
    ImGui::SameLine();
    if (ImGui::RadioButton("Window", spec.mode == PlaybackMode::Window)) {
        spec.mode = PlaybackMode::Window;
        spec.touch();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Playback moves the whole window, keeping its length");
    ImGui::SameLine();
    if (ImGui::RadioButton("Cumulative", spec.mode == PlaybackMode::Cumulative)) {
        spec.mode = PlaybackMode::Cumulative;
        setWindow(spec, first, to);  // everything up to the current end
        spec.touch();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Playback keeps the start and moves the end: events accumulate");
    ImGui::SameLine();
    if (ImGui::Checkbox("Loop", &spec.loop)) spec.touch();
    ImGui::SameLine();
    ImGui::TextDisabled("%s – %s, %s bars", formatDay(first).c_str(), formatDay(last).c_str(),
                        state.binDays == 1 ? "daily" : (state.binDays == 7 ? "weekly" : (state.binDays == 30 ? "30-day" : "multi-day")));

    histogramWidget(scene, state, first, last);
    ImGui::End();
}

}  // namespace fm
