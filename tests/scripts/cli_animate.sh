#!/usr/bin/env bash
# `frontmap animate` from the command line, with no display: one numbered PNG frame per time step, each of the
# requested size; the map part of a frame changes exactly when events come into its date window (day windows
# and --cumulative); frames left by a longer earlier run are removed; usage errors exit 2; SIGTERM stops after a
# whole frame (every frame on disk is a complete PNG, no temporaries); and without ffmpeg, --mp4 still writes the
# frames and says why there is no video (with ffmpeg installed, the MP4 and GIF are checked instead).
#
#   bash tests/scripts/cli_animate.sh PATH/TO/frontmap [REPO_ROOT]
#
# Needs no data/ (everything runs with --no-basemap). Prints "N passed, N failed"; exits 1 when a check failed.
set -u

BIN="${1:?usage: cli_animate.sh PATH/TO/frontmap [REPO_ROOT]}"
say() { printf '[cli_animate] %s\n' "$*"; }
if [[ ! -x "$BIN" ]]; then
  say "no executable at $BIN"
  exit 1
fi
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/fm-cli-animate.XXXXXX")"
BG_PID=""
cleanup() {
  if [[ -n "$BG_PID" ]]; then kill -9 "$BG_PID" 2>/dev/null; fi
  rm -rf "$TMP"
}
trap cleanup EXIT

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

# Runs `frontmap animate` without a display (stdout+stderr to $TMP/out.txt); sets RC.
animate() {
  RC=0
  env -u DISPLAY -u WAYLAND_DISPLAY timeout 120 "$BIN" animate "$@" >"$TMP/out.txt" 2>&1 || RC=$?
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

# Checksum of the middle of a frame (clear of the date stamp at the top left and the attribution at the bottom).
map_checksum() {
  gdal_translate -q -of GTiff -srcwin 40 36 80 30 "$1" "$TMP/crop.tif" >/dev/null 2>&1 &&
    gdalinfo -checksum "$TMP/crop.tif" 2>/dev/null | sed -nE 's/.*Checksum=([0-9]+).*/\1/p' | paste -sd, -
}

# One event in the middle of the frame on 3 March 2024.
cat >"$TMP/events.geojson" <<'EOF'
{"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {"id": "e1", "date_start": "2024-03-03", "actors": "Russia", "type": "battle"},
  "geometry": {"type": "Point", "coordinates": [31.0, 48.5]}}]}
EOF
EXTENT="27,46.5,35,50.5"

# --- four daily frames ------------------------------------------------------------------------------------------
OUT="$TMP/frames"
mkdir -p "$OUT"
cp /dev/null "$OUT/frame_00009.png" # as if left by an earlier, longer run
animate --no-basemap --out "$OUT" --size 160x100 --extent "$EXTENT" --from 2024-03-01 --to 2024-03-04 \
  --step-days 1 --pixel-ratio 1 "$TMP/events.geojson"
expect_rc 0 "animate 4 daily frames at 160x100"
count="$(find "$OUT" -name 'frame_*.png' | wc -l)"
if [[ "$count" -eq 4 ]] && [[ -s "$OUT/frame_00001.png" && -s "$OUT/frame_00004.png" ]]; then
  pass "4 frames written (frame_00001.png … frame_00004.png)"
else
  fail "expected exactly 4 frames, found $count: $(ls "$OUT" | paste -sd' ')"
fi
if [[ -e "$OUT/frame_00009.png" ]]; then fail "the stale frame_00009.png was left"; else pass "stale frame_00009.png removed"; fi
if compgen -G "$OUT/*.tmp-*" >/dev/null; then fail "temporary files left: $(ls "$OUT"/*.tmp-*)"; else pass "no temporary files"; fi
if grep -q 'frame 4/4' "$TMP/out.txt"; then pass "progress reported on stderr"; else fail "no progress lines"; fi

