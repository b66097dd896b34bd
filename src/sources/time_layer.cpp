#include "sources/time_layer.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <map>
#include <unordered_map>

#include "core/date.h"
#include "core/error.h"
#include "sources/vector_reader.h"

namespace fm {

namespace {

constexpr int64_t kSecondsPerDay = 86400;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

std::string trim(const std::string& s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return s.substr(a, b - a);
}

bool isDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Reads `count` digits at s[i]; false if they are not all digits.
bool digits(const std::string& s, size_t i, size_t count, int& value) {
    if (i + count > s.size()) return false;
    value = 0;
    for (size_t k = 0; k < count; ++k) {
        if (!isDigit(s[i + k])) return false;
        value = value * 10 + (s[i + k] - '0');
    }
    return true;
}

// The time of day after a date, in seconds, and the UTC offset in seconds (0 when none is written). Finds the first
// "H:MM" or "HH:MM" and reads what follows: ":SS", fractions, AM/PM, "Z", "+HH", "+HHMM", "+HH:MM".
bool parseTimeOfDay(const std::string& s, int& seconds, int& offset, bool& found, std::string& why) {
    found = false;
    seconds = offset = 0;
    size_t colon = std::string::npos;
    for (size_t i = 1; i + 2 < s.size(); ++i)
        if (s[i] == ':' && isDigit(s[i - 1]) && isDigit(s[i + 1]) && isDigit(s[i + 2])) {
            colon = i;
            break;
        }
    if (colon == std::string::npos) return true;
    size_t start = colon - 1;
    if (start > 0 && isDigit(s[start - 1])) --start;
    int h = 0, m = 0, sec = 0;
    digits(s, start, colon - start, h);
    digits(s, colon + 1, 2, m);
    size_t i = colon + 3;
    if (i < s.size() && s[i] == ':' && digits(s, i + 1, 2, sec)) i += 3;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        ++i;
        while (i < s.size() && isDigit(s[i])) ++i;
    }
    while (i < s.size() && s[i] == ' ') ++i;
    if (i + 1 < s.size() && (s[i + 1] == 'M' || s[i + 1] == 'm') && std::strchr("AaPp", s[i])) {
        if (h < 1 || h > 12) {
            why = "impossible 12-hour time in '" + s + "'";
            return false;
        }
        const bool pm = s[i] == 'P' || s[i] == 'p';
        h = (h % 12) + (pm ? 12 : 0);
        i += 2;
        while (i < s.size() && s[i] == ' ') ++i;
    }
    if (h > 24 || m > 59 || sec > 60 || (h == 24 && (m || sec))) {
        why = "impossible time of day in '" + s + "'";
        return false;
    }
    if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
        ++i;
    } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
        const int sign = s[i] == '-' ? -1 : 1;
        int oh = 0, om = 0;
        if (!digits(s, i + 1, 2, oh)) {
            why = "unreadable UTC offset in '" + s + "'";
            return false;
        }
        i += 3;
        if (i < s.size() && s[i] == ':') ++i;
        if (digits(s, i, 2, om)) i += 2;
        if (oh > 18 || om > 59) {
            why = "impossible UTC offset in '" + s + "'";
            return false;
        }
        offset = sign * (oh * 3600 + om * 60);
    }
    while (i < s.size() && s[i] == ' ') ++i;
    if (i != s.size()) {
        why = "unexpected text after the time in '" + s + "'";
        return false;
    }
    seconds = h * 3600 + m * 60 + std::min(sec, 59);
    found = true;
    return true;
}

// Which field names say "a date", in order of preference; and validity pairs.
const char* const kDateFieldNames[] = {"snapshot_date", "snapshot_utc", "date", "file_date", "as_of",
                                       "valid_date",    "day",          "timestamp"};
const char* const kValidityPairs[][2] = {{"valid_from", "valid_to"},   {"validfrom", "validto"},
                                         {"valid_since", "valid_until"}, {"date_from", "date_to"},
                                         {"from_date", "to_date"},     {"start_date", "end_date"}};
const char* const kCategoryFieldNames[] = {"category", "status", "status_key", "type", "side", "name"};

