// The fetch state of one database event layer in the interactive viewer: what is shown, what is being fetched,
// a bounded cache of recent answers, and when to try again after a failure. Pure logic on a clock the caller
// passes in: the viewer runs the fetches as Jobs and hands back their outcome, so the UI never waits on the
// network, stale requests are cancelled, and a lost server is retried by itself.
#pragma once

#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <string>

#include "model/event_filter.h"
#include "model/filter_spec.h"
#include "sources/event_reader.h"
#include "sources/layer_data.h"
#include "sources/pg_source.h"

namespace fm {

class LiveQuery {
public:
    using Clock = std::chrono::steady_clock;

    struct Answer {
        SourceQuery query;  // what was fetched (margin included)
        std::shared_ptr<const EventLayerData> data;   // an event layer's answer ...
        std::shared_ptr<const EventIndex> index;
        std::shared_ptr<const LayerData> layer;       // ... or that of another layer (areas, lines)
        size_t rows() const { return data ? data->store.size() : layer ? layer->featureCount() : 0; }
    };

    enum class Action { None, ShowCached, Fetch };
    struct Step {
        Action action = Action::None;
        const Answer* cached = nullptr;  // ShowCached: show this
        SourceQuery fetch;               // Fetch: ask the server for this
        uint64_t ticket = 0;             // Fetch: hand it back with the outcome
        bool cancelPrevious = false;     // Fetch: the request in flight is stale
    };

    struct Settings {
        double margin = 0.5;  // fraction of the view fetched beyond each edge, so small pans need no request
        std::chrono::milliseconds debounce{250};  // a view must rest this long before it is fetched
        std::chrono::milliseconds firstRetry{2000}, maxRetry{30000};
        size_t cacheEntries = 8;
        size_t cacheRows = 4'000'000;  // events over all cached answers
    };

    LiveQuery() = default;
    explicit LiveQuery(Settings s) : m_settings(s) {}

    // Called every frame with what the view shows now (extent without margin, dates, actors).
    Step step(const SourceQuery& view, Clock::time_point now);
    // The outcome of fetch `ticket`. A late answer to a stale request still goes into the cache; returns true when
    // it is the current one (show it).
    bool succeeded(uint64_t ticket, Answer answer);
    // Returns true when this failure starts a run of failures (report it once, not on every retry).
    bool failed(uint64_t ticket, Clock::time_point now);
    // True once after the first success that follows failures (to say the source is back).
    bool takeRecovered();

    bool failing() const { return m_failing; }
    bool fetching() const { return m_inFlight != 0; }
    Clock::time_point retryAt() const { return m_retryAt; }
    const Answer* shown() const { return m_hasShown ? &m_shown : nullptr; }
    size_t cacheSize() const { return m_cache.size(); }
    size_t cachedRows() const;

private:
    void remember(const Answer& a);
    Settings m_settings;
    SourceQuery m_lastView;
    bool m_haveView = false;
    Clock::time_point m_viewChanged{};
    Answer m_shown;
    bool m_hasShown = false;
    uint64_t m_nextTicket = 1;
    uint64_t m_inFlight = 0;  // 0 = none
    SourceQuery m_inFlightQuery;
    std::list<Answer> m_cache;  // most recently used first
    bool m_failing = false;
    bool m_recovered = false;
    std::chrono::milliseconds m_backoff{0};
    Clock::time_point m_retryAt{};
};

// What the viewer asks a database event layer for, given the box shown (`visible`; nullptr when the view wraps the
// globe or cannot be inverted) `widthPx` pixels wide: that box, the filter's dates (all dates while the timeline
// plays: the GPU follows the playback), the actors it shows (`actors`, from shownActorsForQuery), and, zoomed out
// (wider than kLiveAggregateAboveDeg) over a table of more than kLiveRowsBeforeAggregating events, counts per
// grid cell of about 48 pixels, a power of two in degrees so that small zooms keep the answer.
constexpr int64_t kLiveRowsBeforeAggregating = 50000;
constexpr double kLiveAggregateAboveDeg = 4.0;
SourceQuery liveEventQuery(const BBox* visible, int widthPx, const FilterSpec& filter, const ShownActors& actors,
                           int64_t tableRows);

// What the viewer asks a database layer of areas or lines for: the box shown; nothing (the whole table, read
// once, which then serves every later view) when the view widened by `margin` already holds the table's whole
// extent `tableExtent` (lon/lat; empty when unknown) or the view wraps the globe.
SourceQuery liveLayerQuery(const BBox* visible, const BBox& tableExtent, double margin);

}  // namespace fm
