// Tests for the time-layer edits the Layers panel makes in src/render/map_scene: assigning a category to another side
// (the side table the user can change) and putting a layer re-read with other date / category fields in place. Both
// must drop what was derived from the old state (front lines, change, mesh) and bump the version that makes the
// viewer recompute event distances and ignore jobs started before. Plain data: no GL context is needed.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/message_log.h"
#include "render/map_scene.h"

namespace fm {
namespace {

// Two snapshots of two squares, with two candidate category fields ("category" and "status") and two date fields.
LayerDataPtr areas() {
    auto d = std::make_shared<LayerData>();
    d->source = "scene_fixture.gpkg";
    d->layerName = "areas";
    d->fieldNames = {"snapshot_date", "published", "category", "status"};
    d->lonlat.kind = GeomKind::Polygon;
    const std::vector<std::vector<std::string>> rows = {{"2024-09-01", "2024-09-03", "occupied", "held"},
                                                        {"2024-09-01", "2024-09-03", "zone_a", "disputed"},
                                                        {"2024-10-01", "2024-10-02", "occupied", "held"}};
    for (size_t i = 0; i < rows.size(); ++i) {
        const double x = 36.0 + static_cast<double>(i);
        for (auto [px, py] : {std::pair{x, 48.0}, {x + 0.5, 48.0}, {x + 0.5, 48.5}, {x, 48.5}, {x, 48.0}}) d->lonlat.addVertex(px, py);
        d->lonlat.endPart();
        d->lonlat.endFeature(static_cast<uint32_t>(i));
        for (const std::string& v : rows[i]) d->values.push_back(v);
    }
    d->extent = d->lonlat.bounds();
    return d;
}

std::shared_ptr<TimeLayer> read(const LayerDataPtr& d, const std::string& date, const std::string& category, MessageLog& log) {
    TimeFieldSpec spec;
    spec.dateField = date;
    spec.categoryField = category;
    return std::make_shared<TimeLayer>(d, spec, log);
}

TEST(SceneTimeLayer, ChangingACategorysSideRecoloursItAndDropsWhatWasDerivedFromTheOldSides) {
    MessageLog log;
    MapScene scene;
    const int id = scene.addTimeLayer("areas", read(areas(), "snapshot_date", "category", log));
    SceneTimeLayer& l = *scene.findTimeLayer(id);
    EXPECT_EQ(sideOf(l.sides, "zone_a"), "Other");
    l.frontLines[daysFromCivil(2024, 9, 1)] = std::make_shared<LayerMesh>();
    l.changeGained = std::make_shared<LayerMesh>();
    l.categoryStyle["zone_a"].visible = false;
    const uint64_t before = l.version;

    setCategorySide(l, "zone_a", "Russia");
    EXPECT_EQ(sideOf(l.sides, "zone_a"), "Russia");
    EXPECT_EQ(sideOf(l.sides, "ZONE_A"), "Russia") << "the table is case-insensitive";
    EXPECT_GT(l.version, before);
    EXPECT_TRUE(l.frontLines.empty());
    EXPECT_FALSE(l.changeGained);
    EXPECT_EQ(l.categoryStyle["zone_a"].fill.r, defaultCategoryStyle("zone_a", "Russia").fill.r) << "the colour follows the side";
    EXPECT_FALSE(l.categoryStyle["zone_a"].visible) << "whether it is shown is the user's and stays";

    // Setting the side it already has changes nothing, so nothing is recomputed.
    const uint64_t now = l.version;
    setCategorySide(l, "zone_a", "Russia");
    EXPECT_EQ(l.version, now);
    // The grey zone is hatched by default.
    setCategorySide(l, "zone_a", "Grey zone");
    EXPECT_TRUE(l.categoryStyle["zone_a"].hatch);
}

TEST(SceneTimeLayer, ReReadingWithOtherFieldsReplacesCategoriesAndDatesAndDropsTheMesh) {
    MessageLog log;
    MapScene scene;
    auto data = areas();
    const int id = scene.addTimeLayer("areas", read(data, "snapshot_date", "category", log));
    SceneTimeLayer& l = *scene.findTimeLayer(id);
    l.mesh = std::make_shared<LayerMesh>();
    l.meshProjection = "EPSG:3857";
    l.classOfFeature = {1, 2, 3};
    l.frontLines[daysFromCivil(2024, 9, 1)] = std::make_shared<LayerMesh>();
    l.categoryStyle["occupied"].visible = false;
    const uint64_t before = l.version;

    // Another date field: the same categories keep the user's styles.
    replaceTimeLayerData(l, read(data, "published", "category", log));
    EXPECT_EQ(l.time->spec().dateField, "published");
    EXPECT_EQ(l.time->snapshotDays(), (std::vector<int32_t>{daysFromCivil(2024, 9, 3), daysFromCivil(2024, 10, 2)}));
    EXPECT_FALSE(l.categoryStyle["occupied"].visible);
    // Another category field: its values are the categories now.
    replaceTimeLayerData(l, read(data, "published", "status", log));
    ASSERT_EQ(l.categoryStyle.size(), 2u);
    EXPECT_TRUE(l.categoryStyle.count("held") && l.categoryStyle.count("disputed"));
    EXPECT_FALSE(l.mesh);
    EXPECT_TRUE(l.meshProjection.empty());
    EXPECT_TRUE(l.classOfFeature.empty());
    EXPECT_TRUE(l.frontLines.empty());
    EXPECT_EQ(l.shownDay, kNoDay);
    EXPECT_GT(l.version, before);
}

}  // namespace
}  // namespace fm