// True when some of the first non-empty values of field `fi` parse as dates (a "date" column full of free text is
// not a date column).
bool looksLikeDates(const LayerData& layer, int fi) {
    size_t tried = 0, parsed = 0;
    for (size_t r = 0; r < layer.featureCount() && tried < 20; ++r) {
        const std::string& v = layer.value(r, static_cast<size_t>(fi));
        if (trim(v).empty()) continue;
        ++tried;
        int32_t day, sec;
        std::string why;
        parsed += parseUtcDay(v, day, sec, why);
    }
    return parsed > 0 && parsed * 2 >= tried;
}

// Reports skipped features once per reason, with the first example.
struct BadDateReport {
    std::map<std::string, size_t> counts;
    std::map<std::string, std::string> firstExample;
    void add(const std::string& reason, const std::string& example) {
        if (counts[reason]++ == 0) firstExample[reason] = example;
    }
    size_t total() const {
        size_t n = 0;
        for (auto& c : counts) n += c.second;
        return n;
    }
    std::string describe() const {
        std::string s;
        for (auto& c : counts) {
            if (!s.empty()) s += "; ";
            s += std::to_string(c.second) + " " + c.first + " (first: " + firstExample.at(c.first) + ")";
        }
        return s;
    }
};

bool isVectorFileName(const std::string& name) {
    static const char* const exts[] = {".geojson", ".json", ".gpkg", ".shp", ".fgb", ".kml", ".kmz",
                                       ".gml",     ".zip",  ".topojson", ".sqlite", ".csv"};
    const std::string l = lower(name);
    for (const char* e : exts) {
        const std::string ext = e;
        if (l.size() > ext.size() && l.compare(l.size() - ext.size(), ext.size(), ext) == 0) return true;
    }
    return false;
}

}  // namespace

bool parseUtcDay(const std::string& text, int32_t& day, int32_t& secondOfDay, std::string& why) {
    const std::string s = trim(text);
    ParsedDate p;
    if (!parseDate(s, p, why)) return false;
    day = p.first;
    secondOfDay = 0;
    if (p.precision != DatePrecision::Day) return true;
    int seconds = 0, offset = 0;
    bool found = false;
    if (!parseTimeOfDay(s, seconds, offset, found, why)) return false;
    if (!found) return true;
    // Local time minus its offset is UTC; the day moves when that crosses midnight.
    const int64_t utc = static_cast<int64_t>(day) * kSecondsPerDay + seconds - offset;
    const int64_t utcDay = utc >= 0 ? utc / kSecondsPerDay : -((-utc + kSecondsPerDay - 1) / kSecondsPerDay);
    day = static_cast<int32_t>(utcDay);
    secondOfDay = static_cast<int32_t>(utc - utcDay * kSecondsPerDay);
    return true;
}

bool dateFromFileName(const std::string& path, int32_t& day) {
    const std::string name = std::filesystem::path(path).filename().string();
    for (size_t i = 0; i + 8 <= name.size(); ++i) {
        if (i > 0 && isDigit(name[i - 1])) continue;
        int y = 0, m = 0, d = 0;
        if (!digits(name, i, 4, y)) continue;
        size_t j = i + 4;
        const bool sep = j < name.size() && (name[j] == '-' || name[j] == '_');
        if (sep) ++j;
        if (!digits(name, j, 2, m)) continue;
        j += 2;
        if (sep) {
            if (j >= name.size() || name[j] != name[i + 4]) continue;
            ++j;
        }
        if (!digits(name, j, 2, d)) continue;
        j += 2;
        if (j < name.size() && isDigit(name[j])) continue;  // part of a longer number (a Unix time, an id)
        if (y < 1900 || y > 2200 || !isValidDate(y, m, d)) continue;
        day = daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
        return true;
    }
    return false;
}

