#include "model/view_file.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/atomic_file.h"
#include "core/error.h"

namespace fm {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string colorToHex(const Color& c) {
    char buf[16];
    auto b = [](float v) { return static_cast<int>(std::lround(std::clamp(v, 0.f, 1.f) * 255.f)); };
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x%02x", b(c.r), b(c.g), b(c.b), b(c.a));
    return buf;
}

Color hexToColor(const json& j, const std::string& subject, const char* what) {
    Color c;
    if (!j.is_string() || !parseColor(j.get<std::string>().c_str(), c))
        throw Error(subject, std::string("'") + what + "' must be a colour like \"#rrggbb\" or \"#rrggbbaa\"");
    return c;
}

json styleToJson(const LayerStyle& s) {
    json rules = json::array();
    for (const FillRule& r : s.fillRules) rules.push_back({{"field", r.field}, {"values", r.values}, {"color", colorToHex(r.color)}});
    return {{"opacity", s.opacity},         {"fill", s.fillEnabled},           {"fill_color", colorToHex(s.fill)},
            {"fill_rules", rules},          {"stroke", s.strokeEnabled},       {"stroke_color", colorToHex(s.stroke)},
            {"stroke_width", s.strokeWidth}, {"dash", {s.dashLength, s.gapLength}}, {"point_color", colorToHex(s.pointColor)},
            {"point_radius", s.pointRadius}};
}

template <typename T>
T get(const json& obj, const char* key, T fallback, const std::string& subject) {
    if (!obj.contains(key) || obj[key].is_null()) return fallback;
    try {
        return obj[key].get<T>();
    } catch (const json::exception&) {
        throw Error(subject, std::string("field '") + key + "' has the wrong type");
    }
}

LayerStyle styleFromJson(const json& j, const std::string& subject) {
    LayerStyle s;
    if (!j.is_object()) return s;
    s.opacity = get<float>(j, "opacity", s.opacity, subject);
    s.fillEnabled = get<bool>(j, "fill", s.fillEnabled, subject);
    if (j.contains("fill_color")) s.fill = hexToColor(j["fill_color"], subject, "fill_color");
    if (j.contains("fill_rules") && j["fill_rules"].is_array())
        for (const json& r : j["fill_rules"]) {
            FillRule fr;
            fr.field = get<std::string>(r, "field", "", subject);
            fr.values = get<std::vector<std::string>>(r, "values", {}, subject);
            if (r.contains("color")) fr.color = hexToColor(r["color"], subject, "color");
            s.fillRules.push_back(fr);
        }
    s.strokeEnabled = get<bool>(j, "stroke", s.strokeEnabled, subject);
    if (j.contains("stroke_color")) s.stroke = hexToColor(j["stroke_color"], subject, "stroke_color");
    s.strokeWidth = get<float>(j, "stroke_width", s.strokeWidth, subject);
    if (j.contains("dash") && j["dash"].is_array() && j["dash"].size() == 2) {
        s.dashLength = j["dash"][0].get<float>();
        s.gapLength = j["dash"][1].get<float>();
    }
    if (j.contains("point_color")) s.pointColor = hexToColor(j["point_color"], subject, "point_color");
    s.pointRadius = get<float>(j, "point_radius", s.pointRadius, subject);
    if (!(s.opacity >= 0 && s.opacity <= 1) || !(s.strokeWidth >= 0 && s.strokeWidth <= 1000))
        throw Error(subject, "style values out of range");
    return s;
}

bool isConnectionOrVirtual(const std::string& s) {
    return s.rfind("PG:", 0) == 0 || s.rfind("/vsi", 0) == 0 || s.find("://") != std::string::npos;
}

std::string dayOrEmpty(int32_t day) {
    if (day == INT32_MIN || day == INT32_MAX) return {};
    return formatDay(day);
}

int32_t parseDayField(const json& obj, const char* key, int32_t fallback, bool last, const std::string& subject) {
    const std::string s = get<std::string>(obj, key, "", subject);
    if (s.empty()) return fallback;
    ParsedDate d;
    std::string why;
    if (!parseDate(s, d, why)) throw Error(subject, std::string("field '") + key + "': " + why);
    return last ? d.last : d.first;
}

}  // namespace

std::string resolveViewSource(const std::string& viewPath, const std::string& source) {
    if (source.empty() || isConnectionOrVirtual(source)) return source;
    fs::path p(source);
    if (p.is_absolute()) return source;
    return (fs::absolute(fs::path(viewPath)).parent_path() / p).lexically_normal().string();
}

