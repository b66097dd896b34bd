// Tests for src/sources/article_reader on files the tests write: headers and front matter, Markdown, plain text with a
// headline, JSON Lines with broken lines (reported with file, line and reason while the rest is read), JSON arrays,
// folders, dates from --date or the file's time, invalid UTF-8, HTML, empty files, and looksLikeArticleSource.
#include "sources/article_reader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/date.h"

namespace fm {
namespace {

namespace fs = std::filesystem;

class TempDir {
public:
    TempDir() {
        char tmpl[] = "/tmp/fm-articles-XXXXXX";
        m_path = ::mkdtemp(tmpl);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    std::string file(const std::string& rel, const std::string& content) const {
        const fs::path p = fs::path(m_path) / rel;
        fs::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << content;
        return p.string();
    }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

bool anyIssue(const std::vector<ArticleIssue>& issues, const std::string& file, long long line, const std::string& words) {
    for (const ArticleIssue& i : issues)
        if (i.file == file && i.line == line && i.reason.find(words) != std::string::npos) return true;
    return false;
}

TEST(ArticleReader, TextWithHeader) {
    TempDir d;
    const std::string f = d.file("a.txt",
                                 "Title: Drones hit Kharkiv\nDate: 2025-03-13\nSource: Wire\nURL: https://x.org/1\n\n"
                                 "Russian drones struck Kharkiv overnight.\n\nA second paragraph.\n");
    std::vector<ArticleIssue> issues;
    const auto v = readArticles({f}, {}, issues);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_TRUE(issues.empty());
    EXPECT_EQ(v[0].id, "a");
    EXPECT_EQ(v[0].title, "Drones hit Kharkiv");
    EXPECT_EQ(v[0].outlet, "Wire");
    EXPECT_EQ(v[0].url, "https://x.org/1");
    EXPECT_EQ(v[0].dateBasis, DateBasis::Article);
    EXPECT_EQ(formatDay(v[0].dayStart), "2025-03-13");
    EXPECT_EQ(v[0].text.find("Title:"), std::string::npos);
    EXPECT_NE(v[0].text.find("Russian drones struck Kharkiv overnight."), std::string::npos);
}

TEST(ArticleReader, DateFormatsInHeaders) {
    ParsedDate p;
    ASSERT_TRUE(parseArticleDate("Thu, 13 Mar 2025 10:00:00 GMT", p));
    EXPECT_EQ(formatDay(p.first), "2025-03-13");
    ASSERT_TRUE(parseArticleDate("2025-03-13T10:00:00Z", p));
    EXPECT_EQ(formatDay(p.first), "2025-03-13");
    ASSERT_TRUE(parseArticleDate("March 13, 2025", p));
    EXPECT_EQ(formatDay(p.first), "2025-03-13");
    ASSERT_TRUE(parseArticleDate("Thursday, March 13, 2025 10:45", p));
    EXPECT_EQ(formatDay(p.first), "2025-03-13");
    ASSERT_TRUE(parseArticleDate("2025-03", p));
    EXPECT_EQ(p.precision, DatePrecision::Month);
    EXPECT_FALSE(parseArticleDate("next week sometime", p));
}

TEST(ArticleReader, MarkdownFrontMatterAndHeadline) {
    TempDir d;
    const std::string md = d.file("b.md", "---\ntitle: \"Front line: **gains**\"\ndate: 2025-01-10\nurl: https://x.org/2\n---\n\n"
                                          "# Heading\n\nRussian forces took *Kurakhove*.\n");
    const std::string txt = d.file("c.txt", "Putin Stalls on Ceasefire\n\nMoscow remains uninterested.\n");
    std::vector<ArticleIssue> issues;
    ArticleReadOptions opt;
    opt.haveDefaultDay = true;
    opt.defaultDay = daysFromCivil(2025, 3, 13);
    const auto v = readArticles({md, txt}, opt, issues);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0].title, "Front line: **gains**");
    EXPECT_EQ(formatDay(v[0].dayStart), "2025-01-10");
    EXPECT_EQ(v[0].text.find('*'), std::string::npos);
    EXPECT_NE(v[0].text.find("Russian forces took Kurakhove."), std::string::npos);
    // A short first line standing alone is the headline; the date comes from --date.
    EXPECT_EQ(v[1].title, "Putin Stalls on Ceasefire");
    EXPECT_EQ(v[1].text.find("Putin Stalls"), std::string::npos);
    EXPECT_EQ(v[1].dateBasis, DateBasis::Option);
    EXPECT_EQ(formatDay(v[1].dayStart), "2025-03-13");
}

TEST(ArticleReader, NoDateMeansTheFileTimeWithUnknownPrecision) {
    TempDir d;
    const std::string f = d.file("undated.txt", "Drones hit Sumy.\n");
    struct utimbuf t;
    t.actime = t.modtime = static_cast<time_t>(daysFromCivil(2024, 6, 5)) * 86400 + 3600;
    ASSERT_EQ(::utime(f.c_str(), &t), 0);
    std::vector<ArticleIssue> issues;
    const auto v = readArticles({f}, {}, issues);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].dateBasis, DateBasis::FileTime);
    EXPECT_EQ(formatDay(v[0].dayStart), "2024-06-05");
    EXPECT_EQ(v[0].datePrecision, DatePrecision::Unknown);
    EXPECT_STREQ(dateBasisName(v[0].dateBasis), "file_mtime");
}

