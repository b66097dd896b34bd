#version 330 core
// One instance per segment: consecutive vertices of the line buffer. The quad is widened in pixel space so
// lines keep their width at every zoom; the fragment shader antialiases with the distance to the segment.
layout(location = 0) in vec3 a_p0;  // x, y, distance along the line (map units)
layout(location = 1) in vec3 a_p1;
layout(location = 2) in vec3 a_p2;  // the vertex after: a break marker when this segment ends its line
uniform vec2 u_offset;
uniform vec2 u_scale;
uniform vec2 u_viewport;    // pixels
uniform float u_halfWidth;  // pixels
uniform float u_pxPerUnit;
out vec2 v_local;   // fragment position in the segment's frame (pixels): x along, y across
flat out float v_len;
flat out float v_hasNext;  // 1 when another segment continues from p1 (it draws the round join)
out float v_dist;   // distance along the line (pixels)
const float BREAK = 1.0e38;
void main() {
    int corner = gl_VertexID;  // 0..3 as a triangle strip
    if (a_p0.x > BREAK || a_p1.x > BREAK) {
        gl_Position = vec4(2.0, 2.0, 2.0, 1.0);  // outside the clip volume: nothing drawn
        v_local = vec2(0.0); v_len = 0.0; v_dist = 0.0; v_hasNext = 0.0;
        return;
    }
    vec2 c0 = (a_p0.xy + u_offset) * u_scale;
    vec2 c1 = (a_p1.xy + u_offset) * u_scale;
    vec2 s0 = (c0 * 0.5 + 0.5) * u_viewport;
    vec2 s1 = (c1 * 0.5 + 0.5) * u_viewport;
    vec2 d = s1 - s0;
    float len = length(d);
    vec2 dir = len > 1e-6 ? d / len : vec2(1.0, 0.0);
    vec2 nrm = vec2(-dir.y, dir.x);
    float ext = u_halfWidth + 1.0;
    float along = (corner == 0 || corner == 1) ? -ext : len + ext;
    float across = (corner == 0 || corner == 2) ? -ext : ext;
    vec2 s = s0 + dir * along + nrm * across;
    v_local = vec2(along, across);
    v_len = len;
    v_hasNext = a_p2.x > BREAK ? 0.0 : 1.0;
    v_dist = a_p0.z * u_pxPerUnit + along;
    gl_Position = vec4(s / u_viewport * 2.0 - 1.0, 0.0, 1.0);
}
