#!/usr/bin/env bash
# `frontmap snapshot` from the command line, with no display: the files it writes, what GDAL makes of them,
# and its exit statuses (0 written, 1 input failed, 2 usage).
#
#   bash tests/scripts/cli_snapshot.sh PATH/TO/frontmap [REPO_ROOT]
#
# Needs no data/ (everything runs with --no-basemap). Prints "N passed, N failed"; exits 1 when a check failed.
set -u

BIN="${1:?usage: cli_snapshot.sh PATH/TO/frontmap [REPO_ROOT]}"
say() { printf '[cli_snapshot] %s\n' "$*"; }
if [[ ! -x "$BIN" ]]; then
  say "no executable at $BIN"
  exit 1
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/fm-cli-snapshot.XXXXXX")"
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

# Runs the snapshot command without a display (stdout+stderr to $TMP/out.txt); sets RC.
snap() {
  RC=0
  env -u DISPLAY -u WAYLAND_DISPLAY timeout 120 "$BIN" snapshot "$@" >"$TMP/out.txt" 2>&1 || RC=$?
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

# --- a plain snapshot ---------------------------------------------------------------------------------------
snap --no-basemap --out "$TMP/a.png" --size 320x200
expect_rc 0 "snapshot --no-basemap --size 320x200 (no DISPLAY)"
for f in a.png a.pgw a.prj; do
  if [[ -s "$TMP/$f" ]]; then pass "$f written"; else fail "$f missing or empty"; fi
done

if command -v gdalinfo >/dev/null 2>&1 && [[ -s "$TMP/a.png" ]]; then
  info="$(gdalinfo -mm "$TMP/a.png" 2>&1)"
  if grep -q '^Size is 320, 200$' <<<"$info"; then
    pass "gdalinfo: size 320x200"
  else
    fail "gdalinfo does not report 'Size is 320, 200':"
    sed 's/^/    /' <<<"$info" | head -n 20
  fi
  # The geotransform comes from the world file (.pgw): square pixels, north up.
  origin="$(sed -nE 's/^Origin = \(([^,]+),([^)]+)\)$/\1 \2/p' <<<"$info")"
  pixel="$(sed -nE 's/^Pixel Size = \(([^,]+),([^)]+)\)$/\1 \2/p' <<<"$info")"
  if [[ -n "$origin" && -n "$pixel" ]] && grep -q 'a.pgw' <<<"$info" &&
    awk -v p="$pixel" 'BEGIN { split(p, a, " "); exit !(a[1] > 0 && a[2] < 0 && (a[1] + a[2]) ^ 2 < (1e-9 * a[1]) ^ 2) }'; then
    pass "gdalinfo: geotransform from a.pgw (origin $origin, pixel size $pixel)"
  else
    fail "gdalinfo: no usable geotransform (origin '$origin', pixel size '$pixel')"
  fi
  # With no layers at all the image is the ocean's flat colour: not black (nothing drawn) and not white.
  if grep -E 'Computed Min/Max=' <<<"$info" | awk -F'[=,]' '{ n++; s += $2 } END { exit !(n >= 3 && s > 0 && s < 3 * 255) }'; then
    pass "the image is the ocean's colour ($(grep -E 'Computed Min/Max=' <<<"$info" | sed -E 's/.*=([0-9.]+),.*/\1/' | paste -sd/))"
  else
    fail "the image is black, white or not RGB:"
    grep -E 'Computed Min/Max=' <<<"$info" | sed 's/^/    /'
  fi
else
  say "gdalinfo not available (Debian package gdal-bin): skipping the GDAL checks"
fi

# --- a user layer (GeoJSON, no data/ needed) is drawn ---------------------------------------------------------
cat >"$TMP/square.geojson" <<'EOF2'
{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "square"},
 "geometry": {"type": "Polygon", "coordinates": [[[28, 47], [34, 47], [34, 51], [28, 51], [28, 47]]]}}]}
