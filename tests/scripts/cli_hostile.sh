#!/usr/bin/env bash
# `frontmap snapshot` on hostile input: every bad LAYER or --view file ends the command with exit status 1, a
# message on stderr that names the file, and nothing written (no .png, .pgw or .prj); with --keep-going the
# image is written and the status stays 1. Never a crash (128+signal), never a hang (each run is cut off).
#
#   bash tests/scripts/cli_hostile.sh PATH/TO/frontmap [REPO_ROOT]
#
# Needs no data/ (everything runs with --no-basemap) and no display. Builds its fixtures itself (python3 for the
# zip bomb). Prints "N passed, N failed"; exits 1 when a check failed.
set -u

BIN="${1:?usage: cli_hostile.sh PATH/TO/frontmap [REPO_ROOT]}"
LIMIT="${FM_CLI_TIMEOUT:-120}"  # seconds per run
say() { printf '[cli_hostile] %s\n' "$*"; }
if [[ ! -x "$BIN" ]]; then
  say "no executable at $BIN"
  exit 1
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/fm-cli-hostile.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
IN="$TMP/in"
OUT="$TMP/out"
mkdir -p "$IN" "$OUT"

PASSED=0
FAILED=0
pass() {
  PASSED=$((PASSED + 1))
  say "PASS: $*"
}
fail() {
  FAILED=$((FAILED + 1))
  say "FAIL: $*"
}

# Runs `frontmap snapshot ARGS... --out $OUT/map.png` without a display; sets RC and leaves stdout+stderr in
# $TMP/log.txt.
# SIZE=() leaves the size to the view file (or the default).
SIZE=(--size 64x48)
snap() {
  rm -f "$OUT"/map.*
  RC=0
  env -u DISPLAY -u WAYLAND_DISPLAY timeout -k 5 "$LIMIT" "$BIN" snapshot "$@" "${SIZE[@]}" --out "$OUT/map.png" \
    >"$TMP/log.txt" 2>&1 || RC=$?
}
show_output() { sed 's/^/    /' "$TMP/log.txt" | head -n 15; }
written() { ls "$OUT" 2>/dev/null | tr '\n' ' '; }

# One bad input: exit 1, its name in the message, nothing written; then with --keep-going: exit 1, image written.
expect_rejected() { # description file [extra snapshot args...]
  local what="$1" file="$2"
  shift 2
  local name
  name="$(basename "$file")"
  snap "$@" --no-basemap
  if [[ $RC -eq 1 ]] && grep -qF "$name" "$TMP/log.txt" && [[ -z "$(written)" ]]; then
    pass "$what: exit 1, message names $name, nothing written"
  else
    fail "$what: exit $RC (want 1), written: [$(written)], output:"
    show_output
  fi
  snap "$@" --no-basemap --keep-going
  if [[ $RC -eq 1 && -s "$OUT/map.png" && -s "$OUT/map.pgw" ]]; then
    pass "$what --keep-going: exit 1, map.png written"
  else
    fail "$what --keep-going: exit $RC (want 1), written: [$(written)], output:"
    show_output
  fi
}

# A view file that cannot be used: exit 1 before anything is read or written (--keep-going does not apply to it).
expect_bad_view() { # description file [text the message must hold; default: the file's name]
  local what="$1" file="$2"
  local name="${3:-$(basename "$file")}"
  snap --view "$file" --no-basemap
  if [[ $RC -eq 1 ]] && grep -qF "$name" "$TMP/log.txt" && [[ -z "$(written)" ]]; then
    pass "$what: exit 1, message says '$name', nothing written"
  else
    fail "$what: exit $RC (want 1; 134 = abort, 139 = segfault, 124 = timed out), written: [$(written)], output:"
    show_output
  fi
}

