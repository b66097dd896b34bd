// Thread-safe list of user-facing messages (load reports, warnings, errors). Loader threads write it; the
// messages panel and the command line read it. It keeps the newest `capacity` messages (a viewer left open for days,
// or a file with a million bad rows, must not grow it without end); the counts per severity cover every message.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

namespace fm {

enum class Severity { Info, Warning, Error };

struct Message {
    Severity severity = Severity::Info;
    std::string subject;  // the file or layer it is about; may be empty
    std::string text;
    std::chrono::system_clock::time_point time;
};

class MessageLog {
public:
    static constexpr size_t kDefaultCapacity = 5000;
    explicit MessageLog(size_t capacity = kDefaultCapacity) : m_capacity(capacity < 1 ? 1 : capacity) {}

    void add(Severity severity, std::string subject, std::string text);
    void info(std::string subject, std::string text) { add(Severity::Info, std::move(subject), std::move(text)); }
    void warning(std::string subject, std::string text) { add(Severity::Warning, std::move(subject), std::move(text)); }
    void error(std::string subject, std::string text) { add(Severity::Error, std::move(subject), std::move(text)); }

    std::vector<Message> snapshot() const;  // the kept messages, oldest first
    size_t size() const;                    // how many are kept
    size_t count(Severity severity) const;  // every message of that severity since the start (or clear()), kept or not
    size_t dropped() const;                 // older messages no longer kept
    void clear();
    // Called (from the writing thread) for every new message; used to echo messages to stderr.
    void setEcho(std::function<void(const Message&)> echo);

private:
    mutable std::mutex m_mutex;
    size_t m_capacity;
    std::vector<Message> m_messages;
    size_t m_total[3] = {0, 0, 0};
    size_t m_dropped = 0;
    std::function<void(const Message&)> m_echo;
};

const char* severityName(Severity s);
std::string formatMessage(const Message& m);

}  // namespace fm
