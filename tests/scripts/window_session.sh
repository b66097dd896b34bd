#!/usr/bin/env bash
# Session restore in the real window: the viewer opens a saved view (two layers named relative to the view file,
# a style, a projection, an event filter), the view is changed with the keyboard, the viewer is killed with SIGKILL,
# and a restart without arguments comes back with the same layers, styles, projection, view and filter. Also:
# --no-restore starts with the defaults, and a broken session file gives a message naming it and the defaults,
# never a crash.
#
#   bash tests/scripts/window_session.sh PATH/TO/frontmap REPO_ROOT
#
# The state is read from --log-view (the view) and from the session file the viewer keeps ($XDG_STATE_HOME,
# a private one here), which a restarted viewer rewrites from what it has loaded once the view changes again.
# Uses $DISPLAY when it answers, else a private Xvfb (scripts/xvfb_run.sh); exits 77 without X or xdotool.
# Prints "N passed, N failed"; exits 1 when a check failed. Bounded by FM_TEST_TIMEOUT (default 330 s).
set -u

BIN="${1:?usage: window_session.sh PATH/TO/frontmap REPO_ROOT}"
ROOT="${2:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
LIMIT="${FM_TEST_TIMEOUT:-330}"
say() { printf '[window_session] %s\n' "$*"; }
[[ -x "$BIN" ]] || { say "no executable at $BIN"; exit 1; }
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"  # it runs from another folder
command -v xdotool >/dev/null 2>&1 || { say "SKIP: xdotool is not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { say "SKIP: python3 is not installed"; exit 77; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/fm-session-test.XXXXXX")"
APP_PID=""
WATCHDOG_PID=""
# shellcheck source=scripts/xvfb_run.sh
source "$ROOT/scripts/xvfb_run.sh"
stop_app() {
  [[ -n "$APP_PID" ]] || return 0
  kill "${1:--TERM}" "$APP_PID" 2>/dev/null
  for _ in $(seq 1 50); do
    [[ "$(ps -o stat= -p "$APP_PID" 2>/dev/null)" == [^Z]* ]] || break
    sleep 0.1
  done
  kill -9 "$APP_PID" 2>/dev/null
  wait "$APP_PID" 2>/dev/null
  APP_PID=""
}
cleanup() {
  stop_app -KILL
  [[ -n "$WATCHDOG_PID" ]] && kill "$WATCHDOG_PID" 2>/dev/null && wait "$WATCHDOG_PID" 2>/dev/null
  xvfb_stop >/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'say "FAIL: took longer than ${LIMIT}s"; exit 124' TERM
(
  trap 'kill "$sp" 2>/dev/null; exit 0' TERM
  sleep "$LIMIT" &
  sp=$!
  wait "$sp" && kill -TERM $$ 2>/dev/null
) >/dev/null 2>&1 &
WATCHDOG_PID=$!

if [[ -z "${DISPLAY:-}" ]] || ! timeout 5 xdotool getdisplaygeometry >/dev/null 2>&1; then
  unset DISPLAY
  xvfb_start >/dev/null || { say "SKIP: no X display and Xvfb could not be started"; exit 77; }
fi

PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); say "PASS: $*"; }
fail() { FAILED=$((FAILED + 1)); say "FAIL: $*"; }
finish() {
  printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
  if [[ $FAILED -gt 0 ]]; then
    for f in "$TMP"/run*.err; do
      [[ -f $f ]] && { say "$(basename "$f") (last 10 lines):"; tail -n 10 "$f" | sed 's/^/    /'; }
    done
    [[ -f $SESSION ]] && { say "session file:"; sed 's/^/    /' "$SESSION" | head -n 60; }
    exit 1
  fi
  exit 0
}

# --- fixtures: data in one folder, the view in another, the viewer started from a third -------------------------
mkdir -p "$TMP/data" "$TMP/views" "$TMP/elsewhere" "$TMP/home"
export HOME="$TMP/home" XDG_STATE_HOME="$TMP/state"
SESSION="$TMP/state/frontmap/session.json"
cat >"$TMP/data/square.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "square"},
 "geometry": {"type": "Polygon", "coordinates": [[[28, 47], [34, 47], [34, 51], [28, 51], [28, 47]]]}}]}
