#include "sources/article_scoring.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "core/error.h"
#include "sources/gazetteer.h"

namespace fm {

namespace {

bool dayOf(const std::string& text, int32_t& out) {
    ParsedDate d;
    std::string why;
    if (!parseDate(text, d, why)) return false;
    out = d.first;
    return true;
}

std::string fmt(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.3f", v);
    return b;
}

}  // namespace

std::vector<GoldArticle> parseGoldLabels(const std::string& text, const std::string& subject) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error(subject, std::string("not valid JSON: ") + e.what());
    }
    const nlohmann::json* list = j.is_array() ? &j : (j.is_object() && j.contains("articles")) ? &j["articles"] : nullptr;
    if (!list || !list->is_array()) throw Error(subject, "expected {\"articles\": [...]}");
    std::vector<GoldArticle> out;
    for (const auto& a : *list) {
        GoldArticle g;
        g.id = a.value("id", "");
        g.file = a.value("file", "");
        if (g.id.empty()) throw Error(subject, "an article without \"id\"");
        if (a.contains("date") && a["date"].is_string()) g.hasDay = dayOf(a["date"].get<std::string>(), g.day);
        std::map<std::string, const GoldPlace*> byName;
        for (const auto& p : a.value("places", nlohmann::json::array())) {
            GoldPlace gp;
            gp.name = p.value("name", "");
            gp.lon = p.value("lon", 0.0);
            gp.lat = p.value("lat", 0.0);
            gp.kind = p.value("kind", "town");
            g.places.push_back(gp);
        }
        for (const auto& x : a.value("actors", nlohmann::json::array()))
            if (x.is_string()) g.actors.push_back(x.get<std::string>());
        for (const auto& e : a.value("events", nlohmann::json::array())) {
            GoldEvent ge;
            ge.place = e.value("place", "");
            const std::string d0 = e.value("date", ""), d1 = e.value("date_end", d0);
            if (!dayOf(d0, ge.dayStart) || !dayOf(d1, ge.dayEnd))
                throw Error(subject, "article " + g.id + ": event at " + ge.place + " needs date (YYYY-MM-DD)");
            ge.type = e.value("type", "");
            bool known = false;
            for (const GoldPlace& p : g.places) known = known || p.name == ge.place;
            if (!known) throw Error(subject, "article " + g.id + ": event place '" + ge.place + "' is not among its places");
            g.events.push_back(ge);
        }
        out.push_back(std::move(g));
    }
    return out;
}

std::vector<GoldArticle> loadGoldLabels(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot open the labels");
    std::stringstream ss;
    ss << in.rdbuf();
    return parseGoldLabels(ss.str(), path);
}

std::string QualityScore::summary() const {
    std::string s;
    s += "places: P " + fmt(places.precision()) + " R " + fmt(places.recall()) + " F1 " + fmt(places.f1()) + " (tp " +
         std::to_string(places.tp) + ", fp " + std::to_string(places.fp) + ", fn " + std::to_string(places.fn) + ")\n";
    s += "actors: P " + fmt(actors.precision()) + " R " + fmt(actors.recall()) + " F1 " + fmt(actors.f1()) + " (tp " +
         std::to_string(actors.tp) + ", fp " + std::to_string(actors.fp) + ", fn " + std::to_string(actors.fn) + ")\n";
    s += "dates: " + std::to_string(datesRight) + "/" + std::to_string(datesTotal) + " = " + fmt(dateAccuracy()) + "\n";
    s += "types: " + std::to_string(typesRight) + "/" + std::to_string(typesTotal) + " = " + fmt(typeAccuracy()) + "\n";
    return s;
}

void QualityScore::add(const QualityScore& o) {
    places.tp += o.places.tp;
    places.fp += o.places.fp;
    places.fn += o.places.fn;
    actors.tp += o.actors.tp;
    actors.fp += o.actors.fp;
    actors.fn += o.actors.fn;
    datesRight += o.datesRight;
    datesTotal += o.datesTotal;
    typesRight += o.typesRight;
    typesTotal += o.typesTotal;
    articles += o.articles;
    errors.insert(errors.end(), o.errors.begin(), o.errors.end());
}

