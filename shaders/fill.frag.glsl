#version 330 core
uniform vec4 u_color;  // premultiplied
uniform int u_hatch;   // 1: diagonal hatching (for areas that must read without colour)
uniform float u_pixelRatio;
out vec4 o_color;
void main() {
    if (u_hatch == 1) {
        float period = 8.0 * u_pixelRatio;
        float d = mod(gl_FragCoord.x + gl_FragCoord.y, period);
        if (d > 2.0 * u_pixelRatio) discard;
    }
    o_color = u_color;
}
