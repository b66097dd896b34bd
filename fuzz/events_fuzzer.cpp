// libFuzzer target: the event reader's column detection and row mapping (fm::readEvents) on an arbitrary file,
// through GDAL. The input is written to /vsimem/; its first byte picks the format (CSV most of the time, else
// GeoJSON), the rest is the file. A file that cannot be used must be an fm::Error naming it; every event loaded
// must have a valid position and dates.
#include <cpl_vsi.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "core/geo_types.h"
#include "core/message_log.h"
#include "sources/event_reader.h"
#include "sources/vector_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const bool once = [] {
        fm::initGdal();
        return true;
    }();
    (void)once;
    if (size == 0) return 0;
    const std::string path = (data[0] & 0x80) ? "/vsimem/fuzz_events.geojson" : "/vsimem/fuzz_events.csv";
    VSILFILE* f = VSIFileFromMemBuffer(path.c_str(), const_cast<GByte*>(data + 1), size - 1, FALSE);
    if (!f) return 0;
    VSIFCloseL(f);
    fm::EventReadOptions options;
    if (data[0] & 0x40) options.dateField = "when";  // the --date-field override path
    (void)fm::looksLikeEventSource(path, options);
    fm::MessageLog log;
    try {
        const auto ev = fm::readEvents(path, options, fm::defaultActorTable(), log);
        const fm::EventStore& s = ev->store;
        for (size_t i = 0; i < s.size(); ++i) {
            if (!fm::isValidLonLat(s.lon()[i], s.lat()[i])) std::abort();
            if (s.dayStart()[i] > s.dayEnd()[i]) std::abort();
        }
        if (ev->report.rowsRead < ev->report.rowsSkipped || ev->report.rowsRead - ev->report.rowsSkipped != s.size())
            std::abort();
    } catch (const fm::Error& e) {
        if (e.subject() != path) std::abort();
    }
    VSIUnlink(path.c_str());
    return 0;
}
