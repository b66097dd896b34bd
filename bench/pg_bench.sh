#!/usr/bin/env bash
# PostGIS against a local GeoPackage: N synthetic events (default 10 million) in a throw-away PostgreSQL +
# PostGIS cluster with a GiST index on the geometry and a B-tree on the date, the same events in a GeoPackage,
# then `frontmap snapshot` (headless: the whole process, start to PNG written, is the time to the first complete
# frame) at regional and national zoom over one month, with the rows the server sent per view
# (pg_stat_statements). Writes bench/REPORT_pg.md (atomically).
#
#   bench/pg_bench.sh            # BENCH_PG_EVENTS=10000000 BENCH_RUNS=3 FRONTMAP_BIN=build/frontmap
#   BENCH_PG_GPKG=0 skips the GeoPackage (its export of 10M rows alone takes over half an hour on 2 busy cores);
#   BENCH_REPORT names the report (default bench/REPORT_pg.md).
#
# Needs postgresql, postgresql-15-postgis-3, gdal-bin (./scripts/setup.sh installs them) and a built frontmap.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${FRONTMAP_BIN:-$ROOT/build/frontmap}"
N="${BENCH_PG_EVENTS:-10000000}"
RUNS="${BENCH_RUNS:-3}"
OUTDIR="${BENCH_OUT:-$ROOT/bench}"
WITH_GPKG="${BENCH_PG_GPKG:-1}"
say() { printf '[pg_bench] %s\n' "$*" >&2; }
sub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a - b }'; }
[[ -x "$BIN" ]] || { say "no frontmap at $BIN (cmake --build build --target frontmap)"; exit 1; }

SCRATCH="$(mktemp -d "${TMPDIR:-/tmp}/fm-pg-bench.XXXXXX")"
chmod 755 "$SCRATCH"  # reachable by the postgres user when run as root
# shellcheck source=../scripts/pg_cluster.sh
source "$ROOT/scripts/pg_cluster.sh"
trap 'pg_cluster_stop; [[ -n "${BENCH_KEEP:-}" ]] && say "kept $SCRATCH" || rm -rf "$SCRATCH"' EXIT
pg_cluster_start "$SCRATCH/pg" shared_buffers=512MB work_mem=64MB maintenance_work_mem=512MB max_wal_size=4GB
say "cluster on 127.0.0.1:$PGC_PORT; generating $N events"

t0=$(date +%s.%N)
# Events over Ukraine and western Russia (lon 22..40, lat 44..52.5), denser along a band near the front line,
# dates over three years from 2022-02-24, five actor spellings, four types. setseed: the same table every time.
pg_sql "SELECT setseed(0.42);
CREATE TABLE events AS
SELECT g AS id, 'e' || g AS event_id,
       DATE '2022-02-24' + floor(random() * 1096)::int AS date_start,
       (ARRAY['Russia', 'Armed Forces of Ukraine', 'Russia;Ukraine', 'Wagner Group', 'Ukraine'])[1 + g % 5] AS actors,
       (ARRAY['battle', 'strike', 'drone_missile', 'visit'])[1 + g % 4] AS type,
       'exact'::text AS precision,
       CASE WHEN g % 3 = 0
            THEN ST_SetSRID(ST_MakePoint(22 + random() * 18, 44 + random() * 8.5), 4326)
            ELSE ST_SetSRID(ST_MakePoint(34 + random() * 5, 46.5 + random() * 3.5), 4326) END::geometry(Point, 4326) AS geom
FROM generate_series(1, $N) AS g;" >/dev/null
t1=$(date +%s.%N)
pg_sql "CREATE INDEX events_geom_gist ON events USING gist (geom);
CREATE INDEX events_date_btree ON events (date_start);
ALTER TABLE events ADD PRIMARY KEY (id);" >/dev/null
pg_sql "VACUUM ANALYZE events" >/dev/null
t2=$(date +%s.%N)
TABLE_MB="$(pg_sql "SELECT round(pg_total_relation_size('events') / 1e6)")"
GEN_S="$(sub "$t1" "$t0")"
IDX_S="$(sub "$t2" "$t1")"
say "generated in $GEN_S s, indexed in $IDX_S s"
GPKG_MB="-"
GPKG_S="-"
if [[ "$WITH_GPKG" == 1 ]]; then
  ogr2ogr -f GPKG "$SCRATCH/events.gpkg" "$PGC_CONN" -sql "SELECT event_id, date_start, actors, type, precision, geom FROM events" \
    -nln events -gt 100000 >/dev/null
  t3=$(date +%s.%N)
  GPKG_MB="$(du -m "$SCRATCH/events.gpkg" | cut -f1)"
  GPKG_S="$(sub "$t3" "$t2")"
  say "GeoPackage written in $GPKG_S s ($GPKG_MB MB)"
fi

CONN="$PGC_CONN tables=events"
REGIONAL="36.5,47.3,38.9,48.9"  # Donetsk oblast and the front around it
NATIONAL="22,44,41,53"          # Ukraine
MONTH=(--from 2024-03-01 --to 2024-03-31)

