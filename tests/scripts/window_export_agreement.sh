#!/usr/bin/env bash
# The window's export and the headless snapshot of one view agree: the real viewer, in an X window, opens a view
# file and exports the map through its Export path (--export-on-start: tiles of 512 pixels rendered a few per
# frame on the window's GL context, then a writer job), and `frontmap snapshot --view` renders the same view with
# no display at all (EGL, one tile). The two PNGs must match up to antialiasing round-off (at most 0.1% of the
# pixels differing, none by more than 16/255), with identical world files and .prj; decorations (title, legend, stamp,
# scale bar, attribution) and, when data/ is there, the base map and its place labels are in both.
#
#   bash tests/scripts/window_export_agreement.sh PATH/TO/frontmap [REPO_ROOT]
#
# Uses $DISPLAY when it answers, else a private Xvfb. Exits 77 (skip) when no X server can be had or ImageMagick's
# `compare` is missing. Prints "N passed, N failed"; exits 1 when a check failed.
set -u

BIN="${1:?usage: window_export_agreement.sh PATH/TO/frontmap [REPO_ROOT]}"
ROOT="${2:-$(cd "$(dirname "$0")/../.." && pwd)}"
say() { printf '[window_export_agreement] %s\n' "$*"; }
if [[ ! -x "$BIN" ]]; then
  say "no executable at $BIN"
  exit 1
fi
if ! command -v compare >/dev/null 2>&1; then
  say "SKIP: ImageMagick's compare is not installed (Debian package imagemagick)"
  exit 77
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/fm-window-export.XXXXXX")"
FM_XVFB_FIRST=171 FM_XVFB_LAST=199
# shellcheck source=../../scripts/xvfb_run.sh
source "$ROOT/scripts/xvfb_run.sh"
cleanup() {
  xvfb_stop >/dev/null 2>&1
  rm -rf "$TMP"
}
trap cleanup EXIT

if [[ -n "${DISPLAY:-}" ]] && timeout 5 xdpyinfo -display "$DISPLAY" >/dev/null 2>&1; then
  say "using DISPLAY=$DISPLAY"
else
  unset DISPLAY
  if ! xvfb_start >/dev/null 2>&1; then
    say "SKIP: no X display and Xvfb could not be started"
    exit 77
  fi
  say "started Xvfb on DISPLAY=$DISPLAY"
fi

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

cat >"$TMP/area.geojson" <<'EOF'
{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "area"},
 "geometry": {"type": "Polygon", "coordinates": [[[29, 47.5], [35, 47.5], [35, 50.5], [29, 50.5], [29, 47.5]]]}}]}
EOF
cat >"$TMP/events.geojson" <<'EOF'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"id": "a", "date_start": "2024-03-01", "actors": "Russia", "type": "battle"},
  "geometry": {"type": "Point", "coordinates": [30.5, 49]}},
 {"type": "Feature", "properties": {"id": "b", "date_start": "2024-03-05", "actors": "Ukraine", "type": "strike"},
  "geometry": {"type": "Point", "coordinates": [33.5, 50]}},
 {"type": "Feature", "properties": {"id": "c", "date_start": "2024-03-20", "actors": "Ukraine", "type": "battle"},
  "geometry": {"type": "Point", "coordinates": [32, 48.2]}},
 {"type": "Feature", "properties": {"id": "d", "date_start": "2024-06-01", "actors": "Russia", "type": "strike"},
  "geometry": {"type": "Point", "coordinates": [31, 48]}}]}
EOF
# The base map (and so place labels) when the fetched data is there; the test means the same without it.
BASEMAP=false
NO_BASEMAP=(--no-basemap)
if [[ -d "$ROOT/data/world-atlas" ]]; then
  BASEMAP=true
  NO_BASEMAP=()
fi
# Saved from an 800x500 window: the window below has that size, and both exports show that view at 1600x1000.
# The area has the view's own style (green, translucent, a thick blue outline) and the events bigger symbols.
cat >"$TMP/agree.view.json" <<EOF
{"frontmap_view": 1, "projection": "EPSG:3035", "center": [32, 49], "units_per_pixel": 1200, "size": [800, 500],
 "basemap": $BASEMAP, "graticule": true, "labels": true,
 "layers": [{"source": "area.geojson", "kind": "vector",
             "style": {"fill_color": "#2e7d32ff", "stroke_color": "#1b3a8cff", "stroke_width": 3, "opacity": 0.5}},
            {"source": "events.geojson", "kind": "events", "point_radius": 8}],
 "filter": {"from": "2024-03-01", "to": "2024-03-31"}}