if have gdalinfo && have gdal_translate; then
  sizes_ok=1
  for f in "$OUT"/frame_0000[1-4].png; do
    if ! gdalinfo "$f" 2>/dev/null | grep -q '^Size is 160, 100$'; then
      sizes_ok=0
      fail "$(basename "$f") is not 160x100: $(gdalinfo "$f" 2>&1 | grep '^Size' || echo unreadable)"
    fi
  done
  [[ $sizes_ok -eq 1 ]] && pass "gdalinfo: every frame is 160x100"

  c1="$(map_checksum "$OUT/frame_00001.png")"
  c2="$(map_checksum "$OUT/frame_00002.png")"
  c3="$(map_checksum "$OUT/frame_00003.png")"
  c4="$(map_checksum "$OUT/frame_00004.png")"
  say "map checksums: 1=$c1 2=$c2 3=$c3 4=$c4"
  if [[ -n "$c1" && "$c1" == "$c2" && "$c2" == "$c4" ]]; then
    pass "frames without events show the same map (1, 2, 4)"
  else
    fail "frames 1, 2 and 4 (no event in their window) differ in the map area"
  fi
  if [[ -n "$c3" && "$c3" != "$c1" ]]; then
    pass "frame 3 differs: the event of 3 March appears"
  else
    fail "frame 3 shows the same map as frame 1: the event does not appear"
  fi
  # The date stamp differs frame to frame even where the map does not.
  if ! cmp -s "$OUT/frame_00001.png" "$OUT/frame_00002.png"; then
    pass "frames 1 and 2 differ as files (the date stamp)"
  else
    fail "frames 1 and 2 are identical files: no date stamp?"
  fi

  # --- cumulative: the event stays once it appeared --------------------------------------------------------
  animate --no-basemap --out "$TMP/cum" --size 160x100 --extent "$EXTENT" --from 2024-03-01 --to 2024-03-04 \
    --cumulative --pixel-ratio 1 "$TMP/events.geojson"
  expect_rc 0 "animate --cumulative"
  k1="$(map_checksum "$TMP/cum/frame_00001.png")"
  k3="$(map_checksum "$TMP/cum/frame_00003.png")"
  k4="$(map_checksum "$TMP/cum/frame_00004.png")"
  if [[ -n "$k3" && "$k3" == "$k4" && "$k3" != "$k1" ]]; then
    pass "cumulative: the event shows from frame 3 on (3 = 4 != 1)"
  else
    fail "cumulative frames: 1=$k1 3=$k3 4=$k4"
  fi
else
  say "gdalinfo/gdal_translate not available (Debian package gdal-bin): skipping the image checks"
fi

# --- step and window ------------------------------------------------------------------------------------------
animate --no-basemap --out "$TMP/weekly" --size 160x100 --extent "$EXTENT" --from 2024-03-01 --to 2024-03-20 \
  --step-days 7 --window-days 14 "$TMP/events.geojson"
expect_rc 0 "animate --step-days 7 --window-days 14"
count="$(find "$TMP/weekly" -name 'frame_*.png' | wc -l)"
if [[ "$count" -eq 3 ]]; then pass "20 days in steps of 7: 3 frames"; else fail "20 days in steps of 7: $count frames, expected 3"; fi

# --- usage errors: exit 2, nothing written --------------------------------------------------------------------
animate --no-basemap --out "$TMP/u1" --from 2024-03-01 --to 2024-03-04 --cumulative --window-days 3 "$TMP/events.geojson"
expect_rc 2 "--cumulative with --window-days"
animate --no-basemap --out "$TMP/u2" --from 2024-03-01 --to 2024-03-04 --step-days 0 "$TMP/events.geojson"
expect_rc 2 "--step-days 0"
animate --no-basemap --out "$TMP/u3" --from 2024-03-04 --to 2024-03-01 "$TMP/events.geojson"
expect_rc 2 "--from after --to"
animate --no-basemap --out "$TMP/u4" --size abc --from 2024-03-01 --to 2024-03-04 "$TMP/events.geojson"
expect_rc 2 "--size abc"
animate --no-basemap --from 2024-03-01 --to 2024-03-04 "$TMP/events.geojson"
expect_rc 2 "no --out"
if compgen -G "$TMP/u*" >/dev/null; then fail "a usage error created output: $(ls -d "$TMP"/u*)"; else pass "usage errors wrote nothing"; fi

