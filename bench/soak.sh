#!/usr/bin/env bash
# Soak test: the real viewer window under a private Xvfb, driven by random synthetic input from xdotool for a
# bounded time, while its resident memory (VmRSS) is sampled. Not part of the test suite (it takes minutes).
#
#   bench/soak.sh [PATH/TO/frontmap]        default: build/frontmap
#
# Environment:
#   SOAK_SECONDS   how long to drive the window (default 600)
#   SOAK_INTERVAL  seconds between memory samples (default 5)
#   SOAK_OUT       where the results go (default bench/out/soak-YYYYmmdd-HHMMSS)
#   SOAK_SEED      seed of the random actions (default: the time), so a run can be repeated
#   SOAK_SIZE      window size (default 1280x800)
#   SOAK_PACE      seconds a key or button is held and the pause after each step (default 0.8): Dear ImGui only
#                  sees input that is still there when a frame starts, and a frame with the base map and a few
#                  thousand events on a software renderer takes 0.3 s (median) to 4 s (p95) on a busy 2-core box
#   SOAK_SETTLE    seconds to let it load before the input starts (default 30; not part of SOAK_SECONDS)
#   SOAK_CYCLES    after the random input, this many repetitions of one fixed cycle (default 20; 0 = none): open
#                  a_areas.geojson through the File dialog, wait until the viewer reports it, pan there and back,
#                  zoom in twice and out twice at one point, click one event-filter checkbox twice (off, on), remove
#                  the layer through the Layers panel's menu, wait until the viewer reports it gone. Each cycle ends
#                  in the same state, so what a cache or the allocator keeps stops growing after the first few,
#                  while a leak adds about the same amount every cycle.
#
# Actions, each followed by a pause so the (software-rendered) frames catch up: drag to pan, mouse wheel to
# zoom, arrow/+/-/Home keys, clicks on the event filter's checkboxes and the timeline's buttons, Ctrl+O and a
# click on a file in the dialog then Enter (opening a layer), a right click on a layer in the Layers panel then
# "Remove" in its menu (closing one). The panel positions are Dear ImGui's first-use positions for SOAK_SIZE (the
# viewer gets a fresh HOME, so no saved imgui.ini moves them); opening and removing are best effort.
#
# Writes rss.csv (seconds,rss_kb), memory.log (the viewer's --log-memory lines: RSS, the C heap in use and kept free
# by malloc, layers, CPU and GPU mesh bytes), cycles.csv (one row per cycle, at its end: whether the open and the
# remove were seen, RSS, heap in use, heap kept free, mesh and GPU bytes), actions.log, frontmap.stderr, a
# screenshot every minute (when ImageMagick's `import` is there) and report.txt: RSS at the start, after loading and
# at the end, its peak, the least-squares slope of RSS while it was driven (kB/min; "flat" when it is under 1% of
# the mean per 10 minutes), for the cycles the per-cycle table and the slopes of RSS and of the heap in use over
# the last half of the cycles (kB/cycle), and whether frontmap was still alive at the end and exited cleanly when
# asked to quit. Exit status: 0 when it survived and quit with 0,
# 1 otherwise. Xvfb and frontmap are always stopped on exit.
set -u

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${1:-$ROOT/build/frontmap}"
DURATION="${SOAK_SECONDS:-600}"
INTERVAL="${SOAK_INTERVAL:-5}"
SEED="${SOAK_SEED:-$(date +%s)}"
SIZE="${SOAK_SIZE:-1280x800}"
PACE="${SOAK_PACE:-0.8}"
SETTLE="${SOAK_SETTLE:-30}"
CYCLES="${SOAK_CYCLES:-20}"
OUT="${SOAK_OUT:-$ROOT/bench/out/soak-$(date +%Y%m%d-%H%M%S)}"
W="${SIZE%x*}"
H="${SIZE#*x}"

say() { printf '[soak] %s\n' "$*"; }
die() {
  say "ERROR: $*"
  exit 2
}
[[ -x "$BIN" ]] || die "no executable at $BIN (build it: ./scripts/setup.sh build)"
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"  # it runs from the folder of its layers
for tool in Xvfb xdotool python3; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed (Debian packages xvfb xdotool python3)"
done
[[ "$DURATION" =~ ^[0-9]+$ && "$INTERVAL" =~ ^[0-9]+$ && $INTERVAL -gt 0 && "$SETTLE" =~ ^[0-9]+$ && "$CYCLES" =~ ^[0-9]+$ ]] ||
  die "SOAK_SECONDS, SOAK_INTERVAL, SOAK_SETTLE and SOAK_CYCLES must be whole numbers"