EOF2
snap --no-basemap --out "$TMP/b.png" --size 320x200 "$TMP/square.geojson"
expect_rc 0 "snapshot of a GeoJSON layer"
if command -v gdalinfo >/dev/null 2>&1 && [[ -s "$TMP/b.png" ]]; then
  if gdalinfo -mm "$TMP/b.png" 2>&1 | grep -E 'Computed Min/Max=' | awk -F'[=,]' '$2 != $3 { found = 1 } END { exit !found }'; then
    pass "the layer shows: the image has more than one colour"
  else
    fail "the layer does not show: b.png is a single flat colour"
  fi
fi

# The coordinate system, as GDAL reads the .prj. (GDAL's PNG driver takes the geotransform from the .pgw but
# does not read a .prj sidecar, so `gdalinfo a.png` itself shows no coordinate system.)
if command -v gdalsrsinfo >/dev/null 2>&1 && [[ -s "$TMP/a.prj" ]]; then
  srs="$(gdalsrsinfo -o proj4 "$TMP/a.prj" 2>&1 | tr -d "'" | sed '/^$/d')"
  if grep -q '+proj=lcc' <<<"$srs" && grep -q '+lon_0=31' <<<"$srs"; then
    pass "a.prj is the default Lambert conformal conic ($srs)"
  else
    fail "a.prj is not the default Lambert conformal conic: $srs"
  fi
fi

# --- GeoTIFF: --out x.tif, or --format gtiff; the CRS and geotransform inside, no world file ------------------
snap --no-basemap --out "$TMP/g.tif" --size 320x200 "$TMP/square.geojson"
expect_rc 0 "snapshot --out g.tif"
snap --no-basemap --format gtiff --out "$TMP/g2.tiff" --size 320x200 "$TMP/square.geojson"
expect_rc 0 "snapshot --format gtiff --out g2.tiff"
if [[ -e "$TMP/g.tfw" || -e "$TMP/g.prj" || -e "$TMP/g.tif.aux.xml" ]]; then
  fail "side files beside the GeoTIFF: $(ls "$TMP" | grep '^g\.' | paste -sd' ')"
else
  pass "the GeoTIFF needs no side files"
fi
if command -v gdalinfo >/dev/null 2>&1 && [[ -s "$TMP/g.tif" ]]; then
  tinfo="$(gdalinfo "$TMP/g.tif" 2>&1)"
  binfo="$(gdalinfo "$TMP/b.png" 2>&1)"
  if grep -q 'Driver: GTiff' <<<"$tinfo" && grep -q 'Size is 320, 200' <<<"$tinfo" && grep -q 'Lambert' <<<"$tinfo"; then
    pass "gdalinfo: a 320x200 GTiff in Lambert conformal conic"
  else
    fail "gdalinfo g.tif:"
    sed 's/^/    /' <<<"$tinfo"
  fi
  # The same georeference as the PNG and its world file of the same view (the world file has 12 significant
  # digits: micrometres here).
  geo() { grep -E '^(Origin|Pixel Size)' | grep -oE '[-0-9.e+]+' | grep -E '[0-9]' | paste -sd' '; }
  if paste <(geo <<<"$tinfo" | tr ' ' '\n') <(geo <<<"$binfo" | tr ' ' '\n') |
    awk 'BEGIN { n = 0 } { d = $1 - $2; if (d < 0) d = -d; m = ($1 < 0 ? -$1 : $1); if (d > 1e-9 * m + 1e-6) bad = 1; n++ }
         END { exit (bad || n != 4) }'; then
    pass "g.tif and b.png+b.pgw have the same origin and pixel size"
  else
    fail "georeference differs: $(grep -E '^(Origin|Pixel Size)' <<<"$tinfo" | paste -sd' ') vs $(grep -E '^(Origin|Pixel Size)' <<<"$binfo" | paste -sd' ')"
  fi
