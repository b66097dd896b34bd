// Finds actors named in text: sides ("Russia", "Ukrainian", "the Kremlin", "U.S.") and people ("Putin",
// "Oleksandr Syrsky"), from the same table format as assets/actors.tsv (alias → canonical actor, side, person or
// group) plus assets/gazetteer/demonyms.tsv, extendable by the user with more tables.
//
// Matching is on whole tokens, longest alias first. Short or all-capital aliases ("US", "U.S.", "EU", "DPR") match
// only when written exactly so ("us" is a pronoun); others match case-insensitively but must start with a capital
// in the text (names are capitalised), so "civilians" in running text is not the actor "Civilians".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/event_store.h"
#include "sources/article_text.h"

namespace fm {

struct ActorInfo {
    std::string name;  // canonical ("Vladimir Putin", "Russia")
    Side side = Side::Other;
    bool person = false;
};

class ActorFinder {
public:
    struct Match {
        uint32_t first = 0;  // token index
        uint32_t count = 0;  // tokens; 0 when nothing matched
        uint32_t actor = 0;
    };

    void add(std::string_view alias, std::string_view canonical, Side side, bool person);
    // "alias<TAB>canonical<TAB>side<TAB>person|group" lines, '#' comments (assets/actors.tsv). Returns rows read.
    size_t loadTsv(const std::string& text);
    // assets/actors.tsv and assets/gazetteer/demonyms.tsv, then each of `extraTables` (files). Throws fm::Error
    // naming an extra table that cannot be read.
    static ActorFinder loadDefault(const std::vector<std::string>& extraTables = {});

    // The longest alias starting at token `i`, or count 0. Tokens with claimed[k] != 0 are never part of a match.
    Match matchAt(const TokenizedSentence& s, size_t i, const std::vector<uint8_t>* claimed = nullptr) const;
    // All matches, left to right, without overlaps.
    void findAll(const TokenizedSentence& s, const std::vector<uint8_t>* claimed, std::vector<Match>& out) const;
    // Canonical names of the actors in a piece of text, in order of first mention (for tests and tools).
    std::vector<std::string> actorsIn(std::string_view text) const;

    const ActorInfo& actor(uint32_t id) const { return m_actors[id]; }
    size_t actorCount() const { return m_actors.size(); }
    size_t aliasCount() const { return m_aliasCount; }
    // The actor id of a canonical name, or -1.
    int find(std::string_view canonical) const;
    // True when `key` (a normalizeKey form) is an alias of a person.
    bool isPersonKey(const std::string& key) const;

private:
    struct Alias {
        std::string raw;  // as written in the table, for exact-case aliases
        bool exactCase = false;
        uint32_t actor = 0;
    };
    uint32_t intern(std::string_view canonical, Side side, bool person);

    std::vector<ActorInfo> m_actors;
    std::unordered_map<std::string, uint32_t> m_actorByName;
    std::unordered_map<std::string, std::vector<Alias>> m_byKey;
    std::unordered_map<std::string, uint8_t> m_firstWordSpan;  // first word of an alias → tokens of its longest alias
    size_t m_maxTokens = 1;
    size_t m_aliasCount = 0;
};

// The process-wide finder over the default tables, loaded on first use (thread-safe).
const ActorFinder& defaultActorFinder();

}  // namespace fm
