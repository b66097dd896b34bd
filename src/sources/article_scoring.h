// Measuring the geotagger against hand-labelled articles.
//
// Labels (JSON): {"articles": [{"id": "...", "file": "...", "date": "YYYY-MM-DD",
//   "places": [{"name": "Sudzha", "lon": 35.27, "lat": 51.19, "kind": "town" | "region" | "site"}],
//   "actors": ["Russia", "Vladimir Putin", ...],
//   "events": [{"place": "Sudzha", "date": "YYYY-MM-DD", "date_end": "YYYY-MM-DD", "type": "battle"}]}]}
// `places` are the places the article refers to as locations (not a capital standing for its government, not a
// country); `events` name places of `places` and give the date (and optionally the type) the text implies.
//
// Scores, over all labelled articles:
//  - places: a predicted place (a row with place_role=location and precision finer than country; one per position)
//    matches a labelled one within 25 km (town, site) or 150 km (region); one-to-one, nearest first → precision,
//    recall, F1;
//  - actors: the article's actor set against the labelled set, by canonical name → precision, recall, F1;
//  - dates: a labelled event is right when a row of its article within the distance above has exactly its dates;
//  - types: among labelled events with a type, those with such a row of that type.
#pragma once

#include <string>
#include <vector>

#include "sources/article_ingest.h"

namespace fm {

struct GoldPlace {
    std::string name;
    double lon = 0.0, lat = 0.0;
    std::string kind = "town";
    double radiusKm() const { return kind == "region" ? 150.0 : 25.0; }
};

struct GoldEvent {
    std::string place;
    int32_t dayStart = 0, dayEnd = 0;
    std::string type;
};

struct GoldArticle {
    std::string id;
    std::string file;
    int32_t day = 0;
    bool hasDay = false;
    std::vector<GoldPlace> places;
    std::vector<std::string> actors;
    std::vector<GoldEvent> events;
};

// Throws fm::Error naming the file when it cannot be read or is not in the format above.
std::vector<GoldArticle> loadGoldLabels(const std::string& path);
std::vector<GoldArticle> parseGoldLabels(const std::string& json, const std::string& subject);

struct PrecisionRecall {
    size_t tp = 0, fp = 0, fn = 0;
    double precision() const { return tp + fp ? double(tp) / double(tp + fp) : 1.0; }
    double recall() const { return tp + fn ? double(tp) / double(tp + fn) : 1.0; }
    double f1() const {
        const double p = precision(), r = recall();
        return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    }
};

struct QualityScore {
    PrecisionRecall places, actors;
    size_t datesRight = 0, datesTotal = 0;
    size_t typesRight = 0, typesTotal = 0;
    size_t articles = 0;
    std::vector<std::string> errors;  // one line per miss, for reading
    double dateAccuracy() const { return datesTotal ? double(datesRight) / double(datesTotal) : 1.0; }
    double typeAccuracy() const { return typesTotal ? double(typesRight) / double(typesTotal) : 1.0; }
    std::string summary() const;
    void add(const QualityScore& o);
};

// Scores ingest results (rows and per-article actors) against labels, matching articles by id.
QualityScore scoreIngest(const std::vector<GoldArticle>& gold, const IngestResult& result);

}  // namespace fm
