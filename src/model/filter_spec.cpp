#include "model/filter_spec.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace fm {

namespace {
std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

// Hides every actor of `stores` that no entry of `wanted` names; marks the entries that named one in `used`.
// Returns true when an actor was newly hidden.
bool hideUnnamed(FilterSpec& spec, const std::vector<const EventStore*>& stores, const std::vector<std::string>& wanted,
                 const ActorTable& table, std::vector<bool>& used) {
    used.assign(wanted.size(), false);
    bool hid = false;
    for (const EventStore* s : stores) {
        for (const Actor& a : s->actors()) {
            bool keep = false;
            for (size_t w = 0; w < wanted.size(); ++w) {
                const std::string lw = lower(wanted[w]);
                const Actor resolved = table.resolve(wanted[w]);
                const bool sideMatch = lw == lower(sideName(a.side)) ||
                                       (ActorTable::sideFromText(wanted[w]) != Side::Other && ActorTable::sideFromText(wanted[w]) == a.side);
                if (lower(a.name) == lw || lower(resolved.name) == lower(a.name) || sideMatch) {
                    keep = true;
                    used[w] = true;
                }
            }
            if (!keep) hid |= spec.hiddenActors.insert(a.name).second;
        }
    }
    return hid;
}

}  // namespace

std::vector<std::string> restrictToActors(FilterSpec& spec, const std::vector<const EventStore*>& stores,
                                          const std::vector<std::string>& wanted, const ActorTable& table) {
    std::vector<std::string> unmatched;
    std::vector<bool> used;
    hideUnnamed(spec, stores, wanted, table, used);
    spec.showUnattributed = false;
    for (size_t w = 0; w < wanted.size(); ++w)
        if (!used[w]) unmatched.push_back(wanted[w]);
    spec.touch();
    return unmatched;
}

ShownActors shownActorsForQuery(const FilterSpec& spec, const std::vector<const EventStore*>& stores, const ActorTable& table) {
    ShownActors out;
    if (spec.hiddenActors.empty()) return out;  // everything on
    std::map<std::string, Side> seen;
    for (const EventStore* s : stores)
        for (const Actor& a : s->actors()) seen.emplace(a.name, a.side);
    // Actors turned off count as seen even when no answer names them any more: a narrowed answer leaves out the
    // rows of a side turned off, and that side must stay off rather than look never seen (and on).
    for (const std::string& name : spec.hiddenActors) seen.emplace(name, table.resolve(name).side);
    std::vector<std::string> wanted;
    for (int si = 0; si < kSideCount; ++si) {
        const Side side = static_cast<Side>(si);
        size_t count = 0, hidden = 0;
        std::vector<std::string> shown;
        for (const auto& [name, s] : seen) {
            if (s != side) continue;
            ++count;
            if (spec.hiddenActors.count(name)) ++hidden;
            else shown.push_back(name);
        }
        if (hidden == 0) {
            if (side == Side::Other) return out;  // any unknown name may be wanted: no narrowing possible
            wanted.push_back(sideName(side));
            continue;
        }
        if (hidden == count) continue;  // the side is off
        wanted.insert(wanted.end(), shown.begin(), shown.end());
        if (side != Side::Other)
            for (const std::string& name : table.actorsOfSide(side))
                if (!spec.hiddenActors.count(name)) wanted.push_back(name);
    }
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
    out.actors = std::move(wanted);
    out.actorless = spec.showUnattributed;
    return out;
}

bool hideActorsNotWanted(FilterSpec& spec, const std::vector<const EventStore*>& stores, const std::vector<std::string>& wanted,
                         const ActorTable& table) {
    if (wanted.empty()) return false;
    std::vector<bool> used;
    const bool hid = hideUnnamed(spec, stores, wanted, table, used);
    if (hid) spec.touch();
    return hid;
}

}  // namespace fm
