// Tests against a real PostgreSQL + PostGIS server: tests/scripts/pg_postgis.sh starts a throw-away cluster,
// loads fixture events, and runs these with FRONTMAP_TEST_PG (connection string, with a password the server
// ignores), FRONTMAP_TEST_PG_FILE (the same events as GeoJSON) and FRONTMAP_TEST_PG_STOP/_START (commands). On
// their own (no server) they skip; the script fails when they are skipped.
//
// What they pin down: a query returns exactly the events of the file inside the box and date range (the server
// filters, the rows map to the same model), aggregates count every event in far fewer rows, and a source whose
// server went away fails with a message naming it without its password, then works again once it is back.
#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>
#include <set>
#include <string>

#include "core/date.h"
#include "core/error.h"
#include "core/message_log.h"
#include "sources/event_reader.h"
#include "sources/live_query.h"
#include "sources/pg_source.h"
#include "sources/vector_reader.h"

namespace fm {
namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

class PgLive : public ::testing::Test {
protected:
    void SetUp() override {
        m_conn = env("FRONTMAP_TEST_PG");
        m_file = env("FRONTMAP_TEST_PG_FILE");
        if (m_conn.empty() || m_file.empty()) GTEST_SKIP() << "no test server (run tests/scripts/pg_postgis.sh)";
    }
    static int32_t day(const char* iso) {
        ParsedDate d;
        std::string why;
        EXPECT_TRUE(parseDate(iso, d, why));
        return d.first;
    }
    SourceQuery march() const {
        SourceQuery q;
        q.hasExtent = true;
        q.lonlat = BBox::of(30, 46, 38, 52);
        q.dayFrom = day("2025-03-01");
        q.dayTo = day("2025-03-31");
        return q;
    }
    std::string m_conn, m_file;
};

std::set<std::string> idsOf(const EventStore& s) {
    std::set<std::string> ids;
    for (size_t i = 0; i < s.size(); ++i) ids.insert(std::string(s.id(i)));
    return ids;
}

TEST_F(PgLive, QueryReturnsExactlyTheFilesEventsInTheBoxAndDates) {
    MessageLog log;
    const SourceQuery q = march();
    EventReadOptions o;
    o.query = &q;
    auto pg = readEvents(m_conn, o, defaultActorTable(), log);
    auto file = readEvents(m_file, {}, defaultActorTable(), log);
    std::set<std::string> want;
    const EventStore& f = file->store;
    for (size_t i = 0; i < f.size(); ++i)
        if (q.lonlat.contains(f.lon()[i], f.lat()[i]) && f.dayStart()[i] <= q.dayTo && f.dayEnd()[i] >= q.dayFrom)
            want.insert(std::string(f.id(i)));
    ASSERT_GT(want.size(), 10u);
    ASSERT_LT(want.size(), f.size() / 4);  // the query must leave most of the table on the server
    EXPECT_EQ(idsOf(pg->store), want);
    // The same model as the file reader: actors, sides, types come out alike for the same event.
    for (size_t i = 0; i < pg->store.size(); ++i) {
        const EventRecord r = pg->store.record(i);
        for (size_t k = 0; k < f.size(); ++k) {
            if (f.id(k) != r.id) continue;
            const EventRecord w = f.record(k);
            EXPECT_EQ(r.actors, w.actors) << r.id;
            EXPECT_EQ(r.type, w.type) << r.id;
            EXPECT_EQ(r.dayStart, w.dayStart) << r.id;
            EXPECT_NEAR(r.lon, w.lon, 1e-5) << r.id;
            EXPECT_EQ(pg->store.sideOfSet(pg->store.actorSet()[i]), f.sideOfSet(f.actorSet()[k])) << r.id;
            break;
        }
    }
    EXPECT_EQ(pg->title.find("password"), std::string::npos);
}

TEST_F(PgLive, ActorsAreNarrowedOnTheServerAndExactlyOnTheClient) {
    MessageLog log;
    SourceQuery q = march();
    q.actors = {"Wagner Group"};
    EventReadOptions o;
    o.query = &q;
    auto pg = readEvents(m_conn, o, defaultActorTable(), log);
    ASSERT_GT(pg->store.size(), 0u);
    for (size_t i = 0; i < pg->store.size(); ++i)
        EXPECT_NE(pg->store.record(i).actors.front().find("Wagner"), std::string::npos);
}

// The ids of `s` that pass `spec`'s actor filter (actor names are resolved on our side: the exact test).
std::set<std::string> shownIds(const EventStore& s, const FilterSpec& spec) {
    const EventFilter f = spec.forStore(s);
    const std::vector<uint8_t> setOn = actorSetsEnabled(s, f);
    std::set<std::string> ids;
    for (size_t i = 0; i < s.size(); ++i)
        if (eventPasses(s, i, f, setOn)) ids.insert(std::string(s.id(i)));
    return ids;
}

TEST_F(PgLive, ViewerActorFilterNarrowsTheRowsTheServerSends) {
    MessageLog log;
    auto file = readEvents(m_file, {}, defaultActorTable(), log);
    // The viewer's state after the user turned Ukraine's side and an unknown group (side Other) off.
    EventStore other;
    EventRecord e;
    e.actors = {"Some militia"};
    other.add(e, defaultActorTable());
    FilterSpec spec;
    spec.dayFrom = march().dayFrom;
    spec.dayTo = march().dayTo;
    for (const Actor& a : file->store.actors())
        if (a.side == Side::Ukraine) spec.hiddenActors.insert(a.name);
    spec.hiddenActors.insert("Some militia");
    const ShownActors shown = shownActorsForQuery(spec, {&file->store, &other}, defaultActorTable());
    ASSERT_FALSE(shown.actors.empty());
    const BBox view = march().lonlat;
    const SourceQuery narrowed = liveEventQuery(&view, 800, spec, shown, file->store.size());
    SourceQuery wide = narrowed;
    wide.actors.clear();
    wide.actorless = false;
    ASSERT_TRUE(narrowed.within(wide));  // a cached wider answer serves the narrower set
    EventReadOptions o;
    o.query = &narrowed;
    auto few = readEvents(m_conn, o, defaultActorTable(), log);
    o.query = &wide;
    auto all = readEvents(m_conn, o, defaultActorTable(), log);
    std::printf("[ rows     ] actor filter on the server: %zu rows, without it %zu\n", few->store.size(), all->store.size());
    EXPECT_LT(few->store.size(), all->store.size() * 3 / 4);
    // What is drawn is the same: the server sends a superset, the client's exact test gives the same events.
    EXPECT_EQ(shownIds(few->store, spec), shownIds(all->store, spec));
    EXPECT_FALSE(shownIds(few->store, spec).empty());
    // Zoomed out, the counts honour the actors too: they count exactly the rows the narrowed query returns.
    SourceQuery counts = narrowed;
    counts.dayFrom = INT32_MIN;
    counts.dayTo = INT32_MAX;
    o.query = &counts;
    const size_t rows = readEvents(m_conn, o, defaultActorTable(), log)->store.size();
    const AggregateResult agg = aggregateEvents(m_conn, {}, counts, 16.0, defaultActorTable());
    EXPECT_EQ(agg.events, rows);
    EXPECT_LT(agg.events, file->store.size());
    EXPECT_NE(agg.sql.find("ILIKE"), std::string::npos);
}

TEST_F(PgLive, AreasAreFetchedByTheViewNotReadWhole) {
    const std::string conn = pgConnectionForTable(m_conn, "areas");
    const PgTableInfo info = pgTableInfo(conn);
    EXPECT_EQ(info.name, "areas");
    // The fixture: 9 × 5 squares of 1.8° from (22, 44) on a 2° grid.
    EXPECT_NEAR(info.lonlat.minX, 22, 0.5);
    EXPECT_NEAR(info.lonlat.maxX, 39.8, 0.5);
    EXPECT_NEAR(info.lonlat.maxY, 53.8, 0.5);
    MessageLog log;
    const BBox region = BBox::of(30.5, 47.5, 33.5, 49.5);
    SourceQuery q = liveLayerQuery(&region, info.lonlat, 0.5);
    ASSERT_TRUE(q.hasExtent);
    q.lonlat = widenLonLatBox(q.lonlat, 0.5);  // as LiveQuery fetches it
    VectorReadOptions ro;
    ro.query = &q;
    auto layers = readVectorSource(conn, log, nullptr, ro);
    ASSERT_EQ(layers.size(), 1u);
    const LayerData& d = *layers.front();
    EXPECT_EQ(d.lonlat.kind, GeomKind::Polygon);
    // Squares touching 29–35° E, 46.5–50.5° N: four columns (from 28° E to 35.8° E) of three rows → 12 of 45.
    EXPECT_EQ(d.featureCount(), 12u);
    EXPECT_NEAR(d.extent.minX, 28, 1e-9);
    EXPECT_NEAR(d.extent.maxX, 35.8, 1e-9);
    // Zoomed out over all of it: one read of the whole table, no extent.
    const BBox europe = BBox::of(0, 35, 60, 60);
    EXPECT_FALSE(liveLayerQuery(&europe, info.lonlat, 0.5).hasExtent);
    EXPECT_EQ(readVectorSource(conn, log)[0]->featureCount(), 45u);
}

TEST_F(PgLive, TheTablePickerListsExactlyTheTablesWithGeometry) {
    const std::string noTables = std::regex_replace(m_conn, std::regex(" tables=\\S+"), "");
    ASSERT_EQ(noTables.find("tables="), std::string::npos);
    EXPECT_EQ(listPgTables(noTables), (std::vector<std::string>{"areas", "areas_north", "events"}));
    // Each choice opens as its own source.
    EXPECT_EQ(pgTableInfo(pgConnectionForTable(noTables, "areas_north")).name, "areas_north");
    // An error names the source without its password.
    try {
        listPgTables(std::regex_replace(noTables, std::regex("dbname=\\S+"), "dbname=nosuchdb"));
        ADD_FAILURE() << "no error for a database that does not exist";
    } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()).find("hunter2"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("nosuchdb"), std::string::npos) << e.what();
    }
}

