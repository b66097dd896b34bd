#include "render/gl_objects.h"

#include <algorithm>
#include <vector>

#include "core/error.h"

namespace fm {
const char* embeddedShader(const char* name);
}

namespace fm::gl {

void deleteBuffer(GLuint id) { glDeleteBuffers(1, &id); }
void deleteVertexArray(GLuint id) { glDeleteVertexArrays(1, &id); }
void deleteTexture(GLuint id) { glDeleteTextures(1, &id); }
void deleteFramebuffer(GLuint id) { glDeleteFramebuffers(1, &id); }
void deleteRenderbuffer(GLuint id) { glDeleteRenderbuffers(1, &id); }
void deleteProgram(GLuint id) { glDeleteProgram(id); }

Buffer makeBuffer(GLenum target, const void* data, size_t bytes, GLenum usage) {
    GLuint id = 0;
    glGenBuffers(1, &id);
    Buffer b(id);
    glBindBuffer(target, id);
    glBufferData(target, static_cast<GLsizeiptr>(bytes), data, usage);
    return b;
}

VertexArray makeVertexArray() {
    GLuint id = 0;
    glGenVertexArrays(1, &id);
    return VertexArray(id);
}

namespace {
GLuint compile(GLenum type, const char* name) {
    const char* src = embeddedShader(name);
    if (!src) throw Error(std::string("shader ") + name, "not embedded in this build");
    GLuint s = glCreateShader(type);
    glShaderSource(s, 1, &src, nullptr);
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        GLint len = 0;
        glGetShaderiv(s, GL_INFO_LOG_LENGTH, &len);
        std::string log(static_cast<size_t>(std::max(len, 1)), '\0');
        glGetShaderInfoLog(s, len, nullptr, log.data());
        glDeleteShader(s);
        throw Error(std::string("shader ") + name, "compilation failed: " + log);
    }
    return s;
}
}  // namespace

Program makeProgram(const char* vertexName, const char* fragmentName) {
    GLuint vs = compile(GL_VERTEX_SHADER, vertexName);
    GLuint fs = 0;
    try {
        fs = compile(GL_FRAGMENT_SHADER, fragmentName);
    } catch (...) {
        glDeleteShader(vs);
        throw;
    }
    GLuint p = glCreateProgram();
    glAttachShader(p, vs);
    glAttachShader(p, fs);
    glLinkProgram(p);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(p, GL_LINK_STATUS, &ok);
    if (!ok) {
        GLint len = 0;
        glGetProgramiv(p, GL_INFO_LOG_LENGTH, &len);
        std::string log(static_cast<size_t>(std::max(len, 1)), '\0');
        glGetProgramInfoLog(p, len, nullptr, log.data());
        glDeleteProgram(p);
        throw Error(std::string("program ") + vertexName + "+" + fragmentName, "link failed: " + log);
    }
    return Program(p);
}

int maxRenderSize() {
    GLint rb = 0, vp[2] = {0, 0};
    glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &rb);
    glGetIntegerv(GL_MAX_VIEWPORT_DIMS, vp);
    return std::min(rb, std::min(vp[0], vp[1]));
}

RenderTarget::RenderTarget(int width, int height, int samples) : m_width(width), m_height(height), m_samples(samples) {
    const int maxSize = maxRenderSize();
    if (width <= 0 || height <= 0 || width > maxSize || height > maxSize)
        throw Error("render target", "size " + std::to_string(width) + "x" + std::to_string(height) +
                                         " is outside this GL's limit of " + std::to_string(maxSize));
    GLint maxSamples = 0;
    glGetIntegerv(GL_MAX_SAMPLES, &maxSamples);
    m_samples = std::clamp(samples, 0, static_cast<int>(maxSamples));
    auto rb = [](GLenum fmt, int w, int h, int s) {
        GLuint id = 0;
        glGenRenderbuffers(1, &id);
        glBindRenderbuffer(GL_RENDERBUFFER, id);
        if (s > 0)
            glRenderbufferStorageMultisample(GL_RENDERBUFFER, s, fmt, w, h);
        else
            glRenderbufferStorage(GL_RENDERBUFFER, fmt, w, h);
        return Renderbuffer(id);
    };
    m_msColor = rb(GL_RGBA8, width, height, m_samples);
    m_msDepthStencil = rb(GL_DEPTH24_STENCIL8, width, height, m_samples);
    GLuint fbo = 0;
    glGenFramebuffers(1, &fbo);
    m_msFbo = Framebuffer(fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, m_msColor.id());
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, m_msDepthStencil.id());
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
        throw Error("render target", "multisampled framebuffer incomplete (out of GPU memory?)");
    m_resolveColor = rb(GL_RGBA8, width, height, 0);
    glGenFramebuffers(1, &fbo);
    m_resolveFbo = Framebuffer(fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, m_resolveColor.id());
    if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
        throw Error("render target", "resolve framebuffer incomplete");
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

void RenderTarget::bind() const {
    glBindFramebuffer(GL_FRAMEBUFFER, m_msFbo.id());
    glViewport(0, 0, m_width, m_height);
}

void RenderTarget::readPixels(unsigned char* rgba) const {
    glBindFramebuffer(GL_READ_FRAMEBUFFER, m_msFbo.id());
    glBindFramebuffer(GL_DRAW_FRAMEBUFFER, m_resolveFbo.id());
    glBlitFramebuffer(0, 0, m_width, m_height, 0, 0, m_width, m_height, GL_COLOR_BUFFER_BIT, GL_NEAREST);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, m_resolveFbo.id());
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    const size_t row = static_cast<size_t>(m_width) * 4;
    glReadPixels(0, 0, m_width, m_height, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    // GL's rows run bottom-up; images run top-down.
    std::vector<unsigned char> tmp(row);
    for (int y = 0; y < m_height / 2; ++y) {
        unsigned char* a = rgba + static_cast<size_t>(y) * row;
        unsigned char* b = rgba + static_cast<size_t>(m_height - 1 - y) * row;
        std::copy(a, a + row, tmp.data());
        std::copy(b, b + row, a);
        std::copy(tmp.data(), tmp.data() + row, b);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

}  // namespace fm::gl
