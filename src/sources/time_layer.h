// Time-versioned polygon layers: a front-line archive where every feature belongs to a dated snapshot (DeepStateMap's
// snapshot_date, a weekly file_date, one file per day with the date in its name) or carries a validity period
// (valid_from/valid_to). TimeLayer owns the per-feature dates and categories of one LayerData and answers "which
// features show the map as of day D".
//
// "As of day D" means the state at the END of day D (UTC): the latest snapshot whose date, or whose timestamp's UTC
// calendar day, is on or before D. A snapshot taken at 23:59 on D counts for D; one at 00:01 on D+1 does not.
// Features are grouped into snapshots by that UTC day, so several revisions published on one day are merged.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "core/job.h"
#include "core/message_log.h"
#include "sources/layer_data.h"

namespace fm {

// Which attribute columns carry time and category. Either dateField (one snapshot date or timestamp per feature) or
// validFrom (+ optional validTo) is set; categoryField may be empty (one category for the whole layer).
struct TimeFieldSpec {
    std::string dateField;
    std::string validFrom;
    std::string validTo;
    std::string categoryField;
};

// Fills the empty members of `out` from the layer's field names; members already set are the caller's overrides and
// are kept when the layer has them. Date fields, in order of preference: snapshot_date, snapshot_utc, date,
// file_date, as_of, valid_date, day, timestamp (the first whose values parse as dates); otherwise a validity pair
// (valid_from/valid_to, date_from/date_to, start_date/end_date, …). Category: category, status, status_key, type,
// side, name. Returns false, with the reason in `why`, when no usable date field exists or an override names a
// field the layer lacks.
bool detectTimeFields(const LayerData& layer, TimeFieldSpec& out, std::string* why = nullptr);

// The date written in a file name: YYYYMMDD or YYYY-MM-DD / YYYY_MM_DD, not part of a longer number
// ("deepstatemap_data_20240708.geojson" → 2024-07-08). Only the file name is looked at, not the folders.
bool dateFromFileName(const std::string& path, int32_t& day);

// Takes out of `paths` the files that together make one layer over time: two or more vector files (not folders) with
// a date in their names and the same extension, one group per extension; the other paths stay, in order.
std::vector<std::vector<std::string>> takeDatedFileGroups(std::vector<std::string>& paths);

// Whether folder `dir` holds at least one vector file with a date in its name (what fromFiles would read).
bool holdsDatedFiles(const std::string& dir);

// The vector files directly in folder `dir` (by extension: GeoJSON, GeoPackage, Shapefile, FlatGeobuf, KML, GML,
// zip, TopoJSON, SQLite, CSV), sorted by name; for a folder GDAL cannot open as one source.
std::vector<std::string> vectorFilesIn(const std::string& dir);

// Parses a date or date-time attribute to the UTC calendar day it falls on: "2024-09-01", "2024/09/01 00:00:00",
// "2024-09-01T03:00:00Z", "2024/09/01 23:30:00+00", "2024-09-02T01:00:00+03:00" (→ 2024-09-01). A date without a
// time is its own day. Also gives the second of that UTC day (0 when no time is given).
bool parseUtcDay(const std::string& text, int32_t& day, int32_t& secondOfDay, std::string& why);

constexpr int32_t kNoDay = std::numeric_limits<int32_t>::min();

// One category's state at a date: which snapshot day it comes from (kNoDay: the category is not shown at that date).
struct CategorySnapshot {
    std::string category;
    int32_t snapshotDay = kNoDay;
    size_t features = 0;
};

// Answers time queries on one polygon layer. Feature numbers are indices into layer().lonlat (0..featureCount-1),
// not source FIDs. Immutable after construction, so several threads may query it.
//
// Snapshot layers come in two kinds, told apart by their content:
//  * map archives (DeepStateMap): each snapshot is a whole map holding several categories. As of D the map shows
//    exactly the latest snapshot; a category absent from it no longer exists and is NOT carried forward from an
//    older snapshot. (Taking "per category, the latest snapshot on or before D" literally would bring back
//    DeepStateMap's "contested", last drawn in September 2022, in 2025, and keep the Kursk salient's "liberated"
//    polygons after a map no longer has them.)
//  * per-category archives: each category is updated on its own schedule, one category per snapshot. As of D each
//    category shows its own latest snapshot on or before D.
// A layer is a map archive when at least half of its snapshots hold two or more categories. A layer without a
// category field behaves the same either way. What no rule can tell apart: a date with no features at all leaves no
// snapshot, so "everything vanished" reads as "no new snapshot".
//
// Validity layers: the features with validFrom's day <= D < validTo's day. validTo is the moment a feature stopped
// being valid (half-open, so a version ending on the day its successor starts is not drawn twice); an empty validTo
// means "still valid".
class TimeLayer {
public:
    enum class Mode { Snapshots, Validity };

