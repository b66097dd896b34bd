#version 330 core
// Label glyph quads in screen pixels (y down).
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_color;
layout(location = 3) in vec4 a_halo;
uniform vec2 u_viewport;
out vec2 v_uv;
out vec4 v_color;
out vec4 v_halo;
void main() {
    v_uv = a_uv;
    v_color = a_color;
    v_halo = a_halo;
    gl_Position = vec4(a_pos.x / u_viewport.x * 2.0 - 1.0, 1.0 - a_pos.y / u_viewport.y * 2.0, 0.0, 1.0);
}