fi
snap --no-basemap --format gtiff --out "$TMP/u3.png" --size 320x200
expect_rc 2 "--format gtiff with a .png name"
snap --no-basemap --format jpeg --out "$TMP/u4.jpg" --size 320x200
expect_rc 2 "--format jpeg"
# --- --aggregate and --timing -----------------------------------------------------------------------------------
# 6000 events around two towns: zoomed out, "auto" and "always" draw clusters, "never" every symbol.
awk 'BEGIN { srand(7); print "id,date_start,actors,type,lon,lat";
  for (i = 0; i < 6000; i++) printf "e%d,2024-09-%02d,%s,battle,%.4f,%.4f\n", i, 1 + i % 28, (i % 2 ? "Russia" : "Ukraine"),
    (i % 3 ? 37.5 : 35.3) + rand() * 0.6, (i % 3 ? 48.3 : 51.2) + rand() * 0.4 }' >"$TMP/many.csv"
snap --no-basemap --out "$TMP/agg_never.png" --size 400x300 --aggregate never --timing "$TMP/many.csv"
expect_rc 0 "--aggregate never --timing"
timing="$(grep '^timing ' "$TMP/out.txt" || true)"
if [[ -n "$timing" ]] && awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] + 0; if (kv[2] !~ /^[0-9.]+$/) bad = 1 } }
    END { s = v["read_s"] + v["context_s"] + v["project_s"] + v["draw_s"] + v["png_s"]; exit !(!bad && v["total_s"] > 0 && s <= v["total_s"] + 0.01) }' <<<"$timing"; then
  pass "--timing prints every stage, adding up to at most the total ($timing)"
else
  fail "--timing printed no usable stage times: '$timing'"
fi
snap --no-basemap --out "$TMP/agg_always.png" --size 400x300 --aggregate always "$TMP/many.csv"
expect_rc 0 "--aggregate always"
if [[ -s "$TMP/agg_never.png" && -s "$TMP/agg_always.png" ]] && ! cmp -s "$TMP/agg_never.png" "$TMP/agg_always.png"; then
  pass "--aggregate always and never draw different pictures"
else
  fail "--aggregate always and never drew the same picture (or none)"
fi
snap --no-basemap --out "$TMP/u0.png" --size 320x200 --aggregate sometimes
expect_rc 2 "--aggregate with an unknown mode"

# --- usage errors: exit 2, nothing written ------------------------------------------------------------------
snap --no-basemap --out "$TMP/u1.png" --size 0x0
expect_rc 2 "--size 0x0"
snap --no-basemap --out "$TMP/u2.png" --no-such-option
expect_rc 2 "an unknown option"
snap --no-basemap --size 320x200
expect_rc 2 "no --out"
if compgen -G "$TMP/u*.png" >/dev/null; then
  fail "a usage error still wrote an image: $(ls "$TMP"/u*.png)"
else
  pass "usage errors wrote no image"
fi

# --- a layer that cannot be read: exit 1; nothing written unless --keep-going ---------------------------------
missing="$TMP/no-such-layer.geojson"
snap --no-basemap --out "$TMP/a2.png" --size 320x200 "$missing"
expect_rc 1 "a non-existent input layer"
if [[ -e "$TMP/a2.png" ]]; then fail "a2.png was written although an input failed"; else pass "a2.png not written"; fi
if grep -q 'no-such-layer' "$TMP/out.txt"; then
  pass "the error names the bad input"
else
  fail "the error does not name the bad input:"
  show_output
fi

snap --no-basemap --keep-going --out "$TMP/a3.png" --size 320x200 "$missing"
expect_rc 1 "--keep-going with a non-existent input layer"
if [[ -s "$TMP/a3.png" && -s "$TMP/a3.pgw" ]]; then
  pass "--keep-going wrote a3.png (and its world file)"
else
  fail "--keep-going did not write a3.png/a3.pgw"
fi

printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
[[ $FAILED -eq 0 ]]
