// Reads any vector source OGR opens (GeoPackage, Shapefile, /vsizip/, GeoJSON, TopoJSON, FlatGeobuf, KML, CSV
// with coordinates, PG:…) into LayerData in WGS 84 lon/lat. A source that cannot be opened at all throws
// fm::Error naming it; bad features (NaN or out-of-range coordinates, empty geometry) are skipped, counted and
// reported to the MessageLog, and the rest loads.
#pragma once

#include <string>
#include <vector>

#include "core/job.h"
#include "core/message_log.h"
#include "sources/layer_data.h"

namespace fm {

struct SourceQuery;

struct VectorReadOptions {
    std::vector<std::string> layers;  // only these layers (by name); all when empty
    bool keepAttributes = true;
    // Used when a layer has no CRS at all: assume lon/lat if every coordinate fits, otherwise reject the layer.
    bool assumeLonLatWhenUnknown = true;
    // Database sources (PG:): only features in this extent (files ignore it and are read whole).
    const SourceQuery* query = nullptr;
};

// Turns what the user typed or dropped into something GDAL opens: a .zip becomes /vsizip/…, "~" is expanded.
std::string gdalPathFor(const std::string& userPath);

std::vector<std::shared_ptr<LayerData>> readVectorSource(const std::string& path, MessageLog& log, Job* job = nullptr,
                                                         const VectorReadOptions& options = {});

// Throws fm::Error naming `userPath` when `gdalPath` is a zip whose contents are enormous next to the archive
// (more than 512 MB at over 100:1): such "zip bombs" would keep a reader busy for minutes.
void checkArchiveSize(const std::string& userPath, const std::string& gdalPath);

// Names of the layers in a source (for pickers); throws fm::Error when it cannot be opened.
std::vector<std::string> listVectorLayers(const std::string& path);

// Registers GDAL drivers once and silences GDAL's own stderr chatter (errors come back through our messages).
void initGdal();

// True for sources the user names as network sources: URLs, GDAL's network file systems (/vsicurl/, /vsis3/, …,
// also inside /vsizip/) and driver connection strings ("WFS:…", "PG:…").
bool isNetworkSource(const std::string& path);

// While it lives, GDAL reaches no network on this thread unless `userPath` is a network source: a local file that
// points elsewhere (a VRT naming /vsicurl/…, a GML file's WFS schema, a GeoJSON "link" CRS) is read without it,
// and what it points to is simply missing. Covers CPLHTTPFetch (schemas, CRS links, web services) and GDAL's
// network file systems.
class NetworkGuard {
public:
    explicit NetworkGuard(const std::string& userPath);
    ~NetworkGuard();
    NetworkGuard(const NetworkGuard&) = delete;
    NetworkGuard& operator=(const NetworkGuard&) = delete;

private:
    bool m_active = false;
    bool m_hadExtensions = false;
    std::string m_oldExtensions;
};

}  // namespace fm
