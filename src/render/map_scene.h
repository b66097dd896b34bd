// Everything the map shows, in draw order, for one projection: base layers and user layers with their styles
// and projected meshes, plus the places used for labels. The window and the snapshot exporter both draw a
// MapScene through MapRenderer, so what is exported is what is seen. A MapScene belongs to one thread (the GL
// thread); mesh building runs elsewhere through buildLayerMesh() on immutable inputs.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "geo/camera.h"
#include "geo/area_change.h"
#include "geo/event_mesh.h"
#include "model/filter_spec.h"
#include "sources/event_reader.h"
#include "geo/label_placer.h"
#include "geo/mesh_builder.h"
#include "model/layer_style.h"
#include "render/font_atlas.h"
#include "render/map_renderer.h"
#include "sources/basemap.h"
#include "sources/layer_data.h"
#include "model/view_state.h"
#include "sources/projection.h"
#include "sources/time_layer.h"

class OGRGeometry;

namespace fm {

enum class LayerRole { Land, Countries, Lakes, Rivers, Borders, Disputed, Graticule, User };

const char* layerRoleName(LayerRole r);

struct SceneLayer {
    int id = 0;
    LayerRole role = LayerRole::User;
    std::string title;
    LayerDataPtr data;
    LayerStyle style;
    LayerMeshPtr mesh;           // for `meshProjection`; may lag behind while a job rebuilds it
    std::string meshProjection;  // definition the mesh was built for
    size_t featuresClipped = 0, featuresOutside = 0, featuresFailed = 0;
};

// Projected places for labels, ordered by importance.
struct ProjectedPlaces {
    std::string projection;
    std::vector<LabelCandidate> candidates;
    std::vector<uint8_t> isCapital;
};

// Default cartography for each base role.
LayerStyle defaultStyle(LayerRole role);
// A style for a user layer of this geometry kind; `index` varies the colour.
LayerStyle defaultUserStyle(GeomKind kind, int index);

// Fill class of each feature of `data` under `style.fillRules` (0 = default fill).
std::vector<int> fillClasses(const LayerData& data, const LayerStyle& style);

struct MeshResult {
    LayerMeshPtr mesh;
    size_t clipped = 0, outside = 0, failed = 0;
};
// Clips, projects and builds the mesh of one layer. Thread-safe (own Transformer per call).
MeshResult buildSceneMesh(const LayerData& data, const LayerStyle& style, const Projection& projection,
                          const ProjectOptions& options, Job* job = nullptr);
ProjectedPlaces projectPlaces(const PlaceSet& places, const Projection& projection, const ProjectOptions& options);

// An event layer: the events, their CPU index, their projected mesh and what the current filter makes of them.
struct SceneEventLayer {
    int id = 0;
    std::string title;
    std::shared_ptr<const EventLayerData> data;
    std::shared_ptr<const EventIndex> index;
    EventMeshPtr mesh;
    std::string meshProjection;
    bool visible = true;
    float pointRadius = 5.f;
    float opacity = 1.f;
    // Derived from the FilterSpec (recomputed when its version changes).
    uint64_t filterVersion = UINT64_MAX;
    EventFilter filter;
    std::vector<uint8_t> setOn;
    EventCounts counts;
    // Signed km to the front line (see geo/event_front_distance.h), from time layer `frontLayerId`.
    std::vector<float> frontDistance;
    int frontLayerId = 0;
    uint64_t frontLayerVersion = 0;  // the time layer's `version` the distances were computed for
    uint64_t frontVersion = 0;
    // A database layer holds only what the view needs: the whole source's day range, for the timeline
    // (kNoDay: take it from the events held).
    int32_t sourceDayFirst = kNoDay, sourceDayLast = kNoDay;
    // Aggregation when zoomed out.
    std::shared_ptr<EventMesh> clusters;
    std::string clusterKey;
    bool clustered = false;
};

enum class AggregateMode { Auto, Always, Never };

// How one category of a time-versioned layer is drawn.
struct CategoryStyle {
    Color fill;
    bool hatch = false;  // grey zones read without colour
    bool visible = true;
};
CategoryStyle defaultCategoryStyle(const std::string& category, const std::string& side);

// A time-versioned polygon layer (areas of control by date). All snapshots are projected into one mesh whose fill
// classes are (snapshot, category) groups, so switching the date only switches which classes are drawn.
struct SceneTimeLayer {
    int id = 0;
    std::string title;
    std::shared_ptr<const TimeLayer> time;
    SideTable sides = defaultSideTable();
    // Bumped whenever `time` or `sides` change (Layers panel), so front lines and event distances computed for the
    // old ones are recomputed, and results of jobs started before are dropped.
    uint64_t version = 0;
    std::map<std::string, CategoryStyle> categoryStyle;
    std::vector<int> classOfFeature;         // fill class of each feature (1-based)
    std::vector<std::string> classCategory;  // category of each class (index 0 unused)
    LayerMeshPtr mesh;
    std::string meshProjection;
    bool visible = true;
    float opacity = 1.f;
    bool showFrontLine = true;
    Color frontColor = Color::rgb(0x7f, 0x00, 0x00);
    float frontWidth = 2.4f;
    // What is shown now.
    int32_t shownDay = kNoDay;
    int32_t shownSnapshot = kNoDay;
    std::vector<uint8_t> classOn;
    // Front lines by snapshot day, for meshProjection.
    std::map<int32_t, LayerMeshPtr> frontLines;
    // The change between two dates (Change panel): ground Russia's side gained and lost, projected.
    LayerMeshPtr changeGained, changeLost;
    std::string changeProjection;
    bool showChange = true;
};

// Puts a re-read TimeLayer (other date or category fields) in place: new category styles, and every derived product
// (mesh, front lines, change, event distances) to be rebuilt.
void replaceTimeLayerData(SceneTimeLayer& layer, std::shared_ptr<const TimeLayer> time);
// Assigns `category` to `side` (Russia, Ukraine, Grey zone, Other); front lines, the change and event distances of
// the layer are recomputed, and the category's colour follows its new side.
void setCategorySide(SceneTimeLayer& layer, const std::string& category, const std::string& side);

// Builds the projected mesh of a time layer's front line at one snapshot (thread-safe; GEOS inside). `skipped`, when
// given, receives how many invalid polygons were left out (too large to repair in bounded time, or beyond repair).
LayerMeshPtr buildFrontLineMesh(const SceneTimeLayer& layer, int32_t snapshotDay, const OGRGeometry* ukraineOutline,
                                const OGRGeometry* russiaOutline, const Projection& projection, const ProjectOptions& options,
                                size_t* skipped = nullptr);
// Projects all snapshots of a time layer into one mesh; fills classOfFeature/classCategory.
MeshResult buildTimeLayerMesh(SceneTimeLayer& layer, const Projection& projection, const ProjectOptions& options, Job* job = nullptr);

class MapScene {
public:
    std::vector<SceneLayer> layers;  // bottom to top
    std::shared_ptr<const PlaceSet> places;
    std::shared_ptr<const ProjectedPlaces> projectedPlaces;
    LayerMeshPtr sphere;  // the projection's window, filled as ocean
    std::string sphereProjection;
    bool showLabels = true;
    bool showGraticule = true;
    Color oceanColor = Color::rgb(0xb4, 0xd0, 0xe2);
    Color outsideColor = Color::rgb(0xd9, 0xd9, 0xd4);
    Color labelColor = Color::rgb(0x22, 0x22, 0x22);
    Color labelHalo = Color::rgb(0xff, 0xff, 0xff, 0.92f);
    Color placeDotColor = Color::rgb(0x33, 0x33, 0x33);

