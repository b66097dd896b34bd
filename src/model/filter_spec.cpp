#include "model/filter_spec.h"

#include <algorithm>
#include <cctype>

namespace fm {

namespace {
std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}
}  // namespace

std::vector<std::string> restrictToActors(FilterSpec& spec, const std::vector<const EventStore*>& stores,
                                          const std::vector<std::string>& wanted, const ActorTable& table) {
    std::vector<std::string> unmatched;
    std::vector<bool> used(wanted.size(), false);
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
            if (!keep) spec.hiddenActors.insert(a.name);
        }
    }
    spec.showUnattributed = false;
    for (size_t w = 0; w < wanted.size(); ++w)
        if (!used[w]) unmatched.push_back(wanted[w]);
    spec.touch();
    return unmatched;
}

}  // namespace fm
