// lineprof.h: LPROF_PROFILE is the attribute only when the plugin provides
// it, and nothing otherwise (without the plugin, or with GCC); the header
// compiles cleanly as C and C++ in the oldest and newest standards.
// The probe ABI compiles cleanly where the instrumenter pastes it: in the
// prologue at the top of a main file (whose diagnostic pragmas shield it
// from the project's warning flags), unused parts and all, checked on
// lprof-rewrite's output in every mode.
//
// RUN: %plain-clang -E -P -std=c99 %s | FileCheck %s --check-prefix=NONE --match-full-lines
// RUN: %plain-clang -E -P -std=c2x %s | FileCheck %s --check-prefix=NONE --match-full-lines
// RUN: %plain-clangxx -E -P -x c++ -std=c++11 %s | FileCheck %s --check-prefix=NONE --match-full-lines
// RUN: gcc -E -P -std=c99 -I%S/../../runtime/include %s | FileCheck %s --check-prefix=NONE --match-full-lines
// RUN: gcc -E -P -std=c2x -I%S/../../runtime/include %s | FileCheck %s --check-prefix=NONE --match-full-lines
// RUN: g++ -E -P -x c++ -std=c++11 -I%S/../../runtime/include %s | FileCheck %s --check-prefix=NONE --match-full-lines
// NONE: int profiled(void);
//
// RUN: %clang -E -P -std=c99 %s | FileCheck %s --check-prefix=GNU --match-full-lines
// RUN: %clang -E -P -std=c2x %s | FileCheck %s --check-prefix=STD --match-full-lines
// RUN: %clangxx -E -P -x c++ -std=c++11 %s | FileCheck %s --check-prefix=STD --match-full-lines
// GNU: __attribute__((profile)) int profiled(void);
// STD: {{\[\[}}lineprof::profile]] int profiled(void);
//
// RUN: %plain-clang -fsyntax-only -std=c99 -Wall -Wextra -pedantic -Werror %s
// RUN: %plain-clang -fsyntax-only -std=c2x -Wall -Wextra -pedantic -Werror %s
// RUN: %plain-clangxx -fsyntax-only -x c++ -std=c++11 -Wall -Wextra -pedantic -Werror %s
// RUN: %plain-clangxx -fsyntax-only -x c++ -std=c++20 -Wall -Wextra -pedantic -Werror %s
// RUN: gcc -fsyntax-only -std=c99 -Wall -Wextra -pedantic -Werror -I%S/../../runtime/include %s
// RUN: g++ -fsyntax-only -x c++ -std=c++11 -Wall -Wextra -pedantic -Werror -I%S/../../runtime/include %s
//
// RUN: echo "__attribute__((profile)) int main(void) { return 0; }" > %t.in.c
// RUN: lprof-rewrite %t.in.c -o %t.c -- -std=c99
// RUN: lprof-rewrite %t.in.c -o %t.count.c --mode=count -- -std=c99
// RUN: lprof-rewrite %t.in.c -o %t.sample.c --mode=sample -- -std=c99
// RUN: %plain-clang -fsyntax-only -std=c99 -Wall -Wextra -pedantic -Werror %t.c
// RUN: %plain-clang -fsyntax-only -std=c99 -Wall -Wextra -pedantic -Werror %t.count.c
// RUN: %plain-clang -fsyntax-only -std=c99 -Wall -Wextra -pedantic -Werror %t.sample.c
// RUN: %plain-clangxx -fsyntax-only -x c++ -std=c++11 -Wall -Wextra -pedantic -Werror %t.c
// RUN: %plain-clangxx -fsyntax-only -x c++ -std=c++20 -Wall -Wextra -pedantic -Werror %t.sample.c
// RUN: gcc -fsyntax-only -std=c99 -Wall -Wextra -pedantic -Werror %t.c
// RUN: gcc -fsyntax-only -std=c99 -Wall -Wextra -pedantic -Werror %t.count.c
// RUN: gcc -fsyntax-only -std=c99 -Wall -Wextra -pedantic -Werror %t.sample.c
// RUN: g++ -fsyntax-only -x c++ -std=c++11 -Wall -Wextra -pedantic -Werror %t.c
// RUN: g++ -fsyntax-only -x c++ -std=c++20 -Wall -Wextra -pedantic -Werror %t.sample.c

#include "lineprof.h"

LPROF_PROFILE int profiled(void);
