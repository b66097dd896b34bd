#include "export/checked_output.h"

#include <cpl_vsi.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <vector>

#include "core/atomic_file.h"
#include "core/error.h"

namespace fm {

namespace {

constexpr const char* kPrefix = "/vsifmchecked/";
constexpr size_t kBufferBytes = 1 << 20;  // drivers write token by token; the disk gets 1 MiB at a time

std::mutex g_failuresMutex;
std::map<std::string, std::string> g_failures;  // path → first failure

void recordFailure(const std::string& path, const std::string& what, int err) {
    std::lock_guard<std::mutex> lock(g_failuresMutex);
    g_failures.emplace(path, what + ": " + std::strerror(err));  // keeps the first one
}

std::string stripPrefix(const char* name) {
    const size_t n = std::strlen(kPrefix);
    return std::strncmp(name, kPrefix, n) == 0 ? std::string(name + n) : std::string(name);
}

struct CheckedFile {
    int fd = -1;
    std::string path;
    std::vector<char> pending;  // written by the driver, not yet handed to the kernel
    bool eof = false;
    bool failed = false;

    bool flushPending() {
        size_t done = 0;
        while (done < pending.size()) {
            const ssize_t n = ::write(fd, pending.data() + done, pending.size() - done);
            if (n < 0) {
                if (errno == EINTR) continue;
                failed = true;
                recordFailure(path, "write failed", errno);
                pending.clear();
                return false;
            }
            done += static_cast<size_t>(n);
        }
        pending.clear();
        return true;
    }
};

void* openFile(void*, const char* name, const char* access) {
    const std::string path = stripPrefix(name);
    const std::string a(access ? access : "r");
    const bool plus = a.find('+') != std::string::npos;
    int flags = O_CLOEXEC;
    if (a[0] == 'r') flags |= plus ? O_RDWR : O_RDONLY;
    else if (a[0] == 'w') flags |= (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC;
    else if (a[0] == 'a') flags |= (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND;
    else return nullptr;
    const int fd = ::open(path.c_str(), flags, 0644);
    if (fd < 0) return nullptr;
    auto* f = new CheckedFile;
    f->fd = fd;
    f->path = path;
    return f;
}

size_t writeFile(void* handle, const void* data, size_t size, size_t count) {
    auto* f = static_cast<CheckedFile*>(handle);
    if (f->failed || size == 0) return 0;
    const size_t bytes = size * count;
    const char* p = static_cast<const char*>(data);
    f->pending.insert(f->pending.end(), p, p + bytes);
    if (f->pending.size() >= kBufferBytes && !f->flushPending()) return 0;
    return count;
}

int flushFile(void* handle) {
    auto* f = static_cast<CheckedFile*>(handle);
    return f->flushPending() ? 0 : -1;
}

vsi_l_offset tellFile(void* handle) {
    auto* f = static_cast<CheckedFile*>(handle);
    const off_t pos = ::lseek(f->fd, 0, SEEK_CUR);
    return pos < 0 ? 0 : static_cast<vsi_l_offset>(pos) + f->pending.size();
}

int seekFile(void* handle, vsi_l_offset offset, int whence) {
    auto* f = static_cast<CheckedFile*>(handle);
    if (!f->flushPending()) return -1;
    f->eof = false;
    return ::lseek(f->fd, static_cast<off_t>(offset), whence) < 0 ? -1 : 0;
}

size_t readFile(void* handle, void* buffer, size_t size, size_t count) {
    auto* f = static_cast<CheckedFile*>(handle);
    if (size == 0 || !f->flushPending()) return 0;
    const size_t want = size * count;
    size_t done = 0;
    while (done < want) {
        const ssize_t n = ::read(f->fd, static_cast<char*>(buffer) + done, want - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            f->eof = true;
            break;
        }
        done += static_cast<size_t>(n);
    }
    return done / size;
}

int eofFile(void* handle) { return static_cast<CheckedFile*>(handle)->eof ? 1 : 0; }

int truncateFile(void* handle, vsi_l_offset size) {
    auto* f = static_cast<CheckedFile*>(handle);
    if (!f->flushPending()) return -1;
    return ::ftruncate(f->fd, static_cast<off_t>(size)) == 0 ? 0 : -1;
}

int closeFile(void* handle) {
    auto* f = static_cast<CheckedFile*>(handle);
    bool ok = f->flushPending();
    if (::close(f->fd) != 0) {
        recordFailure(f->path, "close failed", errno);
        ok = false;
    }
    delete f;
    return ok ? 0 : -1;
}

int statFile(void*, const char* name, VSIStatBufL* buf, int) {
    return VSIStatL(stripPrefix(name).c_str(), buf);
}

int unlinkFile(void*, const char* name) { return ::unlink(stripPrefix(name).c_str()); }

void installOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        VSIFilesystemPluginCallbacksStruct* cb = VSIAllocFilesystemPluginCallbacksStruct();
        cb->open = openFile;
        cb->write = writeFile;
        cb->flush = flushFile;
        cb->tell = tellFile;
        cb->seek = seekFile;
        cb->read = readFile;
        cb->eof = eofFile;
        cb->truncate = truncateFile;
        cb->close = closeFile;
        cb->stat = statFile;
        cb->unlink = unlinkFile;
        VSIInstallPluginHandler(kPrefix, cb);
        VSIFreeFilesystemPluginCallbacksStruct(cb);
    });
}

}  // namespace

std::string checkedOutputPath(const std::string& path) {
    installOnce();
    return kPrefix + path;
}

std::string takeCheckedOutputFailure(const std::string& path) {
    std::lock_guard<std::mutex> lock(g_failuresMutex);
    auto it = g_failures.find(path);
    if (it == g_failures.end()) return {};
    std::string why = it->second;
    g_failures.erase(it);
    return why;
}

GdalErrorCapture::GdalErrorCapture() {
    CPLErrorReset();
    CPLPushErrorHandlerEx(&GdalErrorCapture::handler, this);
}

GdalErrorCapture::~GdalErrorCapture() { CPLPopErrorHandler(); }

void CPL_STDCALL GdalErrorCapture::handler(CPLErr level, CPLErrorNum, const char* msg) {
    auto* self = static_cast<GdalErrorCapture*>(CPLGetErrorHandlerUserData());
    if (self && level >= CE_Failure && self->m_first.empty()) self->m_first = msg && *msg ? msg : "GDAL error";
}

TemporaryOutput::TemporaryOutput(std::string target, const std::string& suffix, std::vector<std::string> sideSuffixes)
    : m_target(std::move(target)), m_path(temporaryPathFor(m_target, suffix)), m_sideSuffixes(std::move(sideSuffixes)) {}

TemporaryOutput::~TemporaryOutput() {
    takeCheckedOutputFailure(m_path);
    if (m_kept) return;
    ::unlink(m_path.c_str());
    for (const std::string& side : m_sideSuffixes) ::unlink((m_path + side).c_str());
}

void TemporaryOutput::moveIntoPlace() {
    const int fd = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(m_target, std::string("cannot reopen the written file: ") + std::strerror(errno));
    const bool ok = ::fsync(fd) == 0;
    const int e = errno;
    ::close(fd);
    if (!ok) throw Error(m_target, std::string("cannot flush file to disk: ") + std::strerror(e));
    if (std::rename(m_path.c_str(), m_target.c_str()) != 0)
        throw Error(m_target, std::string("cannot move the file into place: ") + std::strerror(errno));
    m_kept = true;
}

}  // namespace fm