TEST(ArticleReader, JsonLinesWithBrokenLinesAreReportedAndTheRestRead) {
    TempDir d;
    const std::string f = d.file(
        "w.jsonl",
        "{\"id\":\"a1\",\"title\":\"Odesa port hit\",\"date\":\"2025-04-12\",\"source\":{\"name\":\"Wire\"},\"url\":\"u1\","
        "\"text\":\"A missile hit <b>Odesa</b> &amp; Izmail.\"}\n"
        "\n"
        "{\"id\":\"a2\",\"title\":\"broken\",\"text\":\"unterminated\n"
        "[1,2,3]\n"
        "{\"id\":\"a3\",\"title\":\"no text\"}\n"
        "{\"id\":7,\"text\":\"Shelling in Kherson.\",\"date\":\"someday\"}\n"
        "{\"id\":\"a5\",\"text\":\"\"}\n"
        "{\"id\":\"a6\",\"text\":42}\n"
        "{\"id\":\"a7\",\"text\":\"Bad \xff\xfe bytes in Sumy.\"}\n");
    std::vector<ArticleIssue> issues;
    ArticleReadOptions opt;
    opt.haveDefaultDay = true;
    opt.defaultDay = daysFromCivil(2025, 4, 12);
    const auto v = readArticles({f}, opt, issues);
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(v[0].id, "a1");
    EXPECT_EQ(v[0].outlet, "Wire");
    EXPECT_EQ(v[0].line, 1);
    EXPECT_EQ(v[0].text, "A missile hit Odesa & Izmail.");
    EXPECT_EQ(v[1].id, "7");
    EXPECT_EQ(v[1].dateBasis, DateBasis::Option);
    EXPECT_EQ(v[2].id, "a7");
    EXPECT_NE(v[2].text.find("\xEF\xBF\xBD"), std::string::npos);
    EXPECT_TRUE(anyIssue(issues, f, 3, "not valid JSON"));
    EXPECT_TRUE(anyIssue(issues, f, 4, "not a JSON object"));
    EXPECT_TRUE(anyIssue(issues, f, 5, "no \"text\" field"));
    EXPECT_TRUE(anyIssue(issues, f, 6, "date 'someday' not understood"));
    EXPECT_TRUE(anyIssue(issues, f, 7, "empty text"));
    EXPECT_TRUE(anyIssue(issues, f, 8, "not a string"));
    EXPECT_TRUE(anyIssue(issues, f, 9, "invalid UTF-8"));
    for (const ArticleIssue& i : issues) EXPECT_NE(i.text().find(f + ":"), std::string::npos);
}

