#include "core/secrets.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace fm {

std::string stripPassword(const std::string& c) {
    // Most text has neither form: skip the regular expressions (messages pass through here).
    std::string low(c);
    std::transform(low.begin(), low.end(), low.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (low.find("password") == std::string::npos && c.find('@') == std::string::npos) return c;
    std::string out = std::regex_replace(c, std::regex(R"((^|\s|PG:)password\s*=\s*('[^']*'|\S*))", std::regex::icase), "$1");
    out = std::regex_replace(out, std::regex(R"(://([^:/@\s]+):[^@\s]*@)"), "://$1@");
    if (out == c) return out;
    // Tidy the spaces left behind.
    out = std::regex_replace(out, std::regex(R"( {2,})"), " ");
    out = std::regex_replace(out, std::regex(R"(PG: )"), "PG:");
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

}  // namespace fm
