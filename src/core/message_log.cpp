#include "core/message_log.h"

#include "core/secrets.h"

namespace fm {

void MessageLog::add(Severity severity, std::string subject, std::string text) {
    // A connection string typed with its password must not be repeated by any message.
    Message m{severity, stripPassword(subject), stripPassword(text), std::chrono::system_clock::now()};
    std::function<void(const Message&)> echo;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
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
    size_t n = 0;
    for (const auto& m : m_messages) n += m.severity == severity;
    return n;
}

void MessageLog::clear() {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_messages.clear();
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
