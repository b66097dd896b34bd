#include "ui/inspector_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "ui/event_filter_panel.h"
#include "ui/panel_layout.h"

namespace fm {

namespace {

constexpr double kNearbyMeters = 1000.0;
constexpr size_t kNearbyRows = 50;
const ImU32 kHighlightBg = IM_COL32(255, 204, 64, 255);
const ImVec4 kHighlightText = ImVec4(0.05f, 0.05f, 0.05f, 1.f);

char lowerAscii(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string lowerCopy(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = lowerAscii(c);
    return out;
}

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

const SceneEventLayer* findLayer(const MapScene& scene, int id) {
    for (const auto& l : scene.eventLayers)
        if (l.id == id) return &l;
    return nullptr;
}

std::string dateText(const EventStore& s, size_t i) {
    const int32_t a = s.dayStart()[i], b = s.dayEnd()[i];
    const auto prec = static_cast<DatePrecision>(s.datePrecision()[i]);
    std::string t = formatDay(a);
    if (b != a) t += " – " + formatDay(b);
    if (prec != DatePrecision::Day) t += std::string(" (") + datePrecisionName(prec) + " precision)";
    return t;
}

std::string actorsText(const EventStore& s, size_t i) {
    std::string t;
    for (uint16_t a : s.actorSets()[s.actorSet()[i]]) {
        if (!t.empty()) t += ", ";
        t += s.actors()[a].name;
    }
    return t;
}

// Draws `text` wrapped at the available width, word by word (so that highlighted runs can sit inside wrapped
// lines), with the byte ranges of `hl` on a coloured background.
void wrappedHighlighted(std::string_view text, const std::vector<std::pair<size_t, size_t>>& hl) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float wrapW = std::max(50.f, ImGui::GetContentRegionAvail().x);
    const float spaceW = ImGui::CalcTextSize(" ").x;
    const auto inHl = [&hl](size_t pos) {
        for (const auto& r : hl)
            if (pos >= r.first && pos < r.second) return true;
        return false;
    };
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(ImGui::GetStyle().ItemSpacing.x, 1.f));
    const size_t n = text.size();
    float x = 0.f;
    bool lineEmpty = true;
    size_t i = 0;
    while (i < n) {
        const size_t gapStart = i;
        bool newline = false;
        while (i < n && isSpace(text[i])) newline |= text[i++] == '\n';
        if (i >= n) break;
        size_t end = i;
        while (end < n && !isSpace(text[end])) ++end;
        const std::string_view word = text.substr(i, end - i);
        const float w = ImGui::CalcTextSize(word.data(), word.data() + word.size()).x;
        if (!lineEmpty) {
            if (newline || x + spaceW + w > wrapW) {
                x = 0.f;  // the next item starts a new line
            } else {
                ImGui::SameLine(0.f, 0.f);
                const bool joined = gapStart > 0 && inHl(gapStart - 1) && inHl(i);
                if (joined) {
                    const ImVec2 p = ImGui::GetCursorScreenPos();
                    dl->AddRectFilled(p, ImVec2(p.x + spaceW, p.y + ImGui::GetTextLineHeight()), kHighlightBg);
                }
                ImGui::TextUnformatted(" ");
                ImGui::SameLine(0.f, 0.f);
                x += spaceW;
            }
        }
        size_t p = i;
        bool firstPiece = true;
        while (p < end) {
            const bool h = inHl(p);
            size_t q = p;
            while (q < end && inHl(q) == h) ++q;
            if (!firstPiece) ImGui::SameLine(0.f, 0.f);
            const char* b = text.data() + p;
            const char* e = text.data() + q;
            if (h) {
                const ImVec2 pos = ImGui::GetCursorScreenPos();
                const ImVec2 size = ImGui::CalcTextSize(b, e);
                dl->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), kHighlightBg, 2.f);
                ImGui::PushStyleColor(ImGuiCol_Text, kHighlightText);
                ImGui::TextUnformatted(b, e);
                ImGui::PopStyleColor();
            } else {
                ImGui::TextUnformatted(b, e);
            }
            firstPiece = false;
            p = q;
        }
        x += w;
        lineEmpty = false;
        i = end;
    }
    ImGui::PopStyleVar();
}

