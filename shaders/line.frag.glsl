#version 330 core
in vec2 v_local;
flat in float v_len;
flat in float v_hasNext;
in float v_dist;
uniform vec4 u_color;       // premultiplied
uniform float u_halfWidth;  // pixels
uniform vec2 u_dash;        // dash and gap length in pixels; x == 0: solid
out vec4 o_color;
void main() {
    // The next segment's start cap is the round join; drawing our end cap too would cover the join twice.
    if (v_hasNext > 0.5 && v_local.x > v_len) discard;
    // Distance to the segment (a capsule): round caps and joins come for free.
    float t = clamp(v_local.x, 0.0, v_len);
    float dist = length(vec2(v_local.x - t, v_local.y));
    float alpha = clamp(u_halfWidth + 0.5 - dist, 0.0, 1.0);
    if (u_dash.x > 0.0) {
        float m = mod(v_dist, u_dash.x + u_dash.y);
        alpha *= clamp(u_dash.x - m + 0.5, 0.0, 1.0) * clamp(m + 0.5, 0.0, 1.0);
    }
    if (alpha <= 0.0) discard;
    o_color = u_color * alpha;
}
