#include "render/map_renderer.h"

#include <algorithm>

namespace fm {

struct MapRenderer::GpuMesh {
    gl::VertexArray fillVao, coverVao, lineVao, pointVao;
    gl::Buffer fillVbo, fillIbo, coverVbo, lineVbo, pointVbo;
    std::vector<FillGroup> groups;
    GLsizei lineSegments = 0;
    GLsizei points = 0;
    size_t bytes = 0;
    uint64_t lastUsed = 0;
};

struct MapRenderer::GpuEvents {
    gl::VertexArray vao;
    gl::Buffer vbo;
    gl::Texture setTexture;
    gl::Buffer frontVbo;
    uint64_t frontVersion = UINT64_MAX;
    int setWidth = 1;
    uint64_t setVersion = UINT64_MAX;
    GLsizei count = 0;
    uint64_t lastUsed = 0;
};

namespace {
void premultiplied(const Color& c, float opacity, float out[4]) {
    const float a = c.a * opacity;
    out[0] = c.r * a;
    out[1] = c.g * a;
    out[2] = c.b * a;
    out[3] = a;
}
GLint loc(GLuint p, const char* name) { return glGetUniformLocation(p, name); }
}  // namespace

MapRenderer::MapRenderer()
    : m_fill(gl::makeProgram("fill.vert.glsl", "fill.frag.glsl")),
      m_line(gl::makeProgram("line.vert.glsl", "line.frag.glsl")),
      m_point(gl::makeProgram("point.vert.glsl", "point.frag.glsl")),
      m_text(gl::makeProgram("text.vert.glsl", "text.frag.glsl")),
      m_event(gl::makeProgram("event.vert.glsl", "event.frag.glsl")) {
    m_textVao = gl::makeVertexArray();
}

MapRenderer::~MapRenderer() = default;

void MapRenderer::setFontAtlas(int width, int height, const uint8_t* pixels) {
    GLuint id = 0;
    glGenTextures(1, &id);
    m_atlas = gl::Texture(id);
    glBindTexture(GL_TEXTURE_2D, id);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, width, height, 0, GL_RED, GL_UNSIGNED_BYTE, pixels);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

MapRenderer::GpuMesh& MapRenderer::gpu(const LayerMesh& mesh) {
    auto it = m_meshes.find(mesh.id);
    if (it != m_meshes.end()) {
        it->second->lastUsed = m_frameCounter;
        return *it->second;
    }
    auto g = std::make_unique<GpuMesh>();
    g->lastUsed = m_frameCounter;
    if (!mesh.fillIndices.empty()) {
        g->fillVao = gl::makeVertexArray();
        glBindVertexArray(g->fillVao.id());
        g->fillVbo = gl::makeBuffer(GL_ARRAY_BUFFER, mesh.fillVertices.data(), mesh.fillVertices.size() * 4);
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 8, nullptr);
        g->fillIbo = gl::makeBuffer(GL_ELEMENT_ARRAY_BUFFER, mesh.fillIndices.data(), mesh.fillIndices.size() * 4);
        g->bytes += mesh.fillVertices.size() * 4 + mesh.fillIndices.size() * 4;
        // One cover quad (two triangles) per fill group: its bounding box.
        std::vector<float> quads;
        for (const auto& grp : mesh.fillGroups) {
            const BBox& b = grp.bounds;
            const float x0 = static_cast<float>(b.minX), y0 = static_cast<float>(b.minY);
            const float x1 = static_cast<float>(b.maxX), y1 = static_cast<float>(b.maxY);
            quads.insert(quads.end(), {x0, y0, x1, y0, x1, y1, x0, y0, x1, y1, x0, y1});
        }
        g->coverVao = gl::makeVertexArray();
        glBindVertexArray(g->coverVao.id());
        g->coverVbo = gl::makeBuffer(GL_ARRAY_BUFFER, quads.data(), quads.size() * 4);
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 8, nullptr);
        g->groups = mesh.fillGroups;
    }
    if (mesh.lineVertices.size() >= 9) {
        g->lineVao = gl::makeVertexArray();
        glBindVertexArray(g->lineVao.id());
        g->lineVbo = gl::makeBuffer(GL_ARRAY_BUFFER, mesh.lineVertices.data(), mesh.lineVertices.size() * 4);
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 12, nullptr);
        glVertexAttribDivisor(0, 1);
        glEnableVertexAttribArray(1);
        glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, 12, reinterpret_cast<const void*>(12));
        glVertexAttribDivisor(1, 1);
        glEnableVertexAttribArray(2);
        glVertexAttribPointer(2, 3, GL_FLOAT, GL_FALSE, 12, reinterpret_cast<const void*>(24));
        glVertexAttribDivisor(2, 1);
        // Instance i reads vertices i, i+1 and i+2; the buffer ends with a break vertex, so n-2 instances cover
        // every real segment without reading past the end.
        g->lineSegments = static_cast<GLsizei>(mesh.lineVertices.size() / 3 - 2);
        g->bytes += mesh.lineVertices.size() * 4;
    }
    if (!mesh.pointVertices.empty()) {
        g->pointVao = gl::makeVertexArray();
        glBindVertexArray(g->pointVao.id());
        g->pointVbo = gl::makeBuffer(GL_ARRAY_BUFFER, mesh.pointVertices.data(), mesh.pointVertices.size() * 4);
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 8, nullptr);
        glVertexAttribDivisor(0, 1);
        g->points = static_cast<GLsizei>(mesh.pointVertices.size() / 2);
        g->bytes += mesh.pointVertices.size() * 4;
    }
    glBindVertexArray(0);
    auto& ref = *g;
    m_meshes.emplace(mesh.id, std::move(g));
    return ref;
}

