# A throw-away PostgreSQL + PostGIS cluster for tests and benchmarks (sourced, not run).
#
#   source scripts/pg_cluster.sh
#   pg_cluster_start DIR [extra postgres -c settings...]   # initdb into DIR/db, start on a free loopback port
#   pg_sql "SQL"                                            # psql as the cluster's superuser, database fm
#   pg_cluster_stop / pg_cluster_restart
#
# Exports PGC_PORT, PGC_CONN (a PG: connection string without password) and PGC_LOG (the server log).
# initdb and postgres refuse to run as root: as root they run as the `postgres` user (created by Debian's
# postgresql package) with DIR handed to it; DIR's parents must then be reachable by that user (chmod 755 a
# mktemp -d folder). Callers install a trap that calls pg_cluster_stop.

PGC_BIN="${PGC_BIN:-/usr/lib/postgresql/15/bin}"

pg_cluster_check() {
  if [[ ! -x "$PGC_BIN/initdb" || ! -x "$PGC_BIN/pg_ctl" ]]; then
    echo "PostgreSQL 15 server binaries not found in $PGC_BIN (./scripts/setup.sh installs postgresql)" >&2
    return 1
  fi
  if [[ ! -f /usr/share/postgresql/15/extension/postgis.control ]]; then
    echo "PostGIS for PostgreSQL 15 not installed (./scripts/setup.sh installs postgresql-15-postgis-3)" >&2
    return 1
  fi
}

_pgc_as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

_pgc_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pg_cluster_start() {
  local dir="$1"
  shift
  pg_cluster_check || return 1
  PGC_DIR="$dir"
  mkdir -p "$dir/db" "$dir/sock"
  if [[ $(id -u) -eq 0 ]]; then
    chmod 755 "$dir"
    chown postgres "$dir/db" "$dir/sock"
  fi
  _pgc_as_owner "$PGC_BIN/initdb" -D "$dir/db" -U fm --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    return 1
  }
  PGC_PORT="$(_pgc_free_port)"
  PGC_LOG="$dir/server.log"
  : >"$PGC_LOG"
  [[ $(id -u) -eq 0 ]] && chown postgres "$PGC_LOG"
  local opts="-c listen_addresses=127.0.0.1 -p $PGC_PORT -k $dir/sock -c fsync=off -c synchronous_commit=off"
  opts+=" -c full_page_writes=off -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
  for s in "$@"; do opts+=" -c $s"; done
  PGC_OPTS="$opts"
  _pgc_as_owner "$PGC_BIN/pg_ctl" -D "$dir/db" -o "$opts" -l "$PGC_LOG" -w -t 60 start >/dev/null || {
    cat "$PGC_LOG" >&2
    return 1
  }
  PGC_CONN="PG:host=127.0.0.1 port=$PGC_PORT dbname=fm user=fm"
  export PGC_PORT PGC_CONN PGC_LOG PGC_DIR
  psql -X -q -h 127.0.0.1 -p "$PGC_PORT" -U fm -d postgres -c "CREATE DATABASE fm" >/dev/null &&
    pg_sql "CREATE EXTENSION postgis; CREATE EXTENSION pg_stat_statements;" >/dev/null
}

pg_sql() {
  psql -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGC_PORT" -U fm -d fm -c "$1"
}

pg_cluster_stop() {
  [[ -n "${PGC_DIR:-}" && -d "$PGC_DIR/db" ]] || return 0
  _pgc_as_owner "$PGC_BIN/pg_ctl" -D "$PGC_DIR/db" -m immediate -w stop >/dev/null 2>&1 || true
}

pg_cluster_restart_server() {
  _pgc_as_owner "$PGC_BIN/pg_ctl" -D "$PGC_DIR/db" -o "$PGC_OPTS" -l "$PGC_LOG" -w -t 60 start >/dev/null
}
