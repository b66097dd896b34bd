#include "sources/projection.h"

#include <geodesic.h>
#include <proj.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>

#include "core/error.h"

namespace fm {

namespace {

struct CtxDeleter {
    void operator()(PJ_CONTEXT* c) const { proj_context_destroy(c); }
};
struct PjDeleter {
    void operator()(PJ* p) const { proj_destroy(p); }
};
using CtxPtr = std::unique_ptr<PJ_CONTEXT, CtxDeleter>;
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

std::string lastError(PJ_CONTEXT* ctx) {
    const int err = proj_context_errno(ctx);
    const char* s = err ? proj_context_errno_string(ctx, err) : nullptr;
    return s ? s : "PROJ could not interpret it";
}

std::string trim(const std::string& s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return s.substr(a, b - a);
}

PjPtr createCrs(PJ_CONTEXT* ctx, const std::string& def) {
    PjPtr crs(proj_create(ctx, def.c_str()));
    if (!crs) throw Error("projection '" + def + "'", lastError(ctx));
    if (!proj_is_crs(crs.get())) throw Error("projection '" + def + "'", "not a coordinate reference system");
    return crs;
}

bool lowerContains(std::string hay, const char* needle) {
    std::transform(hay.begin(), hay.end(), hay.begin(), [](unsigned char c) { return std::tolower(c); });
    return hay.find(needle) != std::string::npos;
}

}  // namespace

double geodesicDistance(double lon1, double lat1, double lon2, double lat2) {
    geod_geodesic g;
    geod_init(&g, 6378137.0, 1 / 298.257223563);
    double s12 = 0;
    geod_inverse(&g, lat1, lon1, lat2, lon2, &s12, nullptr, nullptr);
    return s12;
}

std::string normalizeCrsDefinition(const std::string& input) {
    std::string s = trim(input);
    if (!s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); })) return "EPSG:" + s;
    if ((s.rfind("+proj=", 0) == 0 || s.rfind("proj=", 0) == 0) && s.find("type=crs") == std::string::npos)
        s += " +type=crs";
    return s;
}

Projection Projection::create(const std::string& definition) {
    Projection p;
    p.m_definition = normalizeCrsDefinition(definition);
    if (p.m_definition.empty()) throw Error("projection", "empty definition");
    CtxPtr ctx(proj_context_create());
    proj_log_level(ctx.get(), PJ_LOG_NONE);
    PjPtr crs = createCrs(ctx.get(), p.m_definition);
    // A BoundCRS (PROJ strings with +towgs84) wraps the CRS we want to describe.
    PjPtr base(proj_get_type(crs.get()) == PJ_TYPE_BOUND_CRS ? proj_get_source_crs(ctx.get(), crs.get()) : nullptr);
    PJ* desc = base ? base.get() : crs.get();
    const char* nm = proj_get_name(desc);
    p.m_name = nm ? nm : p.m_definition;
    const PJ_TYPE type = proj_get_type(desc);
    p.m_geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS || type == PJ_TYPE_GEOGRAPHIC_CRS;
    if (type == PJ_TYPE_COMPOUND_CRS) throw Error("projection '" + p.m_definition + "'", "compound (3D) CRS are not supported for display");

    double w, s, e, n;
    const char* areaName = nullptr;
    if (proj_get_area_of_use(ctx.get(), crs.get(), &w, &s, &e, &n, &areaName) && w > -1000) {
        p.m_hasAreaOfUse = true;
        if (areaName) p.m_areaName = areaName;
        if (e < w) e += 360.0;  // an area crossing the antimeridian
        p.m_areaOfUse = BBox::of(w, s, e, n);
    }

    if (p.m_geographic) {
        p.m_method = "Geographic (longitude/latitude)";
        p.m_metersPerUnit = 6378137.0 * M_PI / 180.0;
    } else {
        PjPtr op(proj_crs_get_coordoperation(ctx.get(), desc));
        if (op) {
            const char* mn = nullptr;
            if (proj_coordoperation_get_method_info(ctx.get(), op.get(), &mn, nullptr, nullptr) && mn) p.m_method = mn;
            const int count = proj_coordoperation_get_param_count(ctx.get(), op.get());
            for (int i = 0; i < count; ++i) {
                const char* pname = nullptr;
                const char* code = nullptr;
                double value = 0, conv = 0;
                if (!proj_coordoperation_get_param(ctx.get(), op.get(), i, &pname, nullptr, &code, &value, nullptr, &conv,
                                                   nullptr, nullptr, nullptr, nullptr))
                    continue;
                // EPSG parameter codes for the longitude of the projection's origin.
                const bool isLon0 = code && (!std::strcmp(code, "8802") || !std::strcmp(code, "8822") ||
                                             !std::strcmp(code, "8833") || !std::strcmp(code, "8812"));
                if (isLon0) p.m_lon0 = value * conv * 180.0 / M_PI;
                // Latitude of natural origin / of false origin: which hemisphere a cone opens to.
                const bool isLat0 = code && (!std::strcmp(code, "8801") || !std::strcmp(code, "8821"));
                if (isLat0) p.m_lat0 = value * conv * 180.0 / M_PI;
            }
        }
        PjPtr cs(proj_crs_get_coordinate_system(ctx.get(), desc));
        if (cs) {
            double conv = 1.0;
            if (proj_cs_get_axis_info(ctx.get(), cs.get(), 0, nullptr, nullptr, nullptr, &conv, nullptr, nullptr, nullptr) &&
                conv > 0)
                p.m_metersPerUnit = conv;
        }
    }
    if (p.m_name.empty() || p.m_name == "unknown")
        p.m_name = (p.m_method.empty() ? std::string("Custom CRS") : p.m_method) + " (custom)";
    // Check that a transformation from WGS 84 exists at all, so errors surface when the user picks it.
    Transformer t(p.m_definition);
    return p;
}