    TimeLayer() = default;
    // Parses every feature's date. Features whose date cannot be parsed (or whose validTo precedes validFrom) are
    // skipped, counted in badDates() and reported to `log` under the layer's source name. Throws fm::Error when the
    // spec's fields are not in the layer or the layer is not polygons.
    TimeLayer(LayerDataPtr layer, const TimeFieldSpec& spec, MessageLog& log);

    // A layer from several files, each one snapshot dated by its file name (a folder in `paths` stands for the files
    // in it whose names hold a date). Polygon features of all files are merged into one LayerData with the fields of
    // every file plus "file_date" (the date from the name, YYYY-MM-DD) and "source_file". Files without a date in
    // their name, or that cannot be read, are skipped with a warning; throws fm::Error when nothing is left.
    // `categoryField` empty: detected as in detectTimeFields.
    static TimeLayer fromFiles(std::vector<std::string> paths, MessageLog& log, Job* job = nullptr,
                               const std::string& categoryField = {});

    const LayerData& layer() const { return *m_layer; }
    const LayerDataPtr& layerPtr() const { return m_layer; }
    const TimeFieldSpec& spec() const { return m_spec; }
    Mode mode() const { return m_mode; }
    bool empty() const { return !m_layer || m_days.empty(); }
    // True for a map archive (see above): every snapshot is complete and stands alone.
    bool snapshotsAreComplete() const { return m_complete; }

    // Sorted distinct days with a snapshot (validity layers: days on which a feature starts or stops being valid).
    const std::vector<int32_t>& snapshotDays() const { return m_days; }
    // Sorted distinct category names ("" alone when the layer has no category field).
    const std::vector<std::string>& categories() const { return m_categories; }
    // The latest snapshot day on or before `day`; kNoDay when the layer starts later.
    int32_t snapshotDayAsOf(int32_t day) const;
    // The features the map shows as of (the end of) `day`, in ascending order.
    std::vector<uint32_t> featuresAsOf(int32_t day) const;
    // Per category (in categories() order), which snapshot it shows as of `day`.
    std::vector<CategorySnapshot> categorySnapshotsAsOf(int32_t day) const;

    // The category of feature `f` ("" when none), and its (UTC) day: the snapshot day, or validFrom's day.
    const std::string& categoryOf(uint32_t f) const;
    int32_t featureDay(uint32_t f) const { return m_featureDay[f]; }
    // Features skipped because their date could not be used.
    size_t badDates() const { return m_badDates; }

private:
    struct Snapshot {
        int32_t day = 0;
        std::vector<uint32_t> categories;    // indices into m_categories, sorted
        std::vector<std::vector<uint32_t>> features;  // parallel to `categories`
    };
    static constexpr int32_t kNotUsed = std::numeric_limits<int32_t>::min();

    // Index of the last snapshot taken on or before the end of `day`, or -1.
    int lastSnapshotIndex(int32_t day) const;
    // For each category: the snapshot index it shows at snapshot `last` (-1: not shown).
    std::vector<int> categorySources(int last) const;

    LayerDataPtr m_layer;
    TimeFieldSpec m_spec;
    Mode m_mode = Mode::Snapshots;
    std::vector<std::string> m_categories;
    std::vector<uint32_t> m_featureCategory;  // per feature, index into m_categories
    std::vector<int32_t> m_featureDay;        // per feature; kNotUsed when skipped
    std::vector<int32_t> m_featureEnd;        // validity layers: validTo's day (INT32_MAX when open)
    std::vector<Snapshot> m_snapshots;        // snapshot layers, by day
    std::vector<std::vector<int>> m_categorySnapshots;  // per category: the snapshots holding it, ascending
    bool m_complete = false;
    std::vector<int32_t> m_days;
    size_t m_badDates = 0;
};

}  // namespace fm
