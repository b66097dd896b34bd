#include "sources/article_reader.h"

#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "core/error.h"
#include "core/job.h"
#include "sources/article_text.h"

namespace fm {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

std::string trim(std::string_view s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
    return std::string(s.substr(a, b - a));
}

std::string extensionOf(const std::string& name) { return lower(fs::path(name).extension().string()); }

bool isArticleExtension(const std::string& ext) {
    return ext == ".txt" || ext == ".md" || ext == ".markdown" || ext == ".jsonl" || ext == ".ndjson";
}

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

// Reads up to `limit` bytes; `truncated` tells whether there was more.
bool readBytes(const std::string& path, size_t limit, std::string& out, bool& truncated, std::string& why) {
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
    if (!f) {
        why = std::string("cannot open: ") + std::strerror(errno);
        return false;
    }
    out.clear();
    truncated = false;
    char buf[1 << 16];
    for (;;) {
        const size_t n = std::fread(buf, 1, sizeof buf, f.get());
        if (n == 0) break;
        if (out.size() + n > limit) {
            out.append(buf, limit - out.size());
            truncated = true;
            break;
        }
        out.append(buf, n);
    }
    if (std::ferror(f.get())) {
        why = std::string("cannot read: ") + std::strerror(errno);
        return false;
    }
    return true;
}

// Cuts text to `limit` bytes at a character boundary.
bool cutText(std::string& s, size_t limit) {
    if (s.size() <= limit) return false;
    size_t cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s.resize(cut);
    return true;
}

std::string jsonString(const nlohmann::json& o, std::initializer_list<const char*> keys) {
    for (const char* k : keys) {
        auto it = o.find(k);
        if (it == o.end() || it->is_null()) continue;
        if (it->is_string()) return it->get<std::string>();
        if (it->is_number_integer()) return std::to_string(it->get<long long>());
        if (it->is_number()) return it->dump();
        if (it->is_object()) {
            // "source": {"name": "Reuters"}
            for (const char* sub : {"name", "title", "id"})
                if (it->contains(sub) && (*it)[sub].is_string()) return (*it)[sub].get<std::string>();
        }
    }
    return {};
}

// Text that may hold markup: HTML is reduced to text, then runs of spaces are left to the tokenizer.
std::string plainText(std::string s, bool markdown) {
    if (looksLikeHtml(s)) s = htmlToText(s);
    if (markdown) s = markdownToText(s);
    return s;
}

std::string oneLine(std::string s) {
    if (looksLikeHtml(s)) s = htmlToText(s);
    for (char& c : s)
        if (c == '\n' || c == '\t') c = ' ';
    return trim(s);
}

void setDate(Article& a, const std::string& text, const std::string& where, std::vector<ArticleIssue>& issues) {
    a.dateText = trim(text);
    if (a.dateText.empty()) return;
    ParsedDate d;
    if (parseArticleDate(a.dateText, d)) {
        a.dayStart = d.first;
        a.dayEnd = d.last;
        a.datePrecision = d.precision;
        a.dateBasis = DateBasis::Article;
    } else {
        issues.push_back({where, a.line, "date '" + a.dateText.substr(0, 60) + "' not understood; the default date is used", false});
    }
}

Article articleFromJson(const nlohmann::json& o, const std::string& file, long long line, const ArticleReadOptions& options,
                        std::vector<ArticleIssue>& issues, bool& ok) {
    Article a;
    a.file = file;
    a.line = line;
    ok = false;
    a.id = trim(jsonString(o, {"id", "article_id", "guid", "uid"}));
    if (a.id.empty()) a.id = fs::path(file).stem().string() + ":" + std::to_string(line);
    a.title = oneLine(jsonString(o, {"title", "headline"}));
    a.outlet = oneLine(jsonString(o, {"source", "outlet", "publisher", "site"}));
    a.url = trim(jsonString(o, {"url", "link", "source_url"}));
    setDate(a, jsonString(o, {"date", "published", "published_at", "publication_date", "pubdate", "datetime"}), file, issues);
    const char* textKeys[] = {"text", "body", "content", "article"};
    const nlohmann::json* text = nullptr;
    for (const char* k : textKeys) {
        auto it = o.find(k);
        if (it != o.end()) {
            text = &*it;
            break;
        }
    }
    if (!text) {
        issues.push_back({file, line, "no \"text\" field", true});
        return a;
    }
    if (!text->is_string()) {
        issues.push_back({file, line, "\"text\" is not a string", true});
        return a;
    }
    a.text = plainText(text->get<std::string>(), false);
    if (cutText(a.text, options.maxArticleBytes))
        issues.push_back({file, line, "text longer than " + std::to_string(options.maxArticleBytes >> 20) + " MiB; the rest was left out", false});
    if (trim(a.text).empty() && a.title.empty()) {
        issues.push_back({file, line, "empty text", true});
        return a;
    }
    ok = true;
    return a;
}

void parseJsonLines(std::string_view bytes, const std::string& file, const ArticleReadOptions& options,
                    std::vector<Article>& out, std::vector<ArticleIssue>& issues) {
    long long lineNo = 0;
    size_t pos = 0;
    while (pos < bytes.size()) {
        size_t eol = bytes.find('\n', pos);
        if (eol == std::string_view::npos) eol = bytes.size();
        std::string_view line = bytes.substr(pos, eol - pos);
        pos = eol + 1;
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        const std::string t = trim(line);
        if (t.empty()) continue;
        size_t replaced = 0;
        const std::string clean = cleanUtf8Text(t, &replaced);
        if (replaced) issues.push_back({file, lineNo, std::to_string(replaced) + " invalid UTF-8 byte(s) replaced with U+FFFD", false});
        nlohmann::json o;
        try {
            o = nlohmann::json::parse(clean);
        } catch (const nlohmann::json::exception& e) {
            std::string why = e.what();
            const size_t close = why.find("] ");
            if (why.rfind("[json.exception", 0) == 0 && close != std::string::npos) why = why.substr(close + 2);
            if (why.size() > 160) why = why.substr(0, 157) + "...";
            issues.push_back({file, lineNo, "not valid JSON (" + why + ")", true});
            continue;
        }
        if (!o.is_object()) {
            issues.push_back({file, lineNo, "not a JSON object", true});
            continue;
        }
        bool ok;
        Article a = articleFromJson(o, file, lineNo, options, issues, ok);
        if (ok) out.push_back(std::move(a));
    }
}

// A header of "Key: value" lines before a blank line, or YAML front matter between "---" lines.
bool headerKey(const std::string& k) {
    return k == "title" || k == "date" || k == "source" || k == "url" || k == "link" || k == "id" || k == "author" ||
           k == "published" || k == "outlet" || k == "publisher" || k == "headline";
}

Article parseTextArticle(std::string_view raw, const std::string& file, bool markdown, const ArticleReadOptions& options,
                         std::vector<ArticleIssue>& issues) {
    Article a;
    a.file = file;
    size_t replaced = 0;
    std::string text = cleanUtf8Text(raw, &replaced);
    if (replaced) issues.push_back({file, 0, std::to_string(replaced) + " invalid UTF-8 byte(s) replaced with U+FFFD", false});
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    if (cutText(text, options.maxArticleBytes))
        issues.push_back({file, 0, "text longer than " + std::to_string(options.maxArticleBytes >> 20) + " MiB; the rest was left out", false});

    // Header.
    size_t pos = 0;
    while (pos < text.size() && (text[pos] == '\n' || text[pos] == ' ' || text[pos] == '\t')) ++pos;
    std::string title, date, outlet, url, id;
    auto takeField = [&](const std::string& k, const std::string& v) {
        if (k == "title" || k == "headline") title = v;
        else if (k == "date" || k == "published") date = v;
        else if (k == "source" || k == "outlet" || k == "publisher") outlet = v;
        else if (k == "url" || k == "link") url = v;
        else if (k == "id") id = v;
    };
    auto lineAt = [&](size_t p, size_t& next) {
        size_t e = text.find('\n', p);
        if (e == std::string::npos) e = text.size();
        next = e + 1;
        return std::string_view(text).substr(p, e - p);
    };
    size_t next;
    std::string_view first = lineAt(pos, next);
    if (trim(first) == "---") {
        size_t p = next;
        bool closed = false;
        std::vector<std::pair<std::string, std::string>> fields;
        for (int guard = 0; p < text.size() && guard < 200; ++guard) {
            std::string_view l = lineAt(p, next);
            p = next;
            if (trim(l) == "---" || trim(l) == "...") {
                closed = true;
                break;
            }
            const size_t colon = l.find(':');
            if (colon == std::string_view::npos) continue;
            std::string v = trim(l.substr(colon + 1));
            if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) v = v.substr(1, v.size() - 2);
            fields.emplace_back(lower(trim(l.substr(0, colon))), v);
        }
        if (closed) {
            for (auto& [k, v] : fields) takeField(k, v);
            pos = std::min(p, text.size());
        }
    } else {
        size_t p = pos;
        std::vector<std::pair<std::string, std::string>> fields;
        bool header = true;
        for (int guard = 0; p < text.size() && guard < 50; ++guard) {
            std::string_view l = lineAt(p, next);
            if (trim(l).empty()) break;
            const size_t colon = l.find(':');
            const std::string k = colon == std::string_view::npos ? "" : lower(trim(l.substr(0, colon)));
            if (!headerKey(k)) {
                header = false;
                break;
            }
            fields.emplace_back(k, trim(l.substr(colon + 1)));
            p = next;
        }
        if (header && !fields.empty()) {
            for (auto& [k, v] : fields) takeField(k, v);
            pos = std::min(p, text.size());
        }
    }
    std::string body = text.substr(pos);
    text.clear();
    text.shrink_to_fit();
    body = plainText(std::move(body), markdown);

