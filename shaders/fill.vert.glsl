#version 330 core
// Polygon fans and cover quads: map coordinates relative to the mesh origin → clip space.
layout(location = 0) in vec2 a_pos;
uniform vec2 u_offset;  // mesh origin minus camera centre, in map units
uniform vec2 u_scale;   // 2 / (viewport size in map units)
void main() {
    gl_Position = vec4((a_pos + u_offset) * u_scale, 0.0, 1.0);
}