size_t MapRenderer::gpuBytes() const {
    size_t n = 0;
    for (auto& m : m_meshes) n += m.second->bytes;
    return n;
}

void MapRenderer::beginFrame(const FrameSettings& frame) {
    m_frame = frame;
    ++m_frameCounter;
    // Never trust state left by someone else (ImGui's backend, a previous export).
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glDisable(GL_SCISSOR_TEST);
    glDisable(GL_STENCIL_TEST);
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    glStencilMask(0xff);
    glClearColor(frame.background.r, frame.background.g, frame.background.b, 1.f);
    glClearStencil(0);
    glClear(GL_COLOR_BUFFER_BIT | GL_STENCIL_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
}

void MapRenderer::setTransform(GLuint program, const LayerMesh& mesh) {
    const Camera& c = m_frame.camera;
    // The offset is computed in double and only then narrowed, so large projected coordinates stay precise.
    const double ox = mesh.origin.x - c.center.x;
    const double oy = mesh.origin.y - c.center.y;
    glUniform2f(loc(program, "u_offset"), static_cast<float>(ox), static_cast<float>(oy));
    glUniform2f(loc(program, "u_scale"), static_cast<float>(2.0 / (c.width * c.unitsPerPixel)),
                static_cast<float>(2.0 / (c.height * c.unitsPerPixel)));
}

void MapRenderer::stencilFill(const LayerMesh& mesh, const ClassStyle& classStyle, float opacity) {
    if (mesh.fillIndices.empty()) return;
    GpuMesh& g = gpu(mesh);
    glUseProgram(m_fill.id());
    setTransform(m_fill.id(), mesh);
    glUniform1f(loc(m_fill.id(), "u_pixelRatio"), m_frame.pixelRatio);
    glEnable(GL_STENCIL_TEST);
    // Each fill class is its own stencil pass with its own colour.
    for (size_t i = 0; i < g.groups.size(); ++i) {
        const FillGroup& grp = g.groups[i];
        Color col;
        bool hatch = false;
        if (!classStyle(grp.fillClass, col, hatch)) continue;
        float c[4];
        premultiplied(col, opacity, c);
        glUniform4fv(loc(m_fill.id(), "u_color"), 1, c);
        glUniform1i(loc(m_fill.id(), "u_hatch"), hatch ? 1 : 0);
        // Stencil: count windings per pixel (exteriors counter-clockwise add, holes clockwise subtract).
        glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
        glStencilFunc(GL_ALWAYS, 0, 0xff);
        glStencilOpSeparate(GL_FRONT, GL_KEEP, GL_KEEP, GL_INCR_WRAP);
        glStencilOpSeparate(GL_BACK, GL_KEEP, GL_KEEP, GL_DECR_WRAP);
        glBindVertexArray(g.fillVao.id());
        glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(grp.indexCount), GL_UNSIGNED_INT,
                       reinterpret_cast<const void*>(static_cast<uintptr_t>(grp.firstIndex) * 4));
        // Cover: paint where the winding is non-zero, and reset the stencil as we go (a hatched cover discards
        // fragments, so the whole stencil is cleared after the group instead).
        glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
        glStencilFunc(GL_NOTEQUAL, 0, 0xff);
        glStencilOp(GL_ZERO, GL_ZERO, GL_ZERO);
        glBindVertexArray(g.coverVao.id());
        glDrawArrays(GL_TRIANGLES, static_cast<GLint>(i * 6), 6);
        if (hatch) glClear(GL_STENCIL_BUFFER_BIT);
    }
    glDisable(GL_STENCIL_TEST);
    glBindVertexArray(0);
}

