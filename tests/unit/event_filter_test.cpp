// Tests for src/model/event_filter and filter_spec: the EventIndex's counts (total for a date range, faceted
// counts that ignore their own facet, hidden actors, unattributed events), its histogram, an exhaustive comparison
// with the per-event test eventPasses() on a random store, and restrictToActors by side and by person alias.
#include "model/event_filter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/date.h"
#include "model/event_store.h"
#include "model/filter_spec.h"

namespace fm {
namespace {

// The actors these tests need, independent of assets/actors.tsv.
const ActorTable& testActors() {
    static const ActorTable table = [] {
        ActorTable t;
        t.loadTsv(
            "# alias\tcanonical\tside\tkind\n"
            "Russia\tRussia\tRussia\tgroup\n"
            "Military Forces of Russia\tRussia\tRussia\tgroup\n"
            "Wagner\tWagner Group\tRussia\tgroup\n"
            "Putin\tVladimir Putin\tRussia\tperson\n"
            "Vladimir Putin\tVladimir Putin\tRussia\tperson\n"
            "Ukraine\tUkraine\tUkraine\tgroup\n"
            "Zelensky\tVolodymyr Zelensky\tUkraine\tperson\n"
            "Volodymyr Zelensky\tVolodymyr Zelensky\tUkraine\tperson\n"
            "United States\tUnited States\tUnited States\tgroup\n"
            "Trump\tDonald Trump\tUnited States\tperson\n");
        return t;
    }();
    return table;
}

int32_t day(int y, unsigned m, unsigned d) { return daysFromCivil(y, m, d); }

EventRecord event(const std::string& id, int32_t start, int32_t end, std::vector<std::string> actors, EventType type,
                  LocationPrecision precision = LocationPrecision::Exact) {
    EventRecord e;
    e.id = id;
    e.dayStart = start;
    e.dayEnd = end;
    e.actors = std::move(actors);
    e.type = type;
    e.precision = precision;
    e.lon = 30.0;
    e.lat = 50.0;
    return e;
}

// A small store with known events, all in March 2025:
//   0 r1   Mar 1        Russia            strike   exact
//   1 r2   Mar 3..12    Russia            battle   region     (a 10-day range)
//   2 u1   Mar 5        Ukraine           drone    town
//   3 ru1  Mar 10       Russia, Ukraine   battle   exact      (two actors; side of the first: Russia)
//   4 p1   Mar 15       Putin             visit    town
//   5 z1   Mar 20       Zelensky, Trump   talks    exact
//   6 n1   Mar 25       (no actor)        other    unknown
//   7 u2   Mar 31       Ukraine           strike   district
class EventFilterTest : public ::testing::Test {
protected:
    void SetUp() override {
        const ActorTable& t = testActors();
        m_store.add(event("r1", day(2025, 3, 1), day(2025, 3, 1), {"Russia"}, EventType::Strike), t);
        m_store.add(event("r2", day(2025, 3, 3), day(2025, 3, 12), {"Military Forces of Russia (2000-)"}, EventType::Battle,
                          LocationPrecision::Region),
                    t);
        m_store.add(event("u1", day(2025, 3, 5), day(2025, 3, 5), {"Ukraine"}, EventType::DroneMissile, LocationPrecision::Town), t);
        m_store.add(event("ru1", day(2025, 3, 10), day(2025, 3, 10), {"Russia", "Ukraine"}, EventType::Battle), t);
        m_store.add(event("p1", day(2025, 3, 15), day(2025, 3, 15), {"Putin"}, EventType::Visit, LocationPrecision::Town), t);
        m_store.add(event("z1", day(2025, 3, 20), day(2025, 3, 20), {"Zelensky", "Trump"}, EventType::Talks), t);
        m_store.add(event("n1", day(2025, 3, 25), day(2025, 3, 25), {}, EventType::Other, LocationPrecision::Unknown), t);
        m_store.add(event("u2", day(2025, 3, 31), day(2025, 3, 31), {"Ukraine"}, EventType::Strike, LocationPrecision::District), t);
        m_index.build(m_store);
    }

    EventCounts count(const FilterSpec& spec) const { return m_index.count(m_store, spec.forStore(m_store)); }
    size_t actor(const std::string& name) const {
        const int a = m_store.actorIndex(name);
        EXPECT_GE(a, 0) << name;
        return static_cast<size_t>(a);
    }

