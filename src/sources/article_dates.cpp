#include "sources/article_dates.h"

#include <cstdlib>
#include <string>

namespace fm {

namespace {

int weekdayFromKey(std::string_view k) {
    static const char* const names[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    for (int i = 0; i < 7; ++i)
        if (k == names[i]) return i;
    return -1;
}

// Full month names always; three-letter abbreviations only where `abbrevOk` (followed by a day number).
int monthFromKey(std::string_view k, bool abbrevOk) {
    static const char* const names[] = {"january", "february", "march", "april", "may", "june", "july", "august",
                                        "september", "october", "november", "december"};
    for (int i = 0; i < 12; ++i)
        if (k == names[i]) return i + 1;
    if (!abbrevOk) return 0;
    static const char* const abbr[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    for (int i = 0; i < 12; ++i)
        if (k == abbr[i]) return i + 1;
    if (k == "sept") return 9;
    return 0;
}

int numberWord(std::string_view k) {
    static const char* const words[] = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"};
    if (k == "a" || k == "an") return 1;
    for (int i = 0; i < 12; ++i)
        if (k == words[i]) return i + 1;
    if (k == "several" || k == "few") return -1;  // vague: not resolved
    return 0;
}

// "12", "12th", "1st" → 12, 1; 0 when not a day-of-month.
int dayNumber(std::string_view k) {
    size_t i = 0;
    int v = 0;
    while (i < k.size() && k[i] >= '0' && k[i] <= '9' && i < 3) v = v * 10 + (k[i++] - '0');
    if (i == 0 || i > 2) return 0;
    const std::string_view rest = k.substr(i);
    if (!(rest.empty() || rest == "st" || rest == "nd" || rest == "rd" || rest == "th")) return 0;
    return v >= 1 && v <= 31 ? v : 0;
}

int yearNumber(std::string_view k) {
    if (k.size() != 4) return 0;
    int v = 0;
    for (char c : k) {
        if (c < '0' || c > '9') return 0;
        v = v * 10 + (c - '0');
    }
    return v >= 1900 && v <= 2100 ? v : 0;
}

bool in3(std::string_view k, const char* a, const char* b, const char* c) { return k == a || k == b || k == c; }

int32_t monthStart(int y, int m) { return daysFromCivil(y, static_cast<unsigned>(m), 1); }
int32_t monthEnd(int y, int m) { return m == 12 ? daysFromCivil(y + 1, 1, 1) - 1 : daysFromCivil(y, static_cast<unsigned>(m + 1), 1) - 1; }

void shiftMonth(int& y, int& m, int by) {
    int idx = y * 12 + (m - 1) + by;
    y = idx / 12;
    m = idx % 12 + 1;
}

}  // namespace

int32_t mondayOf(int32_t day) { return day - weekday(day); }

void findDateExpressions(const TokenizedSentence& s, int32_t D, std::vector<DateExpression>& out) {
    const size_t n = s.size();
    auto key = [&](size_t k) -> std::string_view { return k < n ? s.key(k) : std::string_view(); };
    int Y;
    unsigned Mu, Du;
    civilFromDays(D, Y, Mu, Du);
    const int M = static_cast<int>(Mu);
    const int32_t mon = mondayOf(D);

    auto emit = [&](size_t first, size_t last, int32_t a, int32_t b, DatePrecision p) {
        // "since March", "until Friday", "by next week": an origin or a deadline, not the day of an event.
        size_t q = first;
        if (q > 0 && (key(q - 1) == "on" || key(q - 1) == "in" || key(q - 1) == "the")) --q;
        if (q > 0 && key(q - 1) == "the") --q;
        const std::string_view before = q > 0 ? key(q - 1) : std::string_view();
        if (before == "since" || before == "until" || before == "till" || before == "by" || before == "before" ||
            before == "after")
            return;
        out.push_back({static_cast<uint32_t>(first), static_cast<uint32_t>(last), a, std::max(a, b), p});
    };
    auto isCap = [&](size_t k) { return k < n && s.tokens[k].has(kTokCap); };

    for (size_t i = 0; i < n; ++i) {
        const std::string_view k = key(i);
        if (k.empty()) continue;
        // Relative days.
        if (k == "day" && key(i + 1) == "before" && key(i + 2) == "yesterday") {
            emit(i, i + 2, D - 2, D - 2, DatePrecision::Day);
            i += 2;
            continue;
        }
        if (k == "yesterday") {
            emit(i, i, D - 1, D - 1, DatePrecision::Day);
            continue;
        }
        if (k == "today" || k == "tonight") {
            emit(i, i, D, D, DatePrecision::Day);
            continue;
        }
        if (k == "overnight") {
            // "overnight into Tuesday": the night that ended on that Tuesday.
            if ((key(i + 1) == "into" || key(i + 1) == "to") && weekdayFromKey(key(i + 2)) >= 0) {
                const int w = weekdayFromKey(key(i + 2));
                const int32_t day = D - (weekday(D) - w + 7) % 7;
                emit(i, i + 2, day - 1, day, DatePrecision::Day);
                i += 2;
                continue;
            }
            emit(i, i, D - 1, D, DatePrecision::Day);
            continue;
        }
        // "over the weekend": the one just past, or the one under way.
        if ((k == "over" || k == "at" || k == "during" || k == "on") && key(i + 1) == "the" && key(i + 2) == "weekend") {
            const int32_t sat = weekday(D) >= 5 ? mon + 5 : mon - 2;
            emit(i, i + 2, sat, sat + 1, DatePrecision::Day);
            i += 2;
            continue;
        }
        if (k == "this" && (key(i + 1) == "morning" || key(i + 1) == "afternoon" || key(i + 1) == "evening")) {
            emit(i, i + 1, D, D, DatePrecision::Day);
            ++i;
            continue;
        }
        if (k == "last" && key(i + 1) == "night") {
            emit(i, i + 1, D - 1, D - 1, DatePrecision::Day);
            ++i;
            continue;
        }
        // earlier/later this week|month|year
        if ((k == "earlier" || k == "later") && key(i + 1) == "this") {
            const std::string_view u = key(i + 2);
            const bool earlier = k == "earlier";
            if (u == "week") {
                emit(i, i + 2, earlier ? mon : D, earlier ? D : mon + 6, DatePrecision::Week);
                i += 2;
                continue;
            }
            if (u == "month") {
                emit(i, i + 2, earlier ? monthStart(Y, M) : D, earlier ? D : monthEnd(Y, M), DatePrecision::Month);
                i += 2;
                continue;
            }
            if (u == "year") {
                emit(i, i + 2, earlier ? daysFromCivil(Y, 1, 1) : D, earlier ? D : daysFromCivil(Y, 12, 31), DatePrecision::Year);
                i += 2;
                continue;
            }
        }
        // "throughout the week", "over the past day", "in the last 24 hours"
        if ((k == "throughout" || k == "during" || k == "over" || k == "across") && key(i + 1) == "the" && key(i + 2) == "week") {
            emit(i, i + 2, mon, D, DatePrecision::Week);
            i += 2;
            continue;
        }
        if ((k == "past" || k == "last") && ((key(i + 1) == "day" && key(i + 2) != "of") || (key(i + 1) == "24" && key(i + 2) == "hours"))) {
            const size_t last = key(i + 1) == "24" ? i + 2 : i + 1;
            emit(i, last, D - 1, D, DatePrecision::Day);
            i = last;
            continue;
        }
        // last/this/next/past week|weekend|month|year
        if (k == "last" || k == "this" || k == "next" || k == "past" || k == "previous" || k == "coming") {
            const std::string_view u = key(i + 1);
            int rel = (k == "last" || k == "previous") ? -1 : (k == "next" || k == "coming") ? 1 : 0;
            if (u == "week") {
                if (k == "past") emit(i, i + 1, D - 6, D, DatePrecision::Week);
                else emit(i, i + 1, mon + 7 * rel, mon + 7 * rel + 6, DatePrecision::Week);
                ++i;
                continue;
            }
            if (u == "weekend") {
                if (k == "past") rel = -1;
                emit(i, i + 1, mon + 7 * rel + 5, mon + 7 * rel + 6, DatePrecision::Day);
                ++i;
                continue;
            }
            if (u == "month") {
                if (k == "past") {
                    emit(i, i + 1, D - 29, D, DatePrecision::Month);
                } else {
                    int y = Y, m = M;
                    shiftMonth(y, m, rel);
                    emit(i, i + 1, monthStart(y, m), monthEnd(y, m), DatePrecision::Month);
                }
                ++i;
                continue;
            }
            if (u == "year") {
                if (k == "past") emit(i, i + 1, D - 364, D, DatePrecision::Year);
                else emit(i, i + 1, daysFromCivil(Y + rel, 1, 1), daysFromCivil(Y + rel, 12, 31), DatePrecision::Year);
                ++i;
                continue;
            }
        }
        // Weekdays.
        if (const int w = weekdayFromKey(k); w >= 0 && isCap(i)) {
            // "Wednesday, March 12": the full date that follows decides.
            if ((i + 1 < n && monthFromKey(key(i + 1), true)) || (i + 2 < n && monthFromKey(key(i + 2), true) && dayNumber(key(i + 1))))
                continue;
            const std::string_view q = i > 0 ? key(i - 1) : std::string_view();
            const int today = weekday(D);
            int32_t day;
            size_t first = i;
            if (q == "last" || q == "past") {
                day = D - ((today - w + 7) % 7 == 0 ? 7 : (today - w + 7) % 7);
                first = i - 1;
            } else if (q == "next" || q == "coming") {
                day = D + ((w - today + 7) % 7 == 0 ? 7 : (w - today + 7) % 7);
                first = i - 1;
            } else if (q == "this") {
                day = mon + w;
                first = i - 1;
            } else {
                // "will host a summit on Sunday": the coming one; otherwise the latest on or before the article's day.
                bool future = false;
                const size_t from = i >= 8 ? i - 8 : 0;
                for (size_t k2 = from; k2 < i; ++k2) {
                    const std::string_view w2 = key(k2);
                    if (w2 == "will" || w2 == "shall" || w2 == "scheduled" || w2 == "upcoming" ||
                        ((w2 == "due" || w2 == "set" || w2 == "expected" || w2 == "plans" || w2 == "planning") && key(k2 + 1) == "to"))
                        future = true;
                    if (w2 == "said" || w2 == "says" || w2 == "told" || w2 == "announced" || w2 == "reported" || w2 == "confirmed")
                        future = false;
                }
                day = future ? D + (w - today + 7) % 7 : D - (today - w + 7) % 7;
            }
            size_t last = i;
            const std::string_view nx = key(i + 1);
            if (nx == "morning" || nx == "afternoon" || nx == "evening" || nx == "night") last = i + 1;
            // "on Monday and Tuesday", "from Friday to Sunday": one range.
            int32_t dayEnd = day;
            if (in3(key(last + 1), "and", "to", "through") && weekdayFromKey(key(last + 2)) >= 0 && isCap(last + 2)) {
                const int w2 = weekdayFromKey(key(last + 2));
                dayEnd = day + (w2 - w + 7) % 7;
                if (dayEnd > D && day <= D) {  // a range cannot end after the article: the week before
                    day -= 7;
                    dayEnd -= 7;
                }
                last += 2;
            }
            emit(first, last, day, dayEnd, DatePrecision::Day);
            i = last;
            continue;
        }
        // Day number before a month: "12 March (2025)", "10-12 March", "12th of March".
        if (const int d = dayNumber(k); d > 0) {
            size_t j = i + 1;
            int d2 = 0;
            if (s.tokens[i].has(kTokJoinedNext) && (d2 = dayNumber(key(j))) > 0) ++j;
            else if ((key(j) == "to" || key(j) == "and") && (d2 = dayNumber(key(j + 1))) > 0 && monthFromKey(key(j + 2), true)) j += 2;
            if (key(j) == "of") ++j;
            const int m = monthFromKey(key(j), true);
            if (m > 0 && isCap(j)) {
                int y = Y;
                size_t last = j;
                if (const int yy = yearNumber(key(j + 1))) {
                    y = yy;
                    last = j + 1;
                }
                const int dd = d2 > 0 ? d2 : d;
                if (isValidDate(y, m, d) && isValidDate(y, m, dd)) {
                    int32_t a = daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
                    if (last == j) {  // no year written: the nearest year that keeps it near the article
                        if (a > D + 60) y -= 1;
                        else if (a < D - 300) y += 1;
                    }
                    if (isValidDate(y, m, d) && isValidDate(y, m, dd)) {
                        a = daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
                        const int32_t b = daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(dd));
                        emit(i, last, a, b, DatePrecision::Day);
                    }
                }
                i = last;
                continue;
            }
        }
        // Month names.
        const bool nextIsDay = dayNumber(key(i + 1)) > 0;
        if (const int m = monthFromKey(k, nextIsDay); m > 0 && isCap(i)) {
            const std::string_view q = i > 0 ? key(i - 1) : std::string_view();
            if (nextIsDay) {
                const int d = dayNumber(key(i + 1));
                size_t last = i + 1;
                int d2 = d;
                if (s.tokens[i + 1].has(kTokJoinedNext) && dayNumber(key(i + 2)) > 0) {
                    d2 = dayNumber(key(i + 2));
                    last = i + 2;
                } else if ((key(i + 2) == "to" || key(i + 2) == "and") && dayNumber(key(i + 3)) > 0 && !monthFromKey(key(i + 4), true)) {
                    d2 = dayNumber(key(i + 3));
                    last = i + 3;
                }
                int y = Y;
                bool explicitYear = false;
                if (const int yy = yearNumber(key(last + 1))) {
                    y = yy;
                    ++last;
                    explicitYear = true;
                }
                if (isValidDate(y, m, d) && isValidDate(y, m, d2)) {
                    if (!explicitYear) {
                        const int32_t a = daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
                        if (a > D + 60) y -= 1;
                        else if (a < D - 300) y += 1;
                    }
                    if (isValidDate(y, m, d) && isValidDate(y, m, d2))
                        emit(i, last, daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)),
                             daysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d2)), DatePrecision::Day);
                }
                i = last;
                continue;
            }
            if (const int yy = yearNumber(key(i + 1))) {
                emit(i, i + 1, monthStart(yy, m), monthEnd(yy, m), DatePrecision::Month);
                ++i;
                continue;
            }
            const bool joinedMid = i > 0 && key(i - 1) == "mid" && s.tokens[i - 1].has(kTokJoinedNext);
            const bool cue = q == "in" || q == "early" || q == "late" || q == "mid" || q == "during" || q == "of" ||
                             q == "last" || q == "next" || q == "this" || q == "since" || q == "until" || q == "by" ||
                             q == "from" || q == "through" || q == "throughout" || joinedMid;
            // A bare "May" or "March" is too often a verb or a name; a cue word before it makes it a month.
            if (!cue) continue;
            int y = Y;
            if (q == "last") {
                if (m >= M) y -= 1;
            } else if (q == "next") {
                if (m <= M) y += 1;
            } else if (q == "this") {
                // this year's
            } else if (m > M) {
                y -= 1;
            }
            emit(i > 0 && (q == "last" || q == "next" || q == "this" || q == "early" || q == "late" || joinedMid) ? i - 1 : i, i,
                 monthStart(y, m), monthEnd(y, m), DatePrecision::Month);
            continue;
        }
        // "two days ago", "a week ago".
        {
            int num = numberWord(k);
            if (num == 0 && s.tokens[i].has(kTokNumber) && k.size() <= 3) num = std::atoi(std::string(k).c_str());
            if (num > 0 && num <= 400 && key(i + 2) == "ago") {
                const std::string_view u = key(i + 1);
                if (u == "day" || u == "days") {
                    emit(i, i + 2, D - num, D - num, DatePrecision::Day);
                    i += 2;
                    continue;
                }
                if (u == "week" || u == "weeks") {
                    const int32_t w = mondayOf(D - 7 * num);
                    emit(i, i + 2, w, w + 6, DatePrecision::Week);
                    i += 2;
                    continue;
                }
                if (u == "month" || u == "months") {
                    int y = Y, m = M;
                    shiftMonth(y, m, -num);
                    emit(i, i + 2, monthStart(y, m), monthEnd(y, m), DatePrecision::Month);
                    i += 2;
                    continue;
                }
                if (u == "year" || u == "years") {
                    // "a year ago": about this day a year back; the month says how exact that is.
                    emit(i, i + 2, monthStart(Y - num, M), monthEnd(Y - num, M), DatePrecision::Month);
                    i += 2;
                    continue;
                }
            }
        }
        // ISO dates written in the text: 2025-03-12.
        if (const int yy = yearNumber(k); yy && s.tokens[i].has(kTokJoinedNext) && i + 2 < n && s.tokens[i + 1].has(kTokJoinedNext)) {
            const int m = std::atoi(std::string(key(i + 1)).c_str()), d = std::atoi(std::string(key(i + 2)).c_str());
            if (key(i + 1).size() == 2 && key(i + 2).size() == 2 && isValidDate(yy, m, d)) {
                const int32_t a = daysFromCivil(yy, static_cast<unsigned>(m), static_cast<unsigned>(d));
                emit(i, i + 2, a, a, DatePrecision::Day);
                i += 2;
                continue;
            }
        }
        // "in 2024".
        if (const int yy = yearNumber(k)) {
            const std::string_view q = i > 0 ? key(i - 1) : std::string_view();
            if (q == "in" || q == "during" || q == "throughout" || q == "since" || q == "until" || q == "of")
                emit(i, i, daysFromCivil(yy, 1, 1), daysFromCivil(yy, 12, 31), DatePrecision::Year);
        }
    }
}

std::vector<DateExpression> findDateExpressions(std::string_view text, int32_t articleDay) {
    std::vector<DateExpression> out;
    TokenizedSentence ts;
    for (const SentenceSpan& sp : splitSentences(text)) {
        tokenizeSentence(text.substr(sp.begin, sp.end - sp.begin), ts);
        findDateExpressions(ts, articleDay, out);
    }
    return out;
}

}  // namespace fm
