#!/usr/bin/env bash
# `frontmap change` from the command line, on GeoJSON fixtures this script writes: the text table and --json parse and
# agree, the areas match the closed-form area of lon/lat quads on the WGS 84 ellipsoid, the header names the snapshots
# used, a bow-tie is reported as repaired, --side and --regions work, a folder of dated files works, and the exit
# statuses are 0 (done), 1 (layer unusable) and 2 (usage).
#
#   bash tests/scripts/cli_change.sh PATH/TO/frontmap [REPO_ROOT]
#
# Needs python3 (the build needs it too) and no data/. Prints "N passed, N failed"; exits 1 when a check failed.
set -u

BIN="${1:?usage: cli_change.sh PATH/TO/frontmap [REPO_ROOT]}"
say() { printf '[cli_change] %s\n' "$*"; }
if [[ ! -x "$BIN" ]]; then
  say "no executable at $BIN"
  exit 1
fi
PY="$(command -v python3 || true)"
if [[ -z "$PY" ]]; then
  say "python3 not found"
  exit 1
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/fm-cli-change.XXXXXX")"
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

# Runs `frontmap change ARGS` (stdout to $TMP/out.txt, stderr to $TMP/err.txt); sets RC.
change() {
  RC=0
  timeout 120 "$BIN" change "$@" >"$TMP/out.txt" 2>"$TMP/err.txt" || RC=$?
}
show_output() {
  sed 's/^/    out: /' "$TMP/out.txt" | head -n 40
  sed 's/^/    err: /' "$TMP/err.txt" | head -n 20
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

# --- fixtures ---------------------------------------------------------------------------------------------------
# Two snapshots: occupied grows from lon 30..31 to 30..31.5 (lat 50..51); liberated shrinks from 32..33 to 32.5..33;
# unknown stays at 34..35. The first snapshot's extra "occupied" polygon is an invalid bow-tie at lon 36..37.
"$PY" - "$TMP" <<'EOF'
import json, sys, os
tmp = sys.argv[1]
def square(x0, y0, x1, y1):
    return [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]
def feat(date, cat, rings):
    return {"type": "Feature", "properties": {"snapshot_date": date, "category": cat},
            "geometry": {"type": "Polygon", "coordinates": rings}}
bowtie = [[[36, 50], [37, 51], [37, 50], [36, 51], [36, 50]]]
front = {"type": "FeatureCollection", "features": [
    feat("2024-09-01", "occupied", square(30, 50, 31, 51)),
    feat("2024-09-01", "occupied", bowtie),
    feat("2024-09-01", "liberated", square(32, 50, 33, 51)),
    feat("2024-09-01", "unknown", square(34, 50, 35, 51)),
    feat("2025-03-01T23:10:00Z", "occupied", square(30, 50, 31.5, 51)),
    feat("2025-03-01", "liberated", square(32.5, 50, 33, 51)),
    feat("2025-03-01", "unknown", square(34, 50, 35, 51))]}
json.dump(front, open(os.path.join(tmp, "front.geojson"), "w"))
regions = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"oblast": "West"}, "geometry": {"type": "Polygon", "coordinates": square(29, 49, 31.25, 52)}},
    {"type": "Feature", "properties": {"oblast": "East"}, "geometry": {"type": "Polygon", "coordinates": square(31.25, 49, 38, 52)}}]}
json.dump(regions, open(os.path.join(tmp, "regions.geojson"), "w"))
nodate = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"label": "x"}, "geometry": {"type": "Polygon", "coordinates": square(30, 50, 31, 51)}}]}
json.dump(nodate, open(os.path.join(tmp, "nodate.geojson"), "w"))
points = {"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"date": "2024-09-01"}, "geometry": {"type": "Point", "coordinates": [30, 50]}}]}
json.dump(points, open(os.path.join(tmp, "points.geojson"), "w"))
os.mkdir(os.path.join(tmp, "daily"))
for name, x1 in (("deepstatemap_data_20240901.geojson", 31), ("deepstatemap_data_20250301.geojson", 31.5)):
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "occupied"}, "geometry": {"type": "Polygon", "coordinates": square(30, 50, x1, 51)}}]}
    json.dump(fc, open(os.path.join(tmp, "daily", name), "w"))
EOF

# Closed-form area (km²) of the lon/lat quad lat1..lat2 × dlon° on the WGS 84 ellipsoid (authalic latitude).
cat >"$TMP/quad.py" <<'EOF'
import math
def quad(lat1, lat2, dlon):
    a, f = 6378137.0, 1 / 298.257223563
    e2 = f * (2 - f); e = math.sqrt(e2)
    def q(phi):
        s = math.sin(phi)
        return (1 - e2) * (s / (1 - e2 * s * s) - math.log((1 - e * s) / (1 + e * s)) / (2 * e))
    qp = q(math.pi / 2)
    return a * a * qp / 2 * math.radians(dlon) * (q(math.radians(lat2)) - q(math.radians(lat1))) / qp / 1e6