JSON
{
  echo "event_id,date_start,actors,type,precision,lon,lat,place"
  for i in $(seq 1 60); do
    printf 'e%d,2024-03-%02d,%s,%s,exact,%s.5,%s.25,p%d\n' "$i" $((1 + i % 28)) "$([[ $((i % 2)) == 0 ]] && echo Russia || echo Ukraine)" \
      "$([[ $((i % 3)) == 0 ]] && echo strike || echo battle)" $((28 + i % 8)) $((46 + i % 5)) "$i"
  done
} >"$TMP/data/events.csv"
cat >"$TMP/views/start.view.json" <<'JSON'
{"frontmap_view": 1, "projection": "+proj=laea +lat_0=49 +lon_0=31 +datum=WGS84 +units=m",
 "extent": [26, 45, 38, 53],
 "layers": [
  {"source": "../data/square.geojson", "kind": "vector",
   "style": {"fill": true, "fill_color": "#c81e1e80", "stroke": true, "stroke_color": "#102030ff", "stroke_width": 3.5}},
  {"source": "../data/events.csv", "kind": "events", "point_radius": 8}],
 "filter": {"from": "2024-03-05", "to": "2024-03-20", "hidden_actors": ["Ukraine"], "types": ["battle"]}}
JSON

# --- helpers ---------------------------------------------------------------------------------------------------
RUN=0
start_app() { # args...
  RUN=$((RUN + 1))
  OUT="$TMP/run$RUN.out"
  ERR="$TMP/run$RUN.err"
  (cd "$TMP/elsewhere" && exec "$BIN" --log-view --no-basemap --no-examples --size 900x600 "$@") >"$OUT" 2>"$ERR" &
  APP_PID=$!
  WID=""
  for _ in $(seq 1 300); do # up to 30 s for the window and a first view line
    kill -0 "$APP_PID" 2>/dev/null || return 1
    WID="$(xdotool search --onlyvisible --pid "$APP_PID" --name '^frontmap$' 2>/dev/null | head -n 1)"
    [[ -n "$WID" ]] && grep -q '^view ' "$OUT" && break
    sleep 0.1
  done
  [[ -n "$WID" ]] || return 1
  timeout 5 xdotool windowfocus --sync "$WID" >/dev/null 2>&1 || timeout 5 xdotool windowfocus "$WID" >/dev/null 2>&1
  xdotool mousemove --window "$WID" 600 300 >/dev/null 2>&1
  return 0
}
views() { grep -c '^view ' "$OUT" 2>/dev/null || true; }
# "LON LAT UPP" of the last or first view line.
last_view() { grep '^view ' "$OUT" | tail -n 1 | sed -E 's/^view center=([^,]+),([^ ]+) units_per_pixel=([^ ]+).*/\1 \2 \3/'; }
first_view() { grep '^view ' "$OUT" | head -n 1 | sed -E 's/^view center=([^,]+),([^ ]+) units_per_pixel=([^ ]+).*/\1 \2 \3/'; }
tap() { timeout 5 xdotool keydown "$1"; sleep 0.15; timeout 5 xdotool keyup "$1"; }
# Waits until the view log changes, then until it is quiet for 0.5 s.
wait_view_change() { # count-before
  local i n last quiet=0
  for ((i = 0; i < 300; i++)); do n="$(views)"; [[ $n -gt $1 ]] && break; sleep 0.1; done
  [[ $n -gt $1 ]] || return 1
  last="$n"
  for ((i = 0; i < 50 && quiet < 5; i++)); do
    sleep 0.1; n="$(views)"
    if [[ $n -eq $last ]]; then quiet=$((quiet + 1)); else quiet=0; last="$n"; fi
  done
}
# Python over the session file: session_py 'EXPR' [ARGS] prints EXPR with s = the parsed session (None if unreadable).
session_py() {
  python3 - "$SESSION" "$@" <<'PY'
import json, os, sys
path, expr = sys.argv[1], sys.argv[2]
args = sys.argv[3:]
try:
    s = json.load(open(path))
except Exception:
    s = None
def src(i):  # a layer's source, resolved against the session file's folder
    return os.path.normpath(os.path.join(os.path.dirname(path), s["layers"][i]["source"]))
def close(a, b, rel=1e-6):
    return abs(float(a) - float(b)) <= rel * max(abs(float(a)), abs(float(b)), 1e-9)
print(eval(expr))
PY
}
# Waits (up to $2 s) until the Python condition $1 holds for the session file.
wait_session() { # condition seconds [ARGS]
  local cond="$1" limit="$2" i
  shift 2
  for ((i = 0; i < limit * 10; i++)); do
    [[ "$(session_py "$cond" "$@" 2>/dev/null)" == True ]] && return 0
    sleep 0.1
  done
  return 1
}

# --- 1. open the view, change it, SIGKILL ---------------------------------------------------------------------
if ! start_app --view ../views/start.view.json; then
  fail "the viewer did not show its window (run 1)"
  finish
fi
pass "run 1: window up with --view (from another working folder)"
if wait_session 's is not None and len(s["layers"]) == 2' 60; then
  pass "the session file appeared with both layers"
else
  fail "no session file with two layers within 60 s"
  finish
fi
[[ "$(session_py 'src(0)')" == "$TMP/data/square.geojson" && "$(session_py 'src(1)')" == "$TMP/data/events.csv" ]] &&
  pass "the view's relative sources were read against the view file's folder" ||
  fail "layer sources: $(session_py 'src(0)') $(session_py 'src(1)')"
