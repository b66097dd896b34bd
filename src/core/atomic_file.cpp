#include "core/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <random>
#include <thread>

#include "core/error.h"

namespace fm {

namespace {

std::string tempPathFor(const std::string& path) {
    static thread_local std::mt19937_64 rng(std::random_device{}());
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, ".tmp-%08llx", static_cast<unsigned long long>(rng() & 0xffffffffULL));
    return path + suffix;
}

}  // namespace

void writeFileAtomically(const std::string& path, const void* bytes, size_t size) {
    const std::string tmp = tempPathFor(path);
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(path, std::string("cannot create file: ") + std::strerror(errno));
    const unsigned char* data = static_cast<const unsigned char*>(bytes);
    // For tests that kill the writer mid-write (tests/scripts/cli_export_reliability.sh): a pause after each MiB.
    static const int delayMs = [] {
        const char* v = std::getenv("FRONTMAP_TEST_WRITE_DELAY_MS");
        return v ? std::clamp(std::atoi(v), 0, 10000) : 0;
    }();
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
