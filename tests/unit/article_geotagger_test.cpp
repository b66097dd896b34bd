// Tests for src/sources/article_geotagger on a tiny gazetteer built here (GeoNames-like namesakes included: Police in
// Poland, Nice, Mobile, Split, Rubio, Vance, two Pokrovsks) with the shipped word lists: every trap of the issue —
// common words that are places elsewhere, person names, months, capitals standing for governments, a city versus its
// region, "near", spellings and renamed places, multi-word sites — and the dates, types and actors of mentions.
#include "sources/article_geotagger.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/date.h"

namespace fm {
namespace {

std::string readAsset(const std::string& name) {
    std::ifstream in(findGazetteerTablesDir() + "/" + name);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

GazetteerEntry place(const char* name, PlaceKind kind, const char* cc, const char* admin1, double lon, double lat,
                     uint32_t pop, bool curated, float radius = 0.f) {
    GazetteerEntry e;
    e.name = name;
    e.kind = kind;
    e.country = cc;
    e.admin1 = admin1;
    e.lon = lon;
    e.lat = lat;
    e.population = pop;
    e.curated = curated;
    e.radiusKm = radius;
    return e;
}

const Gazetteer& fixture() {
    static const Gazetteer g = [] {
        Gazetteer t;
        auto country = [&](const char* iso, const char* name, double lon, double lat, const char* actor) {
            GazetteerEntry e = place(name, PlaceKind::Country, iso, "", lon, lat, 0, true, 300.f);
            e.actor = actor;
            t.add(e);
        };
        country("UA", "Ukraine", 31.2, 49.0, "Ukraine");
        country("RU", "Russia", 40.0, 55.0, "Russia");
        country("US", "United States", -98.5, 39.8, "United States");
        auto capital = [&](const char* name, const char* cc, double lon, double lat, const char* actor) {
            GazetteerEntry e = place(name, PlaceKind::Town, cc, "", lon, lat, 2000000, true);
            e.capital = true;
            e.featureRank = 0;
            e.actor = actor;
            return t.add(e);
        };
        capital("Kyiv", "UA", 30.5238, 50.4547, "Ukraine");
        capital("Moscow", "RU", 37.6156, 55.7522, "Russia");
        capital("Washington", "US", -77.0364, 38.8951, "United States");
        t.add(place("Kursk", PlaceKind::Town, "RU", "41", 36.1874, 51.7373, 440000, true));
        t.add(place("Kursk", PlaceKind::Region, "RU", "41", 35.984, 51.679, 0, true, 121.f), true);
        t.add(place("Sudzha", PlaceKind::Town, "RU", "41", 35.2726, 51.1976, 5000, true));
        t.add(place("Kharkiv", PlaceKind::Town, "UA", "07", 36.2527, 49.9808, 1400000, true));
        t.add(place("Kharkiv", PlaceKind::Region, "UA", "07", 36.437, 49.804, 0, true, 96.f), true);
        t.add(place("Bakhmut", PlaceKind::Town, "UA", "05", 37.9998, 48.5944, 70000, true));
        t.add(place("Donetsk", PlaceKind::Region, "UA", "05", 37.749, 48.121, 0, true, 106.f), true);
        t.add(place("Kramatorsk", PlaceKind::Town, "UA", "05", 37.5879, 48.7305, 150000, true));
        t.add(place("Myrnohrad", PlaceKind::Town, "UA", "05", 37.2651, 48.3099, 46000, false));
        t.add(place("Zaporizhzhia", PlaceKind::Town, "UA", "26", 35.1171, 47.8517, 710000, true));
        t.add(place("Zaporizhzhia nuclear plant", PlaceKind::Site, "UA", "26", 34.5858, 47.5119, 0, true));
        t.add(place("Dnipro", PlaceKind::Town, "UA", "04", 35.0407, 48.4666, 968000, true));
        t.add(place("Donbas", PlaceKind::Area, "UA", "", 38.4, 48.4, 0, true, 170.f));
        // GeoNames namesakes, as the data has them.
        t.add(place("Pokrovsk", PlaceKind::Town, "UA", "05", 37.1771, 48.2801, 60000, false));
        t.add(place("Pokrovsk", PlaceKind::Town, "RU", "63", 129.1386, 61.4792, 9000, false));
        t.add(place("Police", PlaceKind::Town, "PL", "87", 14.5718, 53.5521, 33000, false));
        t.add(place("Nice", PlaceKind::Town, "FR", "93", 7.2661, 43.7031, 340000, false));
        t.add(place("Mobile", PlaceKind::Town, "US", "AL", -88.0431, 30.6944, 190000, false));
        t.add(place("Split", PlaceKind::Town, "HR", "15", 16.4392, 43.5089, 176000, false));
        t.add(place("Rubio", PlaceKind::Town, "VE", "20", -72.3555, 7.7016, 60000, false));
        t.add(place("Vance", PlaceKind::Town, "US", "AL", -87.2336, 33.1743, 1500, false));
        t.add(place("Olga", PlaceKind::Town, "RU", "59", 135.2833, 43.7444, 3000, false));
        t.add(place("Chechnya", PlaceKind::Town, "UA", "05", 37.6247, 48.7534, 0, false));
        t.add(place("Chechnya", PlaceKind::Area, "RU", "12", 45.725, 43.248, 0, true, 64.f));
        t.addAlias("Kiev", "Kyiv", "UA");
        t.addAlias("Kharkov", "Kharkiv", "UA");
        t.addAlias("Artemivsk", "Bakhmut", "UA");
        t.addAlias("Dnepr", "Dnipro", "UA");
        t.addAlias("Krasnoarmeysk", "Pokrovsk", "UA");
        t.loadWordList(readAsset("common_words.txt"), false);
        t.loadWordList(readAsset("not_places.txt"), true);
        for (const char* d : {"Russian", "Ukrainian", "American", "march", "may", "wednesday"}) t.addBlockedName(d);
        t.finalize();
        return t;
    }();
    return g;
}

const ActorFinder& actors() {
    static const ActorFinder f = ActorFinder::loadDefault();
    return f;
}

const int32_t kThu = daysFromCivil(2025, 3, 13);

ArticleAnalysis analyze(const std::string& body, const std::string& title = "", GeotagOptions options = {}) {
    const ArticleGeotagger tagger(fixture(), actors(), options);
    return tagger.analyze(title, body, kThu, kThu, DatePrecision::Day);
}

// "name/country/precision[/gov]" for each mention, in order.
std::vector<std::string> places(const ArticleAnalysis& a) {
    std::vector<std::string> out;
    for (const PlaceMention& m : a.places) {
        const GazetteerEntry& e = fixture().entry(m.entry);
        out.push_back(e.name + "/" + e.country + "/" + locationPrecisionName(m.precision) + (m.government ? "/gov" : ""));
    }
    return out;
}

TEST(ArticleGeotagger, CommonWordsThatArePlacesElsewhereAreWords) {
    EXPECT_TRUE(places(analyze("Two men were detained, police said. It was a nice gesture, and mobile air defence units "
                               "helped, after a split decision by the command."))
                    .empty());
    // Capitalised at the start of a sentence they are still words.
    EXPECT_TRUE(places(analyze("Police said two men were detained. Mobile air defence units helped. Split decisions "
                               "followed. Nice weather helped too."))
                    .empty());
    // In a headline, capitalisation says nothing.
    EXPECT_TRUE(places(analyze("Nothing happened.", "Police Say Split Decision Hurts Nice Mobile Units")).empty());
    // In mid-sentence after a place word, the city is meant.
    EXPECT_EQ(places(analyze("European ministers met in Nice on Tuesday.")), (std::vector<std::string>{"Nice/FR/town"}));
    // ... unless the article also writes the word in lower case.
    EXPECT_TRUE(places(analyze("Mobile air defence units were sent in. The mobile groups stayed.")).empty());
}

TEST(ArticleGeotagger, PeopleAndMonthsAreNotPlaces) {
    EXPECT_TRUE(places(analyze("Marco Rubio and JD Vance met Donald Trump in March. Rubio said Vance and Trump agreed.")).empty());
    const ArticleAnalysis a = analyze("Marco Rubio and JD Vance met Donald Trump in March.");
    EXPECT_EQ(a.actors, (std::vector<std::string>{"Marco Rubio", "JD Vance", "Donald Trump"}));
    // A first name before an unknown surname is a person too.
    EXPECT_TRUE(places(analyze("Spokeswoman Olga Stefanishyna said nothing.")).empty());
}

TEST(ArticleGeotagger, PokrovskIsTheUkrainianTownWithOrWithoutContext) {
    EXPECT_EQ(places(analyze("Russian forces edged closer to Pokrovsk on Wednesday.")), (std::vector<std::string>{"Pokrovsk/UA/town"}));
    EXPECT_EQ(places(analyze("Fighting raged in the Donetsk region. Russian troops attacked Pokrovsk and Kramatorsk.")),
              (std::vector<std::string>{"Donetsk/UA/region", "Pokrovsk/UA/town", "Kramatorsk/UA/town"}));
    EXPECT_EQ(places(analyze("The town, once called Krasnoarmeysk, was shelled.")), (std::vector<std::string>{"Pokrovsk/UA/town"}));
}

TEST(ArticleGeotagger, CapitalsStandingForGovernments) {
    const ArticleAnalysis said = analyze("Moscow said the proposal was unacceptable, and Kyiv rejected it.");
    EXPECT_EQ(places(said), (std::vector<std::string>{"Moscow/RU/town/gov", "Kyiv/UA/town/gov"}));
    EXPECT_EQ(said.actors, (std::vector<std::string>{"Russia", "Ukraine"}));
    EXPECT_EQ(said.places[0].type, EventType::Statement);
    // As a location it is a place and no actor.
    const ArticleAnalysis went = analyze("U.S. emissaries were heading to Moscow.");
    EXPECT_EQ(places(went), (std::vector<std::string>{"Moscow/RU/town"}));
    EXPECT_EQ(went.actors, (std::vector<std::string>{"United States"}));
    EXPECT_EQ(places(analyze("Talks with Kyiv went on. Distrust persists within Moscow's elite.")),
              (std::vector<std::string>{"Kyiv/UA/town/gov", "Moscow/RU/town/gov"}));
    EXPECT_EQ(places(analyze("Drones fell on Kyiv's streets.")), (std::vector<std::string>{"Kyiv/UA/town"}));
    // Countries: a place where they are a location, an actor otherwise.
    const ArticleAnalysis c = analyze("As the war in Ukraine goes on, Russia rejected the plan.");
    EXPECT_EQ(places(c), (std::vector<std::string>{"Ukraine/UA/country"}));
    EXPECT_EQ(c.actors, (std::vector<std::string>{"Russia"}));
}

TEST(ArticleGeotagger, CityOrRegionAndNear) {
    EXPECT_EQ(places(analyze("A drone hit an apartment block in Kursk.")), (std::vector<std::string>{"Kursk/RU/town"}));
    EXPECT_EQ(places(analyze("Fighting continued in the Kursk region.")), (std::vector<std::string>{"Kursk/RU/region"}));
    EXPECT_EQ(places(analyze("Putin toured the Russian region of Kursk.")), (std::vector<std::string>{"Kursk/RU/region"}));
    EXPECT_EQ(places(analyze("Kursk's governor said the Kharkov oblast was shelled.")),
              (std::vector<std::string>{"Kursk/RU/region", "Kharkiv/UA/region"}));
    EXPECT_EQ(places(analyze("Heavy fighting near Sudzha continued.")), (std::vector<std::string>{"Sudzha/RU/district"}));
    // One sense per article: after "the Kursk region", fighting "in Kursk" is the region; a strike on Kursk the city.
    const ArticleAnalysis a = analyze("Troops pulled back in the Kursk region. Kursk is now a battleground for Russian "
                                      "forces. A missile struck an apartment block in Kursk.");
    EXPECT_EQ(places(a), (std::vector<std::string>{"Kursk/RU/region", "Kursk/RU/region", "Kursk/RU/town"}));
}

TEST(ArticleGeotagger, SpellingsRenamedPlacesAndSites) {
    EXPECT_EQ(places(analyze("Officials in Kiev said Kharkov was hit and Artemivsk had fallen.")),
              (std::vector<std::string>{"Kyiv/UA/town", "Kharkiv/UA/town", "Bakhmut/UA/town"}));
    EXPECT_EQ(places(analyze("A drone struck near the Zaporizhzhia nuclear plant, not Zaporizhzhia itself.")),
              (std::vector<std::string>{"Zaporizhzhia nuclear plant/UA/district", "Zaporizhzhia/UA/town"}));
    EXPECT_EQ(places(analyze("Shelling hit the Zaporizhzhia nuclear plant.")),
              (std::vector<std::string>{"Zaporizhzhia nuclear plant/UA/exact"}));
    // Chechnya the republic, not the village of that name in Donetsk oblast.
    EXPECT_EQ(places(analyze("Past wars in Chechnya and Donbas were mentioned.")),
              (std::vector<std::string>{"Chechnya/RU/region", "Donbas/UA/region"}));
    // Not places: a unit named after a city, a river.
    EXPECT_TRUE(places(analyze("The Dnepr group of forces reported gains. Troops crossed the Dnipro.")).empty());
}

TEST(ArticleGeotagger, DatesTypesAndActorsOfMentions) {
    const ArticleAnalysis a = analyze("Russian drones struck Kharkiv on Wednesday, Ukrainian officials said. "
                                      "Russian forces captured Myrnohrad last week. Zelensky visited Kramatorsk yesterday. "
                                      "Talks in Nice resumed. Bakhmut was mentioned.");
    ASSERT_EQ(a.places.size(), 5u) << ::testing::PrintToString(places(a));
    EXPECT_EQ(a.places[0].type, EventType::DroneMissile);
    EXPECT_EQ(formatDay(a.places[0].dayStart), "2025-03-12");
    EXPECT_TRUE(a.places[0].dateFromText);
    EXPECT_EQ(a.places[0].actors, (std::vector<std::string>{"Russia", "Ukraine"}));
    EXPECT_EQ(a.places[1].type, EventType::Battle);
    EXPECT_EQ(formatDay(a.places[1].dayStart), "2025-03-03");
    EXPECT_EQ(formatDay(a.places[1].dayEnd), "2025-03-09");
    EXPECT_EQ(a.places[1].datePrecision, DatePrecision::Week);
    EXPECT_EQ(a.places[2].type, EventType::Visit);
    EXPECT_EQ(formatDay(a.places[2].dayStart), "2025-03-12");
    EXPECT_EQ(a.places[2].actors, (std::vector<std::string>{"Volodymyr Zelensky"}));
    EXPECT_EQ(a.places[3].type, EventType::Talks);
    EXPECT_EQ(a.places[4].type, EventType::Mention);
    EXPECT_FALSE(a.places[4].dateFromText);
    EXPECT_EQ(a.places[4].dayStart, kThu);
    EXPECT_TRUE(a.places[4].actors.empty()) << "no fallback to the article's actors";
    EXPECT_EQ(a.sentences[a.places[4].sentence], "Bakhmut was mentioned.");
}

TEST(ArticleGeotagger, UnknownDatesStayUnknownAndMentionsAreBounded) {
    const ArticleGeotagger tagger(fixture(), actors());
    const ArticleAnalysis a = tagger.analyze("", "Drones hit Kharkiv yesterday.", kThu, kThu, DatePrecision::Unknown);
    ASSERT_EQ(a.places.size(), 1u);
    EXPECT_EQ(a.places[0].datePrecision, DatePrecision::Unknown);
    std::string many;
    for (int i = 0; i < 200; ++i) many += "Shelling hit Kharkiv. Drones hit Dnipro. ";
    GeotagOptions small;
    small.maxMentions = 10;
    const ArticleAnalysis b = analyze(many, "", small);
    EXPECT_EQ(b.places.size(), 10u);
    EXPECT_GT(b.mentionsDropped, 300u);
}

}  // namespace
}  // namespace fm
