#include "export/image_writer.h"

#include <fcntl.h>
#include <stb_image_write.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>

#include "core/error.h"

namespace fm {

namespace {

std::string tempPathFor(const std::string& path) {
    static thread_local std::mt19937_64 rng(std::random_device{}());
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, ".tmp-%08llx", static_cast<unsigned long long>(rng() & 0xffffffffULL));
    return path + suffix;
}

void writeAllOrThrow(int fd, const unsigned char* data, size_t size, const std::string& path) {
    size_t done = 0;
    while (done < size) {
        const ssize_t n = ::write(fd, data + done, size - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            throw Error(path, std::string("write failed: ") + std::strerror(errno));
        }
        done += static_cast<size_t>(n);
    }
}

// Writes bytes to a temporary file next to `path`, syncs it and renames it over `path`.
void commitBytes(const std::string& path, const unsigned char* data, size_t size) {
    const std::string tmp = tempPathFor(path);
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(path, std::string("cannot create file: ") + std::strerror(errno));
    try {
        writeAllOrThrow(fd, data, size, path);
        if (::fsync(fd) != 0) throw Error(path, std::string("cannot flush file to disk: ") + std::strerror(errno));
    } catch (...) {
        ::close(fd);
        ::unlink(tmp.c_str());
        throw;
    }
    if (::close(fd) != 0) {
        ::unlink(tmp.c_str());
        throw Error(path, std::string("cannot close file: ") + std::strerror(errno));
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        throw Error(path, std::string("cannot move file into place: ") + std::strerror(e));
    }
}

std::string replaceExtension(const std::string& path, const std::string& ext) {
    const size_t slash = path.find_last_of('/');
    const size_t dot = path.find_last_of('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return path + ext;
    return path.substr(0, dot) + ext;
}

}  // namespace

void writeFileAtomically(const std::string& path, const std::string& content) {
    commitBytes(path, reinterpret_cast<const unsigned char*>(content.data()), content.size());
}

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
    commitBytes(path, png.data(), png.size());
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
