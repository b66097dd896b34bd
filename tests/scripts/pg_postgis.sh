#!/usr/bin/env bash
# PostGIS layers against a real server: a throw-away PostgreSQL 15 + PostGIS cluster on a free loopback port
# (scripts/pg_cluster.sh), loaded with fixture events, then
#   - `frontmap snapshot PG:…` equals the snapshot of the same events from a GeoJSON file, pixel for pixel;
#   - the server received filtered queries (its statement log shows `&&` on the geometry and the date range), and
#     pg_stat_statements shows far fewer rows fetched than the table holds;
#   - a saved view with the PG layer renders headless, and stores no password;
#   - messages never repeat the password; a stopped server is a clear error (exit 1), a restarted one works;
#   - the counts run once per request (GDAL's column probe of an SQL result plans, it does not run);
#   - the live tests of the unit binary (PgLive.*: exact rows, aggregates, recovery of a source mid-session, the
#     viewer's actor set as a server condition, areas fetched by the view's box, the tables the picker lists), and
#     the server's log shows their actor condition and the areas' `&&` box.
# The cluster is torn down on any exit. Without PostgreSQL/PostGIS installed this fails (set-up installs them).
#
#   bash tests/scripts/pg_postgis.sh PATH/TO/frontmap [REPO_ROOT]
set -u

BIN="${1:?usage: pg_postgis.sh PATH/TO/frontmap [REPO_ROOT]}"
ROOT="${2:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
UNIT="$(dirname "$BIN")/tests/frontmap_unit_tests"
say() { printf '[pg_postgis] %s\n' "$*"; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/fm-pg.XXXXXX")"
chmod 755 "$TMP"  # the server runs as postgres when we are root: it must reach its folder
# shellcheck source=../../scripts/pg_cluster.sh
source "$ROOT/scripts/pg_cluster.sh"
trap 'pg_cluster_stop; rm -rf "$TMP"' EXIT

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

if ! pg_cluster_check; then
  say "FAIL: PostgreSQL/PostGIS missing; ./scripts/setup.sh installs postgresql and postgresql-15-postgis-3"
  exit 1
fi
if ! pg_cluster_start "$TMP/pg" log_statement=all; then
  say "FAIL: could not start a PostgreSQL cluster"
  exit 1
fi
say "cluster on 127.0.0.1:$PGC_PORT"

# Fixture: 1197 events on a 0.5° grid over Ukraine and around (far apart on screen, so drawing order cannot
# matter), dates over Jan–Apr 2025, five actor spellings, four types.
python3 - "$TMP/events.geojson" <<'EOF'
import datetime, json, sys
feats, i = [], 0
actors = ["Russia", "Armed Forces of Ukraine", "Russia;Ukraine", "Wagner Group", "Ukraine"]
types = ["battle", "strike", "drone_missile", "visit"]
base = datetime.date(2025, 1, 1)
for ix in range(57):
    for iy in range(21):
        d = base + datetime.timedelta(days=(i * 7) % 120)
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [22 + ix * 0.5, 44 + iy * 0.5]},
                      "properties": {"event_id": "e%d" % i, "date_start": d.isoformat(), "date_end": None,
                                     "actors": actors[i % 5], "type": types[i % 4], "place": "p%d" % i,
                                     "precision": "exact", "source_url": ""}})
        i += 1
json.dump({"type": "FeatureCollection", "features": feats}, open(sys.argv[1], "w"))
EOF
if ! ogr2ogr -f PostgreSQL "$PGC_CONN" "$TMP/events.geojson" -nln events -lco GEOMETRY_NAME=geom >"$TMP/ogr2ogr.txt" 2>&1; then
  fail "loading the fixture with ogr2ogr"
  cat "$TMP/ogr2ogr.txt"
  exit 1
fi
pg_sql "CREATE INDEX events_date_idx ON events (date_start); ANALYZE events;" >/dev/null
ROWS="$(pg_sql "SELECT count(*) FROM events")"
[[ "$ROWS" == 1197 ]] && pass "fixture loaded: $ROWS events" || fail "fixture has $ROWS rows, want 1197"
# Areas (9 × 5 squares of 1.8° on a 2° grid from 22° E, 44° N), a view of them with a geometry column, and a table
# without one: the table picker lists the first two and the events, not the last.
pg_sql "CREATE TABLE areas (id serial PRIMARY KEY, name text, geom geometry(Polygon, 4326));
  INSERT INTO areas (name, geom) SELECT 'square ' || x || ',' || y, ST_MakeEnvelope(22 + 2 * x, 44 + 2 * y, 23.8 + 2 * x, 45.8 + 2 * y, 4326)
    FROM generate_series(0, 8) AS x, generate_series(0, 4) AS y;
  CREATE INDEX areas_geom_idx ON areas USING gist (geom); ANALYZE areas;
  CREATE VIEW areas_north AS SELECT * FROM areas WHERE ST_YMin(geom) >= 50;
  CREATE TABLE notes (id int, note text);" >/dev/null || fail "loading the areas fixture"