void field(const char* name, const std::string& value) {
    if (value.empty()) return;
    ImGui::TableNextRow();
    ImGui::TableSetColumnIndex(0);
    ImGui::TextDisabled("%s", name);
    ImGui::TableSetColumnIndex(1);
    ImGui::PushTextWrapPos(0.f);
    ImGui::TextUnformatted(value.c_str());
    ImGui::PopTextWrapPos();
}

// The nearby list costs a pass over the layer's events, so it is kept until the selection changes.
struct NearbyCache {
    int layerId = 0;
    int event = -1;
    const EventStore* store = nullptr;
    size_t storeSize = 0;
    std::vector<size_t> rows;
    size_t total = 0;
};

void nearbySection(MapScene& scene, const SceneEventLayer& layer, size_t i) {
    static NearbyCache cache;
    const EventStore& s = layer.data->store;
    if (cache.layerId != layer.id || cache.event != static_cast<int>(i) || cache.store != &s || cache.storeSize != s.size()) {
        cache.layerId = layer.id;
        cache.event = static_cast<int>(i);
        cache.store = &s;
        cache.storeSize = s.size();
        cache.rows = eventsNearby(s, i, kNearbyMeters, kNearbyRows, &cache.total);
    }
    char header[96];
    std::snprintf(header, sizeof header, "Other events at this place (%zu)###nearby", cache.total);
    if (!ImGui::CollapsingHeader(header, ImGuiTreeNodeFlags_DefaultOpen)) return;
    if (cache.rows.empty()) {
        ImGui::TextDisabled("None within 1 km in this layer.");
        return;
    }
    if (cache.total > cache.rows.size()) ImGui::TextDisabled("The %zu closest in time:", cache.rows.size());
    int select = -1;
    for (size_t j : cache.rows) {
        ImGui::PushID(static_cast<int>(j));
        const bool passes = !layer.setOn.empty() && eventPasses(s, j, layer.filter, layer.setOn);
        const std::string label = formatDay(s.dayStart()[j]) + "  " + eventTypeLabel(static_cast<EventType>(s.type()[j])) + "  " +
                                  std::string(s.place(j));
        if (!passes) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        if (ImGui::Selectable(label.c_str())) select = static_cast<int>(j);
        if (!passes) ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) drawEventTooltip(scene, layer.id, static_cast<int>(j));
        ImGui::PopID();
    }
    if (select >= 0) scene.selectedEvent = select;
}

}  // namespace

std::vector<std::pair<size_t, size_t>> placeHighlights(std::string_view text, std::string_view place) {
    std::vector<std::pair<size_t, size_t>> out;
    size_t b = 0, e = place.size();
    while (b < e && isSpace(place[b])) ++b;
    while (e > b && isSpace(place[e - 1])) --e;
    place = place.substr(b, e - b);
    if (place.empty() || text.empty()) return out;
    const std::string low = lowerCopy(text);
    const auto findAll = [&](std::string_view needle) {
        const std::string n = lowerCopy(needle);
        for (size_t pos = low.find(n); pos != std::string::npos; pos = low.find(n, pos + n.size()))
            out.emplace_back(pos, pos + n.size());
    };
    findAll(place);
    if (out.empty()) {
        size_t w = 0;
        while (w < place.size() && !isSpace(place[w]) && place[w] != ',' && place[w] != '(' && place[w] != '/') ++w;
        if (w >= 3 && w < place.size()) findAll(place.substr(0, w));
    }
    return out;
}

