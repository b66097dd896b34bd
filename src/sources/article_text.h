// Article text as the recogniser sees it: bytes made safe (valid UTF-8, no control characters, no markup),
// split into sentences, and each sentence into word tokens with a normalised lookup key ("Kharkiv's" → "kharkiv",
// "Tëtkino" → "tetkino", "U.S." → "us"). Everything here is linear in the size of the text, and a sentence never
// grows past a fixed size, so a 50 MB single-line file costs time in proportion and bounded extra memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fm {

// Invalid UTF-8 becomes U+FFFD; CR LF and lone CR become LF; NUL and other control characters (tab and LF
// excepted) become spaces. `replaced` counts the invalid sequences.
std::string cleanUtf8Text(std::string_view bytes, size_t* replaced = nullptr);

// True when the text carries HTML tags (<p>, <div, </a>, <br/>, <!-- …): it is then run through htmlToText.
bool looksLikeHtml(std::string_view text);
// Tags removed (block tags such as <p>, <br>, <li>, <h1> become paragraph breaks), <script>/<style> content and
// comments dropped, entities decoded (&amp; &lt; &gt; &quot; &apos; &nbsp; &#NNN; &#xHH; and the common
// typographic ones). The result is plain text: nothing in it is ever treated as markup or as a path.
std::string htmlToText(std::string_view html);
// Markdown to plain text: heading marks, emphasis, inline code marks, link and image syntax ([text](url) → text),
// block quotes and list bullets removed; line structure kept.
std::string markdownToText(std::string_view md);

// The lookup key of a word or a name: lower case, Latin diacritics folded (ë → e, ł → l, ş → s), Cyrillic lower
// case, apostrophes and dots dropped, hyphens and runs of spaces turned into one space.
std::string normalizeKey(std::string_view text);

// First code point of UTF-8 text is an upper-case letter (Latin, Latin-1, Latin Extended-A, Greek, Cyrillic).
bool startsUpper(std::string_view text);

enum TokenFlag : uint16_t {
    kTokWord = 1 << 0,        // has a letter
    kTokNumber = 1 << 1,      // digits only (with , or . between digits)
    kTokCap = 1 << 2,         // starts with an upper-case letter
    kTokAllCaps = 1 << 3,     // two or more letters, all upper case ("NATO", "U.S.")
    kTokPossessive = 1 << 4,  // followed by 's or s' ("Kursk's")
    kTokJoinedNext = 1 << 5,  // a hyphen joins it to the next token ("Ivano-Frankivsk", "Russian-held")
    kTokFirst = 1 << 6,       // first token of its sentence (after opening quotes)
};

struct Token {
    uint32_t begin = 0;  // bytes of the token in the sentence text (the possessive 's not included)
    uint32_t end = 0;
    uint32_t keyBegin = 0;  // its key in TokenizedSentence::keys
    uint32_t keyLen = 0;
    uint16_t flags = 0;
    char before = ' ';  // the punctuation mark just before the token (' ' when only spaces), e.g. ',' '(' '"'
    char after = ' ';   // the punctuation mark just after it (after a possessive), e.g. ',' '.' ':' ')'
    bool has(TokenFlag f) const { return (flags & f) != 0; }
};

// One sentence, tokenised. Reused between sentences to avoid allocation.
struct TokenizedSentence {
    std::string_view text;
    std::vector<Token> tokens;
    std::string keys;  // all token keys, back to back

    std::string_view raw(size_t i) const { return text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin); }
    std::string_view key(size_t i) const { return std::string_view(keys).substr(tokens[i].keyBegin, tokens[i].keyLen); }
    // The text from token a to token b inclusive, as written.
    std::string_view span(size_t a, size_t b) const { return text.substr(tokens[a].begin, tokens[b].end - tokens[a].begin); }
    size_t size() const { return tokens.size(); }
};

// Splits one sentence into tokens.
void tokenizeSentence(std::string_view sentence, TokenizedSentence& out);

struct SentenceSpan {
    uint32_t begin = 0;
    uint32_t end = 0;
    bool paragraphStart = false;
};

// Longest sentence kept whole; longer runs without a sentence end are cut at a space (or hard, at a UTF-8
// boundary) so that nothing downstream ever works on an unbounded sentence.
constexpr size_t kMaxSentenceBytes = 2000;

// Sentence boundaries: . ! ? followed by space and a capital, digit or quote (not after Mr., Gen., St., U.S. before
// a name, single initials, …); blank lines; line ends after : . ! ? or before a bullet; headings (a short line with
// no end punctuation followed by a line break). Spans exclude leading and trailing space.
std::vector<SentenceSpan> splitSentences(std::string_view text);

// Title case: most words of a line start with a capital (a headline). Capitalisation then says nothing about names.
bool isTitleCase(const TokenizedSentence& s);

}  // namespace fm
