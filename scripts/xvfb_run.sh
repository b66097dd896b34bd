#!/usr/bin/env bash
# A private Xvfb X server for headless runs (1600x1000x24, no TCP).
#
# Run a command under it:   scripts/xvfb_run.sh COMMAND [ARGS...]
#   starts Xvfb on the first free display in :99..:120, runs COMMAND with DISPLAY set, stops Xvfb, and exits
#   with COMMAND's status.
# Or source it (as scripts/setup.sh does) and call:
#   xvfb_start   start Xvfb, wait until it accepts clients, export DISPLAY; sets FM_XVFB_PID
#   xvfb_stop    stop the Xvfb that xvfb_start started (safe to call twice, or when none was started)

FM_XVFB_PID=""
FM_XVFB_LOG=""
FM_XVFB_FIRST="${FM_XVFB_FIRST:-99}"
FM_XVFB_LAST="${FM_XVFB_LAST:-120}"
FM_XVFB_SCREEN="${FM_XVFB_SCREEN:-1600x1000x24}"

_xvfb_log() { printf '[setup] %s\n' "$*"; }

# True once a client can talk to the server on display :$1.
_xvfb_answers() {
  if command -v xdpyinfo >/dev/null 2>&1; then
    xdpyinfo -display ":$1" >/dev/null 2>&1
  elif command -v xdotool >/dev/null 2>&1; then
    DISPLAY=":$1" xdotool getdisplaygeometry >/dev/null 2>&1
  else
    [[ -S "/tmp/.X11-unix/X$1" ]]
  fi
}

xvfb_start() {
  local n pid i
  if ! command -v Xvfb >/dev/null 2>&1; then
    printf '[setup] ERROR: Xvfb is not installed (Debian package xvfb)\n' >&2
    return 1
  fi
  FM_XVFB_LOG="$(mktemp "${TMPDIR:-/tmp}/frontmap-xvfb.XXXXXX")"
  for ((n = FM_XVFB_FIRST; n <= FM_XVFB_LAST; n++)); do
    # Taken (or left behind by a crashed server): try the next number.
    [[ -e "/tmp/.X11-unix/X$n" || -e "/tmp/.X$n-lock" ]] && continue
    Xvfb ":$n" -screen 0 "$FM_XVFB_SCREEN" -nolisten tcp -noreset >"$FM_XVFB_LOG" 2>&1 &
    pid=$!
    for ((i = 0; i < 100; i++)); do # up to 10 s
      if ! kill -0 "$pid" 2>/dev/null; then
        break # it exited: most likely another server took :$n meanwhile
      fi
      if [[ -S "/tmp/.X11-unix/X$n" ]] && _xvfb_answers "$n"; then
        FM_XVFB_PID="$pid"
        export DISPLAY=":$n"
        _xvfb_log "Xvfb started on DISPLAY=:$n (pid $pid, screen $FM_XVFB_SCREEN)"
        return 0
      fi
      sleep 0.1
    done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  printf '[setup] ERROR: could not start Xvfb on any display :%s..:%s; its last output:\n' \
    "$FM_XVFB_FIRST" "$FM_XVFB_LAST" >&2
  tail -n 10 "$FM_XVFB_LOG" | sed 's/^/    /' >&2
  rm -f "$FM_XVFB_LOG"
  FM_XVFB_LOG=""
  return 1
}

xvfb_stop() {
  local pid="$FM_XVFB_PID" i
  FM_XVFB_PID=""
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do # up to 5 s, then force it
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    _xvfb_log "Xvfb (pid $pid) stopped"
  fi
  if [[ -n "$FM_XVFB_LOG" ]]; then
    rm -f "$FM_XVFB_LOG"
    FM_XVFB_LOG=""
  fi
  return 0
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  if [[ $# -eq 0 ]]; then
    printf 'usage: %s COMMAND [ARGS...]\n' "$0" >&2
    exit 2
  fi
  trap xvfb_stop EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  xvfb_start
  rc=0
  "$@" || rc=$?
  exit "$rc"
fi