# The password is part of what the user typed; the server (trust) ignores it; it must never come back out.
CONN="$PGC_CONN password=hunter2 tables=events"
COMMON=(--no-basemap --size 800x600 --extent 30,46,38,52 --from 2025-03-01 --to 2025-03-31)

snap() { # out.png logfile source...
  local out="$1" logf="$2"
  shift 2
  RC=0
  env -u DISPLAY -u WAYLAND_DISPLAY timeout 120 "$BIN" snapshot "$@" "${COMMON[@]}" --out "$out" >"$logf" 2>&1 || RC=$?
}

pg_sql "SELECT pg_stat_statements_reset()" >/dev/null
LOG_START=$(wc -c <"$PGC_LOG")
snap "$TMP/pg.png" "$TMP/pg.txt" "$CONN"
[[ $RC -eq 0 ]] && pass "snapshot from PostGIS (exit 0)" || { fail "snapshot from PostGIS exit $RC"; sed 's/^/    /' "$TMP/pg.txt"; }
snap "$TMP/file.png" "$TMP/file.txt" "$TMP/events.geojson"
[[ $RC -eq 0 ]] && pass "snapshot from the GeoJSON (exit 0)" || { fail "snapshot from the file exit $RC"; sed 's/^/    /' "$TMP/file.txt"; }

# The two pictures must be the same map. Two known differences are allowed: the attribution line at the bottom
# names the source ("events (dbname fm)" against "events.geojson"), and a handful of anti-aliased edge pixels
# differ by under 2 % because the symbols' float offsets are taken from the centre of the events held, and the
# database holds fewer of them (the whole map is compared; any symbol moved, missing or extra fails).
same_map() { # a.png b.png -> prints the number of differing pixels above the bottom 26 rows
  convert "$1" -crop 800x574+0+0 +repage "$TMP/a.png" && convert "$2" -crop 800x574+0+0 +repage "$TMP/b.png" &&
    compare -metric AE -fuzz 2% "$TMP/a.png" "$TMP/b.png" null: 2>&1 || true
}
if [[ -f "$TMP/pg.png" && -f "$TMP/file.png" ]]; then
  DIFF="$(same_map "$TMP/pg.png" "$TMP/file.png")"
  if [[ "$DIFF" == "0" ]]; then
    pass "PostGIS and file snapshots show the same map (0 pixels differ by 2 % or more)"
  else
    fail "snapshots differ in $DIFF pixels"
  fi
  # And the picture is not empty: event colours are there (more than the background's one or two colours).
  COLOURS="$(convert "$TMP/pg.png" -format '%k' info: 2>/dev/null || echo 0)"
  [[ "$COLOURS" -gt 10 ]] && pass "the PostGIS snapshot shows events ($COLOURS colours)" || fail "PostGIS snapshot looks empty ($COLOURS colours)"
fi

# What the server was asked: the driver's cursor over the table with the extent and the date range in SQL.
tail -c +"$((LOG_START + 1))" "$PGC_LOG" >"$TMP/statements.log"
# (The driver reads tables through cursors named OGRPGLayerReader…; frontmap's own one-row probe of a text date
# column and its aggregates go through ExecuteSQL.)
READS='DECLARE OGRPGLayerReader[^ ]* CURSOR for SELECT .* FROM ("public"\.)?"events"'
if grep -E "$READS" "$TMP/statements.log" | grep -F '&&' | grep -F "'::box3d,4326)" |
  grep -F "\"date_start\" < '2025-04-01'" | grep -qF "COALESCE(NULLIF(\"date_end\"::text, ''), \"date_start\"::text) >= '2025-03-01'"; then
  pass "the server's log shows the extent (geom && box) and date conditions"
else
  fail "no filtered query in the server's log:"
  grep -E 'DECLARE|SELECT.*events' "$TMP/statements.log" | head -5 | cut -c1-400 | sed 's/^/    /'
fi
if grep -E "$READS" "$TMP/statements.log" | grep -vF '&&' | grep -vE 'LIMIT 1$' | grep -q .; then
  fail "a full-table read was sent"
  grep -E 'DECLARE.*events' "$TMP/statements.log" | grep -vF '&&' | head -3 | cut -c1-300 | sed 's/^/    /'
else
  pass "no unfiltered read of the events table"
fi
FETCHED="$(pg_sql "SELECT coalesce(sum(rows), 0) FROM pg_stat_statements WHERE query ILIKE 'FETCH%'")"
# The box with its margin holds 41 of the grid's 57 columns; the month a quarter of those events (221).
if [[ "$FETCHED" -gt 0 && "$FETCHED" -lt $((ROWS / 4)) ]]; then
  pass "rows fetched from the server: $FETCHED of $ROWS"
