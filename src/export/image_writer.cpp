#include "export/image_writer.h"

#include <stb_image_write.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/atomic_file.h"
#include "core/error.h"

namespace fm {

namespace {

std::string replaceExtension(const std::string& path, const std::string& ext) {
    const size_t slash = path.find_last_of('/');
    const size_t dot = path.find_last_of('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return path + ext;
    return path.substr(0, dot) + ext;
}

}  // namespace

void writePng(const std::string& path, const Image& image, int zlibLevel) {
    if (image.width <= 0 || image.height <= 0 || image.rgba.size() != static_cast<size_t>(image.width) * image.height * 4)
        throw Error(path, "invalid image size " + std::to_string(image.width) + "x" + std::to_string(image.height));
    // The map is opaque: RGB is a quarter less to compress and write than RGBA.
    std::vector<unsigned char> rgb(static_cast<size_t>(image.width) * image.height * 3);
    for (size_t i = 0, j = 0; i < image.rgba.size(); i += 4, j += 3) {
        rgb[j] = image.rgba[i];
        rgb[j + 1] = image.rgba[i + 1];
        rgb[j + 2] = image.rgba[i + 2];
    }
    stbi_write_png_compression_level = zlibLevel;
    std::vector<unsigned char> png;
    auto append = [](void* ctx, void* data, int size) {
        auto* out = static_cast<std::vector<unsigned char>*>(ctx);
        out->insert(out->end(), static_cast<unsigned char*>(data), static_cast<unsigned char*>(data) + size);
    };
    if (!stbi_write_png_to_func(append, &png, image.width, image.height, 3, rgb.data(), image.width * 3) || png.empty())
        throw Error(path, "PNG encoding failed (out of memory?)");
    writeFileAtomically(path, png.data(), png.size());
}

std::string worldFilePath(const std::string& imagePath) {
    const size_t dot = imagePath.find_last_of('.');
    std::string ext = dot == std::string::npos ? "" : imagePath.substr(dot + 1);
    if (ext.size() >= 2) return replaceExtension(imagePath, std::string(".") + ext[0] + ext[ext.size() - 1] + "w");
    return imagePath + "w";
}

std::string prjFilePath(const std::string& imagePath) { return replaceExtension(imagePath, ".prj"); }

void writeWorldFile(const std::string& pngPath, const Image& image, const GeoReference& ref) {
    if (ref.extent.empty()) throw Error(pngPath, "no georeference for the world file");
    const double px = ref.extent.width() / image.width;
    const double py = ref.extent.height() / image.height;
    // World files give the centre of the top-left pixel.
    char buf[512];
    std::snprintf(buf, sizeof buf, "%.12g\n0\n0\n%.12g\n%.12g\n%.12g\n", px, -py, ref.extent.minX + px * 0.5,
                  ref.extent.maxY - py * 0.5);
    writeFileAtomically(worldFilePath(pngPath), buf);
    if (!ref.wkt.empty()) writeFileAtomically(prjFilePath(pngPath), ref.wkt + "\n");
}

}  // namespace fm
