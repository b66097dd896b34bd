#include "export/image_writer.h"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal_priv.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <thread>
#include <memory>

#include "core/atomic_file.h"
#include "core/error.h"
#include "core/job.h"
#include "export/checked_output.h"
#include "sources/vector_reader.h"

namespace fm {

namespace {

std::string replaceExtension(const std::string& path, const std::string& ext) {
    const size_t slash = path.find_last_of('/');
    const size_t dot = path.find_last_of('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return path + ext;
    return path.substr(0, dot) + ext;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

int CPL_STDCALL reportProgress(double done, const char*, void* data) {
    // For tests that kill the writer mid-write (tests/scripts/cli_export_reliability.sh): a pause at every tenth of
    // the image, as the atomic writer pauses after each MiB.
    const int delayMs = testWriteDelayMs();
    if (delayMs > 0) {
        static thread_local int tenth = -1;
        const int now = static_cast<int>(done * 10.0);
        if (done <= 0.0) tenth = 0;
        if (now > tenth) {
            tenth = now;
            std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
        }
    }
    auto* job = static_cast<Job*>(data);
    if (!job) return TRUE;
    job->setProgress(static_cast<float>(done));
    return job->cancelled() ? FALSE : TRUE;
}

// A GDAL in-memory dataset over the image's own pixels (R, G, B of the RGBA rows; no copy).
GDALDatasetUniquePtr wrapPixels(const Image& image) {
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    if (!mem) throw Error("GDAL", "the MEM driver is missing");
    GDALDatasetUniquePtr ds(mem->Create("", image.width, image.height, 0, GDT_Byte, nullptr));
    if (!ds) throw Error("GDAL", "cannot create an in-memory image");
    const GDALColorInterp colours[3] = {GCI_RedBand, GCI_GreenBand, GCI_BlueBand};
    for (int b = 0; b < 3; ++b) {
        char pointer[64] = {};
        CPLPrintPointer(pointer, const_cast<uint8_t*>(image.rgba.data()) + b, sizeof pointer - 1);
        const std::string data = std::string("DATAPOINTER=") + pointer;
        const std::string lineOffset = "LINEOFFSET=" + std::to_string(static_cast<long long>(image.width) * 4);
        const char* options[] = {data.c_str(), "PIXELOFFSET=4", lineOffset.c_str(), nullptr};
        if (ds->AddBand(GDT_Byte, const_cast<char**>(options)) != CE_None) throw Error("GDAL", "cannot wrap the image");
        ds->GetRasterBand(b + 1)->SetColorInterpretation(colours[b]);
    }
    return ds;
}

// Encodes `image` through a GDAL driver into a temporary beside `path`, then renames it into place.
void writeThroughGdal(const std::string& path, const Image& image, const GeoReference* ref, ImageFormat format, Job* job) {
    if (image.width <= 0 || image.height <= 0 || image.rgba.size() != static_cast<size_t>(image.width) * image.height * 4)
        throw Error(path, "invalid image size " + std::to_string(image.width) + "x" + std::to_string(image.height));
    initGdal();
    const bool tiff = format == ImageFormat::GeoTiff;
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(tiff ? "GTiff" : "PNG");
    if (!driver) throw Error(path, std::string("GDAL has no ") + (tiff ? "GTiff" : "PNG") + " driver");
    GDALDatasetUniquePtr src = wrapPixels(image);
    if (tiff && ref) {
        const double px = ref->extent.width() / image.width, py = ref->extent.height() / image.height;
        double gt[6] = {ref->extent.minX, px, 0, ref->extent.maxY, 0, -py};
        src->SetGeoTransform(gt);
        const std::string& wkt = ref->tiffWkt.empty() ? ref->wkt : ref->tiffWkt;
        if (!wkt.empty()) src->SetProjection(wkt.c_str());
    }
    // No side files (.aux.xml) for what a format cannot hold: the PNG's georeference goes to the world file.
    CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", "NO");
    TemporaryOutput tmp(path, imageFormatExtension(format), {".aux.xml"});
    std::string failure;
    bool cancelled = false;
    {
        GdalErrorCapture errors;
        // PNG at zlib level 3: a third faster than 6 for a few percent more bytes (see NOTES). GeoTIFF: deflate
        // with horizontal differencing, tiled, BigTIFF beyond 4 GiB.
        const char* pngOptions[] = {"ZLEVEL=3", nullptr};
        const char* tiffOptions[] = {"COMPRESS=DEFLATE", "PREDICTOR=2", "ZLEVEL=3", "TILED=YES", "PHOTOMETRIC=RGB",
                                     "BIGTIFF=IF_SAFER", nullptr};
        GDALDatasetUniquePtr out(driver->CreateCopy(checkedOutputPath(tmp.path()).c_str(), src.get(), FALSE,
                                                    const_cast<char**>(tiff ? tiffOptions : pngOptions), reportProgress, job));
        cancelled = job && job->cancelled();
        if (!out && !cancelled) failure = errors.failed() ? errors.first() : "GDAL could not write the image";
        out.reset();  // closing flushes what the driver still holds; failures reach `errors`
        if (failure.empty() && errors.failed()) failure = errors.first();
    }
    CPLSetThreadLocalConfigOption("GDAL_PAM_ENABLED", nullptr);
    if (cancelled) throw Cancelled();
    if (const std::string why = takeCheckedOutputFailure(tmp.path()); !why.empty()) failure = why;
    if (!failure.empty()) {
        if (failure.find(tmp.path()) != std::string::npos || failure.find("fmchecked") != std::string::npos)
            failure = "cannot write the file";  // GDAL's message names the temporary, not the file asked for
        throw Error(path, failure);
    }
    tmp.moveIntoPlace();
}

}  // namespace

bool imageFormatFor(const std::string& path, ImageFormat& format) {
    const size_t slash = path.find_last_of('/');
    const size_t dot = path.find_last_of('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return false;
    const std::string ext = lower(path.substr(dot));
    if (ext == ".png") format = ImageFormat::Png;
    else if (ext == ".tif" || ext == ".tiff") format = ImageFormat::GeoTiff;
    else return false;
    return true;
}

bool imageFormatNamed(const std::string& name, ImageFormat& format) {
    const std::string n = lower(name);
    if (n == "png") format = ImageFormat::Png;
    else if (n == "gtiff" || n == "geotiff" || n == "tif" || n == "tiff") format = ImageFormat::GeoTiff;
    else return false;
    return true;
}

const char* imageFormatExtension(ImageFormat format) { return format == ImageFormat::GeoTiff ? ".tif" : ".png"; }

void writePng(const std::string& path, const Image& image) { writeThroughGdal(path, image, nullptr, ImageFormat::Png, nullptr); }

void writeGeoTiff(const std::string& path, const Image& image, const GeoReference& ref, Job* job) {
    if (ref.extent.empty()) throw Error(path, "no georeference for the GeoTIFF");
    writeThroughGdal(path, image, &ref, ImageFormat::GeoTiff, job);
}

void writeMapImage(const std::string& path, const Image& image, const GeoReference& ref, ImageFormat format, Job* job) {
    if (format == ImageFormat::GeoTiff) {
        writeGeoTiff(path, image, ref, job);
        return;
    }
    writeThroughGdal(path, image, nullptr, ImageFormat::Png, job);
    writeWorldFile(path, image, ref);
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