    std::vector<SceneEventLayer> eventLayers;
    std::vector<SceneTimeLayer> timeLayers;
    // Ukraine's de jure outline (from the base map), to tell front from border; may be null.
    std::shared_ptr<OGRGeometry> ukraineOutline;
    std::shared_ptr<OGRGeometry> russiaOutline;
    // Asked for a front line that is not built yet: (layer id, snapshot day). The viewer computes it on a worker;
    // without a callback, draw() computes it on the spot.
    std::function<void(int, int32_t)> requestFrontLine;
    FilterSpec filter;
    AggregateMode aggregate = AggregateMode::Auto;
    // Boxes of the whole image (pixels, y down) that place labels keep out of: an export's title, legend, scale bar.
    std::vector<BBox> labelObstacles;
    int selectedEventLayer = 0;  // layer id, 0 = none
    int selectedEvent = -1;

    int addLayer(LayerRole role, std::string title, LayerDataPtr data, LayerStyle style);
    int addEventLayer(std::string title, std::shared_ptr<const EventLayerData> data, std::shared_ptr<const EventIndex> index);
    int addTimeLayer(std::string title, std::shared_ptr<const TimeLayer> time);
    SceneTimeLayer* findTimeLayer(int id);
    void removeTimeLayer(int id);
    // The day time-versioned layers show: the end of the filter's date range, or the latest data.
    int32_t timeDay() const { return timeDayOverride != kNoDay ? timeDayOverride : filter.dayTo; }
    int32_t timeDayOverride = kNoDay;  // `--date`: time layers as of this day, whatever the event filter says
    SceneEventLayer* findEventLayer(int id);
    void removeEventLayer(int id);
    // Recomputes each event layer's filter products if the FilterSpec changed. Cheap (index counts), except with
    // the front-line filter on, which counts by walking the events.
    void updateEventFilters();
    // Whether event `i` of `layer` passes every filter, front line included.
    bool eventShown(const SceneEventLayer& layer, size_t i) const;
    // Day range covered by all event layers (false when there are none).
    bool eventDayRange(int32_t& first, int32_t& last) const;
    // The nearest event passing the filter within `radiusPx` of a screen point: (layer id, event index).
    std::pair<int, int> pickEvent(const Camera& camera, double sx, double sy, double radiusPx) const;
    SceneLayer* find(int id);
    void remove(int id);
    // Moves layer `id` up (+1) or down (-1) in the draw order.
    void move(int id, int delta);
    BBox userLayersLonLatExtent() const;