BBox Projection::clipWindow(double marginDeg) const {
    BBox a = m_areaOfUse;
    const bool world = a.width() >= 359.9;
    if (m_hasAreaOfUse && !world) {
        a.minX -= marginDeg;
        a.maxX += marginDeg;
        a.minY -= marginDeg;
        a.maxY += marginDeg;
    } else {
        a.minX = m_lon0 - 180.0;
        a.maxX = m_lon0 + 180.0;
    }
    a.minY = std::max(a.minY, -90.0);
    a.maxY = std::min(a.maxY, 90.0);
    const bool mercator = lowerContains(m_method, "mercator") && !lowerContains(m_method, "transverse");
    const bool transverse = lowerContains(m_method, "transverse");
    const bool conic = lowerContains(m_method, "conic") || lowerContains(m_method, "albers");
    if (mercator) {
        a.minY = std::max(a.minY, -85.05112878);
        a.maxY = std::min(a.maxY, 85.05112878);
    }
    if (transverse) {  // beyond ~80° from the central meridian the projection folds over
        a.minX = std::max(a.minX, m_lon0 - 80.0);
        a.maxX = std::min(a.maxX, m_lon0 + 80.0);
    }
    if (conic) {  // the opposite pole projects to infinity; keep to the cone's own hemisphere and a bit beyond
        if (m_lat0 >= 0) {
            a.minY = std::max(a.minY, -45.0);
            a.maxY = std::min(a.maxY, 89.5);
        } else {
            a.minY = std::max(a.minY, -89.5);
            a.maxY = std::min(a.maxY, 45.0);
        }
    }
    // Keep a hair away from the seam on both sides so nothing is drawn across it.
    const double eps = 1e-7;
    a.minX = std::max(a.minX, m_lon0 - 180.0 + eps);
    a.maxX = std::min(a.maxX, m_lon0 + 180.0 - eps);
    if (a.minX >= a.maxX || a.minY >= a.maxY) return BBox();
    return a;
}

