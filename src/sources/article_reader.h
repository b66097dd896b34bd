// News articles from files: plain text or Markdown (optionally with a header of `Title:`, `Date:`, `Source:`,
// `URL:`, `ID:` lines before a blank line, or YAML front matter with the same keys), JSON Lines of article objects
// ({"id","title","date","source","url","text"}), a JSON array of such objects, and folders of these (searched
// recursively for .txt, .md, .markdown, .jsonl and .ndjson; .json only when named explicitly, since folders of
// articles often hold other JSON such as labels).
//
// Text is made safe before anything looks at it: invalid UTF-8 becomes U+FFFD, HTML is reduced to its text (tags
// stripped, entities decoded; never interpreted), Markdown syntax is removed. A file that cannot be read, or a
// broken JSON line, is an issue naming the file, the line and why; the other articles are still read.
//
// An article without a date gets the --date option's day, else the file's modification day, and says which
// (DateBasis) so the events made from it can say how much their date is worth.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"

namespace fm {

class Job;

enum class DateBasis : uint8_t { Article = 0, Option, FileTime, None };
// "article" (its header or JSON field), "option" (--date), "file_mtime", "none".
const char* dateBasisName(DateBasis b);

struct Article {
    std::string id;
    std::string title;
    std::string outlet;    // Source: / "source"
    std::string url;
    std::string text;      // plain text, cleaned
    std::string dateText;  // the date as written, when there was one
    int32_t dayStart = 0;  // the article's date (a range when only a month or year is known)
    int32_t dayEnd = 0;
    DatePrecision datePrecision = DatePrecision::Unknown;
    DateBasis dateBasis = DateBasis::None;
    std::string file;         // where it came from
    long long line = 0;       // JSON Lines: the line number (1-based); 0 for whole files
};

struct ArticleIssue {
    std::string file;
    long long line = 0;  // 0 when it concerns the whole file
    std::string reason;
    bool skipped = true;  // the article (or file) was left out; false for warnings (text truncated, bytes replaced)
    std::string text() const;
};

struct ArticleReadOptions {
    bool haveDefaultDay = false;  // --date
    int32_t defaultDay = 0;
    size_t maxFileBytes = size_t(512) << 20;     // larger files are refused with an issue
    size_t maxArticleBytes = size_t(64) << 20;   // longer texts are cut there, with an issue
};

// True for a folder holding articles, a .txt/.md/.markdown file, or a JSON (Lines) file whose first object has a
// "text" (or "body"/"content") field. Never throws.
bool looksLikeArticleSource(const std::string& path);

// The files an input stands for: itself, or the article files under a folder (sorted, recursive).
std::vector<std::string> listArticleFiles(const std::string& input, std::vector<ArticleIssue>& issues);

// Reads every article of every input and hands each to `sink` as soon as it is read (so a large collection is never
// held in memory at once). Issues are appended to `issues`. Throws fm::Cancelled when `job` is cancelled.
void forEachArticle(const std::vector<std::string>& inputs, const ArticleReadOptions& options,
                    const std::function<void(Article&&)>& sink, std::vector<ArticleIssue>& issues, Job* job = nullptr);

// All articles of `inputs`, in order.
std::vector<Article> readArticles(const std::vector<std::string>& inputs, const ArticleReadOptions& options,
                                  std::vector<ArticleIssue>& issues, Job* job = nullptr);

// Parsing without the file system (tests, the app's paste box). `name` names the source in ids and issues; the
// file's time is not known, so an article without a date and without options.haveDefaultDay gets DateBasis::None.
std::vector<Article> parseArticleFile(std::string_view bytes, const std::string& name, const ArticleReadOptions& options,
                                      std::vector<ArticleIssue>& issues);

// A header or JSON date ("2025-03-13", "13 March 2025", "Thu, 13 Mar 2025 10:00:00 GMT", "2025-03-13T10:00Z").
bool parseArticleDate(std::string_view text, ParsedDate& out);

}  // namespace fm