std::string viewToJson(const ViewFile& v, const std::string& viewDir) {
    json j;
    j["frontmap_view"] = ViewFile::kVersion;
    j["projection"] = v.projection;
    if (v.hasCamera) {
        j["center"] = {v.center.lon, v.center.lat};
        j["units_per_pixel"] = v.unitsPerPixel;
        j["size"] = {v.width, v.height};
    }
    if (v.hasExtent) j["extent"] = {v.extentLonLat.minX, v.extentLonLat.minY, v.extentLonLat.maxX, v.extentLonLat.maxY};
    j["margin_deg"] = v.marginDeg;
    j["basemap"] = v.basemap;
    j["graticule"] = v.graticule;
    j["labels"] = v.labels;
    j["crimea"] = v.crimea == CrimeaView::DeJure ? "de_jure" : "de_facto";
    json layers = json::array();
    for (const ViewLayer& l : v.layers) {
        std::string src = stripPassword(l.source);
        if (!isConnectionOrVirtual(src) && !viewDir.empty()) {
            std::error_code ec;
            const fs::path abs = fs::absolute(src, ec).lexically_normal();
            const fs::path rel = abs.lexically_relative(fs::absolute(viewDir, ec));
            // Far away: absolute, since a path relative to the working folder would be read against the view's.
            if (!rel.empty() && rel.native().rfind("../../..", 0) != 0) src = rel.string();
            else if (!abs.empty()) src = abs.string();
        }
        json jl = {{"source", src}, {"kind", l.kind}, {"visible", l.visible}, {"style", styleToJson(l.style)}};
        if (!l.layer.empty()) jl["layer"] = l.layer;
        if (l.kind == "events") {
            jl["point_radius"] = l.pointRadius;
            if (!l.dateField.empty()) jl["date_field"] = l.dateField;
            if (!l.actorFields.empty()) jl["actor_fields"] = l.actorFields;
        }
        layers.push_back(jl);
    }
    j["layers"] = layers;
    if (v.hasFilter) {
        const FilterSpec& f = v.filter;
        json types = json::array(), precs = json::array();
        for (int t = 0; t < kEventTypeCount; ++t)
            if ((f.typeMask >> t) & 1u) types.push_back(eventTypeName(static_cast<EventType>(t)));
        for (int p = 0; p < kLocationPrecisionCount; ++p)
            if ((f.precisionMask >> p) & 1u) precs.push_back(locationPrecisionName(static_cast<LocationPrecision>(p)));
        j["filter"] = {{"from", dayOrEmpty(f.dayFrom)},
                       {"to", dayOrEmpty(f.dayTo)},
                       {"hidden_actors", std::vector<std::string>(f.hiddenActors.begin(), f.hiddenActors.end())},
                       {"show_unattributed", f.showUnattributed},
                       {"types", types},
                       {"precisions", precs}};
    }
    if (!v.date.empty()) j["date"] = v.date;
    return j.dump(2) + "\n";
}

ViewFile parseViewJsonUnchecked(const std::string& text, const std::string& subject);

ViewFile parseViewJson(const std::string& text, const std::string& subject) {
    // Any type surprise deep in the JSON library (a string where a number belongs) is a broken view file, not a crash.
    try {
        return parseViewJsonUnchecked(text, subject);
    } catch (const json::exception& e) {
        throw Error(subject, std::string("not a valid view file (") + e.what() + ")");
    }
}

