#!/usr/bin/env bash
# Exports fail safely: an unwritable target (under /proc, under a regular file, in a missing folder) is a clear
# error naming it, a non-zero exit and nothing created; invalid sizes are usage errors (exit 2); a snapshot or an
# event export killed with SIGKILL while it writes (a partly written temporary next to the target proves the moment;
# the check fails when no attempt catches it) leaves the previous file at the target byte for byte, and the temporary
# such a kill leaves next to it (nothing can clean up after SIGKILL) is removed by the next write to that target,
# while a live writer's temporary is left alone; and a full disk (a small
# tmpfs, when this user may mount one) makes the export fail clearly with nothing new at the target and no
# temporary left behind.
#
#   bash tests/scripts/cli_export_reliability.sh PATH/TO/frontmap [REPO_ROOT]
#
# Needs no data/ (everything runs with --no-basemap). Prints "N passed, N failed"; exits 1 when a check failed.
set -u

BIN="${1:?usage: cli_export_reliability.sh PATH/TO/frontmap [REPO_ROOT]}"
say() { printf '[cli_export_reliability] %s\n' "$*"; }
if [[ ! -x "$BIN" ]]; then
  say "no executable at $BIN"
  exit 1
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/fm-cli-reliability.XXXXXX")"
BG_PID=""
MOUNTED=""
cleanup() {
  if [[ -n "$BG_PID" ]]; then kill -9 "$BG_PID" 2>/dev/null; fi
  if [[ -n "$MOUNTED" ]]; then umount "$MOUNTED" 2>/dev/null; fi
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
note() { say "NOTE: $*"; }

# Runs a frontmap subcommand without a display (stdout+stderr to $TMP/out.txt); sets RC.
fm() {
  RC=0
  env -u DISPLAY -u WAYLAND_DISPLAY timeout 150 "$BIN" "$@" >"$TMP/out.txt" 2>&1 || RC=$?
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
# A failure exit (not 0, not a crash) with a message naming `path`.
expect_clear_failure() { # path what...
  local path="$1"
  shift
  if [[ $RC -ne 0 && $RC -lt 128 ]] && grep -qF "$path" "$TMP/out.txt" && ! grep -qE 'terminate called|Segmentation fault|core dumped' "$TMP/out.txt"; then
    pass "$* -> exit $RC: $(grep -F "$path" "$TMP/out.txt" | head -n 1)"
  else
    fail "$* -> exit $RC, expected a clear error naming $path; output:"
    show_output
  fi
}
sha() { sha256sum "$1" | cut -d' ' -f1; }

cat >"$TMP/square.geojson" <<'EOF'
{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "square"},
 "geometry": {"type": "Polygon", "coordinates": [[[28, 47], [34, 47], [34, 51], [28, 51], [28, 47]]]}}]}
EOF
# Many events spread over the map: a big export, and a busy (badly compressible) image.
awk 'BEGIN {
  srand(7); print "id,date_start,actors,type,place,lon,lat,sentence";
  for (i = 1; i <= 60000; i++)
    printf "ev%d,2024-%02d-%02d,%s,%s,Place %d,%.5f,%.5f,\"Sentence number %d, with some text to make the file larger.\"\n",
      i, 1 + i % 12, 1 + i % 28, (i % 2 ? "Russia" : "Ukraine"), (i % 3 ? "battle" : "strike"), i,
      22 + rand() * 18, 44 + rand() * 9, i
}' >"$TMP/many.csv"

# --- unwritable targets: clear error, non-zero exit, nothing created ------------------------------------------
fm snapshot --no-basemap --size 64x64 --out /proc/frontmap-test.png "$TMP/square.geojson"
expect_clear_failure /proc/frontmap-test.png "snapshot --out /proc/frontmap-test.png"
[[ -e /proc/frontmap-test.png ]] && fail "/proc/frontmap-test.png exists" || pass "nothing created under /proc"

echo "just a file" >"$TMP/plain.txt"
fm snapshot --no-basemap --size 64x64 --out "$TMP/plain.txt/map.png" "$TMP/square.geojson"
expect_clear_failure "$TMP/plain.txt/map.png" "snapshot into a path whose parent is a regular file"
if [[ "$(cat "$TMP/plain.txt")" == "just a file" ]]; then pass "the regular file is untouched"; else fail "the regular file changed"; fi

fm snapshot --no-basemap --size 64x64 --out "$TMP/no/such/folder/map.png" "$TMP/square.geojson"
expect_clear_failure "$TMP/no/such/folder/map.png" "snapshot into a missing folder"
[[ -e "$TMP/no" ]] && fail "$TMP/no was created" || pass "no folder created"

for ext in geojson csv gpkg; do
  fm export-events --out "$TMP/plain.txt/events.$ext" "$TMP/many.csv"
  expect_clear_failure "$TMP/plain.txt/events.$ext" "export-events .$ext under a regular file"