EOF
say "base map: $BASEMAP"
DECO=(--title "Agreement" --legend --stamp --scale-bar)

# --- the window's export ------------------------------------------------------------------------------------
cd "$ROOT" || exit 1
RC=0
timeout 150 "$BIN" --size 800x500 --no-examples "${NO_BASEMAP[@]}" --view "$TMP/agree.view.json" \
  --export-on-start "$TMP/window.png" --export-size 1600x1000 "${DECO[@]}" --quit --log-frames >"$TMP/window.log" 2>&1 || RC=$?
if [[ $RC -eq 0 && -s "$TMP/window.png" ]]; then
  pass "the window exported window.png and quit (exit 0)"
else
  fail "the window's export: exit $RC; its output:"
  sed 's/^/    /' "$TMP/window.log"
fi
frames="$(grep -c '^export_frame ' "$TMP/window.log")"
if [[ $frames -ge 2 ]]; then
  pass "the window drew $frames frames while exporting ($(grep '^export_frame ' "$TMP/window.log" | head -n 3 | paste -sd' '))"
else
  fail "the window drew $frames frames while exporting: the export ran in one frame"
fi

# --- the headless snapshot of the same view -----------------------------------------------------------------
RC=0
env -u DISPLAY -u WAYLAND_DISPLAY timeout 150 "$BIN" snapshot --view "$TMP/agree.view.json" --out "$TMP/headless.png" \
  --size 1600x1000 "${DECO[@]}" >"$TMP/headless.log" 2>&1 || RC=$?
if [[ $RC -eq 0 && -s "$TMP/headless.png" ]]; then
  pass "frontmap snapshot --view wrote headless.png with DISPLAY unset (exit 0)"
else
  fail "frontmap snapshot: exit $RC; its output:"
  sed 's/^/    /' "$TMP/headless.log"
fi

if [[ -s "$TMP/window.png" && -s "$TMP/headless.png" ]]; then
  # Not a vacuous match: a picture with the area, events and decorations has many colours.
  colours="$(identify -format '%k' "$TMP/headless.png" 2>/dev/null)"
  if [[ "${colours:-0}" -gt 50 ]]; then pass "headless.png has $colours colours"; else fail "headless.png has only ${colours:-?} colours"; fi
  size_w="$(identify -format '%wx%h' "$TMP/window.png" 2>/dev/null)"
  size_h="$(identify -format '%wx%h' "$TMP/headless.png" 2>/dev/null)"
  if [[ "$size_w" == 1600x1000 && "$size_h" == 1600x1000 ]]; then pass "both are 1600x1000"; else fail "sizes: window $size_w, headless $size_h"; fi
  # The window renders 512-pixel tiles, the command one tile: antialiased edges of glyphs and lines round a
  # little differently per tile (sub-pixel positions in the tile's own coordinates). Allowed: at most 1 pixel in
  # 1000 differing at all, none by more than 16/255 in any channel. Measured: 673 to 903 of 1.6 million pixels,
  # at most 12/255 (anything misplaced, missing or in another colour is far beyond that).
  exact="$(compare -metric AE "$TMP/window.png" "$TMP/headless.png" null: 2>&1 | awk '{print int($1)}')"
  worst="$(convert "$TMP/window.png" "$TMP/headless.png" -compose difference -composite -separate \
    -format '%[fx:round(maxima*255)]\n' info: 2>/dev/null | sort -n | tail -n 1)"
  if [[ -n "$exact" && -n "$worst" && $exact -le 1600 && $worst -le 16 ]]; then
    pass "window and headless exports agree: $exact of 1600000 pixels differ, by at most $worst/255"
  else
    fail "window and headless exports differ: ${exact:-?} pixels, by up to ${worst:-?}/255"
    [[ -n "${FM_KEEP_DIFF:-}" ]] && cp "$TMP/window.png" "$TMP/headless.png" "$FM_KEEP_DIFF"/
  fi
  if cmp -s "$TMP/window.pgw" "$TMP/headless.pgw"; then
    pass "identical world files: $(paste -sd' ' "$TMP/window.pgw")"
  else
    fail "world files differ: $(paste -sd' ' "$TMP/window.pgw") vs $(paste -sd' ' "$TMP/headless.pgw")"
  fi
  if cmp -s "$TMP/window.prj" "$TMP/headless.prj"; then pass "identical .prj"; else fail ".prj files differ"; fi
fi

printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
[[ $FAILED -eq 0 ]]
