#!/usr/bin/env bash
# Builds frontmap's libFuzzer targets with clang (AddressSanitizer + UndefinedBehaviorSanitizer + libFuzzer),
# compiling the few src/ files each target needs directly, without CMake.
#
#   fuzz/build.sh [OUT_DIR]      default OUT_DIR: build-fuzz/ in the repository
#
# Targets (OUT_DIR/<name>): date_fuzzer, view_file_fuzzer, places_fuzzer, events_fuzzer, and article_text_fuzzer,
# article_reader_fuzzer and article_ingest_fuzzer when src/sources/article_text.*, article_reader.* and
# article_ingest.* exist. Needs clang++ with compiler-rt's libFuzzer (Debian: clang and
# libclang-rt-14-dev), GDAL's and PROJ's development files. Uses ccache when it is installed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/build-fuzz}"
CXX="${FM_FUZZ_CXX:-clang++}"
JOBS="${FM_FUZZ_JOBS:-$(nproc)}"
say() { printf '[fuzz/build] %s\n' "$*"; }

command -v "$CXX" >/dev/null 2>&1 || { say "ERROR: $CXX not found (Debian packages clang libclang-rt-14-dev)"; exit 1; }
LAUNCHER=()
command -v ccache >/dev/null 2>&1 && LAUNCHER=(ccache)

# Check once that libFuzzer links (it ships with compiler-rt, not with clang itself on Debian).
mkdir -p "$OUT/obj"
if [[ ! -f "$OUT/.libfuzzer-ok" ]]; then
  printf '#include <cstddef>\n#include <cstdint>\nextern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }\n' \
    >"$OUT/probe.cpp"
  if ! "$CXX" -fsanitize=fuzzer,address,undefined "$OUT/probe.cpp" -o "$OUT/probe" 2>"$OUT/probe.log"; then
    say "ERROR: $CXX -fsanitize=fuzzer does not link; is libFuzzer installed (Debian: libclang-rt-14-dev)?"
    sed 's/^/    /' "$OUT/probe.log" | tail -n 5
    exit 1
  fi
  rm -f "$OUT/probe" "$OUT/probe.cpp" "$OUT/probe.log"
  touch "$OUT/.libfuzzer-ok"
fi

read -r -a GDAL_CFLAGS <<<"$(pkg-config --cflags gdal proj)"
read -r -a GDAL_LIBS <<<"$(pkg-config --libs gdal proj)"
CXXFLAGS=(-std=c++17 -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
  -Wall -Wextra -Wno-missing-field-initializers "-DFRONTMAP_SOURCE_DIR=\"$ROOT\"" -I"$ROOT/src" "${GDAL_CFLAGS[@]}")

# Library code gets coverage instrumentation without libFuzzer's main; each target links it.
compile() { # source object
  "${LAUNCHER[@]}" "$CXX" "${CXXFLAGS[@]}" -fsanitize=fuzzer-no-link -c "$1" -o "$2"
}

# Every .cpp of src/core and src/model, and the readers the targets call (static archives: the linker takes
# only what a target uses).
CORE_MODEL=("$ROOT"/src/core/*.cpp "$ROOT"/src/model/*.cpp)
SOURCES=("$ROOT"/src/sources/places_reader.cpp "$ROOT"/src/sources/event_reader.cpp "$ROOT"/src/sources/vector_reader.cpp
         "$ROOT"/src/sources/pg_source.cpp)
# Article parsing is new: its targets are built when its files are there.
ARTICLE=()
[[ -f "$ROOT/src/sources/article_text.h" && -f "$ROOT/src/sources/article_text.cpp" ]] && ARTICLE+=("$ROOT/src/sources/article_text.cpp")
[[ -f "$ROOT/src/sources/article_reader.h" && -f "$ROOT/src/sources/article_reader.cpp" ]] && ARTICLE+=("$ROOT/src/sources/article_reader.cpp")
# Ingestion (geotagger, gazetteer, actor finder, dates, event ids) and what the gazetteer and ingest files call.
INGEST=(article_ingest article_geotagger article_dates gazetteer actor_finder basemap ogr_convert)
if [[ " ${ARTICLE[*]} " == *"/article_reader.cpp "* && -f "$ROOT/src/sources/article_ingest.cpp" ]]; then
  for f in "${INGEST[@]}"; do ARTICLE+=("$ROOT/src/sources/$f.cpp"); done
fi

objects=()
pids=()
running=0
fail=0
for src in "${CORE_MODEL[@]}" "${SOURCES[@]}" "${ARTICLE[@]}"; do
  rel="${src#"$ROOT"/}"
  obj="$OUT/obj/${rel//\//_}.o"
  objects+=("$obj")
  compile "$src" "$obj" &
  pids+=($!)
  running=$((running + 1))
  if [[ $running -ge $JOBS ]]; then
    wait "${pids[0]}" || fail=1
    pids=("${pids[@]:1}")
    running=$((running - 1))
  fi
done
for p in "${pids[@]}"; do wait "$p" || fail=1; done
[[ $fail -eq 0 ]] || { say "ERROR: compiling the library sources failed (see above)"; exit 1; }

obj_of() { local rel="${1#"$ROOT"/}"; printf '%s' "$OUT/obj/${rel//\//_}.o"; }
core_objs=()
for s in "${CORE_MODEL[@]}"; do core_objs+=("$(obj_of "$s")"); done
rm -f "$OUT/libfm_fuzz_core.a" "$OUT/libfm_fuzz_sources.a"
ar rcs "$OUT/libfm_fuzz_core.a" "${core_objs[@]}"
src_objs=()
for s in "${SOURCES[@]}" "${ARTICLE[@]}"; do src_objs+=("$(obj_of "$s")"); done
ar rcs "$OUT/libfm_fuzz_sources.a" "${src_objs[@]}"

link() { # target needs-gdal
  local name="$1" gdal="$2" extra=()
  [[ $gdal == yes ]] && extra=("${GDAL_LIBS[@]}")
  "${LAUNCHER[@]}" "$CXX" "${CXXFLAGS[@]}" -fsanitize=fuzzer -c "$ROOT/fuzz/$name.cpp" -o "$OUT/obj/$name.o"
  "$CXX" -fsanitize=fuzzer,address,undefined "$OUT/obj/$name.o" "$OUT/libfm_fuzz_sources.a" "$OUT/libfm_fuzz_core.a" \
    "${extra[@]}" -lpthread -o "$OUT/$name"
  say "built $OUT/$name"
}
link date_fuzzer no
link view_file_fuzzer no
link places_fuzzer no
link events_fuzzer yes
[[ " ${ARTICLE[*]} " == *"/article_text.cpp "* ]] && link article_text_fuzzer no
[[ " ${ARTICLE[*]} " == *"/article_reader.cpp "* ]] && link article_reader_fuzzer no
[[ " ${ARTICLE[*]} " == *"/article_ingest.cpp "* ]] && link article_ingest_fuzzer yes
exit 0
