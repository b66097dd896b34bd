// Tests for src/sources/actor_finder: actor names in text, longest alias first, exact case for short aliases ("US"
// but not "us"), possessives, the shipped tables (assets/actors.tsv + demonyms) and extension by the user.
#include "sources/actor_finder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace fm {
namespace {

ActorFinder small() {
    ActorFinder f;
    f.loadTsv("# test table\n"
              "Russia\tRussia\tRussia\tgroup\n"
              "Russian\tRussia\tRussia\tgroup\n"
              "Kremlin\tRussia\tRussia\tgroup\n"
              "US\tUnited States\tUnited States\tgroup\n"
              "U.S.\tUnited States\tUnited States\tgroup\n"
              "White House\tUnited States\tUnited States\tgroup\n"
              "Putin\tVladimir Putin\tRussia\tperson\n"
              "Vladimir Putin\tVladimir Putin\tRussia\tperson\n"
              "Oleksandr Syrsky\tOleksandr Syrskyi\tUkraine\tperson\n"
              "Syrsky\tOleksandr Syrskyi\tUkraine\tperson\n"
              "Civilians\tCivilians\tOther\tgroup\n"
              "Luhansk People's Republic\tLPR\tRussia\tgroup\n"
              "bad line without tabs\n");
    return f;
}

TEST(ActorFinder, LongestAliasOnWordBoundaries) {
    const ActorFinder f = small();
    EXPECT_EQ(f.aliasCount(), 12u);
    EXPECT_EQ(f.actorsIn("President Vladimir Putin met Commander Oleksandr Syrsky's deputy at the White House."),
              (std::vector<std::string>{"Vladimir Putin", "Oleksandr Syrskyi", "United States"}));
    // "Putinism" is not Putin; "Russians" is not "Russian" unless the table says so.
    EXPECT_TRUE(f.actorsIn("Putinism spread among Russians.").empty());
    EXPECT_EQ(f.actorsIn("The Kremlin's stance hardened; Russian troops advanced."), (std::vector<std::string>{"Russia"}));
    EXPECT_EQ(f.actorsIn("Officials of the Luhansk People's Republic said so."), (std::vector<std::string>{"LPR"}));
}

TEST(ActorFinder, ShortAliasesNeedTheirExactCase) {
    const ActorFinder f = small();
    EXPECT_EQ(f.actorsIn("The US and the U.S. Congress agreed."), (std::vector<std::string>{"United States"}));
    EXPECT_TRUE(f.actorsIn("Let us go. Tell us more.").empty());
    EXPECT_TRUE(f.actorsIn("Us and them.").empty());
    // Long aliases match whatever the case, but names start with a capital: lower-case "civilians" is a word.
    EXPECT_TRUE(f.actorsIn("Two civilians were killed.").empty());
    EXPECT_EQ(f.actorsIn("The KREMLIN said."), (std::vector<std::string>{"Russia"}));
}

TEST(ActorFinder, ClaimedTokensAreSkipped) {
    const ActorFinder f = small();
    TokenizedSentence ts;
    tokenizeSentence("Putin and the Kremlin", ts);
    std::vector<uint8_t> claimed(ts.size(), 0);
    claimed[0] = 1;
    std::vector<ActorFinder::Match> m;
    f.findAll(ts, &claimed, m);
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(f.actor(m[0].actor).name, "Russia");
    EXPECT_TRUE(f.isPersonKey("putin"));
    EXPECT_FALSE(f.isPersonKey("kremlin"));
}

TEST(ActorFinder, DefaultTablesAndUserExtension) {
    const ActorFinder f = ActorFinder::loadDefault();
    ASSERT_GT(f.aliasCount(), 100u) << "assets/actors.tsv not found";
    EXPECT_EQ(f.actorsIn("Ukrainian drones hit Russian depots, Zelensky's office said; American officials and the "
                         "Kremlin disagreed. Marco Rubio and Andriy Yermak met."),
              (std::vector<std::string>{"Ukraine", "Russia", "Volodymyr Zelensky", "United States", "Marco Rubio", "Andriy Yermak"}));
    EXPECT_EQ(f.actor(static_cast<uint32_t>(f.find("Belarus"))).side, Side::Other);
    ActorFinder extended = f;
    extended.loadTsv("Keir Starmer\tKeir Starmer\tOther\tperson\nStarmer\tKeir Starmer\tOther\tperson\n");
    EXPECT_EQ(extended.actorsIn("Starmer will host a summit."), (std::vector<std::string>{"Keir Starmer"}));
    EXPECT_THROW(ActorFinder::loadDefault({"/nonexistent/actors.tsv"}), std::exception);
}

}  // namespace
}  // namespace fm
