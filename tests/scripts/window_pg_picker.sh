#!/usr/bin/env bash
# The PostGIS table picker in the real window. A throw-away PostgreSQL + PostGIS cluster (scripts/pg_cluster.sh)
# holds a table of areas, a view of some of them, a table of events and a table without geometry. Opened from the
# command line without `tables=`, the connection shows the picker; the test clicks where --log-view says
# (`dialog tables … open_button=x,y all_button=x,y checks=x,y;x,y…`) and reads what loaded (`pg_layer kind=…`):
#   - the picker lists exactly the tables and views with a geometry column, and shows no password;
#   - ticking one table and pressing Open opens that one (polygons), no other, and the server's statement log
#     shows its read by the view's box (`&&`) and no read of the others;
#   - "All" then Open opens every one, the events table as an event layer, read by the box as well;
#   - a role the server does not know: an error message naming the source, without the password, and no picker.
#
#   bash tests/scripts/window_pg_picker.sh PATH/TO/frontmap [REPO_ROOT]
#
# Uses $DISPLAY when it answers, else a private Xvfb (scripts/xvfb_run.sh); exits 77 without X, xdotool or
# PostgreSQL/PostGIS. Prints "N passed, N failed"; exits 1 when a check failed. Bounded by FM_TEST_TIMEOUT
# (default 150 s).
set -u

