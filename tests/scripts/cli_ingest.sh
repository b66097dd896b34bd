#!/usr/bin/env bash
# `frontmap ingest` from the command line, on article fixtures this script writes: the output in the three formats with
# the documented columns, one event for the same place and day from two articles, dates from the header, from --date
# and from the file's time, bad lines and files reported with file, line and reason while the rest is ingested,
# non-UTF-8 and HTML input, --report, --score, --gazetteer and --actors, atomic output, and the exit statuses
# (0 written, 1 nothing readable / not writable, 2 usage).
#
#   bash tests/scripts/cli_ingest.sh PATH/TO/frontmap [REPO_ROOT]
#
# Needs python3 (the build needs it too) and no data/ (it runs with --data none, our tables only).
set -u

BIN="${1:?usage: cli_ingest.sh PATH/TO/frontmap [REPO_ROOT]}"
ROOT="${2:-$(cd "$(dirname "$0")/../.." && pwd)}"
say() { printf '[cli_ingest] %s\n' "$*"; }
if [[ ! -x "$BIN" ]]; then
  say "no executable at $BIN"
  exit 1
fi
PY="$(command -v python3 || true)"
if [[ -z "$PY" ]]; then
  say "python3 not found"
  exit 1
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/fm-cli-ingest.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
export FRONTMAP_CACHE="$TMP/cache"

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

# Runs `frontmap ingest ARGS` (stdout to $TMP/out.txt, stderr to $TMP/err.txt); sets RC.
ingest() {
  RC=0
  timeout 120 "$BIN" ingest "$@" >"$TMP/out.txt" 2>"$TMP/err.txt" || RC=$?
}
show_output() {
  sed 's/^/    out: /' "$TMP/out.txt" | head -n 30
  sed 's/^/    err: /' "$TMP/err.txt" | head -n 30
}
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
expect_in() { # file text what...
  local file="$1" text="$2"
  shift 2
  if grep -qF -- "$text" "$file"; then
    pass "$*"
  else
    fail "$* (no '$text' in $(basename "$file")):"
    show_output
  fi
}
# Runs a python check on a file; the check prints OK or a reason.
py_check() { # what file script
  local what="$1" file="$2" script="$3"
  local res
  res="$("$PY" -c "$script" "$file" 2>&1 | tail -n 5)"
  if [[ "$res" == "OK" ]]; then
    pass "$what"
  else
    fail "$what: $res"
  fi
}

# --- fixtures ----------------------------------------------------------------------------------------------------
mkdir -p "$TMP/in/sub"
cat >"$TMP/in/a.txt" <<'EOF'
Title: Drones hit Kharkiv
Date: 2025-03-13
Source: Wire One
URL: https://one.example/a

