// A map projection chosen by the user: any CRS PROJ understands (EPSG code, PROJ string, WKT), with the facts the
// renderer needs (area of use, central meridian, where the world is cut). Projection is a cheap, copyable value;
// Transformer does the arithmetic and is owned by one thread at a time (PROJ objects are not thread-safe).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/geo_types.h"

namespace fm {

class Transformer;

class Projection {
public:
    // Throws fm::Error when PROJ does not know the CRS. Accepts "EPSG:3857", "+proj=lcc …", WKT, "ESRI:…".
    static Projection create(const std::string& definition);

    const std::string& definition() const { return m_definition; }
    const std::string& name() const { return m_name; }
    const std::string& methodName() const { return m_method; }
    bool isGeographic() const { return m_geographic; }
    // Lon/lat box PROJ reports for the CRS; the whole world when it reports none.
    const BBox& areaOfUse() const { return m_areaOfUse; }
    bool hasAreaOfUse() const { return m_hasAreaOfUse; }
    const std::string& areaName() const { return m_areaName; }
    double centralMeridian() const { return m_lon0; }
    // Metres per projected unit (1 for metres, ~111 km for degrees).
    double metersPerUnit() const { return m_metersPerUnit; }

    // The lon/lat window the map shows in this projection: the area of use widened by `marginDeg` (so a UTM zone
    // still shows its neighbours), limited where the projection itself breaks down (Mercator's poles, the far
    // side of a transverse projection) and never reaching the seam, the meridian opposite the central one.
    // Longitudes are continuous around the central meridian: minX may be below -180 or maxX above 180, and data
    // is shifted by ±360° into it before clipping.
    BBox clipWindow(double marginDeg) const;

    std::unique_ptr<Transformer> makeTransformer() const;
    // The CRS as WKT: ESRI's WKT1 dialect for .prj files beside images, or WKT2 (2019).
    std::string toWkt(bool esri) const;

    // Presets offered in the projection picker.
    struct Preset {
        const char* label;
        const char* definition;
    };
    static const std::vector<Preset>& presets();

private:
    std::string m_definition;
    std::string m_name;
    std::string m_method;
    bool m_geographic = false;
    BBox m_areaOfUse = BBox::of(-180, -90, 180, 90);
    bool m_hasAreaOfUse = false;
    std::string m_areaName;
    double m_lon0 = 0.0;
    double m_lat0 = 0.0;
    double m_metersPerUnit = 1.0;
};

// Forward/inverse transformation between WGS 84 lon/lat and a Projection, axis order normalised for display
// (x = easting/longitude, y = northing/latitude). One per thread.
class Transformer {
public:
    explicit Transformer(const std::string& definition);
    ~Transformer();
    Transformer(const Transformer&) = delete;
    Transformer& operator=(const Transformer&) = delete;

    // Projects interleaved lon/lat pairs in place. Points PROJ cannot project become NaN; returns their count.
    size_t forward(double* xy, size_t count) const;
    bool forward(double lon, double lat, double& x, double& y) const;
    bool inverse(double x, double y, double& lon, double& lat) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Geodesic distance in metres on the WGS 84 ellipsoid.
double geodesicDistance(double lon1, double lat1, double lon2, double lat2);

// Makes a PROJ string out of a user's entry: "3857" → "EPSG:3857", "+proj=…" gets "+type=crs".
std::string normalizeCrsDefinition(const std::string& input);

}  // namespace fm
