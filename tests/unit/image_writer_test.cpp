// Tests for src/export/image_writer: a GeoTIFF carries the same CRS and georeference as the PNG's world file and
// .prj (re-opened with GDAL: OSRIsSame, pixel centres mapped to the same coordinates, pixel values); PNG pixels
// round-trip; a cancelled or failed write leaves nothing at the target and no temporary beside it.
#include "export/image_writer.h"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_spatialref.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/job.h"
#include "sources/projection.h"
#include "sources/vector_reader.h"

namespace fm {
namespace {

namespace fs = std::filesystem;

// A 97×61 image (odd sizes: rows and tiles do not divide evenly) with a value pattern that differs per pixel.
Image testImage() {
    Image img;
    img.width = 97;
    img.height = 61;
    img.rgba.resize(static_cast<size_t>(img.width) * img.height * 4);
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x) {
            uint8_t* p = img.rgba.data() + (static_cast<size_t>(y) * img.width + x) * 4;
            p[0] = static_cast<uint8_t>(x * 2);
            p[1] = static_cast<uint8_t>(y * 4);
            p[2] = static_cast<uint8_t>((x * 7 + y * 13) & 0xff);
            p[3] = 255;
        }
    return img;
}

GeoReference testReference(const Projection& p) {
    GeoReference ref;
    // Around Kyiv in Lambert conformal conic, 1.5 km pixels.
    ref.extent = BBox::of(-120000.0, -30000.0, -120000.0 + 97 * 1500.0, -30000.0 + 61 * 1500.0);
    ref.wkt = p.toWkt(true);
    ref.tiffWkt = p.toWkt(false);
    return ref;
}

std::vector<double> readWorldFile(const fs::path& p) {
    std::ifstream in(p);
    std::vector<double> v;
    double d;
    while (in >> d) v.push_back(d);
    return v;
}

bool noTemporaries(const fs::path& dir) {
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().find(".tmp-") != std::string::npos) return false;
    return true;
}