BIN="${1:?usage: window_pg_picker.sh PATH/TO/frontmap [REPO_ROOT]}"
ROOT="${2:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
LIMIT="${FM_TEST_TIMEOUT:-150}"
W=1000
H=700
say() { printf '[window_pg_picker] %s\n' "$*"; }
[[ -x "$BIN" ]] || { say "no executable at $BIN"; exit 1; }
command -v xdotool >/dev/null 2>&1 || { say "SKIP: xdotool is not installed"; exit 77; }
# shellcheck source=scripts/pg_cluster.sh
source "$ROOT/scripts/pg_cluster.sh"
pg_cluster_check 2>/dev/null || { say "SKIP: PostgreSQL 15/PostGIS not installed (./scripts/setup.sh installs them)"; exit 77; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/fm-pg-picker.XXXXXX")"
chmod 755 "$TMP" # the server runs as postgres when we are root: it must reach its folder
APP_PID=""
WATCHDOG_PID=""
# shellcheck source=scripts/xvfb_run.sh
source "$ROOT/scripts/xvfb_run.sh"
stop_app() {
  [[ -n "$APP_PID" ]] || return 0
  kill "$APP_PID" 2>/dev/null
  for _ in $(seq 1 30); do
    [[ "$(ps -o stat= -p "$APP_PID" 2>/dev/null)" == [^Z]* ]] || break
    sleep 0.1
  done
  kill -9 "$APP_PID" 2>/dev/null
  wait "$APP_PID" 2>/dev/null
  APP_PID=""
}
cleanup() {
  [[ -n "${DISPLAY:-}" ]] && xdotool mouseup 1 >/dev/null 2>&1
  stop_app
  [[ -n "$WATCHDOG_PID" ]] && kill "$WATCHDOG_PID" 2>/dev/null && wait "$WATCHDOG_PID" 2>/dev/null
  pg_cluster_stop
  xvfb_stop >/dev/null
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'say "interrupted"; exit 130' INT
trap 'say "FAIL: took longer than ${LIMIT}s (or was terminated)"; exit 124' TERM
(
  trap 'kill "$sp" 2>/dev/null; wait "$sp" 2>/dev/null; exit 0' TERM
  sleep "$LIMIT" &
  sp=$!
  wait "$sp" && kill -TERM $$ 2>/dev/null
) >/dev/null 2>&1 &
WATCHDOG_PID=$!

if [[ -z "${DISPLAY:-}" ]] || ! timeout 5 xdotool getdisplaygeometry >/dev/null 2>&1; then
  unset DISPLAY
  xvfb_start >/dev/null || { say "SKIP: no X display and Xvfb could not be started"; exit 77; }
fi
say "DISPLAY=$DISPLAY"

PASSED=0
FAILED=0
pass() { PASSED=$((PASSED + 1)); say "PASS: $*"; }
fail() { FAILED=$((FAILED + 1)); say "FAIL: $*"; }
finish() {
  printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
  if [[ $FAILED -gt 0 ]]; then
    for f in "$TMP"/run*.out "$TMP"/run*.err; do
      [[ -s $f ]] && { say "$(basename "$f") (last 10 lines):"; grep -v '^view ' "$f" | tail -n 10 | sed 's/^/    /'; }
    done
    exit 1
  fi
  exit 0
}

# --- the cluster and its fixtures ---------------------------------------------------------------------------------
if ! pg_cluster_start "$TMP/pg" log_statement=all >"$TMP/pg_start.txt" 2>&1; then
  fail "could not start a PostgreSQL cluster"
  sed 's/^/    /' "$TMP/pg_start.txt"
  finish
fi
say "cluster on 127.0.0.1:$PGC_PORT"
# Areas: 9 × 5 squares of 1.8° on a 2° grid from 22° E, 44° N; a view of the northern ones; 200 events with the
# columns frontmap recognises, over the same ground in March 2025; notes, without geometry (not listed).
if pg_sql "CREATE TABLE areas (id serial PRIMARY KEY, name text, geom geometry(Polygon, 4326));
  INSERT INTO areas (name, geom) SELECT 'square ' || x || ',' || y, ST_MakeEnvelope(22 + 2 * x, 44 + 2 * y, 23.8 + 2 * x, 45.8 + 2 * y, 4326)
    FROM generate_series(0, 8) AS x, generate_series(0, 4) AS y;
  CREATE VIEW areas_north AS SELECT * FROM areas WHERE ST_YMin(geom) >= 50;
  CREATE TABLE events (id serial PRIMARY KEY, event_id text, date_start date, date_end date, actors text, type text,
    place text, precision text, geom geometry(Point, 4326));
  INSERT INTO events (event_id, date_start, actors, type, place, precision, geom)
    SELECT 'e' || i, date '2025-03-01' + i % 31, (ARRAY['Russia', 'Ukraine'])[1 + i % 2], (ARRAY['battle', 'strike'])[1 + i % 2],
      'p' || i, 'exact', ST_SetSRID(ST_MakePoint(24 + (i % 20) * 0.7, 45 + (i / 20) * 0.8), 4326)
    FROM generate_series(0, 199) AS i;
  CREATE TABLE notes (id int, note text);
  ANALYZE;" >"$TMP/fixtures.txt" 2>&1; then
  pass "fixtures loaded (areas, areas_north, events, notes)"
else
  fail "loading the fixtures"
  sed 's/^/    /' "$TMP/fixtures.txt"
  finish
fi
# The password is what the user typed; the server (trust) ignores it; it must never come back out.
CONN="$PGC_CONN password=hunter2"

# --- helpers --------------------------------------------------------------------------------------------------------
RUN=0
# The view (29-33° E, 47-50° N, and half as much again on each side) holds part of every table: a table the
# widened view holds whole is read without a box.
start_app() { # connection: starts the viewer on it (no tables=), with HOME and XDG folders of its own
  RUN=$((RUN + 1))
  OUT="$TMP/run$RUN.out"
  ERR="$TMP/run$RUN.err"
  mkdir -p "$TMP/home$RUN"
  HOME="$TMP/home$RUN" XDG_CONFIG_HOME="$TMP/home$RUN/.config" XDG_STATE_HOME="$TMP/home$RUN/.local/state" \
    "$BIN" --log-view --no-basemap --no-examples --no-restore --size "${W}x$H" --extent 29,47,33,50 "$1" >"$OUT" 2>"$ERR" &
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
}
# The last line of the viewer's output matching $1, waiting up to $2 s for a first one; empty when none came.
wait_line() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    grep -q "$1" "$OUT" 2>/dev/null && break
    sleep 0.1
  done
  grep "$1" "$OUT" 2>/dev/null | tail -n 1
}
# The picker as last logged, once its place has settled (it is logged again while it grows to its height).
picker_line() {
  [[ -n "$(wait_line '^dialog tables ' 30)" ]] || return 1
  sleep 1
  grep '^dialog tables ' "$OUT" | tail -n 1
}
field() { sed -E "s/.* $1=([^ ]*).*/\1/" <<<"$2"; } # field NAME LINE
# A click held for 150 ms, like a person's (ImGui 1.86 misses a press released within the same frame).
click() { # x,y
  xdotool mousemove --window "$WID" "${1%,*}" "${1#*,}"
  sleep 0.4
  xdotool mousedown 1
  sleep 0.15
  xdotool mouseup 1
  sleep 0.3
}
pg_layers() { grep -c '^pg_layer ' "$OUT" 2>/dev/null || true; }
# Waits up to $2 s until $1 pg_layer lines were logged, then 3 s more (a layer too many would show then).
wait_layers() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    [[ $(pg_layers) -ge $1 ]] && break
    sleep 0.1
  done
  sleep 3
}
# What the server was sent since byte $1 of its log: the driver's reads of a table (cursors OGRPGLayerReader…).
reads_of() { # log-start table
  tail -c +"$(($1 + 1))" "$PGC_LOG" | grep -E "DECLARE OGRPGLayerReader[^ ]* CURSOR for SELECT .* FROM (\"public\"\\.)?\"$2\""
}
read_by_box() { reads_of "$1" "$2" | grep -F '&&' | grep -qF "'::box3d,4326)"; }