    // No title in the header: a Markdown heading, or a short first line standing alone (a headline).
    if (title.empty()) {
        size_t p = 0;
        while (p < body.size() && (body[p] == '\n' || body[p] == ' ' || body[p] == '\t')) ++p;
        size_t e = body.find('\n', p);
        if (e == std::string::npos) e = body.size();
        const std::string firstLine = trim(std::string_view(body).substr(p, e - p));
        size_t q = e;
        while (q < body.size() && (body[q] == ' ' || body[q] == '\t')) ++q;
        const bool standsAlone = q >= body.size() || body[q] == '\n';
        const char last = firstLine.empty() ? '.' : firstLine.back();
        if (!firstLine.empty() && firstLine.size() <= 200 && standsAlone && e < body.size() && last != '.' && last != '!' &&
            last != '?' && last != ',') {
            title = firstLine;
            body.erase(0, e);
        }
    }
    a.title = oneLine(title);
    a.outlet = oneLine(outlet);
    a.url = trim(url);
    a.id = trim(id).empty() ? fs::path(file).stem().string() : trim(id);
    a.text = std::move(body);
    setDate(a, date, file, issues);
    return a;
}

// UTF-16 text (with a byte-order mark, or without one but with every other byte NUL, as Windows tools write it):
// decoded to UTF-8, so that it is not read as letters spaced out by NULs. 0 = not UTF-16, 1 = little, 2 = big endian.
int utf16Kind(std::string_view b) {
    if (b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xFE) return 1;
    if (b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0xFE && static_cast<unsigned char>(b[1]) == 0xFF) return 2;
    const size_t n = std::min<size_t>(b.size(), 4096) & ~size_t(1);
    if (n < 16) return 0;
    size_t zeroOdd = 0, zeroEven = 0;
    for (size_t i = 0; i < n; i += 2) {
        zeroEven += b[i] == '\0';
        zeroOdd += b[i + 1] == '\0';
    }
    const size_t pairs = n / 2;
    if (zeroOdd * 10 >= pairs * 4 && zeroEven * 20 < pairs) return 1;
    if (zeroEven * 10 >= pairs * 4 && zeroOdd * 20 < pairs) return 2;
    return 0;
}

