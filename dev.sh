#!/usr/bin/env bash
# lineprof's developer entry point.
#
#   ./dev.sh demo    install what is missing, build, profile examples/primes.cpp
#                    and print its line report
#   ./dev.sh test    install what is missing, build from scratch, run all tests
#   ./dev.sh build   install what is missing and build (incrementally)
#   ./dev.sh clangs  also install Clang 15 and 16, build the plugin for every
#                    supported Clang (14, 15, 16, 19) and run the tests of
#                    each (test/toolchains); CI tests 14 and 19 only
#
# Build directory: build/ (override with BUILD_DIR). Installs to build/prefix.
# CMAKE_ARGS adds configure options, e.g. CMAKE_ARGS=-DLINEPROF_CLANG_VERSIONS='14;19'.
set -euo pipefail
cd "$(dirname "$0")"
BUILD_DIR=${BUILD_DIR:-build}
PREFIX="$(realpath -m "$BUILD_DIR")/prefix"

# Debian packages the build, the tests and the demo need.
PACKAGES=(
  clang-19 libclang-19-dev llvm-19-dev llvm-19-tools
  clang-14 libclang-14-dev llvm-14-dev pkg-config make
  libfmt-dev libgtest-dev cmake ninja-build g++ python3
  python3-line-profiler
  chromium fonts-dejavu-core valgrind libclang-rt-19-dev
  libc6-dev-arm64-cross hyperfine
  libjemalloc-dev libgoogle-perftools-dev heaptrack
  libomp-19-dev
)

# The other supported Clangs, for ./dev.sh clangs.
MORE_CLANGS=(clang-15 libclang-15-dev llvm-15-dev clang-16 libclang-16-dev llvm-16-dev)

setup() {
  local missing=()
  for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" ||
      missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "dev.sh: installing ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q \
    --no-install-recommends "${missing[@]}"
}

configure() {
  # shellcheck disable=SC2086 # CMAKE_ARGS: several words
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_INSTALL_PREFIX="$PREFIX" ${CMAKE_ARGS:-}
}

build() {
  setup
  [ -f "$BUILD_DIR/build.ninja" ] || configure
  cmake --build "$BUILD_DIR"
  cmake --install "$BUILD_DIR" >/dev/null
}

demo() {
  build
  local out="$BUILD_DIR/demo"
  mkdir -p "$out"
  # Exactly what a user does: compile with the plugin, link the runtime,
  # run, report.
  clang++-19 -O2 -g -std=c++17 -fplugin="$PREFIX/lib/lineprof.so" \
    -I"$PREFIX/include" examples/primes.cpp "$PREFIX/lib/liblineprof_rt.a" \
    -o "$out/primes"
  (cd "$out" && ./primes)
  "$PREFIX/bin/lprof-report" "$out/primes.lprof"
}

run_tests() {
  setup
  rm -rf "$BUILD_DIR"
  configure
  cmake --build "$BUILD_DIR"
  ctest --test-dir "$BUILD_DIR" --output-on-failure
}

clangs() {
  PACKAGES+=("${MORE_CLANGS[@]}")
  setup
  # -U: detect the installed Clangs again (the list is cached).
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_INSTALL_PREFIX="$PREFIX" \
    -ULINEPROF_CLANG_VERSIONS
  cmake --build "$BUILD_DIR"
  python3 /usr/lib/llvm-19/build/utils/lit/lit.py -sv "$BUILD_DIR/test" \
    --filter 'toolchains/'
}

case "${1:-}" in
  demo) demo ;;
  test) run_tests ;;
  build) build ;;
  clangs) clangs ;;
  setup) setup ;;
  *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
