// Thread-safe list of user-facing messages (load reports, warnings, errors). Loader threads write it; the
// messages panel and the command line read it.
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
    void add(Severity severity, std::string subject, std::string text);
    void info(std::string subject, std::string text) { add(Severity::Info, std::move(subject), std::move(text)); }
    void warning(std::string subject, std::string text) { add(Severity::Warning, std::move(subject), std::move(text)); }
    void error(std::string subject, std::string text) { add(Severity::Error, std::move(subject), std::move(text)); }

    std::vector<Message> snapshot() const;
    size_t size() const;
    size_t count(Severity severity) const;
    void clear();
    // Called (from the writing thread) for every new message; used to echo messages to stderr.
    void setEcho(std::function<void(const Message&)> echo);

private:
    mutable std::mutex m_mutex;
    std::vector<Message> m_messages;
    std::function<void(const Message&)> m_echo;
};

const char* severityName(Severity s);
std::string formatMessage(const Message& m);

}  // namespace fm
