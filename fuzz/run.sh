#!/usr/bin/env bash
# Builds (fuzz/build.sh) and runs frontmap's libFuzzer targets for a bounded time each.
#
#   fuzz/run.sh [SECONDS] [TARGET...]     default: 10 s for each of the targets that were built
#
# First every input in fuzz/regressions/<target>/ (each once crashed its target) is replayed. Then each target
# starts from its seeds (fuzz/corpus/<target>/) plus what earlier runs here found (build-fuzz/corpus/, kept between
# runs; fuzz/corpus/ is never written). Crashes go to build-fuzz/crashes/<target>/. Exits 1 when a regression
# input still fails, or a target crashed, leaked, timed out on one input (-timeout) or ran out of memory
# (-rss_limit_mb).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${FM_FUZZ_BUILD:-$ROOT/build-fuzz}"
SECONDS_EACH="${1:-10}"
[[ $# -gt 0 ]] && shift
say() { printf '[fuzz] %s\n' "$*"; }

"$ROOT/fuzz/build.sh" "$OUT"

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for t in date view_file places events article_text article_reader article_ingest; do
    [[ -x "$OUT/${t}_fuzzer" ]] && targets+=("$t")
  done
fi

# GDAL keeps per-thread and per-driver state for the life of the process; it is not a leak of ours.
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$ROOT/tests/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}"

rc=0
# Inputs that once crashed a target (fuzz/regressions/<target>/) are replayed first: each must now pass.
for t in "${targets[@]}"; do
  bin="$OUT/${t}_fuzzer"
  [[ -x $bin && -d "$ROOT/fuzz/regressions/$t" ]] || continue
  for input in "$ROOT/fuzz/regressions/$t"/*; do
    [[ -f $input ]] || continue
    if "$bin" "$input" >"$OUT/replay.log" 2>&1; then
      say "$t: regression $(basename "$input") passes"
    else
      rc=1
      say "FAIL: $t still fails on fuzz/regressions/$t/$(basename "$input"):"
      grep -E 'runtime error|what\(\)|ERROR|SUMMARY' "$OUT/replay.log" | head -n 5 | sed 's/^/    /'
    fi
  done
done
for t in "${targets[@]}"; do
  bin="$OUT/${t}_fuzzer"
  [[ -x $bin ]] || { say "no $bin"; rc=1; continue; }
  work="$OUT/corpus/$t"
  crashes="$OUT/crashes/$t"
  mkdir -p "$work" "$crashes"
  dict=()
  [[ -f "$ROOT/fuzz/$t.dict" ]] && dict=(-dict="$ROOT/fuzz/$t.dict")
  say "$t: ${SECONDS_EACH} s"
  if ! "$bin" "$work" "$ROOT/fuzz/corpus/$t" "${dict[@]}" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 \
    -timeout=10 -max_len=65536 -print_final_stats=1 -artifact_prefix="$crashes/" >"$OUT/$t.log" 2>&1; then
    rc=1
    say "FAIL: $t found a problem; the input is in $crashes/, the report in $OUT/$t.log:"
    grep -E 'ERROR|SUMMARY|runtime error|Test unit written|DEADLYSIGNAL|==[0-9]+==' "$OUT/$t.log" | head -n 20 | sed 's/^/    /'
  else
    say "$t: $(grep -E '^stat::number_of_executed_units' "$OUT/$t.log" | awk '{print $2}') inputs, no crash"
  fi
done
exit "$rc"
