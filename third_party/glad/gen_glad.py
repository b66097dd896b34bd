#!/usr/bin/env python3
"""frontmap's own GL loader generator.

Reads Khronos' gl.xml registry and writes a glad-compatible loader (glad/gl.h + gl.c) for a chosen core
profile version plus a list of extensions. The output exposes glad's API: gladLoadGLLoader(), the
GLAD_GL_VERSION_X_Y / GLAD_GL_<ext> flags and GLVersion, with every GL function reachable under its
usual name (glFoo is a macro for the function pointer glad_glFoo).

Usage: gen_glad.py --registry gl.xml --version 3.3 --extensions GL_KHR_debug --out DIR
"""
import argparse
import os
import sys
import xml.etree.ElementTree as ET


def text_of(elem):
    """All text inside an element, with child tags flattened (how C declarations are stored in gl.xml)."""
    return "".join(elem.itertext())


def parse_version(s):
    major, minor = s.split(".")
    return int(major), int(minor)


def collect(root, version, extensions, api="gl", profile="core"):
    want_cmds, want_enums = [], []
    seen_cmds, seen_enums = set(), set()

    def add(req):
        for e in req.findall("enum"):
            n = e.get("name")
            if n not in seen_enums:
                seen_enums.add(n)
                want_enums.append(n)
        for c in req.findall("command"):
            n = c.get("name")
            if n not in seen_cmds:
                seen_cmds.add(n)
                want_cmds.append(n)

    features = []
    for feat in root.findall("feature"):
        if feat.get("api") != api:
            continue
        if parse_version(feat.get("number")) > version:
            continue
        features.append(feat.get("number"))
        for req in feat.findall("require"):
            if req.get("profile") in (None, profile) and req.get("api") in (None, api):
                add(req)
    # The core profile removes what later versions deprecated.
    for feat in root.findall("feature"):
        if feat.get("api") != api or parse_version(feat.get("number")) > version:
            continue
        for rem in feat.findall("remove"):
            if rem.get("profile") not in (None, profile):
                continue
            for e in rem.findall("enum"):
                seen_enums.discard(e.get("name"))
            for c in rem.findall("command"):
                seen_cmds.discard(c.get("name"))
    want_enums = [e for e in want_enums if e in seen_enums]
    want_cmds = [c for c in want_cmds if c in seen_cmds]

    ext_cmds = {}
    found_exts = []
    for ext in root.find("extensions").findall("extension"):
        name = ext.get("name")
        if name not in extensions:
            continue
        supported = (ext.get("supported") or "").split("|")
        if api not in supported and "glcore" not in supported:
            continue
        found_exts.append(name)
        ext_cmds[name] = []
        for req in ext.findall("require"):
            if req.get("api") not in (None, api):
                continue
            if req.get("profile") not in (None, profile):
                continue
            for e in req.findall("enum"):
                if e.get("name") not in seen_enums:
                    seen_enums.add(e.get("name"))
                    want_enums.append(e.get("name"))
            for c in req.findall("command"):
                ext_cmds[name].append(c.get("name"))
    missing = [e for e in extensions if e not in found_exts]
    if missing:
        sys.exit("gen_glad: extensions not in the registry for %s: %s" % (api, ", ".join(missing)))
    return features, want_enums, want_cmds, ext_cmds


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--registry", required=True)
    ap.add_argument("--version", default="3.3")
    ap.add_argument("--extensions", default="")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()

    root = ET.parse(args.registry).getroot()
    version = parse_version(args.version)
    extensions = [e for e in args.extensions.split(",") if e]
    features, enum_names, cmd_names, ext_cmds = collect(root, version, extensions)

    enum_values = {}
    for group in root.findall("enums"):
        for e in group.findall("enum"):
            if e.get("api") not in (None, "gl"):
                continue
            enum_values.setdefault(e.get("name"), e.get("value"))

    commands = {}
    for c in root.find("commands").findall("command"):
        proto = c.find("proto")
        name = proto.find("name").text
        ret = text_of(proto)[: -len(name)].strip()
        params = [text_of(p).strip() for p in c.findall("param")]
        commands[name] = (ret, params)

    all_cmds = list(cmd_names)
    for ext in extensions:
        for c in ext_cmds[ext]:
            if c not in all_cmds:
                all_cmds.append(c)
    for c in all_cmds:
        if c not in commands:
            sys.exit("gen_glad: command %s has no definition in the registry" % c)

    types = []
    for t in root.find("types").findall("type"):
        if t.get("api") not in (None, "gl"):
            continue
        txt = text_of(t).strip()
        if txt:
            types.append(txt)

    os.makedirs(os.path.join(args.out, "include", "glad"), exist_ok=True)
    os.makedirs(os.path.join(args.out, "src"), exist_ok=True)
    h = []
    h.append("/* Generated by frontmap's third_party/glad/gen_glad.py from %s. Do not edit. */" % os.path.basename(args.registry))
    h.append("#ifndef FRONTMAP_GLAD_GL_H_\n#define FRONTMAP_GLAD_GL_H_")
    h.append("#ifdef __gl_h_\n#error OpenGL header already included; include glad/gl.h first\n#endif")
    h.append("#define __gl_h_ 1\n#define __glext_h_ 1\n#define __gl3_h_ 1\n#define __glcorearb_h_ 1")
    h.append("#ifndef APIENTRY\n#define APIENTRY\n#endif\n#ifndef APIENTRYP\n#define APIENTRYP APIENTRY *\n#endif")
    h.append("#ifndef GLAPI\n#define GLAPI extern\n#endif")
    h.append("#ifdef __cplusplus\nextern \"C\" {\n#endif")
    h.append("typedef void* (*GLADloadproc)(const char* name);")
    h.append("struct gladGLversionStruct { int major; int minor; };")
    h.append("GLAPI struct gladGLversionStruct GLVersion;")
    h.append("GLAPI int gladLoadGLLoader(GLADloadproc load);")
    h.append("/* Types */")
    h.extend(types)
    h.append("/* Enums */")
    for n in enum_names:
        v = enum_values.get(n)
        if v is None:
            continue
        h.append("#define %s %s" % (n, v))
    h.append("/* Versions and extensions */")
    for f in features:
        h.append("#define GL_VERSION_%s 1" % f.replace(".", "_"))
        h.append("GLAPI int GLAD_GL_VERSION_%s;" % f.replace(".", "_"))
    for e in extensions:
        h.append("#define %s 1" % e)
        h.append("GLAPI int GLAD_%s;" % e)
    h.append("/* Commands */")
    for c in all_cmds:
        ret, params = commands[c]
        pfn = "PFN%sPROC" % c.upper()
        h.append("typedef %s (APIENTRYP %s)(%s);" % (ret, pfn, ", ".join(params) or "void"))
        h.append("GLAPI %s glad_%s;" % (pfn, c))
        h.append("#define %s glad_%s" % (c, c))
    h.append("#ifdef __cplusplus\n}\n#endif\n#endif")
    with open(os.path.join(args.out, "include", "glad", "gl.h"), "w") as fh:
        fh.write("\n".join(h) + "\n")

    s = []
    s.append("/* Generated by frontmap's third_party/glad/gen_glad.py. Do not edit. */")
    s.append("#include <glad/gl.h>\n#include <stdio.h>\n#include <string.h>")
    s.append("struct gladGLversionStruct GLVersion = {0, 0};")
    for f in features:
        s.append("int GLAD_GL_VERSION_%s = 0;" % f.replace(".", "_"))
    for e in extensions:
        s.append("int GLAD_%s = 0;" % e)
    for c in all_cmds:
        s.append("PFN%sPROC glad_%s = NULL;" % (c.upper(), c))
    s.append("""
static int glad_has_extension(const char* ext) {
    GLint n = 0, i;
    if (glad_glGetStringi == NULL || glad_glGetIntegerv == NULL) return 0;
    glad_glGetIntegerv(GL_NUM_EXTENSIONS, &n);
    for (i = 0; i < n; ++i) {
        const char* e = (const char*)glad_glGetStringi(GL_EXTENSIONS, (GLuint)i);
        if (e && strcmp(e, ext) == 0) return 1;
    }
    return 0;
}

static int glad_find_version(void) {
    const char* v;
    int major = 0, minor = 0;
    if (glad_glGetString == NULL) return 0;
    v = (const char*)glad_glGetString(GL_VERSION);
    if (v == NULL) return 0;
    while (*v && (*v < '0' || *v > '9')) ++v; /* skip prefixes such as "OpenGL ES " */
    if (sscanf(v, "%d.%d", &major, &minor) != 2) return 0;
    GLVersion.major = major;
    GLVersion.minor = minor;
    return 1;
}
""")
    s.append("int gladLoadGLLoader(GLADloadproc load) {")
    for c in all_cmds:
        s.append("    glad_%s = (PFN%sPROC)load(\"%s\");" % (c, c.upper(), c))
    s.append("    if (!glad_find_version()) return 0;")
    for f in features:
        mj, mn = f.split(".")
        s.append("    GLAD_GL_VERSION_%s = (GLVersion.major > %s) || (GLVersion.major == %s && GLVersion.minor >= %s);"
                 % (f.replace(".", "_"), mj, mj, mn))
    for e in extensions:
        s.append("    GLAD_%s = glad_has_extension(\"%s\");" % (e, e))
    s.append("    return GLVersion.major > 0;")
    s.append("}")
    with open(os.path.join(args.out, "src", "gl.c"), "w") as fh:
        fh.write("\n".join(s) + "\n")


if __name__ == "__main__":
    main()