std::string decodeUtf16(std::string_view b, bool little) {
    std::string out;
    out.reserve(b.size());
    size_t i = 0;
    if (b.size() >= 2 && ((little && static_cast<unsigned char>(b[0]) == 0xFF && static_cast<unsigned char>(b[1]) == 0xFE) ||
                          (!little && static_cast<unsigned char>(b[0]) == 0xFE && static_cast<unsigned char>(b[1]) == 0xFF)))
        i = 2;
    auto unit = [&](size_t k) -> uint32_t {
        const auto lo = static_cast<unsigned char>(b[k + (little ? 0 : 1)]), hi = static_cast<unsigned char>(b[k + (little ? 1 : 0)]);
        return static_cast<uint32_t>(lo | (hi << 8));
    };
    auto put = [&](uint32_t cp) {
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    };
    for (; i + 1 < b.size(); i += 2) {
        uint32_t u = unit(i);
        if (u >= 0xD800 && u <= 0xDBFF && i + 3 < b.size()) {
            const uint32_t v = unit(i + 2);
            if (v >= 0xDC00 && v <= 0xDFFF) {
                put(0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
                i += 2;
                continue;
            }
        }
        put(u >= 0xD800 && u <= 0xDFFF ? 0xFFFD : u);
    }
    if (i < b.size()) put(0xFFFD);  // an odd byte at the end
    return out;
}

long long fileDay(const std::string& path, bool& ok) {
    struct stat st;
    ok = ::stat(path.c_str(), &st) == 0;
    if (!ok) return 0;
    const long long t = static_cast<long long>(st.st_mtime);
    return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

}  // namespace

const char* dateBasisName(DateBasis b) {
    switch (b) {
        case DateBasis::Article: return "article";
        case DateBasis::Option: return "option";
        case DateBasis::FileTime: return "file_mtime";
        case DateBasis::None: return "none";
    }
    return "none";
}

std::string ArticleIssue::text() const {
    std::string s = file;
    if (line > 0) s += ":" + std::to_string(line);
    return s + ": " + reason + (skipped ? "" : " (warning)");
}

bool parseArticleDate(std::string_view raw, ParsedDate& out) {
    std::string why;
    std::string s = trim(raw);
    if (s.empty()) return false;
    if (parseDate(s, out, why)) return true;
    // "Thu, 13 Mar 2025 10:00:00 GMT", "Thursday, March 13, 2025 10:00": weekday and time dropped.
    const size_t comma = s.find(',');
    if (comma != std::string::npos && comma <= 9) {
        const std::string head = lower(trim(std::string_view(s).substr(0, comma)));
        static const char* const days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "tuesday", "wednesday",
                                           "thursday", "friday", "saturday", "sunday", "tues", "thur", "thurs"};
        for (const char* d : days)
            if (head == d) {
                s = trim(std::string_view(s).substr(comma + 1));
                break;
            }
    }
    for (size_t i = 0; i + 2 < s.size(); ++i)
        if (std::isdigit(static_cast<unsigned char>(s[i])) && s[i + 1] == ':' ) {
            size_t cut = i;
            while (cut > 0 && std::isdigit(static_cast<unsigned char>(s[cut - 1]))) --cut;
            s = trim(std::string_view(s).substr(0, cut));
            break;
        } else if (std::isdigit(static_cast<unsigned char>(s[i])) && std::isdigit(static_cast<unsigned char>(s[i + 1])) &&
                   s[i + 2] == ':') {
            s = trim(std::string_view(s).substr(0, i));
            break;
        }
    while (!s.empty() && (s.back() == ',' || s.back() == 'T')) s.pop_back();
    if (parseDate(s, out, why)) return true;
    if (s.size() >= 10 && parseDate(std::string_view(s).substr(0, 10), out, why)) return true;
    return false;
}

