// Dates written in article sentences, resolved against the article's own date: "on Wednesday" (the latest
// Wednesday on or before it), "yesterday", "last night", "last week" (the Monday–Sunday week before), "this week",
// "earlier this month", "last month", "in February" (the latest February not after it), "on March 12",
// "12 March 2025", "March 10-12", "two days ago", "in 2024".
//
// Each expression becomes a day range with a precision (day, week, month, year). Dates after "since", "until" and
// "by" are deadlines or origins, not the day of an event, and are left out.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "sources/article_text.h"

namespace fm {

struct DateExpression {
    uint32_t firstToken = 0;
    uint32_t lastToken = 0;
    int32_t dayStart = 0;
    int32_t dayEnd = 0;
    DatePrecision precision = DatePrecision::Day;
};

// Appends the date expressions of one tokenised sentence, resolved against `articleDay`.
void findDateExpressions(const TokenizedSentence& s, int32_t articleDay, std::vector<DateExpression>& out);

// The same over a piece of text (split into sentences and tokenised here); for tests and tools.
std::vector<DateExpression> findDateExpressions(std::string_view text, int32_t articleDay);

// The Monday of the week holding `day`.
int32_t mondayOf(int32_t day);

}  // namespace fm