    EventStore m_store;
    EventIndex m_index;
};

TEST_F(EventFilterTest, StoreResolvesActorsAndSidesFromTheTable) {
    ASSERT_EQ(m_store.size(), 8u);
    // Russia (both spellings), Ukraine, Vladimir Putin, Volodymyr Zelensky, Donald Trump.
    EXPECT_EQ(m_store.actors().size(), 5u);
    EXPECT_EQ(m_store.actors()[actor("Vladimir Putin")].side, Side::Russia);
    EXPECT_TRUE(m_store.actors()[actor("Vladimir Putin")].person);
    EXPECT_EQ(m_store.actors()[actor("Donald Trump")].side, Side::UnitedStates);
    EXPECT_EQ(m_store.actorSet()[0], m_store.actorSet()[1]) << "\"Military Forces of Russia (2000-)\" is Russia";
    EXPECT_EQ(m_store.sideOfSet(m_store.actorSet()[3]), Side::Russia);   // first actor's side
    EXPECT_EQ(m_store.sideOfSet(m_store.actorSet()[5]), Side::Ukraine);  // Zelensky before Trump
    EXPECT_TRUE(m_store.actorSets()[m_store.actorSet()[6]].empty());
    EXPECT_EQ(m_store.minDay(), day(2025, 3, 1));
    EXPECT_EQ(m_store.maxDay(), day(2025, 3, 31));
    EXPECT_EQ(m_store.id(4), "p1");
}

TEST_F(EventFilterTest, TotalForADateRangeCountsEventsOverlappingIt) {
    FilterSpec spec;
    EXPECT_EQ(count(spec).total, 8u);
    spec.dayFrom = day(2025, 3, 11);  // r2 (3..12) overlaps on its last two days
    spec.dayTo = day(2025, 3, 20);
    EXPECT_EQ(count(spec).total, 3u);  // r2, p1, z1
    spec.dayFrom = spec.dayTo = day(2025, 3, 4);
    EXPECT_EQ(count(spec).total, 1u);  // only r2, which spans the day
    spec.dayFrom = spec.dayTo = day(2025, 3, 12);
    EXPECT_EQ(count(spec).total, 1u);  // r2's last day is inclusive
    spec.dayFrom = spec.dayTo = day(2025, 3, 13);
    EXPECT_EQ(count(spec).total, 0u);
    spec.dayFrom = day(2025, 4, 1);
    spec.dayTo = day(2025, 12, 31);
    EXPECT_EQ(count(spec).total, 0u);
    spec.dayFrom = day(2025, 3, 1);
    spec.dayTo = day(2025, 3, 1);
    EXPECT_EQ(count(spec).total, 1u);  // the first day is inclusive
}

TEST_F(EventFilterTest, PerSideCountsUseTheFirstActorsSide) {
    const EventCounts c = count(FilterSpec{});
    EXPECT_EQ(c.perSide[static_cast<int>(Side::Russia)], 4u);   // r1 r2 ru1 p1
    EXPECT_EQ(c.perSide[static_cast<int>(Side::Ukraine)], 3u);  // u1 z1 u2
    EXPECT_EQ(c.perSide[static_cast<int>(Side::UnitedStates)], 0u);
    EXPECT_EQ(c.perSide[static_cast<int>(Side::Other)], 1u);    // n1
}

TEST_F(EventFilterTest, PerTypeCountsIgnoreTheTypeFilterButRespectTheOthers) {
    FilterSpec spec;
    spec.typeMask = 1u << static_cast<int>(EventType::Battle);
    spec.dayFrom = day(2025, 3, 1);
    spec.dayTo = day(2025, 3, 10);
    const EventCounts c = count(spec);
    EXPECT_EQ(c.total, 2u);  // r2 and ru1
    // Types in 1..10 March, whatever the type filter: r1 strike, r2 battle, u1 drone, ru1 battle.
    EXPECT_EQ(c.perType[static_cast<int>(EventType::Strike)], 1u);
    EXPECT_EQ(c.perType[static_cast<int>(EventType::Battle)], 2u);
    EXPECT_EQ(c.perType[static_cast<int>(EventType::DroneMissile)], 1u);
    EXPECT_EQ(c.perType[static_cast<int>(EventType::Visit)], 0u);  // p1 is outside the dates
    // ...but they respect the actor and precision filters.
    spec.hiddenActors = {"Ukraine"};
    spec.precisionMask = ~(1u << static_cast<int>(LocationPrecision::Region));
    const EventCounts d = count(spec);
    EXPECT_EQ(d.total, 1u);  // ru1 (Russia is still on); r2 is region
    EXPECT_EQ(d.perType[static_cast<int>(EventType::Strike)], 1u);        // r1
    EXPECT_EQ(d.perType[static_cast<int>(EventType::Battle)], 1u);        // ru1
    EXPECT_EQ(d.perType[static_cast<int>(EventType::DroneMissile)], 0u);  // u1: only Ukraine
}

TEST_F(EventFilterTest, PerPrecisionCountsIgnoreThePrecisionFilter) {
    FilterSpec spec;
    spec.precisionMask = 1u << static_cast<int>(LocationPrecision::Exact);
    const EventCounts c = count(spec);
    EXPECT_EQ(c.total, 3u);  // r1 ru1 z1
    EXPECT_EQ(c.perPrecision[static_cast<int>(LocationPrecision::Exact)], 3u);
    EXPECT_EQ(c.perPrecision[static_cast<int>(LocationPrecision::Town)], 2u);
    EXPECT_EQ(c.perPrecision[static_cast<int>(LocationPrecision::District)], 1u);
    EXPECT_EQ(c.perPrecision[static_cast<int>(LocationPrecision::Region)], 1u);
    EXPECT_EQ(c.perPrecision[static_cast<int>(LocationPrecision::Unknown)], 1u);
}

TEST_F(EventFilterTest, PerActorCountsIgnoreTheActorFilterButRespectTheOthers) {
    FilterSpec spec;
    spec.hiddenActors = {"Russia", "Ukraine", "Vladimir Putin", "Volodymyr Zelensky", "Donald Trump"};
    spec.showUnattributed = false;
    const EventCounts c = count(spec);
    EXPECT_EQ(c.total, 0u);
    EXPECT_EQ(c.perActor[actor("Russia")], 3u);   // r1 r2 ru1
    EXPECT_EQ(c.perActor[actor("Ukraine")], 3u);  // u1 ru1 u2
    EXPECT_EQ(c.perActor[actor("Vladimir Putin")], 1u);
    EXPECT_EQ(c.perActor[actor("Donald Trump")], 1u);
    EXPECT_EQ(c.unattributed, 1u);
    spec.typeMask = 1u << static_cast<int>(EventType::Strike);
    const EventCounts d = count(spec);
    EXPECT_EQ(d.perActor[actor("Russia")], 1u);   // r1
    EXPECT_EQ(d.perActor[actor("Ukraine")], 1u);  // u2
    EXPECT_EQ(d.perActor[actor("Donald Trump")], 0u);
    EXPECT_EQ(d.unattributed, 0u);
}

TEST_F(EventFilterTest, HiddenActorHidesOnlyEventsWhoseActorsAreAllHidden) {
    FilterSpec spec;
    spec.hiddenActors = {"Ukraine"};
    const EventFilter f = spec.forStore(m_store);
    const std::vector<uint8_t> on = actorSetsEnabled(m_store, f);
    std::vector<std::string> passing;
    for (size_t i = 0; i < m_store.size(); ++i)
        if (eventPasses(m_store, i, f, on)) passing.emplace_back(m_store.id(i));
    // u1 and u2 (only Ukraine) go; ru1 stays because Russia is still on.
    EXPECT_EQ(passing, (std::vector<std::string>{"r1", "r2", "ru1", "p1", "z1", "n1"}));
    EXPECT_EQ(count(spec).total, 6u);

    spec.hiddenActors = {"Volodymyr Zelensky"};
    EXPECT_EQ(count(spec).total, 8u) << "z1 also involves Trump, who is visible";
    spec.hiddenActors = {"Volodymyr Zelensky", "Donald Trump"};
    EXPECT_EQ(count(spec).total, 7u);
    spec.hiddenActors = {"Somebody not in this store"};
    EXPECT_EQ(count(spec).total, 8u);
}

TEST_F(EventFilterTest, ShowUnattributedControlsEventsWithoutActors) {
    FilterSpec spec;
    spec.showUnattributed = false;
    const EventCounts c = count(spec);
    EXPECT_EQ(c.total, 7u);
    EXPECT_EQ(c.unattributed, 1u) << "the facet count ignores the actor filter";
    EXPECT_EQ(c.perSide[static_cast<int>(Side::Other)], 0u);
    // Hiding every actor but keeping unattributed events leaves exactly n1.
    spec.showUnattributed = true;
    for (const Actor& a : m_store.actors()) spec.hiddenActors.insert(a.name);
    EXPECT_EQ(count(spec).total, 1u);
}

// Pins a fixed bug (src/model/event_filter.cpp, EventIndex::count): with dayFrom > dayTo (an inverted range, e.g.
// mid-drag on the timeline) an event can both start after `dayTo` and end before `dayFrom`, so
// `n - startAfter - endBefore` wrapped around in size_t and the count became ~2^64. An inverted range selects
// nothing, in the index and in eventPasses() alike.
TEST_F(EventFilterTest, InvertedDateRangeSelectsNothingInIndexAndPerEventTest) {
    FilterSpec spec;
    spec.dayFrom = day(2025, 3, 12);
    spec.dayTo = day(2025, 3, 4);  // u1 (the 5th) starts after the 4th and ends before the 12th
    const EventFilter f = spec.forStore(m_store);
    const std::vector<uint8_t> on = actorSetsEnabled(m_store, f);
    size_t brute = 0;
    for (size_t i = 0; i < m_store.size(); ++i) brute += eventPasses(m_store, i, f, on);
    EXPECT_EQ(brute, 0u);  // an inverted range selects nothing, even r2 (3..12) that covers both ends
    EXPECT_EQ(m_index.count(m_store, f).total, brute);
    spec.dayFrom = day(2025, 3, 31);
    spec.dayTo = day(2025, 3, 2);  // u1 (5th) starts after the 2nd and ends before the 31st
    const EventCounts c = m_index.count(m_store, spec.forStore(m_store));
    EXPECT_EQ(c.total, 0u);
    for (int t = 0; t < kEventTypeCount; ++t) EXPECT_EQ(c.perType[t], 0u) << eventTypeName(static_cast<EventType>(t));
}

TEST_F(EventFilterTest, DailyHistogramCountsARangeEventOnEveryDayItCovers) {
    const int32_t first = day(2025, 3, 1), last = day(2025, 3, 31);
    const std::vector<uint32_t> h = m_index.histogram(m_store, FilterSpec{}.forStore(m_store), first, last, 1);
    ASSERT_EQ(h.size(), 31u);
    std::vector<uint32_t> want(31, 0);
    for (int d : {1, 5, 10, 15, 20, 25, 31}) ++want[static_cast<size_t>(d - 1)];
    for (int d = 3; d <= 12; ++d) ++want[static_cast<size_t>(d - 1)];  // r2
    EXPECT_EQ(h, want);
}

TEST_F(EventFilterTest, WeeklyHistogramCountsARangeEventOnceInEveryWeekItTouches) {
    const int32_t first = day(2025, 3, 1), last = day(2025, 3, 31);
    const std::vector<uint32_t> h = m_index.histogram(m_store, FilterSpec{}.forStore(m_store), first, last, 7);
    // Weeks from Mar 1: 1-7, 8-14, 15-21, 22-28, 29-31.
    //   1-7:  r1 r2 u1   8-14: r2 ru1   15-21: p1 z1   22-28: n1   29-31: u2
    EXPECT_EQ(h, (std::vector<uint32_t>{3, 2, 2, 1, 1}));
    // Non-date filters apply; a window cuts range events at its edges.
    FilterSpec spec;
    spec.typeMask = 1u << static_cast<int>(EventType::Battle);
    const std::vector<uint32_t> b = m_index.histogram(m_store, spec.forStore(m_store), day(2025, 3, 10), day(2025, 3, 23), 7);
    // 10-16: r2 ru1   17-23: nothing (r2 ended on the 12th)
    EXPECT_EQ(b, (std::vector<uint32_t>{2, 0}));
    EXPECT_TRUE(m_index.histogram(m_store, spec.forStore(m_store), last, first, 7).empty());
    EXPECT_TRUE(m_index.histogram(m_store, spec.forStore(m_store), first, last, 0).empty());
}

TEST_F(EventFilterTest, RestrictToActorsBySideAndPersonAliasHidesEverythingElse) {
    FilterSpec spec;
    const uint64_t before = spec.version;
    const std::vector<std::string> unmatched =
        restrictToActors(spec, {&m_store}, {"Russia", "Zelensky", "Nobody Known"}, testActors());
    EXPECT_EQ(unmatched, (std::vector<std::string>{"Nobody Known"}));
    EXPECT_GT(spec.version, before);
    EXPECT_FALSE(spec.showUnattributed);
    // "Russia" is a side: Russia and Vladimir Putin stay. "Zelensky" is an alias of Volodymyr Zelensky.
    EXPECT_EQ(spec.hiddenActors, (std::set<std::string>{"Ukraine", "Donald Trump"}));
    const EventFilter f = spec.forStore(m_store);
    const std::vector<uint8_t> on = actorSetsEnabled(m_store, f);
    std::vector<std::string> passing;
    for (size_t i = 0; i < m_store.size(); ++i)
        if (eventPasses(m_store, i, f, on)) passing.emplace_back(m_store.id(i));
    EXPECT_EQ(passing, (std::vector<std::string>{"r1", "r2", "ru1", "p1", "z1"}));
    EXPECT_EQ(m_index.count(m_store, f).total, 5u);

    FilterSpec us;
    EXPECT_TRUE(restrictToActors(us, {&m_store}, {"united states"}, testActors()).empty());
    EXPECT_EQ(m_index.count(m_store, us.forStore(m_store)).total, 1u);  // z1, through Trump
}

// --- The index against the per-event test, on a random store --------------------------------------------------

class EventFilterRandomTest : public ::testing::Test {
protected:
    static constexpr int32_t kFirstDay = 19000;  // 2022-01-08
    static constexpr int32_t kSpanDays = 1200;

