// GL contexts frontmap runs in: a GLFW window (the viewer) or a headless EGL context on Mesa's surfaceless
// platform (snapshots with no X server at all). Both load GL through our generated loader.
#pragma once

#include <memory>
#include <string>

namespace fm {

class HeadlessContext {
public:
    // Throws fm::Error when no EGL device/driver can give a GL 3.3 core context.
    HeadlessContext();
    ~HeadlessContext();
    HeadlessContext(const HeadlessContext&) = delete;
    HeadlessContext& operator=(const HeadlessContext&) = delete;
    std::string renderer() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Loads GL entry points for the current context; throws fm::Error if it is older than 3.3.
void loadGl(void* (*getProc)(const char*));

}  // namespace fm
