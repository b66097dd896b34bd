// Tests for src/sources/pg_source and live_query that need no server: the SQL condition pushed to PostgreSQL
// (dates with an index-friendly start test, mixed column types compared as text, actors as a superset through the
// actor table, literals escaped), connection strings (passwords out of messages, tables=, titles), the query
// arithmetic (margins, "covered by"), and the viewer's fetch state machine (debounce, cache, stale requests,
// retry with back-off after a failure, recovery). Tests against a real server are in pg_live_test.cpp.
#include "sources/pg_source.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/date.h"
#include "core/message_log.h"
#include "core/secrets.h"
#include "sources/live_query.h"

namespace fm {
namespace {

int32_t day(const char* iso) {
    ParsedDate d;
    std::string why;
    EXPECT_TRUE(parseDate(iso, d, why)) << iso;
    return d.first;
}

EventFieldMapping ourMapping() {
    EventFieldMapping m;
    m.dateStart = "date_start";
    m.dateEnd = "date_end";
    m.actors = {"actors"};
    return m;
}

TEST(PgSource, DateConditionKeepsTheStartColumnsTypeAndOverlapsTheRange) {
    SourceQuery q;
    q.dayFrom = day("2025-03-01");
    q.dayTo = day("2025-03-31");
    const std::string sql = pgEventCondition(ourMapping(), DateColumnKind::Date, DateColumnKind::Date, q, defaultActorTable());
    EXPECT_EQ(sql, "\"date_start\" < '2025-04-01' AND COALESCE(\"date_end\", \"date_start\") >= '2025-03-01'");
}

TEST(PgSource, MixedDateColumnsCompareAsText) {
    SourceQuery q;
    q.dayFrom = day("2025-03-01");
    const std::string sql = pgEventCondition(ourMapping(), DateColumnKind::Date, DateColumnKind::IsoText, q, defaultActorTable());
    EXPECT_EQ(sql, "COALESCE(NULLIF(\"date_end\"::text, ''), \"date_start\"::text) >= '2025-03-01'");
}

TEST(PgSource, DatesThatAreNotIsoStayOnTheClient) {
    SourceQuery q;
    q.dayFrom = day("2025-03-01");
    q.dayTo = day("2025-03-31");
    EXPECT_EQ(pgEventCondition(ourMapping(), DateColumnKind::Other, DateColumnKind::Other, q, defaultActorTable()), "");
    // An end column in another format: the start test still narrows, the end test is left out.
    EXPECT_EQ(pgEventCondition(ourMapping(), DateColumnKind::Date, DateColumnKind::Other, q, defaultActorTable()),
              "\"date_start\" < '2025-04-01'");
}

TEST(PgSource, OpenRangeAndNoActorsPushNothing) {
    EXPECT_EQ(pgEventCondition(ourMapping(), DateColumnKind::Date, DateColumnKind::Date, SourceQuery{}, defaultActorTable()), "");
}

TEST(PgSource, ActorsBecomeASupersetOfTheirAliases) {
    ActorTable t;
    t.add("Russia", "Russia", Side::Russia, false);
    t.add("Wagner", "Wagner Group", Side::Russia, false);
    t.add("Armed Forces of Ukraine", "Ukraine", Side::Ukraine, false);
    SourceQuery q;
    q.actors = {"Russia"};
    const std::string sql = pgEventCondition(ourMapping(), DateColumnKind::Date, DateColumnKind::Date, q, t);
    EXPECT_NE(sql.find("\"actors\"::text ILIKE '%russia%'"), std::string::npos) << sql;
    EXPECT_NE(sql.find("\"actors\"::text ILIKE '%wagner%'"), std::string::npos) << sql;  // same side
    EXPECT_EQ(sql.find("ukraine"), std::string::npos) << sql;
    // The side "Other" takes any unknown name: nothing can be pushed.
    q.actors = {"Other"};
    EXPECT_EQ(pgEventCondition(ourMapping(), DateColumnKind::Date, DateColumnKind::Date, q, t), "");
}

TEST(PgSource, LiteralsAndIdentifiersAreEscaped) {
    ActorTable t;
    EventFieldMapping m = ourMapping();
    m.actors = {"who\"s"};
    SourceQuery q;
    q.actors = {"O'Brien_50%"};
    const std::string sql = pgEventCondition(m, DateColumnKind::Date, DateColumnKind::Date, q, t);
    EXPECT_EQ(sql, "(\"who\"\"s\"::text ILIKE '%o''brien\\_50\\%%')");
}

TEST(PgSource, PasswordsNeverReachMessages) {
    EXPECT_EQ(stripPassword("PG:host=db password=hunter2 dbname=gis"), "PG:host=db dbname=gis");
    EXPECT_EQ(stripPassword("PG:password=hunter2 dbname=gis"), "PG:dbname=gis");
    EXPECT_EQ(stripPassword("PG:dbname=gis PASSWORD='a b c'"), "PG:dbname=gis");
    EXPECT_EQ(stripPassword("cannot open postgresql://u:hunter2@db/gis: refused"), "cannot open postgresql://u@db/gis: refused");
    // Ordinary text passes unchanged (spaces and colons included).
    EXPECT_EQ(stripPassword("a.csv: row 3:  bad  date"), "a.csv: row 3:  bad  date");
    MessageLog log;
    log.error("PG:dbname=gis password=hunter2", "cannot connect to PG:dbname=gis password=hunter2");
    const auto m = log.snapshot();
    ASSERT_EQ(m.size(), 1u);
    EXPECT_EQ(formatMessage(m[0]).find("hunter2"), std::string::npos) << formatMessage(m[0]);
}

TEST(PgSource, TablesAndTitles) {
    EXPECT_TRUE(isPgSource("PG:dbname=gis"));
    EXPECT_FALSE(isPgSource("events.gpkg"));
    EXPECT_EQ(pgConnectionForTable("PG:dbname=gis tables=a", "public.events"), "PG:dbname=gis tables=public.events");
    EXPECT_EQ(pgConnectionForTable("PG:dbname=gis", "events"), "PG:dbname=gis tables=events");
    EXPECT_EQ(pgConnectionForTable("PG:tables=x dbname=gis", "events"), "PG:dbname=gis tables=events");
    EXPECT_EQ(pgLayerTitle("PG:host=h dbname=gis password=s", "events"), "events (dbname gis)");
}

TEST(PgSource, QueriesCoverNarrowerOnes) {
    SourceQuery wide;
    wide.hasExtent = true;
    wide.lonlat = BBox::of(30, 45, 40, 52);
    wide.dayFrom = day("2025-01-01");
    wide.dayTo = day("2025-12-31");
    SourceQuery narrow = wide;
    narrow.lonlat = BBox::of(32, 46, 38, 50);
    narrow.dayFrom = day("2025-03-01");
    EXPECT_TRUE(narrow.within(wide));
    EXPECT_FALSE(wide.within(narrow));
    SourceQuery panned = narrow;
    panned.lonlat = BBox::of(36, 46, 42, 50);  // beyond the east edge
    EXPECT_FALSE(panned.within(wide));
    SourceQuery actors = narrow;
    actors.actors = {"Russia"};
    EXPECT_TRUE(actors.within(wide));  // a subset of all actors
    EXPECT_FALSE(narrow.within(actors));
    SourceQuery all;  // no extent: the whole table
    EXPECT_TRUE(wide.within(all));
    EXPECT_FALSE(all.within(wide));
}

TEST(PgSource, MarginsStayOnTheGlobe) {
    const BBox b = widenLonLatBox(BBox::of(30, 40, 40, 50), 0.5);
    EXPECT_DOUBLE_EQ(b.minX, 25);
    EXPECT_DOUBLE_EQ(b.maxY, 55);
    const BBox w = widenLonLatBox(BBox::of(-170, 70, 170, 89), 0.5);
    EXPECT_DOUBLE_EQ(w.minX, -180);
    EXPECT_DOUBLE_EQ(w.maxX, 180);
    EXPECT_DOUBLE_EQ(w.maxY, 90);
}

TEST(PgSource, NamePatternsOfASideIncludeEveryAlias) {
    const auto p = defaultActorTable().namePatternsFor("Ukraine");
    EXPECT_NE(std::find(p.begin(), p.end(), "ukraine"), p.end());
    EXPECT_GT(p.size(), 2u);
    EXPECT_TRUE(defaultActorTable().namePatternsFor("other").empty());
}

// --- The viewer's actor filter as a server query --------------------------------------------------------------

EventStore storeNaming(const std::vector<std::string>& actorNames) {
    EventStore s;
    EventRecord e;
    e.lon = 30;
    e.lat = 50;
    for (const auto& a : actorNames) {
        e.actors = {a};
        s.add(e, defaultActorTable());
    }
    return s;
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

TEST(ViewerActors, EverythingShownOrOtherShownWholeSendsNoCondition) {
    const EventStore s = storeNaming({"Russia", "Wagner Group", "Ukraine", "Some militia"});
    FilterSpec spec;
    EXPECT_TRUE(shownActorsForQuery(spec, {&s}, defaultActorTable()).actors.empty());
    // Ukraine off, but the side Other (every unknown name) still on whole: rows of any text may be wanted.
    spec.hiddenActors = {"Ukraine"};
    EXPECT_TRUE(shownActorsForQuery(spec, {&s}, defaultActorTable()).actors.empty());
}

TEST(ViewerActors, SidesOffAreLeftOutAndSidesOnWholeAreNamed) {
    const EventStore s = storeNaming({"Russia", "Wagner Group", "Ukraine", "Some militia"});
    FilterSpec spec;
    spec.hiddenActors = {"Ukraine", "Some militia"};
    const ShownActors shown = shownActorsForQuery(spec, {&s}, defaultActorTable());
    // Russia on whole; the United States never seen, so on; Ukraine and Other off.
    EXPECT_EQ(shown.actors, (std::vector<std::string>{"Russia", "United States"}));
    EXPECT_TRUE(shown.actorless);  // "Events without actors" is still ticked
    spec.showUnattributed = false;
    EXPECT_FALSE(shownActorsForQuery(spec, {&s}, defaultActorTable()).actorless);
}

TEST(ViewerActors, ASideShownInPartIsItsShownActorsAndTheTablesOthers) {
    const EventStore s = storeNaming({"Russia", "Wagner Group", "Ukraine", "Some militia", "Other militia"});
    FilterSpec spec;
    spec.hiddenActors = {"Wagner Group", "Ukraine", "Other militia"};
    const ShownActors shown = shownActorsForQuery(spec, {&s}, defaultActorTable());
    EXPECT_TRUE(has(shown.actors, "Russia"));
    EXPECT_TRUE(has(shown.actors, "DPR"));  // not seen yet, of the side shown in part, not hidden
    EXPECT_FALSE(has(shown.actors, "Wagner Group"));
    EXPECT_FALSE(has(shown.actors, "Ukraine"));
    EXPECT_TRUE(has(shown.actors, "Some militia"));
    EXPECT_FALSE(has(shown.actors, "Other militia"));
    EXPECT_TRUE(std::is_sorted(shown.actors.begin(), shown.actors.end()));
}

TEST(ViewerActors, ActorsTheQueryDidNotAskForStayOffWhenTheyArrive) {
    const EventStore seen = storeNaming({"Russia", "Ukraine", "Some militia"});
    FilterSpec spec;
    spec.hiddenActors = {"Ukraine", "Some militia"};
    const ShownActors shown = shownActorsForQuery(spec, {&seen}, defaultActorTable());
    // A later answer names actors never seen: LPR (Russia's side, on) and a new militia (Other: off).
    const EventStore arrived = storeNaming({"Russia", "LPR", "New militia"});
    EXPECT_TRUE(hideActorsNotWanted(spec, {&arrived}, shown.actors, defaultActorTable()));
    EXPECT_TRUE(spec.hiddenActors.count("New militia"));
    EXPECT_FALSE(spec.hiddenActors.count("LPR"));
    EXPECT_FALSE(spec.hiddenActors.count("Russia"));
    // The set shown is what it was: the next query asks the same.
    EXPECT_EQ(shownActorsForQuery(spec, {&seen, &arrived}, defaultActorTable()).actors, shown.actors);
    EXPECT_FALSE(hideActorsNotWanted(spec, {&arrived}, {}, defaultActorTable()));  // nothing narrowed: nothing hidden
}

TEST(ViewerActors, ANarrowedAnswerWithoutTheSidesTurnedOffStaysNarrowed) {
    const EventStore before = storeNaming({"Russia", "Ukraine", "Some militia"});
    FilterSpec spec;
    spec.hiddenActors = {"Ukraine", "Some militia"};
    const ShownActors shown = shownActorsForQuery(spec, {&before}, defaultActorTable());
    ASSERT_FALSE(shown.actors.empty());
    // The narrowed answer names only Russia: Other (the militia) and Ukraine are still off, not unseen and on.
    const EventStore after = storeNaming({"Russia"});
    EXPECT_EQ(shownActorsForQuery(spec, {&after}, defaultActorTable()).actors, shown.actors);
}

TEST(ViewerActors, TheConditionKeepsRowsWithoutActorsWhenThoseAreShown) {
    SourceQuery q;
    q.actors = {"Russia"};
    q.actorless = true;
    const std::string c = pgEventCondition(ourMapping(), DateColumnKind::Date, DateColumnKind::Date, q, defaultActorTable());
    EXPECT_NE(c.find("\"actors\"::text ILIKE '%russia%'"), std::string::npos) << c;
    EXPECT_NE(c.find("OR (COALESCE(btrim(\"actors\"::text, ' ;'), '') = '')"), std::string::npos) << c;
    q.actorless = false;
    EXPECT_EQ(pgEventCondition(ourMapping(), DateColumnKind::Date, DateColumnKind::Date, q, defaultActorTable()).find("btrim"),
              std::string::npos);
    // A cached answer without the actorless rows does not serve a view that wants them.
    SourceQuery without = q, with = q;
    with.actorless = true;
    EXPECT_TRUE(without.within(with));
    EXPECT_FALSE(with.within(without));
    SourceQuery all;
    EXPECT_TRUE(with.within(all));
}

TEST(ViewerQueries, EventsAskForTheViewTheDatesTheActorsAndCountsWhenZoomedOut) {
    const BBox region = BBox::of(36, 47, 39, 49);
    FilterSpec spec;
    spec.dayFrom = day("2025-03-01");
    spec.dayTo = day("2025-03-31");
    ShownActors actors;
    actors.actors = {"Russia"};
    actors.actorless = true;
    SourceQuery q = liveEventQuery(&region, 1000, spec, actors, 2'000'000);
    EXPECT_TRUE(q.hasExtent);
    EXPECT_EQ(q.dayFrom, spec.dayFrom);
    EXPECT_EQ(q.actors, actors.actors);
    EXPECT_TRUE(q.actorless);
    EXPECT_EQ(q.cellDeg, 0);  // a region: rows
    const BBox country = BBox::of(22, 44, 40, 52);
    q = liveEventQuery(&country, 1000, spec, actors, 2'000'000);
    EXPECT_GT(q.cellDeg, 0);  // counts per cell, with the same actors
    EXPECT_EQ(q.actors, actors.actors);
    EXPECT_EQ(liveEventQuery(&country, 1000, spec, actors, 1000).cellDeg, 0);  // a small table: rows
    spec.playing = true;
    EXPECT_EQ(liveEventQuery(&region, 1000, spec, {}, 1000).dayFrom, INT32_MIN);  // playback: every date
}

TEST(ViewerQueries, AreasAskForTheViewUntilItHoldsTheWholeTable) {
    const BBox table = BBox::of(22, 44, 40, 53);
    const BBox region = BBox::of(36, 47, 39, 49);
    SourceQuery q = liveLayerQuery(&region, table, 0.5);
    EXPECT_TRUE(q.hasExtent);
    EXPECT_DOUBLE_EQ(q.lonlat.minX, 36);
    const BBox europe = BBox::of(10, 40, 45, 56);  // widened by half on each side it holds all of the table
    const SourceQuery whole = liveLayerQuery(&europe, table, 0.5);
    EXPECT_FALSE(whole.hasExtent);
    EXPECT_TRUE(q.within(whole));  // once read whole, every later view is served from it
    EXPECT_TRUE(liveLayerQuery(&region, BBox(), 0.5).hasExtent);  // extent unknown: always by the view
    EXPECT_FALSE(liveLayerQuery(nullptr, table, 0.5).hasExtent);  // the view wraps the globe
}

// --- LiveQuery: the viewer's fetch state machine --------------------------------------------------------------

using Clock = LiveQuery::Clock;
using std::chrono::milliseconds;

SourceQuery viewAt(double lon0, double lat0, double lon1, double lat1) {
    SourceQuery q;
    q.hasExtent = true;
    q.lonlat = BBox::of(lon0, lat0, lon1, lat1);
    return q;
}

LiveQuery::Answer answerFor(const SourceQuery& q, size_t rows) {
    LiveQuery::Answer a;
    a.query = q;
    auto data = std::make_shared<EventLayerData>();
    EventRecord e;
    for (size_t i = 0; i < rows; ++i) {
        e.lon = 30;
        e.lat = 50;
        data->store.add(e, defaultActorTable());
    }
    a.data = data;
    return a;
}

TEST(LiveQuery, WaitsForTheViewToRestThenFetchesWithAMargin) {
    LiveQuery lq;
    const Clock::time_point t0{};
    const SourceQuery v = viewAt(30, 46, 38, 52);
    EXPECT_EQ(lq.step(v, t0).action, LiveQuery::Action::None);  // just moved: debounce
    const LiveQuery::Step s = lq.step(v, t0 + milliseconds(300));
    ASSERT_EQ(s.action, LiveQuery::Action::Fetch);
    EXPECT_FALSE(s.cancelPrevious);
    EXPECT_DOUBLE_EQ(s.fetch.lonlat.minX, 26);  // half the width beyond each edge
    EXPECT_DOUBLE_EQ(s.fetch.lonlat.maxY, 55);
    // While it is on its way, the same view asks for nothing more.
    EXPECT_EQ(lq.step(v, t0 + milliseconds(400)).action, LiveQuery::Action::None);
    EXPECT_TRUE(lq.succeeded(s.ticket, answerFor(s.fetch, 10)));
    // A small pan stays inside the margin: no request.
    const SourceQuery panned = viewAt(31, 46, 39, 52);
    EXPECT_EQ(lq.step(panned, t0 + milliseconds(500)).action, LiveQuery::Action::None);
    EXPECT_EQ(lq.step(panned, t0 + milliseconds(900)).action, LiveQuery::Action::None);
}

TEST(LiveQuery, ANewViewCancelsTheStaleRequestAndItsLateAnswerIsOnlyCached) {
    LiveQuery lq;
    const Clock::time_point t0{};
    const SourceQuery a = viewAt(30, 46, 32, 48), b = viewAt(40, 46, 42, 48);
    lq.step(a, t0);
    const LiveQuery::Step sa = lq.step(a, t0 + milliseconds(300));
    ASSERT_EQ(sa.action, LiveQuery::Action::Fetch);
    lq.step(b, t0 + milliseconds(400));
    const LiveQuery::Step sb = lq.step(b, t0 + milliseconds(700));
    ASSERT_EQ(sb.action, LiveQuery::Action::Fetch);
    EXPECT_TRUE(sb.cancelPrevious);
    EXPECT_FALSE(lq.succeeded(sa.ticket, answerFor(sa.fetch, 5)));  // stale: not shown
    EXPECT_TRUE(lq.succeeded(sb.ticket, answerFor(sb.fetch, 7)));
    ASSERT_NE(lq.shown(), nullptr);
    EXPECT_EQ(lq.shown()->rows(), 7u);
    // Back to the first view: served from the cache, no request.
    lq.step(a, t0 + milliseconds(800));
    const LiveQuery::Step back = lq.step(a, t0 + milliseconds(1100));
    ASSERT_EQ(back.action, LiveQuery::Action::ShowCached);
    EXPECT_EQ(back.cached->rows(), 5u);
}

TEST(LiveQuery, CacheIsBounded) {
    LiveQuery::Settings st;
    st.cacheEntries = 3;
    st.cacheRows = 100;
    LiveQuery lq(st);
    Clock::time_point t{};
    for (int i = 0; i < 6; ++i) {
        const SourceQuery v = viewAt(i * 10.0, 0, i * 10.0 + 1, 1);
        lq.step(v, t);
        t += milliseconds(300);
        const LiveQuery::Step s = lq.step(v, t);
        ASSERT_EQ(s.action, LiveQuery::Action::Fetch);
        lq.succeeded(s.ticket, answerFor(s.fetch, 40));
        EXPECT_LE(lq.cacheSize(), 3u);
        EXPECT_LE(lq.cachedRows(), 100u);
    }
}

TEST(LiveQuery, FailureKeepsWhatIsShownAndRetriesWithBackOffUntilTheServerIsBack) {
    LiveQuery lq;
    Clock::time_point t{};
    const SourceQuery v = viewAt(30, 46, 38, 52);
    lq.step(v, t);
    LiveQuery::Step s = lq.step(v, t += milliseconds(300));
    lq.succeeded(s.ticket, answerFor(s.fetch, 3));
    const SourceQuery moved = viewAt(45, 46, 53, 52);
    lq.step(moved, t += milliseconds(10));
    s = lq.step(moved, t += milliseconds(300));
    ASSERT_EQ(s.action, LiveQuery::Action::Fetch);
    EXPECT_TRUE(lq.failed(s.ticket, t));  // first failure: report it
    EXPECT_TRUE(lq.failing());
    EXPECT_EQ(lq.shown()->rows(), 3u);  // the layer keeps what it had
    EXPECT_EQ(lq.step(moved, t + milliseconds(1000)).action, LiveQuery::Action::None);  // waits before retrying
    s = lq.step(moved, t += milliseconds(2000));
    ASSERT_EQ(s.action, LiveQuery::Action::Fetch);
    EXPECT_FALSE(lq.failed(s.ticket, t));  // still down: not reported again
    EXPECT_EQ(lq.step(moved, t + milliseconds(3000)).action, LiveQuery::Action::None);  // backed off to 4 s
    s = lq.step(moved, t += milliseconds(4000));
    ASSERT_EQ(s.action, LiveQuery::Action::Fetch);
    EXPECT_TRUE(lq.succeeded(s.ticket, answerFor(s.fetch, 9)));
    EXPECT_FALSE(lq.failing());
    EXPECT_TRUE(lq.takeRecovered());
    EXPECT_FALSE(lq.takeRecovered());
    EXPECT_EQ(lq.shown()->rows(), 9u);
}

}  // namespace
}  // namespace fm
