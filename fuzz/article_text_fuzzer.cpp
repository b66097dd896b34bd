// libFuzzer target: article text preparation (src/sources/article_text.h) on arbitrary bytes: cleaning to UTF-8,
// HTML and Markdown to text, sentence splitting and tokenising. Checks what the header promises: the cleaned text
// is valid UTF-8 without NUL, sentences lie inside the text, never overlap and never exceed kMaxSentenceBytes,
// and tokens lie inside their sentence.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sources/article_text.h"

namespace {

bool validUtf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        size_t len;
        uint32_t cp;
        if (c < 0x80) len = 1, cp = c;
        else if ((c & 0xE0) == 0xC0) len = 2, cp = c & 0x1Fu;
        else if ((c & 0xF0) == 0xE0) len = 3, cp = c & 0x0Fu;
        else if ((c & 0xF8) == 0xF0) len = 4, cp = c & 0x07u;
        else return false;
        if (i + len > s.size()) return false;
        for (size_t k = 1; k < len; ++k) {
            const unsigned char cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3Fu);
        }
        static const uint32_t minCp[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < minCp[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += len;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    std::string text = fm::cleanUtf8Text(bytes);
    if (!validUtf8(text) || text.find('\0') != std::string::npos) std::abort();
    if (fm::looksLikeHtml(text)) text = fm::htmlToText(text);
    else if (size > 0 && (data[0] & 1)) text = fm::markdownToText(text);
    (void)fm::normalizeKey(text.substr(0, 256));
    const auto spans = fm::splitSentences(text);
    uint32_t last = 0;
    fm::TokenizedSentence ts;
    for (const auto& sp : spans) {
        if (sp.begin < last || sp.end < sp.begin || sp.end > text.size()) std::abort();
        if (sp.end - sp.begin > fm::kMaxSentenceBytes) std::abort();
        last = sp.end;
        const std::string_view sentence = std::string_view(text).substr(sp.begin, sp.end - sp.begin);
        fm::tokenizeSentence(sentence, ts);
        for (size_t i = 0; i < ts.size(); ++i) {
            const fm::Token& t = ts.tokens[i];
            if (t.end < t.begin || t.end > sentence.size()) std::abort();
            if (static_cast<size_t>(t.keyBegin) + t.keyLen > ts.keys.size()) std::abort();
            (void)fm::startsUpper(ts.raw(i));
        }
        (void)fm::isTitleCase(ts);
    }
    return 0;
}
