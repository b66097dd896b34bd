#include "app/viewer.h"

#include <glad/gl.h>
// glad before GLFW so GLFW does not include a system GL header.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <geodesic.h>
#include <proj.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>

#include <cpl_error.h>
#include <gdal_priv.h>
#include <malloc.h>

#include "app/gl_context.h"
#include "core/error.h"
#include "core/job.h"
#include "core/message_log.h"
#include "model/view_state.h"
#include "render/font_atlas.h"
#include "render/map_renderer.h"
#include "render/map_scene.h"
#include "sources/basemap.h"
#include "geo/area_change.h"
#include "geo/event_front_distance.h"
#include "geo/front_line.h"
#include "sources/article_ingest.h"
#include "sources/article_reader.h"
#include "core/secrets.h"
#include "sources/event_reader.h"
#include "sources/live_query.h"
#include "sources/pg_source.h"
#include "sources/time_layer.h"
#include "sources/vector_reader.h"
#include "app/export_framing.h"
#include "app/scene_setup.h"
#include "core/date.h"
#include "export/event_export.h"
#include "export/snapshot.h"
#include "model/session_file.h"
#include "model/view_file.h"
#include "ui/change_panel.h"
#include "ui/export_panel.h"
#include "ui/event_filter_panel.h"
#include "ui/event_mapping_dialog.h"
#include "ui/file_dialog.h"
#include "ui/inspector_panel.h"
#include "ui/jobs_panel.h"
#include "ui/layers_panel.h"
#include "ui/panel_layout.h"
#include "ui/messages_panel.h"
#include "ui/projection_panel.h"
#include "ui/table_picker.h"
#include "ui/status_bar.h"
#include "ui/timeline_panel.h"

namespace fm {

namespace {

using Clock = std::chrono::steady_clock;

// How a source is named in titles and messages: a file's name; a connection string without its password.
std::string displayName(const std::string& path) {
    if (isPgSource(path)) return stripPassword(path);
    return std::filesystem::path(path).filename().string();
}

// A mesh projected by a fetch job for one answer, so a new answer replaces the old one in a single frame.
template <class Data, class Mesh>
struct ProjectedAnswer {
    std::weak_ptr<const Data> data;
    Mesh mesh;
    std::string projection;
};
// Newest first, at most 8. A mesh whose answer is gone (dropped from the query cache and no longer shown) can never
// be found again: it is let go at once rather than held until 8 newer ones pushed it out.
template <class Data, class Mesh>
void rememberProjected(std::vector<ProjectedAnswer<Data, Mesh>>& list, std::shared_ptr<const Data> data, Mesh mesh,
                       const std::string& projection) {
    list.erase(std::remove_if(list.begin(), list.end(), [](const auto& p) { return p.data.expired(); }), list.end());
    list.insert(list.begin(), {data, std::move(mesh), projection});
    if (list.size() > 8) list.pop_back();
}
template <class Data, class Mesh>
const ProjectedAnswer<Data, Mesh>* findProjected(const std::vector<ProjectedAnswer<Data, Mesh>>& list,
                                                 const std::shared_ptr<const Data>& data, const std::string& projection) {
    for (const auto& p : list)
        if (p.data.lock() == data && p.projection == projection) return &p;
    return nullptr;
}

// One frame of a database layer's fetch state: a cached answer is shown at once (`show`); true when a fetch is to
// start (`step` says which; the request it makes stale is cancelled).
template <class Live, class Show>
bool fetchToStart(Live& live, const SourceQuery& view, std::chrono::steady_clock::time_point now, LiveQuery::Step& step,
                  Show show) {
    step = live.state.step(view, now);
    if (step.action == LiveQuery::Action::ShowCached) show(*step.cached);
    if (step.action != LiveQuery::Action::Fetch) return false;
    if (step.cancelPrevious && live.job) live.job->cancel();
    return true;
}

// Database layers whose scene layer the user removed stop fetching.
template <class Live, class Gone>
void dropRemoved(std::vector<std::shared_ptr<Live>>& lives, Gone sceneLayerGone) {
    lives.erase(std::remove_if(lives.begin(), lives.end(),
                               [&](const std::shared_ptr<Live>& l) {
                                   const bool gone = l->layerId != 0 && sceneLayerGone(l->layerId);
                                   if (gone && l->job) l->job->cancel();
                                   return gone;
                               }),
                lives.end());
}

// An event layer served by a database: re-queried in the background when the view, the dates or the actors
// change (see sources/live_query.h).
struct LiveEventLayer {
    std::string source;  // as given (it may carry a password: never shown)
    std::string title;
    EventReadOptions options;
    int layerId = 0;  // scene layer; 0 until the first answer
    int32_t dayFirst = kNoDay, dayLast = kNoDay;
    int64_t rows = 0;  // in the whole table
    LiveQuery state;
    JobPtr job;
    bool reportedRows = false;
    std::vector<ProjectedAnswer<EventLayerData, EventMeshPtr>> meshes;  // projected by the fetch jobs
};

// A database table of areas or lines: fetched by the visible extent (plus a margin) in the background as the view
// moves, with the same cache, cancelling and retries as events; read whole once the view holds all of it.
struct LiveVectorLayer {
    std::string source;  // as given (it may carry a password: never shown)
    std::string title;
    BBox tableExtent;    // lon/lat, as the server estimates it; empty when unknown
    int layerId = 0;     // scene layer; 0 until the first answer with features
    std::optional<GeomKind> kind;  // of the first answer with features (a mixed table shows that kind)
    LiveQuery state;
    JobPtr job;
    struct Projected {
        LayerMeshPtr mesh;
        size_t clipped = 0, outside = 0, failed = 0;
    };
    std::vector<ProjectedAnswer<LayerData, Projected>> meshes;
};

// A connection without tables= that names several tables: the user picks which to open.
struct TableChoice {
    std::string connection;
    std::vector<std::string> tables;
};

bool parseExtent(const std::string& s, BBox& out) {
    double a, b, c, d;
    if (std::sscanf(s.c_str(), "%lf,%lf,%lf,%lf", &a, &b, &c, &d) != 4) return false;
    if (!(a < c && b < d) || !isValidLonLat(a, b) || !isValidLonLat(c, d)) return false;
    out = BBox::of(a, b, c, d);
    return true;
}

class Viewer {
public:
    explicit Viewer(const ViewerOptions& o) : m_opt(o) {}
    ~Viewer();
    int run();

private:
    void initWindow();
    static int windowSamples();
    void initImGui();
    void startBaseMapLoad();
    // `interactive`: chosen in the Open dialog or dropped, so point files go through the column-mapping dialog.
    void openSource(const std::string& path, bool interactive = false);
    void openVector(const std::string& path);
    void openTimeFiles(const std::vector<std::string>& paths, bool interactive);
    void retimeLayer(int id, const TimeFieldSpec& spec);
    void openEvents(const std::string& path, const EventReadOptions& options,
                    std::shared_ptr<const EventFieldMapping> mapping = nullptr);
    void openDatabase(const std::string& connection);
    void updateLiveLayers();
    void updateLiveVectorLayers(const BBox* visible, Clock::time_point now);
    bool liveOutcome(LiveQuery& state, const std::string& title, uint64_t ticket, const LiveQuery::Answer& answer,
                     const std::string& error);
    void showLiveAnswer(LiveEventLayer& live, const LiveQuery::Answer& answer);
    void logDatabaseLayer(const std::string& source, const char* kind, size_t features);
    void showLiveLayer(LiveVectorLayer& live, const LiveQuery::Answer& answer);
    bool visibleLonLat(BBox& out) const;
    void openArticles(const std::string& path);
    void applyPendingEventStyle(int id, const std::string& path);
    void addLoadedEventLayer(const std::string& title, std::shared_ptr<const EventLayerData> data,
                             std::shared_ptr<const EventIndex> index, const std::string& path);
    void requestFrontLine(int id, int32_t snapshot);
    void computeChange(int id, int32_t from, int32_t to);
    void handleExportRequest();
    void startImageExport();
    void requestStartExport();
    void advanceImageExport();
    bool sceneComplete() const;
    ViewFile openViewFile(const std::string& path);
    ViewFile currentView() const;
    void applyView(const ViewFile& v, const std::string& viewPath, bool exactCamera);
    const ViewLayer* pendingLayerStyle(const std::string& source, const std::string& layer) const;
    bool restoreSession();
    void saveSessionIfChanged(bool now);
    void updateFrontDistances();
    void requestMeshes();
    bool setProjection(const std::string& def, bool keepView);
    void resetView();
    void zoomToLonLat(const BBox& ll);
    void handleInput();
    void drawUi();
    void applyRequests();
    void logViewIfChanged();
    // Panels back at their default places (View > Reset panel layout, --reset-layout), saved to imgui.ini once
    // they have been placed (ImGui itself would save only after a later change).
    void resetPanelLayout() {
        requestPanelLayoutReset();
        m_saveIniAtFrame = ImGui::GetFrameCount() + 3;
    }
    int m_saveIniAtFrame = -1;
    void logPanelsIfChanged();  // --log-view: "panel NAME x=… y=… w=… h=…" when a panel moved (for scripted tests)
    void logMemoryIfDue();
    LonLat viewCenterLonLat() const;
    double metersPerPixelAt(double sx, double sy) const;

    static void onScroll(GLFWwindow* w, double dx, double dy);
    static void onDrop(GLFWwindow* w, int count, const char** paths);
    static void onKey(GLFWwindow* w, int key, int scancode, int action, int mods);
    static void onMouseButton(GLFWwindow* w, int button, int action, int mods);
    static void onCursor(GLFWwindow* w, double x, double y);
    static void onChar(GLFWwindow* w, unsigned int c);

