#include "app/gl_context.h"

#include <glad/gl.h>
// glad first: EGL's headers must not pull in a system GL header.
#include <EGL/egl.h>
#include <EGL/eglext.h>

#include <cstring>

#include "core/error.h"

namespace fm {

void loadGl(void* (*getProc)(const char*)) {
    if (!gladLoadGLLoader(getProc)) throw Error("OpenGL", "could not load GL functions");
    if (!GLAD_GL_VERSION_3_3)
        throw Error("OpenGL", "version " + std::to_string(GLVersion.major) + "." + std::to_string(GLVersion.minor) +
                                  " found; frontmap needs 3.3 core");
}

struct HeadlessContext::Impl {
    EGLDisplay display = EGL_NO_DISPLAY;
    EGLContext context = EGL_NO_CONTEXT;
};

namespace {
void* eglProc(const char* name) { return reinterpret_cast<void*>(eglGetProcAddress(name)); }

bool hasExtension(const char* list, const char* ext) {
    if (!list) return false;
    const size_t n = std::strlen(ext);
    for (const char* p = list; (p = std::strstr(p, ext)); p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return true;
    return false;
}
}  // namespace

HeadlessContext::HeadlessContext() : m_impl(std::make_unique<Impl>()) {
    const char* clientExts = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
    auto getPlatformDisplay =
        reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
    // Prefer Mesa's surfaceless platform: it needs no X server and no GPU device node.
    if (getPlatformDisplay && hasExtension(clientExts, "EGL_MESA_platform_surfaceless"))
        m_impl->display = getPlatformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (m_impl->display == EGL_NO_DISPLAY) m_impl->display = eglGetDisplay(EGL_DEFAULT_DISPLAY);
    if (m_impl->display == EGL_NO_DISPLAY) throw Error("EGL", "no display available (install libegl-mesa0)");
    EGLint major = 0, minor = 0;
    if (!eglInitialize(m_impl->display, &major, &minor)) throw Error("EGL", "eglInitialize failed");
    const EGLint configAttrs[] = {EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_RED_SIZE, 8,
                                  EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8, EGL_NONE};
    EGLConfig config = nullptr;
    EGLint count = 0;
    if (!eglChooseConfig(m_impl->display, configAttrs, &config, 1, &count) || count == 0) {
        // Surfaceless contexts do not need a pbuffer-capable config.
        const EGLint anyAttrs[] = {EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
        if (!eglChooseConfig(m_impl->display, anyAttrs, &config, 1, &count) || count == 0)
            throw Error("EGL", "no OpenGL-capable config");
    }
    if (!eglBindAPI(EGL_OPENGL_API)) throw Error("EGL", "desktop OpenGL API not available");
    const EGLint ctxAttrs[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 3, EGL_CONTEXT_OPENGL_PROFILE_MASK,
                               EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE};
    m_impl->context = eglCreateContext(m_impl->display, config, EGL_NO_CONTEXT, ctxAttrs);
    if (m_impl->context == EGL_NO_CONTEXT) throw Error("EGL", "cannot create a GL 3.3 core context");
    if (!eglMakeCurrent(m_impl->display, EGL_NO_SURFACE, EGL_NO_SURFACE, m_impl->context))
        throw Error("EGL", "cannot make the context current without a surface");
    loadGl(eglProc);
}

HeadlessContext::~HeadlessContext() {
    if (m_impl->display != EGL_NO_DISPLAY) {
        eglMakeCurrent(m_impl->display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        if (m_impl->context != EGL_NO_CONTEXT) eglDestroyContext(m_impl->display, m_impl->context);
        eglTerminate(m_impl->display);
    }
}

std::string HeadlessContext::renderer() const {
    const char* r = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    const char* v = reinterpret_cast<const char*>(glGetString(GL_VERSION));
    return std::string(r ? r : "?") + " / " + (v ? v : "?");
}

}  // namespace fm