# --- SIGTERM mid-run: only complete frames ----------------------------------------------------------------------
LONG="$TMP/long"
env -u DISPLAY -u WAYLAND_DISPLAY "$BIN" animate --no-basemap --out "$LONG" --size 640x400 --extent "$EXTENT" \
  --from 2024-01-01 --to 2024-12-31 "$TMP/events.geojson" >"$TMP/long.txt" 2>&1 &
BG_PID=$!
for _ in $(seq 1 600); do
  [[ -e "$LONG/frame_00002.png" ]] && break
  kill -0 "$BG_PID" 2>/dev/null || break
  sleep 0.1
done
kill -TERM "$BG_PID" 2>/dev/null
RC=0
wait "$BG_PID" || RC=$?
BG_PID=""
n="$(find "$LONG" -name 'frame_*.png' 2>/dev/null | wc -l)"
if [[ $RC -eq 143 ]]; then
  pass "SIGTERM -> exit 143 after $n frames"
else
  fail "SIGTERM -> exit $RC, expected 143; output:"
  sed 's/^/    /' "$TMP/long.txt" | tail -n 5
fi
if [[ "$n" -ge 1 && "$n" -lt 366 ]]; then pass "stopped part way ($n of 366 frames)"; else fail "$n frames after SIGTERM"; fi
if compgen -G "$LONG/*.tmp-*" >/dev/null; then fail "temporary files left after SIGTERM: $(ls "$LONG"/*.tmp-*)"; else pass "no temporary files after SIGTERM"; fi
if have gdalinfo; then
  bad=0
  for f in "$LONG"/frame_*.png; do
    gdalinfo "$f" 2>/dev/null | grep -q '^Size is 640, 400$' || bad=$((bad + 1))
  done
  if [[ $bad -eq 0 ]]; then pass "every frame left is a complete 640x400 PNG"; else fail "$bad frames are not complete PNGs"; fi
fi
if grep -q 'interrupted' "$TMP/long.txt"; then pass "says it was interrupted"; else fail "no 'interrupted' message"; fi

# --- video ----------------------------------------------------------------------------------------------------
if have ffmpeg; then
  animate --no-basemap --out "$TMP/v" --size 160x100 --extent "$EXTENT" --from 2024-03-01 --to 2024-03-04 --fps 4 \
    --mp4 "$TMP/v.mp4" --gif "$TMP/v.gif" "$TMP/events.geojson"
  expect_rc 0 "animate --mp4 --gif (ffmpeg installed)"
  if [[ -s "$TMP/v.mp4" && -s "$TMP/v.gif" ]]; then pass "v.mp4 and v.gif written"; else fail "v.mp4 or v.gif missing"; fi
  if have ffprobe && [[ -s "$TMP/v.mp4" ]]; then
    frames="$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=nb_read_frames -of csv=p=0 "$TMP/v.mp4")"
    if [[ "$frames" == "4" ]]; then pass "the MP4 has 4 frames"; else fail "the MP4 has '$frames' frames, expected 4"; fi
  fi
else
  say "ffmpeg not installed: checking the frames-only fallback instead of the video"
  animate --no-basemap --out "$TMP/v" --size 160x100 --extent "$EXTENT" --from 2024-03-01 --to 2024-03-02 \
    --mp4 "$TMP/v.mp4" "$TMP/events.geojson"
  expect_rc 1 "--mp4 without ffmpeg"
  if grep -q 'ffmpeg is not installed' "$TMP/out.txt"; then pass "says ffmpeg is not installed"; else fail "no clear message about ffmpeg"; fi
  if [[ -s "$TMP/v/frame_00002.png" && ! -e "$TMP/v.mp4" ]]; then pass "frames written, no MP4"; else fail "frames missing or an MP4 appeared"; fi
fi

printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
[[ $FAILED -eq 0 ]]
