// Tests for src/sources/article_dates: relative and absolute dates in article sentences resolved against the
// article's date, with the precision each one has, and the expressions that must not date an event.
#include "sources/article_dates.h"

#include <gtest/gtest.h>

#include <string>

namespace fm {
namespace {

int32_t day(int y, unsigned m, unsigned d) { return daysFromCivil(y, m, d); }

// The single expression in `text`, resolved against `base`.
DateExpression one(const std::string& text, int32_t base) {
    const auto v = findDateExpressions(text, base);
    EXPECT_EQ(v.size(), 1u) << text;
    return v.empty() ? DateExpression{} : v.front();
}

void expectRange(const std::string& text, int32_t base, int32_t a, int32_t b, DatePrecision p) {
    const DateExpression e = one(text, base);
    EXPECT_EQ(formatDay(e.dayStart), formatDay(a)) << text;
    EXPECT_EQ(formatDay(e.dayEnd), formatDay(b)) << text;
    EXPECT_EQ(e.precision, p) << text;
}

// 2025-03-13 was a Thursday.
const int32_t kThu = day(2025, 3, 13);

TEST(ArticleDates, WeekdaysAreTheLatestOnOrBeforeTheArticle) {
    ASSERT_EQ(weekday(kThu), 3);
    expectRange("Russian forces attacked on Wednesday.", kThu, day(2025, 3, 12), day(2025, 3, 12), DatePrecision::Day);
    expectRange("Officials said on Thursday.", kThu, kThu, kThu, DatePrecision::Day);
    expectRange("Drones struck on Friday night.", kThu, day(2025, 3, 7), day(2025, 3, 7), DatePrecision::Day);
    expectRange("It happened last Thursday.", kThu, day(2025, 3, 6), day(2025, 3, 6), DatePrecision::Day);
    expectRange("They meet next Monday.", kThu, day(2025, 3, 17), day(2025, 3, 17), DatePrecision::Day);
    // Future tense: the coming one.
    expectRange("Starmer will host a summit in London on Sunday.", kThu, day(2025, 3, 16), day(2025, 3, 16), DatePrecision::Day);
    // A range of weekdays.
    expectRange("Attacks on Monday and Tuesday.", kThu, day(2025, 3, 10), day(2025, 3, 11), DatePrecision::Day);
    // "Wednesday, March 12": the full date decides.
    expectRange("It was Wednesday, March 5.", kThu, day(2025, 3, 5), day(2025, 3, 5), DatePrecision::Day);
}

TEST(ArticleDates, RelativeDaysWeeksMonthsYears) {
    expectRange("It happened yesterday.", kThu, day(2025, 3, 12), day(2025, 3, 12), DatePrecision::Day);
    expectRange("It happened the day before yesterday.", kThu, day(2025, 3, 11), day(2025, 3, 11), DatePrecision::Day);
    expectRange("Sirens sounded last night.", kThu, day(2025, 3, 12), day(2025, 3, 12), DatePrecision::Day);
    expectRange("Drones attacked overnight.", kThu, day(2025, 3, 12), kThu, DatePrecision::Day);
    expectRange("Drones attacked overnight into Tuesday.", kThu, day(2025, 3, 10), day(2025, 3, 11), DatePrecision::Day);
    expectRange("Fighting went on last week.", kThu, day(2025, 3, 3), day(2025, 3, 9), DatePrecision::Week);
    expectRange("He will visit this week.", kThu, day(2025, 3, 10), day(2025, 3, 16), DatePrecision::Week);
    expectRange("Talks resume next week.", kThu, day(2025, 3, 17), day(2025, 3, 23), DatePrecision::Week);
    expectRange("It was shelled throughout the week.", kThu, day(2025, 3, 10), kThu, DatePrecision::Week);
    expectRange("The town fell earlier this month.", kThu, day(2025, 3, 1), kThu, DatePrecision::Month);
    expectRange("The town fell last month.", kThu, day(2025, 2, 1), day(2025, 2, 28), DatePrecision::Month);
    expectRange("Drones flew over the weekend.", kThu, day(2025, 3, 8), day(2025, 3, 9), DatePrecision::Day);
    expectRange("It was two days ago.", kThu, day(2025, 3, 11), day(2025, 3, 11), DatePrecision::Day);
    expectRange("It was three weeks ago.", kThu, day(2025, 2, 17), day(2025, 2, 23), DatePrecision::Week);
    expectRange("Bakhmut fell a year ago.", kThu, day(2024, 3, 1), day(2024, 3, 31), DatePrecision::Month);
    expectRange("The attack came last year.", kThu, day(2024, 1, 1), day(2024, 12, 31), DatePrecision::Year);
    expectRange("The dam was breached in 2023.", kThu, day(2023, 1, 1), day(2023, 12, 31), DatePrecision::Year);
}

TEST(ArticleDates, MonthsAndCalendarDates) {
    expectRange("Russian troops took it in February.", kThu, day(2025, 2, 1), day(2025, 2, 28), DatePrecision::Month);
    // A month after the article's month is last year's.
    expectRange("Russian troops took it in October.", kThu, day(2024, 10, 1), day(2024, 10, 31), DatePrecision::Month);
    expectRange("It was retaken in mid-March.", kThu, day(2025, 3, 1), day(2025, 3, 31), DatePrecision::Month);
    expectRange("It fell in May 2023.", kThu, day(2023, 5, 1), day(2023, 5, 31), DatePrecision::Month);
    expectRange("The strike on March 12 killed two.", kThu, day(2025, 3, 12), day(2025, 3, 12), DatePrecision::Day);
    expectRange("The strike on 12 March 2024 killed two.", kThu, day(2024, 3, 12), day(2024, 3, 12), DatePrecision::Day);
    expectRange("The strike on March 12th killed two.", kThu, day(2025, 3, 12), day(2025, 3, 12), DatePrecision::Day);
    expectRange("Talks on March 10-12 ended.", kThu, day(2025, 3, 10), day(2025, 3, 12), DatePrecision::Day);
    expectRange("Talks on 10-12 March ended.", kThu, day(2025, 3, 10), day(2025, 3, 12), DatePrecision::Day);
    // A day far after the article belongs to the year before.
    expectRange("It began on December 20.", kThu, day(2024, 12, 20), day(2024, 12, 20), DatePrecision::Day);
    expectRange("Written 2025-03-01 in the log.", kThu, day(2025, 3, 1), day(2025, 3, 1), DatePrecision::Day);
}

TEST(ArticleDates, WordsThatAreNotDatesOfEvents) {
    // The verb "march", the modal "may", a bare capitalised month without a cue, origins and deadlines.
    EXPECT_TRUE(findDateExpressions("Troops march west and may advance.", kThu).empty());
    EXPECT_TRUE(findDateExpressions("March is cold.", kThu).empty());
    EXPECT_TRUE(findDateExpressions("The front has not moved since February.", kThu).empty());
    EXPECT_TRUE(findDateExpressions("Ukraine has controlled it since 2022.", kThu).empty());
    EXPECT_TRUE(findDateExpressions("A deal is expected by Friday.", kThu).empty());
    EXPECT_TRUE(findDateExpressions("A 30-day halt in hostilities.", kThu).empty());
    EXPECT_TRUE(findDateExpressions("Several days ago, maybe.", kThu).empty());
}

}  // namespace
}  // namespace fm
