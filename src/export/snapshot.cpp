#include "export/snapshot.h"

#include <algorithm>

#include "core/error.h"

namespace fm {

float automaticPixelRatio(int width, int height) {
    return static_cast<float>(std::max(1.0, std::min(width, height) / 1000.0));
}

Image renderSnapshot(MapScene& scene, MapRenderer& renderer, const FontAtlas* font, const std::string& projection,
                     const SnapshotSpec& spec, const std::function<void(float)>& progress) {
    if (spec.width <= 0 || spec.height <= 0 || spec.width > 65536 || spec.height > 65536)
        throw Error("snapshot", "invalid size " + std::to_string(spec.width) + "x" + std::to_string(spec.height) +
                                    " (1 to 65536 pixels per side)");
    Image img;
    img.width = spec.width;
    img.height = spec.height;
    img.rgba.resize(static_cast<size_t>(spec.width) * spec.height * 4);
    const int maxTile = std::min(gl::maxRenderSize(), 4096);
    const int tilesX = (spec.width + maxTile - 1) / maxTile;
    const int tilesY = (spec.height + maxTile - 1) / maxTile;
    const int tileW = (spec.width + tilesX - 1) / tilesX;
    const int tileH = (spec.height + tilesY - 1) / tilesY;
    const float pr = spec.pixelRatio > 0 ? spec.pixelRatio : automaticPixelRatio(spec.width, spec.height);
    gl::RenderTarget target(tileW, tileH, spec.samples);
    std::vector<uint8_t> tile(static_cast<size_t>(tileW) * tileH * 4);
    Camera full = spec.camera;
    full.width = spec.width;
    full.height = spec.height;
    int done = 0;
    for (int ty = 0; ty < tilesY; ++ty) {
        for (int tx = 0; tx < tilesX; ++tx) {
            const int x0 = tx * tileW, y0 = ty * tileH;
            const int w = std::min(tileW, spec.width - x0), h = std::min(tileH, spec.height - y0);
            // The tile's camera: same resolution, centred on the tile's part of the full image.
            FrameSettings frame;
            frame.pixelRatio = pr;
            frame.camera = full;
            frame.camera.width = tileW;
            frame.camera.height = tileH;
            frame.camera.center = full.screenToMap(x0 + tileW * 0.5, y0 + tileH * 0.5);
            target.bind();
            // Labels are placed per tile; with one tile (the usual case) that is the whole picture.
            scene.draw(renderer, frame, font, projection);
            if (spec.decorations) drawDecorations(renderer, *spec.decorations, EventDrawParams{}, x0, y0, tileW, tileH, pr);
            target.readPixels(tile.data());
            for (int row = 0; row < h; ++row)
                std::copy(tile.begin() + static_cast<size_t>(row) * tileW * 4, tile.begin() + (static_cast<size_t>(row) * tileW + w) * 4,
                          img.rgba.begin() + (static_cast<size_t>(y0 + row) * spec.width + x0) * 4);
            if (progress) progress(static_cast<float>(++done) / (tilesX * tilesY));
        }
    }
    return img;
}

}  // namespace fm