std::vector<size_t> eventsNearby(const EventStore& store, size_t i, double meters, size_t maxRows, size_t* total) {
    std::vector<size_t> out;
    if (total) *total = 0;
    if (i >= store.size()) return out;
    const auto& lon = store.lon();
    const auto& lat = store.lat();
    const double lon0 = lon[i], lat0 = lat[i];
    constexpr double kMetersPerDegree = 111320.0;
    const double dLatMax = meters / kMetersPerDegree;
    const double cosLat = std::max(1e-6, std::cos(lat0 * 3.14159265358979323846 / 180.0));
    const double r2 = meters * meters;
    for (size_t j = 0; j < store.size(); ++j) {
        if (j == i) continue;
        const double dLat = lat[j] - lat0;
        if (std::abs(dLat) > dLatMax) continue;
        double dLon = lon[j] - lon0;
        if (dLon > 180.0) dLon -= 360.0;
        if (dLon < -180.0) dLon += 360.0;
        const double dx = dLon * cosLat * kMetersPerDegree, dy = dLat * kMetersPerDegree;
        if (dx * dx + dy * dy <= r2) out.push_back(j);
    }
    if (total) *total = out.size();
    const int32_t day0 = store.dayStart()[i];
    const auto byTime = [&](size_t a, size_t b) {
        const int64_t da = std::llabs(static_cast<int64_t>(store.dayStart()[a]) - day0);
        const int64_t db = std::llabs(static_cast<int64_t>(store.dayStart()[b]) - day0);
        return da != db ? da < db : a < b;
    };
    if (out.size() > maxRows) {
        std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(maxRows), out.end(), byTime);
        out.resize(maxRows);
    }
    std::sort(out.begin(), out.end(), [&](size_t a, size_t b) {
        return store.dayStart()[a] != store.dayStart()[b] ? store.dayStart()[a] < store.dayStart()[b] : a < b;
    });
    return out;
}

std::string shortenUtf8(std::string_view text, size_t maxBytes) {
    if (text.size() <= maxBytes) return std::string(text);
    size_t cut = maxBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    std::string out(text.substr(0, cut));
    while (!out.empty() && isSpace(out.back())) out.pop_back();
    return out + "…";
}