std::vector<Article> parseArticleFile(std::string_view bytes, const std::string& name, const ArticleReadOptions& options,
                                      std::vector<ArticleIssue>& issues) {
    std::vector<Article> out;
    std::string decoded;
    if (const int kind = utf16Kind(bytes)) {
        decoded = decodeUtf16(bytes, kind == 1);
        bytes = decoded;
        issues.push_back({name, 0, std::string("UTF-16 ") + (kind == 1 ? "(little-endian)" : "(big-endian)") + " text decoded", false});
    }
    const std::string ext = extensionOf(name);
    if (ext == ".jsonl" || ext == ".ndjson") {
        parseJsonLines(bytes, name, options, out, issues);
    } else if (ext == ".json") {
        size_t replaced = 0;
        const std::string clean = cleanUtf8Text(bytes, &replaced);
        const nlohmann::json j = nlohmann::json::parse(clean, nullptr, false);
        const nlohmann::json* list = nullptr;
        if (!j.is_discarded()) {
            if (j.is_array()) list = &j;
            else if (j.is_object() && j.contains("articles") && j["articles"].is_array()) list = &j["articles"];
            else if (j.is_object()) {
                bool ok;
                Article a = articleFromJson(j, name, 1, options, issues, ok);
                if (ok) out.push_back(std::move(a));
                return out;
            }
        }
        if (!list) {
            parseJsonLines(bytes, name, options, out, issues);  // JSON Lines under a .json name
        } else {
            long long index = 0;
            for (const auto& o : *list) {
                ++index;
                if (!o.is_object()) {
                    issues.push_back({name, index, "article " + std::to_string(index) + " is not a JSON object", true});
                    continue;
                }
                bool ok;
                Article a = articleFromJson(o, name, index, options, issues, ok);
                if (ok) out.push_back(std::move(a));
            }
        }
    } else {
        Article a = parseTextArticle(bytes, name, ext == ".md" || ext == ".markdown", options, issues);
        if (trim(a.text).empty() && a.title.empty()) issues.push_back({name, 0, "empty text", true});
        else out.push_back(std::move(a));
    }
    for (Article& a : out) {
        if (a.dateBasis != DateBasis::None) continue;
        if (options.haveDefaultDay) {
            a.dayStart = a.dayEnd = options.defaultDay;
            a.datePrecision = DatePrecision::Day;
            a.dateBasis = DateBasis::Option;
        }
    }
    return out;
}