class ImageWriterTest : public ::testing::Test {
protected:
    void SetUp() override {
        initGdal();
        std::string tmpl = (fs::temp_directory_path() / "fm_image_writer_XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        m_dir = tmpl;
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    fs::path m_dir;
};

TEST_F(ImageWriterTest, FormatsFromNamesAndOptions) {
    ImageFormat f;
    ASSERT_TRUE(imageFormatFor("/a/map.PNG", f));
    EXPECT_EQ(f, ImageFormat::Png);
    ASSERT_TRUE(imageFormatFor("/a/map.tif", f));
    EXPECT_EQ(f, ImageFormat::GeoTiff);
    ASSERT_TRUE(imageFormatFor("map.TIFF", f));
    EXPECT_EQ(f, ImageFormat::GeoTiff);
    EXPECT_FALSE(imageFormatFor("/a.tif/map", f));
    EXPECT_FALSE(imageFormatFor("map.jpg", f));
    ASSERT_TRUE(imageFormatNamed("GTiff", f));
    EXPECT_EQ(f, ImageFormat::GeoTiff);
    ASSERT_TRUE(imageFormatNamed("png", f));
    EXPECT_EQ(f, ImageFormat::Png);
    EXPECT_FALSE(imageFormatNamed("jpeg", f));
    EXPECT_EQ(worldFilePath("/a/map.tif"), "/a/map.tfw");
}

TEST_F(ImageWriterTest, GeoTiffAgreesWithTheWorldFileAndPrj) {
    const Projection proj = Projection::create("+proj=lcc +lat_1=45 +lat_2=53 +lat_0=48.5 +lon_0=31 +datum=WGS84 +units=m +type=crs");
    const Image img = testImage();
    const GeoReference ref = testReference(proj);
    const fs::path png = m_dir / "map.png", tif = m_dir / "map.tif";
    writeMapImage(png.string(), img, ref, ImageFormat::Png);
    Job job("test");
    writeMapImage(tif.string(), img, ref, ImageFormat::GeoTiff, &job);
    EXPECT_FLOAT_EQ(job.progress(), 1.f);
    EXPECT_TRUE(fs::exists(m_dir / "map.pgw"));
    EXPECT_TRUE(fs::exists(m_dir / "map.prj"));
    EXPECT_FALSE(fs::exists(m_dir / "map.tif.aux.xml"));
    EXPECT_TRUE(noTemporaries(m_dir));

    GDALDatasetUniquePtr ds(GDALDataset::Open(tif.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    EXPECT_STREQ(ds->GetDriver()->GetDescription(), "GTiff");
    ASSERT_EQ(ds->GetRasterXSize(), img.width);
    ASSERT_EQ(ds->GetRasterYSize(), img.height);
    ASSERT_EQ(ds->GetRasterCount(), 3);

    // The CRS: the same as the .prj's (ESRI WKT) and as PROJ's definition.
    const OGRSpatialReference* tiffSrs = ds->GetSpatialRef();
    ASSERT_NE(tiffSrs, nullptr);
    std::ifstream prjIn(m_dir / "map.prj");
    const std::string prj((std::istreambuf_iterator<char>(prjIn)), std::istreambuf_iterator<char>());
    OGRSpatialReference prjSrs;
    ASSERT_EQ(prjSrs.SetFromUserInput(prj.c_str()), OGRERR_NONE);
    EXPECT_TRUE(OSRIsSame(OGRSpatialReference::ToHandle(const_cast<OGRSpatialReference*>(tiffSrs)),
                          OGRSpatialReference::ToHandle(&prjSrs)))
        << "GeoTIFF: " << ref.tiffWkt << "\nprj: " << prj;
    OGRSpatialReference projSrs;
    ASSERT_EQ(projSrs.SetFromUserInput(proj.definition().c_str()), OGRERR_NONE);
    EXPECT_TRUE(tiffSrs->IsSame(&projSrs));

    // Pixel centres land on the same coordinates through the geotransform and through the world file.
    double gt[6];
    ASSERT_EQ(ds->GetGeoTransform(gt), CE_None);
    const std::vector<double> w = readWorldFile(m_dir / "map.pgw");
    ASSERT_EQ(w.size(), 6u);
    for (auto [px, py] : {std::pair<int, int>{0, 0}, {96, 0}, {0, 60}, {96, 60}, {40, 23}}) {
        const double gx = gt[0] + (px + 0.5) * gt[1] + (py + 0.5) * gt[2];
        const double gy = gt[3] + (px + 0.5) * gt[4] + (py + 0.5) * gt[5];
        const double wx = w[0] * px + w[2] * py + w[4];
        const double wy = w[1] * px + w[3] * py + w[5];
        EXPECT_NEAR(gx, wx, 1e-6) << "pixel " << px << "," << py;
        EXPECT_NEAR(gy, wy, 1e-6) << "pixel " << px << "," << py;
    }
    // And the corners are the extent asked for.
    EXPECT_NEAR(gt[0], ref.extent.minX, 1e-6);
    EXPECT_NEAR(gt[3], ref.extent.maxY, 1e-6);
    EXPECT_NEAR(gt[0] + img.width * gt[1], ref.extent.maxX, 1e-6);
    EXPECT_NEAR(gt[3] + img.height * gt[5], ref.extent.minY, 1e-6);

    // Pixel values, in both files.
    GDALDatasetUniquePtr pngDs(GDALDataset::Open(png.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    ASSERT_TRUE(pngDs);
    for (auto [px, py] : {std::pair<int, int>{0, 0}, {96, 60}, {40, 23}, {13, 57}})
        for (int b = 0; b < 3; ++b) {
            uint8_t fromTiff = 0, fromPng = 0;
            ASSERT_EQ(ds->GetRasterBand(b + 1)->RasterIO(GF_Read, px, py, 1, 1, &fromTiff, 1, 1, GDT_Byte, 0, 0), CE_None);
            ASSERT_EQ(pngDs->GetRasterBand(b + 1)->RasterIO(GF_Read, px, py, 1, 1, &fromPng, 1, 1, GDT_Byte, 0, 0), CE_None);
            EXPECT_EQ(fromTiff, img.pixel(px, py)[b]) << "GeoTIFF pixel " << px << "," << py << " band " << b + 1;
            EXPECT_EQ(fromPng, img.pixel(px, py)[b]) << "PNG pixel " << px << "," << py << " band " << b + 1;
        }
}

TEST_F(ImageWriterTest, CancelledWriteLeavesNothing) {
    const Projection proj = Projection::create("EPSG:3857");
    const fs::path tif = m_dir / "map.tif", png = m_dir / "map.png";
    std::ofstream(png) << "the previous map";
    Job job("test");
    job.cancel();
    EXPECT_THROW(writeMapImage(tif.string(), testImage(), testReference(proj), ImageFormat::GeoTiff, &job), Cancelled);
    EXPECT_THROW(writeMapImage(png.string(), testImage(), testReference(proj), ImageFormat::Png, &job), Cancelled);
    EXPECT_FALSE(fs::exists(tif));
    std::ifstream in(png);
    const std::string kept((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(kept, "the previous map");
    EXPECT_FALSE(fs::exists(m_dir / "map.pgw"));
    EXPECT_TRUE(noTemporaries(m_dir));
}

TEST_F(ImageWriterTest, UnwritableTargetIsAnErrorNamingIt) {
    const Projection proj = Projection::create("EPSG:3857");
    for (const char* name : {"no/such/folder/map.tif", "no/such/folder/map.png"}) {
        const std::string target = (m_dir / name).string();
        ImageFormat f;
        ASSERT_TRUE(imageFormatFor(target, f));
        try {
            writeMapImage(target, testImage(), testReference(proj), f);
            ADD_FAILURE() << "wrote " << target;
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find(target), std::string::npos) << e.what();
        }
    }
    EXPECT_TRUE(fs::is_empty(m_dir));
}

}  // namespace
}  // namespace fm
