#version 330 core
// One instance per point; a screen-aligned quad around it.
layout(location = 0) in vec2 a_center;
uniform vec2 u_offset;
uniform vec2 u_scale;
uniform vec2 u_viewport;
uniform float u_radius;  // pixels, outline included
out vec2 v_px;           // fragment offset from the centre in pixels
void main() {
    vec2 corner = vec2((gl_VertexID & 1) == 0 ? -1.0 : 1.0, (gl_VertexID & 2) == 0 ? -1.0 : 1.0);
    vec2 c = (a_center + u_offset) * u_scale;
    float r = u_radius + 1.0;
    v_px = corner * r;
    gl_Position = vec4(c + corner * r * 2.0 / u_viewport, 0.0, 1.0);
}
