// Tests for src/export/checked_output: GDAL's GeoJSON driver ignores failed writes, so before checked writes a full
// disk left a truncated events.geojson in place that looked like a finished export. /dev/full fails every write
// with ENOSPC, like a full disk; the failure must be remembered and reported, while normal files round-trip.
#include "export/checked_output.h"

#include <cpl_vsi.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "sources/vector_reader.h"

namespace fm {
namespace {

namespace fs = std::filesystem;

TEST(CheckedOutput, WritesReachAnOrdinaryFile) {
    initGdal();
    std::string tmpl = (fs::temp_directory_path() / "fm_checked_output_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    const std::string file = tmpl + "/a.txt";
    VSILFILE* f = VSIFOpenL(checkedOutputPath(file).c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::string big(3 << 20, 'x');  // more than the handler's buffer
    big += "end";
    EXPECT_EQ(VSIFWriteL(big.data(), 1, big.size(), f), big.size());
    EXPECT_EQ(VSIFCloseL(f), 0);
    EXPECT_EQ(takeCheckedOutputFailure(file), "");
    std::ifstream in(file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ(ss.str(), big);
    fs::remove_all(tmpl);
}

// GDAL's GeoJSON writer prints through VSIFPrintfL and never looks at VSIFCloseL's result: the failure must be
// kept for the exporter to ask for. (The drivers themselves are run onto a full tmpfs by
// tests/scripts/cli_export_reliability.sh; GeoJSON's Create refuses an existing path such as /dev/full.)
TEST(CheckedOutput, FullDiskIsRememberedWhenTheWriterIgnoresIt) {
    if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full here";
    initGdal();
    const std::string target = "/dev/full";
    takeCheckedOutputFailure(target);
    VSILFILE* f = VSIFOpenL(checkedOutputPath(target).c_str(), "wb");
    ASSERT_NE(f, nullptr);
    int accepted = 0;
    for (int i = 0; i < 100; ++i) accepted += VSIFPrintfL(f, "{ \"type\": \"Feature\", \"n\": %d },\n", i) > 0;
    EXPECT_EQ(accepted, 100) << "small writes are buffered, as with GDAL's own file handles";
    EXPECT_NE(VSIFCloseL(f), 0);
    const std::string why = takeCheckedOutputFailure(target);
    EXPECT_NE(why.find("No space left"), std::string::npos) << "reported: '" << why << "'";
    EXPECT_EQ(takeCheckedOutputFailure(target), "") << "a failure is reported once";
}

}  // namespace
}  // namespace fm