std::vector<std::vector<std::string>> takeDatedFileGroups(std::vector<std::string>& paths) {
    std::map<std::string, std::vector<size_t>> byExtension;
    for (size_t i = 0; i < paths.size(); ++i) {
        std::error_code ec;
        int32_t day;
        const std::filesystem::path p(paths[i]);
        if (std::filesystem::is_directory(p, ec) || !isVectorFileName(p.filename().string()) || !dateFromFileName(paths[i], day))
            continue;
        byExtension[lower(p.extension().string())].push_back(i);
    }
    std::vector<std::vector<std::string>> groups;
    std::vector<bool> taken(paths.size(), false);
    for (auto& [ext, idx] : byExtension) {
        if (idx.size() < 2) continue;
        groups.emplace_back();
        for (size_t i : idx) {
            groups.back().push_back(paths[i]);
            taken[i] = true;
        }
    }
    std::vector<std::string> rest;
    for (size_t i = 0; i < paths.size(); ++i)
        if (!taken[i]) rest.push_back(std::move(paths[i]));
    paths = std::move(rest);
    return groups;
}

bool holdsDatedFiles(const std::string& dir) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        int32_t day;
        if (entry.is_regular_file(ec) && isVectorFileName(entry.path().filename().string()) &&
            dateFromFileName(entry.path().string(), day))
            return true;
    }
    return false;
}

