// Tests for fm::Projection and fm::Transformer: projected coordinates checked against formulas written here from
// the textbook equations (spherical Web Mercator, Krüger's series for transverse Mercator), not against PROJ itself,
// so axis-order, unit and parameter mistakes show up as numbers that disagree. Also the error path for CRS PROJ
// does not know, and the clip windows the projector relies on.
#include "sources/projection.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/error.h"

namespace fm {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = kPi / 180.0;

// WGS 84 ellipsoid.
constexpr double kA = 6378137.0;
constexpr double kF = 1.0 / 298.257223563;

struct City {
    const char* name;
    double lon;
    double lat;
};
const City kKyiv{"Kyiv", 30.5234, 50.4501};
const City kKursk{"Kursk", 36.1873, 51.7304};
const City kDonetsk{"Donetsk", 37.8028, 48.0159};

// Web Mercator (EPSG:3857): the spherical Mercator formula on the WGS 84 semi-major axis.
void sphericalMercator(double lonDeg, double latDeg, double& x, double& y) {
    x = kA * lonDeg * kDeg;
    y = kA * std::log(std::tan(kPi / 4.0 + latDeg * kDeg / 2.0));
}

// Transverse Mercator by Krüger's series in the third flattening n (Karney 2011, "Transverse Mercator with an
// accuracy of a few nanometers", eqs. 7-9 and 35), carried to n^6. Independent of PROJ.
void kruegerTransverseMercator(double lonDeg, double latDeg, double lon0Deg, double k0, double falseEasting,
                               double falseNorthing, double& easting, double& northing) {
    const double n = kF / (2.0 - kF);
    const double n2 = n * n, n3 = n2 * n, n4 = n3 * n, n5 = n4 * n, n6 = n5 * n;
    // Rectifying radius.
    const double A = kA / (1.0 + n) * (1.0 + n2 / 4.0 + n4 / 64.0 + n6 / 256.0);
    const double alpha[7] = {
        0.0,
        n / 2.0 - 2.0 * n2 / 3.0 + 5.0 * n3 / 16.0 + 41.0 * n4 / 180.0 - 127.0 * n5 / 288.0 + 7891.0 * n6 / 37800.0,
        13.0 * n2 / 48.0 - 3.0 * n3 / 5.0 + 557.0 * n4 / 1440.0 + 281.0 * n5 / 630.0 - 1983433.0 * n6 / 1935360.0,
        61.0 * n3 / 240.0 - 103.0 * n4 / 140.0 + 15061.0 * n5 / 26880.0 + 167603.0 * n6 / 181440.0,
        49561.0 * n4 / 161280.0 - 179.0 * n5 / 168.0 + 6601661.0 * n6 / 7257600.0,
        34729.0 * n5 / 80640.0 - 3418889.0 * n6 / 1995840.0,
        212378941.0 * n6 / 319334400.0,
    };
    const double phi = latDeg * kDeg;
    const double dLambda = (lonDeg - lon0Deg) * kDeg;
    const double e = std::sqrt(kF * (2.0 - kF));
    // Conformal latitude through t = tan(chi).
    const double t = std::sinh(std::atanh(std::sin(phi)) - e * std::atanh(e * std::sin(phi)));
    const double xiP = std::atan2(t, std::cos(dLambda));
    const double etaP = std::atanh(std::sin(dLambda) / std::sqrt(1.0 + t * t));
    double xi = xiP, eta = etaP;
    for (int j = 1; j <= 6; ++j) {
        xi += alpha[j] * std::sin(2.0 * j * xiP) * std::cosh(2.0 * j * etaP);
        eta += alpha[j] * std::cos(2.0 * j * xiP) * std::sinh(2.0 * j * etaP);
    }
    easting = falseEasting + k0 * A * eta;
    northing = falseNorthing + k0 * A * xi;
}

void utmNorth(int zone, double lonDeg, double latDeg, double& e, double& n) {
    kruegerTransverseMercator(lonDeg, latDeg, zone * 6.0 - 183.0, 0.9996, 500000.0, 0.0, e, n);
}

// Meridian arc length from the equator to `latDeg` by numerical integration of the meridional radius of
// curvature M(phi) = a(1-e^2)/(1-e^2 sin^2 phi)^1.5 (composite Simpson). A third, formula-free reference.
double meridianArc(double latDeg) {
    const double e2 = kF * (2.0 - kF);
    const int steps = 20000;
    const double h = latDeg * kDeg / steps;
    auto m = [&](double p) { return kA * (1.0 - e2) / std::pow(1.0 - e2 * std::sin(p) * std::sin(p), 1.5); };
    double s = m(0.0) + m(latDeg * kDeg);
    for (int i = 1; i < steps; ++i) s += (i % 2 ? 4.0 : 2.0) * m(i * h);
    return s * h / 3.0;
}

void expectProjectsTo(const Transformer& t, const City& c, double wantX, double wantY, double tol) {
    double x = 0, y = 0;
    ASSERT_TRUE(t.forward(c.lon, c.lat, x, y)) << c.name;
    EXPECT_NEAR(x, wantX, tol) << c.name << " easting";
    EXPECT_NEAR(y, wantY, tol) << c.name << " northing";
}

TEST(ProjectionWebMercator, CitiesMatchSphericalMercatorFormulaWithinOneMillimetre) {
    const Projection p = Projection::create("EPSG:3857");
    EXPECT_FALSE(p.isGeographic());
    auto t = p.makeTransformer();
    for (const City& c : {kKyiv, kKursk, kDonetsk}) {
        double x, y;
        sphericalMercator(c.lon, c.lat, x, y);
        expectProjectsTo(*t, c, x, y, 1e-3);
    }
}

TEST(ProjectionWebMercator, InterleavedForwardMatchesSinglePointForwardAndMarksFailuresNaN) {
    const Projection p = Projection::create("EPSG:3857");
    auto t = p.makeTransformer();
    // A latitude past the pole cannot be projected: it must come back as NaN and be counted, the others projected.
    // (The pole itself is no failure for PROJ: it gives y = R ln tan(pi/2) in doubles, about 2.4e8 m; keeping
    // it off the map is clipWindow's job.)
    double xy[] = {kKyiv.lon, kKyiv.lat, 0.0, 100.0, kDonetsk.lon, kDonetsk.lat};
    const size_t failed = t->forward(xy, 3);
    EXPECT_EQ(failed, 1u);
    double x, y;
    sphericalMercator(kKyiv.lon, kKyiv.lat, x, y);
    EXPECT_NEAR(xy[0], x, 1e-3);
    EXPECT_NEAR(xy[1], y, 1e-3);
    EXPECT_TRUE(std::isnan(xy[2]));
    EXPECT_TRUE(std::isnan(xy[3]));
    sphericalMercator(kDonetsk.lon, kDonetsk.lat, x, y);
    EXPECT_NEAR(xy[4], x, 1e-3);
    EXPECT_NEAR(xy[5], y, 1e-3);
}

TEST(ProjectionUtm, KruegerReferenceReproducesPublishedValues) {
    // Sanity of the reference implementation itself before it judges PROJ: the equator at the central meridian
    // is (500000, 0) by definition, and on the central meridian the northing is k0 times the meridian arc, whose
    // quarter (equator to pole) is the published WGS 84 meridian quadrant, 10 001 965.729 m.
    double e, n;
    utmNorth(36, 33.0, 0.0, e, n);
    EXPECT_NEAR(e, 500000.0, 1e-9);
    EXPECT_NEAR(n, 0.0, 1e-9);
    EXPECT_NEAR(meridianArc(90.0), 10001965.729, 1e-3);
    for (double lat : {kKyiv.lat, kKursk.lat, kDonetsk.lat, 90.0}) {
        utmNorth(36, 33.0, lat, e, n);
        EXPECT_NEAR(e, 500000.0, 1e-6) << lat;
        EXPECT_NEAR(n, 0.9996 * meridianArc(lat), 1e-4) << lat;
    }
}

TEST(ProjectionUtm, Zone36NMatchesKruegerSeriesWithinOneCentimetre) {
    const Projection p = Projection::create("EPSG:32636");
    EXPECT_FALSE(p.isGeographic());
    EXPECT_NEAR(p.centralMeridian(), 33.0, 1e-12);
    EXPECT_DOUBLE_EQ(p.metersPerUnit(), 1.0);
    auto t = p.makeTransformer();
    double e, n;
    utmNorth(36, kKyiv.lon, kKyiv.lat, e, n);
    expectProjectsTo(*t, kKyiv, e, n, 0.01);
    // The published definition points: equator and pole on the central meridian.
    expectProjectsTo(*t, City{"equator at 33E", 33.0, 0.0}, 500000.0, 0.0, 0.01);
    expectProjectsTo(*t, City{"north pole", 33.0, 90.0}, 500000.0, 0.9996 * 10001965.729, 0.01);
}

TEST(ProjectionUtm, Zone37NMatchesKruegerSeriesWithinOneCentimetre) {
    const Projection p = Projection::create("EPSG:32637");
    EXPECT_NEAR(p.centralMeridian(), 39.0, 1e-12);
    auto t = p.makeTransformer();
    for (const City& c : {kKursk, kDonetsk}) {
        double e, n;
        utmNorth(37, c.lon, c.lat, e, n);
        expectProjectsTo(*t, c, e, n, 0.01);
    }
}

TEST(ProjectionUtm, InverseReturnsTheCityWithinAMicrodegree) {
    const Projection p = Projection::create("EPSG:32637");
    auto t = p.makeTransformer();
    double e, n, lon, lat;
    utmNorth(37, kDonetsk.lon, kDonetsk.lat, e, n);
    ASSERT_TRUE(t->inverse(e, n, lon, lat));
    EXPECT_NEAR(lon, kDonetsk.lon, 1e-6);
    EXPECT_NEAR(lat, kDonetsk.lat, 1e-6);
}

TEST(ProjectionGeographic, Epsg4326GivesLongitudeAsXAndLatitudeAsY) {
    // EPSG:4326's official axis order is lat, lon; the transformer is normalised for display.
    const Projection p = Projection::create("EPSG:4326");
    EXPECT_TRUE(p.isGeographic());
    auto t = p.makeTransformer();
    for (const City& c : {kKyiv, kKursk, kDonetsk}) {
        double x, y;
        ASSERT_TRUE(t->forward(c.lon, c.lat, x, y));
        EXPECT_NEAR(x, c.lon, 1e-12) << c.name;
        EXPECT_NEAR(y, c.lat, 1e-12) << c.name;
        double lon, lat;
        ASSERT_TRUE(t->inverse(x, y, lon, lat));
        EXPECT_NEAR(lon, c.lon, 1e-9) << c.name;
        EXPECT_NEAR(lat, c.lat, 1e-9) << c.name;
    }
}

TEST(ProjectionErrors, UnknownEpsgCodeThrowsErrorNamingTheDefinition) {
    try {
        Projection::create("EPSG:999999");
        FAIL() << "EPSG:999999 was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("EPSG:999999"), std::string::npos) << e.what();
        EXPECT_FALSE(e.reason().empty());
    }
}

TEST(ProjectionErrors, UnknownProjStringThrowsErrorNamingTheDefinition) {
    try {
        Projection::create("+proj=nonsense");
        FAIL() << "+proj=nonsense was accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("+proj=nonsense"), std::string::npos) << e.what();
    }
}

TEST(ProjectionErrors, EmptyDefinitionThrowsErrorSayingItIsEmpty) {
    for (const char* def : {"", "   "}) {
        try {
            Projection::create(def);
            FAIL() << "'" << def << "' was accepted";
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find("empty"), std::string::npos) << e.what();
        }
    }
}

