// Draws map layers with GL: stencil-and-cover polygon fills (non-zero rule, so holes and multipolygons are exact
// without triangulation), pixel-width antialiased lines with optional dashes, circle points and SDF text.
// The same renderer draws into the window and into offscreen targets for snapshots. It keeps GPU copies of
// meshes keyed by mesh id and drops the ones not drawn for a while.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "geo/camera.h"
#include "geo/event_mesh.h"
#include "geo/mesh_builder.h"
#include "model/layer_style.h"
#include "render/gl_objects.h"

namespace fm {

struct TextVertex {
    float x, y;  // screen pixels, y down
    float u, v;
    float color[4];  // straight alpha
    float halo[4];
};

struct FrameSettings {
    Camera camera;
    float pixelRatio = 1.f;  // multiplies line widths, point sizes and dash lengths (exports at print size)
    Color background = Color::rgb(0xd4, 0xd4, 0xd0);
    // Tiled exports: the whole image's camera and this frame's top-left corner in it. Place labels are laid out
    // once for the whole image, so they neither repeat nor break at tile edges.
    bool tiled = false;
    Camera wholeImage;
    int tileX = 0, tileY = 0;
};

struct EventDrawParams {
    const EventStore* store = nullptr;  // the store the mesh was built from (its days, types, actor sets)
    int32_t dayFrom = INT32_MIN, dayTo = INT32_MAX;
    uint32_t typeMask = 0xffffffffu, precisionMask = 0xffffffffu;
    const std::vector<uint8_t>* setOn = nullptr;  // per actor set; null = all on
    uint64_t setOnVersion = 0;                    // re-uploaded when this changes
    float pointRadius = 5.f;                      // pixels at pixel ratio 1
    Color sideColors[4] = {Color::rgb(0xc6, 0x28, 0x28), Color::rgb(0x15, 0x65, 0xc0), Color::rgb(0x2e, 0x7d, 0x32),
                           Color::rgb(0x6d, 0x6d, 0x6d)};
    int selected = -1;  // event index to ring
    bool areas = true;  // draw uncertainty areas
    float opacity = 1.f;
    const std::vector<float>* frontDistance = nullptr;  // per event, signed km to the front line
    uint64_t frontVersion = 0;
    float frontMaxKm = 0.f;
    int heldBy = 0;
};

class MapRenderer {
public:
    MapRenderer();  // needs a current GL 3.3 core context; throws fm::Error if shaders fail
    ~MapRenderer();
    MapRenderer(const MapRenderer&) = delete;
    MapRenderer& operator=(const MapRenderer&) = delete;

    void setFontAtlas(int width, int height, const uint8_t* pixels);

    // Binds nothing: the caller binds the framebuffer and sets the viewport to the camera's size.
    void beginFrame(const FrameSettings& frame);
    // Changes the camera and pixel ratio mid-frame without clearing (overlays drawn in another space).
    void setFrame(const FrameSettings& frame) { m_frame = frame; }
    void drawMesh(const LayerMesh& mesh, const LayerStyle& style);
    // A filled polygon mesh drawn with one colour, ignoring styles (the ocean/sphere background).
    void drawFill(const LayerMesh& mesh, const Color& color, bool hatch = false);
    // Fill classes styled one by one: `classStyle(cls, colour, hatch)` returns false to skip a class.
    using ClassStyle = std::function<bool(int fillClass, Color& color, bool& hatch)>;
    void drawFillClasses(const LayerMesh& mesh, const ClassStyle& classStyle, float opacity = 1.f);
    void drawLines(const LayerMesh& mesh, const Color& color, float widthPx, float dashPx = 0.f, float gapPx = 0.f);
    void drawPoints(const LayerMesh& mesh, const Color& color, float radiusPx, const Color& outline, float outlinePx);
    void drawText(const std::vector<TextVertex>& vertices, float haloWidth = 0.18f);
    // Events filtered on the GPU. `clusters` meshes (radius in pixels, no filter) use drawClusters.
    void drawEvents(const EventMesh& mesh, const EventDrawParams& params);
    void drawClusters(const EventMesh& clusters, const EventDrawParams& params);
    void endFrame();

    size_t gpuMeshCount() const { return m_meshes.size(); }
    size_t gpuBytes() const;

private:
    struct GpuMesh;
    struct GpuEvents;
    GpuMesh& gpu(const LayerMesh& mesh);
    GpuEvents& gpuEvents(const EventMesh& mesh, const EventStore* store);
    void eventPass(GpuEvents& g, int pass);
    void setTransform(GLuint program, const LayerMesh& mesh);
    void stencilFill(const LayerMesh& mesh, const ClassStyle& classStyle, float opacity);

    FrameSettings m_frame;
    gl::Program m_fill, m_line, m_point, m_text, m_event;
    gl::Texture m_atlas;
    gl::Buffer m_textVbo;
    gl::VertexArray m_textVao;
    size_t m_textCapacity = 0;
    std::unordered_map<uint64_t, std::unique_ptr<GpuMesh>> m_meshes;
    std::unordered_map<uint64_t, std::unique_ptr<GpuEvents>> m_events;
    uint64_t m_frameCounter = 0;
};

}  // namespace fm
