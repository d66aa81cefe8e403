#!/usr/bin/env bash
# Builds every fuzz target (Tests/Fuzz/build.sh) and runs each for a fixed time, starting from its seed corpus
# (Tests/Fuzz/<target>/corpus, never modified: new inputs go to .build/fuzz/corpus/<target>). Fails when a target
# crashes, traps or leaks a sanitizer report; the input that did it is kept in .build/fuzz/crashes/.
# Usage: bash Tests/Fuzz/run.sh [SECONDS_PER_TARGET] [target...]     (default 20 seconds, every target)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-20}"
shift || true
bash "$root/Tests/Fuzz/build.sh" "$@"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for dir in "$root"/Tests/Fuzz/*/; do targets+=("$(basename "$dir")"); done
fi
out="$root/.build/fuzz"
mkdir -p "$out/crashes"
status=0
for target in "${targets[@]}"; do
  mkdir -p "$out/corpus/$target"
  log="$out/$target.log"
  echo "fuzz: $target for ${seconds}s"
  if ! ASAN_OPTIONS=detect_leaks=0 "$out/$target" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$out/crashes/$target-" -timeout=10 -rss_limit_mb=2048 \
    "$out/corpus/$target" "$root/Tests/Fuzz/$target/corpus" >"$log" 2>&1; then
    echo "fuzz: $target FAILED (input kept in $out/crashes/; log $log):"
    grep -E "ERROR|Fatal error|precondition|panic|deadly signal|timeout" "$log" | head -5 || true
    status=1
  fi
  # The last status line (executions, coverage) and the executions per second.
  grep -E "^#[0-9]+" "$log" | tail -1 || true
  grep -E "stat::(number_of_executed_units|average_exec_per_sec|new_units_added)" "$log" || true
done
exit $status
