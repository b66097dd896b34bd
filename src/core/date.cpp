#include "core/date.h"

#include <cctype>
#include <cstdio>
#include <cstring>
#include <vector>

namespace fm {

const char* datePrecisionName(DatePrecision p) {
    switch (p) {
        case DatePrecision::Day: return "day";
        case DatePrecision::Week: return "week";
        case DatePrecision::Month: return "month";
        case DatePrecision::Year: return "year";
        case DatePrecision::Unknown: return "unknown";
    }
    return "?";
}

// Howard Hinnant's well-known civil-calendar arithmetic, written out here.
int32_t daysFromCivil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
}

void civilFromDays(int32_t z, int& year, unsigned& month, unsigned& day) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    day = doy - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = y + (month <= 2);
}

static bool isLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int daysInMonth(int y, int m) {
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : d[m - 1];
}

bool isValidDate(int y, int m, int d) { return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m); }

std::string formatDay(int32_t day) {
    int y;
    unsigned m, d;
    civilFromDays(day, y, m, d);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    return buf;
}

int weekday(int32_t day) { return static_cast<int>(((day % 7) + 7 + 3) % 7); }  // 1970-01-01 was a Thursday

int monthFromName(std::string_view name) {
    static const char* names[] = {"january", "february", "march", "april", "may", "june", "july", "august", "september",
                                  "october", "november", "december"};
    if (name.size() < 3) return 0;
    std::string l;
    for (char c : name) l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!l.empty() && l.back() == '.') l.pop_back();
    for (int i = 0; i < 12; ++i) {
        const std::string full = names[i];
        if (l == full || (l.size() >= 3 && full.compare(0, l.size(), l) == 0 && l.size() <= full.size())) return i + 1;
    }
    if (l == "sept") return 9;
    return 0;
}

namespace {

struct Token {
    enum Kind { Number, Word } kind;
    std::string text;
};

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> out;
    size_t i = 0;
    while (i < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (std::isdigit(c)) {
            size_t j = i;
            while (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) ++j;
            out.push_back({Token::Number, std::string(s.substr(i, j - i))});
            i = j;
        } else if (std::isalpha(c)) {
            size_t j = i;
            while (j < s.size() && (std::isalpha(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
            out.push_back({Token::Word, std::string(s.substr(i, j - i))});
            i = j;
        } else {
            ++i;
        }
    }
    return out;
}

bool finish(int y, int m, int d, ParsedDate& out, std::string& why) {
    if (!isValidDate(y, m, d)) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "impossible date '%04d-%02d-%02d'", y, m, d);
        why = buf;
        return false;
    }
    out.first = out.last = daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    out.precision = DatePrecision::Day;
    return true;
}

}  // namespace

bool parseDate(std::string_view raw, ParsedDate& out, std::string& why) {
    // Trim.
    while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.front()))) raw.remove_prefix(1);
    while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.back()))) raw.remove_suffix(1);
    if (raw.empty()) {
        why = "empty date";
        return false;
    }
    if (raw.size() > 64) {
        why = "date text too long";
        return false;
    }
    const std::string s(raw);
    int y = 0, m = 0, d = 0;
    char sep1 = 0, sep2 = 0;
    int n = 0;
    // ISO and GDAL forms: YYYY-MM-DD[...], YYYY/MM/DD
    if (std::sscanf(s.c_str(), "%4d%c%2d%c%2d%n", &y, &sep1, &m, &sep2, &d, &n) == 5 && n >= 8 && sep1 == sep2 &&
        (sep1 == '-' || sep1 == '/') && s.size() >= 10 && std::isdigit(static_cast<unsigned char>(s[0])) &&
        std::isdigit(static_cast<unsigned char>(s[3]))) {
        // Anything after must look like a time.
        if (n == static_cast<int>(s.size()) || s[static_cast<size_t>(n)] == 'T' || s[static_cast<size_t>(n)] == ' ')
            return finish(y, m, d, out, why);
    }
    // YYYY-MM
    if (s.size() == 7 && std::sscanf(s.c_str(), "%4d-%2d%n", &y, &m, &n) == 2 && n == 7) {
        if (y < 1 || m < 1 || m > 12) {
            why = "impossible month " + s;
            return false;
        }
        out.first = daysFromCivil(y, static_cast<unsigned>(m), 1);
        out.last = daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(daysInMonth(y, m)));
        out.precision = DatePrecision::Month;
        return true;
    }
    // YYYY
    if (s.size() == 4 && std::sscanf(s.c_str(), "%4d%n", &y, &n) == 1 && n == 4) {
        if (y < 1) {
            why = "impossible year " + s;
            return false;
        }
        out.first = daysFromCivil(y, 1, 1);
        out.last = daysFromCivil(y, 12, 31);
        out.precision = DatePrecision::Year;
        return true;
    }
    const std::vector<Token> t = tokenize(s);
    auto num = [&](size_t i) { return std::atoi(t[i].text.c_str()); };
    if (t.size() >= 3 && t[0].kind == Token::Number && t[1].kind == Token::Number && t[2].kind == Token::Number) {
        // 12.03.2025 (day first, the European dotted form) or 3/12/2025 (month first, the US form).
        if (t[2].text.size() == 4 && t[0].text.size() <= 2 && t[1].text.size() <= 2) {
            const bool dotted = s.find('.') != std::string::npos && s.find('.') < s.find(t[2].text);
            y = num(2);
            if (dotted) {
                d = num(0);
                m = num(1);
            } else {
                m = num(0);
                d = num(1);
            }
            return finish(y, m, d, out, why);
        }
    }
    // 12 March 2025 / 12-Mar-2025 / March 12, 2025 / March 2025
    if (t.size() >= 2) {
        if (t.size() >= 3 && t[0].kind == Token::Number && t[1].kind == Token::Word && t[2].kind == Token::Number) {
            m = monthFromName(t[1].text);
            if (m) return finish(num(2), m, num(0), out, why);
        }
        if (t.size() >= 3 && t[0].kind == Token::Word && t[1].kind == Token::Number && t[2].kind == Token::Number) {
            m = monthFromName(t[0].text);
            if (m) return finish(num(2), m, num(1), out, why);
        }
        if (t.size() == 2 && t[0].kind == Token::Word && t[1].kind == Token::Number && t[1].text.size() == 4) {
            m = monthFromName(t[0].text);
            if (m && num(1) >= 1) {  // "March 0000" is as impossible as 0000-03 (found by fuzz/date_fuzzer)
                y = num(1);
                out.first = daysFromCivil(y, static_cast<unsigned>(m), 1);
                out.last = daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(daysInMonth(y, m)));
                out.precision = DatePrecision::Month;
                return true;
            }
        }
    }
    why = "unrecognised date format '" + s + "'";
    return false;
}

}  // namespace fm