void MapRenderer::drawFill(const LayerMesh& mesh, const Color& color, bool hatch) {
    stencilFill(
        mesh,
        [&](int, Color& c, bool& h) {
            c = color;
            h = hatch;
            return true;
        },
        1.f);
}

void MapRenderer::drawFillClasses(const LayerMesh& mesh, const ClassStyle& classStyle, float opacity) {
    stencilFill(mesh, classStyle, opacity);
}

void MapRenderer::drawLines(const LayerMesh& mesh, const Color& color, float widthPx, float dashPx, float gapPx) {
    if (mesh.lineVertices.size() < 9 || widthPx <= 0.f) return;
    GpuMesh& g = gpu(mesh);
    const float pr = m_frame.pixelRatio;
    glUseProgram(m_line.id());
    setTransform(m_line.id(), mesh);
    glUniform2f(loc(m_line.id(), "u_viewport"), static_cast<float>(m_frame.camera.width), static_cast<float>(m_frame.camera.height));
    glUniform1f(loc(m_line.id(), "u_halfWidth"), widthPx * pr * 0.5f);
    glUniform1f(loc(m_line.id(), "u_pxPerUnit"), static_cast<float>(1.0 / m_frame.camera.unitsPerPixel));
    glUniform2f(loc(m_line.id(), "u_dash"), dashPx * pr, gapPx * pr);
    float c[4];
    premultiplied(color, 1.f, c);
    glUniform4fv(loc(m_line.id(), "u_color"), 1, c);
    glBindVertexArray(g.lineVao.id());
    // Segments are separate capsules: where they meet, a translucent line would be blended twice. The stencil
    // lets each pixel take the line colour once; opaque lines do not need it.
    const bool translucent = color.a < 0.999f;
    if (translucent) {
        glEnable(GL_STENCIL_TEST);
        glStencilMask(0xff);
        glStencilFunc(GL_EQUAL, 0, 0xff);
        glStencilOp(GL_KEEP, GL_KEEP, GL_INCR);
    }
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, g.lineSegments);
    if (translucent) {
        glClear(GL_STENCIL_BUFFER_BIT);
        glDisable(GL_STENCIL_TEST);
    }
    glBindVertexArray(0);
}

