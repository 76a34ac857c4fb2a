// lineprof.h: LPROF_PROFILE is the attribute only when the plugin provides
// it, and nothing otherwise (without the plugin, or with GCC); the header
// compiles cleanly as C and C++ in the oldest and newest standards.
// lineprof_abi.h compiles cleanly where the instrumenter pastes it: at the
// top of a main file, unused parts and all.
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
// RUN: cat %S/../../runtime/include/lineprof_abi.h > %t.c
// RUN: echo "int main(void) { return 0; }" >> %t.c
// RUN: %plain-clang -fsyntax-only -std=c99 -Wall -Wextra -pedantic -Werror %t.c
// RUN: %plain-clangxx -fsyntax-only -x c++ -std=c++11 -Wall -Wextra -pedantic -Werror %t.c
// RUN: gcc -fsyntax-only -std=c99 -Wall -Wextra -pedantic -Werror %t.c
// RUN: g++ -fsyntax-only -x c++ -std=c++11 -Wall -Wextra -pedantic -Werror %t.c

#include "lineprof.h"

LPROF_PROFILE int profiled(void);