# --- fixtures -----------------------------------------------------------------------------------------------
: >"$IN/zero.geojson"
: >"$IN/zero.shp"
head -c 65536 /dev/urandom >"$IN/random.gpkg"
head -c 65536 /dev/urandom >"$IN/random.shp"
printf '{"type":"FeatureCollection","features":[' >"$IN/truncated.geojson"
python3 - "$IN" <<'EOF'
import sys, os
d = sys.argv[1]
n = 100000
with open(os.path.join(d, "nested.geojson"), "w") as f:
    f.write('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":'
            '{"type":"Point","coordinates":' + "[" * n + "]" * n + "}}]}")
with open(os.path.join(d, "utf16.csv"), "wb") as f:
    f.write(b"\xff\xfe" + "lon,lat,name\n30,50,Kyiv\n".encode("utf-16-le"))
with open(os.path.join(d, "projected.csv"), "w") as f:
    f.write("x,y,name\n3400000,6500000,a\n3500000,6600000,b\n")
with open(os.path.join(d, "nan.geojson"), "w") as f:
    f.write('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
            '"geometry":{"type":"Point","coordinates":[NaN,Infinity]}}]}')
with open(os.path.join(d, "empty.geojson"), "w") as f:
    f.write('{"type":"FeatureCollection","features":[]}')
with open(os.path.join(d, "bad_dates.csv"), "w") as f:
    f.write("date,lon,lat\n2025-02-30,30,50\n0000-00-00,31,50\nyesterday,32,50\n")
with open(os.path.join(d, "good.geojson"), "w") as f:
    f.write('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
            '"geometry":{"type":"Polygon","coordinates":[[[30,48],[32,48],[32,50],[30,48]]]}}]}')
# View files.
views = {
    "view_zero.json": "",
    "view_garbage.json": "\x00\x01not json at all",
    "view_newer.json": '{"frontmap_view": 99}',
    "view_overflow.json": '{"frontmap_view": 1, "center": [31, 49], "units_per_pixel": 1e999}',
    "view_bad_date.json": '{"frontmap_view": 1, "filter": {"from": "2025-02-30"}}',
    "view_deep.json": "[" * n + "]" * n,
    # A dash of strings once escaped as a JSON library exception and aborted the program
    # (tests/unit/hostile_input_test.cpp, Hostile.ViewFileDashOfStringsIsAnFmErrorNamingTheFile).
    "view_dash_strings.json": '{"frontmap_view": 1, "layers": [{"source": "good.geojson", "style": {"dash": ["a", "b"]}}]}',
    # The size is taken as the image size when --size is not given; the renderer refuses it.
    "view_huge_size.json": '{"frontmap_view": 1, "center": [31, 49], "units_per_pixel": 1000, "size": [2000000000, 2000000000]}',
}
for name, text in views.items():
    with open(os.path.join(d, name), "w") as f:
        f.write(text)
EOF

# A zip bomb: a GeoJSON that opens a FeatureCollection and then has 64 MB of spaces, 250 kB zipped.
python3 - "$IN/bomb.zip" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
    with z.open("bomb.geojson", "w") as f:
        f.write(b'{"type":"FeatureCollection","features":[')
        block = b" " * (1 << 20)
        for _ in range(64):
            f.write(block)
EOF

# --- bad layers ---------------------------------------------------------------------------------------------
expect_rejected "zero-byte GeoJSON" "$IN/zero.geojson" "$IN/zero.geojson"
expect_rejected "zero-byte .shp" "$IN/zero.shp" "$IN/zero.shp"
expect_rejected "random bytes as .gpkg" "$IN/random.gpkg" "$IN/random.gpkg"
expect_rejected "random bytes as .shp" "$IN/random.shp" "$IN/random.shp"
expect_rejected "truncated GeoJSON" "$IN/truncated.geojson" "$IN/truncated.geojson"
expect_rejected "100k nested arrays" "$IN/nested.geojson" "$IN/nested.geojson"
expect_rejected "UTF-16 CSV" "$IN/utf16.csv" "$IN/utf16.csv"
expect_rejected "projected CSV without a CRS" "$IN/projected.csv" "$IN/projected.csv"
expect_rejected "NaN/Infinity coordinates only" "$IN/nan.geojson" "$IN/nan.geojson"
expect_rejected "empty layer" "$IN/empty.geojson" "$IN/empty.geojson"
expect_rejected "a missing file" "$IN/no_such_file.geojson" "$IN/no_such_file.geojson"
expect_rejected "a bad layer beside a good one" "$IN/zero.geojson" "$IN/good.geojson" "$IN/zero.geojson"
expect_rejected "--date-field naming no column" "$IN/bad_dates.csv" "$IN/bad_dates.csv" --date-field when