void MapRenderer::drawPoints(const LayerMesh& mesh, const Color& color, float radiusPx, const Color& outline, float outlinePx) {
    if (mesh.pointVertices.empty() || radiusPx <= 0.f) return;
    GpuMesh& g = gpu(mesh);
    const float pr = m_frame.pixelRatio;
    glUseProgram(m_point.id());
    setTransform(m_point.id(), mesh);
    glUniform2f(loc(m_point.id(), "u_viewport"), static_cast<float>(m_frame.camera.width), static_cast<float>(m_frame.camera.height));
    glUniform1f(loc(m_point.id(), "u_radius"), radiusPx * pr);
    glUniform1f(loc(m_point.id(), "u_outline"), outlinePx * pr);
    float c[4], o[4];
    premultiplied(color, 1.f, c);
    premultiplied(outline, 1.f, o);
    glUniform4fv(loc(m_point.id(), "u_color"), 1, c);
    glUniform4fv(loc(m_point.id(), "u_outlineColor"), 1, o);
    glBindVertexArray(g.pointVao.id());
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, g.points);
    glBindVertexArray(0);
}

void MapRenderer::drawMesh(const LayerMesh& mesh, const LayerStyle& style) {
    if (!style.visible) return;
    const float op = std::clamp(style.opacity, 0.f, 1.f);
    auto fade = [op](Color c) {
        c.a *= op;
        return c;
    };
    if (style.fillEnabled) {
        stencilFill(
            mesh,
            [&style](int cls, Color& c, bool& hatch) {
                c = cls > 0 && static_cast<size_t>(cls) <= style.fillRules.size() ? style.fillRules[cls - 1].color : style.fill;
                hatch = false;
                return true;
            },
            op);
    }
    if (style.strokeEnabled) drawLines(mesh, fade(style.stroke), style.strokeWidth, style.dashLength, style.gapLength);
    if (!mesh.pointVertices.empty())
        drawPoints(mesh, fade(style.pointColor), style.pointRadius, fade(style.pointOutline), style.pointOutlineWidth);
}

void MapRenderer::drawText(const std::vector<TextVertex>& vertices, float haloWidth) {
    if (vertices.empty() || !m_atlas) return;
    glBindVertexArray(m_textVao.id());
    const size_t bytes = vertices.size() * sizeof(TextVertex);
    if (!m_textVbo || bytes > m_textCapacity) {
        m_textCapacity = std::max(bytes, m_textCapacity * 2);
        m_textVbo = gl::makeBuffer(GL_ARRAY_BUFFER, nullptr, m_textCapacity, GL_DYNAMIC_DRAW);
        const GLsizei stride = sizeof(TextVertex);
        glEnableVertexAttribArray(0);
        glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(offsetof(TextVertex, x)));
        glEnableVertexAttribArray(1);
        glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(offsetof(TextVertex, u)));
        glEnableVertexAttribArray(2);
        glVertexAttribPointer(2, 4, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(offsetof(TextVertex, color)));
        glEnableVertexAttribArray(3);
        glVertexAttribPointer(3, 4, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(offsetof(TextVertex, halo)));
    }
    glBindBuffer(GL_ARRAY_BUFFER, m_textVbo.id());
    glBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(bytes), vertices.data());
    glUseProgram(m_text.id());
    glUniform2f(loc(m_text.id(), "u_viewport"), static_cast<float>(m_frame.camera.width), static_cast<float>(m_frame.camera.height));
    glUniform1f(loc(m_text.id(), "u_haloWidth"), haloWidth);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, m_atlas.id());
    glUniform1i(loc(m_text.id(), "u_atlas"), 0);
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(vertices.size()));
    glBindVertexArray(0);
}