else
  fail "rows fetched from the server: $FETCHED of $ROWS (want a filtered few)"
fi
if grep -q hunter2 "$TMP/pg.txt" "$TMP/file.txt" "$TMP/pg.png.prj" 2>/dev/null; then
  fail "the password appears in the output"
else
  pass "the password appears nowhere in the output"
fi

# Zoomed out with --server-counts: the server sends counts per grid cell, not rows (a small image: cells of 8°,
# each holding 256 fixture events in at most 20 actor/type groups).
pg_sql "SELECT pg_stat_statements_reset()" >/dev/null
LOG_START=$(wc -c <"$PGC_LOG")
RC=0
env -u DISPLAY timeout 120 "$BIN" snapshot --no-basemap --size 200x150 --extent 20,40,52,56 --server-counts "$CONN" \
  --out "$TMP/counts.png" >"$TMP/counts.txt" 2>&1 || RC=$?
FETCHED="$(pg_sql "SELECT coalesce(sum(rows), 0) FROM pg_stat_statements WHERE query ILIKE 'FETCH%'")"
if [[ $RC -eq 0 ]] && tail -c +"$((LOG_START + 1))" "$PGC_LOG" | grep -q 'GROUP BY 1, 4, 5' && [[ "$FETCHED" -lt $((ROWS / 2)) ]]; then
  pass "--server-counts: the server grouped with ST_SnapToGrid; $FETCHED rows fetched for $ROWS events"
else
  fail "--server-counts: exit $RC, $FETCHED rows fetched for $ROWS events"
  sed 's/^/    /' "$TMP/counts.txt"
fi
# One snapshot runs the counts once. GDAL's ExecuteSQL first declares a cursor over the statement and fetches 0 rows
# from it (to learn the result's columns: the server plans it but runs nothing), then reads it through a cursor of its
# own: the statement shows twice in the log but runs once. Measured with pg_sleep in such a statement: only the
# reading FETCH takes time. No row count of a result (GetFeatureCount: `… AS ogrpgcount`) is asked for.
tail -c +"$((LOG_START + 1))" "$PGC_LOG" >"$TMP/counts.log"
READS_N="$(grep -cE 'DECLARE OGRPGLayerReader[^ ]* CURSOR for .*GROUP BY 1, 4, 5' "$TMP/counts.log")"
PROBES_N="$(grep -cE 'DECLARE executeSQLCursor CURSOR for .*GROUP BY 1, 4, 5' "$TMP/counts.log")"
PROBE_ROWS="$(grep -cE 'FETCH [1-9][0-9]* in executeSQLCursor' "$TMP/counts.log")"
if [[ "$READS_N" == 1 && "$PROBES_N" -le 1 && "$PROBE_ROWS" == 0 ]] && ! grep -q ogrpgcount "$TMP/counts.log"; then
  pass "the grouping runs once per request (read once; GDAL's column probe fetches 0 rows; no extra count)"
else
  fail "the grouping: $READS_N reads, $PROBES_N probes, $PROBE_ROWS probe fetches of rows"
  grep -E 'GROUP BY 1, 4, 5|executeSQLCursor|ogrpgcount' "$TMP/counts.log" | cut -c1-200 | sed 's/^/    /'
fi

# A saved view with the PG layer: rendered headless the same; the file keeps the connection without password.
cat >"$TMP/pg.view.json" <<EOF
{"frontmap_view": 1, "projection": "EPSG:3857", "extent": [30, 46, 38, 52], "basemap": false,
 "layers": [{"source": "$CONN", "kind": "events"}],
 "filter": {"from": "2025-03-01", "to": "2025-03-31"}}
EOF
RC=0
env -u DISPLAY timeout 120 "$BIN" snapshot --view "$TMP/pg.view.json" --no-basemap --size 800x600 --out "$TMP/view.png" >"$TMP/view.txt" 2>&1 || RC=$?
[[ $RC -eq 0 && -s "$TMP/view.png" ]] && pass "snapshot --view with a PostGIS layer" || { fail "snapshot --view exit $RC"; sed 's/^/    /' "$TMP/view.txt"; }

# A role that may not read the table: a clear error naming the source and the reason, exit 1.
pg_sql "CREATE ROLE reader LOGIN; GRANT USAGE ON SCHEMA public TO reader; GRANT SELECT ON geometry_columns TO reader" >/dev/null
snap "$TMP/denied.png" "$TMP/denied.txt" "${PGC_CONN/user=fm/user=reader} password=hunter2 tables=events"
if [[ $RC -eq 1 && ! -e "$TMP/denied.png" ]] && grep -q 'permission denied' "$TMP/denied.txt" && grep -q 'dbname=fm' "$TMP/denied.txt" &&
  ! grep -q hunter2 "$TMP/denied.txt"; then
  pass "no permission: exit 1, $(grep -m1 -o 'permission denied[^.)]*' "$TMP/denied.txt")"