std::vector<std::string> listArticleFiles(const std::string& input, std::vector<ArticleIssue>& issues) {
    std::vector<std::string> files;
    std::error_code ec;
    const fs::file_status st = fs::status(input, ec);
    if (ec || !fs::exists(st)) {
        issues.push_back({input, 0, "cannot open: no such file or folder", true});
        return files;
    }
    if (fs::is_directory(st)) {
        fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec), end;
        for (; !ec && it != end; it.increment(ec)) {
            const fs::path& p = it->path();
            const std::string fname = p.filename().string();
            if (!fname.empty() && fname[0] == '.') {
                if (it->is_directory(ec)) it.disable_recursion_pending();
                continue;
            }
            if (it->is_regular_file(ec) && isArticleExtension(extensionOf(fname))) files.push_back(p.string());
        }
        if (ec) issues.push_back({input, 0, "folder not fully read: " + ec.message(), false});
        std::sort(files.begin(), files.end());
        if (files.empty()) issues.push_back({input, 0, "no article files (.txt, .md, .jsonl) in this folder", true});
        return files;
    }
    files.push_back(input);
    return files;
}

void forEachArticle(const std::vector<std::string>& inputs, const ArticleReadOptions& options,
                    const std::function<void(Article&&)>& sink, std::vector<ArticleIssue>& issues, Job* job) {
    std::vector<std::string> files;
    for (const std::string& in : inputs) {
        auto f = listArticleFiles(in, issues);
        files.insert(files.end(), f.begin(), f.end());
    }
    std::string bytes;
    for (size_t i = 0; i < files.size(); ++i) {
        if (job) {
            job->checkCancelled();
            job->setProgress(static_cast<float>(i) / static_cast<float>(files.size()));
        }
        const std::string& file = files[i];
        bool truncated = false;
        std::string why;
        if (!readBytes(file, options.maxFileBytes, bytes, truncated, why)) {
            issues.push_back({file, 0, why, true});
            continue;
        }
        if (truncated)
            issues.push_back({file, 0, "file larger than " + std::to_string(options.maxFileBytes >> 20) + " MiB; only its beginning was read", false});
        bool haveTime = false;
        const long long mday = fileDay(file, haveTime);
        std::vector<Article> articles = parseArticleFile(bytes, file, options, issues);
        bytes.clear();
        for (Article& a : articles) {
            if (a.dateBasis == DateBasis::None && haveTime) {
                a.dayStart = a.dayEnd = static_cast<int32_t>(mday);
                a.datePrecision = DatePrecision::Unknown;
                a.dateBasis = DateBasis::FileTime;
            }
            sink(std::move(a));
        }
    }
    if (job) job->setProgress(1.f);
}

std::vector<Article> readArticles(const std::vector<std::string>& inputs, const ArticleReadOptions& options,
                                  std::vector<ArticleIssue>& issues, Job* job) {
    std::vector<Article> out;
    forEachArticle(inputs, options, [&](Article&& a) { out.push_back(std::move(a)); }, issues, job);
    return out;
}

bool looksLikeArticleSource(const std::string& path) {
    try {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            size_t seen = 0;
            fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
            for (; !ec && it != end && seen < 10000; it.increment(ec), ++seen)
                if (it->is_regular_file(ec) && isArticleExtension(extensionOf(it->path().filename().string()))) return true;
            return false;
        }
        if (!fs::is_regular_file(path, ec)) return false;
        const std::string ext = extensionOf(path);
        if (ext == ".txt" || ext == ".md" || ext == ".markdown") return true;
        if (ext != ".jsonl" && ext != ".ndjson" && ext != ".json") return false;
        std::string head;
        bool truncated;
        std::string why;
        if (!readBytes(path, 65536, head, truncated, why)) return false;
        size_t p = 0;
        while (p < head.size() && std::isspace(static_cast<unsigned char>(head[p]))) ++p;
        if (p >= head.size()) return false;
        // GeoJSON and TopoJSON are map layers, whatever their properties are called.
        if (head.find("\"FeatureCollection\"") != std::string::npos || head.find("\"Topology\"") != std::string::npos ||
            head.find("\"Feature\"") != std::string::npos)
            return false;
        if (head[p] == '[' || ext == ".json") {
            // A JSON array or object of articles: the first object must carry a text field.
            return head.find("\"text\"") != std::string::npos || head.find("\"body\"") != std::string::npos ||
                   head.find("\"content\"") != std::string::npos;
        }
        const size_t e = head.find('\n', p);
        const nlohmann::json o = nlohmann::json::parse(head.substr(p, e == std::string::npos ? std::string::npos : e - p), nullptr, false);
        return !o.is_discarded() && o.is_object() && (o.contains("text") || o.contains("body") || o.contains("content"));
    } catch (...) {
        return false;
    }
}

}  // namespace fm