n="$(views)"
tap Right
tap Right
tap plus
wait_view_change "$n" || fail "the keys changed no view"
read -r LON LAT UPP <<<"$(last_view)"
say "view before the kill: $LON $LAT $UPP"
if wait_session 'close(s["units_per_pixel"], args[0]) and abs(s["center"][0] - float(args[1])) < 1e-5' 10 "$UPP" "$LON"; then
  pass "the session followed the view change within seconds"
else
  fail "the session file does not have the view $LON $LAT $UPP: $(session_py 's.get("center"), s.get("units_per_pixel")')"
fi
cp "$SESSION" "$TMP/before-kill.json"
stop_app -KILL
if session_py 's is not None' | grep -q True; then pass "after SIGKILL the session file is whole"; else fail "the session file is broken after SIGKILL"; fi

# --- 2. restart without arguments: the session comes back ------------------------------------------------------
if ! start_app; then
  fail "the viewer did not show its window (run 2)"
  finish
fi
if grep -q "restored the last session (2 layers)" "$ERR"; then pass "restart: '$(grep -m1 restored "$ERR")'"; else fail "no 'restored the last session' message"; fi
read -r LON2 LAT2 UPP2 <<<"$(first_view)"
if awk -v a="$LON" -v b="$LON2" -v c="$LAT" -v d="$LAT2" -v u="$UPP" -v v="$UPP2" \
  'BEGIN { exit !((a - b < 1e-5 && b - a < 1e-5) && (c - d < 1e-5 && d - c < 1e-5) && (u - v) / u < 1e-6 && (v - u) / u < 1e-6) }'; then
  pass "the first view after the restart is the one before the kill ($LON2 $LAT2 $UPP2)"
else
  fail "restored view $LON2 $LAT2 $UPP2, expected $LON $LAT $UPP"
fi
# A view change makes it write the session from what it has loaded: compare with the one before the kill.
n="$(views)"
tap minus
wait_view_change "$n" || fail "the key changed no view after the restart"
if wait_session 'close(s["units_per_pixel"], float(args[0]) * 1.5, 1e-4) and len(s["layers"]) == 2' 60 "$UPP"; then
  pass "after zooming out the session was rewritten from the restored layers"
else
  fail "the session was not rewritten with two layers: $(session_py 's.get("units_per_pixel"), len(s.get("layers", []))')"
fi
same="$(python3 - "$TMP/before-kill.json" "$SESSION" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
bad = [k for k in ("projection", "layers", "filter", "graticule", "labels", "crimea") if a.get(k) != b.get(k)]
print(" ".join(bad) if bad else "same")
PY
)"
if [[ "$same" == same ]]; then
  pass "projection, layers with their styles and the event filter are as before the kill"
else
  fail "differs from before the kill: $same"
fi
[[ "$(session_py 's["filter"]["from"], s["filter"]["to"], s["filter"]["hidden_actors"], s["filter"]["types"]')" == \
  "('2024-03-05', '2024-03-20', ['Ukraine'], ['battle'])" ]] && pass "the filter kept its dates, actors and types" ||
  fail "filter: $(session_py 's["filter"]')"
[[ "$(session_py 's["layers"][0]["style"]["fill_color"], s["layers"][0]["style"]["stroke_width"], s["layers"][1]["point_radius"]')" == \
  "('#c81e1e80', 3.5, 8.0)" ]] && pass "the layers kept their styles" || fail "styles: $(session_py 's["layers"]')"
stop_app -TERM

# --- 3. --no-restore -----------------------------------------------------------------------------------------------
if start_app --no-restore; then
  read -r LON3 LAT3 UPP3 <<<"$(first_view)"
  if ! grep -q "restored" "$ERR" && [[ "$UPP3" != "$UPP2" ]]; then
    pass "--no-restore starts with the default view ($LON3 $LAT3 $UPP3)"
  else
    fail "--no-restore restored something: $LON3 $LAT3 $UPP3; $(grep restored "$ERR")"
  fi
else
  fail "the viewer did not start with --no-restore"
fi
stop_app -KILL

# --- 4. a broken session file ----------------------------------------------------------------------------------
printf '{"frontmap_view": 1, "layers": [{"source": ' >"$SESSION"
if start_app; then
  sleep 1
  if kill -0 "$APP_PID" 2>/dev/null && grep -qF "$SESSION" "$ERR" && grep -q "starting with the defaults" "$ERR"; then
    pass "a broken session file: '$(grep -m1 -F "$SESSION" "$ERR")', and the viewer runs"
  else
    fail "a broken session file gave no clear message or stopped the viewer"
  fi
  [[ -f "$SESSION.broken" ]] && pass "the broken file was kept as session.json.broken" || fail "no session.json.broken"
else
  fail "the viewer did not start with a broken session file"
fi
stop_app -TERM
finish