void drawEventTooltip(const MapScene& scene, int layerId, int eventIndex) {
    const SceneEventLayer* l = findLayer(scene, layerId);
    if (!l || !l->data || eventIndex < 0 || static_cast<size_t>(eventIndex) >= l->data->store.size()) return;
    const EventStore& s = l->data->store;
    const size_t i = static_cast<size_t>(eventIndex);
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28.f);
    const Side side = s.sideOfSet(s.actorSet()[i]);
    const float h = ImGui::GetTextLineHeight();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(h, h));
    drawEventSymbol(ImGui::GetWindowDrawList(), ImVec2(p.x + h * 0.5f, p.y + h * 0.5f), h * 0.36f,
                    static_cast<EventType>(s.type()[i]), sideColorU32(side));
    ImGui::SameLine();
    ImGui::Text("%s  ·  %s", dateText(s, i).c_str(), eventTypeLabel(static_cast<EventType>(s.type()[i])));
    const std::string_view place = s.place(i);
    if (!place.empty()) ImGui::TextUnformatted(place.data(), place.data() + place.size());
    const std::string actors = actorsText(s, i);
    if (!actors.empty()) ImGui::TextDisabled("%s", actors.c_str());
    const std::string sentence = shortenUtf8(s.sentence(i), 120);
    if (!sentence.empty()) ImGui::TextUnformatted(sentence.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

void drawInspectorPanel(MapScene& scene, bool* open) {
    // First use: left of the Events panel, clear of the timeline along the bottom.
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(std::max(10.f, display.x - 740.f), 30.f), panelLayoutCond("Inspector"));
    ImGui::SetNextWindowSize(ImVec2(380.f, std::clamp(display.y - 24.f - 170.f - 50.f, 200.f, 460.f)), panelLayoutCond("Inspector"));
    if (!ImGui::Begin("Inspector", open)) {
        ImGui::End();
        return;
    }
    const SceneEventLayer* layer = scene.selectedEventLayer ? findLayer(scene, scene.selectedEventLayer) : nullptr;
    if (!layer || !layer->data || scene.selectedEvent < 0 || static_cast<size_t>(scene.selectedEvent) >= layer->data->store.size()) {
        ImGui::TextDisabled("Click an event on the map to see its details here.");
        ImGui::End();
        return;
    }
    const EventStore& s = layer->data->store;
    const size_t i = static_cast<size_t>(scene.selectedEvent);
    const EventRecord r = s.record(i);

    if (ImGui::SmallButton("Clear selection")) {
        scene.selectedEventLayer = 0;
        scene.selectedEvent = -1;
        ImGui::End();
        return;
    }
    ImGui::SameLine();
    ImGui::TextDisabled("%s, event %zu", layer->title.c_str(), i + 1);
    if (ImGui::BeginTable("##fields", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.5f);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        field("ID", r.id);
        field("Date", dateText(s, i));
        // Actors, each with its side's colour.
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextDisabled("Actors");
        ImGui::TableSetColumnIndex(1);
        const auto& set = s.actorSets()[s.actorSet()[i]];
        if (set.empty()) ImGui::TextDisabled("none named");
        for (uint16_t a : set) {
            const Actor& actor = s.actors()[a];
            const float h = ImGui::GetTextLineHeight();
            const ImVec2 p = ImGui::GetCursorScreenPos();
            ImGui::Dummy(ImVec2(h * 0.8f, h));
            ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(p.x + h * 0.4f, p.y + h * 0.5f), h * 0.3f, sideColorU32(actor.side));
            ImGui::SameLine();
            ImGui::PushTextWrapPos(0.f);
            ImGui::Text("%s%s  (%s)", actor.name.c_str(), actor.person ? ", person" : "", sideName(actor.side));
            ImGui::PopTextWrapPos();
        }
        std::string type = eventTypeLabel(r.type);
        if (!r.rawType.empty() && lowerCopy(r.rawType) != eventTypeName(r.type)) type += "  (source: " + r.rawType + ")";
        field("Type", type);
        field("Place", r.place);
        char buf[96];
        std::snprintf(buf, sizeof buf, "%.5f, %.5f", r.lon, r.lat);
        field("Lon, lat", buf);
        std::string prec = locationPrecisionName(r.precision);
        const double radius = uncertaintyRadiusMeters(r.precision);
        if (radius > 0) {
            std::snprintf(buf, sizeof buf, "  (± %.0f km)", radius / 1000.0);
            prec += buf;
        }
        field("Location", prec);
        if (r.fatalities >= 0) field("Fatalities", std::to_string(r.fatalities));
        if (layer->frontDistance.size() > static_cast<size_t>(scene.selectedEvent)) {
            const float km = layer->frontDistance[static_cast<size_t>(scene.selectedEvent)];
            const SceneTimeLayer* tl = scene.findTimeLayer(layer->frontLayerId);
            if (std::isfinite(km) && tl) {
                const int32_t snap = tl->time->snapshotDayAsOf(r.dayStart);
                std::snprintf(buf, sizeof buf, "%.1f km %s (front line of %s)", std::fabs(km),
                              km < 0 ? "behind Russian lines" : "from the line, outside Russian-held ground", formatDay(snap).c_str());
                field("Front line", buf);
            } else if (tl) {
                field("Front line", "no front line on or before this date");
            }
        }
        field("Source", r.sourceTitle);
        field("Outlet", r.sourceOutlet);
        field("Published", r.sourceDate);
        ImGui::EndTable();
    }
    if (!r.sentence.empty()) {
        ImGui::Separator();
        wrappedHighlighted(r.sentence, placeHighlights(r.sentence, r.place));
    }
    if (!r.sourceUrl.empty()) {
        ImGui::Separator();
        if (ImGui::SmallButton("Copy")) ImGui::SetClipboardText(r.sourceUrl.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Copy the source's address");
        ImGui::SameLine();
        // Shown as text only: the viewer never opens links.
        ImGui::PushTextWrapPos(0.f);
        ImGui::TextDisabled("%s", r.sourceUrl.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::Separator();
    nearbySection(scene, *layer, i);
    ImGui::End();
}

}  // namespace fm