[[ "$PACE" =~ ^[0-9]*\.?[0-9]+$ ]] || die "SOAK_PACE must be a number of seconds"
HOLD="$(awk -v p="$PACE" 'BEGIN { printf "%.2f", p / 2 }')"

mkdir -p "$OUT"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/fm-soak.XXXXXX")"
FILES="$WORK/files"
mkdir -p "$FILES" "$WORK/home"
APP_PID=""
XVFB_PID=""
SAMPLER_PID=""

cleanup() {
  local pid
  [[ -n "${DISPLAY:-}" ]] && xdotool mouseup 1 >/dev/null 2>&1
  for pid in "$SAMPLER_PID" "$APP_PID" "$XVFB_PID"; do
    [[ -n "$pid" ]] || continue
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null
      for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
        [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" == [^Z]* ]] || break
        sleep 0.1
      done
      kill -9 "$pid" 2>/dev/null
    fi
    wait "$pid" 2>/dev/null
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT
trap 'say "terminated"; exit 143' TERM

# --- the layers it opens and closes ---------------------------------------------------------------------------
python3 - "$FILES" <<'EOF'
import json, math, os, random, sys
d = sys.argv[1]
rnd = random.Random(7)
def fc(features):
    return {"type": "FeatureCollection", "features": features}
def feat(geom, **props):
    return {"type": "Feature", "properties": props, "geometry": geom}
# Polygons: 200 random stars over Ukraine, 40 vertices each.
polys = []
for i in range(200):
    cx, cy, r = rnd.uniform(24, 40), rnd.uniform(45, 52), rnd.uniform(0.05, 0.6)
    ring = [[cx + (r if k % 2 else r / 2) * math.cos(2 * math.pi * k / 40),
             cy + (r if k % 2 else r / 2) * math.sin(2 * math.pi * k / 40) * 0.7] for k in range(40)]
    ring.append(ring[0])
    polys.append(feat({"type": "Polygon", "coordinates": [ring]}, name=f"area {i}", status=rnd.choice(["occupied", "liberated", "grey"])))
json.dump(fc(polys), open(os.path.join(d, "a_areas.geojson"), "w"))
# Lines: 100 random walks.
lines = []
for i in range(100):
    x, y = rnd.uniform(24, 40), rnd.uniform(45, 52)
    pts = []
    for _ in range(60):
        x += rnd.uniform(-0.1, 0.1); y += rnd.uniform(-0.07, 0.07); pts.append([x, y])
    lines.append(feat({"type": "LineString", "coordinates": pts}, name=f"route {i}"))
json.dump(fc(lines), open(os.path.join(d, "b_routes.geojson"), "w"))
# Events: 1000 rows over March 2025 with actors and types.
types = ["battle", "strike", "drone_missile", "visit", "talks", "statement"]
actors = ["Russia", "Ukraine", "United States", "Russia;Ukraine"]
with open(os.path.join(d, "c_events.csv"), "w") as f:
    f.write("event_id,date_start,actors,type,precision,lon,lat,place\n")
    for i in range(1000):
        f.write(f"e{i},2025-03-{rnd.randint(1, 31):02d},{rnd.choice(actors)},{rnd.choice(types)},"
                f"{rnd.choice(['exact', 'town', 'district', 'region'])},{rnd.uniform(24, 40):.4f},{rnd.uniform(45, 52):.4f},p{i}\n")
# Points.
pts = [feat({"type": "Point", "coordinates": [rnd.uniform(24, 40), rnd.uniform(45, 52)]}, name=f"pt {i}") for i in range(500)]
json.dump(fc(pts), open(os.path.join(d, "d_points.geojson"), "w"))
EOF
mapfile -t LAYER_FILES < <(ls "$FILES")

# --- Xvfb -------------------------------------------------------------------------------------------------------
start_xvfb() {
  local n i
  for ((n = 180; n <= 210; n++)); do
    [[ -e "/tmp/.X11-unix/X$n" || -e "/tmp/.X$n-lock" ]] && continue
    Xvfb ":$n" -screen 0 "$((W + 16))x$((H + 16))x24" -nolisten tcp -noreset >"$OUT/xvfb.log" 2>&1 &
    XVFB_PID=$!
    for ((i = 0; i < 100; i++)); do
      kill -0 "$XVFB_PID" 2>/dev/null || break
      if [[ -S "/tmp/.X11-unix/X$n" ]] && DISPLAY=":$n" timeout 5 xdotool getdisplaygeometry >/dev/null 2>&1; then
        export DISPLAY=":$n"
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
unset DISPLAY WAYLAND_DISPLAY
start_xvfb || die "could not start Xvfb"
say "Xvfb on DISPLAY=$DISPLAY (pid $XVFB_PID); results in $OUT"

# --- frontmap ---------------------------------------------------------------------------------------------------
cd "$FILES" || die "cannot enter $FILES"
HOME="$WORK/home" XDG_STATE_HOME="$WORK/state" "$BIN" "${LAYER_FILES[@]}" --size "$SIZE" --log-memory 1 >"$OUT/frontmap.stdout" 2>"$OUT/frontmap.stderr" &
APP_PID=$!
WID=""
for ((i = 0; i < 300; i++)); do # up to 30 s for the window
  kill -0 "$APP_PID" 2>/dev/null || break
  WID="$(xdotool search --onlyvisible --pid "$APP_PID" --name '^frontmap$' 2>/dev/null | head -n 1)"
  [[ -n "$WID" ]] && break
  sleep 0.1
done
[[ -n "$WID" ]] || die "the frontmap window did not appear (see $OUT/frontmap.stderr)"
xdotool windowmove "$WID" 0 0 >/dev/null 2>&1
xdotool windowfocus --sync "$WID" >/dev/null 2>&1 || xdotool windowfocus "$WID" >/dev/null 2>&1
say "frontmap pid $APP_PID, window $WID, ${#LAYER_FILES[@]} layers given; driving it for ${DURATION}s (seed $SEED)"

# --- memory sampler -----------------------------------------------------------------------------------------------
echo "seconds,rss_kb" >"$OUT/rss.csv"
(
  t0=$(date +%s)
  while kill -0 "$APP_PID" 2>/dev/null; do
    rss="$(awk '/^VmRSS:/ { print $2 }' "/proc/$APP_PID/status" 2>/dev/null)"
    [[ -n "$rss" ]] && echo "$(($(date +%s) - t0)),$rss" >>"$OUT/rss.csv"
    sleep "$INTERVAL"
  done
) &
SAMPLER_PID=$!

# --- random input ---------------------------------------------------------------------------------------------------
RANDOM=$SEED
rnd() { echo $((RANDOM % ($2 - $1 + 1) + $1)); } # inclusive
log_action() { printf '%s %s\n' "$(($(date +%s) - START))" "$*" >>"$OUT/actions.log"; }
# Held keys and buttons (see SOAK_PACE), so that every press and release is seen by a frame.
tap() {
  xdotool keydown "$@" 2>/dev/null
  sleep "$PACE"
  xdotool keyup "$@" 2>/dev/null
  sleep "$HOLD"
}
click() { # x y [button]
  xdotool mousemove "$1" "$2" 2>/dev/null
  sleep "$HOLD"
  xdotool mousedown "${3:-1}" 2>/dev/null
  sleep "$PACE"
  xdotool mouseup "${3:-1}" 2>/dev/null
  sleep "$PACE"
}
# The map area free of panels (Layers on the left, Events on the right, the timeline at the bottom).
map_x() { rnd 330 $((W - 330)); }
map_y() { rnd 60 $((H - 200)); }

drag() { # x y dx dy: a drag in five steps
  xdotool mousemove "$1" "$2" mousedown 1 2>/dev/null
  sleep "$HOLD"
  for step in 1 2 3 4 5; do
    xdotool mousemove "$(($1 + $3 * step / 5))" "$(($2 + $4 * step / 5))" 2>/dev/null
    sleep "$HOLD"
  done
  xdotool mouseup 1 2>/dev/null
}
act_pan() {
  local x y dx dy
  x=$(map_x) y=$(map_y) dx=$(rnd -150 150) dy=$(rnd -100 100)
  log_action "pan from $x,$y by $dx,$dy"
  drag "$x" "$y" "$dx" "$dy"
}
act_zoom() {
  local x y b n
  x=$(map_x) y=$(map_y) b=$((4 + RANDOM % 2)) n=$(rnd 1 4)
  log_action "wheel $([[ $b == 4 ]] && echo in || echo out) x$n at $x,$y"
  xdotool mousemove "$x" "$y" 2>/dev/null
  for ((k = 0; k < n; k++)); do
    xdotool click "$b" 2>/dev/null
    sleep "$HOLD"
  done
}
act_keys() {
  local keys=(Left Right Up Down plus minus Left Right Up Down plus minus Home)
  local k="${keys[$((RANDOM % ${#keys[@]}))]}"
  log_action "key $k"
  xdotool mousemove "$(map_x)" "$(map_y)" 2>/dev/null
  tap "$k"
}
# The Events panel's checkboxes (actors, event types, precisions) and its All/No types buttons.
act_filter() {
  local rows=(119 144 169 194 263 288 313 338 363 388 413 438 486 511 536) buttons=("1029 241" "1101 241")
  if ((RANDOM % 4 == 0)); then
    local b="${buttons[$((RANDOM % 2))]}"
    log_action "filter button at $b"
    click $b
  else
    local y="${rows[$((RANDOM % ${#rows[@]}))]}"
    log_action "filter checkbox at 1008,$y"
    click 1008 "$y"
  fi
}
# The timeline's buttons: « ‹ › » All, and Play (pressed twice: on, then off a little later).
act_timeline() {
  local xs=(352 386 419 453 485)
  if ((RANDOM % 3 == 0)); then
    log_action "timeline play/stop"
    click 37 690
    sleep "$(rnd 1 3)"
    click 37 690
  else
    local x="${xs[$((RANDOM % ${#xs[@]}))]}"
    log_action "timeline button at $x,665"
    click "$x" 665
  fi
}
# Ctrl+O, a file of the working folder (the dialog opens there and lists only our files), its Open button (Enter
# does not open the selection).
open_file() { # index in LAYER_FILES
  tap ctrl+o
  sleep "$PACE"
  click 450 $((200 + 19 * $1))
  click $((W * 967 / 1280)) $((H * 683 / 800))
}
act_open() {
  local i=$((RANDOM % ${#LAYER_FILES[@]}))
  log_action "open ${LAYER_FILES[$i]} through the dialog"
  open_file "$i"
  sleep "$PACE"
  # The dialog is modal: if it is still open, its Cancel button (where it first appears), else the timeline.
  click $((W * 1066 / 1280)) $((H * 683 / 800))
}
# Right click on one of the first rows of the Layers panel, then "Remove": the menu opens with its top left corner at
# the mouse, and Remove is its 4th item, about 67 px down.
act_remove() {
  local y=$((98 + 25 * (RANDOM % 4)))
  log_action "remove the layer at row y=$y"
  click 110 "$y" 3
  sleep "$PACE"
  click 150 $((y + 67))
  tap Escape
}

say "letting it load for ${SETTLE}s"
sleep "$SETTLE"
START=$(date +%s)
END=$((START + DURATION))
next_shot=$START
actions=0
while (($(date +%s) < END)); do
  kill -0 "$APP_PID" 2>/dev/null || break
  r=$((RANDOM % 100))
  if ((r < 30)); then act_pan
  elif ((r < 50)); then act_zoom
  elif ((r < 65)); then act_keys
  elif ((r < 80)); then act_filter
  elif ((r < 88)); then act_timeline
  elif ((r < 94)); then act_open
  else act_remove
  fi
  actions=$((actions + 1))
  sleep "$PACE"
  if command -v import >/dev/null 2>&1 && (($(date +%s) >= next_shot)); then
    import -window root "$OUT/screen-$(printf '%04d' $(($(date +%s) - START))).png" 2>/dev/null
    next_shot=$((next_shot + 60))
  fi
done

# --- the fixed cycle ---------------------------------------------------------------------------------------------
# The viewer's latest --log-memory line, and one of its fields.
mem_line() { grep '^memory ' "$OUT/frontmap.stdout" 2>/dev/null | tail -n 1; }
mem_field() { sed -n "s/.* $1=\([0-9.-]*\).*/\1/p" <<<"$2"; }
# Waits (up to $2 s) until the viewer's user_layers is $1; prints the line; fails on timeout.
wait_layers() {
  local want="$1" limit="$2" t0 line
  t0=$(date +%s)
  while (($(date +%s) - t0 < limit)); do
    kill -0 "$APP_PID" 2>/dev/null || return 1
    line="$(mem_line)"
    [[ "$(mem_field user_layers "$line")" == "$want" && "$(mem_field jobs "$line")" == 0 ]] && return 0
    sleep 1
  done
  return 1
}
CYCLE_FILE=0 # a_areas.geojson, the first file of the dialog's list
if ((CYCLES > 0)) && kill -0 "$APP_PID" 2>/dev/null; then
  say "random input done; now $CYCLES cycles of open a_areas.geojson, pan, zoom, filter, remove"
  echo "cycle,seconds,opened,removed,rss_kb,heap_used_kb,heap_free_kb,mesh_kb,gpu_kb,user_layers" >"$OUT/cycles.csv"
  # Close whatever the random input left open, and start from the layers as they are now.
  tap Escape
  tap Escape
  wait_layers "$(mem_field user_layers "$(mem_line)")" 60
  base_layers="$(mem_field user_layers "$(mem_line)")"
  cx=$((W / 2)) cy=$(((60 + H - 200) / 2))
  for ((c = 1; c <= CYCLES; c++)); do
    kill -0 "$APP_PID" 2>/dev/null || break
    opened=no removed=no
    log_action "cycle $c: open ${LAYER_FILES[$CYCLE_FILE]}"
    open_file "$CYCLE_FILE"
    wait_layers $((base_layers + 1)) 60 && opened=yes
    [[ $opened == yes ]] || { tap Escape; log_action "cycle $c: the layer did not appear"; }
    log_action "cycle $c: pan, zoom, filter"
    drag "$cx" "$cy" 120 60
    sleep "$PACE"
    drag "$cx" "$cy" -120 -60
    sleep "$PACE"
    xdotool mousemove "$cx" "$cy" 2>/dev/null
    for b in 4 4 5 5; do
      xdotool click "$b" 2>/dev/null
      sleep "$PACE"
    done
    click 1008 169
    click 1008 169
    log_action "cycle $c: remove the top layer"
    if [[ $opened == yes ]]; then
      click 110 98 3
      sleep "$PACE"
      click 150 $((98 + 67))
      tap Escape
      wait_layers "$base_layers" 60 && removed=yes
    fi
    sleep "$INTERVAL" # GPU copies of a removed layer's meshes go after 120 unused frames; let a few samples pass
    line="$(mem_line)"
    echo "$c,$(($(date +%s) - START)),$opened,$removed,$(mem_field rss_kb "$line"),$(mem_field heap_used_kb "$line"),$(mem_field heap_free_kb "$line"),$(mem_field mesh_kb "$line"),$(mem_field gpu_kb "$line"),$(mem_field user_layers "$line")" >>"$OUT/cycles.csv"
    say "cycle $c: opened=$opened removed=$removed rss=$(mem_field rss_kb "$line") kB heap_used=$(mem_field heap_used_kb "$line") kB"
    # Removing failed: take the layer away by any means before the next cycle, or the cycles are not the same.
    [[ $opened == yes && $removed == no ]] && { click 110 98 3; sleep "$PACE"; click 150 $((98 + 67)); tap Escape; wait_layers "$base_layers" 30; }
  done
fi
ELAPSED=$(($(date +%s) - START))
grep '^memory ' "$OUT/frontmap.stdout" >"$OUT/memory.log" 2>/dev/null

# --- the end: alive? then ask it to quit ---------------------------------------------------------------------------
ALIVE=no
kill -0 "$APP_PID" 2>/dev/null && [[ "$(ps -o stat= -p "$APP_PID" 2>/dev/null)" == [^Z]* ]] && ALIVE=yes
sleep "$INTERVAL" # one more sample
kill "$SAMPLER_PID" 2>/dev/null
wait "$SAMPLER_PID" 2>/dev/null
SAMPLER_PID=""
EXIT_STATUS=""
if [[ $ALIVE == yes ]]; then
  # Close whatever dialog or menu the random clicks left open (Ctrl+Q is not seen while one has the keyboard).
  xdotool windowfocus "$WID" >/dev/null 2>&1
  xdotool mousemove "$(map_x)" "$(map_y)" 2>/dev/null
  for _ in 1 2 3; do
    tap Escape
    sleep 0.3
  done
  tap ctrl+q
  for ((i = 0; i < 200; i++)); do # up to 20 s to quit
    kill -0 "$APP_PID" 2>/dev/null || break
    [[ "$(ps -o stat= -p "$APP_PID" 2>/dev/null)" == Z* ]] && break
    if ((i % 30 == 29)); then
      tap Escape
      tap ctrl+q
    fi
    sleep 0.1
  done
  if kill -0 "$APP_PID" 2>/dev/null && [[ "$(ps -o stat= -p "$APP_PID" 2>/dev/null)" != Z* ]]; then
    say "frontmap did not quit on Ctrl+Q within 20 s; screenshot in $OUT/screen-quit.png; sending SIGTERM"
    command -v import >/dev/null 2>&1 && import -window root "$OUT/screen-quit.png" 2>/dev/null
    kill -TERM "$APP_PID" 2>/dev/null
    sleep 2
    EXIT_STATUS="did not quit on Ctrl+Q within 20 s (a dialog left open?); SIGTERM"
  else
    wait "$APP_PID"
    EXIT_STATUS="$?"
    APP_PID=""
  fi
else
  wait "$APP_PID"
  EXIT_STATUS="$? (died during the run)"
  APP_PID=""
fi

# --- report ---------------------------------------------------------------------------------------------------------
python3 - "$OUT" "$ELAPSED" "$actions" "$ALIVE" "$EXIT_STATUS" "$SEED" "$SETTLE" <<'EOF' | tee "$OUT/report.txt"
import csv, sys
out, elapsed, actions, alive, status, seed, settle = sys.argv[1:8]
settle = float(settle)
rows = [(float(r["seconds"]), float(r["rss_kb"])) for r in csv.DictReader(open(f"{out}/rss.csv"))]
print(f"soak: {settle:.0f} s loading, then {elapsed} s of random input, {actions} actions (seed {seed})")
driven = [r for r in rows if r[0] >= settle]  # loading the base map and the layers is not a leak
if len(driven) < 3:
    print("too few memory samples for a trend")
else:
    m = [r[1] for r in rows]
    n = len(driven)
    mx = sum(r[0] for r in driven) / n
    my = sum(r[1] for r in driven) / n
    sxx = sum((r[0] - mx) ** 2 for r in driven)
    slope = sum((r[0] - mx) * (r[1] - my) for r in driven) / sxx * 60 if sxx else 0.0  # kB per minute
    flat = abs(slope) * 10 < 0.01 * my
    print(f"RSS: {m[0] / 1024:.1f} MB at start, {driven[0][1] / 1024:.1f} MB after loading, {driven[-1][1] / 1024:.1f} MB "
          f"at the end, peak {max(m) / 1024:.1f} MB; {len(rows)} samples")
    print(f"RSS trend while driven (least squares over {n} samples): {slope:+.1f} kB/min ({slope * 60 / 1024:+.2f} MB/h): "
          f"{'flat' if flat else 'GROWING' if slope > 0 else 'shrinking'}")
import os
cyc = f"{out}/cycles.csv"
if os.path.exists(cyc):
    rows = list(csv.DictReader(open(cyc)))
    good = [r for r in rows if r["opened"] == "yes" and r["removed"] == "yes" and r["rss_kb"] and r["heap_used_kb"]]
    print(f"cycles: {len(rows)} run, {len(good)} with the open and the remove both seen")
    print("cycle  s     opened removed  RSS MB  heap used MB  heap free MB  CPU meshes MB  GPU MB")
    for r in rows:
        f = lambda k: f"{float(r[k]) / 1024:8.1f}" if r[k] else "       ?"
        print(f"{r['cycle']:>5} {r['seconds']:>5}  {r['opened']:>6} {r['removed']:>7} {f('rss_kb')}  {f('heap_used_kb')}    "
              f"{f('heap_free_kb')}      {f('mesh_kb')}   {f('gpu_kb')}")
    half = good[len(good) // 2:]
    def fit(key):
        xs = [float(r["cycle"]) for r in half]
        ys = [float(r[key]) for r in half]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        sxx = sum((x - mx) ** 2 for x in xs)
        return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0
    if len(half) >= 3:
        s_rss, s_heap = fit("rss_kb"), fit("heap_used_kb")
        print(f"last half ({len(half)} cycles, {half[0]['cycle']}..{half[-1]['cycle']}): RSS {s_rss:+.1f} kB/cycle, "
              f"heap in use {s_heap:+.1f} kB/cycle")
    else:
        print("too few complete cycles for a slope")
print(f"frontmap alive at the end: {alive}; exit status after Ctrl+Q: {status}")
EOF
if [[ $ALIVE == yes && "$EXIT_STATUS" == 0 ]]; then
  say "OK: survived ${ELAPSED}s and quit cleanly"
  exit 0
fi
say "FAIL: alive=$ALIVE, exit status: $EXIT_STATUS (see $OUT/frontmap.stderr)"
exit 1
