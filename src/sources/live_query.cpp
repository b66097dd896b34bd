#include "sources/live_query.h"

#include <algorithm>
#include <cmath>

namespace fm {

LiveQuery::Step LiveQuery::step(const SourceQuery& view, Clock::time_point now) {
    Step s;
    if (!m_haveView || view != m_lastView) {
        m_lastView = view;
        m_haveView = true;
        m_viewChanged = now;
    }
    if (m_hasShown && view.within(m_shown.query)) return s;
    if (now - m_viewChanged < m_settings.debounce) return s;
    for (auto it = m_cache.begin(); it != m_cache.end(); ++it) {
        if (!view.within(it->query)) continue;
        m_cache.splice(m_cache.begin(), m_cache, it);  // most recently used
        m_shown = m_cache.front();
        m_hasShown = true;
        s.action = Action::ShowCached;
        s.cached = &m_cache.front();
        return s;
    }
    if (m_inFlight && view.within(m_inFlightQuery)) return s;  // the answer on its way covers it
    if (m_failing && now < m_retryAt) return s;
    s.action = Action::Fetch;
    s.fetch = view;
    if (view.hasExtent) s.fetch.lonlat = widenLonLatBox(view.lonlat, m_settings.margin);
    s.cancelPrevious = m_inFlight != 0;
    s.ticket = m_nextTicket++;
    m_inFlight = s.ticket;
    m_inFlightQuery = s.fetch;
    return s;
}

bool LiveQuery::succeeded(uint64_t ticket, Answer answer) {
    remember(answer);
    if (ticket != m_inFlight) return false;
    m_inFlight = 0;
    if (m_failing) m_recovered = true;
    m_failing = false;
    m_backoff = std::chrono::milliseconds(0);
    m_shown = std::move(answer);
    m_hasShown = true;
    return true;
}

bool LiveQuery::failed(uint64_t ticket, Clock::time_point now) {
    if (ticket != m_inFlight) return false;
    m_inFlight = 0;
    const bool first = !m_failing;
    m_failing = true;
    m_backoff = first ? m_settings.firstRetry : std::min(m_settings.maxRetry, m_backoff * 2);
    m_retryAt = now + m_backoff;
    return first;
}

bool LiveQuery::takeRecovered() {
    const bool r = m_recovered;
    m_recovered = false;
    return r;
}

size_t LiveQuery::cachedRows() const {
    size_t n = 0;
    for (const Answer& a : m_cache) n += a.rows();
    return n;
}

void LiveQuery::remember(const Answer& a) {
    // An answer the new one covers is no longer needed.
    m_cache.remove_if([&](const Answer& old) { return old.query.within(a.query); });
    m_cache.push_front(a);
    while (m_cache.size() > 1 && (m_cache.size() > m_settings.cacheEntries || cachedRows() > m_settings.cacheRows))
        m_cache.pop_back();
}

SourceQuery liveEventQuery(const BBox* visible, int widthPx, const FilterSpec& filter, const ShownActors& actors,
                           int64_t tableRows) {
    SourceQuery q;
    if (visible) {
        q.hasExtent = true;
        q.lonlat = *visible;
    }
    if (!filter.playing) {
        q.dayFrom = filter.dayFrom;
        q.dayTo = filter.dayTo;
    }
    q.actors = actors.actors;
    q.actorless = !q.actors.empty() && actors.actorless;
    const double width = visible ? visible->maxX - visible->minX : 360.0;
    if (tableRows > kLiveRowsBeforeAggregating && (!visible || width > kLiveAggregateAboveDeg)) {
        const double degPerPixel = visible ? width / std::max(1, widthPx) : 360.0 / 1000;
        q.cellDeg = std::exp2(std::ceil(std::log2(48.0 * degPerPixel)));
    }
    return q;
}

SourceQuery liveLayerQuery(const BBox* visible, const BBox& tableExtent, double margin) {
    SourceQuery q;
    if (!visible) return q;
    const BBox wide = widenLonLatBox(*visible, margin);
    if (!tableExtent.empty() && wide.minX <= tableExtent.minX && wide.minY <= tableExtent.minY &&
        wide.maxX >= tableExtent.maxX && wide.maxY >= tableExtent.maxY)
        return q;
    q.hasExtent = true;
    q.lonlat = *visible;
    return q;
}

}  // namespace fm