    ViewerOptions m_opt;
    GLFWwindow* m_window = nullptr;
    bool m_imguiReady = false;
    std::unique_ptr<MapRenderer> m_renderer;
    FontAtlas m_font;
    MapScene m_scene;
    BaseMap m_base;
    bool m_baseLoaded = false;
    MessageLog m_log;
    std::unique_ptr<JobRunner> m_jobs;
    ViewState m_view;
    Projection m_projection;
    std::unique_ptr<Transformer> m_uiTransformer;  // cursor read-out on the UI thread
    Camera m_camera;
    bool m_viewInitialised = false;
    UiRequests m_req;
    ProjectionPanelState m_projPanel;
    TimelineState m_timeline;
    EventFilterPanelState m_eventPanel;
    ChangePanelState m_changePanel;
    ExportRequest m_export;
    bool m_showExport = false;
    // A map image being exported: its tiles are rendered a few per frame on this (the GL) thread, from a copy of
    // the scene taken when the export started; then a job encodes and writes it.
    struct ImageExport {
        MapScene scene;
        Decorations decorations;
        std::unique_ptr<TiledSnapshot> snapshot;
        GeoReference ref;
        std::string path;
        ImageFormat format = ImageFormat::Png;
        Clock::time_point started;
    };
    std::unique_ptr<ImageExport> m_imageExport;
    JobPtr m_imageWriteJob;
    JobPtr m_eventsJob;  // the filtered events being written
    // --export-on-start: exported once everything has loaded; --quit then ends the viewer.
    bool m_startExportPending = false, m_startExportRequested = false;
    int m_startViewWidth = 0, m_startViewHeight = 0;  // the size --view was saved at
    int m_exitStatus = 0;
    // A view opened while its layers load: its filter is applied once they have (a new event layer resets it).
    std::unique_ptr<FilterSpec> m_viewFilter;
    bool m_showChange = false;
    FileDialog m_fileDialog;
    EventMappingDialog m_mapping;
    std::deque<EventSourcePreview> m_mappingQueue;  // files waiting for the column-mapping dialog
    std::string m_loggedDialog;                     // --log-view: the dialog (file@button) last announced
    std::string m_loggedPanels;                     // --log-view: the panel places last announced
    bool m_showLayers = true, m_showMap = true, m_showMessages = false;
    size_t m_seenErrors = 0;
    // input
    bool m_dragging = false;
    struct KeyPress {
        int key, mods;
    };
    struct ButtonEvent {
        bool down;
        double x, y;  // window coordinates
    };
    std::vector<KeyPress> m_keys;
    std::vector<ButtonEvent> m_buttons;
    int m_dirty = 3;  // frames still to draw; any input or finished job sets it
    bool m_pressed = false;
    double m_pressX = 0, m_pressY = 0;
    std::pair<int, int> m_hover{0, -1};
    bool m_showInspector = false, m_showEvents = true, m_showTimeline = true;
    double m_lastX = 0, m_lastY = 0;
    double m_scrollAccum = 0;
    std::vector<std::string> m_dropped;
    // bookkeeping
    std::vector<std::pair<int, JobPtr>> m_meshJobs;  // layer id → job building its mesh
    std::set<std::pair<int, int32_t>> m_frontPending;  // front lines being built: (layer id, snapshot day)
    std::set<int> m_frontJobs;                          // event layers whose front distances are being computed
    int m_loadJobs = 0;
    std::vector<std::shared_ptr<LiveEventLayer>> m_live;
    std::vector<std::shared_ptr<LiveVectorLayer>> m_liveLayers;
    ShownActors m_liveActors;  // what the database event layers were last asked for
    TablePicker m_tablePicker;
    std::deque<TableChoice> m_tableChoices;  // connections waiting for the table picker
    std::string m_lastViewLog;
    Clock::time_point m_start = Clock::now();
    Clock::time_point m_lastDraw = Clock::now();
    bool m_firstCompleteFrameLogged = false;
    Clock::time_point m_lastMemoryLog{};
    std::vector<double> m_frameMs;
    std::vector<double> m_panMs;  // --bench-pan: the timed frames
    bool m_quit = false;
    // session (model/session_file.h)
    std::string m_sessionPath;
    std::string m_lastSessionJson;  // what was last written
    Clock::time_point m_lastSessionCheck = Clock::now();
    bool m_sessionBroken = false;  // writing failed once: said so, not tried again
    std::future<void> m_sessionWrite;  // the write in flight: off the UI thread, since it waits for the disk
    bool m_keepFilterForEvents = false;  // a view or session set the filter: the first event layer keeps it
    // Styles from a view or session for layers still opening, by "source\nlayer name".
    std::map<std::string, ViewLayer> m_pendingStyles;
};

Viewer::~Viewer() {
    m_imageExport.reset();  // its render target is a GL object: deleted while the context still exists
    m_jobs.reset();  // join workers before anything they reference goes away
    m_renderer.reset();
    if (m_imguiReady) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    if (m_window) glfwDestroyWindow(m_window);
    glfwTerminate();
}

int Viewer::windowSamples() {
    if (const char* env = std::getenv("FRONTMAP_MSAA")) return std::atoi(env);
    // Mesa's software rasterisers announce themselves through these variables when forced; otherwise guess from
    // the absence of a GPU device node.
    if (const char* sw = std::getenv("LIBGL_ALWAYS_SOFTWARE"); sw && *sw && std::strcmp(sw, "0") != 0) return 0;
    std::error_code ec;
    return std::filesystem::exists("/dev/dri", ec) ? 4 : 0;
}

void Viewer::initWindow() {
    glfwSetErrorCallback([](int code, const char* msg) { std::fprintf(stderr, "frontmap: GLFW error %d: %s\n", code, msg); });
    if (!glfwInit())
        throw Error("display", "cannot open a window (no display?). Set DISPLAY, or use `frontmap snapshot` for headless images");
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    // Multisampling on a software renderer (llvmpipe) multiplies every frame's cost; lines, points and labels are
    // antialiased in their shaders anyway. FRONTMAP_MSAA=0/4 overrides.
    glfwWindowHint(GLFW_SAMPLES, windowSamples());
    glfwWindowHint(GLFW_STENCIL_BITS, 8);
    m_window = glfwCreateWindow(m_opt.width, m_opt.height, "frontmap", nullptr, nullptr);
    if (!m_window) throw Error("display", "cannot create a window with an OpenGL 3.3 core context");
    glfwMakeContextCurrent(m_window);
    glfwSwapInterval(1);
    loadGl(reinterpret_cast<void* (*)(const char*)>(glfwGetProcAddress));
    glfwSetWindowUserPointer(m_window, this);
    glfwSetDropCallback(m_window, onDrop);
}

void Viewer::initImGui() {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    // Panel places: $XDG_CONFIG_HOME/frontmap/imgui.ini, else ~/.config/frontmap/imgui.ini (the XDG rules: a
    // relative XDG_CONFIG_HOME is ignored). Tests set XDG_CONFIG_HOME to the build tree.
    static std::string iniPath;
    std::string configDir;
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && xdg[0] == '/')
        configDir = std::string(xdg) + "/frontmap";
    else if (const char* home = std::getenv("HOME"); home && home[0])
        configDir = std::string(home) + "/.config/frontmap";
    io.IniFilename = nullptr;
    if (!configDir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(configDir, ec);
        iniPath = configDir + "/imgui.ini";
        if (!ec) io.IniFilename = iniPath.c_str();
    }
    if (m_opt.resetLayout) resetPanelLayout();
    ImGui::StyleColorsDark();
    ImGui::GetStyle().WindowRounding = 4.f;
    ImGui::GetStyle().Colors[ImGuiCol_WindowBg].w = 0.92f;
    try {
        // The UI font shows Cyrillic too (place names, Ukrainian and Russian attributes).
        static const ImWchar ranges[] = {
            0x0020, 0x024F,  // Latin, Latin-1, Latin Extended-A/B
            0x0300, 0x036F,  // combining marks
            0x0400, 0x052F,  // Cyrillic and its supplement
            0x2000, 0x206F,  // general punctuation: … – — ′ ″
            0x2190, 0x21FF,  // arrows
            0x2116, 0x2116,  // №
            0,
        };
        io.Fonts->AddFontFromFileTTF(findMapFont().c_str(), 15.f, nullptr, ranges);
    } catch (const Error&) {
        io.Fonts->AddFontDefault();
    }
    ImGui_ImplGlfw_InitForOpenGL(m_window, true);
    ImGui_ImplOpenGL3_Init("#version 330 core");
    m_imguiReady = true;
    // Our callbacks run after ImGui's (installed above), which it chains.
    glfwSetScrollCallback(m_window, onScroll);
    glfwSetKeyCallback(m_window, onKey);
    glfwSetMouseButtonCallback(m_window, onMouseButton);
    glfwSetCursorPosCallback(m_window, onCursor);
    glfwSetCharCallback(m_window, onChar);
    glfwSetWindowRefreshCallback(m_window, [](GLFWwindow* w) { static_cast<Viewer*>(glfwGetWindowUserPointer(w))->m_dirty = 3; });
}

void Viewer::onScroll(GLFWwindow* w, double dx, double dy) {
    ImGui_ImplGlfw_ScrollCallback(w, dx, dy);
    auto* v = static_cast<Viewer*>(glfwGetWindowUserPointer(w));
    v->m_dirty = 3;
    if (!ImGui::GetIO().WantCaptureMouse) v->m_scrollAccum += dy;
}

// Input arrives through callbacks and is queued: a frame can take a long time on a software renderer, and a key
// tap or a click shorter than a frame must not be lost. Any input also asks for a redraw.
void Viewer::onKey(GLFWwindow* w, int key, int scancode, int action, int mods) {
    ImGui_ImplGlfw_KeyCallback(w, key, scancode, action, mods);
    auto* v = static_cast<Viewer*>(glfwGetWindowUserPointer(w));
    if (action == GLFW_PRESS || action == GLFW_REPEAT) v->m_keys.push_back({key, mods});
    v->m_dirty = 3;
}

void Viewer::onMouseButton(GLFWwindow* w, int button, int action, int mods) {
    ImGui_ImplGlfw_MouseButtonCallback(w, button, action, mods);
    auto* v = static_cast<Viewer*>(glfwGetWindowUserPointer(w));
    if (button == GLFW_MOUSE_BUTTON_LEFT) {
        double x, y;
        glfwGetCursorPos(w, &x, &y);
        v->m_buttons.push_back({action == GLFW_PRESS, x, y});
    }
    v->m_dirty = 3;
}

void Viewer::onCursor(GLFWwindow* w, double, double) {
    // Dear ImGui 1.86's GLFW backend polls the cursor position itself; this only asks for a redraw.
    static_cast<Viewer*>(glfwGetWindowUserPointer(w))->m_dirty = 3;
}

void Viewer::onChar(GLFWwindow* w, unsigned int c) {
    ImGui_ImplGlfw_CharCallback(w, c);
    static_cast<Viewer*>(glfwGetWindowUserPointer(w))->m_dirty = 3;
}

void Viewer::onDrop(GLFWwindow* w, int count, const char** paths) {
    auto* v = static_cast<Viewer*>(glfwGetWindowUserPointer(w));
    for (int i = 0; i < count; ++i) v->m_dropped.emplace_back(paths[i]);
    v->m_dirty = 3;
}

void Viewer::startBaseMapLoad() {
    const std::string dir = findDataDir();
    ++m_loadJobs;
    auto result = std::make_shared<BaseMap>();
    m_jobs->submit(
        "Loading the base map",
        [this, dir, result](Job& job) {
            try {
                *result = loadBaseMap(dir, m_log, &job);
            } catch (const Cancelled&) {
                m_log.warning("base map", "loading cancelled");
            }
        },
        [this, result] {
            --m_loadJobs;
            m_base = *result;
            m_baseLoaded = true;
            if (m_base.countriesDeJure) {
                m_scene.ukraineOutline = ukrainePolygon(*m_base.countriesDeJure);
                m_scene.russiaOutline = russiaPolygon(*m_base.countriesDeJure);
            }
            for (auto& l : m_scene.timeLayers) l.frontLines.clear();  // now they can leave out the borders
            // Base layers go below anything the user opened meanwhile.
            MapScene base;
            addBaseLayers(base, m_base, m_view.crimea);
            for (auto& l : m_scene.layers) base.layers.push_back(std::move(l));
            std::swap(m_scene.layers, base.layers);
            // Fresh ids: the temporary scene numbered from 1 as well.
            int id = 1000000;
            for (auto& l : m_scene.layers)
                if (l.role != LayerRole::User) l.id = id++;
            m_scene.places = base.places;
            requestMeshes();
        });
}

void Viewer::openEvents(const std::string& path, const EventReadOptions& options,
                        std::shared_ptr<const EventFieldMapping> mapping) {
    ++m_loadJobs;
    struct Result {
        std::shared_ptr<EventLayerData> data;
        std::shared_ptr<EventIndex> index;
    };
    auto result = std::make_shared<Result>();
    const std::string name = displayName(path);
    m_jobs->submit(
        "Opening events " + name,
        [this, path, options, mapping, result](Job& job) {
            try {
                EventReadOptions o = options;
                o.mapping = mapping.get();  // kept alive by this lambda
                result->data = readEvents(path, o, defaultActorTable(), m_log, &job);
                job.setStatus("indexing");
                result->index = std::make_shared<EventIndex>();
                result->index->build(result->data->store);
            } catch (const Error& e) {
                m_log.error(e.subject(), e.reason());
                result->data.reset();
            } catch (const Cancelled&) {
                m_log.warning(path, "opening cancelled");
                result->data.reset();
            } catch (const std::exception& e) {
                m_log.error(path, std::string("unexpected failure: ") + e.what());
                result->data.reset();
            }
        },
        [this, path, result] {
            --m_loadJobs;
            if (!result->data || result->data->store.empty()) return;
            if (m_opt.logView) {
                std::printf("events file=%s loaded=%zu date_field=%s\n", result->data->title.c_str(),
                            result->data->store.size(), result->data->report.mapping.dateStart.c_str());
                std::fflush(stdout);
            }
            addLoadedEventLayer(result->data->title, result->data, result->index, path);
            requestMeshes();
        });
}

void Viewer::requestFrontLine(int id, int32_t snapshot) {
    const auto key = std::make_pair(id, snapshot);
    if (m_frontPending.count(key)) return;
    SceneTimeLayer* l = m_scene.findTimeLayer(id);
    if (!l) return;
    m_frontPending.insert(key);
    auto copy = std::make_shared<SceneTimeLayer>(*l);
    copy->frontLines.clear();
    auto outline = m_scene.ukraineOutline;
    auto russia = m_scene.russiaOutline;
    auto proj = m_projection;
    const std::string def = proj.definition();
    ProjectOptions opts;
    opts.marginDeg = m_view.marginDeg;
    auto result = std::make_shared<LayerMeshPtr>();
    auto skipped = std::make_shared<size_t>(0);
    m_jobs->submit(
        "Front line " + formatDay(snapshot),
        [copy, snapshot, outline, russia, proj, opts, result, skipped](Job&) {
            *result = buildFrontLineMesh(*copy, snapshot, outline.get(), russia.get(), proj, opts, skipped.get());
        },
        [this, key, def, version = l->version, result, skipped, title = l->title] {
            m_frontPending.erase(key);
            m_dirty = 3;
            // Said once per snapshot (front lines are cached), even when the answer is no longer wanted.
            if (*skipped > 0)
                m_log.warning(title, "front line of " + formatDay(key.second) + ": " + std::to_string(*skipped) +
                                         " invalid polygon(s) left out (too large to repair in bounded time, or beyond "
                                         "repair); the line may have gaps there");
            SceneTimeLayer* layer = m_scene.findTimeLayer(key.first);
            if (!layer || def != m_projection.definition() || layer->meshProjection != def || layer->version != version) return;
            layer->frontLines[key.second] = *result;
        });
}

void Viewer::updateFrontDistances() {
    if (m_scene.timeLayers.empty()) return;
    const SceneTimeLayer& t = m_scene.timeLayers.front();
    // Wait for the base map when it is coming: without Ukraine's outline, borders would count as front.
    if (!m_opt.noBasemap && !m_baseLoaded) return;
    for (auto& l : m_scene.eventLayers) {
        if ((l.frontLayerId == t.id && l.frontLayerVersion == t.version) || m_frontJobs.count(l.id)) continue;
        const int eventId = l.id, timeId = t.id;
        const uint64_t version = t.version;
        m_frontJobs.insert(eventId);
        auto data = l.data;
        auto time = t.time;
        auto sides = t.sides;
        auto outline = m_scene.ukraineOutline;
        auto russia = m_scene.russiaOutline;
        auto result = std::make_shared<std::vector<float>>();
        m_jobs->submit(
            "Distances to the front line",
            [data, time, sides, outline, russia, result](Job& job) {
                try {
                    *result = eventFrontDistances(data->store, *time, sides, outline.get(), russia.get(), &job);
                } catch (const Cancelled&) {
                    result->clear();
                }
            },
            [this, eventId, timeId, version, result] {
                m_frontJobs.erase(eventId);
                SceneEventLayer* layer = m_scene.findEventLayer(eventId);
                if (!layer || result->size() != layer->data->store.size()) return;
                layer->frontDistance = std::move(*result);
                layer->frontLayerId = timeId;
                layer->frontLayerVersion = version;
                ++layer->frontVersion;
                m_scene.filter.touch();  // counts under a front-line filter change
            });
    }
}

ViewFile Viewer::currentView() const {
    ViewFile v;
    v.projection = m_projection.definition();
    v.hasCamera = true;
    v.center = viewCenterLonLat();
    v.unitsPerPixel = m_camera.unitsPerPixel;
    v.width = m_camera.width;
    v.height = m_camera.height;
    // The visible box in lon/lat, for other image sizes.
    BBox ll;
    if (visibleLonLat(ll)) {
        v.hasExtent = true;
        v.extentLonLat = ll;
    }
    v.marginDeg = m_view.marginDeg;
    v.basemap = !m_opt.noBasemap;
    v.graticule = m_view.showGraticule;
    v.labels = m_view.showLabels;
    v.crimea = m_view.crimea;
    for (const auto& l : m_scene.layers) {
        if (l.role != LayerRole::User || !l.data) continue;
        ViewLayer vl;
        vl.source = l.data->source;
        vl.layer = l.data->layerName;
        vl.visible = l.style.visible;
        vl.style = l.style;
        v.layers.push_back(vl);
    }
    for (const auto& l : m_scene.timeLayers) {
        ViewLayer vl;
        vl.source = l.time->layer().source;
        vl.layer = l.time->layer().layerName;
        vl.visible = l.visible;
        v.layers.push_back(vl);
    }
    for (const auto& l : m_scene.eventLayers) {
        ViewLayer vl;
        vl.source = l.data->report.source;
        vl.kind = "events";
        vl.dateField = l.data->report.mapping.dateStart;  // the columns chosen in the mapping dialog reopen the same
        vl.actorFields = l.data->report.mapping.actors;
        vl.visible = l.visible;
        vl.pointRadius = l.pointRadius;
        vl.style.opacity = l.opacity;
        v.layers.push_back(vl);
    }
    v.hasFilter = true;
    v.filter = m_scene.filter;
    v.filter.playing = false;
    return v;
}

// Opens what a saved view or the session lists and shows it as it was. A source already open is not opened again;
// the styles wait in m_pendingStyles for the layers to arrive. `exactCamera` (the session): the same centre and
// scale; otherwise the saved window's view, all of it along the limiting axis of this window (as an export frames
// it), or the saved extent.
void Viewer::applyView(const ViewFile& v, const std::string& viewPath, bool exactCamera) {
    const bool projected = v.projection.empty() || normalizeCrsDefinition(v.projection) == m_projection.definition() ||
                           setProjection(v.projection, false);
    if (v.hasFilter) {
        m_scene.filter = v.filter;
        m_scene.filter.touch();
        m_keepFilterForEvents = true;
        // Applied again once the view's layers have loaded (a first event layer resets the timeline).
        m_viewFilter = std::make_unique<FilterSpec>(v.filter);
    }
    if (!v.date.empty()) {
        ParsedDate d;
        std::string why;
        if (parseDate(v.date, d, why)) m_scene.timeDayOverride = d.last;
    }
    if (m_view.crimea != v.crimea) m_req.crimeaChanged = true;
    m_view.crimea = v.crimea;
    if (v.marginDeg != m_view.marginDeg && v.marginDeg >= 0 && v.marginDeg <= 90) {
        m_view.marginDeg = v.marginDeg;
        m_req.marginChanged = true;
    }
    m_view.showGraticule = v.graticule;
    m_view.showLabels = v.labels;
    double x, y;
    const bool centre = projected && v.hasCamera && v.unitsPerPixel > 0 && m_uiTransformer &&
                        m_uiTransformer->forward(v.center.lon, v.center.lat, x, y);
    if (centre && exactCamera) {
        m_camera.center = {x, y};
        m_camera.unitsPerPixel = v.unitsPerPixel;
        m_viewInitialised = true;
    } else if (centre && v.width > 0 && v.height > 0) {
        Camera saved;
        saved.center = {x, y};
        saved.unitsPerPixel = v.unitsPerPixel;
        saved.width = v.width;
        saved.height = v.height;
        m_camera = scaleCameraToImage(saved, m_camera.width, m_camera.height);
        m_viewInitialised = true;
    } else if (v.hasExtent) {
        zoomToLonLat(v.extentLonLat);
    }
    std::set<std::string> opening;
    for (const ViewLayer& l : v.layers) {
        const std::string src = resolveViewSource(viewPath, l.source);
        m_pendingStyles[src + "\n" + l.layer] = l;
        bool open = !opening.insert(src).second;
        for (auto& e : m_scene.layers) open |= e.data && e.data->source == src;
        for (auto& e : m_scene.eventLayers) open |= e.data->report.source == src;
        for (auto& e : m_scene.timeLayers) open |= e.time->layer().source == src;
        if (!open) openSource(src);
    }
    m_dirty = 3;
}

ViewFile Viewer::openViewFile(const std::string& path) {
    ViewFile v = readViewFile(path);  // throws before anything changes
    applyView(v, path, false);
    return v;
}

// --export-on-start: fills in the Export panel as the options say and presses its Export button.
void Viewer::requestStartExport() {
    ExportRequest& x = m_export;
    x.imagePath = m_opt.exportOnStart;
    x.width = m_opt.exportWidth > 0 ? m_opt.exportWidth : m_startViewWidth > 0 ? m_startViewWidth : 1920;
    x.height = m_opt.exportHeight > 0 ? m_opt.exportHeight : m_startViewHeight > 0 ? m_startViewHeight : 1080;
    x.preset = findExportSizePreset(x.width, x.height);
    x.title = m_opt.exportTitle;
    x.legend = m_opt.exportLegend;
    x.dateStamp = m_opt.exportStamp;
    x.scaleBar = m_opt.exportScaleBar;
    x.attribution = true;
    x.autoPixelRatio = !(m_opt.exportPixelRatio > 0);
    if (!x.autoPixelRatio) x.pixelRatio = m_opt.exportPixelRatio;
    x.ready = true;
    m_showExport = true;
    m_dirty = 3;
}

bool Viewer::sceneComplete() const {
    if (m_loadJobs > 0 || !m_meshJobs.empty() || !m_frontPending.empty() || !m_frontJobs.empty()) return false;
    if (!m_opt.noBasemap && !m_baseLoaded) return false;
    const std::string def = m_projection.definition();
    for (const auto& l : m_scene.layers)
        if (l.data && (!l.mesh || l.meshProjection != def)) return false;
    for (const auto& l : m_scene.eventLayers)
        if (!l.mesh || l.meshProjection != def) return false;
    for (const auto& l : m_scene.timeLayers)
        if (!l.mesh || l.meshProjection != def) return false;
    return true;
}

void Viewer::startImageExport() {
    ExportRequest& x = m_export;
    try {
        auto e = std::make_unique<ImageExport>();
        e->path = x.imagePath;
        if (!imageFormatFor(e->path, e->format)) e->format = ImageFormat::Png;
        // A copy: the window's scene may change while the tiles render (its GPU meshes are shared by id), and the
        // export's labels, placed once for the whole image, must not evict the window's.
        e->scene = m_scene;
        e->scene.requestFrontLine = nullptr;
        e->scene.selectedEventLayer = 0;  // the selection ring is the window's, not the map's
        e->scene.selectedEvent = -1;
        SnapshotSpec spec;
        spec.width = x.width;
        spec.height = x.height;
        spec.pixelRatio = exportPixelRatio(x);
        // Same view, more pixels: the centre, and the window's extent along the limiting axis.
        spec.camera = scaleCameraToImage(m_camera, x.width, x.height);
        // Small tiles: each frame renders what fits in a few tens of milliseconds, so the window stays responsive.
        spec.maxTileSide = 512;
        ExportDecorationOptions options;
        options.title = x.title;
        options.legend = x.legend;
        options.stamp = x.dateStamp;
        options.scaleBar = x.scaleBar;
        options.attribution = x.attribution;
        const DecorationSpec deco = exportDecorations(e->scene, m_projection, spec.camera, spec.pixelRatio, options);
        if (!m_font.empty()) e->decorations = buildDecorations(deco, m_font, x.width, x.height, EventDrawParams{});
        spec.decorations = &e->decorations;
        e->ref = snapshotGeoReference(spec.camera, m_projection);
        e->snapshot = std::make_unique<TiledSnapshot>(spec);
        e->started = Clock::now();
        m_imageExport = std::move(e);
        x.busy = true;
        x.progress = 0.f;
        x.status.clear();
    } catch (const Error& e) {
        x.error = e.what();
    } catch (const std::bad_alloc&) {
        x.error = "Not enough memory for a " + std::to_string(x.width) + "x" + std::to_string(x.height) + " image";
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

// Called once per frame: renders tiles for about 30 ms, then hands the finished image to a writer job.
void Viewer::advanceImageExport() {
    if (m_imageWriteJob) m_export.progress = 0.5f + 0.5f * std::max(0.f, m_imageWriteJob->progress());
    if (!m_imageExport) return;
    ImageExport& e = *m_imageExport;
    try {
        const bool done = e.snapshot->renderTiles(e.scene, *m_renderer, m_font.empty() ? nullptr : &m_font,
                                                  m_projection.definition(), 1 << 30, 30.0);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        // Rendering is the first half of the bar, encoding and writing the second.
        m_export.progress = 0.5f * e.snapshot->progress();
        m_dirty = std::max(m_dirty, 1);
        if (!done) return;
    } catch (const Error& err) {
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        m_export.busy = false;
        m_export.error = err.what();
        m_log.error(e.path, err.reason());
        m_imageExport.reset();
        if (m_opt.quitAfterExport) {
            m_exitStatus = 1;
            m_quit = true;
        }
        return;
    }
    const double renderS = std::chrono::duration<double>(Clock::now() - e.started).count();
    auto image = std::make_shared<Image>(e.snapshot->takeImage());
    const std::string path = e.path;
    const ImageFormat format = e.format;
    const GeoReference ref = e.ref;
    const int tiles = e.snapshot->tileCount();
    m_imageExport.reset();
    auto error = std::make_shared<std::string>();
    auto cancelled = std::make_shared<bool>(false);
    m_imageWriteJob = m_jobs->submit(
        "Writing " + std::filesystem::path(path).filename().string(),
        [image, ref, path, format, error, cancelled](Job& job) {
            try {
                writeMapImage(path, *image, ref, format, &job);
            } catch (const Error& err) {
                *error = err.what();
            } catch (const Cancelled&) {
                *cancelled = true;
            } catch (const std::bad_alloc&) {
                *error = path + ": not enough memory to encode the image";
            }
        },
        [this, path, format, error, cancelled, renderS, tiles, w = image->width, h = image->height] {
            m_imageWriteJob.reset();
            m_export.busy = false;
            m_export.progress = -1.f;
            if (*cancelled) {
                m_export.status = "Export cancelled; nothing written";
                m_log.info(path, m_export.status);
                if (m_opt.quitAfterExport) m_exitStatus = 1;
            } else if (!error->empty()) {
                m_export.error = *error;
                m_log.error(path, *error);
                if (m_opt.quitAfterExport) m_exitStatus = 1;
            } else {
                char rendered[64];
                std::snprintf(rendered, sizeof rendered, "; rendered in %d tile%s in %.1f s", tiles, tiles == 1 ? "" : "s", renderS);
                m_export.status = "Wrote " + path + " (" + std::to_string(w) + "x" + std::to_string(h) + ")" +
                                  (format == ImageFormat::Png ? " with .pgw and .prj" : ", a GeoTIFF with its CRS") + rendered;
                m_log.info(path, m_export.status);
            }
            if (m_opt.quitAfterExport) m_quit = true;
        });
    m_export.progress = 0.5f;
}

const ViewLayer* Viewer::pendingLayerStyle(const std::string& source, const std::string& layer) const {
    auto it = m_pendingStyles.find(source + "\n" + layer);
    if (it == m_pendingStyles.end()) it = m_pendingStyles.find(source + "\n");
    return it == m_pendingStyles.end() ? nullptr : &it->second;
}

// A file's or articles' events, loaded: styled as a pending view or session says. The first event layer starts a
// new timeline that shows everything, unless a view or session has just set the filter.
void Viewer::addLoadedEventLayer(const std::string& title, std::shared_ptr<const EventLayerData> data,
                                 std::shared_ptr<const EventIndex> index, const std::string& path) {
    const bool first = m_scene.eventLayers.empty();
    const int id = m_scene.addEventLayer(title, std::move(data), std::move(index));
    applyPendingEventStyle(id, path);
    if (first && !m_keepFilterForEvents) {
        m_scene.filter.dayFrom = INT32_MIN;
        m_scene.filter.dayTo = INT32_MAX;
    }
    m_keepFilterForEvents = false;
    m_scene.filter.touch();
}

void Viewer::applyPendingEventStyle(int id, const std::string& path) {
    const ViewLayer* saved = pendingLayerStyle(path, "");
    SceneEventLayer* l = m_scene.findEventLayer(id);
    if (!saved || !l) return;
    applyViewLayer(*saved, *l);
    l->pointRadius = std::clamp(l->pointRadius, 0.5f, 64.f);
    l->opacity = std::clamp(l->opacity, 0.f, 1.f);
}

// The last session, when there is one. A broken session file is set aside (session.json.broken) with a message,
// and the viewer starts with its defaults.
bool Viewer::restoreSession() {
    std::error_code ec;
    if (m_sessionPath.empty() || !std::filesystem::exists(m_sessionPath, ec)) return false;
    try {
        const ViewFile v = readViewFile(m_sessionPath);
        applyView(v, m_sessionPath, true);
        const std::string what = "restored the last session (" + std::to_string(v.layers.size()) +
                                 " layers); start with --no-restore to leave it out";
        m_log.info(m_sessionPath, what);
        std::fprintf(stderr, "frontmap: %s: %s\n", m_sessionPath.c_str(), what.c_str());
        return true;
    } catch (const Error& e) {
        std::filesystem::rename(m_sessionPath, m_sessionPath + ".broken", ec);
        m_log.warning(e.subject(), e.reason() + "; starting with the defaults" +
                                       (ec ? std::string() : " (the file is kept as " + m_sessionPath + ".broken)"));
    }
    return false;
}

// Writes the session when it changed, at most twice a second (`now`: at once, on quitting), on a helper thread
// (the write waits for the disk). Not while layers are still opening (at start, those of a restored session): the
// session would lose them if the app died then.
void Viewer::saveSessionIfChanged(bool now) {
    if (m_sessionPath.empty() || m_sessionBroken) return;
    const auto t = Clock::now();
    if (!now && t - m_lastSessionCheck < std::chrono::milliseconds(500)) return;
    m_lastSessionCheck = t;
    if (m_sessionWrite.valid()) {
        if (!now && m_sessionWrite.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
        try {
            m_sessionWrite.get();
        } catch (const Error& e) {
            m_sessionBroken = true;
            m_log.warning(e.subject(), e.reason() + "; the session is not kept");
            return;
        }
    }
    if (m_loadJobs > 0 || !m_viewInitialised) return;
    const std::string json = sessionToJson(m_sessionPath, currentView());
    if (json == m_lastSessionJson) return;
    m_lastSessionJson = json;
    const std::string path = m_sessionPath;
    m_sessionWrite = std::async(std::launch::async, [path, json] { writeSessionFile(path, json); });
    if (now) {  // quitting: the write must be done before the process ends
        try {
            m_sessionWrite.get();
        } catch (const Error& e) {
            m_log.warning(e.subject(), e.reason() + "; the session is not kept");
        }
    }
}

void Viewer::handleExportRequest() {
    ExportRequest& x = m_export;
    if (x.ready) {
        x.ready = false;
        x.error.clear();
        const std::string problem = imageExportProblem(x);
        if (!problem.empty()) x.error = problem;
        else if (m_imageExport || m_imageWriteJob) x.error = "An export is already running.";
        else startImageExport();
    }
    if (m_opt.quitAfterExport && m_startExportRequested && !m_startExportPending && !m_imageExport && !m_imageWriteJob &&
        !x.error.empty()) {
        std::fprintf(stderr, "frontmap: %s\n", x.error.c_str());  // --export-on-start could not even start
        m_exitStatus = 1;
        m_quit = true;
    }
    if (x.cancel) {
        x.cancel = false;
        if (m_imageExport) {
            m_imageExport.reset();  // its render target goes here, on the GL thread; nothing was written
            x.busy = false;
            x.progress = -1.f;
            x.status = "Export cancelled; nothing written";
            m_log.info("export", x.status);
            glBindFramebuffer(GL_FRAMEBUFFER, 0);
        }
        if (m_imageWriteJob) m_imageWriteJob->cancel();
        if (m_eventsJob) m_eventsJob->cancel();
    }
    if (x.exportEvents) {
        x.exportEvents = false;
        auto scene = std::make_shared<MapScene>(m_scene);  // a consistent copy for the worker (layer data is shared)
        auto view = std::make_shared<ViewFile>(currentView());
        const std::string path = x.eventsPath;
        const bool withView = x.eventsWithView;
        auto error = std::make_shared<std::string>();
        x.busy = true;
        m_eventsJob = m_jobs->submit(
            "Exporting events",
            [scene, view, path, withView, error](Job& job) {
                try {
                    exportEvents(*scene, path, withView ? view.get() : nullptr, &job);
                } catch (const Error& e) {
                    *error = e.what();
                } catch (const Cancelled&) {
                    *error = "cancelled";
                }
            },
            [this, path, error] {
                m_eventsJob.reset();
                m_export.busy = false;
                if (*error == "cancelled")
                    m_export.status = "Export cancelled; nothing written";
                else if (!error->empty())
                    m_export.error = *error;
                else
                    m_export.status = "Wrote the filtered events to " + path;
            });
    }
    if (x.saveView) {
        x.saveView = false;
        try {
            writeViewFile(x.viewPath, currentView());
            x.status = "Saved the view to " + x.viewPath;
            x.error.clear();
        } catch (const Error& e) {
            x.error = e.what();
        }
    }
    if (x.openView) {
        x.openView = false;
        try {
            openViewFile(x.viewPath);
            x.status = "Opened the view " + x.viewPath;
            x.error.clear();
        } catch (const Error& e) {
            x.error = e.what();  // a broken or newer view file changes nothing
        }
    }
    if (x.browseImagePath || x.browseEventsPath || x.browseViewPath) {
        // Paths are typed in the panel for now; the open dialog is for reading files.
        x.browseImagePath = x.browseEventsPath = x.browseViewPath = false;
        x.error = "Type the path in the box (a save dialog is not available yet)";
    }
}

void Viewer::computeChange(int id, int32_t from, int32_t to) {
    SceneTimeLayer* l = m_scene.findTimeLayer(id);
    if (!l) {
        m_changePanel.computing = false;
        return;
    }
    auto time = l->time;
    auto sides = l->sides;
    auto proj = m_projection;
    const std::string def = proj.definition();
    const std::string title = l->title;
    ProjectOptions opts;
    opts.marginDeg = m_view.marginDeg;
    struct Result {
        AreaChange change;
        LayerMeshPtr gained, lost;
        bool ok = false;
    };
    auto result = std::make_shared<Result>();
    m_jobs->submit(
        "Change " + formatDay(from) + " → " + formatDay(to),
        [this, time, sides, proj, opts, from, to, result](Job& job) {
            try {
                AreaChangeOptions o;
                o.fromDay = from;
                o.toDay = to;
                o.sides = sides;
                result->change = computeAreaChange(*time, o, m_log, &job);
                SideChangeGeometry g = computeSideChange(*time, from, to, sides, "Russia");
                auto tr = proj.makeTransformer();
                ProjectedGeometry pg = projectGeometry(g.gained, proj, *tr, opts);
                result->gained = buildLayerMesh(pg);
                pg = projectGeometry(g.lost, proj, *tr, opts);
                result->lost = buildLayerMesh(pg);
                result->ok = true;
            } catch (const Error& e) {
                m_log.error(e.subject(), e.reason());
            } catch (const Cancelled&) {
            }
        },
        [this, id, def, title, result] {
            m_changePanel.computing = false;
            if (!result->ok) return;
            m_changePanel.result = result->change;
            m_changePanel.hasResult = true;
            m_changePanel.resultTitle = title;
            if (SceneTimeLayer* layer = m_scene.findTimeLayer(id); layer && def == m_projection.definition()) {
                layer->changeGained = result->gained;
                layer->changeLost = result->lost;
                layer->changeProjection = def;
            }
        });
}

void Viewer::openArticles(const std::string& path) {
    ++m_loadJobs;
    auto result = std::make_shared<std::shared_ptr<EventLayerData>>();
    auto index = std::make_shared<std::shared_ptr<EventIndex>>();
    m_jobs->submit(
        "Reading articles " + std::filesystem::path(path).filename().string(),
        [this, path, result, index](Job& job) {
            try {
                *result = readArticleEvents(path, defaultActorTable(), m_log, &job);
                if (*result) {
                    *index = std::make_shared<EventIndex>();
                    (*index)->build((*result)->store);
                }
            } catch (const Error& e) {
                m_log.error(e.subject(), e.reason());
            } catch (const Cancelled&) {
                m_log.warning(path, "reading cancelled");
            }
        },
        [this, path, result, index] {
            --m_loadJobs;
            if (!*result || (*result)->store.empty()) {
                m_log.warning(path, "no places found in these articles");
                return;
            }
            m_log.info(path, "articles: " + std::to_string((*result)->store.size()) + " place mentions as events");
            addLoadedEventLayer((*result)->title, *result, *index, path);
            requestMeshes();
        });
}

void Viewer::openSource(const std::string& path, bool interactive) {
    // News articles (text, Markdown, JSON Lines, or a folder of them) become events through the gazetteer.
    if (looksLikeArticleSource(path)) {
        openArticles(path);
        return;
    }
    // A database is asked on a worker what it holds: the window never waits on the network.
    if (isPgSource(path)) {
        openDatabase(path);
        return;
    }
    // Any other folder: files with a date in their names, one snapshot each, as one layer of areas over time.
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        openTimeFiles({path}, interactive);
        return;
    }
    // Point data is an event layer: loaded at once when its columns are recognised and it came from the command
    // line, through the column-mapping dialog when opened by hand or when no date column is recognised. Everything
    // else is a vector layer.
    ++m_loadJobs;
    auto preview = std::make_shared<std::optional<EventSourcePreview>>();
    const EventReadOptions options = m_opt.eventOptions;
    m_jobs->submit(
        "Reading the columns of " + std::filesystem::path(path).filename().string(),
        [path, options, preview](Job&) {
            CPLPushErrorHandler(CPLQuietErrorHandler);  // not a point file is an answer, not an error
            try {
                *preview = previewEventSource(path, options);
            } catch (const Error&) {
            } catch (const std::exception&) {
            }
            CPLPopErrorHandler();
        },
        [this, path, interactive, options, preview] {
            --m_loadJobs;
            if (!*preview) {
                openVector(path);
            } else if ((*preview)->detected && !interactive) {
                EventReadOptions o = options;
                o.layer = (*preview)->layer;
                openEvents(path, o);
            } else {
                m_mappingQueue.push_back(std::move(**preview));
            }
        });
}

void Viewer::openTimeFiles(const std::vector<std::string>& paths, bool interactive) {
    ++m_loadJobs;
    struct Result {
        std::shared_ptr<TimeLayer> time;
        bool fallback = false;  // point files after all (open them one by one), or a folder without dated files
        std::vector<std::string> folderFiles;  // that folder's files, when GDAL cannot read it as one source
    };
    auto result = std::make_shared<Result>();
    std::filesystem::path first(paths.front());
    if (!first.has_filename()) first = first.parent_path();  // "frontline/"
    const std::string title = paths.size() == 1 ? first.filename().string()
                                                : first.filename().string() + " … (" + std::to_string(paths.size()) + " files)";
    m_jobs->submit(
        "Opening " + title + " as areas over time",
        [this, paths, result](Job& job) {
            try {
                if (paths.size() > 1) {
                    CPLPushErrorHandler(CPLQuietErrorHandler);
                    try {
                        previewEventSource(paths.front(), {}, 1);
                        result->fallback = true;
                    } catch (const Error&) {
                    }
                    CPLPopErrorHandler();
                    if (result->fallback) return;
                } else if (!holdsDatedFiles(paths.front())) {
                    // A folder GDAL may read as one source (shapefiles); else each of its files on its own.
                    result->fallback = true;
                    CPLPushErrorHandler(CPLQuietErrorHandler);
                    GDALDatasetUniquePtr ds(GDALDataset::Open(paths.front().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
                    CPLPopErrorHandler();
                    if (!ds) result->folderFiles = vectorFilesIn(paths.front());
                    return;
                }
                result->time = std::make_shared<TimeLayer>(TimeLayer::fromFiles(paths, m_log, &job));
            } catch (const Error& e) {
                m_log.error(e.subject(), e.reason());
            } catch (const Cancelled&) {
                m_log.warning(paths.front(), "opening cancelled");
            }
        },
        [this, paths, title, interactive, result] {
            --m_loadJobs;
            if (result->fallback) {
                if (!result->folderFiles.empty()) {
                    m_log.info(paths.front(), "a folder of " + std::to_string(result->folderFiles.size()) +
                                                  " files without dates in their names: each opens as its own layer");
                    for (const std::string& p : result->folderFiles) openSource(p, interactive);
                } else if (paths.size() == 1) {
                    openVector(paths.front());
                } else {
                    for (const std::string& p : paths) openSource(p, interactive);
                }
                return;
            }
            if (!result->time) return;
            m_scene.addTimeLayer(title, result->time);
            m_log.info(paths.front(), "opened " + title + " as areas of control over time: " +
                                          std::to_string(result->time->snapshotDays().size()) + " dates from file names, " +
                                          std::to_string(result->time->categories().size()) + " categories");
            requestMeshes();
        });
}

void Viewer::retimeLayer(int id, const TimeFieldSpec& spec) {
    SceneTimeLayer* l = m_scene.findTimeLayer(id);
    if (!l) return;
    auto data = l->time->layerPtr();
    auto result = std::make_shared<std::shared_ptr<TimeLayer>>();
    m_jobs->submit(
        "Re-reading " + l->title + " by " + (spec.dateField.empty() ? spec.validFrom : spec.dateField),
        [this, data, spec, result](Job&) {
            try {
                *result = std::make_shared<TimeLayer>(data, spec, m_log);
                if ((*result)->empty()) {
                    m_log.error(data->source, "no feature has a usable date in '" +
                                                  (spec.dateField.empty() ? spec.validFrom : spec.dateField) +
                                                  "'; the layer keeps its previous fields");
                    result->reset();
                }
            } catch (const Error& e) {
                m_log.error(e.subject(), e.reason() + "; the layer keeps its previous fields");
            }
        },
        [this, id, result] {
            SceneTimeLayer* layer = m_scene.findTimeLayer(id);
            if (!layer || !*result) return;
            for (auto& [jid, job] : m_meshJobs)
                if (jid == id) job->cancel();
            m_meshJobs.erase(std::remove_if(m_meshJobs.begin(), m_meshJobs.end(), [id](const auto& p) { return p.first == id; }),
                             m_meshJobs.end());
            replaceTimeLayerData(*layer, *result);
            m_log.info(layer->title, "now read by " + ((*result)->spec().dateField.empty()
                                                           ? (*result)->spec().validFrom + "/" + (*result)->spec().validTo
                                                           : (*result)->spec().dateField) +
                                         ", categories from " +
                                         ((*result)->spec().categoryField.empty() ? "(none)" : (*result)->spec().categoryField) +
                                         ": " + std::to_string((*result)->snapshotDays().size()) + " dates");
            requestMeshes();
        });
}

void Viewer::openVector(const std::string& path) {
    ++m_loadJobs;
    auto result = std::make_shared<std::vector<std::shared_ptr<LayerData>>>();
    const std::string name = displayName(path);
    m_jobs->submit(
        "Opening " + name,
        [this, path, result](Job& job) {
            try {
                *result = readVectorSource(path, m_log, &job);
            } catch (const Error& e) {
                m_log.error(e.subject(), e.reason());
            } catch (const Cancelled&) {
                m_log.warning(path, "opening cancelled");
            } catch (const std::exception& e) {
                m_log.error(path, std::string("unexpected failure: ") + e.what());
            }
        },
        [this, path, result] {
            --m_loadJobs;
            int index = 0;
            for (auto& l : m_scene.layers) index += l.role == LayerRole::User;
            BBox ext;
            for (auto& d : *result) {
                // Polygons with a date field are areas of control over time: they follow the timeline.
                TimeFieldSpec spec;
                if (d->lonlat.kind == GeomKind::Polygon && detectTimeFields(*d, spec)) {
                    try {
                        auto time = std::make_shared<TimeLayer>(d, spec, m_log);
                        const int id = m_scene.addTimeLayer(d->title, time);
                        if (const ViewLayer* saved = pendingLayerStyle(path, d->layerName))
                            if (SceneTimeLayer* t = m_scene.findTimeLayer(id)) t->visible = saved->visible;
                        m_log.info(path, "opened " + d->title + " as areas of control over time: " +
                                             std::to_string(time->snapshotDays().size()) + " dates, " +
                                             std::to_string(time->categories().size()) + " categories");
                        ext.add(d->extent);
                        continue;
                    } catch (const Error& e) {
                        m_log.warning(e.subject(), e.reason() + "; drawn as a plain layer");
                    }
                }
                // A layer of an opened view or session is styled as it says (as `frontmap snapshot --view` does).
                const ViewLayer* saved = pendingLayerStyle(path, d->layerName);
                m_scene.addLayer(LayerRole::User, d->title, d,
                                 saved ? viewLayerStyle(*saved, d->lonlat.kind, index)
                                       : defaultUserStyle(d->lonlat.kind, index));
                ++index;
                ext.add(d->extent);
                m_log.info(path, "opened " + d->title + ": " + std::to_string(d->featureCount()) + " " +
                                     geomKindName(d->lonlat.kind) + " (" + d->crsName + ")");
            }
            requestMeshes();
        });
}

void Viewer::openDatabase(const std::string& connection) {
    ++m_loadJobs;
    struct Probe {
        std::vector<std::string> tables;  // a connection without tables= naming several: the user picks
        bool events = false;
        int32_t first = kNoDay, last = kNoDay;
        int64_t rows = 0;
        PgTableInfo table;  // areas and lines
        bool failed = false;
    };
    auto probe = std::make_shared<Probe>();
    const EventReadOptions options = m_opt.eventOptions;
    m_jobs->submit(
        "Opening " + stripPassword(connection),
        [this, connection, options, probe](Job&) {
            try {
                if (!std::regex_search(connection, std::regex(R"((^|\s|PG:)tables\s*=)", std::regex::icase))) {
                    probe->tables = listPgTables(connection);
                    if (probe->tables.size() != 1) return;
                }
                probe->events = looksLikeEventSource(connection, options);
                if (probe->events)
                    pgEventSummary(connection, options, probe->first, probe->last, probe->rows);
                else
                    probe->table = pgTableInfo(connection);
            } catch (const Error& e) {
                m_log.error(e.subject(), e.reason());  // no password in it
                probe->failed = true;
            } catch (const Cancelled&) {
                probe->failed = true;
            }
        },
        [this, connection, options, probe] {
            --m_loadJobs;
            if (probe->failed) return;
            if (probe->tables.size() > 1) {
                m_tableChoices.push_back({connection, probe->tables});
                return;
            }
            if (probe->tables.empty() && !probe->events && probe->table.name.empty()) {
                m_log.error(stripPassword(connection), "no tables or views with a geometry column");
                return;
            }
            if (!probe->events) {
                auto live = std::make_shared<LiveVectorLayer>();
                live->source = connection;
                live->title = pgLayerTitle(connection, probe->table.name);
                live->tableExtent = probe->table.lonlat;
                LiveQuery::Settings st;
                st.cacheEntries = 4;  // areas weigh more per row than events
                live->state = LiveQuery(st);
                m_liveLayers.push_back(live);
                m_log.info(live->title, "fetched by view as you move");
                m_dirty = 3;
                return;
            }
            auto live = std::make_shared<LiveEventLayer>();
            live->source = connection;
            live->options = options;
            live->title = stripPassword(connection);
            live->dayFirst = probe->first;
            live->dayLast = probe->last;
            live->rows = probe->rows;
            m_live.push_back(live);
            m_log.info(live->title, std::to_string(probe->rows) + " events from " + formatDay(probe->first) + " to " +
                                        formatDay(probe->last) + "; fetched by view and dates as you move");
            m_dirty = 3;
        });
}

// The visible box in lon/lat, from the screen's edges (false when it cannot be inverted or wraps the globe).
bool Viewer::visibleLonLat(BBox& ll) const {
    ll = BBox();
    for (int i = 0; i <= 16; ++i) {
        const double f = i / 16.0;
        for (const Vec2 s : {Vec2{f * m_camera.width, 0}, Vec2{f * m_camera.width, double(m_camera.height)},
                             Vec2{0, f * m_camera.height}, Vec2{double(m_camera.width), f * m_camera.height}}) {
            const Vec2 m = m_camera.screenToMap(s.x, s.y);
            double lon, lat;
            if (m_uiTransformer && m_uiTransformer->inverse(m.x, m.y, lon, lat)) ll.add(lon, lat);
        }
    }
    return !ll.empty() && isValidLonLat(ll.minX, ll.minY) && isValidLonLat(ll.maxX, ll.maxY) && ll.minX < ll.maxX;
}

void Viewer::updateLiveLayers() {
    if (m_live.empty() && m_liveLayers.empty()) return;
    dropRemoved(m_live, [this](int id) { return !m_scene.findEventLayer(id); });
    BBox ll;
    // A view that wraps the globe or cannot be inverted asks for everything in the date range.
    const BBox* visible = visibleLonLat(ll) ? &ll : nullptr;
    const auto now = Clock::now();
    updateLiveVectorLayers(visible, now);
    if (m_live.empty()) return;
    // The actors the filter shows, over every event layer's actors: a narrowed set fetches fewer rows.
    std::vector<const EventStore*> stores;
    for (const auto& l : m_scene.eventLayers)
        if (l.data) stores.push_back(&l.data->store);
    m_liveActors = shownActorsForQuery(m_scene.filter, stores, defaultActorTable());
    for (auto& live : m_live) {
        const SourceQuery v = liveEventQuery(visible, m_camera.width, m_scene.filter, m_liveActors, live->rows);
        LiveQuery::Step step;
        if (!fetchToStart(*live, v, now, step, [&](const LiveQuery::Answer& a) { showLiveAnswer(*live, a); })) continue;
        auto answer = std::make_shared<LiveQuery::Answer>();
        auto error = std::make_shared<std::string>();
        auto warnings = std::make_shared<std::vector<Message>>();
        std::weak_ptr<LiveEventLayer> weak = live;
        const std::string source = live->source;
        const std::string title = live->title;
        const EventReadOptions options = live->options;
        const SourceQuery fetch = step.fetch;
        const uint64_t ticket = step.ticket;
        auto mesh = std::make_shared<EventMeshPtr>();
        const Projection proj = m_projection;
        const std::string def = m_projection.definition();
        live->job = m_jobs->submit(
            "Querying " + live->title,
            [source, title, options, fetch, answer, error, warnings, mesh, proj](Job& job) {
                EventReadOptions o = options;
                o.query = &fetch;
                MessageLog quiet;  // one line per fetch would bury the Messages panel
                try {
                    std::shared_ptr<EventLayerData> data;
                    if (fetch.cellDeg > 0) {
                        const AggregateResult agg = aggregateEvents(source, options, fetch, fetch.cellDeg, defaultActorTable());
                        data = eventsFromAggregates(agg, title, defaultActorTable());
                        data->report.source = stripPassword(source);  // what a saved view names
                    } else {
                        data = readEvents(source, o, defaultActorTable(), quiet, &job);
                    }
                    job.checkCancelled();
                    auto index = std::make_shared<EventIndex>();
                    index->build(data->store);
                    *mesh = buildEventMesh(data->store, proj, &job);
                    answer->query = fetch;
                    answer->data = data;
                    answer->index = index;
                } catch (const Error& e) {
                    *error = e.reason();
                } catch (const Cancelled&) {
                    *error = "cancelled";
                }
                for (const Message& m : quiet.snapshot())
                    if (m.severity != Severity::Info) warnings->push_back(m);
            },
            [this, weak, ticket, answer, error, warnings, mesh, def] {
                auto layer = weak.lock();
                if (!layer) return;
                if (answer->data && *mesh) rememberProjected(layer->meshes, answer->data, *mesh, def);
                if (answer->data && !layer->reportedRows) {
                    for (const Message& m : *warnings) m_log.add(m.severity, m.subject, m.text);
                    layer->reportedRows = true;
                }
                if (liveOutcome(layer->state, layer->title, ticket, *answer, *error)) showLiveAnswer(*layer, *answer);
            });
    }
}

void Viewer::updateLiveVectorLayers(const BBox* visible, Clock::time_point now) {
    dropRemoved(m_liveLayers, [this](int id) { return !m_scene.find(id); });
    for (auto& live : m_liveLayers) {
        const SourceQuery v = liveLayerQuery(visible, live->tableExtent, LiveQuery::Settings().margin);
        LiveQuery::Step step;
        if (!fetchToStart(*live, v, now, step, [&](const LiveQuery::Answer& a) { showLiveLayer(*live, a); })) continue;
        auto answer = std::make_shared<LiveQuery::Answer>();
        auto error = std::make_shared<std::string>();
        auto mesh = std::make_shared<LiveVectorLayer::Projected>();
        std::weak_ptr<LiveVectorLayer> weak = live;
        const std::string source = live->source;
        const SourceQuery fetch = step.fetch;
        const uint64_t ticket = step.ticket;
        const std::optional<GeomKind> kind = live->kind;
        const SceneLayer* shown = live->layerId ? m_scene.find(live->layerId) : nullptr;
        const std::optional<LayerStyle> style = shown ? std::optional<LayerStyle>(shown->style) : std::nullopt;
        const Projection proj = m_projection;
        const std::string def = m_projection.definition();
        ProjectOptions opts;
        opts.marginDeg = m_view.marginDeg;
        live->job = m_jobs->submit(
            "Querying " + live->title,
            [source, fetch, kind, style, proj, opts, answer, error, mesh](Job& job) {
                MessageLog quiet;  // one line per fetch would bury the Messages panel
                VectorReadOptions ro;
                ro.query = &fetch;
                try {
                    // One layer per geometry kind comes back; a table holds one kind (a mixed one shows the kind
                    // of its first features).
                    std::shared_ptr<LayerData> data;
                    for (auto& d : readVectorSource(source, quiet, &job, ro))
                        if (kind ? d->lonlat.kind == *kind : !data) data = d;
                    if (!data) {
                        data = std::make_shared<LayerData>();  // nothing in this view
                        data->lonlat.kind = kind.value_or(GeomKind::Polygon);
                    }
                    job.checkCancelled();
                    if (style && data->lonlat.kind == kind) {
                        MeshResult r = buildSceneMesh(*data, *style, proj, opts, &job);
                        *mesh = {r.mesh, r.clipped, r.outside, r.failed};
                    }
                    answer->query = fetch;
                    answer->layer = data;
                } catch (const Error& e) {
                    *error = e.reason();
                } catch (const Cancelled&) {
                    *error = "cancelled";
                }
            },
            [this, weak, ticket, answer, error, mesh, def] {
                auto layer = weak.lock();
                if (!layer) return;
                if (answer->layer && mesh->mesh) rememberProjected(layer->meshes, answer->layer, *mesh, def);
                if (liveOutcome(layer->state, layer->title, ticket, *answer, *error)) showLiveLayer(*layer, *answer);
            });
    }
}

bool Viewer::liveOutcome(LiveQuery& state, const std::string& title, uint64_t ticket, const LiveQuery::Answer& answer,
                         const std::string& error) {
    if (!answer.data && !answer.layer) {
        if (state.failed(ticket, Clock::now()) && error != "cancelled")
            m_log.error(title, error + "; the layer keeps what it had and retries by itself");
        m_dirty = 3;
        return false;
    }
    const bool current = state.succeeded(ticket, answer);
    if (state.takeRecovered()) m_log.info(title, "the server answers again; the layer is up to date");
    return current;
}

void Viewer::showLiveLayer(LiveVectorLayer& live, const LiveQuery::Answer& answer) {
    if (!answer.layer) return;
    SceneLayer* layer = live.layerId ? m_scene.find(live.layerId) : nullptr;
    if (!layer) {
        if (answer.layer->featureCount() == 0) return;  // the layer appears with its first features
        int index = 0;
        for (auto& l : m_scene.layers) index += l.role == LayerRole::User;
        live.kind = answer.layer->lonlat.kind;
        live.layerId = m_scene.addLayer(LayerRole::User, live.title, answer.layer, defaultUserStyle(*live.kind, index));
        layer = m_scene.find(live.layerId);
        m_log.info(live.title, std::to_string(answer.layer->featureCount()) + " " + geomKindName(*live.kind) + " in view");
        logDatabaseLayer(live.source, geomKindName(*live.kind), answer.layer->featureCount());
    } else {
        // The old mesh stays drawn until the new answer's is built (unless the fetch built it already).
        layer->data = answer.layer;
        layer->meshProjection.clear();
    }
    if (const auto* p = findProjected(live.meshes, answer.layer, m_projection.definition())) {
        layer->mesh = p->mesh.mesh;
        layer->meshProjection = p->projection;
        layer->featuresClipped = p->mesh.clipped;
        layer->featuresOutside = p->mesh.outside;
        layer->featuresFailed = p->mesh.failed;
    }
    requestMeshes();
    m_dirty = 3;
}

// --log-view: a database layer shown for the first time (its first answer), for scripted tests. The source last: it
// holds spaces (never the password).
void Viewer::logDatabaseLayer(const std::string& source, const char* kind, size_t features) {
    if (!m_opt.logView) return;
    std::printf("pg_layer kind=%s features=%zu source=%s\n", kind, features, stripPassword(source).c_str());
    std::fflush(stdout);
}

void Viewer::showLiveAnswer(LiveEventLayer& live, const LiveQuery::Answer& answer) {
    SceneEventLayer* layer = live.layerId ? m_scene.findEventLayer(live.layerId) : nullptr;
    if (!layer) {
        const bool first = m_scene.eventLayers.empty();
        live.layerId = m_scene.addEventLayer(live.title, answer.data, answer.index);
        layer = m_scene.findEventLayer(live.layerId);
        logDatabaseLayer(live.source, "events", answer.data->store.size());
        if (first) {
            m_scene.filter.dayFrom = INT32_MIN;
            m_scene.filter.dayTo = INT32_MAX;
        }
    } else {
        layer->data = answer.data;
        layer->index = answer.index;
        layer->mesh.reset();
        layer->meshProjection.clear();
        layer->clusters.reset();
        layer->clusterKey.clear();
        layer->frontDistance.clear();
        layer->frontVersion = 0;
        layer->filterVersion = UINT64_MAX;
        if (m_scene.selectedEventLayer == layer->id) m_scene.selectedEvent = -1;
    }
    // Projected with the answer: swapped in the same frame, so nothing blinks.
    if (const auto* p = findProjected(live.meshes, answer.data, m_projection.definition())) {
        layer->mesh = p->mesh;
        layer->meshProjection = p->projection;
    }
    // Actors the narrowed query did not ask for stay off (seen for the first time, of a side turned off).
    hideActorsNotWanted(m_scene.filter, {&answer.data->store}, m_liveActors.actors, defaultActorTable());
    layer->sourceDayFirst = live.dayFirst;
    layer->sourceDayLast = live.dayLast;
    m_scene.filter.touch();
    requestMeshes();
    m_dirty = 3;
}

void Viewer::requestMeshes() {
    const std::string def = m_projection.definition();
    for (auto& l : m_scene.layers) {
        if (!l.data || (l.mesh && l.meshProjection == def)) continue;
        bool pending = false;
        for (auto& [id, job] : m_meshJobs) pending |= id == l.id && !job->cancelled();
        if (pending) continue;
        const int id = l.id;
        auto data = l.data;
        auto style = l.style;
        auto proj = m_projection;
        ProjectOptions opts;
        opts.marginDeg = m_view.marginDeg;
        auto result = std::make_shared<MeshResult>();
        JobPtr job = m_jobs->submit(
            "Projecting " + l.title,
            [data, style, proj, opts, result](Job& j) {
                try {
                    *result = buildSceneMesh(*data, style, proj, opts, &j);
                } catch (const Cancelled&) {
                }
            },
            [this, id, def, data, result] {
                m_meshJobs.erase(std::remove_if(m_meshJobs.begin(), m_meshJobs.end(),
                                                [id](const auto& p) { return p.first == id && p.second->finished(); }),
                                 m_meshJobs.end());
                SceneLayer* layer = m_scene.find(id);
                if (!layer || !result->mesh || def != m_projection.definition()) return;
                if (layer->data != data) {  // a database layer's new answer arrived meanwhile: build for that
                    requestMeshes();
                    return;
                }
                layer->mesh = result->mesh;
                layer->meshProjection = def;
                layer->featuresClipped = result->clipped;
                layer->featuresOutside = result->outside;
                layer->featuresFailed = result->failed;
            });
        m_meshJobs.emplace_back(id, job);
    }
    for (auto& l : m_scene.timeLayers) {
        if (!l.time || (l.mesh && l.meshProjection == def)) continue;
        bool pending = false;
        for (auto& [id, job] : m_meshJobs) pending |= id == l.id && !job->cancelled();
        if (pending) continue;
        const int id = l.id;
        auto copy = std::make_shared<SceneTimeLayer>(l);  // the job fills its classes; the scene keeps drawing
        auto proj = m_projection;
        ProjectOptions opts;
        opts.marginDeg = m_view.marginDeg;
        auto result = std::make_shared<MeshResult>();
        JobPtr job = m_jobs->submit(
            "Projecting " + l.title,
            [copy, proj, opts, result](Job& j) {
                try {
                    *result = buildTimeLayerMesh(*copy, proj, opts, &j);
                } catch (const Cancelled&) {
                }
            },
            [this, id, def, copy, result] {
                m_meshJobs.erase(std::remove_if(m_meshJobs.begin(), m_meshJobs.end(),
                                                [id](const auto& p) { return p.first == id && p.second->finished(); }),
                                 m_meshJobs.end());
                SceneTimeLayer* layer = m_scene.findTimeLayer(id);
                if (!layer || !result->mesh || def != m_projection.definition()) return;
                if (layer->time != copy->time) {  // re-read with other fields meanwhile: build again
                    requestMeshes();
                    return;
                }
                layer->classOfFeature = copy->classOfFeature;
                layer->classCategory = copy->classCategory;
                layer->mesh = result->mesh;
                layer->meshProjection = def;
                layer->frontLines.clear();
                layer->shownDay = kNoDay;
            });
        m_meshJobs.emplace_back(id, job);
    }
    for (auto& l : m_scene.eventLayers) {
        if (!l.data || (l.mesh && l.meshProjection == def)) continue;
        bool pending = false;
        for (auto& [id, job] : m_meshJobs) pending |= id == l.id && !job->cancelled();
        if (pending) continue;
        const int id = l.id;
        auto data = l.data;
        auto proj = m_projection;
        auto result = std::make_shared<EventMeshPtr>();
        JobPtr job = m_jobs->submit(
            "Projecting " + l.title,
            [data, proj, result](Job& j) {
                try {
                    *result = buildEventMesh(data->store, proj, &j);
                } catch (const Cancelled&) {
                }
            },
            [this, id, def, data, result] {
                m_meshJobs.erase(std::remove_if(m_meshJobs.begin(), m_meshJobs.end(),
                                                [id](const auto& p) { return p.first == id && p.second->finished(); }),
                                 m_meshJobs.end());
                SceneEventLayer* layer = m_scene.findEventLayer(id);
                // A database layer may have swapped its events meanwhile: a mesh of the old ones must not be used.
                if (!layer || !*result || def != m_projection.definition() || layer->data != data) return;
                layer->mesh = *result;
                layer->meshProjection = def;
                layer->clusterKey.clear();
            });
        m_meshJobs.emplace_back(id, job);
    }
    // The ocean outline and the places are cheap: do them now.
    ProjectOptions opts;
    opts.marginDeg = m_view.marginDeg;
    if (m_scene.sphereProjection != def || m_scene.places) {
        std::vector<SceneLayer> none;
        std::vector<SceneEventLayer> noEvents;
        std::vector<SceneTimeLayer> noTime;
        std::swap(none, m_scene.layers);
        std::swap(noEvents, m_scene.eventLayers);
        std::swap(noTime, m_scene.timeLayers);
        m_scene.buildAll(m_projection, opts);  // sphere and places only: no layers in the scene right now
        std::swap(none, m_scene.layers);
        std::swap(noEvents, m_scene.eventLayers);
        std::swap(noTime, m_scene.timeLayers);
    }
}

bool Viewer::setProjection(const std::string& def, bool keepView) {
    Projection p;
    try {
        p = Projection::create(def);
    } catch (const Error& e) {
        m_projPanel.error = e.what();
        m_log.error(e.subject(), e.reason());
        return false;
    }
    const LonLat c = m_viewInitialised ? viewCenterLonLat() : LonLat{};
    const double mpp = m_viewInitialised ? metersPerPixelAt(m_camera.width * 0.5, m_camera.height * 0.5) : 0;
    m_projection = p;
    m_view.projection = p.definition();
    m_uiTransformer = p.makeTransformer();
    // Cancel mesh jobs for the old projection; their results would be thrown away anyway.
    for (auto& [id, job] : m_meshJobs) job->cancel();
    m_meshJobs.clear();
    for (auto& l : m_scene.layers) l.mesh.reset();
    m_scene.projectedPlaces.reset();
    for (auto& l : m_scene.eventLayers) l.mesh.reset();
    for (auto& l : m_scene.timeLayers) {
        l.mesh.reset();
        l.frontLines.clear();
    }
    m_frontPending.clear();
    requestMeshes();
    if (keepView && m_viewInitialised) {
        double x, y;
        if (m_uiTransformer->forward(c.lon, c.lat, x, y)) {
            m_camera.center = {x, y};
            m_camera.unitsPerPixel = mpp / p.metersPerUnit();
            // Correct for the new projection's scale factor at the centre.
            const double now = metersPerPixelAt(m_camera.width * 0.5, m_camera.height * 0.5);
            if (now > 0 && std::isfinite(now)) m_camera.unitsPerPixel *= mpp / now;
            return true;
        }
    }
    resetView();
    return true;
}

void Viewer::zoomToLonLat(const BBox& ll) {
    const BBox b = projectLonLatBox(ll, m_projection);
    if (!b.empty()) m_camera.fit(b);
    m_viewInitialised = true;
}

void Viewer::resetView() {
    BBox ext = ViewState::defaultExtent();
    if (!m_opt.extent.empty() && !parseExtent(m_opt.extent, ext))
        m_log.error("--extent", "expected lon_min,lat_min,lon_max,lat_max in degrees: " + m_opt.extent);
    zoomToLonLat(ext);
}

LonLat Viewer::viewCenterLonLat() const {
    LonLat ll{0, 0};
    if (m_uiTransformer) m_uiTransformer->inverse(m_camera.center.x, m_camera.center.y, ll.lon, ll.lat);
    return ll;
}

double Viewer::metersPerPixelAt(double sx, double sy) const {
    if (!m_uiTransformer) return 0;
    const Vec2 a = m_camera.screenToMap(sx - 0.5, sy);
    const Vec2 b = m_camera.screenToMap(sx + 0.5, sy);
    double lon1, lat1, lon2, lat2;
    if (!m_uiTransformer->inverse(a.x, a.y, lon1, lat1) || !m_uiTransformer->inverse(b.x, b.y, lon2, lat2)) return 0;
    geod_geodesic g;
    geod_init(&g, 6378137.0, 1 / 298.257223563);
    double s12 = 0;
    geod_inverse(&g, lat1, lon1, lat2, lon2, &s12, nullptr, nullptr);
    return s12;
}

void Viewer::handleInput() {
    ImGuiIO& io = ImGui::GetIO();
    int ww, wh, fw, fh;
    glfwGetWindowSize(m_window, &ww, &wh);
    glfwGetFramebufferSize(m_window, &fw, &fh);
    const double sx = ww > 0 ? static_cast<double>(fw) / ww : 1.0;
    const double sy = wh > 0 ? static_cast<double>(fh) / wh : 1.0;
    double mx, my;
    glfwGetCursorPos(m_window, &mx, &my);
    mx *= sx;
    my *= sy;
    // Presses and releases in the order they happened, so a quick click is still a click.
    std::vector<ButtonEvent> buttons;
    buttons.swap(m_buttons);
    for (const ButtonEvent& e : buttons) {
        const double ex = e.x * sx, ey = e.y * sy;
        if (e.down) {
            if (io.WantCaptureMouse) continue;
            m_dragging = true;
            m_pressed = true;
            m_lastX = m_pressX = ex;
            m_lastY = m_pressY = ey;
        } else if (m_dragging) {
            m_camera.pan(ex - m_lastX, ey - m_lastY);
            m_dragging = false;
            m_lastX = ex;
            m_lastY = ey;
            // A click (press and release without moving) selects the event under it, or clears the selection.
            if (m_pressed && std::hypot(ex - m_pressX, ey - m_pressY) < 4.0) {
                const auto hit = m_scene.pickEvent(m_camera, ex, ey, 8.0);
                m_scene.selectedEventLayer = hit.first;
                m_scene.selectedEvent = hit.second;
                if (hit.second >= 0) m_showInspector = true;
            }
            m_pressed = false;
        }
    }
    if (m_dragging) {
        m_camera.pan(mx - m_lastX, my - m_lastY);
        m_lastX = mx;
        m_lastY = my;
    }
    m_hover = {0, -1};
    if (!io.WantCaptureMouse && !m_dragging) m_hover = m_scene.pickEvent(m_camera, mx, my, 7.0);
    if (m_scrollAccum != 0) {
        m_camera.zoomAt(mx, my, std::pow(1.25, m_scrollAccum));
        m_scrollAccum = 0;
    }
    std::vector<KeyPress> keys;
    keys.swap(m_keys);
    if (io.WantCaptureKeyboard) return;  // typing in a panel
    const double step = 120.0;
    for (const KeyPress& k : keys) {
        const bool ctrl = (k.mods & GLFW_MOD_CONTROL) != 0;
        switch (k.key) {
            case GLFW_KEY_LEFT: m_camera.pan(step, 0); break;
            case GLFW_KEY_RIGHT: m_camera.pan(-step, 0); break;
            case GLFW_KEY_UP: m_camera.pan(0, step); break;
            case GLFW_KEY_DOWN: m_camera.pan(0, -step); break;
            case GLFW_KEY_EQUAL:
            case GLFW_KEY_KP_ADD: m_camera.zoomAt(m_camera.width * 0.5, m_camera.height * 0.5, 1.5); break;
            case GLFW_KEY_MINUS:
            case GLFW_KEY_KP_SUBTRACT: m_camera.zoomAt(m_camera.width * 0.5, m_camera.height * 0.5, 1 / 1.5); break;
            case GLFW_KEY_HOME: resetView(); break;
            case GLFW_KEY_ESCAPE:
                if (m_export.busy) m_export.cancel = true;  // as the Export panel's Cancel
                break;
            case GLFW_KEY_O:
                if (ctrl) m_req.openFileDialog = true;
                break;
            case GLFW_KEY_Q:
                if (ctrl) m_quit = true;
                break;
            default: break;
        }
    }
}

void Viewer::drawUi() {
    ImGuiIO& io = ImGui::GetIO();
    if (ImGui::BeginMainMenuBar()) {
        if (ImGui::BeginMenu("File")) {
            if (ImGui::MenuItem("Open…", "Ctrl+O")) m_req.openFileDialog = true;
            if (ImGui::MenuItem("Export map, events and views…")) m_showExport = true;
            ImGui::Separator();
            if (ImGui::MenuItem("Quit", "Ctrl+Q")) m_quit = true;
            ImGui::EndMenu();
        }
        if (ImGui::BeginMenu("View")) {
            ImGui::MenuItem("Layers", nullptr, &m_showLayers);
            ImGui::MenuItem("Map and projection", nullptr, &m_showMap);
            ImGui::MenuItem("Messages", nullptr, &m_showMessages);
            ImGui::MenuItem("Events", nullptr, &m_showEvents);
            ImGui::MenuItem("Timeline", nullptr, &m_showTimeline);
            ImGui::MenuItem("Inspector", nullptr, &m_showInspector);
            ImGui::MenuItem("Change between dates", nullptr, &m_showChange);
            ImGui::Separator();
            if (ImGui::MenuItem("Reset view", "Home")) m_req.resetView = true;
            if (ImGui::MenuItem("Reset panel layout")) resetPanelLayout();
            if (ImGui::BeginMenu("Projection")) {
                for (const auto& p : Projection::presets())
                    if (ImGui::MenuItem(p.label, nullptr, m_projection.definition() == normalizeCrsDefinition(p.definition)))
                        m_req.projection = p.definition;
                ImGui::EndMenu();
            }
            ImGui::EndMenu();
        }
        ImGui::EndMainMenuBar();
    }
    tickPlayback(m_scene, m_timeline, io.DeltaTime);
    m_scene.updateEventFilters();
    if (m_showLayers) drawLayersPanel(m_scene, m_req, &m_showLayers);
    if (m_showEvents && !m_scene.eventLayers.empty()) drawEventFilterPanel(m_scene, m_eventPanel, &m_showEvents);
    if (m_showTimeline) drawTimelinePanel(m_scene, m_timeline, &m_showTimeline);
    if (m_showInspector) drawInspectorPanel(m_scene, &m_showInspector);
    if (m_showChange) drawChangePanel(m_scene, m_changePanel, m_req, &m_showChange);
    if (m_showExport) drawExportPanel(m_export, &m_showExport);
    if (m_hover.second >= 0 && !io.WantCaptureMouse) drawEventTooltip(m_scene, m_hover.first, m_hover.second);
    if (m_showMap) drawProjectionPanel(m_projection, m_view, m_projPanel, m_req, &m_showMap);
    const size_t errors = m_log.count(Severity::Error);
    if (errors > m_seenErrors) m_showMessages = true;  // an error always gets seen
    m_seenErrors = errors;
    if (m_showMessages) drawMessagesPanel(m_log, &m_showMessages);
    drawJobsPanel(*m_jobs, io.DisplaySize.x, io.DisplaySize.y);

    StatusInfo st;
    double mx, my;
    glfwGetCursorPos(m_window, &mx, &my);
    int ww, wh, fw, fh;
    glfwGetWindowSize(m_window, &ww, &wh);
    glfwGetFramebufferSize(m_window, &fw, &fh);
    const double fx = mx * (ww > 0 ? static_cast<double>(fw) / ww : 1.0), fy = my * (wh > 0 ? static_cast<double>(fh) / wh : 1.0);
    const Vec2 m = m_camera.screenToMap(fx, fy);
    st.cursorValid = m_uiTransformer && !io.WantCaptureMouse && m_uiTransformer->inverse(m.x, m.y, st.cursor.lon, st.cursor.lat);
    st.metersPerPixel = metersPerPixelAt(fx, fy);
    if (!(st.metersPerPixel > 0)) st.metersPerPixel = metersPerPixelAt(m_camera.width * 0.5, m_camera.height * 0.5);
    st.projectionName = m_projection.name();
    st.labels = m_scene.labelCount();
    drawStatusBar(st, io.DisplaySize.x, io.DisplaySize.y);

    if (m_req.openFileDialog) {
        std::vector<std::pair<std::string, std::string>> marks;
        if (const char* home = std::getenv("HOME")) marks.emplace_back("Home", home);
        marks.emplace_back("Working folder", std::filesystem::current_path().string());
        const std::string data = findDataDir();
        if (!data.empty()) marks.emplace_back("frontmap data", data);
        m_fileDialog.setBookmarks(marks);
        m_fileDialog.open(std::filesystem::current_path().string());
        m_req.openFileDialog = false;
    }
    std::vector<std::string> chosen;
    if (m_fileDialog.draw(chosen))
        for (auto& c : chosen) m_req.open.push_back(c);
    // One column-mapping dialog at a time, after the Open dialog has closed.
    if (!m_mapping.open && !m_fileDialog.isOpen() && !m_mappingQueue.empty()) {
        openEventMappingDialog(m_mapping, std::move(m_mappingQueue.front()));
        m_mappingQueue.pop_front();
    }
    if (ImGui::GetFrameCount() == m_saveIniAtFrame && ImGui::GetIO().IniFilename)
        ImGui::SaveIniSettingsToDisk(ImGui::GetIO().IniFilename);
    logPanelsIfChanged();
    const MappingChoice choice = drawEventMappingDialog(m_mapping);
    // For scripted tests (--log-view): the dialog, what it proposes and where its Load button is, once drawn.
    const std::string where = m_mapping.preview.path + "@" + std::to_string(static_cast<int>(m_mapping.loadButtonX)) + "," +
                              std::to_string(static_cast<int>(m_mapping.loadButtonY));
    if (m_opt.logView && m_mapping.open && m_mapping.loadButtonX >= 0 && m_loggedDialog != where) {
        m_loggedDialog = where;  // again when the dialog moved (its height settles after the first frames)
        std::printf("dialog event_columns file=%s date=%s loadable=%zu of=%zu load_button=%.0f,%.0f\n",
                    std::filesystem::path(m_mapping.preview.path).filename().string().c_str(),
                    m_mapping.mapping.dateStart.c_str(), m_mapping.check.loadable, m_mapping.check.checked,
                    m_mapping.loadButtonX, m_mapping.loadButtonY);
        std::fflush(stdout);
    }
    // The table picker, one connection at a time, when no other dialog is up.
    if (!m_tablePicker.open && !m_mapping.open && !m_fileDialog.isOpen() && !m_tableChoices.empty()) {
        openTablePicker(m_tablePicker, m_tableChoices.front().connection, std::move(m_tableChoices.front().tables));
        m_tableChoices.pop_front();
    }
    std::vector<std::string> tables;
    if (drawTablePicker(m_tablePicker, tables))
        for (const std::string& t : tables) openDatabase(pgConnectionForTable(m_tablePicker.connection, t));
    if (m_opt.logView && m_tablePicker.open && m_tablePicker.openButtonX >= 0) {
        std::string list;
        for (const std::string& t : m_tablePicker.tables) list += (list.empty() ? "" : ",") + t;
        const auto at = [](float x, float y) {
            return std::to_string(static_cast<int>(x)) + "," + std::to_string(static_cast<int>(y));
        };
        // checks= the tables' checkboxes in the order of tables= (-1,-1 for one scrolled out of view).
        std::string checks;
        for (size_t i = 0; i < m_tablePicker.checkX.size(); ++i)
            checks += (i ? ";" : "") + at(m_tablePicker.checkX[i], m_tablePicker.checkY[i]);
        const std::string line = "dialog tables source=" + m_tablePicker.title + " tables=" + list +
                                 " open_button=" + at(m_tablePicker.openButtonX, m_tablePicker.openButtonY) +
                                 " all_button=" + at(m_tablePicker.allButtonX, m_tablePicker.allButtonY) +
                                 " checks=" + checks;
        if (line != m_loggedDialog) {
            m_loggedDialog = line;
            std::printf("%s\n", line.c_str());
            std::fflush(stdout);
        }
    }
    switch (choice) {
        case MappingChoice::Load: {
            EventReadOptions o;
            o.layer = m_mapping.preview.layer;
            openEvents(m_mapping.preview.path, o, std::make_shared<EventFieldMapping>(m_mapping.mapping));
            break;
        }
        case MappingChoice::OpenAsLayer: openVector(m_mapping.preview.path); break;
        case MappingChoice::Cancel: m_log.info(m_mapping.preview.path, "not opened"); break;
        case MappingChoice::None: break;
    }
}

void Viewer::applyRequests() {
    UiRequests r = std::move(m_req);
    m_req = UiRequests{};
    for (auto& d : m_dropped) r.open.push_back(d);
    m_dropped.clear();
    // Several files with dates in their names open as one layer over time (one snapshot per file).
    for (auto& group : takeDatedFileGroups(r.open)) openTimeFiles(group, true);
    for (auto& p : r.open) openSource(p, true);
    if (r.retimeLayer) retimeLayer(r.retimeLayer, r.retimeSpec);
    if (!r.projection.empty() && normalizeCrsDefinition(r.projection) != m_projection.definition()) {
        if (setProjection(r.projection, true)) m_projPanel.typed.clear();
    }
    if (r.marginChanged) {
        for (auto& l : m_scene.layers) l.mesh.reset();
        m_scene.sphereProjection.clear();
        m_scene.projectedPlaces.reset();
        requestMeshes();
    }
    if (r.crimeaChanged && m_baseLoaded) {
        setCrimeaView(m_scene, m_base, m_view.crimea);
        requestMeshes();
    }
    if (r.zoomToLayer) {
        if (SceneLayer* l = m_scene.find(r.zoomToLayer); l && l->mesh && !l->mesh->bounds.empty())
            m_camera.fit(l->mesh->bounds);
        else if (l && l->data)
            zoomToLonLat(l->data->extent);
    }
    if (r.removeLayer) m_scene.remove(r.removeLayer);
    if (r.removeTimeLayer) m_scene.removeTimeLayer(r.removeTimeLayer);
    if (r.zoomToTimeLayer) {
        if (SceneTimeLayer* l = m_scene.findTimeLayer(r.zoomToTimeLayer)) zoomToLonLat(l->time->layer().extent);
    }
    if (r.changeLayer) computeChange(r.changeLayer, r.changeFrom, r.changeTo);
    handleExportRequest();
    if (r.resetView) resetView();
    if (r.quit) m_quit = true;
    m_scene.showGraticule = m_view.showGraticule;
    m_scene.showLabels = m_view.showLabels;
}

void Viewer::logPanelsIfChanged() {
    if (!m_opt.logView) return;
    std::string lines;
    for (const char* name : {"Layers", "Events", "Timeline", "Inspector"}) {
        const ImGuiWindow* w = ImGui::FindWindowByName(name);
        if (!w || !(w->Active || w->WasActive)) continue;
        char line[160];
        std::snprintf(line, sizeof line, "panel %s x=%.0f y=%.0f w=%.0f h=%.0f\n", name, w->Pos.x, w->Pos.y, w->Size.x,
                      w->Size.y);
        lines += line;
    }
    if (lines == m_loggedPanels) return;
    m_loggedPanels = lines;
    std::fputs(lines.c_str(), stdout);
    std::fflush(stdout);
}

void Viewer::logMemoryIfDue() {
    if (!(m_opt.logMemorySeconds > 0)) return;
    const auto now = Clock::now();
    if (now - m_lastMemoryLog < std::chrono::duration<double>(m_opt.logMemorySeconds)) return;
    m_lastMemoryLog = now;
    long rssKb = -1;
    if (FILE* f = std::fopen("/proc/self/status", "r")) {
        char line[256];
        while (std::fgets(line, sizeof line, f))
            if (std::sscanf(line, "VmRSS: %ld", &rssKb) == 1) break;
        std::fclose(f);
    }
    // glibc: bytes handed out by malloc (arena and mmap) versus free bytes it keeps in its arenas. A leak grows the
    // first; memory freed but not returned to the system grows only the second.
    const struct mallinfo2 mi = mallinfo2();
    size_t userLayers = 0, events = 0;
    for (const auto& l : m_scene.layers) userLayers += l.role == LayerRole::User;
    for (const auto& e : m_scene.eventLayers) events += e.data ? e.data->store.size() : 0;
    std::printf("memory s=%.1f rss_kb=%ld heap_used_kb=%zu heap_free_kb=%zu user_layers=%zu event_layers=%zu "
                "time_layers=%zu events=%zu mesh_kb=%zu gpu_meshes=%zu gpu_kb=%zu jobs=%zu messages=%zu\n",
                std::chrono::duration<double>(now - m_start).count(), rssKb, (mi.uordblks + mi.hblkhd) / 1024,
                mi.fordblks / 1024, userLayers, m_scene.eventLayers.size(), m_scene.timeLayers.size(), events,
                m_scene.meshBytes() / 1024, m_renderer ? m_renderer->gpuMeshCount() : 0,
                m_renderer ? m_renderer->gpuBytes() / 1024 : 0, m_jobs->activeJobs().size(), m_log.size());
    std::fflush(stdout);
}

void Viewer::logViewIfChanged() {
    if (!m_opt.logView) return;
    const LonLat c = viewCenterLonLat();
    char buf[256];
    std::snprintf(buf, sizeof buf, "view center=%.6f,%.6f units_per_pixel=%.6g size=%dx%d", c.lon, c.lat,
                  m_camera.unitsPerPixel, m_camera.width, m_camera.height);
    if (m_lastViewLog != buf) {
        m_lastViewLog = buf;
        std::printf("%s\n", buf);
        std::fflush(stdout);
    }
}

int Viewer::run() {
    initWindow();
    initImGui();
    m_renderer = std::make_unique<MapRenderer>();
    try {
        m_font = FontAtlas::build(findMapFont());
        m_renderer->setFontAtlas(m_font.width(), m_font.height(), m_font.pixels().data());
    } catch (const Error& e) {
        m_log.warning(e.subject(), e.reason() + "; place labels are off");
    }
    m_jobs = std::make_unique<JobRunner>(2);
    m_scene.requestFrontLine = [this](int id, int32_t snapshot) { requestFrontLine(id, snapshot); };
    m_log.setEcho([](const Message& msg) {
        if (msg.severity != Severity::Info) std::fprintf(stderr, "frontmap: %s\n", formatMessage(msg).c_str());
    });
    int fw, fh;
    glfwGetFramebufferSize(m_window, &fw, &fh);
    m_camera.width = std::max(fw, 1);
    m_camera.height = std::max(fh, 1);
    if (!setProjection(m_opt.projection.empty() ? m_view.projection : m_opt.projection, false)) {
        std::fprintf(stderr, "frontmap: falling back to the default projection\n");
        setProjection(m_view.projection, false);
    }
    if (!m_opt.noBasemap) startBaseMapLoad();
    m_sessionPath = m_opt.sessionPath.empty() ? defaultSessionPath() : m_opt.sessionPath;
    // A saved view is the whole map: its layers, not the example events (unless it lists them). Without files or a
    // view, the last session comes back.
    bool restored = false;
    if (!m_opt.viewPath.empty()) {
        try {
            const ViewFile v = openViewFile(m_opt.viewPath);
            m_startViewWidth = v.width;
            m_startViewHeight = v.height;
        } catch (const Error& e) {
            m_log.error(e.subject(), e.reason());
            if (m_opt.quitAfterExport) return 1;
        }
    } else if (m_opt.files.empty() && !m_opt.noRestore) {
        restored = restoreSession();  // it has the example events when they were open
    }
    if (!m_opt.noExamples && !restored && m_opt.viewPath.empty()) {
        const std::string assets = findAssetsDir();
        const std::string examples = assets + "/events/example_events_2025-03.geojson";
        if (!assets.empty() && std::filesystem::exists(examples)) openEvents(examples, {});
    }
    std::vector<std::string> files = m_opt.files;
    for (auto& group : takeDatedFileGroups(files)) openTimeFiles(group, false);
    for (auto& f : files) openSource(f);
    m_startExportPending = m_startExportRequested = !m_opt.exportOnStart.empty();

    while (!glfwWindowShouldClose(m_window) && !m_quit) {
        const auto t0 = Clock::now();
        // Draw only when something changed: input, a finished job, playback, a drag, or a progress bar to update
        // (at most twice a second). A frame on a software renderer costs real time.
        const bool working = !m_jobs->activeJobs().empty() || !m_live.empty() || !m_liveLayers.empty();
        const bool benchPanning = m_opt.benchPanFrames > 0 && m_firstCompleteFrameLogged;
        const bool animating = m_dragging || m_scene.filter.playing || m_imageExport || benchPanning;
        // Frames still owed (m_dirty) are drawn at once: waiting here would show a combo opened by a click, or a
        // popup's first visible frame, only a second later.
        if (animating || m_dirty > 0)
            glfwPollEvents();
        else
            glfwWaitEventsTimeout(working ? 0.5 : 1.0);
        if (m_jobs->pollCompleted() > 0) m_dirty = 3;
        updateFrontDistances();
        if (m_viewFilter && m_loadJobs == 0) {
            m_scene.filter = *m_viewFilter;
            m_scene.filter.touch();
            m_viewFilter.reset();
            m_dirty = 3;
        }
        if (m_startExportPending && !m_viewFilter && sceneComplete()) {
            m_startExportPending = false;
            requestStartExport();
        }
        updateLiveLayers();
        saveSessionIfChanged(false);
        logMemoryIfDue();
        const auto now = Clock::now();
        if (working && now - m_lastDraw > std::chrono::milliseconds(500)) m_dirty = std::max(m_dirty, 1);
        if (!animating && m_dirty <= 0 && !(m_opt.exitAfterSeconds > 0)) continue;
        m_dirty = std::max(0, m_dirty - 1);
        m_lastDraw = now;
        glfwGetFramebufferSize(m_window, &fw, &fh);
        if (fw > 0 && fh > 0 && (fw != m_camera.width || fh != m_camera.height)) {
            m_camera.width = fw;
            m_camera.height = fh;
        }
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGui::NewFrame();
        handleInput();
        if (benchPanning) {
            // Like a drag: 8 px per frame, turning every 30 frames.
            const int k = static_cast<int>(m_panMs.size());
            m_camera.pan((k / 30) % 2 == 0 ? 8.0 : -8.0, 0.0);
        }
        drawUi();
        ImGui::Render();
        applyRequests();
        const auto exportStart = Clock::now();
        const bool exporting = m_imageExport != nullptr;
        advanceImageExport();
        const auto exportDone = Clock::now();

        if (fw > 0 && fh > 0) {
            glBindFramebuffer(GL_FRAMEBUFFER, 0);
            glViewport(0, 0, fw, fh);
            FrameSettings frame;
            frame.camera = m_camera;
            m_scene.draw(*m_renderer, frame, m_font.empty() ? nullptr : &m_font, m_projection.definition());
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
            glfwSwapBuffers(m_window);
        }
        if (benchPanning) glFinish();  // the frame's real cost, not just the queued commands
        logViewIfChanged();
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        m_frameMs.push_back(ms);
        if (m_opt.logFrames && (exporting || m_imageWriteJob)) {
            // Whether the window keeps drawing during an export: every frame's time and the export's progress.
            std::printf("export_frame ms=%.1f tiles_ms=%.1f progress=%.3f\n", ms,
                        std::chrono::duration<double, std::milli>(exportDone - exportStart).count(), m_export.progress);
            std::fflush(stdout);
        }
        if (benchPanning) {
            m_panMs.push_back(ms);
            auto summary = [](const char* what, std::vector<double> v) {
                std::sort(v.begin(), v.end());
                std::printf("%s=%zu median_ms=%.2f p95_ms=%.2f max_ms=%.2f\n", what, v.size(), v[v.size() / 2],
                            v[v.size() * 95 / 100], v.back());
                std::fflush(stdout);
            };
            // Each leg of the back-and-forth (30 frames) on its own too, so one process gives several samples.
            if (m_panMs.size() % 30 == 0)
                summary("pan_leg", std::vector<double>(m_panMs.end() - 30, m_panMs.end()));
            if (static_cast<int>(m_panMs.size()) >= m_opt.benchPanFrames) {
                summary("pan_frames", m_panMs);
                m_quit = true;
            }
        }
        if (!m_firstCompleteFrameLogged && m_baseLoaded && m_loadJobs == 0 && m_meshJobs.empty()) {
            m_firstCompleteFrameLogged = true;
            const double s = std::chrono::duration<double>(Clock::now() - m_start).count();
            m_log.info("startup", "first complete frame after " + std::to_string(s) + " s");
            if (m_opt.logView || m_opt.logFrames) {
                std::printf("first_complete_frame_s=%.3f\n", s);
                std::fflush(stdout);
            }
        }
        if (m_opt.exitAfterSeconds > 0 &&
            std::chrono::duration<double>(Clock::now() - m_start).count() > m_opt.exitAfterSeconds)
            m_quit = true;
    }
    saveSessionIfChanged(true);
    if (m_opt.logFrames && !m_frameMs.empty()) {
        std::vector<double> v = m_frameMs;
        std::sort(v.begin(), v.end());
        std::printf("frames=%zu median_ms=%.2f p95_ms=%.2f\n", v.size(), v[v.size() / 2], v[v.size() * 95 / 100]);
    }
    // Closing the window mid-export: the writer is cancelled (its temporary removed) before the jobs are joined.
    if (m_imageWriteJob) m_imageWriteJob->cancel();
    // Scripted exports report an input that could not be used, as `frontmap snapshot` does.
    if (m_opt.quitAfterExport && m_log.count(Severity::Error) > 0) m_exitStatus = 1;
    return m_exitStatus;
}

}  // namespace

int runViewer(const ViewerOptions& options) {
    try {
        Viewer v(options);
        return v.run();
    } catch (const Error& e) {
        std::fprintf(stderr, "frontmap: %s\n", e.what());
        return 1;
    }
}

}  // namespace fm
