#include "model/event_filter.h"

#include <algorithm>
#include <unordered_map>

namespace fm {

std::vector<uint8_t> actorSetsEnabled(const EventStore& store, const EventFilter& f) {
    const auto& sets = store.actorSets();
    std::vector<uint8_t> on(sets.size(), 0);
    for (size_t s = 0; s < sets.size(); ++s) {
        if (sets[s].empty()) {
            on[s] = f.showUnattributed;
            continue;
        }
        for (uint16_t a : sets[s])
            if (f.actorOn(a)) {
                on[s] = 1;
                break;
            }
    }
    return on;
}

void EventIndex::build(const EventStore& store) {
    m_cells.clear();
    std::unordered_map<uint64_t, size_t> byKey;
    const size_t n = store.size();
    for (size_t i = 0; i < n; ++i) {
        const uint64_t key = (static_cast<uint64_t>(store.actorSet()[i]) << 16) | (static_cast<uint64_t>(store.type()[i]) << 8) |
                             store.precision()[i];
        auto it = byKey.find(key);
        if (it == byKey.end()) {
            it = byKey.emplace(key, m_cells.size()).first;
            m_cells.push_back({store.actorSet()[i], store.type()[i], store.precision()[i], {}, {}});
        }
        Cell& c = m_cells[it->second];
        c.starts.push_back(store.dayStart()[i]);
        c.ends.push_back(store.dayEnd()[i]);
    }
    for (Cell& c : m_cells) {
        std::sort(c.starts.begin(), c.starts.end());
        std::sort(c.ends.begin(), c.ends.end());
    }
}

EventCounts EventIndex::count(const EventStore& store, const EventFilter& f) const {
    EventCounts out;
    out.perActor.assign(store.actors().size(), 0);
    // An inverted range selects nothing (and would break the subtraction below: an event could both start after
    // `to` and end before `from`).
    if (f.dayFrom > f.dayTo) return out;
    const std::vector<uint8_t> setOn = actorSetsEnabled(store, f);
    const auto& sets = store.actorSets();
    for (const Cell& c : m_cells) {
        // Events overlapping [from, to]: all, minus those starting after `to`, minus those ending before `from`
        // (the two groups cannot overlap since start <= end).
        const size_t n = c.starts.size();
        const size_t startAfter = static_cast<size_t>(c.starts.end() - std::upper_bound(c.starts.begin(), c.starts.end(), f.dayTo));
        const size_t endBefore = static_cast<size_t>(std::lower_bound(c.ends.begin(), c.ends.end(), f.dayFrom) - c.ends.begin());
        const size_t inRange = n - startAfter - endBefore;
        if (inRange == 0) continue;
        const bool actorOk = setOn[c.actorSet] != 0;
        const bool typeOk = f.typeOn(c.type);
        const bool precOk = f.precisionOn(c.precision);
        if (actorOk && typeOk && precOk) {
            out.total += inRange;
            out.perSide[static_cast<int>(store.sideOfSet(c.actorSet))] += inRange;
        }
        if (actorOk && precOk) out.perType[c.type] += inRange;
        if (actorOk && typeOk) out.perPrecision[c.precision] += inRange;
        if (typeOk && precOk) {
            if (sets[c.actorSet].empty()) out.unattributed += inRange;
            for (uint16_t a : sets[c.actorSet]) out.perActor[a] += inRange;
        }
    }
    return out;
}

std::vector<uint32_t> EventIndex::histogram(const EventStore& store, const EventFilter& f, int32_t firstDay, int32_t lastDay,
                                            int binDays) const {
    if (binDays < 1 || lastDay < firstDay) return {};
    const int64_t days = static_cast<int64_t>(lastDay) - firstDay + 1;
    const size_t bins = static_cast<size_t>((days + binDays - 1) / binDays);
    std::vector<uint32_t> out(bins, 0);
    const std::vector<uint8_t> setOn = actorSetsEnabled(store, f);
    // From the cells, not the events: the events of a cell touching bin [b0, b1] are those starting on or before b1
    // minus those ending before b0 (an event that ends before b0 also starts before b1). Bins ascend, so both
    // searches move forward only: O(cells × bins × log) instead of O(events), a fraction of a millisecond at 1M.
    for (const Cell& c : m_cells) {
        if (!setOn[c.actorSet] || !f.typeOn(c.type) || !f.precisionOn(c.precision)) continue;
        auto s = c.starts.begin();
        auto e = c.ends.begin();
        for (size_t b = 0; b < bins; ++b) {
            const int64_t b0 = firstDay + static_cast<int64_t>(b) * binDays;
            const int64_t b1 = std::min<int64_t>(lastDay, b0 + binDays - 1);
            s = std::upper_bound(s, c.starts.end(), b1, [](int64_t v, int32_t x) { return v < x; });
            e = std::lower_bound(e, c.ends.end(), b0, [](int32_t x, int64_t v) { return x < v; });
            out[b] += static_cast<uint32_t>((s - c.starts.begin()) - (e - c.ends.begin()));
        }
    }
    return out;
}

}  // namespace fm
