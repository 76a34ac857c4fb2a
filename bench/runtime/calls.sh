#!/bin/sh
# The ns a profiled call costs in timing mode (bench/runtime/calls.cpp), plain
# and instrumented builds measured side by side in one run.
#   bench/runtime/calls.sh [BUILD_DIR] [WORK_DIR]
set -eu
build=$(cd "${1:-build}" && pwd)
work=${2:-$(mktemp -d)}
src=$(cd "$(dirname "$0")" && pwd)/calls.cpp
clang=clang++-19
$clang -std=c++17 -O2 -o "$work/plain" "$src"
$clang -std=c++17 -O2 '-DPROFILE=[[profile]]' -fplugin="$build/lib/lineprof.so" \
  -I"$build/prefix/include" -o "$work/timing" "$src" "$build/lib/liblineprof_rt.a" -lpthread
for alternate in 0 1; do
  best_plain=999999 best_timing=999999
  for run in 1 2 3 4 5; do
    p=$("$work/plain" 200000 $alternate 2>/dev/null)
    t=$(LPROF_OUTPUT=/dev/null "$work/timing" 200000 $alternate 2>/dev/null)
    best_plain=$(echo "$p $best_plain" | awk '{print ($1 < $2) ? $1 : $2}')
    best_timing=$(echo "$t $best_timing" | awk '{print ($1 < $2) ? $1 : $2}')
  done
  label=$([ $alternate = 1 ] && echo "two calling lines, alternating" || echo "one calling line")
  echo "$label: plain $best_plain ns, timing $best_timing ns per call (loop iteration)"
done