TEST(ProjectionErrors, TransformerForUnknownCrsThrowsError) {
    EXPECT_THROW(Transformer("EPSG:999999"), Error);
}

TEST(ProjectionDefinition, NormalisesBareCodesAndProjStrings) {
    EXPECT_EQ(normalizeCrsDefinition(" 3857 "), "EPSG:3857");
    EXPECT_EQ(normalizeCrsDefinition("+proj=merc +datum=WGS84"), "+proj=merc +datum=WGS84 +type=crs");
    EXPECT_EQ(normalizeCrsDefinition("+proj=merc +type=crs"), "+proj=merc +type=crs");
    EXPECT_EQ(normalizeCrsDefinition("EPSG:32636"), "EPSG:32636");
    EXPECT_EQ(Projection::create("3857").definition(), "EPSG:3857");
}

TEST(ProjectionClipWindow, WebMercatorStopsAtItsSquareWorldLatitude) {
    const Projection p = Projection::create("EPSG:3857");
    const BBox w = p.clipWindow(15.0);
    ASSERT_FALSE(w.empty());
    // atan(sinh(pi)): where Web Mercator's y equals its x extent.
    const double limit = std::atan(std::sinh(kPi)) / kDeg;
    EXPECT_NEAR(w.maxY, limit, 1e-6);
    EXPECT_NEAR(w.minY, -limit, 1e-6);
    EXPECT_NEAR(w.maxY, 85.0511, 1e-4);
    // Every latitude in the window projects to a finite y.
    auto t = p.makeTransformer();
    double x, y;
    EXPECT_TRUE(t->forward(0.0, w.maxY, x, y));
    EXPECT_TRUE(t->forward(0.0, w.minY, x, y));
    // The whole circle of longitudes, a hair short of the seam at ±180.
    EXPECT_GT(w.minX, -180.0);
    EXPECT_LT(w.minX, -180.0 + 1e-5);
    EXPECT_LT(w.maxX, 180.0);
    EXPECT_GT(w.maxX, 180.0 - 1e-5);
}