    void SetUp() override {
        std::mt19937 rng(20250312);
        const std::vector<std::string> names = {"Russia", "Ukraine", "United States", "Putin", "Zelensky", "Trump",
                                                "Wagner", "Belarus", "Poland", "NATO", "Hamas", "Local militia"};
        std::uniform_int_distribution<int> nActors(0, 3), whichActor(0, static_cast<int>(names.size()) - 1);
        std::uniform_int_distribution<int> startDay(0, kSpanDays - 1), length(0, 40), longOne(0, 9);
        std::uniform_int_distribution<int> type(0, kEventTypeCount - 1), precision(0, kLocationPrecisionCount - 1);
        for (int i = 0; i < 5000; ++i) {
            EventRecord e;
            e.id = "e" + std::to_string(i);
            e.dayStart = kFirstDay + startDay(rng);
            e.dayEnd = e.dayStart + (longOne(rng) == 0 ? length(rng) : 0);
            const int k = nActors(rng);
            for (int a = 0; a < k; ++a) e.actors.push_back(names[static_cast<size_t>(whichActor(rng))]);
            e.type = static_cast<EventType>(type(rng));
            e.precision = static_cast<LocationPrecision>(precision(rng));
            m_store.add(e, testActors());
        }
        m_index.build(m_store);
    }

