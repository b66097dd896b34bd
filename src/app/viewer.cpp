#include "app/viewer.h"

#include <glad/gl.h>
// glad before GLFW so GLFW does not include a system GL header.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <geodesic.h>
#include <proj.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <set>

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
#include "sources/event_reader.h"
#include "sources/time_layer.h"
#include "sources/vector_reader.h"
#include "app/scene_setup.h"
#include "export/event_export.h"
#include "export/snapshot.h"
#include "model/view_file.h"
#include "ui/change_panel.h"
#include "ui/export_panel.h"
#include "ui/event_filter_panel.h"
#include "ui/file_dialog.h"
#include "ui/inspector_panel.h"
#include "ui/jobs_panel.h"
#include "ui/layers_panel.h"
#include "ui/messages_panel.h"
#include "ui/projection_panel.h"
#include "ui/status_bar.h"
#include "ui/timeline_panel.h"

namespace fm {

namespace {

using Clock = std::chrono::steady_clock;

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
    void openSource(const std::string& path);
    void openEvents(const std::string& path, const EventReadOptions& options);
    void openArticles(const std::string& path);
    void requestFrontLine(int id, int32_t snapshot);
    void computeChange(int id, int32_t from, int32_t to);
    void handleExportRequest();
    ViewFile currentView() const;
    void updateFrontDistances();
    void requestMeshes();
    bool setProjection(const std::string& def, bool keepView);
    void resetView();
    void zoomToLonLat(const BBox& ll);
    void handleInput();
    void drawUi();
    void applyRequests();
    void logViewIfChanged();
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
    bool m_showChange = false;
    FileDialog m_fileDialog;
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
    std::string m_lastViewLog;
    Clock::time_point m_start = Clock::now();
    Clock::time_point m_lastDraw = Clock::now();
    bool m_firstCompleteFrameLogged = false;
    std::vector<double> m_frameMs;
    std::vector<double> m_panMs;  // --bench-pan: the timed frames
    bool m_quit = false;
};

Viewer::~Viewer() {
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
    static std::string iniPath;
    if (const char* home = std::getenv("HOME")) {
        std::error_code ec;
        std::filesystem::create_directories(std::string(home) + "/.config/frontmap", ec);
        iniPath = std::string(home) + "/.config/frontmap/imgui.ini";
        io.IniFilename = ec ? nullptr : iniPath.c_str();
    }
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

void Viewer::openEvents(const std::string& path, const EventReadOptions& options) {
    ++m_loadJobs;
    struct Result {
        std::shared_ptr<EventLayerData> data;
        std::shared_ptr<EventIndex> index;
    };
    auto result = std::make_shared<Result>();
    const std::string name = std::filesystem::path(path).filename().string();
    m_jobs->submit(
        "Opening events " + name,
        [this, path, options, result](Job& job) {
            try {
                result->data = readEvents(path, options, defaultActorTable(), m_log, &job);
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
        [this, result] {
            --m_loadJobs;
            if (!result->data || result->data->store.empty()) return;
            const bool first = m_scene.eventLayers.empty();
            m_scene.addEventLayer(result->data->title, result->data, result->index);
            if (first) {  // a new timeline starts showing everything
                m_scene.filter.dayFrom = INT32_MIN;
                m_scene.filter.dayTo = INT32_MAX;
            }
            m_scene.filter.touch();
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
    m_jobs->submit(
        "Front line " + formatDay(snapshot),
        [copy, snapshot, outline, russia, proj, opts, result](Job&) {
            *result = buildFrontLineMesh(*copy, snapshot, outline.get(), russia.get(), proj, opts);
        },
        [this, key, def, result] {
            m_frontPending.erase(key);
            SceneTimeLayer* layer = m_scene.findTimeLayer(key.first);
            if (!layer || def != m_projection.definition() || layer->meshProjection != def) return;
            layer->frontLines[key.second] = *result;
        });
}

void Viewer::updateFrontDistances() {
    if (m_scene.timeLayers.empty()) return;
    const SceneTimeLayer& t = m_scene.timeLayers.front();
    // Wait for the base map when it is coming: without Ukraine's outline, borders would count as front.
    if (!m_opt.noBasemap && !m_baseLoaded) return;
    for (auto& l : m_scene.eventLayers) {
        if (l.frontLayerId == t.id || m_frontJobs.count(l.id)) continue;
        const int eventId = l.id, timeId = t.id;
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
            [this, eventId, timeId, result] {
                m_frontJobs.erase(eventId);
                SceneEventLayer* layer = m_scene.findEventLayer(eventId);
                if (!layer || result->size() != layer->data->store.size()) return;
                layer->frontDistance = std::move(*result);
                layer->frontLayerId = timeId;
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
    // The visible box in lon/lat, from the screen's edges, for other image sizes.
    BBox ll;
    for (int i = 0; i <= 16; ++i) {
        const double f = i / 16.0;
        for (const Vec2 s : {Vec2{f * m_camera.width, 0}, Vec2{f * m_camera.width, double(m_camera.height)},
                             Vec2{0, f * m_camera.height}, Vec2{double(m_camera.width), f * m_camera.height}}) {
            const Vec2 m = m_camera.screenToMap(s.x, s.y);
            double lon, lat;
            if (m_uiTransformer && m_uiTransformer->inverse(m.x, m.y, lon, lat)) ll.add(lon, lat);
        }
    }
    if (!ll.empty() && isValidLonLat(ll.minX, ll.minY) && isValidLonLat(ll.maxX, ll.maxY) && ll.minX < ll.maxX) {
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

void Viewer::handleExportRequest() {
    ExportRequest& x = m_export;
    if (x.ready) {
        x.ready = false;
        x.error.clear();
        const std::string problem = imageExportProblem(x);
        if (!problem.empty()) {
            x.error = problem;
        } else {
            // Rendered here, on the GL thread, by the same renderer as the window; encoding and writing go to a worker.
            try {
                SnapshotSpec spec;
                spec.width = x.width;
                spec.height = x.height;
                spec.pixelRatio = exportPixelRatio(x);
                spec.camera = m_camera;
                // Same view, more pixels: keep the centre and the extent along the limiting axis.
                spec.camera.unitsPerPixel = std::max(m_camera.unitsPerPixel * m_camera.width / x.width,
                                                     m_camera.unitsPerPixel * m_camera.height / x.height);
                spec.camera.width = x.width;
                spec.camera.height = x.height;
                DecorationSpec deco;
                deco.pixelRatio = spec.pixelRatio > 0 ? spec.pixelRatio : automaticPixelRatio(x.width, x.height);
                deco.title = x.title;
                if (x.dateStamp) deco.stamp = dateStampFor(m_scene.filter);
                if (x.attribution) deco.attribution = "Natural Earth · GeoNames (CC BY 4.0) · made with frontmap";
                if (x.scaleBar) deco.scaleBar = true, deco.metersPerPixel = metersPerPixelAt(m_camera.width * 0.5, m_camera.height * 0.5) *
                                                                        spec.camera.unitsPerPixel / m_camera.unitsPerPixel;
                if (x.legend) {
                    deco.legend = true;
                    for (int s = 0; s < kSideCount; ++s) {
                        size_t n = 0;
                        for (auto& l : m_scene.eventLayers) n += l.counts.perSide[s];
                        if (n) deco.legendSides.push_back(s);
                    }
                    for (int t = 0; t < kEventTypeCount; ++t) {
                        size_t n = 0;
                        for (auto& l : m_scene.eventLayers) n += l.counts.perType[t];
                        if (n && (m_scene.filter.typeMask >> t & 1u)) deco.legendTypes.push_back(t);
                    }
                }
                Decorations decorations;
                if (!m_font.empty()) decorations = buildDecorations(deco, m_font, x.width, x.height, EventDrawParams{});
                spec.decorations = &decorations;
                auto image = std::make_shared<Image>(renderSnapshot(m_scene, *m_renderer, m_font.empty() ? nullptr : &m_font,
                                                                    m_projection.definition(), spec));
                GeoReference ref;
                const Camera& c = spec.camera;
                ref.extent = BBox::of(c.center.x - c.width * 0.5 * c.unitsPerPixel, c.center.y - c.height * 0.5 * c.unitsPerPixel,
                                      c.center.x + c.width * 0.5 * c.unitsPerPixel, c.center.y + c.height * 0.5 * c.unitsPerPixel);
                ref.wkt = m_projection.toWkt(true);
                const std::string path = x.imagePath;
                auto error = std::make_shared<std::string>();
                x.busy = true;
                m_jobs->submit(
                    "Writing " + std::filesystem::path(path).filename().string(),
                    [image, ref, path, error](Job&) {
                        try {
                            writePng(path, *image);
                            writeWorldFile(path, *image, ref);
                        } catch (const Error& e) {
                            *error = e.what();
                        }
                    },
                    [this, path, error, w = x.width, h = x.height] {
                        m_export.busy = false;
                        if (!error->empty()) {
                            m_export.error = *error;
                            m_log.error(path, *error);
                        } else {
                            m_export.status = "Wrote " + path + " (" + std::to_string(w) + "x" + std::to_string(h) + ") with .pgw and .prj";
                            m_log.info(path, m_export.status);
                        }
                    });
            } catch (const Error& e) {
                x.error = e.what();
            }
            glBindFramebuffer(GL_FRAMEBUFFER, 0);
        }
    }
    if (x.exportEvents) {
        x.exportEvents = false;
        auto scene = std::make_shared<MapScene>(m_scene);  // a consistent copy for the worker (layer data is shared)
        auto view = std::make_shared<ViewFile>(currentView());
        const std::string path = x.eventsPath;
        const bool withView = x.eventsWithView;
        auto error = std::make_shared<std::string>();
        x.busy = true;
        m_jobs->submit(
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
                m_export.busy = false;
                if (!error->empty())
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
            ViewFile v = readViewFile(x.viewPath);
            if (!v.projection.empty()) setProjection(v.projection, false);
            if (v.hasFilter) {
                m_scene.filter = v.filter;
                m_scene.filter.touch();
            }
            m_view.crimea = v.crimea;
            m_view.showGraticule = v.graticule;
            m_view.showLabels = v.labels;
            if (v.hasExtent) zoomToLonLat(v.extentLonLat);
            for (const ViewLayer& l : v.layers) {
                const std::string src = resolveViewSource(x.viewPath, l.source);
                bool open = false;
                for (auto& e : m_scene.layers) open |= e.data && e.data->source == src;
                for (auto& e : m_scene.eventLayers) open |= e.data->report.source == src;
                for (auto& e : m_scene.timeLayers) open |= e.time->layer().source == src;
                if (!open) openSource(src);
            }
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
            const bool first = m_scene.eventLayers.empty();
            m_scene.addEventLayer((*result)->title, *result, *index);
            if (first) {
                m_scene.filter.dayFrom = INT32_MIN;
                m_scene.filter.dayTo = INT32_MAX;
            }
            m_scene.filter.touch();
            requestMeshes();
        });
}

void Viewer::openSource(const std::string& path) {
    // News articles (text, Markdown, JSON Lines, or a folder of them) become events through the gazetteer.
    if (looksLikeArticleSource(path)) {
        openArticles(path);
        return;
    }
    // Point data with a date column is an event layer; everything else is a vector layer.
    if (looksLikeEventSource(path, m_opt.eventOptions)) {
        openEvents(path, m_opt.eventOptions);
        return;
    }
    ++m_loadJobs;
    auto result = std::make_shared<std::vector<std::shared_ptr<LayerData>>>();
    const std::string name = std::filesystem::path(path).filename().string();
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
                        m_scene.addTimeLayer(d->title, time);
                        m_log.info(path, "opened " + d->title + " as areas of control over time: " +
                                             std::to_string(time->snapshotDays().size()) + " dates, " +
                                             std::to_string(time->categories().size()) + " categories");
                        ext.add(d->extent);
                        continue;
                    } catch (const Error& e) {
                        m_log.warning(e.subject(), e.reason() + "; drawn as a plain layer");
                    }
                }
                m_scene.addLayer(LayerRole::User, d->title, d, defaultUserStyle(d->lonlat.kind, index++));
                ext.add(d->extent);
                m_log.info(path, "opened " + d->title + ": " + std::to_string(d->featureCount()) + " " +
                                     geomKindName(d->lonlat.kind) + " (" + d->crsName + ")");
            }
            requestMeshes();
        });
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
            [this, id, def, result] {
                m_meshJobs.erase(std::remove_if(m_meshJobs.begin(), m_meshJobs.end(),
                                                [id](const auto& p) { return p.first == id && p.second->finished(); }),
                                 m_meshJobs.end());
                SceneLayer* layer = m_scene.find(id);
                if (!layer || !result->mesh || def != m_projection.definition()) return;
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
            [this, id, def, result] {
                m_meshJobs.erase(std::remove_if(m_meshJobs.begin(), m_meshJobs.end(),
                                                [id](const auto& p) { return p.first == id && p.second->finished(); }),
                                 m_meshJobs.end());
                SceneEventLayer* layer = m_scene.findEventLayer(id);
                if (!layer || !*result || def != m_projection.definition()) return;
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
}

void Viewer::applyRequests() {
    UiRequests r = std::move(m_req);
    m_req = UiRequests{};
    for (auto& d : m_dropped) r.open.push_back(d);
    m_dropped.clear();
    for (auto& p : r.open) openSource(p);
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
    if (!m_opt.noExamples) {
        const std::string assets = findAssetsDir();
        const std::string examples = assets + "/events/example_events_2025-03.geojson";
        if (!assets.empty() && std::filesystem::exists(examples)) openEvents(examples, {});
    }
    for (auto& f : m_opt.files) openSource(f);

    while (!glfwWindowShouldClose(m_window) && !m_quit) {
        const auto t0 = Clock::now();
        // Draw only when something changed: input, a finished job, playback, a drag, or a progress bar to update
        // (at most twice a second). A frame on a software renderer costs real time.
        const bool working = !m_jobs->activeJobs().empty();
        const bool benchPanning = m_opt.benchPanFrames > 0 && m_firstCompleteFrameLogged;
        const bool animating = m_dragging || m_scene.filter.playing || benchPanning;
        if (animating)
            glfwPollEvents();
        else
            glfwWaitEventsTimeout(working ? 0.5 : 1.0);
        if (m_jobs->pollCompleted() > 0) m_dirty = 3;
        updateFrontDistances();
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
    if (m_opt.logFrames && !m_frameMs.empty()) {
        std::vector<double> v = m_frameMs;
        std::sort(v.begin(), v.end());
        std::printf("frames=%zu median_ms=%.2f p95_ms=%.2f\n", v.size(), v[v.size() / 2], v[v.size() * 95 / 100]);
    }
    return 0;
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
