#include "export/event_export.h"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <fcntl.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iterator>

#include "core/atomic_file.h"
#include "core/date.h"
#include "core/error.h"
#include "export/checked_output.h"
#include "model/event_filter.h"
#include "sources/vector_reader.h"

namespace fm {

namespace {

std::string lowerExtension(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    const size_t dot = path.find_last_of('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return {};
    std::string ext = path.substr(dot);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

const char* driverName(EventExportFormat f) {
    switch (f) {
        case EventExportFormat::GeoJson: return "GeoJSON";
        case EventExportFormat::Csv: return "CSV";
        case EventExportFormat::GeoPackage: return "GPKG";
    }
    return "GeoJSON";
}

struct LayerPass {
    const SceneEventLayer* layer;
    EventFilter filter;
    std::vector<uint8_t> setOn;
};

// The filter of each visible layer, from scene.filter (not from the layer's cached copy, which may lag).
std::vector<LayerPass> visibleLayers(const MapScene& scene) {
    std::vector<LayerPass> out;
    for (const SceneEventLayer& l : scene.eventLayers) {
        if (!l.visible || !l.data) continue;
        LayerPass p{&l, scene.filter.forStore(l.data->store), {}};
        p.setOn = actorSetsEnabled(l.data->store, p.filter);
        out.push_back(std::move(p));
    }
    return out;
}

std::string joinActors(const EventStore& s, size_t i) {
    std::string out;
    for (uint16_t a : s.actorSets()[s.actorSet()[i]]) {
        if (!out.empty()) out += ";";
        out += s.actors()[a].name;
    }
    return out;
}

}  // namespace

bool eventExportFormatFor(const std::string& path, EventExportFormat& out) {
    const std::string ext = lowerExtension(path);
    if (ext == ".geojson" || ext == ".json") out = EventExportFormat::GeoJson;
    else if (ext == ".csv") out = EventExportFormat::Csv;
    else if (ext == ".gpkg") out = EventExportFormat::GeoPackage;
    else return false;
    return true;
}

const char* eventExportExtension(EventExportFormat f) {
    switch (f) {
        case EventExportFormat::GeoJson: return ".geojson";
        case EventExportFormat::Csv: return ".csv";
        case EventExportFormat::GeoPackage: return ".gpkg";
    }
    return ".geojson";
}

const char* eventExportFormatLabel(EventExportFormat f) {
    switch (f) {
        case EventExportFormat::GeoJson: return "GeoJSON";
        case EventExportFormat::Csv: return "CSV";
        case EventExportFormat::GeoPackage: return "GeoPackage";
    }
    return "GeoJSON";
}

std::string eventExportViewPath(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    const size_t dot = path.find_last_of('.');
    const bool hasExt = dot != std::string::npos && (slash == std::string::npos || dot > slash) &&
                        dot != (slash == std::string::npos ? 0 : slash + 1);
    return (hasExt ? path.substr(0, dot) : path) + ".view.json";
}

const std::vector<std::string>& eventExportFields() {
    static const std::vector<std::string> fields = {
        "id",         "date_start",    "date_end",   "date_precision", "actors",      "type",     "place", "precision",
        "source_title", "source_outlet", "source_url", "source_date",  "sentence", "fatalities", "layer"};
    return fields;
}

size_t countExportableEvents(const MapScene& scene) {
    size_t n = 0;
    for (const LayerPass& p : visibleLayers(scene)) {
        const EventStore& s = p.layer->data->store;
        for (size_t i = 0; i < s.size(); ++i) n += eventPasses(s, i, p.filter, p.setOn);
    }
    return n;
}

void exportEvents(const MapScene& scene, const std::string& path, const ViewFile* view, Job* job) {
    EventExportFormat format;
    if (!eventExportFormatFor(path, format))
        throw Error(path, "unknown export format: name the file .geojson, .csv or .gpkg");
    initGdal();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driverName(format));
    if (!driver) throw Error(path, std::string("this GDAL has no ") + driverName(format) + " driver");

    const std::vector<LayerPass> layers = visibleLayers(scene);
    size_t total = 0;
    for (const LayerPass& p : layers) total += p.layer->data->store.size();

    // GDAL picks behaviour from the extension (the CSV driver makes a folder of a name without ".csv"), so the
    // temporary name ends in the real extension: "events.csv" → "events.csv.tmp-4242-1a2b3c4d.csv".
    TemporaryOutput tmp(path, eventExportExtension(format), {"-journal", "-wal", "-shm"});
    {
        GdalErrorCapture errors;
        auto gdalFailure = [&](const std::string& what) {
            const char* msg = CPLGetLastErrorMsg();
            std::string why = takeCheckedOutputFailure(tmp.path());
            if (why.empty()) why = errors.failed() ? errors.first() : (msg && *msg ? msg : "");
            // SQLite's messages quote whole schemas; the cause is at the end ("… failed: database or disk is full").
            if (why.size() > 240) why = why.substr(0, 80) + " … " + why.substr(why.size() - 120);
            return Error(path, what + (why.empty() ? "" : ": " + why));
        };
        // GeoJSON and CSV go through checked writes (their drivers ignore a full disk); SQLite checks its own.
        const std::string gdalName = format == EventExportFormat::GeoPackage ? tmp.path() : checkedOutputPath(tmp.path());
        GDALDatasetUniquePtr ds(driver->Create(gdalName.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
        if (!ds) throw gdalFailure("cannot create file");
        OGRSpatialReference wgs84;
        wgs84.SetWellKnownGeogCS("WGS84");
        wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        const bool csv = format == EventExportFormat::Csv;
        CPLStringList layerOptions;
        if (format == EventExportFormat::GeoJson) layerOptions.SetNameValue("RFC7946", "YES");
        if (csv) layerOptions.SetNameValue("LINEFORMAT", "LF");
        OGRLayer* layer = ds->CreateLayer("events", csv ? nullptr : &wgs84, csv ? wkbNone : wkbPoint, layerOptions.List());
        if (!layer) throw gdalFailure("cannot create the events layer");
        for (const std::string& name : eventExportFields()) {
            OGRFieldDefn def(name.c_str(), name == "fatalities" ? OFTInteger : OFTString);
            if (layer->CreateField(&def) != OGRERR_NONE) throw gdalFailure("cannot create field '" + name + "'");
        }
        if (csv)
            for (const char* name : {"lon", "lat"}) {
                OGRFieldDefn def(name, OFTReal);
                if (layer->CreateField(&def) != OGRERR_NONE) throw gdalFailure(std::string("cannot create field '") + name + "'");
            }
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        int column[16];
        for (size_t k = 0; k < eventExportFields().size(); ++k) column[k] = defn->GetFieldIndex(eventExportFields()[k].c_str());
        const int iLon = csv ? defn->GetFieldIndex("lon") : -1, iLat = csv ? defn->GetFieldIndex("lat") : -1;
        // One transaction: GeoPackage is otherwise a commit per feature. Drivers without transactions decline.
        const bool transaction = ds->StartTransaction(FALSE) == OGRERR_NONE;

        size_t done = 0;
        OGRFeatureUniquePtr f(OGRFeature::CreateFeature(defn));
        for (const LayerPass& p : layers) {
            const EventStore& s = p.layer->data->store;
            for (size_t i = 0; i < s.size(); ++i, ++done) {
                if (job && (done & 4095) == 0) {
                    job->checkCancelled();
                    if (total) job->setProgress(static_cast<float>(done) / static_cast<float>(total));
                }
                if (!eventPasses(s, i, p.filter, p.setOn)) continue;
                f->Reset();
                const std::string values[] = {std::string(s.id(i)),
                                              formatDay(s.dayStart()[i]),
                                              formatDay(s.dayEnd()[i]),
                                              datePrecisionName(static_cast<DatePrecision>(s.datePrecision()[i])),
                                              joinActors(s, i),
                                              eventTypeName(static_cast<EventType>(s.type()[i])),
                                              std::string(s.place(i)),
                                              locationPrecisionName(static_cast<LocationPrecision>(s.precision()[i])),
                                              std::string(s.sourceTitle(i)),
                                              std::string(s.sourceOutlet(i)),
                                              std::string(s.sourceUrl(i)),
                                              std::string(s.sourceDate(i)),
                                              std::string(s.sentence(i))};
                // Empty text and unknown fatalities are null, written out, so every column shows in every format
                // (GeoJSON leaves unset properties out, and a column nobody filled would vanish from the file).
                for (size_t k = 0; k < std::size(values); ++k) {
                    if (values[k].empty()) f->SetFieldNull(column[k]);
                    else f->SetField(column[k], values[k].c_str());
                }
                if (s.fatalities()[i] >= 0) f->SetField(column[13], s.fatalities()[i]);
                else f->SetFieldNull(column[13]);
                f->SetField(column[14], p.layer->title.c_str());
                if (csv) {
                    f->SetField(iLon, static_cast<double>(s.lon()[i]));
                    f->SetField(iLat, static_cast<double>(s.lat()[i]));
                } else {
                    f->SetGeometryDirectly(new OGRPoint(s.lon()[i], s.lat()[i]));
                }
                if (layer->CreateFeature(f.get()) != OGRERR_NONE || errors.failed()) throw gdalFailure("cannot write an event");
            }
        }
        if (transaction && ds->CommitTransaction() != OGRERR_NONE) throw gdalFailure("cannot write the events");
        if (job) job->checkCancelled();
        // Closing writes what the driver still buffers; a failure there (disk full) is caught by the checked writes
        // (GeoJSON, CSV) or reported by SQLite to the error handler (GeoPackage).
        f.reset();
        ds.reset();
        if (const std::string why = takeCheckedOutputFailure(tmp.path()); !why.empty())
            throw Error(path, "cannot write the file: " + why);
        if (errors.failed()) throw gdalFailure("cannot write the file");
    }
    tmp.moveIntoPlace();
    if (job) job->setProgress(1.f);

    if (view) {
        ViewFile v = *view;
        v.hasFilter = true;
        v.filter = scene.filter;
        writeViewFile(eventExportViewPath(path), v);
    }
}

}  // namespace fm