MapRenderer::GpuEvents& MapRenderer::gpuEvents(const EventMesh& mesh, const EventStore* store) {
    auto it = m_events.find(mesh.id);
    if (it != m_events.end()) {
        it->second->lastUsed = m_frameCounter;
        return *it->second;
    }
    auto g = std::make_unique<GpuEvents>();
    g->lastUsed = m_frameCounter;
    g->vao = gl::makeVertexArray();
    glBindVertexArray(g->vao.id());
    {
        // Assembled for the upload only: the CPU keeps the mesh's positions and the store's columns, not both.
        const std::vector<EventInstance> instances = mesh.gpuInstances(store);
        g->vbo = gl::makeBuffer(GL_ARRAY_BUFFER, instances.data(), instances.size() * sizeof(EventInstance));
    }
    const GLsizei stride = sizeof(EventInstance);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(offsetof(EventInstance, x)));
    glEnableVertexAttribArray(1);
    glVertexAttribIPointer(1, 2, GL_INT, stride, reinterpret_cast<const void*>(offsetof(EventInstance, dayStart)));
    glEnableVertexAttribArray(2);
    glVertexAttribIPointer(2, 1, GL_UNSIGNED_INT, stride, reinterpret_cast<const void*>(offsetof(EventInstance, packed)));
    glEnableVertexAttribArray(3);
    glVertexAttribIPointer(3, 1, GL_UNSIGNED_INT, stride, reinterpret_cast<const void*>(offsetof(EventInstance, actorSet)));
    glEnableVertexAttribArray(4);
    glVertexAttribPointer(4, 1, GL_FLOAT, GL_FALSE, stride, reinterpret_cast<const void*>(offsetof(EventInstance, radius)));
    for (GLuint a = 0; a < 5; ++a) glVertexAttribDivisor(a, 1);
    glVertexAttribDivisor(5, 1);
    glDisableVertexAttribArray(5);  // until front-line distances exist: a constant 0
    glBindVertexArray(0);
    g->count = static_cast<GLsizei>(mesh.size());
    GLuint tex = 0;
    glGenTextures(1, &tex);
    g->setTexture = gl::Texture(tex);
    auto& ref = *g;
    m_events.emplace(mesh.id, std::move(g));
    return ref;
}

void MapRenderer::eventPass(GpuEvents& g, int pass) {
    glUniform1i(loc(m_event.id(), "u_pass"), pass);
    glBindVertexArray(g.vao.id());
    glDrawArraysInstanced(GL_TRIANGLE_STRIP, 0, 4, g.count);
}

