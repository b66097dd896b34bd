#version 330 core
// Event symbols as signed distance fields, one shape per event type, white outline for contrast on any
// background; translucent discs for uncertain locations; rings for the selection; discs for clusters.
flat in vec4 v_color;
flat in int v_shape;
flat in float v_radius;
in vec2 v_px;
uniform float u_outline;
out vec4 o_color;

float sdCircle(vec2 p, float r) { return length(p) - r; }
float sdBox(vec2 p, float r) { vec2 d = abs(p) - vec2(r); return length(max(d, 0.0)) + min(max(d.x, d.y), 0.0); }
float sdDiamond(vec2 p, float r) { p = abs(p); return (p.x + p.y - r) * 0.7071; }
float sdTriangle(vec2 p, float r) {
    // Equilateral, pointing up (screen y grows down in v_px? no: v_px follows clip space, y up).
    const float k = sqrt(3.0);
    p.y += r * 0.25;
    p.x = abs(p.x) - r;
    p.y = p.y + r / k;
    if (p.x + k * p.y > 0.0) p = vec2(p.x - k * p.y, -k * p.x - p.y) / 2.0;
    p.x -= clamp(p.x, -2.0 * r, 0.0);
    return -length(p) * sign(p.y);
}
float sdHexagon(vec2 p, float r) {
    const vec3 k = vec3(-0.866025404, 0.5, 0.577350269);
    p = abs(p);
    p -= 2.0 * min(dot(k.xy, p), 0.0) * k.xy;
    p -= vec2(clamp(p.x, -k.z * r, k.z * r), r);
    return length(p) * sign(p.y);
}
float sdCross(vec2 p, float r) {
    p = abs(p);
    float w = r * 0.38;
    return min(max(p.x - r, p.y - w), max(p.y - r, p.x - w));
}

void main() {
    float r = v_radius;
    vec2 p = v_px;
    if (v_shape == 100) {  // uncertainty area: soft disc with a faint rim
        float d = sdCircle(p, r);
        float inside = clamp(0.5 - d, 0.0, 1.0);
        float rim = clamp(1.0 - abs(d + 0.5), 0.0, 1.0);
        float a = inside * 0.10 + rim * 0.35;
        if (a <= 0.0) discard;
        o_color = vec4(v_color.rgb, 1.0) * a;
        return;
    }
    if (v_shape == 101) {  // selection ring
        float d = abs(sdCircle(p, r)) - 1.5;
        float a = clamp(0.5 - d, 0.0, 1.0);
        if (a <= 0.0) discard;
        o_color = vec4(1.0, 0.85, 0.1, 1.0) * a;
        return;
    }
    float d;
    if (v_shape == 102) d = sdCircle(p, r);
    else if (v_shape == 0) d = sdCircle(p, r);              // battle / advance
    else if (v_shape == 1) d = sdBox(p, r * 0.82);          // strike / shelling
    else if (v_shape == 2) d = sdTriangle(p, r * 1.05);     // drone or missile attack
    else if (v_shape == 3) d = sdDiamond(p, r * 1.2);       // visit
    else if (v_shape == 4) d = sdHexagon(p, r * 0.9);       // talks / diplomacy
    else if (v_shape == 5) d = abs(sdCircle(p, r * 0.8)) - r * 0.28;  // statement: ring
    else if (v_shape == 6) d = sdCircle(p, r);              // mention
    else d = sdCross(p, r);                                 // other
    float fill = clamp(0.5 - d, 0.0, 1.0);
    float outer = clamp(0.5 - (d - u_outline), 0.0, 1.0);
    if (outer <= 0.0) discard;
    vec4 body = vec4(v_color.rgb, 1.0) * v_color.a;
    vec4 rim = vec4(1.0, 1.0, 1.0, 1.0) * 0.9;
    o_color = mix(rim * outer, body, fill);
}
