// Tests for src/core/message_log: the log keeps its newest messages only, while the counts per severity (which
// decide the command line's exit status) cover every message; passwords never enter it; clear() starts afresh.
#include "core/message_log.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace fm {
namespace {

TEST(MessageLog, KeepsTheNewestMessagesAndCountsEveryOne) {
    MessageLog log(100);
    log.error("a.gpkg", "first");  // the one error, dropped from the list long before the end
    for (int i = 0; i < 1000; ++i) log.info("f.csv", "row " + std::to_string(i));
    log.warning("f.csv", "last");
    EXPECT_LE(log.size(), 100u);
    EXPECT_GE(log.size(), 90u);
    EXPECT_EQ(log.count(Severity::Error), 1u);
    EXPECT_EQ(log.count(Severity::Info), 1000u);
    EXPECT_EQ(log.count(Severity::Warning), 1u);
    EXPECT_EQ(log.dropped() + log.size(), 1002u);
    const std::vector<Message> kept = log.snapshot();
    ASSERT_FALSE(kept.empty());
    EXPECT_EQ(kept.back().text, "last");
    EXPECT_EQ(kept[kept.size() - 2].text, "row 999");
    for (size_t i = 1; i + 1 < kept.size(); ++i)  // the newest, in order, without gaps
        EXPECT_EQ(kept[i].text, "row " + std::to_string(1000 - (kept.size() - 1) + i)) << i;
    log.clear();
    EXPECT_EQ(log.size(), 0u);
    EXPECT_EQ(log.count(Severity::Error), 0u);
    EXPECT_EQ(log.dropped(), 0u);
}

TEST(MessageLog, ManyWritersAtOnceLoseNoCount) {
    MessageLog log(50);
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t)
        writers.emplace_back([&log] {
            for (int i = 0; i < 2500; ++i) log.warning("x", "w");
        });
    for (auto& w : writers) w.join();
    EXPECT_EQ(log.count(Severity::Warning), 10000u);
    EXPECT_LE(log.size(), 50u);
    EXPECT_EQ(log.dropped() + log.size(), 10000u);
}

TEST(MessageLog, PasswordsAreStrippedFromSubjectAndText) {
    MessageLog log;
    log.error("PG:host=db dbname=war user=a password=hunter2", "could not connect: password=hunter2 rejected");
    const Message m = log.snapshot().front();
    EXPECT_EQ(m.subject.find("hunter2"), std::string::npos) << m.subject;
    EXPECT_EQ(m.text.find("hunter2"), std::string::npos) << m.text;
}

}  // namespace
}  // namespace fm