TEST_F(PgLive, ZoomedOutAggregatesCountEveryEventInFewRows) {
    MessageLog log;
    SourceQuery q;
    q.hasExtent = true;
    q.lonlat = BBox::of(20, 40, 52, 56);
    auto file = readEvents(m_file, {}, defaultActorTable(), log);
    // 16° cells: the fixture's grid falls into 3 of them, each split by 5 actor spellings and 4 types.
    const AggregateResult agg = aggregateEvents(m_conn, {}, q, 16.0, defaultActorTable());
    EXPECT_EQ(agg.events, file->store.size());
    EXPECT_LE(agg.cells.size(), 3u * 5u * 4u) << agg.cells.size() << " rows for " << file->store.size() << " events";
    EXPECT_NE(agg.sql.find("ST_SnapToGrid"), std::string::npos);
    EXPECT_NE(agg.sql.find("&&"), std::string::npos);
    auto data = eventsFromAggregates(agg, "agg", defaultActorTable());
    ASSERT_EQ(data->weights.size(), data->store.size());
    uint64_t sum = 0;
    for (uint32_t c : data->weights) sum += c;
    EXPECT_EQ(sum, file->store.size());
}

TEST_F(PgLive, ServerStoppedAndStartedTheSourceRecovers) {
    const std::string stop = env("FRONTMAP_TEST_PG_STOP"), start = env("FRONTMAP_TEST_PG_START");
    ASSERT_FALSE(stop.empty() || start.empty()) << "FRONTMAP_TEST_PG_STOP/START not set";
    MessageLog log;
    const SourceQuery q = march();
    EventReadOptions o;
    o.query = &q;
    const size_t before = readEvents(m_conn, o, defaultActorTable(), log)->store.size();
    ASSERT_GT(before, 0u);

    // The viewer's state machine around the real reads: what it shows survives the outage.
    LiveQuery::Settings st;
    st.debounce = std::chrono::milliseconds(0);
    st.firstRetry = std::chrono::milliseconds(0);
    LiveQuery live(st);
    auto fetch = [&](const SourceQuery& view, LiveQuery::Clock::time_point t) -> std::string {
        const LiveQuery::Step s = live.step(view, t);
        if (s.action != LiveQuery::Action::Fetch) return "no fetch";
        EventReadOptions fo;
        fo.query = &s.fetch;
        try {
            LiveQuery::Answer a;
            a.query = s.fetch;
            a.data = readEvents(m_conn, fo, defaultActorTable(), log);
            live.succeeded(s.ticket, a);
            return "ok";
        } catch (const Error& e) {
            live.failed(s.ticket, t);
            return e.what();
        }
    };
    LiveQuery::Clock::time_point t{};
    ASSERT_EQ(fetch(q, t), "ok");
    const size_t shownBefore = live.shown()->rows();  // the view and its margin
    ASSERT_GE(shownBefore, before);

    ASSERT_EQ(std::system(stop.c_str()), 0);
    SourceQuery moved = q;
    moved.lonlat = BBox::of(42, 46, 50, 52);
    const std::string failure = fetch(moved, t += std::chrono::seconds(1));
    EXPECT_NE(failure, "ok");
    EXPECT_NE(failure.find("dbname=fm"), std::string::npos) << failure;  // names the source
    EXPECT_EQ(failure.find("hunter2"), std::string::npos) << failure;    // never its password
    EXPECT_TRUE(live.failing());
    ASSERT_NE(live.shown(), nullptr);
    EXPECT_EQ(live.shown()->rows(), shownBefore);  // still what it had

    ASSERT_EQ(std::system(start.c_str()), 0);
    EXPECT_EQ(fetch(moved, t += std::chrono::seconds(1)), "ok");  // retried by itself, the server answers
    EXPECT_FALSE(live.failing());
    EXPECT_TRUE(live.takeRecovered());
    EXPECT_GT(live.shown()->rows(), 0u);
    EXPECT_EQ(readEvents(m_conn, o, defaultActorTable(), log)->store.size(), before);
}

}  // namespace
}  // namespace fm