QualityScore scoreIngest(const std::vector<GoldArticle>& gold, const IngestResult& result) {
    QualityScore q;
    std::map<std::string, std::vector<const IngestRow*>> rowsOf;
    for (const IngestRow& r : result.rows) rowsOf[r.articleId].push_back(&r);
    std::map<std::string, const IngestArticleSummary*> summaryOf;
    for (const IngestArticleSummary& s : result.report.perArticle) summaryOf[s.id] = &s;
    for (const GoldArticle& g : gold) {
        auto sit = summaryOf.find(g.id);
        if (sit == summaryOf.end()) {
            q.errors.push_back(g.id + ": article not in the results");
            q.places.fn += g.places.size();
            q.actors.fn += g.actors.size();
            q.datesTotal += g.events.size();
            continue;
        }
        ++q.articles;
        const std::vector<const IngestRow*>& rows = rowsOf[g.id];
        // Predicted places: location rows finer than a country, one per position.
        struct Pred {
            double lon, lat;
            const IngestRow* row;
            bool used = false;
        };
        std::vector<Pred> preds;
        for (const IngestRow* r : rows) {
            if (r->government || r->precision == LocationPrecision::Country) continue;
            bool dup = false;
            for (const Pred& p : preds) dup = dup || (std::abs(p.lon - r->lon) < 1e-6 && std::abs(p.lat - r->lat) < 1e-6);
            if (!dup) preds.push_back({r->lon, r->lat, r});
        }
        // Nearest pairs first, one-to-one.
        struct Pair {
            double d;
            size_t gi, pi;
        };
        std::vector<Pair> pairs;
        for (size_t gi = 0; gi < g.places.size(); ++gi)
            for (size_t pi = 0; pi < preds.size(); ++pi) {
                const double d = distanceKm(g.places[gi].lon, g.places[gi].lat, preds[pi].lon, preds[pi].lat);
                if (d <= g.places[gi].radiusKm()) pairs.push_back({d, gi, pi});
            }
        std::sort(pairs.begin(), pairs.end(), [](const Pair& a, const Pair& b) { return a.d < b.d; });
        std::vector<bool> goldUsed(g.places.size(), false);
        for (const Pair& p : pairs) {
            if (goldUsed[p.gi] || preds[p.pi].used) continue;
            goldUsed[p.gi] = preds[p.pi].used = true;
            ++q.places.tp;
        }
        for (size_t gi = 0; gi < g.places.size(); ++gi)
            if (!goldUsed[gi]) {
                ++q.places.fn;
                q.errors.push_back(g.id + ": missed place " + g.places[gi].name + " (" + g.places[gi].kind + ")");
            }
        for (const Pred& p : preds)
            if (!p.used) {
                ++q.places.fp;
                char pos[64];
                std::snprintf(pos, sizeof pos, "%.3f,%.3f", p.lat, p.lon);
                q.errors.push_back(g.id + ": extra place " + p.row->place + " (" + locationPrecisionName(p.row->precision) + " at " +
                                   pos + ") from \"" + p.row->mention + "\"");
            }
        // Actors.
        const std::vector<std::string>& pa = sit->second->actors;
        for (const std::string& a : g.actors) {
            if (std::find(pa.begin(), pa.end(), a) != pa.end()) ++q.actors.tp;
            else {
                ++q.actors.fn;
                q.errors.push_back(g.id + ": missed actor " + a);
            }
        }
        for (const std::string& a : pa)
            if (std::find(g.actors.begin(), g.actors.end(), a) == g.actors.end()) {
                ++q.actors.fp;
                q.errors.push_back(g.id + ": extra actor " + a);
            }
        // Dates and types.
        for (const GoldEvent& e : g.events) {
            const GoldPlace* gp = nullptr;
            for (const GoldPlace& p : g.places)
                if (p.name == e.place) gp = &p;
            ++q.datesTotal;
            if (!e.type.empty()) ++q.typesTotal;
            bool dateOk = false, typeOk = false;
            std::string got;
            for (const IngestRow* r : rows) {
                if (r->government || distanceKm(gp->lon, gp->lat, r->lon, r->lat) > gp->radiusKm()) continue;
                if (!got.empty()) got += ", ";
                got += formatDay(r->dayStart) + (r->dayEnd != r->dayStart ? ".." + formatDay(r->dayEnd) : std::string()) + " " +
                       eventTypeName(r->type);
                if (r->dayStart == e.dayStart && r->dayEnd == e.dayEnd) {
                    dateOk = true;
                    if (!e.type.empty() && e.type == eventTypeName(r->type)) typeOk = true;
                }
            }
            if (dateOk) ++q.datesRight;
            else
                q.errors.push_back(g.id + ": date at " + e.place + " wanted " + formatDay(e.dayStart) +
                                   (e.dayEnd != e.dayStart ? ".." + formatDay(e.dayEnd) : std::string()) + ", got " +
                                   (got.empty() ? std::string("nothing") : got));
            if (typeOk) ++q.typesRight;
            else if (!e.type.empty() && dateOk)
                q.errors.push_back(g.id + ": type at " + e.place + " wanted " + e.type + ", got " + got);
        }
    }
    return q;
}

}  // namespace fm
