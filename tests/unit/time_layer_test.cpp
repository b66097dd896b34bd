// Tests for src/sources/time_layer: which snapshot a date selects (the end-of-day rule, timestamps late in the day and
// in other time zones, revisions of one day grouped), a map archive where a category missing from the latest map stays
// gone versus a per-category archive where each category keeps its own latest snapshot, valid_from/valid_to periods
// (half-open), dates taken from file names (fromFiles on a temp folder of GeoJSON files the test writes), field
// detection, and bad dates skipped with a count and a message naming the file.
#include "sources/time_layer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/error.h"
#include "core/message_log.h"

namespace fm {
namespace {

int32_t day(int y, unsigned m, unsigned d) { return daysFromCivil(y, m, d); }

// A polygon layer in memory: one small square per row (feature i at lon 30+i), with the given fields and values.
LayerDataPtr makeLayer(const std::vector<std::string>& fields, const std::vector<std::vector<std::string>>& rows,
                       const std::string& source = "fixture.gpkg") {
    auto d = std::make_shared<LayerData>();
    d->source = source;
    d->layerName = "areas";
    d->fieldNames = fields;
    d->lonlat.kind = GeomKind::Polygon;
    for (size_t i = 0; i < rows.size(); ++i) {
        const double x = 30.0 + static_cast<double>(i);
        for (auto [px, py] : {std::pair{x, 50.0}, {x + 0.5, 50.0}, {x + 0.5, 50.5}, {x, 50.5}, {x, 50.0}})
            d->lonlat.addVertex(px, py);
        d->lonlat.endPart();
        d->lonlat.endFeature(static_cast<uint32_t>(i));
        EXPECT_EQ(rows[i].size(), fields.size());
        for (const std::string& v : rows[i]) d->values.push_back(v);
    }
    d->extent = d->lonlat.bounds();
    return d;
}

TimeLayer snapshots(const std::vector<std::vector<std::string>>& rows, MessageLog& log,
                    const std::string& dateField = "snapshot_date") {
    TimeFieldSpec spec;
    spec.dateField = dateField;
    spec.categoryField = "category";
    return TimeLayer(makeLayer({dateField, "category"}, rows), spec, log);
}

std::vector<uint32_t> ids(std::initializer_list<uint32_t> l) { return l; }

TEST(TimeLayerUtcDay, DatesAndTimestampsFallOnTheirUtcDay) {
    auto utcDay = [](const std::string& text) {
        int32_t d = 0, s = -1;
        std::string why;
        EXPECT_TRUE(parseUtcDay(text, d, s, why)) << text << ": " << why;
        return std::pair<int32_t, int32_t>(d, s);
    };
    EXPECT_EQ(utcDay("2024-09-01"), std::make_pair(day(2024, 9, 1), 0));
    EXPECT_EQ(utcDay("2024/09/01"), std::make_pair(day(2024, 9, 1), 0));  // GDAL's Date
    EXPECT_EQ(utcDay("2024/09/01 00:00:00"), std::make_pair(day(2024, 9, 1), 0));
    EXPECT_EQ(utcDay("2024-09-01T03:00:00Z"), std::make_pair(day(2024, 9, 1), 3 * 3600));
    EXPECT_EQ(utcDay("2024/09/01 20:23:28+00"), std::make_pair(day(2024, 9, 1), 20 * 3600 + 23 * 60 + 28));
    // Local times east of Greenwich shortly after midnight are still the previous UTC day; west of it, late evening
    // is already the next one.
    EXPECT_EQ(utcDay("2024-09-02T01:00:00+03:00"), std::make_pair(day(2024, 9, 1), 22 * 3600));
    EXPECT_EQ(utcDay("2024/09/02 01:00:00+0300"), std::make_pair(day(2024, 9, 1), 22 * 3600));
    EXPECT_EQ(utcDay("2024-09-01T22:00:00-05"), std::make_pair(day(2024, 9, 2), 3 * 3600));
    EXPECT_EQ(utcDay("2024-09-01T23:59:39.250Z"), std::make_pair(day(2024, 9, 1), 86379));
    EXPECT_EQ(utcDay("9/1/2024 11:30:00 PM"), std::make_pair(day(2024, 9, 1), 23 * 3600 + 30 * 60));
    EXPECT_EQ(utcDay("9/1/2024 12:15:00 AM"), std::make_pair(day(2024, 9, 1), 15 * 60));

    int32_t d, s;
    std::string why;
    EXPECT_FALSE(parseUtcDay("2024-02-30", d, s, why));
    EXPECT_NE(why.find("impossible"), std::string::npos) << why;
    EXPECT_FALSE(parseUtcDay("2024-09-01T25:00:00Z", d, s, why));
    EXPECT_FALSE(parseUtcDay("soon", d, s, why));
}

TEST(TimeLayerSnapshots, AsOfPicksTheLatestSnapshotOnOrBeforeTheDay) {
    MessageLog log;
    const TimeLayer t = snapshots({{"2024-09-01", "occupied"},
                                   {"2024-09-01", "liberated"},
                                   {"2024-09-05", "occupied"},
                                   {"2024-09-05", "liberated"},
                                   {"2024-09-12", "occupied"},
                                   {"2024-09-12", "liberated"}},
                                  log);
    EXPECT_EQ(t.mode(), TimeLayer::Mode::Snapshots);
    EXPECT_EQ(t.snapshotDays(), (std::vector<int32_t>{day(2024, 9, 1), day(2024, 9, 5), day(2024, 9, 12)}));
    EXPECT_EQ(t.categories(), (std::vector<std::string>{"liberated", "occupied"}));
    EXPECT_EQ(t.snapshotDayAsOf(day(2024, 8, 31)), kNoDay);
    EXPECT_TRUE(t.featuresAsOf(day(2024, 8, 31)).empty());
    EXPECT_EQ(t.featuresAsOf(day(2024, 9, 1)), ids({0, 1}));
    EXPECT_EQ(t.featuresAsOf(day(2024, 9, 4)), ids({0, 1}));
    EXPECT_EQ(t.snapshotDayAsOf(day(2024, 9, 4)), day(2024, 9, 1));
    EXPECT_EQ(t.featuresAsOf(day(2024, 9, 5)), ids({2, 3}));
    EXPECT_EQ(t.featuresAsOf(day(2030, 1, 1)), ids({4, 5}));
    EXPECT_EQ(t.snapshotDayAsOf(day(2030, 1, 1)), day(2024, 9, 12));
    EXPECT_EQ(t.badDates(), 0u);
    EXPECT_EQ(log.size(), 0u);
}

// DeepStateMap revisions are stamped late in the (UTC) day: "as of 1 September" must include the 23:59 revision of
// 1 September and not the 00:30 one of 2 September — and a timestamp in another zone counts on its UTC day.
TEST(TimeLayerSnapshots, TimestampsCountOnTheirUtcDayUpToTheEndOfTheDay) {
    MessageLog log;
    const TimeLayer t = snapshots({{"2024-08-29T20:14:42Z", "occupied"},
                                   {"2024-09-01T23:59:39Z", "occupied"},
                                   {"2024-09-02T00:30:00Z", "occupied"},
                                   {"2024-09-03T01:00:00+03:00", "occupied"},  // 2024-09-02 22:00 UTC
                                   {"2024-09-03T22:00:00-05:00", "occupied"}},  // 2024-09-04 03:00 UTC
                                  log, "snapshot_utc");
    EXPECT_EQ(t.featuresAsOf(day(2024, 8, 31)), ids({0}));
    EXPECT_EQ(t.featuresAsOf(day(2024, 9, 1)), ids({1}));
    EXPECT_EQ(t.snapshotDayAsOf(day(2024, 9, 1)), day(2024, 9, 1));
    // Two revisions on 2 September (00:30 and 22:00 UTC) form that day's snapshot together: snapshots are grouped by
    // UTC day, so per-feature edit times cannot split one map into many.
    EXPECT_EQ(t.featuresAsOf(day(2024, 9, 2)), ids({2, 3}));
    EXPECT_EQ(t.featuresAsOf(day(2024, 9, 3)), ids({2, 3}));
    EXPECT_EQ(t.featuresAsOf(day(2024, 9, 4)), ids({4}));
    EXPECT_EQ(t.snapshotDays(), (std::vector<int32_t>{day(2024, 8, 29), day(2024, 9, 1), day(2024, 9, 2), day(2024, 9, 4)}));
}

// The bug this pins down: taking "per category, the latest snapshot on or before D" literally brings back a category
// that later maps no longer have (DeepStateMap's "contested", last drawn in 2022; the Kursk salient's "liberated"
// polygons once the salient is gone).
TEST(TimeLayerSnapshots, MapArchiveShowsTheLatestMapAloneAndMissingCategoriesStayGone) {
    MessageLog log;
    const TimeLayer t = snapshots({{"2022-09-01", "occupied"},    // 0
                                   {"2022-09-01", "contested"},   // 1
                                   {"2022-09-01", "liberated"},   // 2
                                   {"2022-10-01", "occupied"},    // 3: no contested any more
                                   {"2022-10-01", "liberated"},   // 4
                                   {"2022-10-05", "occupied"}},   // 5: a map with occupied areas only
                                  log);
    EXPECT_TRUE(t.snapshotsAreComplete());
    EXPECT_EQ(t.featuresAsOf(day(2022, 9, 1)), ids({0, 1, 2}));
    EXPECT_EQ(t.featuresAsOf(day(2022, 10, 1)), ids({3, 4}));
    EXPECT_EQ(t.featuresAsOf(day(2022, 10, 5)), ids({5}));
    EXPECT_EQ(t.featuresAsOf(day(2025, 3, 1)), ids({5}));
    const std::vector<CategorySnapshot> cs = t.categorySnapshotsAsOf(day(2025, 3, 1));
    ASSERT_EQ(cs.size(), 3u);  // contested, liberated, occupied
    EXPECT_EQ(cs[0].category, "contested");
    EXPECT_EQ(cs[0].snapshotDay, kNoDay);
    EXPECT_EQ(cs[1].snapshotDay, kNoDay);
    EXPECT_EQ(cs[2].snapshotDay, day(2022, 10, 5));
    EXPECT_EQ(cs[2].features, 1u);
}

// An archive whose categories are updated on their own schedules (one category per snapshot, the odd day two):
// each category shows its own latest snapshot.
TEST(TimeLayerSnapshots, PerCategoryArchiveShowsEachCategorysLatestSnapshot) {
    MessageLog log;
    const TimeLayer t = snapshots({{"2024-03-01", "occupied"},   // 0
                                   {"2024-03-03", "liberated"},  // 1
                                   {"2024-03-05", "unknown"},    // 2
                                   {"2024-03-08", "occupied"},   // 3
                                   {"2024-03-15", "occupied"},   // 4
                                   {"2024-03-15", "liberated"},  // 5 (same day as 4)
                                   {"2024-03-22", "occupied"}},  // 6
                                  log);
    EXPECT_FALSE(t.snapshotsAreComplete());
    EXPECT_EQ(t.featuresAsOf(day(2024, 3, 2)), ids({0}));
    EXPECT_EQ(t.featuresAsOf(day(2024, 3, 10)), ids({1, 2, 3}));
    EXPECT_EQ(t.featuresAsOf(day(2024, 3, 30)), ids({2, 5, 6}));
    const std::vector<CategorySnapshot> cs = t.categorySnapshotsAsOf(day(2024, 3, 30));
    ASSERT_EQ(cs.size(), 3u);
    EXPECT_EQ(cs[0].snapshotDay, day(2024, 3, 15));  // liberated
    EXPECT_EQ(cs[1].snapshotDay, day(2024, 3, 22));  // occupied
    EXPECT_EQ(cs[2].snapshotDay, day(2024, 3, 5));   // unknown
    EXPECT_EQ(t.snapshotDayAsOf(day(2024, 3, 30)), day(2024, 3, 22));
}

TEST(TimeLayerSnapshots, LayerWithoutCategoriesShowsItsLatestSnapshot) {
    MessageLog log;
    TimeFieldSpec spec;
    spec.dateField = "file_date";
    const TimeLayer t(makeLayer({"file_date"}, {{"2024-07-08"}, {"2024-07-15"}, {"2024-07-22"}}), spec, log);
    EXPECT_EQ(t.categories(), (std::vector<std::string>{""}));
    EXPECT_EQ(t.featuresAsOf(day(2024, 7, 21)), ids({1}));
    EXPECT_EQ(t.categoryOf(1), "");
}

TEST(TimeLayerValidity, FeaturesValidFromTheirStartUntilBeforeTheirEnd) {
    MessageLog log;
    TimeFieldSpec spec;
    spec.validFrom = "valid_from";
    spec.validTo = "valid_to";
    spec.categoryField = "category";
    const TimeLayer t(makeLayer({"valid_from", "valid_to", "category"},
                                {{"2024-01-01", "2024-03-01", "occupied"},  // 0
                                 {"2024-03-01", "", "occupied"},            // 1: still valid
                                 {"2024-02-10T23:00:00Z", "2024-02-20", "unknown"}}),  // 2
                      spec, log);
    EXPECT_EQ(t.mode(), TimeLayer::Mode::Validity);
    EXPECT_TRUE(t.featuresAsOf(day(2023, 12, 31)).empty());
    EXPECT_EQ(t.featuresAsOf(day(2024, 1, 1)), ids({0}));
    EXPECT_EQ(t.featuresAsOf(day(2024, 2, 10)), ids({0, 2}));  // started late on the 10th: shown at its end
    EXPECT_EQ(t.featuresAsOf(day(2024, 2, 19)), ids({0, 2}));
    EXPECT_EQ(t.featuresAsOf(day(2024, 2, 20)), ids({0}));
    // The day one version ends and its successor starts: only the successor (no double drawing).
    EXPECT_EQ(t.featuresAsOf(day(2024, 3, 1)), ids({1}));
    EXPECT_EQ(t.featuresAsOf(day(2030, 1, 1)), ids({1}));
    EXPECT_EQ(t.snapshotDayAsOf(day(2024, 2, 25)), day(2024, 2, 20));
    const std::vector<CategorySnapshot> cs = t.categorySnapshotsAsOf(day(2024, 2, 15));
    ASSERT_EQ(cs.size(), 2u);
    EXPECT_EQ(cs[0].snapshotDay, day(2024, 1, 1));
    EXPECT_EQ(cs[1].snapshotDay, day(2024, 2, 10));
}

TEST(TimeLayerBadDates, UnparseableDatesAreSkippedCountedAndReportedWithTheFile) {
    MessageLog log;
    TimeFieldSpec spec;
    spec.dateField = "snapshot_date";
    spec.categoryField = "category";
    const TimeLayer t(makeLayer({"snapshot_date", "category"},
                                {{"2024-09-01", "occupied"}, {"not a date", "occupied"}, {"2024-02-30", "unknown"},
                                 {"", "occupied"}, {"2024-09-05", "occupied"}},
                                "/data/front_lines.geojson"),
                      spec, log);
    EXPECT_EQ(t.badDates(), 3u);
    EXPECT_EQ(t.featuresAsOf(day(2024, 9, 2)), ids({0}));
    EXPECT_EQ(t.featuresAsOf(day(2024, 9, 5)), ids({4}));
    ASSERT_EQ(log.count(Severity::Warning), 1u);
    const Message m = log.snapshot().front();
    EXPECT_EQ(m.subject, "/data/front_lines.geojson");
    EXPECT_NE(m.text.find("3 of 5 features skipped"), std::string::npos) << m.text;
    EXPECT_NE(m.text.find("'not a date'"), std::string::npos) << m.text;

    // A valid_to before valid_from is a bad record too.
    MessageLog log2;
    TimeFieldSpec v;
    v.validFrom = "valid_from";
    v.validTo = "valid_to";
    const TimeLayer t2(makeLayer({"valid_from", "valid_to"}, {{"2024-05-01", "2024-04-01"}, {"2024-05-01", "bad"}}), v, log2);
    EXPECT_EQ(t2.badDates(), 2u);
    EXPECT_TRUE(t2.empty());
}

TEST(TimeLayerErrors, MissingFieldsAndNonPolygonLayersThrowNamingTheFile) {
    MessageLog log;
    TimeFieldSpec spec;
    spec.dateField = "when";
    EXPECT_THROW(TimeLayer(makeLayer({"date"}, {{"2024-01-01"}}), spec, log), Error);
    auto points = std::make_shared<LayerData>();
    points->source = "points.csv";
    points->lonlat.kind = GeomKind::Point;
    points->fieldNames = {"date"};
    spec.dateField = "date";
    try {
        TimeLayer t(points, spec, log);
        FAIL() << "a point layer was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.subject(), "points.csv");
    }
}

TEST(TimeFieldDetection, FindsSnapshotDateAndCategoryInDeepStateMapsSchema) {
    const LayerDataPtr l = makeLayer({"snapshot_id", "snapshot_utc", "snapshot_date", "category", "name_en", "status_key"},
                                     {{"1725222208", "2024/09/01 20:23:28+00", "2024/09/01", "liberated", "x", "y"}});
    TimeFieldSpec spec;
    std::string why;
    ASSERT_TRUE(detectTimeFields(*l, spec, &why)) << why;
    EXPECT_EQ(spec.dateField, "snapshot_date");
    EXPECT_EQ(spec.categoryField, "category");
    EXPECT_TRUE(spec.validFrom.empty());

    // Overrides are kept; one naming a missing field fails with the field's name.
    TimeFieldSpec over;
    over.dateField = "snapshot_utc";
    over.categoryField = "status_key";
    ASSERT_TRUE(detectTimeFields(*l, over, &why)) << why;
    EXPECT_EQ(over.dateField, "snapshot_utc");
    EXPECT_EQ(over.categoryField, "status_key");
    TimeFieldSpec missing;
    missing.dateField = "published";
    EXPECT_FALSE(detectTimeFields(*l, missing, &why));
    EXPECT_NE(why.find("published"), std::string::npos) << why;
}

TEST(TimeFieldDetection, ValidityPairsTextColumnsAndNothingAtAll) {
    TimeFieldSpec spec;
    std::string why;
    ASSERT_TRUE(detectTimeFields(*makeLayer({"Valid_From", "Valid_To", "status"}, {{"2024-01-01", "", "occupied"}}), spec, &why));
    EXPECT_EQ(spec.validFrom, "Valid_From");
    EXPECT_EQ(spec.validTo, "Valid_To");
    EXPECT_EQ(spec.categoryField, "status");

    // A "date" column of free text is not a date column; file_date after it is.
    TimeFieldSpec s2;
    ASSERT_TRUE(detectTimeFields(*makeLayer({"date", "file_date", "side"}, {{"unknown", "2024-07-08", "ru"}}), s2, &why));
    EXPECT_EQ(s2.dateField, "file_date");
    EXPECT_EQ(s2.categoryField, "side");

    TimeFieldSpec s3;
    EXPECT_FALSE(detectTimeFields(*makeLayer({"id", "label"}, {{"1", "x"}}), s3, &why));
    EXPECT_NE(why.find("no date field"), std::string::npos) << why;
}

TEST(TimeLayerFileNames, DatesInFileNames) {
    int32_t d = 0;
    EXPECT_TRUE(dateFromFileName("/data/deepstatemap_data_20240708.geojson", d));
    EXPECT_EQ(d, day(2024, 7, 8));
    EXPECT_TRUE(dateFromFileName("front_2025-03-01.gpkg", d));
    EXPECT_EQ(d, day(2025, 3, 1));
    EXPECT_TRUE(dateFromFileName("2025_03_02-lines.fgb", d));
    EXPECT_EQ(d, day(2025, 3, 2));
    EXPECT_FALSE(dateFromFileName("1725222208.geojson", d));        // a Unix time, not a date
    EXPECT_FALSE(dateFromFileName("front_20240231.geojson", d));    // impossible
    EXPECT_FALSE(dateFromFileName("2024-07-08/front.geojson", d));  // only the file's own name counts
    EXPECT_FALSE(dateFromFileName("front_2024-0708.geojson", d));   // mixed separators
}

std::string squareFeature(double lon, const std::string& props) {
    const std::string x0 = std::to_string(lon), x1 = std::to_string(lon + 1.0);
    return R"({"type":"Feature","properties":{)" + props + R"(},"geometry":{"type":"Polygon","coordinates":[[[)" + x0 +
           ",50],[" + x1 + ",50],[" + x1 + ",51],[" + x0 + ",51],[" + x0 + ",50]]]}}";
}

void writeFile(const std::filesystem::path& p, const std::string& text) {
    std::ofstream(p) << text;
}

TEST(TimeLayerFromFiles, OneSnapshotPerDatedFileInAFolder) {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("fm_time_layer_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto fc = [](const std::string& features) { return R"({"type":"FeatureCollection","features":[)" + features + "]}"; };
    writeFile(dir / "deepstatemap_data_20240708.geojson",
              fc(squareFeature(30, R"("name":"occupied")") + "," + squareFeature(32, R"("name":"liberated")")));
    writeFile(dir / "deepstatemap_data_20240715.geojson", fc(squareFeature(31, R"("name":"occupied")")));
    writeFile(dir / "README.txt", "not data");
    writeFile(dir / "latest.geojson", fc(squareFeature(40, R"("name":"occupied")")));  // no date: not in a folder scan

    MessageLog log;
    const TimeLayer t = TimeLayer::fromFiles({dir.string()}, log);
    EXPECT_EQ(t.snapshotDays(), (std::vector<int32_t>{day(2024, 7, 8), day(2024, 7, 15)}));
    EXPECT_EQ(t.spec().dateField, "file_date");
    EXPECT_EQ(t.spec().categoryField, "name");
    EXPECT_EQ(t.layer().featureCount(), 3u);
    EXPECT_EQ(t.featuresAsOf(day(2024, 7, 10)).size(), 2u);
    // Half of the snapshots hold two categories: a map archive, so the 15th's map (occupied only) stands alone.
    EXPECT_TRUE(t.snapshotsAreComplete());
    const std::vector<uint32_t> later = t.featuresAsOf(day(2024, 7, 15));
    ASSERT_EQ(later.size(), 1u);
    EXPECT_EQ(t.categoryOf(later[0]), "occupied");
    EXPECT_EQ(t.featureDay(later[0]), day(2024, 7, 15));
    EXPECT_EQ(t.layer().value(t.featuresAsOf(day(2024, 7, 8)).front(), 1),
              (dir / "deepstatemap_data_20240708.geojson").string());

    // Explicit files: an undated one is skipped with a warning naming it.
    MessageLog log2;
    const TimeLayer t2 = TimeLayer::fromFiles(
        {(dir / "deepstatemap_data_20240715.geojson").string(), (dir / "latest.geojson").string()}, log2);
    EXPECT_EQ(t2.snapshotDays(), (std::vector<int32_t>{day(2024, 7, 15)}));
    ASSERT_EQ(log2.count(Severity::Warning), 1u);
    EXPECT_EQ(log2.snapshot().front().subject, (dir / "latest.geojson").string());

    MessageLog log3;
    EXPECT_THROW(TimeLayer::fromFiles({(dir / "latest.geojson").string()}, log3), Error);
    std::filesystem::remove_all(dir);
}

TEST(TimeLayerFromFiles, DatedFilesOfOneKindGroupTheRestStay) {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("fm_time_groups_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "sub");
    const std::string a = (dir / "areas_20240708.geojson").string(), b = (dir / "areas_2024-07-15.geojson").string();
    const std::string c = (dir / "events_20240708.csv").string(), plain = (dir / "countries.geojson").string();
    const std::string folder = (dir / "sub").string(), text = (dir / "notes_20240708.txt").string();
    for (const std::string& f : {a, b, c, plain, text}) writeFile(f, "{}");
    std::vector<std::string> paths = {plain, a, c, folder, b, text};
    const auto groups = takeDatedFileGroups(paths);
    ASSERT_EQ(groups.size(), 1u) << "one .csv alone is no group; a folder and a .txt are never in one";
    EXPECT_EQ(groups[0], (std::vector<std::string>{a, b}));
    EXPECT_EQ(paths, (std::vector<std::string>{plain, c, folder, text}));

    std::vector<std::string> single = {a};
    EXPECT_TRUE(takeDatedFileGroups(single).empty());
    EXPECT_EQ(single.size(), 1u);

    EXPECT_TRUE(holdsDatedFiles(dir.string()));
    EXPECT_FALSE(holdsDatedFiles(folder)) << "empty folder";
    writeFile(dir / "sub" / "latest.geojson", "{}");
    EXPECT_FALSE(holdsDatedFiles(folder)) << "no date in the name";
    std::filesystem::remove_all(dir);
}

TEST(TimeLayerFromFiles, VectorFilesInAFolderSortedWithoutSidecarsOrSubfolders) {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("fm_folder_files_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir / "nested.gpkg");  // a folder named like a file is no file
    for (const char* f : {"kursk.fgb", "areas.GPKG", "events.csv", "events.csvt", "readme.txt", "b.geojson", "x.qmd"})
        writeFile(dir / f, "{}");
    const std::vector<std::string> files = vectorFilesIn(dir.string());
    EXPECT_EQ(files, (std::vector<std::string>{(dir / "areas.GPKG").string(), (dir / "b.geojson").string(),
                                               (dir / "events.csv").string(), (dir / "kursk.fgb").string()}));
    EXPECT_TRUE(vectorFilesIn((dir / "missing").string()).empty());
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace fm
