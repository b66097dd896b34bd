#!/usr/bin/env bash
# `frontmap export-events` from the command line: the filtered events in GeoJSON, CSV and GeoPackage (what ogrinfo
# finds in them: feature counts, columns, layer names), the view file beside each export making the same export
# again (`--view out.view.json`), the --actors and --from/--to filters, --no-view, and its exit statuses
# (0 written, 1 input failed, 2 usage).
#
#   bash tests/scripts/cli_export_events.sh PATH/TO/frontmap [REPO_ROOT]
#
# Prints "N passed, N failed"; exits 1 when a check failed.
set -u

BIN="${1:?usage: cli_export_events.sh PATH/TO/frontmap [REPO_ROOT]}"
say() { printf '[cli_export_events] %s\n' "$*"; }
if [[ ! -x "$BIN" ]]; then
  say "no executable at $BIN"
  exit 1
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/fm-cli-export-events.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

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
ex() {
  RC=0
  timeout 120 "$BIN" export-events "$@" >"$TMP/out.txt" 2>&1 || RC=$?
}
show_output() { sed 's/^/    /' "$TMP/out.txt"; }
expect_rc() { # expected what...
  local want="$1"
  shift
  if [[ $RC -eq $want ]]; then
    pass "$* -> exit $RC"
  else
    fail "$* -> exit $RC, expected $want; output:"
    show_output
  fi
}
have() { command -v "$1" >/dev/null 2>&1; }
count_of() { ogrinfo -ro -so -al "$1" 2>/dev/null | sed -nE 's/^Feature Count: ([0-9]+)$/\1/p' | head -n 1; }

# Seven events: 3 in March by Russia, 2 in March by Ukraine, 1 in April by Russia, 1 in March with no actor.
cat >"$TMP/events.csv" <<'EOF'
id,date_start,actors,type,place,lon,lat,sentence
r1,2024-03-01,Russia,battle,Avdiivka,37.75,48.14,"Shelling, near the plant"
r2,2024-03-02,Russia,strike,Kharkiv,36.23,49.99,Missiles
r3,2024-03-20,Russia,battle,Bakhmut,38.00,48.59,
u1,2024-03-05,Ukraine,strike,Belgorod,36.58,50.60,Drones
u2,2024-03-28,Ukraine,battle,Krynky,33.08,46.73,
r4,2024-04-10,Russia,battle,Chasiv Yar,37.84,48.59,
n1,2024-03-15,,statement,Kyiv,30.52,50.45,Nobody in particular
EOF

for ext in geojson csv gpkg; do
  ex --out "$TMP/march.$ext" --from 2024-03-01 --to 2024-03-31 "$TMP/events.csv"
  expect_rc 0 "export-events .$ext --from/--to"
  if [[ -s "$TMP/march.$ext" && -s "$TMP/march.view.json" ]]; then pass "march.$ext and march.view.json written"; else fail "march.$ext or its view missing"; fi
  if have ogrinfo; then
    n="$(count_of "$TMP/march.$ext")"
    if [[ "$n" == "6" ]]; then pass "ogrinfo: 6 events in march.$ext"; else fail "ogrinfo: '$n' events in march.$ext, expected 6"; fi
    cols="$(ogrinfo -ro -so -al "$TMP/march.$ext" 2>/dev/null)"
    missing=""
    for c in id date_start date_end date_precision actors type place precision source_title source_outlet source_url \
      source_date sentence fatalities layer; do
      grep -qE "^$c: " <<<"$cols" || missing="$missing $c"
    done
    if [[ -z "$missing" ]]; then pass "every schema column in march.$ext"; else fail "columns missing in march.$ext:$missing"; fi
  fi
  rm -f "$TMP/march.view.json"
done
if have ogrinfo; then
  if head -n 1 "$TMP/march.csv" | grep -q ',lon,lat$'; then pass "the CSV ends with lon,lat columns"; else fail "CSV header: $(head -n 1 "$TMP/march.csv")"; fi
  if ogrinfo -ro -al "$TMP/march.geojson" 2>/dev/null | grep -q 'r4'; then fail "r4 (April) was exported"; else pass "r4 (April) left out"; fi
fi

# --actors: only Russia's March events; the view beside records the restriction and makes the same file again.
ex --out "$TMP/ru.gpkg" --from 2024-03-01 --to 2024-03-31 --actors Russia "$TMP/events.csv"
expect_rc 0 "export-events --actors Russia"
if grep -q 'wrote 3 events' "$TMP/out.txt"; then pass "3 events by Russia in March"; else fail "not 3 events: $(cat "$TMP/out.txt")"; fi
if [[ -s "$TMP/ru.view.json" ]] && grep -q '"hidden_actors"' "$TMP/ru.view.json" && grep -q 'Ukraine' "$TMP/ru.view.json"; then
  pass "ru.view.json records the filter (Ukraine hidden)"
else
  fail "ru.view.json does not record the actor filter"
fi
if grep -q '"source": "events.csv"' "$TMP/ru.view.json"; then pass "the view stores the source relative to itself"; else fail "source not relative: $(grep source "$TMP/ru.view.json")"; fi
ex --view "$TMP/ru.view.json" --out "$TMP/ru-again.gpkg"
expect_rc 0 "export-events --view ru.view.json"
if grep -q 'wrote 3 events' "$TMP/out.txt"; then pass "the view makes the same 3-event export again"; else fail "the view gives: $(cat "$TMP/out.txt")"; fi
if have ogr2ogr && have ogrinfo; then
  a="$(ogrinfo -ro -al -q "$TMP/ru.gpkg" | grep -vE '^(INFO|Layer name|OGRFeature)' | sort | md5sum)"
  b="$(ogrinfo -ro -al -q "$TMP/ru-again.gpkg" | grep -vE '^(INFO|Layer name|OGRFeature)' | sort | md5sum)"
  if [[ "$a" == "$b" ]]; then pass "ru.gpkg and ru-again.gpkg hold the same features"; else fail "the re-export differs"; fi
fi

# Reading an export back: frontmap's own reader takes it as an event file again.
ex --no-view --out "$TMP/again.csv" "$TMP/march.geojson"
expect_rc 0 "export-events from an exported GeoJSON"
if grep -q 'wrote 6 events' "$TMP/out.txt"; then pass "all 6 events read back and written again"; else fail "read back: $(cat "$TMP/out.txt")"; fi
[[ -e "$TMP/again.view.json" ]] && fail "--no-view still wrote again.view.json" || pass "--no-view: no view file"

# --- failures ---------------------------------------------------------------------------------------------------
ex --out "$TMP/x.shp" "$TMP/events.csv"
expect_rc 2 "an unsupported extension (.shp)"
ex --out "$TMP/x.geojson"
expect_rc 2 "no input"
ex "$TMP/events.csv"
expect_rc 2 "no --out"
ex --out "$TMP/x.geojson" --from 2024-04-01 --to 2024-03-01 "$TMP/events.csv"
expect_rc 2 "--from after --to"
ex --out "$TMP/x.geojson" --from yesterday "$TMP/events.csv"
expect_rc 2 "--from yesterday"
ex --out "$TMP/x.geojson" "$TMP/no-such-file.csv"
expect_rc 1 "a missing event file"
if grep -q 'no-such-file.csv' "$TMP/out.txt"; then pass "the error names the missing file"; else fail "the error does not name it"; fi
if compgen -G "$TMP/x.*" >/dev/null; then fail "a failed export wrote: $(ls "$TMP"/x.*)"; else pass "failed exports wrote nothing"; fi

printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
[[ $FAILED -eq 0 ]]
