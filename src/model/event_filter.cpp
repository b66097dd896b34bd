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
    // Difference array over bins: an event counts once in every bin its days touch.
    std::vector<int64_t> diff(bins + 1, 0);
    const std::vector<uint8_t> setOn = actorSetsEnabled(store, f);
    const size_t n = store.size();
    const auto& ds = store.dayStart();
    const auto& de = store.dayEnd();
    for (size_t i = 0; i < n; ++i) {
        if (!setOn[store.actorSet()[i]] || !f.typeOn(store.type()[i]) || !f.precisionOn(store.precision()[i])) continue;
        const int32_t s = std::max(ds[i], firstDay), e = std::min(de[i], lastDay);
        if (s > e) continue;
        ++diff[static_cast<size_t>((s - firstDay) / binDays)];
        --diff[static_cast<size_t>((e - firstDay) / binDays) + 1];
    }
    std::vector<uint32_t> out(bins, 0);
    int64_t run = 0;
    for (size_t b = 0; b < bins; ++b) {
        run += diff[b];
        out[b] = static_cast<uint32_t>(run);
    }
    return out;
}

}  // namespace fm
