#include "core/message_log.h"

#include <algorithm>
#include <cstddef>

#include "core/secrets.h"

namespace fm {

void MessageLog::add(Severity severity, std::string subject, std::string text) {
    // A connection string typed with its password must not be repeated by any message.
    Message m{severity, stripPassword(subject), stripPassword(text), std::chrono::system_clock::now()};
    std::function<void(const Message&)> echo;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        ++m_total[static_cast<int>(severity)];
        if (m_messages.size() >= m_capacity) {
            // Drop the oldest tenth at once, so that adding stays cheap on average.
            const size_t n = std::max<size_t>(1, std::min(m_messages.size(), m_capacity / 10));
            m_messages.erase(m_messages.begin(), m_messages.begin() + static_cast<std::ptrdiff_t>(n));
            m_dropped += n;
        }
        m_messages.push_back(m);
        echo = m_echo;
    }
    if (echo) echo(m);
}

std::vector<Message> MessageLog::snapshot() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_messages;
}

size_t MessageLog::size() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_messages.size();
}

size_t MessageLog::count(Severity severity) const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_total[static_cast<int>(severity)];
}

size_t MessageLog::dropped() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_dropped;
}

void MessageLog::clear() {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_messages.clear();
    m_total[0] = m_total[1] = m_total[2] = 0;
    m_dropped = 0;
}

void MessageLog::setEcho(std::function<void(const Message&)> echo) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_echo = std::move(echo);
}

const char* severityName(Severity s) {
    switch (s) {
        case Severity::Info: return "info";
        case Severity::Warning: return "warning";
        case Severity::Error: return "error";
    }
    return "?";
}

std::string formatMessage(const Message& m) {
    std::string out = severityName(m.severity);
    out += ": ";
    if (!m.subject.empty()) {
        out += m.subject;
        out += ": ";
    }
    out += m.text;
    return out;
}

}  // namespace fm
