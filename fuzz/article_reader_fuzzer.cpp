// libFuzzer target: fm::parseArticleFile (src/sources/article_reader.h) on arbitrary bytes, as plain text,
// Markdown, JSON Lines and a JSON array (the first input byte picks the file name's extension). Nothing may escape
// but what the header allows; every article must have clean text, an id, and start <= end when it has a date;
// every issue must name the file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "sources/article_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    static const char* const names[] = {"fuzz.txt", "fuzz.md", "fuzz.jsonl", "fuzz.json"};
    const std::string name = names[data[0] & 3];
    const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
    fm::ArticleReadOptions options;
    if (data[0] & 4) {
        options.haveDefaultDay = true;
        options.defaultDay = fm::daysFromCivil(2025, 3, 1);
    }
    options.maxArticleBytes = 4096;  // exercise the cut-off path
    std::vector<fm::ArticleIssue> issues;
    const std::vector<fm::Article> articles = fm::parseArticleFile(bytes, name, options, issues);
    for (const fm::Article& a : articles) {
        if (a.text.find('\0') != std::string::npos) std::abort();
        if (a.text.size() > options.maxArticleBytes + 4) std::abort();  // a cut may end on a whole UTF-8 character
        if (a.dateBasis != fm::DateBasis::None && a.dayStart > a.dayEnd) std::abort();
    }
    for (const fm::ArticleIssue& i : issues)
        if (i.file != name) std::abort();
    return 0;
}
