// Tests for src/sources/article_text: bytes made safe (invalid UTF-8, control characters, HTML, Markdown), lookup keys,
// tokens (possessives, U.S., hyphenated names) and sentence boundaries (abbreviations, headings, hard-wrapped lines),
// and that pathological input (a megabyte without a full stop, a sea of '<') costs linear time.
#include "sources/article_text.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace fm {
namespace {

std::vector<std::string> sentences(const std::string& text) {
    std::vector<std::string> out;
    for (const SentenceSpan& s : splitSentences(text)) out.push_back(text.substr(s.begin, s.end - s.begin));
    return out;
}

std::vector<std::string> keys(const std::string& sentence) {
    TokenizedSentence ts;
    tokenizeSentence(sentence, ts);
    std::vector<std::string> out;
    for (size_t i = 0; i < ts.size(); ++i) out.emplace_back(ts.key(i));
    return out;
}

TEST(ArticleText, InvalidUtf8BecomesReplacementCharacter) {
    size_t replaced = 0;
    const std::string out = cleanUtf8Text(std::string("Kyiv\xff\xfe city \xc3\x28 ok\r\nnext\x01line"), &replaced);
    EXPECT_EQ(replaced, 3u);
    EXPECT_EQ(out, "Kyiv\xEF\xBF\xBD\xEF\xBF\xBD city \xEF\xBF\xBD( ok\nnext line");
    // Valid multi-byte text is kept as is.
    EXPECT_EQ(cleanUtf8Text("T\xC3\xABtkino \xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2"), "T\xC3\xABtkino \xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2");
}

TEST(ArticleText, HtmlIsReducedToTextNeverInterpreted) {
    const std::string html =
        "<html><head><title>T</title><script>var x = '<p>Kharkiv</p>';</script><style>p{}</style></head>"
        "<body><p>Strikes hit <b>Kharkiv</b> &amp; Sumy&nbsp;overnight.</p><!-- Kyiv --><p>Police said 2 &lt; 3 &#8212; "
        "&#x41;&rsquo;s <img src=\"/etc/passwd\"> done</p></body></html>";
    ASSERT_TRUE(looksLikeHtml(html));
    const std::string t = htmlToText(html);
    EXPECT_NE(t.find("Strikes hit Kharkiv & Sumy overnight."), std::string::npos) << t;
    EXPECT_NE(t.find("Police said 2 < 3 \xE2\x80\x94 A\xE2\x80\x99s"), std::string::npos) << t;
    EXPECT_EQ(t.find("var x"), std::string::npos);
    EXPECT_EQ(t.find("Kyiv"), std::string::npos);
    EXPECT_EQ(t.find("passwd"), std::string::npos);
    EXPECT_EQ(t.find('<', t.find("3 ") + 3), std::string::npos);
    // Block tags separate paragraphs, so the sentences stay apart.
    EXPECT_GE(sentences(t).size(), 2u);
    EXPECT_FALSE(looksLikeHtml("Russian forces advanced 2 < 3 km near Pokrovsk"));
}

TEST(ArticleText, MalformedHtmlAndManyAngleBracketsAreLinear) {
    EXPECT_EQ(htmlToText("a <unterminated tag and text"), "a <unterminated tag and text");
    EXPECT_EQ(htmlToText("&bogus; &#xZZ; &"), "&bogus; &#xZZ; &");
    const std::string many(1 << 20, '<');
    const auto t0 = std::chrono::steady_clock::now();
    const std::string out = htmlToText(many + "<p");
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(out.size(), many.size() + 2);
    EXPECT_LT(s, 2.0) << "htmlToText is not linear on a megabyte of '<'";
}

TEST(ArticleText, MarkdownSyntaxIsRemoved) {
    const std::string md = "# Fighting near **Pokrovsk**\n\nRussian [troops](https://x.org/a) advanced *near* `Myrnohrad`.\n"
                           "- Kupiansk shelled\n- Lyman quiet\n\n> Quote from Kyiv\n";
    const std::string t = markdownToText(md);
    EXPECT_EQ(t.find('*'), std::string::npos);
    EXPECT_EQ(t.find("https"), std::string::npos);
    EXPECT_NE(t.find("Fighting near Pokrovsk"), std::string::npos);
    EXPECT_NE(t.find("Russian troops advanced near Myrnohrad."), std::string::npos);
    const auto s = sentences(t);
    // Heading, body sentence, two list items, quote.
    ASSERT_EQ(s.size(), 5u) << t;
    EXPECT_NE(s[2].find("Kupiansk shelled"), std::string::npos);
    EXPECT_NE(s[3].find("Lyman quiet"), std::string::npos);
}

TEST(ArticleText, KeysFoldSpellingDifferences) {
    EXPECT_EQ(normalizeKey("T\xC3\xABtkino"), "tetkino");
    EXPECT_EQ(normalizeKey("Kup'yans'k"), "kupyansk");
    EXPECT_EQ(normalizeKey("Kup\xE2\x80\x99yans\xE2\x80\x99k"), "kupyansk");
    EXPECT_EQ(normalizeKey("Chi\xC5\x9Fin\xC4\x83u"), "chisinau");
    EXPECT_EQ(normalizeKey("Rostov-on-Don"), "rostov on don");
    EXPECT_EQ(normalizeKey("  Velyka   Novosilka "), "velyka novosilka");
    EXPECT_EQ(normalizeKey("U.S."), "us");
    EXPECT_EQ(normalizeKey("Lugansk People's Republic"), "lugansk people republic");
    EXPECT_EQ(normalizeKey("\xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2"), "\xD0\xBA\xD0\xB8\xD1\x97\xD0\xB2");  // Київ → київ
}

TEST(ArticleText, TokensKnowPossessivesAbbreviationsAndHyphens) {
    TokenizedSentence ts;
    tokenizeSentence("Kursk's governor met U.S. envoys in Ivano-Frankivsk, Mar'inka and J.D. Vance's 1,000 troops.", ts);
    std::vector<std::string> raw;
    for (size_t i = 0; i < ts.size(); ++i) raw.emplace_back(ts.raw(i));
    const std::vector<std::string> want = {"Kursk", "governor", "met", "U.S.", "envoys", "in", "Ivano", "Frankivsk", "Mar'inka",
                                           "and", "J.D.", "Vance", "1,000", "troops"};
    EXPECT_EQ(raw, want);
    EXPECT_TRUE(ts.tokens[0].has(kTokPossessive));
    EXPECT_TRUE(ts.tokens[0].has(kTokCap));
    EXPECT_TRUE(ts.tokens[0].has(kTokFirst));
    EXPECT_TRUE(ts.tokens[3].has(kTokAllCaps));
    EXPECT_TRUE(ts.tokens[6].has(kTokJoinedNext));
    EXPECT_EQ(ts.tokens[7].after, ',');
    EXPECT_TRUE(ts.tokens[11].has(kTokPossessive));
    EXPECT_TRUE(ts.tokens[12].has(kTokNumber));
    EXPECT_EQ(ts.key(8), "marinka");
    EXPECT_EQ(keys("Russia\xE2\x80\x99s army"), (std::vector<std::string>{"russia", "army"}));
}

TEST(ArticleText, SentencesRespectAbbreviationsAndHeadings) {
    const std::string text =
        "Putin Stalls on Ceasefire\n\n"
        "Gen. Valery Gerasimov visited St. Petersburg on Monday. U.S. Secretary of State Marco Rubio said the talks "
        "went well. Talks with the U.S. The Kremlin said nothing.\n"
        "This line is wrapped by the mail client in the middle of a sentence and it\n"
        "goes on here. Related Sources:\n\xE2\x80\xA2 Source 1\n";
    const auto s = sentences(text);
    ASSERT_EQ(s.size(), 8u);
    EXPECT_EQ(s[0], "Putin Stalls on Ceasefire");
    EXPECT_EQ(s[1], "Gen. Valery Gerasimov visited St. Petersburg on Monday.");
    EXPECT_EQ(s[2], "U.S. Secretary of State Marco Rubio said the talks went well.");
    EXPECT_EQ(s[3], "Talks with the U.S.");
    EXPECT_EQ(s[4], "The Kremlin said nothing.");
    EXPECT_NE(s[5].find("middle of a sentence and it\ngoes on here."), std::string::npos);
    EXPECT_EQ(s[6], "Related Sources:");
    EXPECT_EQ(s[7], "\xE2\x80\xA2 Source 1");
    EXPECT_TRUE(splitSentences(text)[1].paragraphStart);
}

TEST(ArticleText, LongRunsWithoutFullStopsAreCutBoundedAndLinear) {
    std::string text;
    while (text.size() < (4u << 20)) text += "Kursk Sudzha \xD0\x9A\xD0\xB8\xD1\x97\xD0\xB2 words and more words ";
    const auto t0 = std::chrono::steady_clock::now();
    const auto spans = splitSentences(text);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_FALSE(spans.empty());
    for (const SentenceSpan& sp : spans) {
        ASSERT_LE(sp.end - sp.begin, kMaxSentenceBytes);
        // Never cut inside a UTF-8 sequence.
        ASSERT_NE(static_cast<unsigned char>(text[sp.begin]) & 0xC0, 0x80u);
    }
    EXPECT_LT(s, 3.0);
    // Without any space at all the cut is hard, still at a character boundary.
    std::string solid;
    for (int i = 0; i < 3000; ++i) solid += "\xD0\x96";
    for (const SentenceSpan& sp : splitSentences(solid)) EXPECT_EQ((sp.end - sp.begin) % 2, 0u);
}

TEST(ArticleText, TitleCaseIsRecognised) {
    TokenizedSentence ts;
    tokenizeSentence("Putin Stalls on Ceasefire as U.S. Pressure Mounts Amid Russian Advances", ts);
    EXPECT_TRUE(isTitleCase(ts));
    tokenizeSentence("Russia presses towards Kupiansk and Lyman along the Oskil", ts);
    EXPECT_FALSE(isTitleCase(ts));
}

}  // namespace
}  // namespace fm
