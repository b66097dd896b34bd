#include "app/change_command.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/message_log.h"
#include "geo/area_change.h"
#include "sources/time_layer.h"
#include "sources/vector_reader.h"

namespace fm {

namespace {

const char* const kProgram = "frontmap change";

void usage(FILE* out) {
    std::fprintf(out,
                 "usage: frontmap change LAYER --from DATE --to DATE [--json] [--date-field F] [--category-field F]\n"
                 "                       [--layer NAME] [--side category=Side ...] [--regions FILE [--region-field F]]\n"
                 "Prints what changed on a time-versioned polygon layer (front lines) between two dates: per category\n"
                 "and per side the area held at each date and the area gained and lost, in km² (geodesic, WGS 84).\n"
                 "  LAYER              a vector source with a date field, or a folder / several files with a date\n"
                 "                     (YYYYMMDD or YYYY-MM-DD) in their names, one snapshot each\n"
                 "  --from/--to DATE   the two days; \"as of D\" is the state at the end of D (UTC): per category,\n"
                 "                     the latest snapshot on or before D\n"
                 "  --json             print JSON instead of a table (structure in src/app/change_command.h)\n"
                 "  --date-field F     the snapshot date column (default: detected, e.g. snapshot_date, file_date)\n"
                 "  --category-field F the category column (default: detected, e.g. category, status)\n"
                 "  --layer NAME       the layer of a multi-layer source\n"
                 "  --side cat=Side    put a category on a side (repeatable; default: occupied*=Russia,\n"
                 "                     liberated=Ukraine, contested/unknown/grey=Grey zone, others=Other)\n"
                 "  --regions FILE     also break the table down by the polygons of FILE (e.g. admin-1 oblasts)\n"
                 "  --region-field F   the regions' name column (default: name)\n"
                 "Exit status: 0 done, 1 the layer or regions cannot be used, 2 usage error.\n");
}

std::string dayOrNone(int32_t day) { return day == kNoDay ? std::string("none") : formatDay(day); }

std::string km2(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return std::string(buf) == "-0.0" ? "0.0" : buf;
}

std::string pad(const std::string& s, size_t width, bool right = false) {
    if (s.size() >= width) return s;
    return right ? std::string(width - s.size(), ' ') + s : s + std::string(width - s.size(), ' ');
}

// --- loading ---------------------------------------------------------------------------------------------------

// The layer named on the command line as a TimeLayer; throws fm::Error naming the file when it cannot be used.
TimeLayer loadLayer(const std::vector<std::string>& inputs, const TimeFieldSpec& overrides, const std::string& layerName,
                    MessageLog& log) {
    std::error_code ec;
    if (inputs.size() > 1 || std::filesystem::is_directory(inputs.front(), ec)) {
        if (!overrides.dateField.empty() || !overrides.validFrom.empty())
            log.warning(inputs.front(), "dates come from the file names; --date-field is ignored");
        return TimeLayer::fromFiles(inputs, log, nullptr, overrides.categoryField);
    }
    const std::string& path = inputs.front();
    VectorReadOptions options;
    if (!layerName.empty()) options.layers = {layerName};
    const auto layers = readVectorSource(path, log, nullptr, options);
    // Why each polygon layer cannot be used, grouped by reason (a GeoPackage of ten layers without dates gives one
    // line, not ten).
    std::vector<std::pair<std::string, std::string>> reasonLayers;
    bool anyPolygons = false;
    for (const auto& d : layers) {
        if (d->lonlat.kind != GeomKind::Polygon) continue;
        anyPolygons = true;
        TimeFieldSpec spec = overrides;
        std::string why;
        if (detectTimeFields(*d, spec, &why)) return TimeLayer(d, spec, log);
        auto it = std::find_if(reasonLayers.begin(), reasonLayers.end(), [&](const auto& r) { return r.first == why; });
        if (it == reasonLayers.end())
            reasonLayers.emplace_back(why, d->layerName);
        else
            it->second += ", " + d->layerName;
    }
    std::string reasons;
    for (const auto& [why, names] : reasonLayers)
        reasons += (reasons.empty() ? "" : "; ") + std::string(names.find(',') == std::string::npos ? "layer " : "layers ") +
                   names + ": " + why;
    int32_t day;
    if (anyPolygons && overrides.dateField.empty() && dateFromFileName(path, day))
        return TimeLayer::fromFiles({path}, log, nullptr, overrides.categoryField);
    if (!anyPolygons)
        throw Error(path, layers.empty() ? "no usable layer" : "has no polygon layer (front-line areas must be polygons)");
    throw Error(path, reasons);
}

LayerDataPtr loadRegions(const std::string& path, MessageLog& log) {
    for (const auto& d : readVectorSource(path, log))
        if (d->lonlat.kind == GeomKind::Polygon && d->featureCount() > 0) return d;
    throw Error(path, "has no polygon layer to use as regions");
}

// --- text output -------------------------------------------------------------------------------------------------

bool allZero(const AreaRow& r) {
    return std::max({r.areaFrom, r.areaTo, r.gained, r.lost}) < 0.05;
}

void appendTable(std::string& s, const std::string& indent, const char* firstHeader, bool withSide,
                 const std::vector<AreaRow>& rows, const std::string& d1, const std::string& d2, bool skipEmpty) {
    size_t nameW = std::string(firstHeader).size(), sideW = 4;
    for (const AreaRow& r : rows) {
        nameW = std::max(nameW, r.name.size());
        sideW = std::max(sideW, r.side.size());
    }
    nameW += 2;
    sideW += 2;
    const size_t numW = std::max<size_t>(12, std::max(d1.size(), d2.size()) + 2);
    s += indent + pad(firstHeader, nameW) + (withSide ? pad("Side", sideW) : "") + pad(d1, numW, true) +
         pad(d2, numW, true) + pad("Gained", numW, true) + pad("Lost", numW, true) + "\n";
    for (const AreaRow& r : rows) {
        if (skipEmpty && allZero(r)) continue;
        s += indent + pad(r.name, nameW) + (withSide ? pad(r.side, sideW) : "") + pad(km2(r.areaFrom), numW, true) +
             pad(km2(r.areaTo), numW, true) + pad(km2(r.gained), numW, true) + pad(km2(r.lost), numW, true) + "\n";
    }
}

std::string snapshotLine(const char* label, int32_t day, int32_t snapshot, size_t features,
                         const std::vector<CategorySnapshot>& categories, const TimeLayer& layer) {
    std::string s = std::string(label) + "as of " + formatDay(day) + " \u2192 snapshot " + dayOrNone(snapshot) + " (" +
                    std::to_string(features) + " features)";
    // Categories shown from an older snapshot than the layer's latest (separately updated categories).
    for (const CategorySnapshot& c : categories)
        if (c.snapshotDay != kNoDay && c.snapshotDay != snapshot && layer.mode() == TimeLayer::Mode::Snapshots)
            s += "; " + categoryDisplayName(layer, c.category) + " from its snapshot of " + formatDay(c.snapshotDay);
    return s + "\n";
}

std::string formatText(const TimeLayer& layer, const AreaChange& c) {
    const LayerData& L = layer.layer();
    const TimeFieldSpec& spec = layer.spec();
    std::string s;
    s += "Layer:   " + L.source + (L.layerName.empty() ? "" : " (layer " + L.layerName + ")") + ", " +
         std::to_string(L.featureCount()) + " features, " + std::to_string(layer.snapshotDays().size()) +
         (layer.mode() == TimeLayer::Mode::Snapshots ? " snapshot days" : " change days");
    if (!layer.snapshotDays().empty())
        s += " " + formatDay(layer.snapshotDays().front()) + " .. " + formatDay(layer.snapshotDays().back());
    s += "\n";
    s += "Fields:  ";
    if (layer.mode() == TimeLayer::Mode::Snapshots)
        s += "date " + spec.dateField;
    else
        s += "valid from " + spec.validFrom + (spec.validTo.empty() ? "" : ", valid to " + spec.validTo);
    s += ", category " + (spec.categoryField.empty() ? std::string("(none)") : spec.categoryField);
    if (layer.badDates() > 0) s += "; " + std::to_string(layer.badDates()) + " features skipped for bad dates";
    s += "\n";
    s += snapshotLine("From:    ", c.fromDay, c.fromSnapshot, c.featuresFrom, c.fromCategories, layer);
    s += snapshotLine("To:      ", c.toDay, c.toSnapshot, c.featuresTo, c.toCategories, layer);
    s += "Repairs: ";
    if (c.repairs.empty()) {
        s += "none (all polygons valid)\n";
    } else {
        s += std::to_string(c.repairedCount()) + " invalid polygon(s) repaired with MakeValid, " +
             std::to_string(c.skippedCount()) + " left out\n";
        size_t shown = 0;
        for (const GeometryRepair& r : c.repairs) {
            if (++shown > 20) {
                s += "         … and " + std::to_string(c.repairs.size() - 20) + " more\n";
                break;
            }
            s += "         feature " + std::to_string(L.lonlat.featureId[r.feature] + 1) + " (" + r.category + ", " +
                 formatDay(layer.featureDay(r.feature)) + ", " + std::to_string(r.vertices) + " vertices): " +
                 (r.skipped ? "" : "repaired: ") + r.reason + "\n";
        }
    }
    s += "Areas in km\u00b2, geodesic on the WGS 84 ellipsoid; gained = in the area at " + formatDay(c.toDay) +
         " but not at " + formatDay(c.fromDay) + ", lost = the reverse.\n\n";
    const std::string d1 = formatDay(c.fromDay), d2 = formatDay(c.toDay);
    appendTable(s, "", "Category", true, c.categories, d1, d2, false);
    s += "\n";
    appendTable(s, "", "Side", false, c.sides, d1, d2, false);
    if (!c.regions.empty() || !c.regionNameField.empty()) {
        s += "\nBy region (" + std::to_string(c.regions.size()) + " regions with some area; rows that are 0.0 " +
             "throughout left out):\n";
        for (const RegionChange& r : c.regions) {
            s += "\n" + r.name + "\n";
            appendTable(s, "  ", "Category", true, r.categories, d1, d2, true);
            appendTable(s, "  ", "Side", false, r.sides, d1, d2, true);
        }
    }
    return s;
}

// --- JSON output -------------------------------------------------------------------------------------------------

std::string jsonString(const std::string& v) {
    std::string s = "\"";
    for (unsigned char ch : v) {
        switch (ch) {
            case '"': s += "\\\""; break;
            case '\\': s += "\\\\"; break;
            case '\n': s += "\\n"; break;
            case '\r': s += "\\r"; break;
            case '\t': s += "\\t"; break;
            default:
                if (ch < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", ch);
                    s += buf;
                } else {
                    s += static_cast<char>(ch);
                }
        }
    }
    return s + "\"";
}

std::string jsonNumber(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    return std::string(buf) == "-0.000" ? "0.000" : buf;
}

std::string jsonDay(int32_t day) { return day == kNoDay ? "null" : jsonString(formatDay(day)); }

std::string jsonRows(const std::vector<AreaRow>& rows, const std::string& indent) {
    std::string s = "[";
    for (size_t i = 0; i < rows.size(); ++i) {
        const AreaRow& r = rows[i];
        s += (i ? ",\n" : "\n") + indent + "  {\"name\": " + jsonString(r.name) + ", \"side\": " + jsonString(r.side) +
             ", \"area_from\": " + jsonNumber(r.areaFrom) + ", \"area_to\": " + jsonNumber(r.areaTo) +
             ", \"gained\": " + jsonNumber(r.gained) + ", \"lost\": " + jsonNumber(r.lost) + "}";
    }
    return s + (rows.empty() ? "]" : "\n" + indent + "]");
}

std::string jsonState(int32_t day, int32_t snapshot, size_t features, const std::vector<CategorySnapshot>& categories,
                      const TimeLayer& layer) {
    std::string s = "{\"date\": " + jsonDay(day) + ", \"snapshot\": " + jsonDay(snapshot) +
                    ", \"features\": " + std::to_string(features) + ", \"categories\": [";
    for (size_t i = 0; i < categories.size(); ++i) {
        const CategorySnapshot& c = categories[i];
        s += (i ? ", " : "") + std::string("{\"category\": ") + jsonString(categoryDisplayName(layer, c.category)) +
             ", \"snapshot\": " + jsonDay(c.snapshotDay) + ", \"features\": " + std::to_string(c.features) + "}";
    }
    return s + "]}";
}

std::string formatJson(const TimeLayer& layer, const AreaChange& c) {
    const LayerData& L = layer.layer();
    const TimeFieldSpec& spec = layer.spec();
    std::string s = "{\n";
    s += "  \"source\": " + jsonString(L.source) + ",\n";
    s += "  \"layer\": " + jsonString(L.layerName) + ",\n";
    s += "  \"date_field\": " + jsonString(spec.dateField) + ",\n";
    s += "  \"valid_from_field\": " + jsonString(spec.validFrom) + ",\n";
    s += "  \"valid_to_field\": " + jsonString(spec.validTo) + ",\n";
    s += "  \"category_field\": " + jsonString(spec.categoryField) + ",\n";
    s += "  \"bad_dates\": " + std::to_string(layer.badDates()) + ",\n";
    s += "  \"from\": " + jsonState(c.fromDay, c.fromSnapshot, c.featuresFrom, c.fromCategories, layer) + ",\n";
    s += "  \"to\": " + jsonState(c.toDay, c.toSnapshot, c.featuresTo, c.toCategories, layer) + ",\n";
    s += "  \"units\": \"km2\",\n";
    s += "  \"categories\": " + jsonRows(c.categories, "  ") + ",\n";
    s += "  \"sides\": " + jsonRows(c.sides, "  ") + ",\n";
    if (!c.regionNameField.empty() || !c.regions.empty()) {
        s += "  \"region_field\": " + jsonString(c.regionNameField) + ",\n";
        s += "  \"regions\": [";
        for (size_t i = 0; i < c.regions.size(); ++i) {
            const RegionChange& r = c.regions[i];
            s += (i ? ",\n" : "\n") + std::string("    {\"name\": ") + jsonString(r.name) +
                 ",\n     \"categories\": " + jsonRows(r.categories, "     ") +
                 ",\n     \"sides\": " + jsonRows(r.sides, "     ") + "}";
        }
        s += c.regions.empty() ? "],\n" : "\n  ],\n";
    }
    s += "  \"repairs\": {\"repaired\": " + std::to_string(c.repairedCount()) +
         ", \"skipped\": " + std::to_string(c.skippedCount()) + ", \"features\": [";
    for (size_t i = 0; i < c.repairs.size(); ++i) {
        const GeometryRepair& r = c.repairs[i];
        s += (i ? "," : "") + std::string("\n    {\"feature\": ") + std::to_string(L.lonlat.featureId[r.feature] + 1) +
             ", \"category\": " + jsonString(r.category) + ", \"vertices\": " + std::to_string(r.vertices) +
             ", \"skipped\": " + (r.skipped ? "true" : "false") + ", \"reason\": " + jsonString(r.reason) + "}";
    }
    s += c.repairs.empty() ? "]}\n" : "\n  ]}\n";
    return s + "}\n";
}

// A day from the command line: a single calendar day (2024-09-01, 1 September 2024, …).
bool parseDay(const char* option, const std::string& text, int32_t& day) {
    ParsedDate p;
    std::string why;
    if (!parseDate(text, p, why)) {
        std::fprintf(stderr, "%s: %s: %s\n", kProgram, option, why.c_str());
        return false;
    }
    if (p.precision != DatePrecision::Day) {
        std::fprintf(stderr, "%s: %s needs a single day, not a %s: %s\n", kProgram, option,
                     datePrecisionName(p.precision), text.c_str());
        return false;
    }
    day = p.first;
    return true;
}

}  // namespace

int runChangeCommand(int argc, char** argv) {
    std::vector<std::string> inputs;
    std::string from, to, layerName, regionsPath;
    bool json = false;
    TimeFieldSpec overrides;
    AreaChangeOptions options;
    for (int i = 0; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&](const char* name) -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s: %s needs a value\n", kProgram, name);
                return nullptr;
            }
            return argv[++i];
        };
        const char* v = nullptr;
        if (a == "--help" || a == "-h") {
            usage(stdout);
            return 0;
        } else if (a == "--json") {
            json = true;
        } else if (a == "--from" || a == "--to" || a == "--date-field" || a == "--category-field" || a == "--layer" ||
                   a == "--side" || a == "--regions" || a == "--region-field") {
            if (!(v = value(a.c_str()))) return 2;
            if (a == "--from") from = v;
            if (a == "--to") to = v;
            if (a == "--date-field") overrides.dateField = v;
            if (a == "--category-field") overrides.categoryField = v;
            if (a == "--layer") layerName = v;
            if (a == "--regions") regionsPath = v;
            if (a == "--region-field") options.regionNameField = v;
            if (a == "--side") {
                std::string why;
                if (!parseSideAssignments(v, options.sides, why)) {
                    std::fprintf(stderr, "%s: --side: %s\n", kProgram, why.c_str());
                    return 2;
                }
            }
        } else if (!a.empty() && a[0] == '-') {
            std::fprintf(stderr, "%s: unknown option %s\n", kProgram, a.c_str());
            usage(stderr);
            return 2;
        } else {
            inputs.push_back(a);
        }
    }
    if (inputs.empty() || from.empty() || to.empty()) {
        std::fprintf(stderr, "%s: %s\n", kProgram,
                     inputs.empty() ? "a LAYER is required" : "--from and --to are both required");
        usage(stderr);
        return 2;
    }
    if (!options.regionNameField.empty() && regionsPath.empty()) {
        std::fprintf(stderr, "%s: --region-field needs --regions\n", kProgram);
        return 2;
    }
    if (!parseDay("--from", from, options.fromDay) || !parseDay("--to", to, options.toDay)) return 2;
    if (options.fromDay > options.toDay) {
        std::fprintf(stderr, "%s: --from (%s) is after --to (%s)\n", kProgram, formatDay(options.fromDay).c_str(),
                     formatDay(options.toDay).c_str());
        return 2;
    }

    MessageLog log;
    log.setEcho([](const Message& m) {
        if (m.severity != Severity::Info) std::fprintf(stderr, "frontmap: %s\n", formatMessage(m).c_str());
    });
    try {
        const TimeLayer layer = loadLayer(inputs, overrides, layerName, log);
        const std::string subject = layer.layer().source;
        if (layer.empty()) throw Error(subject, "no feature has a usable date");
        if (layer.snapshotDayAsOf(options.fromDay) == kNoDay)
            throw Error(subject, "has no snapshot on or before " + formatDay(options.fromDay) + " (the first is " +
                                     formatDay(layer.snapshotDays().front()) + ")");
        if (!regionsPath.empty()) options.regions = loadRegions(regionsPath, log);
        const AreaChange change = computeAreaChange(layer, options, log);
        const std::string text = json ? formatJson(layer, change) : formatText(layer, change);
        std::fputs(text.c_str(), stdout);
        return 0;
    } catch (const Error& e) {
        std::fprintf(stderr, "%s: %s\n", kProgram, e.what());
        return 1;
    }
}

}  // namespace fm