# --- 1. the picker; one table ticked and opened ---------------------------------------------------------------------
LOG_START=$(wc -c <"$PGC_LOG")
if ! start_app "$CONN"; then
  fail "the viewer did not show its window"
  finish
fi
pass "window up on $PGC_CONN (no tables=)"
PICKER="$(picker_line)" || { fail "no table picker within 30 s"; finish; }
say "$PICKER"
TABLES="$(field tables "$PICKER")"
[[ "$TABLES" == "areas,areas_north,events" ]] &&
  pass "the picker lists the tables and views with geometry, not notes: $TABLES" ||
  fail "the picker lists '$TABLES', want areas,areas_north,events"
[[ "$PICKER" == *"dbname=fm"* && "$PICKER" != *hunter2* ]] &&
  pass "the picker names the source without the password" || fail "the picker's source: $PICKER"
IFS=';' read -r -a CHECKS <<<"$(field checks "$PICKER")"
OPEN="$(field open_button "$PICKER")"
ALL="$(field all_button "$PICKER")"
if [[ ${#CHECKS[@]} -ne 3 || "${CHECKS[0]}" == -1,* || -z "$OPEN" || -z "$ALL" ]]; then
  fail "the picker's line has no usable places: checks=${CHECKS[*]} open_button=$OPEN all_button=$ALL"
  finish
fi
click "${CHECKS[0]}"
click "$OPEN"
wait_layers 1 20
LAYER="$(grep '^pg_layer ' "$OUT" | head -n 1)"
FEATURES="$(field features "$LAYER")"
# (The box holds 36 of the 45 squares: only they are fetched.)
if [[ "$LAYER" == "pg_layer kind=polygons features="*" source=$PGC_CONN tables=areas" && $(pg_layers) -eq 1 &&
  $FEATURES -gt 0 && $FEATURES -lt 45 ]]; then
  pass "ticking areas and Open opened areas alone, $FEATURES of its 45 squares in the view's box: $LAYER"
else
  fail "expected one 'pg_layer kind=polygons … source=$PGC_CONN tables=areas', got $(pg_layers): $(grep '^pg_layer ' "$OUT" | tr '\n' '|')"
fi
if read_by_box "$LOG_START" areas; then
  pass "the server's log shows areas read by the view's box (geom && box)"
else
  fail "no read of areas by the box in the server's log"
  tail -c +"$((LOG_START + 1))" "$PGC_LOG" | grep -F '"areas"' | head -5 | cut -c1-300 | sed 's/^/    /'
fi
if reads_of "$LOG_START" areas_north | grep -q . || reads_of "$LOG_START" events | grep -q .; then
  fail "tables not ticked were read"
else
  pass "no read of the tables not ticked"
fi
grep -q hunter2 "$OUT" "$TMP/run1.err" && fail "the password appears in the viewer's output" ||
  pass "the password appears nowhere in the viewer's output"
stop_app

# --- 2. All, then Open: every table, the events as an event layer ---------------------------------------------------
LOG_START=$(wc -c <"$PGC_LOG")
if start_app "$CONN" && PICKER="$(picker_line)"; then
  click "$(field all_button "$PICKER")"
  click "$(field open_button "$PICKER")"
  wait_layers 3 30
  KINDS="$(grep '^pg_layer ' "$OUT" | sed -E 's/^pg_layer kind=([^ ]*) .* tables=(.*)$/\2:\1/' | sort | tr '\n' ' ')"
  [[ "$KINDS" == "areas:polygons areas_north:polygons events:events " ]] &&
    pass "All and Open opened all three, events as an event layer: $KINDS" ||
    fail "All and Open: want 'areas:polygons areas_north:polygons events:events', got '$KINDS'"
  if read_by_box "$LOG_START" events; then
    pass "the server's log shows the events read by the view's box"
  else
    fail "no read of events by the box in the server's log"
    reads_of "$LOG_START" events | head -3 | cut -c1-300 | sed 's/^/    /'
  fi
else
  fail "no picker on the second start"
fi
stop_app

# --- 3. a role the server does not know: a message, no password, no picker ------------------------------------------
if start_app "${CONN/user=fm/user=nosuch}"; then
  ERRLINE=""
  for _ in $(seq 1 150); do
    ERRLINE="$(grep -m 1 'nosuch' "$ERR")"
    [[ -n "$ERRLINE" ]] && break
    sleep 0.1
  done
  if [[ -n "$ERRLINE" && "$ERRLINE" == *"dbname=fm"* ]] && ! grep -q hunter2 "$OUT" "$ERR" && ! grep -q '^dialog tables ' "$OUT"; then
    pass "unknown role: a message naming the source without the password: $(cut -c1-200 <<<"$ERRLINE")"
  else
    fail "unknown role: message '$ERRLINE'"
  fi
else
  fail "the viewer did not show its window for the unknown role"
fi
stop_app
finish