std::string Projection::toWkt(bool esri) const {
    CtxPtr ctx(proj_context_create());
    proj_log_level(ctx.get(), PJ_LOG_NONE);
    PjPtr crs(proj_create(ctx.get(), m_definition.c_str()));
    if (!crs) return {};
    const char* opts[] = {"MULTILINE=NO", nullptr};
    const char* w = proj_as_wkt(ctx.get(), crs.get(), esri ? PJ_WKT1_ESRI : PJ_WKT2_2019, opts);
    if (!w && esri) w = proj_as_wkt(ctx.get(), crs.get(), PJ_WKT1_GDAL, opts);
    return w ? w : "";
}

std::unique_ptr<Transformer> Projection::makeTransformer() const { return std::make_unique<Transformer>(m_definition); }

const std::vector<Projection::Preset>& Projection::presets() {
    static const std::vector<Preset> p = {
        {"Web Mercator (EPSG:3857)", "EPSG:3857"},
        {"Plate carrée (equirectangular)", "+proj=eqc +lon_0=0 +datum=WGS84 +units=m +type=crs"},
        {"Lambert conformal conic, Ukraine", "+proj=lcc +lat_1=45 +lat_2=53 +lat_0=48.5 +lon_0=31 +datum=WGS84 +units=m +type=crs"},
        {"UTM zone 36N (EPSG:32636)", "EPSG:32636"},
        {"UTM zone 37N (EPSG:32637)", "EPSG:32637"},
        {"WGS 84 longitude/latitude (EPSG:4326)", "EPSG:4326"},
        {"ETRS89 LAEA Europe (EPSG:3035)", "EPSG:3035"},
    };
    return p;
}

struct Transformer::Impl {
    CtxPtr ctx;
    PjPtr op;
};

Transformer::Transformer(const std::string& definition) : m_impl(std::make_unique<Impl>()) {
    m_impl->ctx.reset(proj_context_create());
    proj_log_level(m_impl->ctx.get(), PJ_LOG_NONE);
    PJ_CONTEXT* ctx = m_impl->ctx.get();
    PjPtr src(proj_create(ctx, "EPSG:4326"));
    PjPtr dst = createCrs(ctx, definition);
    PjPtr op(proj_create_crs_to_crs_from_pj(ctx, src.get(), dst.get(), nullptr, nullptr));
    if (!op) throw Error("projection '" + definition + "'", "no transformation from WGS 84: " + lastError(ctx));
    PjPtr norm(proj_normalize_for_visualization(ctx, op.get()));
    if (!norm) throw Error("projection '" + definition + "'", "cannot normalise axis order: " + lastError(ctx));
    m_impl->op = std::move(norm);
}

Transformer::~Transformer() = default;

size_t Transformer::forward(double* xy, size_t count) const {
    if (count == 0) return 0;
    proj_trans_generic(m_impl->op.get(), PJ_FWD, xy, 2 * sizeof(double), count, xy + 1, 2 * sizeof(double), count,
                       nullptr, 0, 0, nullptr, 0, 0);
    size_t failed = 0;
    for (size_t i = 0; i < count; ++i) {
        double& x = xy[2 * i];
        double& y = xy[2 * i + 1];
        if (!std::isfinite(x) || !std::isfinite(y) || std::fabs(x) > 1e15 || std::fabs(y) > 1e15) {
            x = y = std::nan("");
            ++failed;
        }
    }
    // proj_trans_generic sets errno on a context on failure; clear it so the next call starts clean.
    proj_errno_reset(m_impl->op.get());
    return failed;
}

bool Transformer::forward(double lon, double lat, double& x, double& y) const {
    double xy[2] = {lon, lat};
    const size_t failed = forward(xy, 1);
    x = xy[0];
    y = xy[1];
    return failed == 0;
}

bool Transformer::inverse(double x, double y, double& lon, double& lat) const {
    PJ_COORD c = proj_coord(x, y, 0, 0);
    PJ_COORD r = proj_trans(m_impl->op.get(), PJ_INV, c);
    proj_errno_reset(m_impl->op.get());
    if (!std::isfinite(r.xy.x) || !std::isfinite(r.xy.y) || std::fabs(r.xy.x) > 1e10) return false;
    lon = r.xy.x;
    lat = r.xy.y;
    return std::fabs(lat) <= 90.0 + 1e-9;
}

}  // namespace fm