    EventFilter randomFilter(std::mt19937& rng) const {
        EventFilter f;
        std::uniform_int_distribution<int> d(-20, kSpanDays + 60), coin(0, 3);
        int32_t a = kFirstDay + d(rng), b = kFirstDay + d(rng);
        if (a > b) std::swap(a, b);
        if (coin(rng) == 0) a = INT32_MIN;
        if (coin(rng) == 0) b = INT32_MAX;
        if (std::uniform_int_distribution<int>(0, 9)(rng) == 0) std::swap(a, b);  // now and then an inverted range
        f.dayFrom = a;
        f.dayTo = b;
        f.actorEnabled.assign(m_store.actors().size(), 1);
        for (auto& on : f.actorEnabled) on = coin(rng) != 0;
        f.showUnattributed = coin(rng) != 0;
        f.typeMask = coin(rng) == 0 ? 0xffffffffu : std::uniform_int_distribution<uint32_t>(0, 255)(rng);
        f.precisionMask = coin(rng) == 0 ? 0xffffffffu : std::uniform_int_distribution<uint32_t>(0, 63)(rng);
        return f;
    }

    EventStore m_store;
    EventIndex m_index;
};

TEST_F(EventFilterRandomTest, IndexCountsEqualABruteForceLoopOverEventPasses) {
    ASSERT_EQ(m_store.size(), 5000u);
    ASSERT_LT(m_index.cellCount(), m_store.size());
    std::mt19937 rng(7);
    for (int round = 0; round < 300; ++round) {
        const EventFilter f = randomFilter(rng);
        SCOPED_TRACE("round " + std::to_string(round) + ", days " + std::to_string(f.dayFrom) + ".." + std::to_string(f.dayTo));
        const std::vector<uint8_t> on = actorSetsEnabled(m_store, f);
        EventCounts want;
        want.perActor.assign(m_store.actors().size(), 0);
        for (size_t i = 0; i < m_store.size(); ++i) {
            const bool dateOk = f.dayFrom <= f.dayTo && m_store.dayStart()[i] <= f.dayTo && m_store.dayEnd()[i] >= f.dayFrom;
            const bool actorOk = on[m_store.actorSet()[i]] != 0;
            const bool typeOk = f.typeOn(m_store.type()[i]);
            const bool precOk = f.precisionOn(m_store.precision()[i]);
            ASSERT_EQ(eventPasses(m_store, i, f, on), dateOk && actorOk && typeOk && precOk);
            if (!dateOk) continue;
            if (actorOk && typeOk && precOk) {
                ++want.total;
                ++want.perSide[static_cast<int>(m_store.sideOfSet(m_store.actorSet()[i]))];
            }
            if (actorOk && precOk) ++want.perType[m_store.type()[i]];
            if (actorOk && typeOk) ++want.perPrecision[m_store.precision()[i]];
            if (typeOk && precOk) {
                const auto& members = m_store.actorSets()[m_store.actorSet()[i]];
                if (members.empty()) ++want.unattributed;
                for (uint16_t a : members) ++want.perActor[a];
            }
        }
        const EventCounts got = m_index.count(m_store, f);
        ASSERT_EQ(got.total, want.total);
        ASSERT_EQ(got.unattributed, want.unattributed);
        ASSERT_EQ(got.perActor, want.perActor);
        for (int s = 0; s < kSideCount; ++s) ASSERT_EQ(got.perSide[s], want.perSide[s]) << sideName(static_cast<Side>(s));
        for (int t = 0; t < kEventTypeCount; ++t) ASSERT_EQ(got.perType[t], want.perType[t]) << eventTypeName(static_cast<EventType>(t));
        for (int p = 0; p < kLocationPrecisionCount; ++p)
            ASSERT_EQ(got.perPrecision[p], want.perPrecision[p]) << locationPrecisionName(static_cast<LocationPrecision>(p));
    }
}

TEST_F(EventFilterRandomTest, HistogramEqualsABruteForceCountPerBin) {
    std::mt19937 rng(11);
    for (int round = 0; round < 40; ++round) {
        const EventFilter f = randomFilter(rng);
        const std::vector<uint8_t> on = actorSetsEnabled(m_store, f);
        const int binDays = std::uniform_int_distribution<int>(1, 30)(rng);
        const int32_t first = kFirstDay + std::uniform_int_distribution<int>(-30, 300)(rng);
        const int32_t last = first + std::uniform_int_distribution<int>(0, 900)(rng);
        SCOPED_TRACE("round " + std::to_string(round) + ", bin " + std::to_string(binDays));
        const size_t bins = static_cast<size_t>((last - first + binDays) / binDays);
        std::vector<uint32_t> want(bins, 0);
        for (size_t i = 0; i < m_store.size(); ++i) {
            if (!on[m_store.actorSet()[i]] || !f.typeOn(m_store.type()[i]) || !f.precisionOn(m_store.precision()[i])) continue;
            for (size_t b = 0; b < bins; ++b) {
                const int32_t b0 = first + static_cast<int32_t>(b) * binDays;
                const int32_t b1 = std::min(last, b0 + binDays - 1);
                want[b] += m_store.dayStart()[i] <= b1 && m_store.dayEnd()[i] >= b0;
            }
        }
        ASSERT_EQ(m_index.histogram(m_store, f, first, last, binDays), want);
    }
}

}  // namespace
}  // namespace fm