done
fm export-events --out /proc/frontmap-events.gpkg "$TMP/many.csv"
expect_clear_failure /proc/frontmap-events.gpkg "export-events --out /proc/frontmap-events.gpkg"

before="$(ls -A "$TMP" | sort | paste -sd' ')"
# --- invalid sizes: usage errors -------------------------------------------------------------------------------
for size in 0x0 70000x10 10x70000 abc 100 10x -5x10 100x100x3 1e3x10; do
  fm snapshot --no-basemap --size "$size" --out "$TMP/bad-size.png"
  expect_rc 2 "snapshot --size $size"
done
fm animate --no-basemap --size 0x0 --out "$TMP/bad-anim" --from 2024-01-01 --to 2024-01-02
expect_rc 2 "animate --size 0x0"
after="$(ls -A "$TMP" | sort | paste -sd' ')"
if [[ "$before" == "$after" ]]; then pass "invalid sizes created nothing"; else fail "invalid sizes created files: $after"; fi

# --- SIGKILL mid-export: the previous file stays ---------------------------------------------------------------
# Starts `frontmap ARGS…` in the background, waits for `trigger` (a shell test), then kills it with SIGKILL.
# KILLED=1 when it was still running; MID_WRITE=1 when, right after the kill, a temporary with bytes in it lay next
# to the target: the kill came while the new file was being written, the moment that matters.
kill_when() { # target trigger-command args...
  local target="$1" trigger="$2"
  shift 2
  env -u DISPLAY -u WAYLAND_DISPLAY "$BIN" "$@" >"$TMP/bg.txt" 2>&1 &
  BG_PID=$!
  local waited=0
  while kill -0 "$BG_PID" 2>/dev/null && ! eval "$trigger"; do
    sleep 0.02
    waited=$((waited + 1))
    [[ $waited -gt 6000 ]] && break
  done
  KILLED=0
  MID_WRITE=0
  if kill -0 "$BG_PID" 2>/dev/null; then
    kill -9 "$BG_PID"
    wait "$BG_PID" 2>/dev/null
    KILLED=1
    local t
    for t in "$target".tmp-*; do
      [[ -s "$t" ]] && MID_WRITE=1
    done
  else
    wait "$BG_PID" 2>/dev/null
  fi
  BG_PID=""
}
# The previous file must be byte-identical. A temporary left by the kill is expected (nothing can clean up after
# SIGKILL); with a rewrite command, the next write to the target must remove it (its process is dead) while a live
# process's temporary stays; without one, it is removed here.
check_intact() { # target old-sha what [rewrite-command...]
  local target="$1" old="$2" what="$3"
  shift 3
  if [[ -f "$target" && "$(sha "$target")" == "$old" ]]; then
    pass "$what: the previous file is byte-identical"
  else
    fail "$what: the previous file was damaged or removed"
  fi
  local leftovers
  leftovers="$(ls "$(dirname "$target")" | grep -F "$(basename "$target").tmp-" | paste -sd' ')"
  if [[ -n "$leftovers" && $# -gt 0 ]]; then
    note "$what: the kill left a temporary: $leftovers"
    local live
    live="$(dirname "$target")/$(basename "$target").tmp-$$-0badcafe"
    echo "a live writer's" >"$live"
    fm "$@"
    expect_rc 0 "$what: the next write to the target"
    local still
    still="$(ls "$(dirname "$target")" | grep -F "$(basename "$target").tmp-" | grep -vF "tmp-$$-0badcafe" | paste -sd' ')"
    if [[ -z "$still" ]]; then pass "$what: the next write removed the dead process's temporary"; else fail "$what: still there: $still"; fi
    if [[ -f "$live" ]]; then pass "$what: a live process's temporary was left alone"; else fail "$what: a live process's temporary was removed"; fi
    rm -f "$live"
    OLD_AFTER_REWRITE="$(sha "$target")"
  else
    rm -f "$target".tmp-*
  fi
}
# Kills `frontmap ARGS…` while it writes `target` (tries up to 4 times: the writing window of a fast export is short)
# and checks the previous file; fails when no attempt caught it mid-write. When it did, the next write to the target
# (REWRITE=(args...), if set) must clean up the temporary the kill left.
kill_mid_write() { # target old-sha what trigger args...
  local target="$1" old="$2" what="$3" trigger="$4" attempt
  shift 4
  for attempt in 1 2 3 4; do
    kill_when "$target" "$trigger" "$@"
    if [[ $KILLED -eq 0 ]]; then
      # It finished before the kill: the target is the new, complete file, the one the next attempt must keep.
      note "$what: the export ended before the kill (attempt $attempt)"
      old="$(sha "$target")"
      rm -f "$target".tmp-*
      continue
    fi
    if [[ $MID_WRITE -eq 1 ]]; then
      check_intact "$target" "$old" "$what (attempt $attempt)" "${REWRITE[@]}"
      pass "$what: killed mid-write (a partly written temporary was next to the target)"
      return
    fi
    check_intact "$target" "$old" "$what (attempt $attempt)"
  done
  fail "$what: no attempt killed it while it was writing"
}

mkdir -p "$TMP/kill"
TARGET="$TMP/kill/map.png"
fm snapshot --no-basemap --size 320x200 --out "$TARGET" "$TMP/square.geojson"
expect_rc 0 "a good snapshot at the target"
OLD="$(sha "$TARGET")"
# While still rendering, about a second in.
REWRITE=(snapshot --no-basemap --size 320x200 --out "$TARGET" "$TMP/square.geojson")
kill_when "$TARGET" '[[ $waited -ge 50 ]]' snapshot --no-basemap --size 8000x8000 --out "$TARGET" "$TMP/many.csv"
[[ $KILLED -eq 1 ]] || note "the 8000x8000 snapshot ended within a second"
check_intact "$TARGET" "$OLD" "snapshot 8000x8000 killed after 1 s" "${REWRITE[@]}"
OLD="${OLD_AFTER_REWRITE:-$OLD}"
# The worst moment: while the new PNG is being written next to it. FRONTMAP_TEST_WRITE_DELAY_MS makes the atomic
# writer pause after each MiB, so the kill lands inside the write with certainty.
export FRONTMAP_TEST_WRITE_DELAY_MS=300
kill_mid_write "$TARGET" "$OLD" "snapshot 4000x4000 killed while writing" \
  "t=\$(compgen -G '$TARGET.tmp-*' | head -n 1); [[ -n \$t && -s \$t ]]" \
  snapshot --no-basemap --size 4000x4000 --out "$TARGET" "$TMP/many.csv"
unset FRONTMAP_TEST_WRITE_DELAY_MS

REWRITE=()
for ext in gpkg geojson csv; do
  TARGET="$TMP/kill/events.$ext"
  fm export-events --no-view --out "$TARGET" --to 2024-01-31 "$TMP/many.csv"
  expect_rc 0 "a good events.$ext at the target"
  OLD="$(sha "$TARGET")"
  # GDAL writes the temporary progressively: kill once it holds some bytes.
  kill_mid_write "$TARGET" "$OLD" "export-events .$ext killed while writing" \
    "t=\$(compgen -G '$TARGET.tmp-*' | head -n 1); [[ -n \$t && -s \$t ]]" \
    export-events --no-view --out "$TARGET" "$TMP/many.csv"
done

# --- disk full --------------------------------------------------------------------------------------------------
FULL="$TMP/full"
mkdir -p "$FULL"
if mount -t tmpfs -o size=200k tmpfs "$FULL" 2>/dev/null; then
  MOUNTED="$FULL"
  say "a 200 KiB tmpfs at $FULL"
  TARGET="$FULL/map.png"
  fm snapshot --no-basemap --size 64x64 --out "$TARGET" "$TMP/square.geojson"
  expect_rc 0 "a small snapshot fits"
  OLD="$(sha "$TARGET")"
  fm snapshot --no-basemap --size 3000x3000 --pixel-ratio 1 --out "$TARGET" "$TMP/many.csv"
  expect_clear_failure "$TARGET" "a 3000x3000 snapshot onto the full disk"
  if grep -qi 'no space' "$TMP/out.txt"; then pass "the error says the disk is full"; else fail "the error does not say why"; fi
  if [[ "$(sha "$TARGET")" == "$OLD" ]]; then pass "the previous map.png is intact"; else fail "map.png changed"; fi
  if compgen -G "$FULL/*.tmp-*" >/dev/null; then fail "temporary left on the full disk: $(ls "$FULL")"; else pass "no temporary left on the full disk"; fi
  for ext in geojson csv gpkg; do
    TARGET="$FULL/events.$ext"
    fm export-events --out "$TARGET" "$TMP/many.csv"
    expect_clear_failure "$TARGET" "export-events .$ext (about 6 MB) onto the full disk"
    if [[ -e "$TARGET" ]]; then fail "events.$ext exists after the failure"; else pass "no events.$ext"; fi
    if compgen -G "$FULL/events.$ext.tmp-*" >/dev/null || compgen -G "$FULL/events.view.json*" >/dev/null; then
      fail "files left on the full disk: $(ls "$FULL")"
    else
      pass "nothing left behind by the .$ext export"
    fi
  done
  umount "$FULL" && MOUNTED=""
else
  say "cannot mount a tmpfs here (not root, or no permission): skipping the disk-full checks"
fi

printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
[[ $FAILED -eq 0 ]]
