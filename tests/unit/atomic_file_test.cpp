// Tests for src/core/atomic_file: writes land whole, and temporaries a killed writer left beside a target (after
// SIGKILL nothing can clean up) are removed on the next write to that target — only files of our own naming
// pattern, and only when the process that owned them is gone.
#include "core/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fm {
namespace {

namespace fs = std::filesystem;

std::string readAll(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The pid of a process that has exited and been reaped: no process has it now (pids are not reused at once).
long deadPid() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return child;
}

class AtomicFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (fs::temp_directory_path() / "fm_atomic_file_XXXXXX").string();
        ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
        m_dir = tmpl;
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(m_dir, ec);
    }
    void touch(const std::string& name) { std::ofstream(m_dir / name) << "left over"; }
    fs::path m_dir;
};

TEST_F(AtomicFileTest, TemporaryNamesCarryThePidAndKeepTheSuffix) {
    const std::string target = (m_dir / "events.csv").string();
    const std::string tmp = temporaryPathFor(target, ".csv");
    const std::string expect = target + ".tmp-" + std::to_string(::getpid()) + "-";
    ASSERT_EQ(tmp.compare(0, expect.size(), expect), 0) << tmp;
    EXPECT_EQ(tmp.size(), expect.size() + 8 + 4) << tmp;
    EXPECT_EQ(tmp.substr(tmp.size() - 4), ".csv");
    EXPECT_NE(temporaryPathFor(target, ".csv"), tmp) << "two temporaries of one target must differ";
}

TEST_F(AtomicFileTest, WriteReplacesTheTargetAndLeavesNoTemporary) {
    const fs::path target = m_dir / "map.pgw";
    writeFileAtomically(target.string(), std::string("old"));
    writeFileAtomically(target.string(), std::string("new contents"));
    EXPECT_EQ(readAll(target), "new contents");
    size_t files = 0;
    for (const auto& e : fs::directory_iterator(m_dir)) files += e.is_regular_file();
    EXPECT_EQ(files, 1u);
}

TEST_F(AtomicFileTest, NextWriteRemovesTemporariesOfDeadProcessesOnly) {
    const long dead = deadPid();
    ASSERT_GT(dead, 0);
    const std::string deadTag = ".tmp-" + std::to_string(dead) + "-1a2b3c4d";
    const std::string liveTag = ".tmp-" + std::to_string(::getppid()) + "-00ff00ff";  // our parent: alive
    touch("map.png" + deadTag);                 // a PNG a killed snapshot was writing
    touch("map.png" + deadTag + ".png");        // with a suffix
    touch("map.png" + deadTag + ".gpkg-journal");  // SQLite's side file
    touch("map.png" + liveTag);                 // another frontmap writing the same target right now
    touch("map.png.tmp-1a2b3c4d");              // an older naming: whose it is cannot be told
    touch("map.png.tmp-" + std::to_string(dead) + "-xyz");  // not our pattern
    touch("other.png" + deadTag);               // another target's
    touch("map.png.bak");

    writeFileAtomically((m_dir / "map.png").string(), std::string("picture"));

    EXPECT_FALSE(fs::exists(m_dir / ("map.png" + deadTag)));
    EXPECT_FALSE(fs::exists(m_dir / ("map.png" + deadTag + ".png")));
    EXPECT_FALSE(fs::exists(m_dir / ("map.png" + deadTag + ".gpkg-journal")));
    EXPECT_TRUE(fs::exists(m_dir / ("map.png" + liveTag))) << "a live process's temporary was removed";
    EXPECT_TRUE(fs::exists(m_dir / "map.png.tmp-1a2b3c4d"));
    EXPECT_TRUE(fs::exists(m_dir / ("map.png.tmp-" + std::to_string(dead) + "-xyz")));
    EXPECT_TRUE(fs::exists(m_dir / ("other.png" + deadTag))) << "another target's temporary was removed";
    EXPECT_TRUE(fs::exists(m_dir / "map.png.bak"));
    EXPECT_EQ(readAll(m_dir / "map.png"), "picture");
}

TEST_F(AtomicFileTest, OwnTemporariesAreNotStale) {
    const std::string own = temporaryPathFor((m_dir / "a.json").string());
    std::ofstream(own) << "being written";
    EXPECT_EQ(removeStaleTemporaries((m_dir / "a.json").string()), 0u);
    EXPECT_TRUE(fs::exists(own));
}

TEST_F(AtomicFileTest, FailedWriteNamesTheTargetAndLeavesNothing) {
    const std::string target = (m_dir / "missing" / "map.png").string();
    try {
        writeFileAtomically(target, std::string("x"));
        FAIL() << "writing into a missing folder succeeded";
    } catch (const std::exception& e) {
        EXPECT_NE(std::string(e.what()).find(target), std::string::npos) << e.what();
    }
    EXPECT_TRUE(fs::is_empty(m_dir));
}

}  // namespace
}  // namespace fm