TEST(ProjectionClipWindow, Utm36NIsCentredOn33EAndStaysWithin80DegreesOfIt) {
    const Projection p = Projection::create("EPSG:32636");
    const BBox w = p.clipWindow(15.0);
    ASSERT_FALSE(w.empty());
    EXPECT_NEAR((w.minX + w.maxX) / 2.0, 33.0, 1e-9);
    EXPECT_GE(w.minX, 33.0 - 80.0);
    EXPECT_LE(w.maxX, 33.0 + 80.0);
    EXPECT_TRUE(w.contains(kKyiv.lon, kKyiv.lat));
    EXPECT_TRUE(w.contains(kDonetsk.lon, kDonetsk.lat));  // a neighbouring zone's city still shows
    // The margin widens the zone (30..36E) on both sides.
    EXPECT_LT(w.minX, 30.0);
    EXPECT_GT(w.maxX, 36.0);
    EXPECT_LE(w.maxY, 90.0);
}

TEST(ProjectionClipWindow, LambertConicOn31EIsTheWholeCircleAroundItWithoutTheSouthPole) {
    const Projection p =
        Projection::create("+proj=lcc +lat_1=45 +lat_2=53 +lat_0=48.5 +lon_0=31 +datum=WGS84 +units=m");
    EXPECT_NEAR(p.centralMeridian(), 31.0, 1e-12);
    const BBox w = p.clipWindow(15.0);
    ASSERT_FALSE(w.empty());
    EXPECT_GT(w.minX, 31.0 - 180.0);
    EXPECT_LT(w.minX, 31.0 - 180.0 + 1e-5);
    EXPECT_LT(w.maxX, 31.0 + 180.0);
    EXPECT_GT(w.maxX, 31.0 + 180.0 - 1e-5);
    EXPECT_FALSE(w.contains(31.0, -90.0));
    EXPECT_GT(w.minY, -90.0);
    // What remains of the southern hemisphere still projects to finite coordinates.
    auto t = p.makeTransformer();
    double x, y;
    EXPECT_TRUE(t->forward(31.0, w.minY, x, y));
    EXPECT_TRUE(t->forward(w.minX, w.minY, x, y));
}

TEST(ProjectionUnits, MetresPerUnitIsOneForWebMercatorAndOneDegreeOfEquatorFor4326) {
    EXPECT_DOUBLE_EQ(Projection::create("EPSG:3857").metersPerUnit(), 1.0);
    EXPECT_NEAR(Projection::create("EPSG:4326").metersPerUnit(), 111319.49, 0.01);
}

}  // namespace
}  // namespace fm
