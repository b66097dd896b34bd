#version 330 core
// Signed-distance-field glyphs: the atlas stores 0.5 at the glyph's edge; the halo is a lower threshold.
in vec2 v_uv;
in vec4 v_color;  // straight alpha
in vec4 v_halo;   // straight alpha
uniform sampler2D u_atlas;
uniform float u_haloWidth;  // in SDF units (0..0.5)
out vec4 o_color;
void main() {
    float d = texture(u_atlas, v_uv).r;
    float w = max(fwidth(d), 1e-4) * 0.7;
    float fill = smoothstep(0.5 - w, 0.5 + w, d);
    float halo = smoothstep(0.5 - u_haloWidth - w, 0.5 - u_haloWidth + w, d);
    vec4 c = mix(vec4(v_halo.rgb, 1.0) * v_halo.a * halo, vec4(v_color.rgb, 1.0) * v_color.a, fill);
    if (c.a <= 0.001) discard;
    o_color = c;
}
