#include "core/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <thread>

#include "core/error.h"

namespace fm {

namespace {

// A pid of another PID namespace sharing the folder would read as dead; frontmap does not write across those.
bool processAlive(long pid) {
    if (pid <= 0) return false;
    if (pid == static_cast<long>(::getpid())) return true;
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

// "<pid>-<8 hex>" at the start of `rest`: the pid, or -1 when `rest` does not follow our pattern.
long temporaryOwner(const std::string& rest) {
    size_t i = 0;
    long pid = 0;
    while (i < rest.size() && i < 10 && std::isdigit(static_cast<unsigned char>(rest[i]))) pid = pid * 10 + (rest[i++] - '0');
    if (i == 0 || i >= rest.size() || rest[i] != '-') return -1;
    for (size_t k = i + 1; k < i + 9; ++k)
        if (k >= rest.size() || !std::isxdigit(static_cast<unsigned char>(rest[k]))) return -1;
    return pid;
}

}  // namespace

size_t removeStaleTemporaries(const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    const std::string prefix = target.filename().string() + ".tmp-";
    if (prefix.size() <= 5) return 0;
    fs::path dir = target.parent_path();
    if (dir.empty()) dir = ".";
    size_t removed = 0;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.compare(0, prefix.size(), prefix) != 0) continue;
        const long pid = temporaryOwner(name.substr(prefix.size()));
        if (pid < 0 || processAlive(pid)) continue;
        std::error_code rec;
        if (it->is_regular_file(rec) && ::unlink(it->path().c_str()) == 0) ++removed;
    }
    return removed;
}

std::string temporaryPathFor(const std::string& path, const std::string& suffix) {
    removeStaleTemporaries(path);
    static thread_local std::mt19937_64 rng(std::random_device{}());
    char tag[48];
    std::snprintf(tag, sizeof tag, ".tmp-%ld-%08llx", static_cast<long>(::getpid()),
                  static_cast<unsigned long long>(rng() & 0xffffffffULL));
    return path + tag + suffix;
}

int testWriteDelayMs() {
    static const int delay = [] {
        const char* v = std::getenv("FRONTMAP_TEST_WRITE_DELAY_MS");
        return v ? std::clamp(std::atoi(v), 0, 10000) : 0;
    }();
    return delay;
}

void writeFileAtomically(const std::string& path, const void* bytes, size_t size) {
    const std::string tmp = temporaryPathFor(path);
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(path, std::string("cannot create file: ") + std::strerror(errno));
    const unsigned char* data = static_cast<const unsigned char*>(bytes);
    // For tests that kill the writer mid-write: a pause after each MiB.
    const int delayMs = testWriteDelayMs();
    try {
        size_t done = 0;
        while (done < size) {
            const size_t chunk = std::min<size_t>(size - done, size_t(1) << 20);
            const ssize_t n = ::write(fd, data + done, chunk);
            if (n < 0) {
                if (errno == EINTR) continue;
                throw Error(path, std::string("write failed: ") + std::strerror(errno));
            }
            done += static_cast<size_t>(n);
            if (delayMs > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
        }
        if (::fsync(fd) != 0) throw Error(path, std::string("cannot flush file to disk: ") + std::strerror(errno));
    } catch (...) {
        ::close(fd);
        ::unlink(tmp.c_str());
        throw;
    }
    if (::close(fd) != 0) {
        ::unlink(tmp.c_str());
        throw Error(path, std::string("cannot close file: ") + std::strerror(errno));
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        throw Error(path, std::string("cannot move file into place: ") + std::strerror(e));
    }
}

}  // namespace fm
