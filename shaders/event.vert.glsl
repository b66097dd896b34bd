#version 330 core
// One instance per event. The filter runs here: events outside the date range, of a hidden type or precision,
// or whose actor set is switched off are moved out of the clip volume. Changing the filter changes uniforms and
// a tiny texture, never the event buffer.
layout(location = 0) in vec2 a_pos;
layout(location = 1) in ivec2 a_days;
layout(location = 2) in uint a_packed;   // type | precision << 8 | side << 16
layout(location = 3) in uint a_set;
layout(location = 4) in float a_radius;  // uncertainty radius, map units (clusters: pixels)
layout(location = 5) in float a_front;   // signed km to the front line (negative: behind Russian lines; NaN: unknown)
uniform vec2 u_offset;
uniform vec2 u_scale;
uniform vec2 u_viewport;
uniform float u_unitsPerPixel;
uniform ivec2 u_days;
uniform uint u_typeMask;
uniform uint u_precisionMask;
uniform sampler2D u_setOn;  // R8: 1 where the actor set passes
uniform int u_setWidth;
uniform float u_frontMaxKm;  // 0: off
uniform int u_heldBy;        // 0 any, 1 behind Russian lines, 2 elsewhere
uniform int u_pass;         // 0: uncertainty areas, 1: symbols, 2: selection ring, 3: clusters (no filter)
uniform float u_pointRadius;
uniform int u_selected;
uniform vec4 u_sideColor[4];
flat out vec4 v_color;
flat out int v_shape;
flat out float v_radius;
out vec2 v_px;
void hide() { gl_Position = vec4(2.0, 2.0, 2.0, 1.0); v_color = vec4(0.0); v_shape = 0; v_radius = 0.0; v_px = vec2(0.0); }
void main() {
    uint type = a_packed & 0xffu;
    uint prec = (a_packed >> 8) & 0xffu;
    uint side = (a_packed >> 16) & 0xffu;
    bool pass = true;
    if (u_pass != 3) {
        pass = u_days.x <= u_days.y && a_days.x <= u_days.y && a_days.y >= u_days.x && ((u_typeMask >> type) & 1u) == 1u &&
               ((u_precisionMask >> prec) & 1u) == 1u &&
               texelFetch(u_setOn, ivec2(int(a_set) % u_setWidth, int(a_set) / u_setWidth), 0).r > 0.5 &&
               (u_frontMaxKm <= 0.0 || abs(a_front) <= u_frontMaxKm) &&
               (u_heldBy == 0 || (u_heldBy == 1 ? a_front < 0.0 : a_front >= 0.0));
    }
    if (!pass || isnan(a_pos.x)) { hide(); return; }
    float r;
    if (u_pass == 0) {
        if (a_radius <= 0.0) { hide(); return; }
        r = a_radius / u_unitsPerPixel;
        if (r < u_pointRadius * 1.5) { hide(); return; }  // smaller than the symbol: the symbol says enough
    } else if (u_pass == 2) {
        if (gl_InstanceID != u_selected) { hide(); return; }
        r = u_pointRadius + 5.0;
    } else if (u_pass == 3) {
        r = a_radius;
    } else {
        r = u_pointRadius;
        if (type == 6u) r *= 0.6;  // mentions are small
    }
    v_color = u_sideColor[min(side, 3u)];
    v_shape = u_pass == 1 ? int(type) : (u_pass == 0 ? 100 : (u_pass == 2 ? 101 : 102));
    v_radius = r;
    vec2 corner = vec2((gl_VertexID & 1) == 0 ? -1.0 : 1.0, (gl_VertexID & 2) == 0 ? -1.0 : 1.0);
    float ext = r + 1.5;
    v_px = corner * ext;
    vec2 c = (a_pos + u_offset) * u_scale;
    gl_Position = vec4(c + corner * ext * 2.0 / u_viewport, 0.0, 1.0);
}
