#!/usr/bin/env bash
# The real-window test: starts the viewer in an X window, drives it with xdotool (drag, mouse wheel, keys) and
# checks the view it logs (--log-view) after each action; then opens a CSV without a recognised date column and
# loads it through the column-mapping dialog.
#
#   bash tests/scripts/window_interaction.sh PATH/TO/frontmap [REPO_ROOT]
#
# Uses $DISPLAY when it answers; otherwise starts a private Xvfb (and stops it on exit). Exits 77 when no X
# server can be had at all or xdotool is missing. Prints "N passed, N failed"; exits 1 when a check failed.
# Bounded: the whole run is cut off after FM_TEST_TIMEOUT seconds (default 160).
#
# The exact checks (where the centre goes after a drag, which point stays under the cursor when zooming) redo
# the camera arithmetic from the logged values with PROJ's `proj`/`invproj`; without them only directions are
# checked. That is why the viewer is given --projection explicitly (the default Lambert conformal conic).
set -u

BIN="${1:?usage: window_interaction.sh PATH/TO/frontmap [REPO_ROOT]}"
# $2, the repository root, is part of the test runner's calling convention; this test needs no file from it.
LIMIT="${FM_TEST_TIMEOUT:-160}"
# The default projection (src/model/view_state.h), given explicitly so that the exact checks stay right.
LCC="+proj=lcc +lat_1=45 +lat_2=53 +lat_0=48.5 +lon_0=31 +datum=WGS84 +units=m"
W=1000
H=700

say() { printf '[window_interaction] %s\n' "$*"; }

if [[ ! -x "$BIN" ]]; then
  say "no executable at $BIN"
  exit 1
fi
if ! command -v xdotool >/dev/null 2>&1; then
  say "SKIP: xdotool is not installed (Debian package xdotool)"
  exit 77
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/fm-window-test.XXXXXX")"
APP_PID=""
XVFB_PID=""
WATCHDOG_PID=""