EOF

# --- text output -------------------------------------------------------------------------------------------------
change "$TMP/front.geojson" --from 2024-09-01 --to 2025-03-01
expect_rc 0 "change front.geojson --from 2024-09-01 --to 2025-03-01"
cp "$TMP/out.txt" "$TMP/text.txt"
if grep -q 'as of 2024-09-01 → snapshot 2024-09-01' "$TMP/text.txt" && grep -q 'as of 2025-03-01 → snapshot 2025-03-01' "$TMP/text.txt"; then
  pass "header names the snapshots used (a 23:10 UTC timestamp counts on its day)"
else
  fail "header does not name the snapshots:"
  show_output
fi
if grep -qE '^Repairs: 1 invalid polygon\(s\) repaired' "$TMP/text.txt"; then
  pass "the bow-tie is reported as repaired"
else
  fail "no repair reported:"
  show_output
fi

# --- JSON output: parses, areas match the closed form, text agrees ------------------------------------------------
change "$TMP/front.geojson" --from 2024-09-01 --to 2025-03-01 --json
expect_rc 0 "change --json"
cp "$TMP/out.txt" "$TMP/change.json"
if check="$("$PY" - "$TMP" <<'EOF' 2>&1
import json, sys
sys.path.insert(0, sys.argv[1])
from quad import quad
d = json.load(open(sys.argv[1] + "/change.json"))
cats = {r["name"]: r for r in d["categories"]}
sides = {r["name"]: r for r in d["sides"]}
sq, strip = quad(50, 51, 1), quad(50, 51, 0.5)
def near(got, want, what, rel=1e-4):
    if abs(got - want) > max(abs(want) * rel, 0.002):
        raise SystemExit(f"{what}: got {got}, want {want:.3f}")
# The bow-tie's two triangles add half a square to occupied at D1 (and they are lost by D2).
near(cats["occupied"]["area_from"], sq + quad(50, 51, 1) / 2, "occupied area_from", 1e-3)
near(cats["occupied"]["area_to"], quad(50, 51, 1.5), "occupied area_to")
near(cats["occupied"]["gained"], strip, "occupied gained")
near(cats["occupied"]["lost"], quad(50, 51, 1) / 2, "occupied lost (the bow-tie)", 1e-3)
near(cats["liberated"]["lost"], strip, "liberated lost")
near(cats["liberated"]["gained"], 0, "liberated gained")
near(cats["unknown"]["area_from"], sq, "unknown area_from")
assert cats["occupied"]["side"] == "Russia" and cats["liberated"]["side"] == "Ukraine", cats
assert cats["unknown"]["side"] == "Grey zone", cats
assert [s["name"] for s in d["sides"]] == ["Russia", "Ukraine", "Grey zone"], d["sides"]
near(sides["Ukraine"]["area_to"], strip, "Ukraine area_to")
assert d["from"]["snapshot"] == "2024-09-01" and d["to"]["snapshot"] == "2025-03-01", (d["from"], d["to"])
assert d["from"]["features"] == 4 and d["to"]["features"] == 3, (d["from"], d["to"])
assert d["repairs"]["repaired"] == 1 and d["repairs"]["skipped"] == 0, d["repairs"]
assert d["repairs"]["features"][0]["feature"] == 2, d["repairs"]
assert d["date_field"] == "snapshot_date" and d["category_field"] == "category" and d["units"] == "km2"
assert "regions" not in d
# The text table shows the same numbers with one decimal.
text = open(sys.argv[1] + "/text.txt").read().splitlines()
for name, r in cats.items():
    line = next(l for l in text if l.startswith(name + " "))
    nums = [float(x) for x in line.split()[-4:]]
    want = [round(r[k], 1) for k in ("area_from", "area_to", "gained", "lost")]
    if any(abs(a - b) > 0.051 for a, b in zip(nums, want)):
        raise SystemExit(f"text row {line!r} does not match JSON {want}")
print(f"occupied {cats['occupied']['area_from']:.1f} -> {cats['occupied']['area_to']:.1f} km², gained {cats['occupied']['gained']:.1f} (closed form {strip:.1f})")
EOF
)"; then
  pass "JSON parses, areas match the closed form to 1e-4, text agrees: $check"
else
  fail "JSON check: $check"
  sed 's/^/    /' "$TMP/change.json" | head -n 60
fi

# --- --side and --regions ----------------------------------------------------------------------------------------
change "$TMP/front.geojson" --from 2024-09-01 --to 2025-03-01 --json --side unknown=Russia --side liberated=Kyiv \
  --regions "$TMP/regions.geojson" --region-field oblast
