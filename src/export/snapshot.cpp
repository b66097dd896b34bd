#include "export/snapshot.h"

#include <algorithm>
#include <chrono>

#include "core/error.h"

namespace fm {

float automaticPixelRatio(int width, int height) {
    return static_cast<float>(std::max(1.0, std::min(width, height) / 1000.0));
}

void checkSnapshotSize(int width, int height) {
    if (width <= 0 || height <= 0 || width > 65536 || height > 65536)
        throw Error("snapshot", "invalid size " + std::to_string(width) + "x" + std::to_string(height) +
                                    " (1 to 65536 pixels per side)");
}

TiledSnapshot::TiledSnapshot(const SnapshotSpec& spec) : m_spec(spec) {
    checkSnapshotSize(spec.width, spec.height);
    m_image.width = spec.width;
    m_image.height = spec.height;
    m_image.rgba.resize(static_cast<size_t>(spec.width) * spec.height * 4);
    const int maxTile = std::max(64, std::min(gl::maxRenderSize(), spec.maxTileSide));
    m_tilesX = (spec.width + maxTile - 1) / maxTile;
    m_tilesY = (spec.height + maxTile - 1) / maxTile;
    m_tileW = (spec.width + m_tilesX - 1) / m_tilesX;
    m_tileH = (spec.height + m_tilesY - 1) / m_tilesY;
    m_pixelRatio = spec.pixelRatio > 0 ? spec.pixelRatio : automaticPixelRatio(spec.width, spec.height);
    m_spec.camera.width = spec.width;
    m_spec.camera.height = spec.height;
    m_target = std::make_unique<gl::RenderTarget>(m_tileW, m_tileH, spec.samples);
    m_tile.resize(static_cast<size_t>(m_tileW) * m_tileH * 4);
}

bool TiledSnapshot::renderTiles(MapScene& scene, MapRenderer& renderer, const FontAtlas* font, const std::string& projection,
                                int maxTiles, double budgetMs) {
    const auto start = std::chrono::steady_clock::now();
    const Camera& full = m_spec.camera;
    // Place labels keep out of the title, legend and scale bar rather than showing through them.
    scene.labelObstacles = m_spec.decorations ? m_spec.decorations->panels : std::vector<BBox>{};
    for (int rendered = 0; !done() && rendered < maxTiles; ++rendered) {
        if (rendered > 0 && budgetMs > 0 &&
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() >= budgetMs)
            break;
        const int tx = m_next % m_tilesX, ty = m_next / m_tilesX;
        const int x0 = tx * m_tileW, y0 = ty * m_tileH;
        const int w = std::min(m_tileW, m_spec.width - x0), h = std::min(m_tileH, m_spec.height - y0);
        // The tile's camera: same resolution, centred on the tile's part of the full image.
        FrameSettings frame;
        frame.pixelRatio = m_pixelRatio;
        frame.camera = full;
        frame.camera.width = m_tileW;
        frame.camera.height = m_tileH;
        frame.camera.center = full.screenToMap(x0 + m_tileW * 0.5, y0 + m_tileH * 0.5);
        frame.tiled = m_tilesX * m_tilesY > 1;
        frame.wholeImage = full;
        frame.tileX = x0;
        frame.tileY = y0;
        m_target->bind();
        scene.draw(renderer, frame, font, projection);
        if (m_spec.decorations)
            drawDecorations(renderer, *m_spec.decorations, EventDrawParams{}, x0, y0, m_tileW, m_tileH, m_pixelRatio);
        m_target->readPixels(m_tile.data());
        for (int row = 0; row < h; ++row)
            std::copy(m_tile.begin() + static_cast<size_t>(row) * m_tileW * 4,
                      m_tile.begin() + (static_cast<size_t>(row) * m_tileW + w) * 4,
                      m_image.rgba.begin() + (static_cast<size_t>(y0 + row) * m_spec.width + x0) * 4);
        ++m_next;
    }
    return done();
}

Image TiledSnapshot::takeImage() {
    if (!done()) throw Error("snapshot", "the image is not finished");
    return std::move(m_image);
}

GeoReference snapshotGeoReference(const Camera& camera, const Projection& projection) {
    GeoReference ref;
    ref.extent = camera.visibleBounds();
    ref.wkt = projection.toWkt(true);
    ref.tiffWkt = projection.toWkt(false);
    return ref;
}

Image renderSnapshot(MapScene& scene, MapRenderer& renderer, const FontAtlas* font, const std::string& projection,
                     const SnapshotSpec& spec, const std::function<void(float)>& progress) {
    TiledSnapshot snapshot(spec);
    while (!snapshot.renderTiles(scene, renderer, font, projection, 1))
        if (progress) progress(snapshot.progress());
    if (progress) progress(1.f);
    return snapshot.takeImage();
}

}  // namespace fm
