#include "export/image_writer.h"

#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>

#include <algorithm>
#include <atomic>
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
    // GDAL's PNG driver (libpng + zlib): about three times faster than stb_image_write's own deflate on a 4K map,
    // and smaller files. The map is opaque: three bands (RGB) read in place from the RGBA pixels, no copy.
    GDALAllRegister();
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDriver* pngDriver = GetGDALDriverManager()->GetDriverByName("PNG");
    if (!mem || !pngDriver) throw Error(path, "GDAL has no PNG driver");
    GDALDatasetUniquePtr src(mem->Create("", image.width, image.height, 0, GDT_Byte, nullptr));
    if (!src) throw Error(path, "cannot set up the image for PNG encoding");
    for (int b = 0; b < 3; ++b) {
        char pointer[64], pixelOffset[32], lineOffset[48];
        CPLPrintPointer(pointer, const_cast<uint8_t*>(image.rgba.data()) + b, sizeof pointer);
        std::snprintf(pixelOffset, sizeof pixelOffset, "PIXELOFFSET=4");
        std::snprintf(lineOffset, sizeof lineOffset, "LINEOFFSET=%lld", static_cast<long long>(image.width) * 4);
        const std::string dataPointer = std::string("DATAPOINTER=") + pointer;
        const char* options[] = {dataPointer.c_str(), pixelOffset, lineOffset, nullptr};
        if (src->AddBand(GDT_Byte, const_cast<char**>(options)) != CE_None) throw Error(path, "cannot set up the image for PNG encoding");
    }
    // Encoded in memory (a unique /vsimem/ name per call: exports may run on several threads), then written whole to
    // a temporary file and renamed into place.
    static std::atomic<unsigned> counter{0};
    const std::string tmp = "/vsimem/frontmap_png_" + std::to_string(counter++) + ".png";
    const std::string level = "ZLEVEL=" + std::to_string(std::clamp(zlibLevel, 1, 9));
    const char* createOptions[] = {level.c_str(), nullptr};
    GDALDataset* out = pngDriver->CreateCopy(tmp.c_str(), src.get(), FALSE, const_cast<char**>(createOptions), nullptr, nullptr);
    if (!out) {
        VSIUnlink(tmp.c_str());
        throw Error(path, std::string("PNG encoding failed: ") + CPLGetLastErrorMsg());
    }
    GDALClose(out);
    vsi_l_offset size = 0;
    GByte* data = VSIGetMemFileBuffer(tmp.c_str(), &size, FALSE);
    try {
        if (!data || size == 0) throw Error(path, "PNG encoding failed (out of memory?)");
        writeFileAtomically(path, data, static_cast<size_t>(size));
    } catch (...) {
        VSIUnlink(tmp.c_str());
        VSIUnlink((tmp + ".aux.xml").c_str());
        throw;
    }
    VSIUnlink(tmp.c_str());
    VSIUnlink((tmp + ".aux.xml").c_str());
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
