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
#include "sources/event_reader.h"
#include "sources/pg_source.h"

namespace fm {

class LiveQuery {
public:
    using Clock = std::chrono::steady_clock;

    struct Answer {
        SourceQuery query;  // what was fetched (margin included)
        std::shared_ptr<const EventLayerData> data;
        std::shared_ptr<const EventIndex> index;
        size_t rows() const { return data ? data->store.size() : 0; }
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

}  // namespace fm