start=$SECONDS
expect_rejected "zip bomb (64 MB of GeoJSON whitespace)" "$IN/bomb.zip" "$IN/bomb.zip"
say "the zip bomb took $((SECONDS - start)) s for both runs"

# Event rows with impossible dates are skipped, not fatal: the file is used (all its rows were bad, which is
# reported), so the image is written.
snap "$IN/bad_dates.csv" --no-basemap
if [[ $RC -eq 0 && -s "$OUT/map.png" ]] && grep -qF "bad_dates.csv" "$TMP/log.txt" && grep -q "impossible date" "$TMP/log.txt"; then
  pass "event file whose every date is impossible: exit 0, rows reported as skipped"
else
  fail "event file whose every date is impossible: exit $RC, written: [$(written)], output:"
  show_output
fi

# --- bad view files -----------------------------------------------------------------------------------------
expect_bad_view "zero-byte view file" "$IN/view_zero.json"
expect_bad_view "view file that is not JSON" "$IN/view_garbage.json"
expect_bad_view "view file from a newer frontmap" "$IN/view_newer.json"
expect_bad_view "view file with a number overflow (1e999)" "$IN/view_overflow.json"
expect_bad_view "view file with an impossible filter date" "$IN/view_bad_date.json"
expect_bad_view "view file of 100k nested arrays" "$IN/view_deep.json"
expect_bad_view "missing view file" "$IN/no_such_view.json"
expect_bad_view "view file with a dash of strings" "$IN/view_dash_strings.json"
SIZE=()
expect_bad_view "view file with a 2e9 x 2e9 size (no --size)" "$IN/view_huge_size.json" "field 'size' has the wrong type"
SIZE=(--size 64x48)

# --- not enough memory --------------------------------------------------------------------------------------
# --size allows 65536x65536: a 16 GiB image. Where it cannot be had, that must be a message and exit 1, not an
# uncaught std::bad_alloc (abort, 134). Simulated with a 4 GiB address-space limit, so not under AddressSanitizer,
# which reserves terabytes of address space for itself.
if ldd "$BIN" 2>/dev/null | grep -q libasan || nm -D "$BIN" 2>/dev/null | grep -q __asan_init; then
  say "SKIP: the out-of-memory check (this frontmap is built with AddressSanitizer)"
else
  RC=0
  rm -f "$OUT"/map.*
  (
    ulimit -v 4194304
    exec env -u DISPLAY -u WAYLAND_DISPLAY timeout -k 5 "$LIMIT" "$BIN" snapshot --no-basemap --size 65536x65536 \
      --out "$OUT/map.png"
  ) >"$TMP/log.txt" 2>&1 || RC=$?
  if [[ $RC -eq 1 && -z "$(written)" ]] && grep -qi "memory" "$TMP/log.txt"; then
    pass "--size 65536x65536 with 4 GiB of address space: exit 1, a message about memory, nothing written"
  else
    fail "--size 65536x65536 with 4 GiB of address space: exit $RC (want 1; 134 = uncaught std::bad_alloc), written: [$(written)], output:"
    show_output
  fi
fi

printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
[[ $FAILED -eq 0 ]]