void MapRenderer::drawEvents(const EventMesh& mesh, const EventDrawParams& p) {
    if (mesh.size() == 0) return;
    GpuEvents& g = gpuEvents(mesh, p.store);
    // The actor-set filter as a small texture; only re-uploaded when the filter changed.
    if (g.setVersion != p.setOnVersion || !p.setOn) {
        std::vector<uint8_t> on = p.setOn ? *p.setOn : std::vector<uint8_t>();
        if (on.empty()) on.assign(1, 255);
        for (auto& v : on) v = v ? 255 : 0;
        GLint maxTex = 4096;
        glGetIntegerv(GL_MAX_TEXTURE_SIZE, &maxTex);
        g.setWidth = static_cast<int>(std::min<size_t>(on.size(), static_cast<size_t>(maxTex)));
        const int h = static_cast<int>((on.size() + g.setWidth - 1) / g.setWidth);
        on.resize(static_cast<size_t>(g.setWidth) * h, 0);
        glBindTexture(GL_TEXTURE_2D, g.setTexture.id());
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, g.setWidth, h, 0, GL_RED, GL_UNSIGNED_BYTE, on.data());
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        g.setVersion = p.setOnVersion;
    }
    // Distances to the front line, a second per-event buffer, when the filter has them.
    if (p.frontDistance && p.frontDistance->size() == mesh.size() && g.frontVersion != p.frontVersion) {
        glBindVertexArray(g.vao.id());
        g.frontVbo = gl::makeBuffer(GL_ARRAY_BUFFER, p.frontDistance->data(), p.frontDistance->size() * sizeof(float));
        glEnableVertexAttribArray(5);
        glVertexAttribPointer(5, 1, GL_FLOAT, GL_FALSE, sizeof(float), nullptr);
        glBindVertexArray(0);
        g.frontVersion = p.frontVersion;
    }
    const bool frontFilter = (p.frontMaxKm > 0.f || p.heldBy != 0) && g.frontVbo;
    if (!g.frontVbo) glVertexAttrib1f(5, 0.f);
    const GLuint prog = m_event.id();
    glUseProgram(prog);
    glUniform1f(loc(prog, "u_frontMaxKm"), frontFilter ? p.frontMaxKm : 0.f);
    glUniform1i(loc(prog, "u_heldBy"), frontFilter ? p.heldBy : 0);
    LayerMesh frame;
    frame.origin = mesh.origin;
    setTransform(prog, frame);
    const float pr = m_frame.pixelRatio;
    glUniform2f(loc(prog, "u_viewport"), static_cast<float>(m_frame.camera.width), static_cast<float>(m_frame.camera.height));
    glUniform1f(loc(prog, "u_unitsPerPixel"), static_cast<float>(m_frame.camera.unitsPerPixel));
    glUniform2i(loc(prog, "u_days"), p.dayFrom, p.dayTo);
    glUniform1ui(loc(prog, "u_typeMask"), p.typeMask);
    glUniform1ui(loc(prog, "u_precisionMask"), p.precisionMask);
    glUniform1i(loc(prog, "u_setWidth"), g.setWidth);
    glUniform1f(loc(prog, "u_pointRadius"), p.pointRadius * pr);
    glUniform1f(loc(prog, "u_outline"), 1.2f * pr);
    glUniform1i(loc(prog, "u_selected"), p.selected);
    float colors[16];
    for (int k = 0; k < 4; ++k) premultiplied(p.sideColors[k], p.opacity, colors + 4 * k);
    glUniform4fv(loc(prog, "u_sideColor"), 4, colors);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, g.setTexture.id());
    glUniform1i(loc(prog, "u_setOn"), 0);
    if (p.areas) {
        // Areas of uncertainty tint each pixel once, however many events share a region's centroid.
        glEnable(GL_STENCIL_TEST);
        glStencilMask(0xff);
        glStencilFunc(GL_EQUAL, 0, 0xff);
        glStencilOp(GL_KEEP, GL_KEEP, GL_INCR);
        eventPass(g, 0);
        glClear(GL_STENCIL_BUFFER_BIT);
        glDisable(GL_STENCIL_TEST);
    }
    eventPass(g, 1);
    if (p.selected >= 0) eventPass(g, 2);
    glBindVertexArray(0);
}

void MapRenderer::drawClusters(const EventMesh& clusters, const EventDrawParams& params) {
    EventDrawParams p = params;
    p.setOn = nullptr;
    p.selected = -1;
    if (clusters.size() == 0) return;
    GpuEvents& g = gpuEvents(clusters, nullptr);
    const GLuint prog = m_event.id();
    glUseProgram(prog);
    glVertexAttrib1f(5, 0.f);
    LayerMesh frame;
    frame.origin = clusters.origin;
    setTransform(prog, frame);
    glUniform2f(loc(prog, "u_viewport"), static_cast<float>(m_frame.camera.width), static_cast<float>(m_frame.camera.height));
    glUniform1f(loc(prog, "u_outline"), 1.5f * m_frame.pixelRatio);
    float colors[16];
    for (int k = 0; k < 4; ++k) premultiplied(p.sideColors[k], 0.85f * p.opacity, colors + 4 * k);
    glUniform4fv(loc(prog, "u_sideColor"), 4, colors);
    eventPass(g, 3);
    glBindVertexArray(0);
}

void MapRenderer::endFrame() {
    // Free GPU copies of meshes that were not drawn for a while (a replaced projection, a removed layer).
    for (auto it = m_meshes.begin(); it != m_meshes.end();) {
        if (m_frameCounter - it->second->lastUsed > 120)
            it = m_meshes.erase(it);
        else
            ++it;
    }
    for (auto it = m_events.begin(); it != m_events.end();) {
        if (m_frameCounter - it->second->lastUsed > 120)
            it = m_events.erase(it);
        else
            ++it;
    }
    glUseProgram(0);
}

}  // namespace fm
