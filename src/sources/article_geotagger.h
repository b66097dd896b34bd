// Article text → place mentions with positions, precision, dates, actors and an event type.
//
// Per sentence: people and non-place actor names are found first (so "Marco Rubio" never becomes Rubio in
// Venezuela), then the longest gazetteer names (so "Zaporizhzhia nuclear plant" beats "Zaporizhzhia"), with the words
// around them deciding what they are: "the Kursk region" / "the region of Kursk" / "Kursk oblast" → the region,
// "near Sudzha" / "the Pokrovsk direction" → the town at district precision, "the city of Kursk" → the town.
// Capitalised common words at the start of a sentence or in a headline ("Police said", "Mobile units"), words the
// article also writes in lower case, person names and demonyms are not places. Ambiguous names are resolved for the
// whole article at once: our own table first, then closeness to the article's other places, the war zone, rank and
// population (Pokrovsk in Donetsk oblast, not in Yakutia). A bare name that the article also names as a region
// ("the Russian region of Kursk … fighting in Kursk") is read as the region (one sense per article), unless a town
// word says otherwise.
//
// Capitals and countries: "Moscow said", "Kyiv rejected", "talks with Kyiv", "Moscow's position" use the capital for
// its government: the mention is kept, marked `government`, and yields the actor (Russia, Ukraine). A country is a
// place (precision country) only where it is a location ("in Ukraine", "visit Russia"); otherwise it names an actor.
//
// Each mention gets the date expression nearest to it in its sentence ("on Wednesday", "last week"), or else the
// article's date; the actors named in its sentence (no fallback to the article's actors: a sentence without one has
// none); and a type from the event word nearest to it (advance/capture → battle, shell/strike → strike,
// drone/missile → drone_missile, visit → visit, talks/meet → talks, said/warned → statement), `mention` when no event
// word is within reach.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "model/event_store.h"
#include "sources/actor_finder.h"
#include "sources/gazetteer.h"

namespace fm {

struct PlaceMention {
    uint32_t entry = 0;       // gazetteer entry
    uint32_t sentence = 0;    // index into ArticleAnalysis::sentences
    std::string text;         // as written ("Kiev", "the Kursk region", "near Sudzha")
    LocationPrecision precision = LocationPrecision::Town;
    bool government = false;  // a capital standing for its government ("Moscow said")
    EventType type = EventType::Mention;
    int32_t dayStart = 0;
    int32_t dayEnd = 0;
    DatePrecision datePrecision = DatePrecision::Day;
    bool dateFromText = false;  // a date expression in the sentence gave the date
    std::vector<std::string> actors;
};

struct ArticleAnalysis {
    std::vector<std::string> sentences;  // the sentences with mentions (index 0 may be the title)
    std::vector<PlaceMention> places;
    std::vector<std::string> actors;     // every actor of the article, in order of first mention
    size_t sentenceCount = 0;
    size_t mentionsDropped = 0;          // beyond GeotagOptions::maxMentions
};

struct GeotagOptions {
    size_t maxMentions = 20000;  // per article: a pathological text cannot grow the output without bound
};

class ArticleGeotagger {
public:
    ArticleGeotagger(const Gazetteer& gazetteer, const ActorFinder& actors, GeotagOptions options = {});

    // `dayStart`..`dayEnd` is the article's date (one day, or a range when only a month is known); relative
    // expressions resolve against `dayEnd`. `basePrecision` is the precision of that date; when it is Unknown (the
    // date came from the file's time) every date found keeps precision Unknown.
    ArticleAnalysis analyze(std::string_view title, std::string_view body, int32_t dayStart, int32_t dayEnd,
                            DatePrecision basePrecision) const;

    const Gazetteer& gazetteer() const { return m_gaz; }
    const ActorFinder& actorFinder() const { return m_actors; }

private:
    const Gazetteer& m_gaz;
    const ActorFinder& m_actors;
    GeotagOptions m_options;
};

}  // namespace fm
