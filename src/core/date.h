// Calendar dates as day numbers (days since 1970-01-01, proleptic Gregorian), and parsing of the many ways
// event files write them. A day number fits in 32 bits for any date a conflict archive holds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fm {

enum class DatePrecision : uint8_t { Day = 0, Week, Month, Year, Unknown };
constexpr int kDatePrecisionCount = 5;
const char* datePrecisionName(DatePrecision p);

int32_t daysFromCivil(int year, unsigned month, unsigned day);
void civilFromDays(int32_t days, int& year, unsigned& month, unsigned& day);
bool isValidDate(int year, int month, int day);
// "2025-03-12"
std::string formatDay(int32_t day);
int weekday(int32_t day);  // 0 = Monday … 6 = Sunday

struct ParsedDate {
    int32_t first = 0;  // first day covered
    int32_t last = 0;   // last day covered (a month "2025-03" covers the whole month)
    DatePrecision precision = DatePrecision::Day;
};

// Accepts ISO 8601 (2025-03-12, 2025-03-12T10:00:00Z, 2025-03, 2025), GDAL's 2025/03/12, month-first US dates
// with optional times (3/12/2025 12:00:00 AM, 03/12/2025 00:00), day-first with dots (12.03.2025), and English
// month names (12 March 2025, March 12, 2025, 12-Mar-2025). Impossible dates (2025-02-30, 0000-00-00) fail with
// a reason in `why`.
bool parseDate(std::string_view text, ParsedDate& out, std::string& why);

// Month name or abbreviation (English) → 1..12, or 0.
int monthFromName(std::string_view name);

}  // namespace fm