median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# measure NAME SOURCE EXTENT [extra args]: median wall seconds over RUNS, rows the server sent (last run).
ROWS_OUT=()
measure() {
  local name="$1" src="$2" extent="$3"
  shift 3
  local times=() rows=0 rc
  for ((r = 0; r < RUNS; r++)); do
    pg_sql "SELECT pg_stat_statements_reset()" >/dev/null
    local s e
    s=$(date +%s.%N)
    rc=0
    env -u DISPLAY "$BIN" snapshot --no-basemap --size 1280x800 --extent "$extent" "${MONTH[@]}" "$@" "$src" \
      --out "$SCRATCH/$name.png" >"$SCRATCH/$name.log" 2>&1 || rc=$?
    e=$(date +%s.%N)
    [[ $rc -eq 0 ]] || { say "$name failed (exit $rc):"; cat "$SCRATCH/$name.log" >&2; return 1; }
    times+=("$(awk -v a="$e" -v b="$s" 'BEGIN { printf "%.3f", a - b }')")
    rows="$(pg_sql "SELECT coalesce(sum(rows), 0) FROM pg_stat_statements WHERE query ILIKE 'FETCH%' OR query ILIKE 'SELECT avg(ST_X%'")"
  done
  local med min max
  med="$(printf '%s\n' "${times[@]}" | median)"
  min="$(printf '%s\n' "${times[@]}" | sort -g | head -1)"
  max="$(printf '%s\n' "${times[@]}" | sort -g | tail -1)"
  printf '| %s | %.2f | %.2f | %.2f | %s |\n' "$name" "$med" "$min" "$max" "$rows"
  say "$name: median $med s, rows from the server $rows"
}

IN_MONTH="$(pg_sql "SELECT count(*) FROM events WHERE date_start >= '2024-03-01' AND date_start < '2024-04-01'")"
IN_REGION="$(pg_sql "SELECT count(*) FROM events WHERE geom && ST_MakeEnvelope(${REGIONAL}, 4326) AND date_start >= '2024-03-01' AND date_start < '2024-04-01'")"
PLAN="$(pg_sql "EXPLAIN SELECT * FROM events WHERE geom && ST_MakeEnvelope(${REGIONAL}, 4326) AND date_start < '2024-04-01' AND date_start >= '2024-03-01'" | grep -oE '(Bitmap|Index)[A-Za-z ]* on [a-z_]+' | sort -u | paste -sd ';' -)"

TABLE="$SCRATCH/table.md"
{
  echo "| view (one month, 1280×800, no base map) | median s | min s | max s | rows sent by the server |"
  echo "|---|---|---|---|---|"
  measure "PostGIS, regional zoom" "$CONN" "$REGIONAL"
  measure "PostGIS, national zoom, rows" "$CONN" "$NATIONAL"
  measure "PostGIS, national zoom, --server-counts" "$CONN" "$NATIONAL" --server-counts
  if [[ "$WITH_GPKG" == 1 ]]; then
    measure "GeoPackage, regional zoom" "$SCRATCH/events.gpkg" "$REGIONAL"
    measure "GeoPackage, national zoom" "$SCRATCH/events.gpkg" "$NATIONAL"
  fi
} >"$TABLE"

CPU="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
LOAD="$(cut -d' ' -f1-3 /proc/loadavg)"
REPORT="${BENCH_REPORT:-$OUTDIR/REPORT_pg.md}"
{
  echo "# PostGIS layers: frontmap against a database and against a local GeoPackage"
  echo
  echo "Written by \`bench/pg_bench.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) cores ($CPU), load average $LOAD,"
  echo "PostgreSQL $(pg_sql 'SHOW server_version' | cut -d' ' -f1), PostGIS $(pg_sql 'SELECT postgis_lib_version()'), GDAL $(gdal-config --version 2>/dev/null || ogrinfo --version | cut -d' ' -f2 | tr -d ,)."
  echo
  echo "**Data**: $N synthetic events (generate_series; two thirds in a band around the front, a third over all of"
  echo "Ukraine), three years of dates; table with indexes $TABLE_MB MB, GeoPackage $GPKG_MB MB. GiST index on the"
  echo "geometry, B-tree on \`date_start\`. Generating took $GEN_S s, indexing and ANALYZE $IDX_S s, the GeoPackage export $GPKG_S s."
  echo "One month holds $IN_MONTH events; the regional view's box holds $IN_REGION of them."
  echo "The planner serves the regional query with: $PLAN."
  echo
  echo "**Measure**: \`frontmap snapshot\` wall time, start to PNG written (headless, so the time to the first complete"
  echo "frame), median of $RUNS runs; rows sent by the server from pg_stat_statements (cursor FETCHes, or the"
  echo "aggregate's rows). The GeoPackage is read whole, as every local file is, then filtered on the GPU."
  echo
  cat "$TABLE"
} >"$REPORT.tmp"
mv "$REPORT.tmp" "$REPORT"
say "wrote $REPORT"
