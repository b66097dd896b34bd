// Renders a MapScene offscreen into an Image with the same renderer the window uses. Sizes above the GL limit
// are rendered in tiles and stitched.
#pragma once

#include <functional>

#include "export/image_writer.h"
#include "render/decorations.h"
#include "render/map_scene.h"

namespace fm {

struct SnapshotSpec {
    int width = 1920;
    int height = 1080;
    float pixelRatio = 0.f;  // 0: automatic, so big images look like the screen rather than hairlines
    Camera camera;           // centre and resolution; width/height are taken from the spec
    int samples = 4;
    const Decorations* decorations = nullptr;  // drawn over the map, in full-image pixels
};

float automaticPixelRatio(int width, int height);

// Needs a current GL context and a MapRenderer. `progress` (0..1) may be null; throws fm::Error.
Image renderSnapshot(MapScene& scene, MapRenderer& renderer, const FontAtlas* font, const std::string& projection,
                     const SnapshotSpec& spec, const std::function<void(float)>& progress = {});

}  // namespace fm