Russian drones struck Kharkiv on Wednesday, Ukrainian officials said. Moscow said the strikes hit military targets.
Police said two people were hurt; it was not a nice gesture, and mobile air defence units were on a split decision.
EOF
cat >"$TMP/in/sub/b.jsonl" <<'EOF'
{"id": "b1", "title": "Kharkiv again", "date": "2025-03-13", "source": "Wire Two", "url": "https://two.example/b", "text": "A missile hit Kharkiv on Wednesday. Fighting continued near Sudzha in the Kursk region."}
{"id": "b2", "title": "broken", "text": "unterminated
{"id": "b3", "date": "2025-03-13", "text": "Officials in Kiev said Artemivsk had fallen long ago."}
EOF
printf 'Title: Bad bytes\nDate: 2025-03-13\n\n<p>Shelling \xff\xfe hit <b>Kherson</b> &amp; Odesa.</p>\n' >"$TMP/in/c.txt"
printf '' >"$TMP/in/empty.txt"
mkdir -p "$TMP/undated"
printf 'Drones hit Sumy overnight.\n' >"$TMP/undated/u.txt"
touch -d '2024-06-05 12:00:00 UTC' "$TMP/undated/u.txt"

# --- usage -------------------------------------------------------------------------------------------------------
ingest --help
expect_rc 0 "--help"
expect_in "$TMP/out.txt" "frontmap ingest ARTICLES" "--help prints the usage"
ingest
expect_rc 2 "no arguments"
ingest "$TMP/in"
expect_rc 2 "no output"
ingest "$TMP/in" -o "$TMP/x.geojson" --bogus
expect_rc 2 "unknown option"
ingest "$TMP/in" -o "$TMP/x.geojson" --date 2025-13-40
expect_rc 2 "bad --date"

# --- GeoJSON, with the report ------------------------------------------------------------------------------------
ingest "$TMP/in" -o "$TMP/events.geojson" --data none --report
expect_rc 0 "ingest a folder to GeoJSON"
expect_in "$TMP/err.txt" "b.jsonl:2: not valid JSON" "the broken JSON line is reported with file and line"
expect_in "$TMP/err.txt" "empty.txt: empty text" "the empty file is reported"
expect_in "$TMP/err.txt" "invalid UTF-8 byte(s) replaced" "invalid bytes are reported"
expect_in "$TMP/err.txt" "gazetteer:" "the gazetteer load is reported"
expect_in "$TMP/out.txt" "[a] Drones hit Kharkiv" "--report lists the articles"
expect_in "$TMP/out.txt" "capital for its government" "--report marks capitals used for governments"
py_check "GeoJSON rows carry the schema, merge the same place and day, and are clean text" "$TMP/events.geojson" '
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
fs = d["features"]
need = ["article_id","event_id","place","place_role","mention","country","precision","date","date_end","date_precision",
        "date_basis","actors","type","sentence","title","url","source_outlet","source_date","event_sources","event_articles"]
missing = [k for k in need if k not in fs[0]["properties"]]
if missing: print("missing", missing); sys.exit()
kh = [f["properties"] for f in fs if f["properties"]["place"] == "Kharkiv" and f["properties"]["date"] == "2025-03-12"]
if len(kh) != 2 or kh[0]["event_id"] != kh[1]["event_id"]: print("Kharkiv rows", kh); sys.exit()
if kh[0]["event_articles"] != 2 or "https://one.example/a" not in kh[0]["event_sources"] or "https://two.example/b" not in kh[0]["event_sources"]:
    print("sources", kh[0]); sys.exit()
places = {f["properties"]["place"] for f in fs}
for p in ["Kharkiv", "Sudzha", "Kursk region", "Kyiv", "Bakhmut", "Kherson", "Odesa", "Moscow"]:
    if p not in places: print("no", p, sorted(places)); sys.exit()
for bad in ["Police", "Nice", "Mobile", "Split"]:
    if bad in places: print("trap taken as a place:", bad); sys.exit()
gov = [f["properties"] for f in fs if f["properties"]["place"] == "Moscow"]
if not gov or gov[0]["place_role"] != "government" or "Russia" not in gov[0]["actors"]: print("Moscow", gov); sys.exit()
s = [f["properties"] for f in fs if f["properties"]["place"] == "Sudzha"][0]
if s["precision"] != "district": print("Sudzha", s); sys.exit()
k = [f for f in fs if f["properties"]["place"] == "Kharkiv"][0]
lon, lat = k["geometry"]["coordinates"]
if abs(lon - 36.25) > 0.05 or abs(lat - 49.98) > 0.05: print("Kharkiv at", lon, lat); sys.exit()
for f in fs:
    if "<" in f["properties"]["sentence"]: print("markup in", f["properties"]["sentence"]); sys.exit()
print("OK")'

# --- CSV and GeoPackage ------------------------------------------------------------------------------------------
ingest "$TMP/in" -o "$TMP/events.csv" --data none
expect_rc 0 "ingest to CSV"
py_check "CSV has lon/lat columns and the schema" "$TMP/events.csv" '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
if not rows or "lon" not in rows[0] or "lat" not in rows[0] or "event_id" not in rows[0]: print(rows[:1]); sys.exit()
float(rows[0]["lon"]); float(rows[0]["lat"])
print("OK")'
ingest "$TMP/in" -o "$TMP/events.gpkg" --data none
expect_rc 0 "ingest to GeoPackage"
if command -v ogrinfo >/dev/null 2>&1; then
  if ogrinfo -ro -so "$TMP/events.gpkg" events 2>/dev/null | grep -q "Feature Count: [1-9]"; then
    pass "the GeoPackage has an events layer with features"
  else
    fail "the GeoPackage has no events layer with features"
  fi
fi

# --- dates -------------------------------------------------------------------------------------------------------
ingest "$TMP/undated" -o "$TMP/undated.geojson" --data none
expect_rc 0 "ingest an undated article"
expect_in "$TMP/err.txt" "modification day" "the report says the file time was used"
py_check "an undated article takes the file time, marked" "$TMP/undated.geojson" '
import json, sys
p = json.load(open(sys.argv[1]))["features"][0]["properties"]
ok = p["date_basis"] in ("file_mtime", "text") and p["date_precision"] == "unknown" and p["date_end"] == "2024-06-05"
print("OK" if ok else p)'
ingest "$TMP/undated" -o "$TMP/dated.geojson" --data none --date 2025-03-13
expect_rc 0 "ingest with --date"
py_check "--date dates an undated article" "$TMP/dated.geojson" '
import json, sys
p = json.load(open(sys.argv[1]))["features"][0]["properties"]
ok = p["date"] == "2025-03-12" and p["date_end"] == "2025-03-13" and p["date_precision"] == "day"
print("OK" if ok else p)'

# --- tables given on the command line ----------------------------------------------------------------------------
mkdir -p "$TMP/gaz"
printf 'Fooville\ttown\tUA\t05\t37.5\t48.5\t0\t1000\t\n' >"$TMP/gaz/places.tsv"
printf 'Ivan Testenko\tIvan Testenko\tUkraine\tperson\nTestenko\tIvan Testenko\tUkraine\tperson\n' >"$TMP/actors.tsv"
printf 'Title: Test\nDate: 2025-03-13\n\nCommander Testenko said Fooville was shelled on Monday.\n' >"$TMP/custom.txt"
ingest "$TMP/custom.txt" -o "$TMP/custom.geojson" --data none --gazetteer "$TMP/gaz" --actors "$TMP/actors.tsv"
expect_rc 0 "ingest with --gazetteer and --actors"
py_check "our own places and actors are used" "$TMP/custom.geojson" '
import json, sys
p = json.load(open(sys.argv[1]))["features"][0]["properties"]
ok = p["place"] == "Fooville" and "Ivan Testenko" in p["actors"] and p["date"] == "2025-03-10" and p["type"] == "strike"
print("OK" if ok else p)'
ingest "$TMP/custom.txt" -o "$TMP/custom.geojson" --gazetteer "$TMP/nonexistent"
expect_rc 1 "a missing --gazetteer folder"
ingest "$TMP/custom.txt" -o "$TMP/custom.geojson" --actors "$TMP/nonexistent.tsv"
expect_rc 1 "a missing --actors table"

# --- failures keep what was there --------------------------------------------------------------------------------
printf 'previous' >"$TMP/keep.geojson"
ingest "$TMP/nothing-here" -o "$TMP/keep.geojson" --data none
expect_rc 1 "no readable article"
if [[ "$(cat "$TMP/keep.geojson")" == "previous" ]]; then pass "the previous output is intact"; else fail "the previous output was replaced"; fi
ingest "$TMP/in" -o "$TMP/events.shp" --data none
expect_rc 1 "an unknown output format"
ingest "$TMP/in" -o "$TMP/no/such/folder/events.geojson" --data none
expect_rc 1 "an output folder that does not exist"
if ls "$TMP"/.*tmp* >/dev/null 2>&1 || ls "$TMP"/*.tmp* >/dev/null 2>&1; then fail "temporary files left"; else pass "no temporary files left"; fi

# --- the labelled set --------------------------------------------------------------------------------------------
if [[ -f "$ROOT/tests/data/articles/labels.json" ]]; then
  ingest "$ROOT/tests/data/articles" --score "$ROOT/tests/data/articles/labels.json" --data none
  expect_rc 0 "score the labelled articles"
  expect_in "$TMP/out.txt" "places: P" "--score prints precision, recall and F1"
fi

say "$PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