expect_rc 0 "change --side unknown=Russia --side liberated=Kyiv --regions regions.geojson --region-field oblast"
if check="$("$PY" - "$TMP" <<'EOF' 2>&1
import json, sys
sys.path.insert(0, sys.argv[1])
from quad import quad
d = json.load(open(sys.argv[1] + "/out.txt"))
cats = {r["name"]: r for r in d["categories"]}
assert cats["unknown"]["side"] == "Russia" and cats["liberated"]["side"] == "Kyiv", cats
assert [s["name"] for s in d["sides"]] == ["Russia", "Kyiv"], d["sides"]
regions = {r["name"]: r for r in d["regions"]}
assert sorted(regions) == ["East", "West"], list(regions)
west = {r["name"]: r for r in regions["West"]["categories"]}
east = {r["name"]: r for r in regions["East"]["categories"]}
want = quad(50, 51, 0.25)
for what, got in (("West occupied gained", west["occupied"]["gained"]), ("East occupied gained", east["occupied"]["gained"])):
    if abs(got - want) > want * 1e-4:
        raise SystemExit(f"{what}: {got}, want {want}")
assert d["region_field"] == "oblast"
print(f"each region gains {want:.1f} km² of the strip")
EOF
)"; then
  pass "sides overridden, regions split the strip: $check"
else
  fail "--side/--regions check: $check"
  show_output
fi

# --- a folder of dated files -------------------------------------------------------------------------------------
change "$TMP/daily" --from 2024-09-01 --to 2025-03-01 --json
expect_rc 0 "change on a folder of deepstatemap_data_YYYYMMDD.geojson files"
if check="$("$PY" - "$TMP" <<'EOF' 2>&1
import json, sys
sys.path.insert(0, sys.argv[1])
from quad import quad
d = json.load(open(sys.argv[1] + "/out.txt"))
r = d["categories"][0]
assert d["date_field"] == "file_date" and r["name"] == "occupied" and r["side"] == "Russia", d
if abs(r["gained"] - quad(50, 51, 0.5)) > 0.01:
    raise SystemExit(f"gained {r['gained']}")
print("ok")
EOF
)"; then
  pass "dates from file names: $check"
else
  fail "folder check: $check"
  show_output
fi

# --- --layer picks a layer by name (a GeoJSON's one layer is named after the file) ---------------------------------
change "$TMP/front.geojson" --layer front --from 2024-09-01 --to 2025-03-01
expect_rc 0 "change --layer front"

# --- exit status 1: the layer cannot be used, and stderr says which file and why ----------------------------------
expect_1() { # what, file-substring, args...
  local what="$1" name="$2"
  shift 2
  change "$@"
  expect_rc 1 "$what"
  if [[ $RC -eq 1 ]]; then
    if grep -q "$name" "$TMP/err.txt"; then pass "$what: stderr names $name"; else fail "$what: stderr does not name $name"; show_output; fi
  fi
}
expect_1 "missing file" "missing.geojson" "$TMP/missing.geojson" --from 2024-09-01 --to 2025-03-01
expect_1 "no date field" "nodate.geojson" "$TMP/nodate.geojson" --from 2024-09-01 --to 2025-03-01
expect_1 "points, not polygons" "points.geojson" "$TMP/points.geojson" --from 2024-09-01 --to 2025-03-01
expect_1 "--date-field naming no field" "front.geojson" "$TMP/front.geojson" --from 2024-09-01 --to 2025-03-01 --date-field published
expect_1 "no snapshot before --from" "front.geojson" "$TMP/front.geojson" --from 2020-01-01 --to 2025-03-01
expect_1 "--layer naming no layer" "front.geojson" "$TMP/front.geojson" --layer nosuch --from 2024-09-01 --to 2025-03-01
expect_1 "missing regions file" "nowhere.gpkg" "$TMP/front.geojson" --from 2024-09-01 --to 2025-03-01 --regions "$TMP/nowhere.gpkg"

# --- exit status 2: usage ----------------------------------------------------------------------------------------
change "$TMP/front.geojson" --from 2024-09-01
expect_rc 2 "missing --to"
change --from 2024-09-01 --to 2025-03-01
expect_rc 2 "missing LAYER"
change "$TMP/front.geojson" --from 2024-02-30 --to 2025-03-01
expect_rc 2 "impossible --from date"
change "$TMP/front.geojson" --from 2024-09 --to 2025-03-01
expect_rc 2 "month instead of a day"
change "$TMP/front.geojson" --from 2025-03-01 --to 2024-09-01
expect_rc 2 "--from after --to"
change "$TMP/front.geojson" --from 2024-09-01 --to 2025-03-01 --side Russia
expect_rc 2 "--side without ="
change "$TMP/front.geojson" --from 2024-09-01 --to 2025-03-01 --frobnicate
expect_rc 2 "unknown option"
change "$TMP/front.geojson" --from 2024-09-01 --to
expect_rc 2 "--to without a value"

change --help
expect_rc 0 "--help"
if grep -q 'usage: frontmap change' "$TMP/out.txt"; then pass "--help prints the usage"; else fail "--help prints no usage"; fi

say "$PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