ViewFile parseViewJsonUnchecked(const std::string& text, const std::string& subject) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {  // parse_error, and out_of_range for numbers like 1e999
        throw Error(subject, std::string("not a valid view file (JSON error: ") + e.what() + ")");
    }
    if (!j.is_object() || !j.contains("frontmap_view")) throw Error(subject, "not a frontmap view file (no 'frontmap_view' version)");
    // Integers are read as doubles and checked: converting 1e300 to int would be undefined behaviour.
    const double versionNumber = get<double>(j, "frontmap_view", 0.0, subject);
    if (!(versionNumber >= 0 && versionNumber <= 1e6) || versionNumber != std::floor(versionNumber))
        throw Error(subject, "field 'frontmap_view' has the wrong type");
    const int version = static_cast<int>(versionNumber);
    if (version > ViewFile::kVersion)
        throw Error(subject, "made by a newer frontmap (view format " + std::to_string(version) + "; this one reads up to " +
                                 std::to_string(ViewFile::kVersion) + ")");
    if (version < 1) throw Error(subject, "invalid view format version");
    ViewFile v;
    v.projection = get<std::string>(j, "projection", "", subject);
    if (j.contains("center")) {
        const auto c = get<std::vector<double>>(j, "center", {}, subject);
        if (c.size() != 2 || !isValidLonLat(c[0], c[1])) throw Error(subject, "'center' must be [lon, lat]");
        v.center = {c[0], c[1]};
        v.unitsPerPixel = get<double>(j, "units_per_pixel", 0.0, subject);
        if (!(v.unitsPerPixel > 0) || !std::isfinite(v.unitsPerPixel)) throw Error(subject, "'units_per_pixel' must be positive");
        const auto sz = get<std::vector<double>>(j, "size", {0, 0}, subject);
        if (sz.size() == 2) {
            for (double d : sz)
                if (!(d >= 0 && d <= 65536) || d != std::floor(d)) throw Error(subject, "field 'size' has the wrong type");
            v.width = static_cast<int>(sz[0]);
            v.height = static_cast<int>(sz[1]);
        }
        v.hasCamera = true;
    }
    if (j.contains("extent")) {
        const auto e = get<std::vector<double>>(j, "extent", {}, subject);
        if (e.size() != 4 || !(e[0] < e[2] && e[1] < e[3]) || !isValidLonLat(e[0], e[1]) || !isValidLonLat(e[2], e[3]))
            throw Error(subject, "'extent' must be [lon_min, lat_min, lon_max, lat_max]");
        v.extentLonLat = BBox::of(e[0], e[1], e[2], e[3]);
        v.hasExtent = true;
    }
    v.marginDeg = get<double>(j, "margin_deg", v.marginDeg, subject);
    v.basemap = get<bool>(j, "basemap", true, subject);
    v.graticule = get<bool>(j, "graticule", true, subject);
    v.labels = get<bool>(j, "labels", true, subject);
    v.crimea = get<std::string>(j, "crimea", "de_jure", subject) == "de_facto" ? CrimeaView::DeFacto : CrimeaView::DeJure;
    if (j.contains("layers")) {
        if (!j["layers"].is_array()) throw Error(subject, "'layers' must be a list");
        for (const json& jl : j["layers"]) {
            if (!jl.is_object()) throw Error(subject, "each layer must be an object");
            ViewLayer l;
            l.source = get<std::string>(jl, "source", "", subject);
            if (l.source.empty()) throw Error(subject, "a layer has no 'source'");
            l.layer = get<std::string>(jl, "layer", "", subject);
            l.kind = get<std::string>(jl, "kind", "vector", subject);
            if (l.kind != "vector" && l.kind != "events" && l.kind != "auto")
                throw Error(subject, "layer kind must be 'vector', 'events' or 'auto'");
            l.visible = get<bool>(jl, "visible", true, subject);
            if (jl.contains("style")) l.style = styleFromJson(jl["style"], subject);
            l.pointRadius = get<float>(jl, "point_radius", 5.f, subject);
            l.dateField = get<std::string>(jl, "date_field", "", subject);
            l.actorFields = get<std::vector<std::string>>(jl, "actor_fields", {}, subject);
            v.layers.push_back(l);
        }
    }
    if (j.contains("filter")) {
        const json& f = j["filter"];
        if (!f.is_object()) throw Error(subject, "'filter' must be an object");
        v.hasFilter = true;
        v.filter.dayFrom = parseDayField(f, "from", INT32_MIN, false, subject);
        v.filter.dayTo = parseDayField(f, "to", INT32_MAX, true, subject);
        for (const auto& a : get<std::vector<std::string>>(f, "hidden_actors", {}, subject)) v.filter.hiddenActors.insert(a);
        v.filter.showUnattributed = get<bool>(f, "show_unattributed", true, subject);
        if (f.contains("types")) {
            v.filter.typeMask = 0;
            for (const auto& t : get<std::vector<std::string>>(f, "types", {}, subject))
                v.filter.typeMask |= 1u << static_cast<int>(eventTypeFromText(t));
        }
        if (f.contains("precisions")) {
            v.filter.precisionMask = 0;
            for (const auto& p : get<std::vector<std::string>>(f, "precisions", {}, subject)) {
                LocationPrecision lp;
                if (!parseLocationPrecision(p, lp)) throw Error(subject, "unknown location precision '" + p + "'");
                v.filter.precisionMask |= 1u << static_cast<int>(lp);
            }
        }
    }
    v.date = get<std::string>(j, "date", "", subject);
    return v;
}

ViewFile readViewFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot open the view file");
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    if (text.size() > 16 * 1024 * 1024) throw Error(path, "too large for a view file");
    return parseViewJson(text, path);
}

void writeViewFile(const std::string& path, const ViewFile& view) {
    const std::string dir = fs::absolute(fs::path(path)).parent_path().string();
    writeFileAtomically(path, viewToJson(view, dir));
}

}  // namespace fm
