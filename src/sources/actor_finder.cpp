#include "sources/actor_finder.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace fm {

namespace {

std::string trim(std::string_view s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return std::string(s.substr(a, b - a));
}

bool readText(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return false;
    std::stringstream ss;
    ss << in.rdbuf();
    out = ss.str();
    return true;
}

// "US", "U.S.", "EU", "DPR", "NATO": written exactly so, or they are ordinary words.
bool needsExactCase(std::string_view alias) {
    size_t letters = 0, upper = 0;
    for (char c : alias) {
        if (std::isalpha(static_cast<unsigned char>(c))) {
            ++letters;
            if (std::isupper(static_cast<unsigned char>(c))) ++upper;
        }
    }
    return letters <= 3 || (letters > 0 && upper == letters);
}

}  // namespace

uint32_t ActorFinder::intern(std::string_view canonical, Side side, bool person) {
    const std::string name = trim(canonical);
    auto it = m_actorByName.find(name);
    if (it != m_actorByName.end()) return it->second;
    const uint32_t id = static_cast<uint32_t>(m_actors.size());
    m_actors.push_back({name, side, person});
    m_actorByName.emplace(name, id);
    return id;
}

void ActorFinder::add(std::string_view alias, std::string_view canonical, Side side, bool person) {
    const std::string raw = trim(alias);
    const std::string key = normalizeKey(raw);
    if (key.empty() || trim(canonical).empty()) return;
    const uint32_t id = intern(canonical, side, person);
    auto& v = m_byKey[key];
    const bool exact = needsExactCase(raw);
    for (const Alias& a : v)
        if (a.actor == id && a.raw == raw) return;
    v.push_back({raw, exact, id});
    ++m_aliasCount;
    const size_t tokens = static_cast<size_t>(std::count(key.begin(), key.end(), ' ')) + 1;
    m_maxTokens = std::max(m_maxTokens, std::min<size_t>(tokens, 8));
    uint8_t& span = m_firstWordSpan[key.substr(0, key.find(' '))];
    span = static_cast<uint8_t>(std::max<size_t>(span, std::min<size_t>(tokens, 8)));
}

size_t ActorFinder::loadTsv(const std::string& text) {
    std::istringstream in(text);
    std::string line;
    size_t rows = 0;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> cols;
        std::stringstream ls(line);
        std::string c;
        while (std::getline(ls, c, '\t')) cols.push_back(trim(c));
        if (cols.size() < 3 || cols[0].empty() || cols[1].empty()) continue;
        std::string kind = cols.size() > 3 ? cols[3] : "";
        std::transform(kind.begin(), kind.end(), kind.begin(), [](unsigned char ch) { return std::tolower(ch); });
        add(cols[0], cols[1], ActorTable::sideFromText(cols[2]), kind == "person");
        ++rows;
    }
    return rows;
}

ActorFinder ActorFinder::loadDefault(const std::vector<std::string>& extraTables) {
    ActorFinder f;
    const std::string assets = findAssetsDir();
    std::string text;
    if (!assets.empty() && readText(assets + "/actors.tsv", text)) f.loadTsv(text);
    if (f.actorCount() == 0) {
        // The essentials, as the viewer's actor table has them, so sides still come out without assets/.
        f.add("Russia", "Russia", Side::Russia, false);
        f.add("Ukraine", "Ukraine", Side::Ukraine, false);
        f.add("United States", "United States", Side::UnitedStates, false);
        f.add("Kremlin", "Russia", Side::Russia, false);
        f.add("Putin", "Vladimir Putin", Side::Russia, true);
        f.add("Zelensky", "Volodymyr Zelensky", Side::Ukraine, true);
        f.add("Trump", "Donald Trump", Side::UnitedStates, true);
    }
    if (!assets.empty() && readText(assets + "/gazetteer/demonyms.tsv", text)) f.loadTsv(text);
    for (const std::string& path : extraTables) {
        if (!readText(path, text)) throw Error(path, "cannot read the actor table");
        f.loadTsv(text);
    }
    return f;
}

ActorFinder::Match ActorFinder::matchAt(const TokenizedSentence& s, size_t i, const std::vector<uint8_t>* claimed) const {
    Match m;
    const size_t n = s.size();
    // Every alias starts with a capital in the text (exact-case ones are capitals themselves): lower-case words are
    // skipped without a lookup.
    if (i >= n || !s.tokens[i].has(kTokWord) || !(s.tokens[i].has(kTokCap) || s.tokens[i].has(kTokAllCaps))) return m;
    if (claimed && (*claimed)[i]) return m;
    thread_local std::string key;
    key.assign(s.key(i));
    const auto first = m_firstWordSpan.find(key);
    if (first == m_firstWordSpan.end()) return m;  // no alias starts with this word
    size_t maxLen = std::min<size_t>(first->second, n - i);
    // The longest span of unclaimed tokens not broken by punctuation (hyphens and spaces only).
    size_t avail = 1;
    while (avail < maxLen) {
        const Token& prev = s.tokens[i + avail - 1];
        if (claimed && (*claimed)[i + avail]) break;
        if (!(prev.after == ' ' || prev.after == '-')) break;
        ++avail;
    }
    for (size_t len = avail; len >= 1; --len) {
        key.clear();
        for (size_t k = i; k < i + len; ++k) {
            if (k > i) key.push_back(' ');
            key.append(s.key(k));
        }
        auto it = m_byKey.find(key);
        if (it == m_byKey.end()) continue;
        const std::string_view raw = s.span(i, i + len - 1);
        for (const Alias& a : it->second) {
            bool ok;
            if (a.exactCase) {
                // Compare letters and their case, ignoring spacing differences such as "U.S.-led" vs "U.S. led".
                std::string x, y;
                for (char c : raw)
                    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.') x.push_back(c);
                for (char c : a.raw)
                    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.') y.push_back(c);
                ok = x == y;
            } else {
                ok = s.tokens[i].has(kTokCap);
            }
            if (ok) {
                m.first = static_cast<uint32_t>(i);
                m.count = static_cast<uint32_t>(len);
                m.actor = a.actor;
                return m;
            }
        }
    }
    return m;
}

void ActorFinder::findAll(const TokenizedSentence& s, const std::vector<uint8_t>* claimed, std::vector<Match>& out) const {
    for (size_t i = 0; i < s.size();) {
        const Match m = matchAt(s, i, claimed);
        if (m.count) {
            out.push_back(m);
            i += m.count;
        } else {
            ++i;
        }
    }
}

std::vector<std::string> ActorFinder::actorsIn(std::string_view text) const {
    std::vector<std::string> names;
    TokenizedSentence ts;
    std::vector<Match> matches;
    for (const SentenceSpan& sp : splitSentences(text)) {
        tokenizeSentence(text.substr(sp.begin, sp.end - sp.begin), ts);
        matches.clear();
        findAll(ts, nullptr, matches);
        for (const Match& m : matches) {
            const std::string& n = m_actors[m.actor].name;
            if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
        }
    }
    return names;
}

int ActorFinder::find(std::string_view canonical) const {
    auto it = m_actorByName.find(std::string(canonical));
    return it == m_actorByName.end() ? -1 : static_cast<int>(it->second);
}

bool ActorFinder::isPersonKey(const std::string& key) const {
    auto it = m_byKey.find(key);
    if (it == m_byKey.end()) return false;
    for (const Alias& a : it->second)
        if (m_actors[a.actor].person) return true;
    return false;
}

const ActorFinder& defaultActorFinder() {
    static const ActorFinder f = ActorFinder::loadDefault();
    return f;
}

}  // namespace fm
