// libFuzzer target: fm::parseViewJson on arbitrary text. The parser's contract is that anything it cannot use
// is an fm::Error naming the file; any other exception (a JSON library exception escaping, std::length_error, …)
// ends the program, which is how libFuzzer reports it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/error.h"
#include "model/view_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const fm::ViewFile v = fm::parseViewJson(text, "fuzz.json");
        // What was accepted must also write back out.
        (void)fm::viewToJson(v, "");
    } catch (const fm::Error& e) {
        if (e.subject() != "fuzz.json") __builtin_trap();
    }
    return 0;
}
