// Move-only owners of GL objects. Created and destroyed on the thread that holds the GL context.
#pragma once

#include <glad/gl.h>

#include <string>
#include <utility>

namespace fm::gl {

template <void (*Delete)(GLuint)>
class Handle {
public:
    Handle() = default;
    explicit Handle(GLuint id) : m_id(id) {}
    ~Handle() { reset(); }
    Handle(Handle&& o) noexcept : m_id(std::exchange(o.m_id, 0)) {}
    Handle& operator=(Handle&& o) noexcept {
        if (this != &o) {
            reset();
            m_id = std::exchange(o.m_id, 0);
        }
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    GLuint id() const { return m_id; }
    explicit operator bool() const { return m_id != 0; }
    void reset() {
        if (m_id) Delete(m_id);
        m_id = 0;
    }

private:
    GLuint m_id = 0;
};

void deleteBuffer(GLuint id);
void deleteVertexArray(GLuint id);
void deleteTexture(GLuint id);
void deleteFramebuffer(GLuint id);
void deleteRenderbuffer(GLuint id);
void deleteProgram(GLuint id);

using Buffer = Handle<deleteBuffer>;
using VertexArray = Handle<deleteVertexArray>;
using Texture = Handle<deleteTexture>;
using Framebuffer = Handle<deleteFramebuffer>;
using Renderbuffer = Handle<deleteRenderbuffer>;
using Program = Handle<deleteProgram>;

Buffer makeBuffer(GLenum target, const void* data, size_t bytes, GLenum usage = GL_STATIC_DRAW);
VertexArray makeVertexArray();
// Compiles and links embedded shaders (by file name under shaders/); throws fm::Error with the compiler log.
Program makeProgram(const char* vertexName, const char* fragmentName);

// An offscreen target: multisampled colour + depth/stencil, resolved into a single-sampled colour texture.
class RenderTarget {
public:
    // Throws fm::Error when the size exceeds the GL limits or the framebuffer is incomplete.
    RenderTarget(int width, int height, int samples);
    int width() const { return m_width; }
    int height() const { return m_height; }
    void bind() const;
    // Resolves the multisampled image and reads it back as RGBA8 rows, top row first.
    void readPixels(unsigned char* rgba) const;

private:
    int m_width, m_height, m_samples;
    Framebuffer m_msFbo, m_resolveFbo;
    Renderbuffer m_msColor, m_msDepthStencil, m_resolveColor;
};

// Largest renderbuffer/viewport edge this context supports.
int maxRenderSize();

}  // namespace fm::gl