else
  fail "no permission: exit $RC"
  sed 's/^/    /' "$TMP/denied.txt"
fi

# The server stops: a clear error naming the source, no password, nothing written, exit 1.
pg_cluster_stop
snap "$TMP/down.png" "$TMP/down.txt" "$CONN"
if [[ $RC -eq 1 && ! -e "$TMP/down.png" ]] && grep -q 'dbname=fm' "$TMP/down.txt" && ! grep -q hunter2 "$TMP/down.txt"; then
  pass "server down: exit 1, message names the source without the password: $(head -1 "$TMP/down.txt" | cut -c1-160)"
else
  fail "server down: exit $RC"
  sed 's/^/    /' "$TMP/down.txt"
fi
pg_cluster_restart_server
snap "$TMP/up.png" "$TMP/up.txt" "$CONN"
if [[ $RC -eq 0 ]] && [[ "$(same_map "$TMP/up.png" "$TMP/file.png")" == "0" ]]; then
  pass "server back: the same snapshot again"
else
  fail "server back: exit $RC"
  sed 's/^/    /' "$TMP/up.txt"
fi

# The live tests in the unit binary: rows, aggregates, recovery mid-session.
if [[ -x "$UNIT" ]]; then
  LOG_START=$(wc -c <"$PGC_LOG")
  OUT="$TMP/live.txt"
  FRONTMAP_TEST_PG="$CONN" FRONTMAP_TEST_PG_FILE="$TMP/events.geojson" \
    FRONTMAP_TEST_PG_STOP="bash -c 'source \"$ROOT/scripts/pg_cluster.sh\"; PGC_DIR=\"$PGC_DIR\" pg_cluster_stop'" \
    FRONTMAP_TEST_PG_START="bash -c 'source \"$ROOT/scripts/pg_cluster.sh\"; PGC_DIR=\"$PGC_DIR\" PGC_OPTS=\"$PGC_OPTS\" PGC_LOG=\"$PGC_LOG\" pg_cluster_restart_server'" \
    timeout 120 "$UNIT" --gtest_filter='PgLive.*' >"$OUT" 2>&1
  LRC=$?
  if [[ $LRC -eq 0 ]] && grep -q '\[  PASSED  \] 7 tests' "$OUT" && ! grep -q SKIPPED "$OUT"; then
    pass "PgLive tests (exact rows, actors, viewer actor filter, areas by view, table list, aggregates, recovery): $(grep -c '\[       OK \]' "$OUT") passed"
  else
    fail "PgLive tests (exit $LRC)"
    grep -E 'FAILED|Failure|SKIPPED|error|Expected|Which is|actual' "$OUT" | head -30 | sed 's/^/    /'
  fi
  grep -F '[ rows     ]' "$OUT" | sed 's/^/    /'
  # What the server was sent for them: the viewer's actor set as SQL (its sides' aliases, and rows naming no actor
  # while "Events without actors" is on), and the areas read by the view's box.
  tail -c +"$((LOG_START + 1))" "$PGC_LOG" >"$TMP/live_statements.log"
  if grep -E "$READS" "$TMP/live_statements.log" | grep -F '&&' | grep -F "\"actors\"::text ILIKE '%wagner%'" |
    grep -F "COALESCE(btrim(\"actors\"::text, ' ;'), '') = ''" | grep -qvF "ILIKE '%armed forces of ukraine%'"; then
    pass "the server's log shows the viewer's actor set as a condition (Russia's aliases, no Ukraine's)"
  else
    fail "no actor condition from the viewer's filter in the server's log"
    grep -E 'DECLARE.*events' "$TMP/live_statements.log" | grep -F ILIKE | head -2 | cut -c1-400 | sed 's/^/    /'
  fi
  AREAS='DECLARE OGRPGLayerReader[^ ]* CURSOR for SELECT .* FROM ("public"\.)?"areas"'
  if grep -E "$AREAS" "$TMP/live_statements.log" | grep -F '&&' | grep -qF "'::box3d,4326)"; then
    pass "the areas table was read by the view's box (geom && box)"
  else
    fail "no read of the areas by extent in the server's log"
    grep -E 'DECLARE.*areas' "$TMP/live_statements.log" | head -3 | cut -c1-300 | sed 's/^/    /'
  fi
elif [[ -n "${FM_UNIT_TESTS_NOT_BUILT:-}" ]]; then
  say "NOTE: the PgLive unit tests are not built in this tree (a sanitizer stage building frontmap only); the normal suite runs them"
else
  fail "no unit test binary at $UNIT"
fi

say "$PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
