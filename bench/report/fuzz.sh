#!/usr/bin/env bash
# Fuzzes the .lprof reader for longer than the test suite does.
#
#   bench/report/fuzz.sh [SECONDS] [BUILD_DIR]
#
# Runs build/bin/lprof-reader-fuzzer (libFuzzer with ASan and UBSan; built
# by the normal build) for SECONDS (default 600) on one worker per core,
# from a corpus seeded with the test suite's valid files and kept in
# BUILD_DIR/fuzz-corpus between runs. Crashing inputs land in
# BUILD_DIR/fuzz-artifacts; the script then exits non-zero. Prints the
# number of inputs executed and the rate.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_TO_RUN=${1:-600}
BUILD_DIR=${2:-build}
FUZZER="$BUILD_DIR/bin/lprof-reader-fuzzer"
[ -x "$FUZZER" ] || { echo "fuzz.sh: $FUZZER not built (./dev.sh build)" >&2; exit 2; }

CORPUS="$BUILD_DIR/fuzz-corpus"
ARTIFACTS="$BUILD_DIR/fuzz-artifacts"
LOGS="$BUILD_DIR/fuzz-logs"
mkdir -p "$CORPUS" "$ARTIFACTS" "$LOGS"
for kind in valid calls threads future-minor sieve-base sieve-new latin1 markup big; do
  python3 test/report/Inputs/gen.py "$kind" "$CORPUS/seed-$kind"
done

JOBS=$(nproc)
start=$(date +%s)
status=0
"$FUZZER" -max_total_time="$SECONDS_TO_RUN" -jobs="$JOBS" -workers="$JOBS" \
  -max_len=65536 -timeout=10 -malloc_limit_mb=256 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$ARTIFACTS/" "$CORPUS" \
  > "$LOGS/driver.log" 2>&1 || status=$?
mv fuzz-*.log "$LOGS/" 2>/dev/null || true
elapsed=$(( $(date +%s) - start ))

runs=0
for log in "$LOGS"/fuzz-*.log; do
  n=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  runs=$(( runs + ${n:-0} ))
done
echo "fuzz.sh: $runs inputs in ${elapsed} s on $JOBS workers ($(( runs / (elapsed > 0 ? elapsed : 1) )) per second)"
echo "fuzz.sh: corpus $(ls "$CORPUS" | wc -l) files in $CORPUS"
if [ "$status" -ne 0 ] || [ -n "$(ls -A "$ARTIFACTS")" ]; then
  echo "fuzz.sh: FAILED, see $LOGS and $ARTIFACTS" >&2
  exit 1
fi
echo "fuzz.sh: no crashes"
