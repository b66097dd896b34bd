// Tests for src/core/date: the civil-calendar arithmetic (day numbers since 1970-01-01) and parseDate on the
// many ways event files write dates — ISO, GDAL's slashes, US month-first with times, European dots, English
// month names, month and year precision — and the failures: impossible dates say "impossible", garbage says why.
#include "core/date.h"

#include <gtest/gtest.h>

#include <string>

namespace fm {
namespace {

// Parses `text`, expecting success, and returns what came out.
ParsedDate parseOk(const std::string& text) {
    ParsedDate out;
    std::string why;
    EXPECT_TRUE(parseDate(text, out, why)) << "'" << text << "' failed: " << why;
    return out;
}

// Parses `text`, expecting failure, and returns the reason.
std::string parseFails(const std::string& text) {
    ParsedDate out;
    std::string why;
    EXPECT_FALSE(parseDate(text, out, why)) << "'" << text << "' parsed as " << formatDay(out.first) << ".."
                                            << formatDay(out.last);
    return why;
}

void expectSingleDay(const std::string& text, int y, unsigned m, unsigned d) {
    SCOPED_TRACE(text);
    const ParsedDate p = parseOk(text);
    EXPECT_EQ(p.first, daysFromCivil(y, m, d)) << formatDay(p.first);
    EXPECT_EQ(p.last, p.first) << formatDay(p.last);
    EXPECT_EQ(p.precision, DatePrecision::Day);
}

TEST(DateCivil, KnownAnchorsHaveTheirDayNumbers) {
    EXPECT_EQ(daysFromCivil(1970, 1, 1), 0);
    EXPECT_EQ(daysFromCivil(1970, 1, 2), 1);
    EXPECT_EQ(daysFromCivil(1969, 12, 31), -1);
    EXPECT_EQ(daysFromCivil(2000, 1, 1), 10957);
    EXPECT_EQ(daysFromCivil(2000, 3, 1), 11017);  // 2000 is a leap year (divisible by 400): Feb has 29 days
    EXPECT_EQ(daysFromCivil(2024, 3, 1) - daysFromCivil(2024, 2, 28), 2);  // through 2024-02-29
    EXPECT_EQ(daysFromCivil(1900, 3, 1) - daysFromCivil(1900, 2, 28), 1);  // 1900 is not a leap year
    EXPECT_EQ(formatDay(0), "1970-01-01");
    EXPECT_EQ(formatDay(11017), "2000-03-01");
    EXPECT_EQ(formatDay(-25567), "1900-01-01");
    EXPECT_EQ(weekday(0), 3);                               // 1970-01-01 was a Thursday
    EXPECT_EQ(weekday(daysFromCivil(2022, 2, 24)), 3);      // a Thursday too
    EXPECT_EQ(weekday(daysFromCivil(1969, 12, 29)), 0);     // a Monday, before the epoch
}

TEST(DateCivil, ValidityKnowsLeapYearsAndMonthLengths) {
    EXPECT_TRUE(isValidDate(2024, 2, 29));
    EXPECT_TRUE(isValidDate(2000, 2, 29));
    EXPECT_FALSE(isValidDate(2023, 2, 29));
    EXPECT_FALSE(isValidDate(1900, 2, 29));
    EXPECT_FALSE(isValidDate(2025, 4, 31));
    EXPECT_TRUE(isValidDate(2025, 12, 31));
    EXPECT_FALSE(isValidDate(2025, 13, 1));
    EXPECT_FALSE(isValidDate(2025, 0, 1));
    EXPECT_FALSE(isValidDate(2025, 1, 0));
    EXPECT_FALSE(isValidDate(0, 1, 1));
}

TEST(DateCivil, EveryDayFrom1900To2100RoundTripsAndFollowsTheDayBefore) {
    int32_t expected = daysFromCivil(1900, 1, 1);
    int count = 0;
    for (int y = 1900; y <= 2100; ++y)
        for (unsigned m = 1; m <= 12; ++m)
            for (unsigned d = 1; d <= 31; ++d) {
                if (!isValidDate(y, static_cast<int>(m), static_cast<int>(d))) continue;
                const int32_t day = daysFromCivil(y, m, d);
                ASSERT_EQ(day, expected) << y << "-" << m << "-" << d << " is not the day after the previous one";
                int yy = 0;
                unsigned mm = 0, dd = 0;
                civilFromDays(day, yy, mm, dd);
                ASSERT_EQ(yy, y);
                ASSERT_EQ(mm, m);
                ASSERT_EQ(dd, d);
                ++expected;
                ++count;
            }
    // 201 years, 49 of them leap (1900 and 2100 are not; 2000 is).
    EXPECT_EQ(count, 201 * 365 + 49);
}

TEST(DateParse, IsoDateWithAndWithoutTime) {
    expectSingleDay("2025-03-12", 2025, 3, 12);
    expectSingleDay("2025-03-12T10:00:00Z", 2025, 3, 12);
    expectSingleDay("2025-03-12T23:59:59+03:00", 2025, 3, 12);
    expectSingleDay("2022-02-24 00:00:00.000", 2022, 2, 24);  // UCDP GED's CSV form
    expectSingleDay("  2025-03-12  ", 2025, 3, 12);            // surrounding blanks are trimmed
}

TEST(DateParse, GdalSlashForm) { expectSingleDay("2025/03/12", 2025, 3, 12); }

TEST(DateParse, UsMonthFirstWithTimes) {
    expectSingleDay("8/31/2022 12:00:00 AM", 2022, 8, 31);
    expectSingleDay("09/01/2022 00:00", 2022, 9, 1);
    expectSingleDay("3/12/2025", 2025, 3, 12);
    expectSingleDay("12/03/2025", 2025, 12, 3);  // month first: December 3rd, not March 12th
}

TEST(DateParse, DottedDayFirst) {
    expectSingleDay("12.03.2025", 2025, 3, 12);
    expectSingleDay("1.2.2025", 2025, 2, 1);
}

TEST(DateParse, EnglishMonthNames) {
    expectSingleDay("12 March 2025", 2025, 3, 12);
    expectSingleDay("March 12, 2025", 2025, 3, 12);
    expectSingleDay("12-Mar-2025", 2025, 3, 12);
    expectSingleDay("1 Sept 2024", 2024, 9, 1);
    expectSingleDay("29 february 2024", 2024, 2, 29);
    EXPECT_EQ(monthFromName("Mar."), 3);
    EXPECT_EQ(monthFromName("DECEMBER"), 12);
    EXPECT_EQ(monthFromName("Ma"), 0);  // too short to tell March from May
    EXPECT_EQ(monthFromName("Marchx"), 0);
}

TEST(DateParse, MonthPrecisionCoversTheWholeMonth) {
    const ParsedDate p = parseOk("2025-03");
    EXPECT_EQ(p.precision, DatePrecision::Month);
    EXPECT_EQ(p.first, daysFromCivil(2025, 3, 1));
    EXPECT_EQ(p.last, daysFromCivil(2025, 3, 31));
    EXPECT_EQ(p.last - p.first + 1, 31);
    const ParsedDate feb = parseOk("2024-02");
    EXPECT_EQ(feb.last - feb.first + 1, 29);  // leap February
    const ParsedDate named = parseOk("March 2025");
    EXPECT_EQ(named.precision, DatePrecision::Month);
    EXPECT_EQ(named.first, p.first);
    EXPECT_EQ(named.last, p.last);
}

TEST(DateParse, YearPrecisionCoversTheWholeYearIncludingLeapDay) {
    const ParsedDate leap = parseOk("2024");
    EXPECT_EQ(leap.precision, DatePrecision::Year);
    EXPECT_EQ(leap.first, daysFromCivil(2024, 1, 1));
    EXPECT_EQ(leap.last, daysFromCivil(2024, 12, 31));
    EXPECT_EQ(leap.last - leap.first + 1, 366);
    const ParsedDate common = parseOk("2025");
    EXPECT_EQ(common.last - common.first + 1, 365);
}

TEST(DateParse, ImpossibleDatesFailSayingImpossible) {
    for (const char* text : {"2025-02-30", "2023-02-29", "0000-00-00", "2025-13-01", "2025-04-31", "2025/02/30",
                             "30 February 2025", "31.04.2025", "2/30/2025", "2025-00", "2025-13", "0000"}) {
        SCOPED_TRACE(text);
        const std::string why = parseFails(text);
        EXPECT_NE(why.find("impossible"), std::string::npos) << "reason: " << why;
    }
}

TEST(DateParse, GarbageFailsWithAReason) {
    for (const char* text : {"yesterday", "", "   ", "2025-1", "12", "March", "2025-03-12x", "n/a"}) {
        SCOPED_TRACE(std::string("'") + text + "'");
        const std::string why = parseFails(text);
        EXPECT_FALSE(why.empty());
    }
    EXPECT_NE(parseFails("yesterday").find("yesterday"), std::string::npos);  // the reason quotes the text
    EXPECT_NE(parseFails("").find("empty"), std::string::npos);
    EXPECT_FALSE(parseFails(std::string(100, '1')).empty());                 // very long text is refused, not scanned
}

}  // namespace
}  // namespace fm