TEST(ArticleReader, JsonArraysFoldersAndWhatIsSkipped) {
    TempDir d;
    d.file("set/one.txt", "Title: One\nDate: 2025-01-01\n\nText one.\n");
    d.file("set/sub/two.md", "# Two\n\nText two.\n");
    d.file("set/sub/three.jsonl", "{\"id\":\"t3\",\"text\":\"Text three.\"}\n");
    d.file("set/labels.json", "{\"articles\": []}");  // .json in a folder: not articles
    d.file("set/.hidden/four.txt", "Text four.\n");
    d.file("set/notes.csv", "a,b\n");
    d.file("set/empty.txt", "");
    const std::string arr = d.file("arr.json", "[{\"id\":\"x\",\"text\":\"From an array.\"}, 5]");
    std::vector<ArticleIssue> issues;
    const auto v = readArticles({d.path() + "/set", arr, d.path() + "/missing.txt"}, {}, issues);
    std::vector<std::string> ids;
    for (const Article& a : v) ids.push_back(a.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"one", "t3", "two", "x"}));
    EXPECT_TRUE(anyIssue(issues, d.path() + "/set/empty.txt", 0, "empty text"));
    EXPECT_TRUE(anyIssue(issues, arr, 2, "not a JSON object"));
    EXPECT_TRUE(anyIssue(issues, d.path() + "/missing.txt", 0, "cannot open"));
    std::vector<ArticleIssue> none;
    EXPECT_TRUE(readArticles({d.path() + "/set/sub/../../arr.json"}, {}, none).size() == 1);
    std::vector<ArticleIssue> emptyDir;
    fs::create_directories(d.path() + "/void");
    EXPECT_TRUE(readArticles({d.path() + "/void"}, {}, emptyDir).empty());
    EXPECT_TRUE(anyIssue(emptyDir, d.path() + "/void", 0, "no article files"));
}

TEST(ArticleReader, HtmlArticleIsText) {
    TempDir d;
    const std::string f = d.file("page.txt", "<html><body><h1>Strike on Dnipro</h1><p>A missile hit <a href=\"/x\">Dnipro</a>"
                                             " on Friday.</p><script>alert('Kyiv')</script></body></html>");
    std::vector<ArticleIssue> issues;
    const auto v = readArticles({f}, {}, issues);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].text.find('<'), std::string::npos);
    EXPECT_EQ(v[0].text.find("alert"), std::string::npos);
    EXPECT_NE(v[0].text.find("A missile hit Dnipro on Friday."), std::string::npos);
}

TEST(ArticleReader, LooksLikeArticleSource) {
    TempDir d;
    EXPECT_TRUE(looksLikeArticleSource(d.file("a.txt", "x")));
    EXPECT_TRUE(looksLikeArticleSource(d.file("a.md", "x")));
    EXPECT_TRUE(looksLikeArticleSource(d.file("a.jsonl", "{\"id\":1,\"text\":\"x\"}\n")));
    EXPECT_FALSE(looksLikeArticleSource(d.file("b.jsonl", "{\"id\":1,\"lon\":3}\n")));
    EXPECT_TRUE(looksLikeArticleSource(d.file("c.json", "[{\"title\":\"t\",\"text\":\"x\"}]")));
    EXPECT_FALSE(looksLikeArticleSource(d.file("d.geojson", "{\"type\":\"FeatureCollection\",\"features\":[]}")));
    EXPECT_FALSE(looksLikeArticleSource(d.file("e.json", "{\"type\":\"FeatureCollection\",\"features\":[]}")));
    EXPECT_FALSE(looksLikeArticleSource(d.file("f.json", "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                                                         "\"properties\":{\"text\":\"x\"}}]}")));
    EXPECT_TRUE(looksLikeArticleSource(d.path()));
    EXPECT_FALSE(looksLikeArticleSource(d.path() + "/nope.txt"));
    EXPECT_FALSE(looksLikeArticleSource("/dev/null/x"));
}

}  // namespace
}  // namespace fm