    // Builds every missing mesh synchronously for `projection` (headless exports, tests).
    void buildAll(const Projection& projection, const ProjectOptions& options);

    // Draws the scene. `font` may be null (no labels). Labels are placed anew when the camera changed.
    void draw(MapRenderer& renderer, const FrameSettings& frame, const FontAtlas* font, const std::string& projection);

    size_t labelCount() const { return m_labelCount; }
    // Bytes of the projected meshes held on the CPU (every level of detail, event meshes and clusters, time layers'
    // fronts and change), for the viewer's --log-memory.
    size_t meshBytes() const;

private:
    void buildLabels(const FrameSettings& frame, const FontAtlas& font);
    void drawEventLayers(MapRenderer& renderer, const FrameSettings& frame, const FontAtlas* font, const std::string& projection);
    void drawTimeLayers(MapRenderer& renderer, const std::string& projection);
    void buildClusters(SceneEventLayer& layer, const FrameSettings& frame);
    std::vector<TextVertex> m_textVertices;
    std::shared_ptr<LayerMesh> m_dotMesh;
    std::string m_labelKey;
    size_t m_labelCount = 0;
    int m_nextId = 1;
};

}  // namespace fm

namespace fm {

// Adds the base map's layers to `scene` in cartographic order (land, countries, lakes, rivers, borders,
// disputed boundaries, graticule) and hands it the places for labels.
void addBaseLayers(MapScene& scene, const BaseMap& base, CrimeaView crimea);
// Switches the countries layer between the de jure and de facto versions (its mesh must then be rebuilt).
void setCrimeaView(MapScene& scene, const BaseMap& base, CrimeaView crimea);
// Projected box around a lon/lat box (edges densified), for framing a view.
BBox projectLonLatBox(const BBox& lonlat, const Projection& projection);

}  // namespace fm