cleanup() {
  local pid
  # Let go of the button in case a check was interrupted mid-drag (the X server outlives us when it is shared).
  [[ -n "${DISPLAY:-}" ]] && xdotool mouseup 1 >/dev/null 2>&1
  for pid in "$APP_PID" "$XVFB_PID"; do
    [[ -n "$pid" ]] || continue
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null
      for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30; do
        # (An exited child stays a zombie, which kill -0 still finds, until it is waited for.)
        [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" == [^Z]* ]] || break
        sleep 0.1
      done
      kill -9 "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
  done
  [[ -n "$WATCHDOG_PID" ]] && kill "$WATCHDOG_PID" 2>/dev/null && wait "$WATCHDOG_PID" 2>/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT
trap 'say "FAIL: took longer than ${LIMIT}s (or was terminated)"; exit 124' TERM

# Watchdog: a stuck step (a window that never appears, a hung xdotool) must not hang the test run.
# (Its own output goes nowhere, so that a pipe reading ours is not held open by its sleep.)
(
  trap 'kill "$sp" 2>/dev/null; wait "$sp" 2>/dev/null; exit 0' TERM
  sleep "$LIMIT" &
  sp=$!
  wait "$sp" && kill -TERM $$ 2>/dev/null
) >/dev/null 2>&1 &
WATCHDOG_PID=$!

x_answers() { # DISPLAY value
  if command -v xdpyinfo >/dev/null 2>&1; then
    DISPLAY="$1" timeout 5 xdpyinfo >/dev/null 2>&1
  else
    DISPLAY="$1" timeout 5 xdotool getdisplaygeometry >/dev/null 2>&1
  fi
}

start_xvfb() {
  local n i
  command -v Xvfb >/dev/null 2>&1 || return 1
  for ((n = 140; n <= 170; n++)); do
    [[ -e "/tmp/.X11-unix/X$n" || -e "/tmp/.X$n-lock" ]] && continue
    # -noreset: otherwise the server resets when its last client leaves (our probe below), and a client
    # connecting during the reset is refused now and then.
    Xvfb ":$n" -screen 0 1600x1000x24 -nolisten tcp -noreset >"$TMP/xvfb.log" 2>&1 &
    XVFB_PID=$!
    for ((i = 0; i < 100; i++)); do # up to 10 s
      kill -0 "$XVFB_PID" 2>/dev/null || break
      if [[ -S "/tmp/.X11-unix/X$n" ]] && x_answers ":$n"; then
        export DISPLAY=":$n"
        say "started Xvfb on DISPLAY=$DISPLAY (pid $XVFB_PID)"
        return 0
      fi
      sleep 0.1
    done
    kill "$XVFB_PID" 2>/dev/null
    wait "$XVFB_PID" 2>/dev/null
    XVFB_PID=""
  done
  return 1
}

if [[ -n "${DISPLAY:-}" ]] && x_answers "$DISPLAY"; then
  say "using DISPLAY=$DISPLAY"
else
  [[ -n "${DISPLAY:-}" ]] && say "DISPLAY=$DISPLAY does not answer; starting a private Xvfb"
  unset DISPLAY
  if ! start_xvfb; then
    say "SKIP: no X display and Xvfb could not be started"
    exit 77
  fi
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
finish() {
  printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
  if [[ $FAILED -gt 0 ]]; then
    say "viewer stdout (last 15 lines):"
    tail -n 15 "$LOG" 2>/dev/null | sed 's/^/    /'
    say "viewer stderr (last 15 lines):"
    tail -n 15 "$TMP/stderr" 2>/dev/null | sed 's/^/    /'
    if [[ -n "$XVFB_PID" ]]; then
      say "Xvfb output (last 10 lines):"
      tail -n 10 "$TMP/xvfb.log" 2>/dev/null | sed 's/^/    /'
    fi
    exit 1
  fi
  exit 0
}

# --- view log helpers ------------------------------------------------------------------------------------
LOG="$TMP/stdout"
view_count() { grep -c '^view ' "$LOG" 2>/dev/null || true; }
last_view() { grep '^view ' "$LOG" 2>/dev/null | tail -n 1; }
# "view center=LON,LAT units_per_pixel=U size=WxH" -> "LON LAT U W H"
parse_view() {
  sed -E 's/^view center=([^,]+),([^ ]+) units_per_pixel=([^ ]+) size=([0-9]+)x([0-9]+).*/\1 \2 \3 \4 \5/' <<<"$1"
}
# Waits (up to $2 s) until more than $1 view lines are logged, then until the log has been quiet for 0.5 s
# (a drag or a burst of wheel clicks logs several). Returns 1 when nothing new came.
wait_view_change() {
  local before="$1" limit="${2:-5}" i n quiet=0 last
  for ((i = 0; i < limit * 10; i++)); do
    n="$(view_count)"
    [[ $n -gt $before ]] && break
    sleep 0.1
  done
  [[ $n -gt $before ]] || return 1
  last="$n"
  for ((i = 0; i < 50 && quiet < 5; i++)); do
    sleep 0.1
    n="$(view_count)"
    if [[ $n -eq $last ]]; then quiet=$((quiet + 1)); else quiet=0; last="$n"; fi
  done
  return 0
}
# Settles without expecting a change (e.g. after moving the pointer).
settle() { sleep "${1:-0.3}"; }

HAVE_PROJ=0
if command -v proj >/dev/null 2>&1 && command -v invproj >/dev/null 2>&1; then HAVE_PROJ=1; fi
# lon lat -> x y in the test projection (metres)
fwd() { echo "$1 $2" | proj -f '%.4f' $LCC | awk '{print $1, $2}'; }
# x y -> lon lat
inv() { echo "$1 $2" | invproj -f '%.8f' $LCC | awk '{print $1, $2}'; }
# Map coordinates of screen pixel (sx, sy) for the view "LON LAT U W H" (the camera's screenToMap).
screen_to_map() { # sx sy lon lat upp w h
  local c
  c="$(fwd "$3" "$4")"
  awk -v sx="$1" -v sy="$2" -v c="$c" -v u="$5" -v w="$6" -v h="$7" 'BEGIN {
    split(c, p, " "); printf "%.4f %.4f\n", p[1] + (sx - w * 0.5) * u, p[2] - (sy - h * 0.5) * u }'
}
# Distance in pixels (at resolution u) between map points "x1 y1" and "x2 y2".
px_dist() { awk -v a="$1" -v b="$2" -v u="$3" 'BEGIN { split(a, p, " "); split(b, q, " ");
  dx = p[1] - q[1]; dy = p[2] - q[2]; printf "%.3f\n", sqrt(dx * dx + dy * dy) / u }'; }
# True when the awk expression $1 holds for the variables given as NAME=VALUE: holds 'a < b' a=1 b=2
holds() {
  local e="$1" args=() a
  shift
  for a in "$@"; do args+=(-v "$a"); done
  awk "${args[@]}" "BEGIN { exit !($e) }"
}

# --- start the viewer -------------------------------------------------------------------------------------
# A private HOME: ImGui's saved panel layout (~/.config/frontmap/imgui.ini) must neither move the panels
# nor be overwritten by the test, and no session of the user's is restored or overwritten.
mkdir -p "$TMP/home"
say "starting $BIN --log-view --no-basemap --size ${W}x$H"
start_app() {
  HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/home/.config" XDG_STATE_HOME="$TMP/home/.local/state" "$BIN" --log-view --no-basemap --size "${W}x$H" --projection "$LCC" >"$LOG" 2>"$TMP/stderr" &
  APP_PID=$!
}
start_app
WID=""
attempts=1
for ((i = 0; i < 300; i++)); do # up to 30 s
  if ! kill -0 "$APP_PID" 2>/dev/null; then
    wait "$APP_PID" 2>/dev/null
    # An X server started without -noreset (e.g. the test suite's) resets whenever its last client leaves,
    # and refuses connections meanwhile: try again, twice at most.
    if grep -q 'Failed to open display' "$TMP/stderr" && [[ $attempts -lt 3 ]]; then
      say "the viewer could not connect to $DISPLAY (server resetting?); trying again"
      attempts=$((attempts + 1))
      sleep 0.5
      start_app
      continue
    fi
    fail "frontmap exited before showing a window"
    finish
  fi
  WID="$(xdotool search --onlyvisible --pid "$APP_PID" --name '^frontmap$' 2>/dev/null | head -n 1)"
  [[ -z "$WID" ]] && WID="$(xdotool search --onlyvisible --name '^frontmap$' 2>/dev/null | tail -n 1)"
  [[ -n "$WID" && $(view_count) -gt 0 ]] && break
  sleep 0.1
done
if [[ -z "$WID" ]]; then
  fail "no visible window named 'frontmap' within 30 s"
  finish
fi
if ! wait_view_change 0 30; then
  fail "window $WID appeared but no 'view' line was logged within 30 s"
  finish
fi
pass "window $WID is up and the view is logged"

# Keyboard focus: there is no window manager under Xvfb, so windowactivate usually fails; windowfocus works.
timeout 5 xdotool windowraise "$WID" >/dev/null 2>&1
timeout 5 xdotool windowactivate --sync "$WID" >/dev/null 2>&1 || timeout 5 xdotool windowfocus --sync "$WID" >/dev/null 2>&1 ||
  timeout 5 xdotool windowfocus "$WID" >/dev/null 2>&1

INITIAL="$(last_view)"
read -r LON0 LAT0 U0 VW VH <<<"$(parse_view "$INITIAL")"
say "initial: $INITIAL"
if [[ "$VW" == "$W" && "$VH" == "$H" ]]; then
  pass "logged size is ${W}x$H"
else
  fail "logged size is ${VW}x$VH, expected ${W}x$H"
fi

# Points in the map area, right half of the window: clear of the Layers/Map panels (left), the menu bar (top),
# the jobs panel and status bar (bottom).
move() { xdotool mousemove --window "$WID" "$1" "$2"; }
# A key tap held for 150 ms, like a person's. (`xdotool key` presses and releases at once; the viewer reads
# keys through Dear ImGui 1.86's key-down state, which misses a press released within the same frame.)
tap() {
  xdotool keydown "$1"
  sleep 0.15
  xdotool keyup "$1"
}

# --- drag: 200 px to the right moves the centre west --------------------------------------------------------
X1=560 Y1=330 DX=200 DY=0
move "$X1" "$Y1"
settle 0.4 # let ImGui see the pointer over the map (not over a panel) before the button goes down
n="$(view_count)"
xdotool mousedown 1
settle 0.3 # the viewer records the drag's start point on the first frame that sees the button down
for ((s = 1; s <= 20; s++)); do
  move $((X1 + DX * s / 20)) $((Y1 + DY * s / 20))
  sleep 0.03
done
settle 0.3
xdotool mouseup 1
if wait_view_change "$n" 5; then
  AFTER_DRAG="$(last_view)"
  read -r LON1 LAT1 U1 _ _ <<<"$(parse_view "$AFTER_DRAG")"
  say "after drag: $AFTER_DRAG"
  if holds 'a < b' a="$LON1" b="$LON0"; then
    pass "dragging right moved the centre west (lon $LON0 -> $LON1)"
  else
    fail "dragging right should decrease the centre's longitude: $LON0 -> $LON1"
  fi
  if [[ "$U1" == "$U0" ]]; then pass "dragging kept the resolution"; else fail "dragging changed units_per_pixel: $U0 -> $U1"; fi
  if [[ $HAVE_PROJ -eq 1 ]]; then
    # The map point that was at the window centre is now DX px right of it.
    before="$(screen_to_map $((W / 2)) $((H / 2)) "$LON0" "$LAT0" "$U0" "$W" "$H")"
    now="$(screen_to_map $((W / 2 + DX)) $((H / 2 + DY)) "$LON1" "$LAT1" "$U1" "$W" "$H")"
    d="$(px_dist "$before" "$now" "$U1")"
    if holds 'd <= 2' d="$d"; then
      pass "the map followed the pointer (off by $d px)"
    else
      fail "the map should move with the pointer by ${DX}px; the old centre is off by $d px"
    fi
  fi
else
  fail "dragging the map logged no view change"
  AFTER_DRAG="$INITIAL"
  read -r LON1 LAT1 U1 _ _ <<<"$(parse_view "$AFTER_DRAG")"
fi

# --- mouse wheel: 3 clicks up zoom in around the pointer ---------------------------------------------------
# (Between the Layers panel on the left and the Events panel on the right, above the timeline.)
ZX=520 ZY=240 CLICKS=3
move "$ZX" "$ZY"
settle 0.4
n="$(view_count)"
for ((s = 0; s < CLICKS; s++)); do
  xdotool click 4
  sleep 0.1
done
if wait_view_change "$n" 5; then
  AFTER_ZOOM="$(last_view)"
  read -r LON2 LAT2 U2 _ _ <<<"$(parse_view "$AFTER_ZOOM")"
  say "after wheel: $AFTER_ZOOM"
  if holds 'b < a' a="$U1" b="$U2"; then
    pass "wheel up zoomed in (units_per_pixel $U1 -> $U2)"
  else
    fail "wheel up should decrease units_per_pixel: $U1 -> $U2"
  fi
  ratio="$(awk -v a="$U1" -v b="$U2" 'BEGIN { printf "%.4f", a / b }')"
  if holds 'r > 1.25^3 * 0.99 && r < 1.25^3 * 1.01' r="$ratio"; then
    pass "each of $CLICKS wheel clicks zoomed by 1.25 (ratio $ratio)"
  else
    fail "expected a zoom ratio of 1.25^$CLICKS = 1.953 for $CLICKS wheel clicks, got $ratio"
  fi
  if [[ $HAVE_PROJ -eq 1 ]]; then
    before="$(screen_to_map "$ZX" "$ZY" "$LON1" "$LAT1" "$U1" "$W" "$H")"
    now="$(screen_to_map "$ZX" "$ZY" "$LON2" "$LAT2" "$U2" "$W" "$H")"
    d="$(px_dist "$before" "$now" "$U2")"
    ll0="$(inv $before)"
    ll1="$(inv $now)"
    if holds 'd <= 2' d="$d"; then
      pass "the point under the cursor stayed put ($ll0 -> $ll1, $d px)"
    else
      fail "the point under the cursor moved by $d px when zooming ($ll0 -> $ll1)"
    fi
  fi
else
  fail "the mouse wheel logged no view change"
fi

# --- the wheel over a panel scrolls the panel, not the map ------------------------------------------------
n="$(view_count)"
move 850 300 # the Events panel, docked on the right
settle 0.4
for ((s = 0; s < 3; s++)); do
  xdotool click 4
  sleep 0.1
done
if wait_view_change "$n" 2; then
  fail "the wheel over a panel zoomed the map: $(last_view)"
else
  pass "the wheel over a panel left the map alone"
fi

# --- Home: back to the initial view ------------------------------------------------------------------------
move "$ZX" "$ZY"
n="$(view_count)"
tap Home
if wait_view_change "$n" 5; then
  AFTER_HOME="$(last_view)"
  read -r LON3 LAT3 U3 _ _ <<<"$(parse_view "$AFTER_HOME")"
  say "after Home: $AFTER_HOME"
  if holds 'sqrt((a - b)^2) < 1e-4 && sqrt((c - d)^2) < 1e-4 && sqrt((u - v)^2) <= 1e-6 * u' \
    a="$LON3" b="$LON0" c="$LAT3" d="$LAT0" u="$U0" v="$U3"; then
    pass "Home restored the initial view"
  else
    fail "Home should restore the initial view: expected [$INITIAL], got [$AFTER_HOME]"
  fi
else
  fail "Home logged no view change"
fi

# --- '+' zooms in by 1.5 about the window centre -----------------------------------------------------------
n="$(view_count)"
read -r LON3 LAT3 U3 _ _ <<<"$(parse_view "$(last_view)")"
tap plus
if wait_view_change "$n" 5; then
  AFTER_PLUS="$(last_view)"
  read -r LON4 LAT4 U4 _ _ <<<"$(parse_view "$AFTER_PLUS")"
  say "after '+': $AFTER_PLUS"
  ratio="$(awk -v a="$U3" -v b="$U4" 'BEGIN { printf "%.4f", a / b }')"
  if holds 'r > 1.49 && r < 1.51' r="$ratio"; then
    pass "'+' zoomed in by 1.5 (units_per_pixel $U3 -> $U4)"
  else
    fail "'+' should zoom in by 1.5: units_per_pixel $U3 -> $U4 (ratio $ratio)"
  fi
  if holds 'sqrt((a - b)^2) < 1e-4 && sqrt((c - d)^2) < 1e-4' a="$LON4" b="$LON3" c="$LAT4" d="$LAT3"; then
    pass "'+' kept the centre"
  else
    fail "'+' moved the centre: $LON3,$LAT3 -> $LON4,$LAT4"
  fi
else
  fail "'+' logged no view change"
fi

if kill -0 "$APP_PID" 2>/dev/null; then
  pass "the viewer is still running"
else
  fail "the viewer died during the test"
fi

# --- a point file without a recognised date column: the column-mapping dialog ----------------------------------
# Named on the command line, a CSV whose date column is called "when" is not loaded blindly: the dialog opens,
# proposes "when" (its values parse as dates) and counts the rows that would load (4 of 5: "soon" is no date).
# Its Load button loads them.
kill "$APP_PID" 2>/dev/null
wait "$APP_PID" 2>/dev/null
CSV="$TMP/sightings.csv"
printf 'when,who,lon,lat\n2025-03-01,Russia,37.5,48.0\n2025-03-02,Ukraine,37.6,48.1\n03.03.2025,Russia,37.7,48.2\n2025-03-04,Ukraine,37.8,48.3\nsoon,Russia,37.9,48.4\n' >"$CSV"
LOG="$TMP/stdout2"
HOME="$TMP/home" XDG_CONFIG_HOME="$TMP/home/.config" "$BIN" --log-view --no-basemap --no-examples --size "${W}x$H" --projection "$LCC" "$CSV" >"$LOG" 2>>"$TMP/stderr" &
APP_PID=$!
# The first line of the viewer's log matching $1, waiting up to $2 seconds; empty when none came.
wait_line() {
  local i line=""
  for ((i = 0; i < $2 * 10; i++)); do
    line="$(grep -m 1 "$1" "$LOG" 2>/dev/null)"
    [[ -n "$line" ]] && break
    sleep 0.1
  done
  printf '%s' "$line"
}
DIALOG="$(wait_line '^dialog event_columns' 30)"
if [[ -z "$DIALOG" ]]; then
  fail "no column-mapping dialog for $CSV within 30 s"
  finish
fi
settle 1.5 # the dialog is logged again while its height settles; the last line tells where Load is
DIALOG="$(grep '^dialog event_columns' "$LOG" | tail -n 1)"
say "$DIALOG"
if [[ "$DIALOG" == *" file=sightings.csv date=when loadable=4 of=5 "* ]]; then
  pass "the dialog proposes the date column 'when' and counts 4 of 5 rows that load"
else
  fail "expected the dialog to propose 'when' with 4 of 5 rows loading: $DIALOG"
fi
WID="$(xdotool search --onlyvisible --pid "$APP_PID" --name '^frontmap$' 2>/dev/null | head -n 1)"
[[ -z "$WID" ]] && WID="$(xdotool search --onlyvisible --name '^frontmap$' 2>/dev/null | tail -n 1)"
timeout 5 xdotool windowfocus --sync "$WID" >/dev/null 2>&1 || timeout 5 xdotool windowfocus "$WID" >/dev/null 2>&1
BUTTON="${DIALOG##*load_button=}"
move "${BUTTON%,*}" "${BUTTON#*,}"
settle 0.5
xdotool mousedown 1
sleep 0.15
xdotool mouseup 1
LOADED="$(wait_line '^events file=sightings.csv' 20)"
if [[ "$LOADED" == "events file=sightings.csv loaded=4 date_field=when" ]]; then
  pass "Load read the 4 dated rows with the date column from the dialog"
else
  fail "expected 'events file=sightings.csv loaded=4 date_field=when' after pressing Load, got '$LOADED'"
fi
if kill -0 "$APP_PID" 2>/dev/null; then
  pass "the viewer is still running after loading through the dialog"
else
  fail "the viewer died after the column-mapping dialog"
fi

# --- panel places: a layout saved in a smaller window, and --reset-layout ---------------------------------------
# imgui.ini keeps panel places in pixels; one saved in a small window leaves the timeline in the middle of a larger
# one. The saved places are used as they are; --reset-layout (View > Reset panel layout) puts the timeline back
# along the bottom edge, full width, and saves that.
kill "$APP_PID" 2>/dev/null
wait "$APP_PID" 2>/dev/null
mkdir -p "$TMP/home3/.config/frontmap"
printf '[Window][Timeline]\nPos=0,60\nSize=400,150\nCollapsed=0\n' \
  >"$TMP/home3/.config/frontmap/imgui.ini"
layout_run() { # extra args...; sets LOG, leaves the panel lines in it
  LOG="$TMP/stdout3$#"
  HOME="$TMP/home3" XDG_CONFIG_HOME="$TMP/home3/.config" "$BIN" --log-view --no-basemap --no-examples --no-restore \
    --size "${W}x$H" --projection "$LCC" "$@" >"$LOG" 2>>"$TMP/stderr" &
  APP_PID=$!
  wait_line '^panel Timeline ' 30 >/dev/null
  settle 1.5
  kill "$APP_PID" 2>/dev/null
  wait "$APP_PID" 2>/dev/null
}
layout_run
TL="$(grep '^panel Timeline ' "$LOG" | tail -n 1)"
if [[ "$TL" == "panel Timeline x=0 y=60 w=400 h=150" ]]; then
  pass "a saved panel layout is used as saved ($TL)"
else
  fail "expected the timeline where imgui.ini put it (x=0 y=60 w=400 h=150): '$TL'"
fi
layout_run --reset-layout
TL="$(grep '^panel Timeline ' "$LOG" | tail -n 1)"
if [[ "$TL" == "panel Timeline x=0 y=$((H - 24 - 150)) w=$W h=150" ]]; then
  pass "--reset-layout puts the timeline along the bottom, full width ($TL)"
else
  fail "expected 'panel Timeline x=0 y=$((H - 24 - 150)) w=$W h=150' after --reset-layout: '$TL'"
fi
# The reset is saved: the next start without the option finds the default places.
layout_run
TL="$(grep '^panel Timeline ' "$LOG" | tail -n 1)"
if [[ "$TL" == "panel Timeline x=0 y=$((H - 24 - 150)) w=$W h=150" ]]; then
  pass "the reset layout is saved for the next start"
else
  fail "the next start should keep the reset layout: '$TL'"
fi
finish