std::vector<std::string> vectorFilesIn(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.is_regular_file(ec) && isVectorFileName(entry.path().filename().string())) out.push_back(entry.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

bool detectTimeFields(const LayerData& layer, TimeFieldSpec& out, std::string* why) {
    auto fail = [&](const std::string& reason) {
        if (why) *why = reason;
        return false;
    };
    for (const std::string* f : {&out.dateField, &out.validFrom, &out.validTo, &out.categoryField})
        if (!f->empty() && layer.fieldIndex(*f) < 0) return fail("has no field named '" + *f + "'");
    if (!out.validTo.empty() && out.validFrom.empty() && out.dateField.empty())
        return fail("a valid_to field was given without a valid_from field");

    if (out.dateField.empty() && out.validFrom.empty()) {
        // A validity pair is the more specific model: prefer it when both of its fields are there.
        for (const auto& pair : kValidityPairs) {
            const int a = layer.fieldIndex(pair[0]), b = layer.fieldIndex(pair[1]);
            if (a >= 0 && b >= 0 && looksLikeDates(layer, a)) {
                out.validFrom = layer.fieldNames[static_cast<size_t>(a)];
                out.validTo = layer.fieldNames[static_cast<size_t>(b)];
                break;
            }
        }
    }
    if (out.dateField.empty() && out.validFrom.empty()) {
        for (const char* name : kDateFieldNames) {
            const int fi = layer.fieldIndex(name);
            if (fi >= 0 && looksLikeDates(layer, fi)) {
                out.dateField = layer.fieldNames[static_cast<size_t>(fi)];
                break;
            }
        }
    }
    if (out.dateField.empty() && out.validFrom.empty()) {
        std::string names;
        for (const char* n : kDateFieldNames) names += std::string(names.empty() ? "" : ", ") + n;
        return fail("no date field found (looked for " + names + ", or valid_from/valid_to); name one with --date-field");
    }
    if (out.categoryField.empty()) {
        for (const char* name : kCategoryFieldNames) {
            const int fi = layer.fieldIndex(name);
            if (fi >= 0) {
                out.categoryField = layer.fieldNames[static_cast<size_t>(fi)];
                break;
            }
        }
    }
    return true;
}

TimeLayer::TimeLayer(LayerDataPtr layer, const TimeFieldSpec& spec, MessageLog& log)
    : m_layer(std::move(layer)), m_spec(spec) {
    if (!m_layer) throw Error("", "no layer");
    const LayerData& L = *m_layer;
    const std::string subject = L.source.empty() ? L.layerName : L.source;
    if (L.lonlat.kind != GeomKind::Polygon)
        throw Error(subject, std::string("layer ") + L.layerName + " holds " + geomKindName(L.lonlat.kind) +
                                 " geometries; front-line areas must be polygons");
    auto fieldOf = [&](const std::string& name) -> int {
        if (name.empty()) return -1;
        const int fi = L.fieldIndex(name);
        if (fi < 0) throw Error(subject, "has no field named '" + name + "'");
        return fi;
    };
    const int dateFi = fieldOf(m_spec.dateField);
    const int fromFi = fieldOf(m_spec.validFrom);
    const int toFi = fieldOf(m_spec.validTo);
    const int catFi = fieldOf(m_spec.categoryField);
    if (dateFi < 0 && fromFi < 0) throw Error(subject, "no date field given");
    m_mode = dateFi >= 0 ? Mode::Snapshots : Mode::Validity;

    const size_t n = L.featureCount();
    // Categories: sorted names, then each feature's index.
    std::vector<std::string> rawCategory(n);
    {
        std::map<std::string, uint32_t> names;
        for (size_t f = 0; f < n; ++f) {
            rawCategory[f] = catFi >= 0 ? trim(L.value(f, static_cast<size_t>(catFi))) : std::string();
            names.emplace(rawCategory[f], 0);
        }
        uint32_t i = 0;
        for (auto& kv : names) {
            kv.second = i++;
            m_categories.push_back(kv.first);
        }
        m_featureCategory.resize(n);
        for (size_t f = 0; f < n; ++f) m_featureCategory[f] = names[rawCategory[f]];
    }

    // Many features share one date text: parse each distinct text once.
    struct Parsed {
        bool ok;
        int32_t day, second;
        std::string why;
    };
    std::unordered_map<std::string, Parsed> cache;
    auto parse = [&](const std::string& text) -> const Parsed& {
        auto it = cache.find(text);
        if (it != cache.end()) return it->second;
        Parsed p{false, 0, 0, {}};
        p.ok = parseUtcDay(text, p.day, p.second, p.why);
        return cache.emplace(text, std::move(p)).first->second;
    };

    BadDateReport bad;
    m_featureDay.assign(n, kNotUsed);
    if (m_mode == Mode::Validity) m_featureEnd.assign(n, std::numeric_limits<int32_t>::max());
    const std::string& mainField = m_mode == Mode::Snapshots ? m_spec.dateField : m_spec.validFrom;
    const int mainFi = m_mode == Mode::Snapshots ? dateFi : fromFi;
    for (size_t f = 0; f < n; ++f) {
        const std::string& text = L.value(f, static_cast<size_t>(mainFi));
        // Feature numbers in messages are the source's (1-based rows), as in the reader's own reports.
        const std::string feature = "feature " + std::to_string(L.lonlat.featureId[f] + 1);
        const std::string where = feature + ", '" + text + "'";
        const Parsed& p = parse(text);
        if (!p.ok) {
            bad.add("with an unusable " + mainField + " value", where + ": " + p.why);
            continue;
        }
        const int64_t start = static_cast<int64_t>(p.day) * kSecondsPerDay + p.second;
        if (toFi >= 0 && m_mode == Mode::Validity) {
            const std::string& endText = L.value(f, static_cast<size_t>(toFi));
            if (!trim(endText).empty()) {
                const Parsed& e = parse(endText);
                if (!e.ok) {
                    bad.add("with an unusable " + m_spec.validTo + " value",
                            feature + ", '" + endText + "': " + e.why);
                    continue;
                }
                if (static_cast<int64_t>(e.day) * kSecondsPerDay + e.second < start) {
                    bad.add("whose " + m_spec.validTo + " precedes " + m_spec.validFrom,
                            feature + ", " + text + " .. " + endText);
                    continue;
                }
                m_featureEnd[f] = e.day;
            }
        }
        m_featureDay[f] = p.day;
    }
    m_badDates = bad.total();
    if (m_badDates > 0)
        log.warning(subject, std::to_string(m_badDates) + " of " + std::to_string(n) +
                                 " features skipped (their date could not be used): " + bad.describe());

    if (m_mode == Mode::Validity) {
        for (size_t f = 0; f < n; ++f) {
            if (m_featureDay[f] == kNotUsed) continue;
            m_days.push_back(m_featureDay[f]);
            if (m_featureEnd[f] != std::numeric_limits<int32_t>::max()) m_days.push_back(m_featureEnd[f]);
        }
    } else {
        // Group by UTC day: the features dated on one day form that day's snapshot. Grouping by exact timestamp
        // would split a snapshot whose features carry per-feature edit times into one "snapshot" per feature; the
        // price is that two revisions published on the same day are merged.
        std::map<int32_t, std::map<uint32_t, std::vector<uint32_t>>> groups;
        for (size_t f = 0; f < n; ++f)
            if (m_featureDay[f] != kNotUsed) groups[m_featureDay[f]][m_featureCategory[f]].push_back(static_cast<uint32_t>(f));
        size_t multiCategory = 0;
        m_categorySnapshots.resize(m_categories.size());
        for (auto& g : groups) {
            Snapshot s;
            s.day = g.first;
            for (auto& c : g.second) {
                s.categories.push_back(c.first);
                s.features.push_back(std::move(c.second));
                m_categorySnapshots[c.first].push_back(static_cast<int>(m_snapshots.size()));
            }
            multiCategory += s.categories.size() >= 2;
            m_days.push_back(s.day);
            m_snapshots.push_back(std::move(s));
        }
        m_complete = !m_snapshots.empty() && multiCategory * 2 >= m_snapshots.size();
    }
    std::sort(m_days.begin(), m_days.end());
    m_days.erase(std::unique(m_days.begin(), m_days.end()), m_days.end());
}

int TimeLayer::lastSnapshotIndex(int32_t day) const {
    const auto it = std::upper_bound(m_snapshots.begin(), m_snapshots.end(), day,
                                     [](int32_t d, const Snapshot& s) { return d < s.day; });
    return static_cast<int>(it - m_snapshots.begin()) - 1;
}

std::vector<int> TimeLayer::categorySources(int last) const {
    std::vector<int> source(m_categories.size(), -1);
    if (last < 0) return source;
    if (m_complete) {
        // A map archive: the latest map alone, whatever it lacks.
        for (uint32_t c : m_snapshots[static_cast<size_t>(last)].categories) source[c] = last;
        return source;
    }
    for (size_t c = 0; c < source.size(); ++c) {
        const std::vector<int>& held = m_categorySnapshots[c];
        const auto it = std::upper_bound(held.begin(), held.end(), last);
        if (it != held.begin()) source[c] = *(it - 1);
    }
    return source;
}

int32_t TimeLayer::snapshotDayAsOf(int32_t day) const {
    if (m_mode == Mode::Snapshots) {
        const int i = lastSnapshotIndex(day);
        return i < 0 ? kNoDay : m_snapshots[static_cast<size_t>(i)].day;
    }
    const auto it = std::upper_bound(m_days.begin(), m_days.end(), day);
    return it == m_days.begin() ? kNoDay : *(it - 1);
}

std::vector<uint32_t> TimeLayer::featuresAsOf(int32_t day) const {
    std::vector<uint32_t> out;
    if (!m_layer) return out;
    if (m_mode == Mode::Validity) {
        for (size_t f = 0; f < m_featureDay.size(); ++f)
            if (m_featureDay[f] != kNotUsed && m_featureDay[f] <= day && day < m_featureEnd[f])
                out.push_back(static_cast<uint32_t>(f));
        return out;
    }
    const std::vector<int> source = categorySources(lastSnapshotIndex(day));
    for (uint32_t c = 0; c < source.size(); ++c) {
        if (source[c] < 0) continue;
        const Snapshot& s = m_snapshots[static_cast<size_t>(source[c])];
        const size_t k = static_cast<size_t>(std::lower_bound(s.categories.begin(), s.categories.end(), c) -
                                             s.categories.begin());
        out.insert(out.end(), s.features[k].begin(), s.features[k].end());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<CategorySnapshot> TimeLayer::categorySnapshotsAsOf(int32_t day) const {
    std::vector<CategorySnapshot> out(m_categories.size());
    for (size_t c = 0; c < out.size(); ++c) out[c].category = m_categories[c];
    if (!m_layer) return out;
    if (m_mode == Mode::Validity) {
        for (uint32_t f : featuresAsOf(day)) {
            CategorySnapshot& cs = out[m_featureCategory[f]];
            cs.snapshotDay = std::max(cs.snapshotDay, m_featureDay[f]);
            ++cs.features;
        }
        return out;
    }
    const std::vector<int> source = categorySources(lastSnapshotIndex(day));
    for (uint32_t c = 0; c < source.size(); ++c) {
        if (source[c] < 0) continue;
        const Snapshot& s = m_snapshots[static_cast<size_t>(source[c])];
        const size_t k = static_cast<size_t>(std::lower_bound(s.categories.begin(), s.categories.end(), c) -
                                             s.categories.begin());
        out[c].snapshotDay = s.day;
        out[c].features = s.features[k].size();
    }
    return out;
}

const std::string& TimeLayer::categoryOf(uint32_t f) const { return m_categories[m_featureCategory[f]]; }

TimeLayer TimeLayer::fromFiles(std::vector<std::string> paths, MessageLog& log, Job* job,
                               const std::string& categoryField) {
    // Folders stand for the dated vector files in them.
    std::vector<std::pair<int32_t, std::string>> files;
    size_t undated = 0;
    std::string firstUndated;
    for (const std::string& p : paths) {
        std::error_code ec;
        if (std::filesystem::is_directory(p, ec)) {
            std::vector<std::string> inFolder;
            for (const auto& entry : std::filesystem::directory_iterator(p, ec))
                if (entry.is_regular_file(ec) && isVectorFileName(entry.path().filename().string()))
                    inFolder.push_back(entry.path().string());
            if (ec) throw Error(p, "cannot list the folder: " + ec.message());
            for (const std::string& f : inFolder) {
                int32_t day;
                if (dateFromFileName(f, day)) files.emplace_back(day, f);
            }
            continue;
        }
        int32_t day;
        if (dateFromFileName(p, day)) {
            files.emplace_back(day, p);
        } else if (undated++ == 0) {
            firstUndated = p;
        }
    }
    if (undated > 0)
        log.warning(firstUndated, std::to_string(undated) + " file(s) without a date (YYYYMMDD or YYYY-MM-DD) in their "
                                  "name skipped, the first being this one");
    std::sort(files.begin(), files.end());
    const std::string subject = paths.size() == 1 ? paths.front() : std::to_string(paths.size()) + " paths";
    if (files.empty()) throw Error(subject, "no vector files with a date in their name");

    struct Part {
        int32_t day;
        std::string file;
        std::shared_ptr<LayerData> data;
    };
    std::vector<Part> parts;
    for (size_t i = 0; i < files.size(); ++i) {
        if (job) {
            job->checkCancelled();
            job->setProgress(static_cast<float>(i) / static_cast<float>(files.size()));
        }
        try {
            for (auto& d : readVectorSource(files[i].second, log, job))
                if (d->lonlat.kind == GeomKind::Polygon) parts.push_back({files[i].first, files[i].second, d});
        } catch (const Error& e) {
            log.warning(files[i].second, std::string("skipped: ") + e.reason());
        }
    }
    if (parts.empty()) throw Error(subject, "none of the dated files holds polygons");

    auto merged = std::make_shared<LayerData>();
    merged->source = subject;
    merged->layerName = "dated files";
    merged->title = "dated files";
    merged->driver = parts.front().data->driver;
    merged->crsName = parts.front().data->crsName;
    merged->lonlat.kind = GeomKind::Polygon;
    merged->fieldNames = {"file_date", "source_file"};
    for (const Part& p : parts)
        for (const std::string& name : p.data->fieldNames)
            if (merged->fieldIndex(name) < 0) merged->fieldNames.push_back(name);
    const size_t width = merged->fieldNames.size();
    for (const Part& p : parts) {
        const LayerData& d = *p.data;
        std::vector<int> column(d.fieldNames.size());
        for (size_t i = 0; i < d.fieldNames.size(); ++i) column[i] = merged->fieldIndex(d.fieldNames[i]);
        const size_t base = merged->featureCount();
        merged->lonlat.append(d.lonlat);
        for (size_t f = 0; f < d.featureCount(); ++f) {
            merged->lonlat.featureId[base + f] = static_cast<uint32_t>(base + f);
            std::vector<std::string> row(width);
            row[0] = formatDay(p.day);
            row[1] = p.file;
            for (size_t i = 0; i < d.fieldNames.size(); ++i)
                if (column[i] >= 2) row[static_cast<size_t>(column[i])] = d.value(f, i);
            for (auto& v : row) merged->values.push_back(std::move(v));
        }
        merged->featuresInSource += d.featuresInSource;
        merged->featuresSkipped += d.featuresSkipped;
    }
    merged->extent = merged->lonlat.bounds();

    TimeFieldSpec spec;
    spec.dateField = "file_date";
    spec.categoryField = categoryField;
    std::string why;
    if (!detectTimeFields(*merged, spec, &why)) throw Error(subject, why);
    return TimeLayer(merged, spec, log);
}

}  // namespace fm
