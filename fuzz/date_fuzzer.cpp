// libFuzzer target: fm::parseDate on arbitrary text. Besides crashes and undefined behaviour it checks what the
// parser promises: a parsed date covers at least one day and lies in years 1..9999; a failure always says why; and
// a parsed day written back as ISO parses to the same day.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/date.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    fm::ParsedDate d;
    std::string why;
    if (!fm::parseDate(text, d, why)) {
        if (why.empty()) std::abort();  // a failure always says why
        return 0;
    }
    if (d.first > d.last) std::abort();
    const int32_t lo = fm::daysFromCivil(1, 1, 1), hi = fm::daysFromCivil(9999, 12, 31);
    if (d.first < lo || d.last > hi) std::abort();
    const std::string iso = fm::formatDay(d.first);
    fm::ParsedDate again;
    std::string why2;
    if (!fm::parseDate(iso, again, why2) || again.first != d.first) std::abort();
    return 0;
}
