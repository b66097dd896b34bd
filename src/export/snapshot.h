// Renders a MapScene offscreen into an Image with the same renderer the window uses. Sizes above the tile size
// are rendered in tiles and stitched; labels are placed once for the whole image, so a tiled image and a single
// render of the same view show the same labels. TiledSnapshot renders a few tiles at a time, so the window can
// spread a big export over many frames and stay responsive; renderSnapshot() renders all at once.
#pragma once

#include <functional>
#include <memory>

#include "export/image_writer.h"
#include "render/decorations.h"
#include "render/gl_objects.h"
#include "render/map_scene.h"

namespace fm {

struct SnapshotSpec {
    int width = 1920;
    int height = 1080;
    float pixelRatio = 0.f;  // 0: automatic, so big images look like the screen rather than hairlines
    Camera camera;           // centre and resolution; width/height are taken from the spec
    int samples = 4;
    int maxTileSide = 4096;  // tiles are at most this big (and within the GL limit)
    const Decorations* decorations = nullptr;  // drawn over the map, in full-image pixels
};

float automaticPixelRatio(int width, int height);
// Throws fm::Error when a side is outside 1..65536 pixels.
void checkSnapshotSize(int width, int height);

// An image being rendered tile by tile. Needs the GL context current for construction, renderTiles() and
// destruction (it owns a render target). The scene must stay unchanged between calls.
class TiledSnapshot {
public:
    // Allocates the image and the tile target; throws fm::Error (invalid size, GL limits).
    explicit TiledSnapshot(const SnapshotSpec& spec);
    // Renders tiles until all are done, `maxTiles` were rendered or `budgetMs` milliseconds have passed (at least
    // one tile per call). Returns true when the image is complete.
    bool renderTiles(MapScene& scene, MapRenderer& renderer, const FontAtlas* font, const std::string& projection,
                     int maxTiles = 1 << 30, double budgetMs = 0);
    bool done() const { return m_next >= tileCount(); }
    int tileCount() const { return m_tilesX * m_tilesY; }
    int tilesDone() const { return m_next; }
    float progress() const { return static_cast<float>(m_next) / static_cast<float>(tileCount()); }
    // The finished image (moved out); only once done().
    Image takeImage();

private:
    SnapshotSpec m_spec;
    float m_pixelRatio = 1.f;
    int m_tilesX = 1, m_tilesY = 1, m_tileW = 0, m_tileH = 0;
    int m_next = 0;
    Image m_image;
    std::unique_ptr<gl::RenderTarget> m_target;
    std::vector<uint8_t> m_tile;
};

// The georeference of an image seen through `camera` (the whole image) in `projection`.
GeoReference snapshotGeoReference(const Camera& camera, const Projection& projection);

// Needs a current GL context and a MapRenderer. `progress` (0..1) may be null; throws fm::Error.
Image renderSnapshot(MapScene& scene, MapRenderer& renderer, const FontAtlas* font, const std::string& projection,
                     const SnapshotSpec& spec, const std::function<void(float)>& progress = {});

}  // namespace fm
