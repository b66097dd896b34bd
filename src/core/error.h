// frontmap's fatal-error type: something could not be done at all (a file cannot be opened, a CRS is unknown).
// It always names what it was working on, so the message shown to the user says which file and why.
#pragma once

#include <stdexcept>
#include <string>

namespace fm {

class Error : public std::runtime_error {
public:
    Error(std::string subject, const std::string& reason)
        : std::runtime_error(subject.empty() ? reason : subject + ": " + reason),
          m_subject(std::move(subject)),
          m_reason(reason) {}

    const std::string& subject() const { return m_subject; }
    const std::string& reason() const { return m_reason; }

private:
    std::string m_subject;
    std::string m_reason;
};

// Thrown when the user cancelled a long-running job.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

}  // namespace fm
