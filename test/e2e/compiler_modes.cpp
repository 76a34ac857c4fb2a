// Compiles that generate no code pass through untouched; -MD, -E, PCH and
// the debug line table behave as without the plugin; -S and -save-temps
// are instrumented.
//
// RUN: rm -rf %t && mkdir -p %t && cp %s %t/modes.cpp && cd %t
// RUN: %clangxx -E modes.cpp -o with.ii && %plain-clangxx -Wno-unknown-attributes -E modes.cpp -o without.ii
// RUN: diff with.ii without.ii
// RUN: %clangxx -fsyntax-only modes.cpp 2>&1 | count 0
// RUN: %clangxx -x c++-header modes.cpp -o modes.pch
//
// RUN: %clangxx -c -MD -MF with.d modes.cpp -o modes.o
// RUN: %plain-clangxx -Wno-unknown-attributes -c -MD -MF without.d modes.cpp -o modes.o
// RUN: diff with.d without.d
//
// RUN: %clangxx -g -O0 -c modes.cpp -o with.o
// RUN: %plain-clangxx -Wno-unknown-attributes -g -O0 -c modes.cpp -o without.o
// RUN: %python %inputs/debug_lines.py with.o modes.cpp > with.lines
// RUN: %python %inputs/debug_lines.py without.o modes.cpp > without.lines
// RUN: FileCheck %s --check-prefix=WITH --match-full-lines < with.lines
// RUN: FileCheck %s --check-prefix=WITHOUT --match-full-lines < without.lines
//
// RUN: %clangxx -S modes.cpp -o modes.s && FileCheck %s --check-prefix=ASM < modes.s
// RUN: %clangxx -save-temps -c modes.cpp -o saved.o
// RUN: llvm-nm saved.o | FileCheck %s --check-prefix=ASM

[[profile]] int triple(int x) {
  int y = x * 3;
  return y;
}

// The statements keep their lines. Instrumented code adds the closing
// brace, where the frame's cleanup runs as a destructor would; no line of
// the probes' own code appears (nor line 0: each timing probe is one asm
// statement on its statement's line).
// WITH:      26
// WITH-NEXT: 27
// WITH-NEXT: 28
// WITH-NEXT: 29
// WITH-EMPTY:
// WITHOUT:      26
// WITHOUT-NEXT: 27
// WITHOUT-NEXT: 28
// WITHOUT-EMPTY:
// ASM: __lprof_register__link_with_liblineprof_rt
