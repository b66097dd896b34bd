#version 330 core
in vec2 v_px;
uniform float u_radius;
uniform float u_outline;
uniform vec4 u_color;         // premultiplied
uniform vec4 u_outlineColor;  // premultiplied
out vec4 o_color;
void main() {
    float d = length(v_px);
    float cover = clamp(u_radius + 0.5 - d, 0.0, 1.0);
    if (cover <= 0.0) discard;
    float inner = clamp(u_radius - u_outline + 0.5 - d, 0.0, 1.0);
    o_color = mix(u_outlineColor, u_color, inner) * cover;
}
