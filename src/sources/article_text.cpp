#include "sources/article_text.h"

#include <algorithm>
#include <cstring>

namespace fm {

namespace {

// Decodes one UTF-8 sequence at s[i]; invalid or truncated input gives U+FFFD and length 1.
uint32_t decodeUtf8(std::string_view s, size_t i, size_t& len) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
        len = 1;
        return c;
    }
    size_t n = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) {
        len = 1;
        return 0xFFFD;
    }
    uint32_t cp = n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
    for (size_t k = 1; k < n; ++k) {
        const unsigned char cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) {
            len = 1;
            return 0xFFFD;
        }
        cp = (cp << 6) | (cc & 0x3Fu);
    }
    static const uint32_t minCp[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < minCp[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        len = 1;
        return 0xFFFD;
    }
    len = n;
    return cp;
}

void appendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

bool isAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool isAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
char asciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool isApostrophe(uint32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x02BC || cp == 0x2018 || cp == 0x02B9 || cp == 0x00B4 || cp == '`'; }

bool isSpaceCp(uint32_t cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

bool isDashCp(uint32_t cp) { return cp == '-' || (cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212; }

// Letters (and marks) of any script, roughly: everything at or above U+00C0 that is not punctuation or a symbol.
bool isLetterCp(uint32_t cp) {
    if (cp < 0x80) return isAsciiAlpha(static_cast<char>(cp));
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;
    if (cp >= 0x2000 && cp <= 0x2BFF) return false;   // punctuation, symbols, arrows, dingbats
    if (cp >= 0x3000 && cp <= 0x303F) return false;   // CJK punctuation
    if (cp >= 0xE000 && cp <= 0xF8FF) return false;   // private use
    if (cp >= 0xFE00 && cp <= 0xFE0F) return false;   // variation selectors
    if (cp == 0xFEFF || cp == 0xFFFD) return false;
    if (cp >= 0x1F000) return false;                  // emoji and other pictographs
    if (cp == 0x02B9 || cp == 0x02BC) return false;   // modifier apostrophes
    return true;
}

bool isUpperCp(uint32_t cp) {
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
    if (cp >= 0xC0 && cp <= 0xDE) return cp != 0xD7;
    if (cp >= 0x100 && cp <= 0x137) return (cp & 1) == 0;
    if (cp >= 0x139 && cp <= 0x148) return (cp & 1) == 1;
    if (cp >= 0x14A && cp <= 0x177) return (cp & 1) == 0;
    if (cp == 0x178) return true;
    if (cp >= 0x179 && cp <= 0x17E) return (cp & 1) == 1;
    if (cp == 0x218 || cp == 0x21A) return true;
    if (cp >= 0x391 && cp <= 0x3A9) return true;
    if (cp >= 0x400 && cp <= 0x42F) return true;
    return false;
}

// ASCII folding of Latin-1 Supplement, Latin Extended-A and the Romanian comma letters; nullptr when none.
const char* foldLatin(uint32_t cp) {
    static const char* const latin1[64] = {
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i", "d", "n", "o", "o", "o", "o",
        "o", "x", "o", "u", "u", "u", "u", "y", "th", "ss", "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
        "i", "i", "i", "i", "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y"};
    if (cp >= 0xC0 && cp <= 0xFF) return latin1[cp - 0xC0];
    struct Range {
        uint32_t first, last;
        const char* to;
    };
    static const Range ranges[] = {{0x100, 0x105, "a"}, {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"},
                                   {0x11C, 0x123, "g"}, {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x132, 0x133, "ij"},
                                   {0x134, 0x135, "j"}, {0x136, 0x138, "k"}, {0x139, 0x142, "l"}, {0x143, 0x14B, "n"},
                                   {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"}, {0x154, 0x159, "r"}, {0x15A, 0x161, "s"},
                                   {0x162, 0x167, "t"}, {0x168, 0x173, "u"}, {0x174, 0x175, "w"}, {0x176, 0x178, "y"},
                                   {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"}, {0x218, 0x219, "s"}, {0x21A, 0x21B, "t"}};
    for (const Range& r : ranges)
        if (cp >= r.first && cp <= r.last) return r.to;
    return nullptr;
}

// Appends the key of `text` to `out`: see normalizeKey.
void appendKey(std::string_view text, std::string& out) {
    const size_t start = out.size();
    bool pendingSpace = false;
    for (size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (static_cast<unsigned char>(c) < 0x80) {
            ++i;
            if (isAsciiAlpha(c) || isAsciiDigit(c)) {
                if (pendingSpace && out.size() > start) out.push_back(' ');
                pendingSpace = false;
                out.push_back(asciiLower(c));
            } else if (c == '\'' || c == '.' || c == '`') {
                // dropped: "Kup'yans'k" → "kupyansk", "U.S." → "us"; a possessive 's goes with its apostrophe, as the
                // tokenizer drops it ("People's Republic" → "people republic")
                if (c == '\'' && i < text.size() && (text[i] == 's' || text[i] == 'S') &&
                    (i + 1 >= text.size() || !(isAsciiAlpha(text[i + 1]) || isAsciiDigit(text[i + 1]))))
                    ++i;
            } else {
                pendingSpace = true;
            }
            continue;
        }
        size_t len;
        const uint32_t cp = decodeUtf8(text, i, len);
        i += len;
        if (isApostrophe(cp)) {
            if (i < text.size() && (text[i] == 's' || text[i] == 'S') &&
                (i + 1 >= text.size() || !(isAsciiAlpha(text[i + 1]) || isAsciiDigit(text[i + 1]))))
                ++i;
            continue;
        }
        if (const char* f = foldLatin(cp)) {
            if (!*f) {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace && out.size() > start) out.push_back(' ');
            pendingSpace = false;
            out += f;
            continue;
        }
        if (!isLetterCp(cp)) {
            pendingSpace = true;
            continue;
        }
        uint32_t lower = cp;
        if (cp >= 0x410 && cp <= 0x42F) lower = cp + 0x20;
        else if (cp >= 0x400 && cp <= 0x40F) lower = cp + 0x50;
        else if (cp >= 0x391 && cp <= 0x3A9) lower = cp + 0x20;
        if (lower == 0x451) lower = 0x435;  // ё → е
        if (pendingSpace && out.size() > start) out.push_back(' ');
        pendingSpace = false;
        appendUtf8(out, lower);
    }
}

char asciiPunct(uint32_t cp) {
    if (cp < 0x80) return static_cast<char>(cp);
    switch (cp) {
        case 0x201C: case 0x201D: case 0x201E: case 0x00AB: case 0x00BB: return '"';
        case 0x2018: case 0x2019: case 0x02BC: return '\'';
        case 0x2013: case 0x2014: case 0x2015: case 0x2010: case 0x2011: case 0x2212: return '-';
        case 0x2026: return '.';
        case 0x2022: case 0x25CF: case 0x25AA: return '*';
        default: return '?';
    }
}

bool startsWith(std::string_view s, size_t i, const char* lit) {
    const size_t n = std::strlen(lit);
    if (i + n > s.size()) return false;
    for (size_t k = 0; k < n; ++k)
        if (asciiLower(s[i + k]) != lit[k]) return false;
    return true;
}

}  // namespace

std::string cleanUtf8Text(std::string_view s, size_t* replaced) {
    std::string out;
    out.reserve(s.size());
    size_t bad = 0;
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (c == '\r') {
                out.push_back('\n');
                if (i + 1 < s.size() && s[i + 1] == '\n') ++i;
            } else if (c == '\n' || c == '\t' || c >= 0x20) {
                out.push_back(c == 0x7F ? ' ' : static_cast<char>(c));
            } else {
                out.push_back(' ');
            }
            ++i;
            continue;
        }
        size_t len;
        const uint32_t cp = decodeUtf8(s, i, len);
        if (cp == 0xFFFD && len == 1) {
            ++bad;
            out += "\xEF\xBF\xBD";
        } else if (cp >= 0x80 && cp < 0xA0) {
            out.push_back(' ');  // C1 controls
        } else {
            out.append(s.data() + i, len);
        }
        i += len;
    }
    if (replaced) *replaced = bad;
    return out;
}

bool looksLikeHtml(std::string_view t) {
    // Only the first 64 KiB decide, so a huge file costs nothing extra here.
    const std::string_view head = t.substr(0, 65536);
    static const char* const names[] = {"p", "div", "br", "a", "span", "html", "body", "head", "h1", "h2", "h3", "h4", "li", "ul",
                                        "ol", "em", "strong", "b", "i", "script", "style", "img", "table", "meta", "title",
                                        "article", "section", "blockquote", "figure", "iframe"};
    for (size_t i = head.find('<'); i != std::string_view::npos && i + 1 < head.size(); i = head.find('<', i + 1)) {
        if (startsWith(head, i, "<!--") || startsWith(head, i, "<!doctype")) return true;
        size_t j = i + 1 + (head[i + 1] == '/' ? 1 : 0);
        size_t k = j;
        while (k < head.size() && (isAsciiAlpha(head[k]) || isAsciiDigit(head[k]))) ++k;
        if (k == j || k >= head.size() || !(head[k] == '>' || head[k] == ' ' || head[k] == '/' || head[k] == '\n')) continue;
        std::string name;
        for (size_t q = j; q < k && name.size() < 16; ++q) name.push_back(asciiLower(head[q]));
        for (const char* n : names)
            if (name == n) return true;
    }
    return false;
}

std::string htmlToText(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    const size_t n = s.size();
    size_t nextGt = 0;  // cached position of the next '>' at or after the position asked for (npos: none left)
    bool gtKnown = false;
    auto findGt = [&](size_t from) -> size_t {
        if (gtKnown && (nextGt == std::string_view::npos || nextGt >= from)) return nextGt;
        nextGt = s.find('>', from);
        gtKnown = true;
        return nextGt;
    };
    // Case-insensitive search that never rescans: used once per <script>/<style>/comment, moving forward.
    auto findCi = [&](size_t from, const char* lit) -> size_t {
        const size_t m = std::strlen(lit);
        for (size_t i = from; i + m <= n; ++i)
            if (asciiLower(s[i]) == lit[0] && startsWith(s, i, lit)) return i;
        return std::string_view::npos;
    };
    static const char* const blockTags[] = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                                            "tr", "table", "section", "article", "header", "footer", "blockquote", "pre",
                                            "hr", "title", "dd", "dt", "figcaption", "main", "aside", "nav", "td", "th"};
    size_t i = 0;
    while (i < n) {
        const char c = s[i];
        if (c == '<') {
            if (startsWith(s, i, "<!--")) {
                const size_t e = s.find("-->", i + 4);
                i = e == std::string_view::npos ? n : e + 3;
                continue;
            }
            size_t j = i + 1;
            const bool closing = j < n && s[j] == '/';
            if (closing) ++j;
            size_t k = j;
            while (k < n && (isAsciiAlpha(s[k]) || isAsciiDigit(s[k]))) ++k;
            const bool special = j < n && (s[j] == '!' || s[j] == '?');
            if (k == j && !special) {  // "a < b": not a tag
                out.push_back('<');
                ++i;
                continue;
            }
            const size_t gt = findGt(k);
            if (gt == std::string_view::npos) {  // an unterminated tag: the rest is text
                out.push_back('<');
                ++i;
                continue;
            }
            std::string name;
            for (size_t q = j; q < k && name.size() < 16; ++q) name.push_back(asciiLower(s[q]));
            i = gt + 1;
            if (!closing && (name == "script" || name == "style")) {
                const size_t e = findCi(i, name == "script" ? "</script" : "</style");
                if (e == std::string_view::npos) {
                    i = n;
                } else {
                    const size_t g = findGt(e);
                    i = g == std::string_view::npos ? n : g + 1;
                }
                continue;
            }
            bool block = false;
            for (const char* b : blockTags)
                if (name == b) block = true;
            if (block) out += "\n\n";
            else if (!out.empty() && out.back() != ' ' && name != "a" && name != "span" && name != "b" && name != "i" &&
                     name != "em" && name != "strong" && name != "u" && name != "sup" && name != "sub")
                out.push_back(' ');
            continue;
        }
        if (c == '&') {
            size_t semi = std::string_view::npos;
            for (size_t q = i + 1; q < n && q < i + 12; ++q)
                if (s[q] == ';') {
                    semi = q;
                    break;
                }
            if (semi != std::string_view::npos) {
                const std::string_view ent = s.substr(i + 1, semi - i - 1);
                uint32_t cp = 0;
                if (!ent.empty() && ent[0] == '#') {
                    const bool hex = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X');
                    uint32_t v = 0;
                    bool ok = ent.size() > (hex ? 2u : 1u);
                    for (size_t q = hex ? 2 : 1; ok && q < ent.size(); ++q) {
                        const char d = ent[q];
                        int dv = isAsciiDigit(d) ? d - '0' : hex && d >= 'a' && d <= 'f' ? d - 'a' + 10 : hex && d >= 'A' && d <= 'F' ? d - 'A' + 10 : -1;
                        if (dv < 0 || v > 0x10FFFF) ok = false;
                        else v = v * (hex ? 16u : 10u) + static_cast<uint32_t>(dv);
                    }
                    if (ok) cp = (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) ? 0xFFFD : v;
                } else {
                    struct Named {
                        const char* name;
                        uint32_t cp;
                    };
                    static const Named named[] = {{"amp", '&'},       {"lt", '<'},         {"gt", '>'},         {"quot", '"'},
                                                  {"apos", '\''},     {"nbsp", ' '},       {"mdash", 0x2014},   {"ndash", 0x2013},
                                                  {"rsquo", 0x2019},  {"lsquo", 0x2018},   {"ldquo", 0x201C},   {"rdquo", 0x201D},
                                                  {"hellip", 0x2026}, {"laquo", 0x00AB},   {"raquo", 0x00BB},   {"copy", 0x00A9},
                                                  {"eacute", 0x00E9}, {"euml", 0x00EB},    {"uuml", 0x00FC},    {"ouml", 0x00F6},
                                                  {"auml", 0x00E4},   {"bull", 0x2022},    {"middot", 0x00B7},  {"shy", 0}};
                    for (const Named& e : named)
                        if (ent == e.name) {
                            cp = e.cp == 0 ? 0xFFFFFFFF : e.cp;
                            break;
                        }
                }
                if (cp != 0) {
                    if (cp != 0xFFFFFFFF) {
                        if (cp < 0x20 && cp != '\n' && cp != '\t') cp = ' ';
                        appendUtf8(out, cp);
                    }
                    i = semi + 1;
                    continue;
                }
            }
            out.push_back('&');
            ++i;
            continue;
        }
        out.push_back(c);
        ++i;
    }
    return out;
}

std::string markdownToText(std::string_view md) {
    std::string out;
    out.reserve(md.size());
    size_t pos = 0;
    bool inFence = false;
    while (pos <= md.size()) {
        size_t eol = md.find('\n', pos);
        if (eol == std::string_view::npos) eol = md.size();
        std::string_view line = md.substr(pos, eol - pos);
        const bool last = eol >= md.size();
        pos = eol + 1;
        size_t a = 0;
        while (a < line.size() && (line[a] == ' ' || line[a] == '\t')) ++a;
        std::string_view body = line.substr(a);
        if (body.substr(0, 3) == "```" || body.substr(0, 3) == "~~~") {
            inFence = !inFence;
            out.push_back('\n');
            if (last) break;
            continue;
        }
        bool heading = false;
        if (!inFence) {
            // Horizontal rules.
            if (body.size() >= 3 && (body.find_first_not_of("-* _") == std::string_view::npos)) {
                out += "\n";
                if (last) break;
                continue;
            }
            while (!body.empty() && body[0] == '>') {
                body.remove_prefix(1);
                while (!body.empty() && body[0] == ' ') body.remove_prefix(1);
            }
            size_t h = 0;
            while (h < body.size() && h < 6 && body[h] == '#') ++h;
            if (h > 0 && (h == body.size() || body[h] == ' ')) {
                body.remove_prefix(h);
                while (!body.empty() && body[0] == ' ') body.remove_prefix(1);
                while (!body.empty() && (body.back() == '#' || body.back() == ' ')) body.remove_suffix(1);
                heading = true;  // a sentence of its own: a blank line follows it
            }
            bool bullet = false;
            if (body.size() >= 2 && (body[0] == '-' || body[0] == '*' || body[0] == '+') && body[1] == ' ') {
                body.remove_prefix(2);
                bullet = true;
            } else {
                size_t d = 0;
                while (d < body.size() && d < 4 && isAsciiDigit(body[d])) ++d;
                if (d > 0 && d + 1 < body.size() && (body[d] == '.' || body[d] == ')') && body[d + 1] == ' ') {
                    body.remove_prefix(d + 2);
                    bullet = true;
                }
            }
            if (bullet && !heading) out += "\xE2\x80\xA2 ";  // a bullet keeps list items apart as sentences
        }
        // Inline syntax.
        for (size_t i = 0; i < body.size();) {
            const char c = body[i];
            if (!inFence && (c == '[' || (c == '!' && i + 1 < body.size() && body[i + 1] == '['))) {
                const size_t open = c == '!' ? i + 1 : i;
                const size_t close = body.find(']', open + 1);
                if (close != std::string_view::npos && close - open < 1000 && close + 1 < body.size() && body[close + 1] == '(') {
                    const size_t paren = body.find(')', close + 2);
                    if (paren != std::string_view::npos && paren - close < 2000) {
                        out.append(body.data() + open + 1, close - open - 1);
                        i = paren + 1;
                        continue;
                    }
                }
            }
            if (!inFence && (c == '*' || c == '`' || c == '|')) {
                if (c == '|') out.push_back(' ');
                ++i;
                continue;
            }
            if (!inFence && c == '_') {
                const bool prevWord = i > 0 && (isAsciiAlpha(body[i - 1]) || isAsciiDigit(body[i - 1]));
                const bool nextWord = i + 1 < body.size() && (isAsciiAlpha(body[i + 1]) || isAsciiDigit(body[i + 1]));
                if (!(prevWord && nextWord)) {
                    ++i;
                    continue;
                }
            }
            out.push_back(c);
            ++i;
        }
        if (heading) out.push_back('\n');
        if (last) break;
        out.push_back('\n');
    }
    return out;
}

std::string normalizeKey(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    appendKey(text, out);
    return out;
}

bool startsUpper(std::string_view text) {
    if (text.empty()) return false;
    size_t len;
    return isUpperCp(decodeUtf8(text, 0, len));
}

void tokenizeSentence(std::string_view s, TokenizedSentence& out) {
    out.text = s;
    out.tokens.clear();
    out.keys.clear();
    const size_t n = s.size();
    size_t i = 0;
    char pendingBefore = ' ';
    bool afterOpen = false;  // the last token's `after` can still be set
    while (i < n) {
        size_t len;
        const uint32_t cp = decodeUtf8(s, i, len);
        const bool digit = cp < 0x80 && isAsciiDigit(static_cast<char>(cp));
        if (!(isLetterCp(cp) || digit)) {
            if (!isSpaceCp(cp)) {
                const char p = asciiPunct(cp);
                if (afterOpen) {
                    out.tokens.back().after = p;
                    afterOpen = false;
                }
                pendingBefore = p;
            }
            i += len;
            continue;
        }
        Token t;
        t.begin = static_cast<uint32_t>(i);
        size_t end = i;
        size_t segLetters = 0;  // letters since the start or the last internal dot
        bool dotted = false;
        bool anyLetter = false, anyDigit = false, allUpper = true;
        size_t letters = 0;
        bool possessive = false, joined = false;
        size_t j = i;
        while (j < n) {
            size_t l;
            const uint32_t c = decodeUtf8(s, j, l);
            const bool d = c < 0x80 && isAsciiDigit(static_cast<char>(c));
            if (isLetterCp(c) || d) {
                if (d) anyDigit = true;
                else {
                    anyLetter = true;
                    ++letters;
                    if (!isUpperCp(c)) allUpper = false;
                }
                ++segLetters;
                j += l;
                end = j;
                continue;
            }
            if (isApostrophe(c)) {
                // 's → possessive; a letter after → part of the name (Mar'inka); else a closing quote or s'.
                size_t l2 = 0;
                const uint32_t nx = j + l < n ? decodeUtf8(s, j + l, l2) : 0;
                if ((nx == 's' || nx == 'S')) {
                    size_t l3 = 0;
                    const uint32_t nn = j + l + 1 < n ? decodeUtf8(s, j + l + 1, l3) : 0;
                    if (!isLetterCp(nn) && !(nn < 0x80 && isAsciiDigit(static_cast<char>(nn)))) {
                        possessive = true;
                        j += l + 1;
                        break;
                    }
                }
                if (nx != 0 && isLetterCp(nx)) {
                    j += l;
                    continue;
                }
                if (end > i && (s[end - 1] == 's' || s[end - 1] == 'S')) {
                    possessive = true;
                    j += l;
                }
                break;
            }
            if (c == '.') {
                const char nx = j + 1 < n ? s[j + 1] : '\0';
                const char nn = j + 2 < n ? s[j + 2] : '\0';
                if (anyDigit && !anyLetter && isAsciiDigit(nx) && end == j) {  // 3.5
                    j += 1;
                    continue;
                }
                if (segLetters == 1 && anyLetter && isAsciiAlpha(nx) && nn == '.') {  // U.S., J.D.
                    dotted = true;
                    segLetters = 0;
                    j += 1;
                    continue;
                }
                if (dotted && segLetters == 1) {  // the final dot of U.S.
                    j += 1;
                    end = j;
                }
                break;
            }
            if (c == ',' && anyDigit && !anyLetter && j + 1 < n && isAsciiDigit(s[j + 1]) && end == j) {  // 1,000
                j += 1;
                continue;
            }
            if (isDashCp(c) && c != 0x2014 && c != 0x2013) {
                size_t l2 = 0;
                const uint32_t nx = j + l < n ? decodeUtf8(s, j + l, l2) : 0;
                if (isLetterCp(nx) || (nx < 0x80 && isAsciiDigit(static_cast<char>(nx)))) joined = true;
            }
            break;
        }
        t.end = static_cast<uint32_t>(end);
        const std::string_view raw = s.substr(t.begin, t.end - t.begin);
        t.keyBegin = static_cast<uint32_t>(out.keys.size());
        appendKey(raw, out.keys);
        t.keyLen = static_cast<uint32_t>(out.keys.size() - t.keyBegin);
        if (anyLetter) t.flags |= kTokWord;
        if (anyDigit && !anyLetter) t.flags |= kTokNumber;
        if (anyLetter && startsUpper(raw)) t.flags |= kTokCap;
        if (letters >= 2 && allUpper) t.flags |= kTokAllCaps;
        if (possessive) t.flags |= kTokPossessive;
        if (joined) t.flags |= kTokJoinedNext;
        if (out.tokens.empty()) t.flags |= kTokFirst;
        t.before = pendingBefore;
        pendingBefore = ' ';
        if (joined) pendingBefore = '-';
        out.tokens.push_back(t);
        afterOpen = !joined;
        if (joined) out.tokens.back().after = '-';
        i = j > i ? j : i + len;
        // Skip the joining hyphen itself.
        if (joined && i < n) {
            size_t l;
            decodeUtf8(s, i, l);
            i += l;
        }
    }
}

namespace {

bool isAbbreviation(std::string_view word) {
    static const char* const abbr[] = {"mr", "mrs", "ms", "dr", "gen", "lt", "col", "sgt", "capt", "gov", "sen", "rep", "st",
                                       "jr", "sr", "no", "inc", "corp", "co", "ltd", "vs", "etc", "jan", "feb", "mar", "apr",
                                       "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "maj", "adm", "brig", "prof",
                                       "mt", "ft", "rev", "pres", "cmdr", "cpl", "pvt", "gens", "approx", "vol", "fig"};
    std::string l;
    for (char c : word) l.push_back(asciiLower(c));
    for (const char* a : abbr)
        if (l == a) return true;
    return false;
}

bool isSentenceStarter(std::string_view word) {
    static const char* const starters[] = {"The", "A", "An", "In", "On", "At", "But", "And", "It", "He", "She", "They", "We",
                                           "This", "That", "These", "Those", "There", "However", "Meanwhile", "Earlier",
                                           "Later", "Still", "Yet", "So", "If", "When", "While", "After", "Before", "Since",
                                           "His", "Her", "Their", "Its", "Our", "I", "As", "For", "With", "Officials"};
    for (const char* w : starters)
        if (word == w) return true;
    return false;
}

}  // namespace

std::vector<SentenceSpan> splitSentences(std::string_view t) {
    std::vector<SentenceSpan> out;
    const size_t n = t.size();
    size_t start = 0;
    bool para = true;
    auto emit = [&](size_t a, size_t b, bool nextPara) {
        while (a < b && isAsciiSpace(t[a])) ++a;
        while (b > a && isAsciiSpace(t[b - 1])) --b;
        if (b > a) {
            out.push_back({static_cast<uint32_t>(a), static_cast<uint32_t>(b), para});
            para = nextPara;
        } else if (nextPara) {
            para = true;
        }
    };
    size_t lineStart = 0;
    size_t lastSpace = std::string_view::npos;
    size_t i = 0;
    while (i < n) {
        const char c = t[i];
        if (i - start >= kMaxSentenceBytes) {
            // Cut an over-long run at the last space, or hard at a character boundary.
            size_t cut = (lastSpace != std::string_view::npos && lastSpace > start + kMaxSentenceBytes / 2) ? lastSpace : i;
            while (cut > start && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;
            if (cut <= start) cut = i;
            emit(start, cut, false);
            start = cut;
            lastSpace = std::string_view::npos;
            if (cut < i) continue;  // rescan from the cut (bounded: less than kMaxSentenceBytes)
        }
        if (c == ' ' || c == '\t') lastSpace = i;
        if (c == '\n') {
            lastSpace = i;
            size_t j = i + 1;
            while (j < n && (t[j] == ' ' || t[j] == '\t')) ++j;
            if (j < n && t[j] == '\n') {  // blank line: paragraph end
                emit(start, i, true);
                while (j < n && isAsciiSpace(t[j])) ++j;
                start = j;
                lineStart = j;
                i = j;
                continue;
            }
            // A single line break ends a sentence after end punctuation, before a bullet, or after a short line
            // without end punctuation (a heading, a byline).
            size_t p = i;
            while (p > start && isAsciiSpace(t[p - 1])) --p;
            const char prev = p > start ? t[p - 1] : '\0';
            const char next = j < n ? t[j] : '\0';
            const bool bulletNext = next == '*' || next == '-' || next == '#' || next == '>' ||
                                    (j + 2 < n && static_cast<unsigned char>(next) == 0xE2 && static_cast<unsigned char>(t[j + 1]) == 0x80 &&
                                     static_cast<unsigned char>(t[j + 2]) == 0xA2);
            const bool endPunct = prev == '.' || prev == '!' || prev == '?' || prev == ':' || prev == ';' || prev == '"' ||
                                  prev == ')' || static_cast<unsigned char>(prev) == 0x9D;  // ” ends in 0x9D
            const bool shortLine = (p - lineStart) < 50 && j < n && startsUpper(t.substr(j, 4));
            if (endPunct || bulletNext || shortLine) {
                emit(start, i, false);
                start = j;
            }
            lineStart = j;
            i = j;
            continue;
        }
        if (c == '.' || c == '!' || c == '?') {
            size_t k = i + 1;
            while (k < n && (t[k] == '.' || t[k] == '!' || t[k] == '?')) ++k;
            for (;;) {  // closing quotes and brackets belong to the sentence
                if (k < n && (t[k] == '"' || t[k] == '\'' || t[k] == ')' || t[k] == ']')) {
                    ++k;
                } else if (k + 2 < n && static_cast<unsigned char>(t[k]) == 0xE2 && static_cast<unsigned char>(t[k + 1]) == 0x80 &&
                           (static_cast<unsigned char>(t[k + 2]) == 0x9D || static_cast<unsigned char>(t[k + 2]) == 0x99)) {
                    k += 3;
                } else {
                    break;
                }
            }
            if (k >= n) {
                i = k;
                break;
            }
            if (!(t[k] == ' ' || t[k] == '\t' || t[k] == '\n')) {
                i = k;
                continue;
            }
            size_t m = k;
            while (m < n && (t[m] == ' ' || t[m] == '\t')) ++m;
            if (m < n && t[m] == '\n') {  // the line break decides
                i = k;
                continue;
            }
            bool boundary = false;
            if (m < n) {
                const unsigned char nc = static_cast<unsigned char>(t[m]);
                boundary = startsUpper(t.substr(m, 4)) || isAsciiDigit(static_cast<char>(nc)) || nc == '"' || nc == '\'' ||
                           nc == '(' || nc == '[' || nc == 0xE2;
            }
            if (boundary && c == '.' && k == i + 1) {
                // The word before the dot.
                size_t w = i;
                while (w > start && (isAsciiAlpha(t[w - 1]) || t[w - 1] == '.')) --w;
                const std::string_view word = t.substr(w, i - w);
                if (word.find('.') != std::string_view::npos) {
                    // U.S. / a.m.: a boundary only when a typical sentence opening follows.
                    size_t e = m;
                    while (e < n && isAsciiAlpha(t[e])) ++e;
                    boundary = isSentenceStarter(t.substr(m, e - m));
                } else if (word.size() == 1 && startsUpper(word)) {
                    boundary = false;  // an initial
                } else if (isAbbreviation(word)) {
                    boundary = false;
                }
            }
            if (boundary) {
                emit(start, k, false);
                start = m;
                i = m;
                continue;
            }
            i = k;
            continue;
        }
        ++i;
    }
    emit(start, n, false);
    return out;
}

bool isTitleCase(const TokenizedSentence& s) {
    size_t words = 0, caps = 0;
    for (size_t i = 0; i < s.size(); ++i) {
        const Token& t = s.tokens[i];
        if (!t.has(kTokWord) || t.keyLen < 4) continue;
        ++words;
        if (t.has(kTokCap)) ++caps;
    }
    return words >= 3 && caps * 10 >= words * 7;
}

}  // namespace fm
