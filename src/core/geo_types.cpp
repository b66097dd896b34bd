#include "core/geo_types.h"

#include <cstring>

namespace fm {

namespace {
int hexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

bool parseColor(const char* text, Color& out) {
    if (!text || text[0] != '#') return false;
    const size_t n = std::strlen(text + 1);
    int v[8];
    for (size_t i = 0; i < n && i < 8; ++i) {
        v[i] = hexDigit(text[1 + i]);
        if (v[i] < 0) return false;
    }
    if (n == 3) {
        out = {v[0] * 17 / 255.f, v[1] * 17 / 255.f, v[2] * 17 / 255.f, 1.f};
        return true;
    }
    if (n == 6 || n == 8) {
        out.r = (v[0] * 16 + v[1]) / 255.f;
        out.g = (v[2] * 16 + v[3]) / 255.f;
        out.b = (v[4] * 16 + v[5]) / 255.f;
        out.a = n == 8 ? (v[6] * 16 + v[7]) / 255.f : 1.f;
        return true;
    }
    return false;
}

}  // namespace fm
