// lineprof_abi.h pasted at the top of a main file, as the instrumenter
// does, without the prologue's diagnostic pragmas: warning-free in every
// probe mode under -Wall -Wextra -pedantic, as C99 and C++11, with Clang
// and GCC, optimized (where GCC's flow warnings run).
//
// RUN: %python %S/Inputs/paste_abi.py %S/../../runtime/include/lineprof_abi.h 0 > %t.0.c
// RUN: %python %S/Inputs/paste_abi.py %S/../../runtime/include/lineprof_abi.h 1 > %t.1.c
// RUN: %python %S/Inputs/paste_abi.py %S/../../runtime/include/lineprof_abi.h 2 > %t.2.c
// RUN: %plain-clang -c -O2 -std=c99 -Wall -Wextra -pedantic -Werror %t.0.c -o /dev/null
// RUN: %plain-clang -c -O2 -std=c99 -Wall -Wextra -pedantic -Werror %t.1.c -o /dev/null
// RUN: %plain-clang -c -O2 -std=c99 -Wall -Wextra -pedantic -Werror %t.2.c -o /dev/null
// RUN: %plain-clangxx -c -O2 -x c++ -std=c++11 -Wall -Wextra -pedantic -Werror %t.0.c -o /dev/null
// RUN: %plain-clangxx -c -O2 -x c++ -std=c++11 -Wall -Wextra -pedantic -Werror %t.1.c -o /dev/null
// RUN: %plain-clangxx -c -O2 -x c++ -std=c++11 -Wall -Wextra -pedantic -Werror %t.2.c -o /dev/null
// RUN: gcc -c -O2 -std=c99 -Wall -Wextra -pedantic -Werror %t.0.c -o /dev/null
// RUN: gcc -c -O2 -std=c99 -Wall -Wextra -pedantic -Werror %t.1.c -o /dev/null
// RUN: gcc -c -O2 -std=c99 -Wall -Wextra -pedantic -Werror %t.2.c -o /dev/null
// RUN: g++ -c -O2 -x c++ -std=c++11 -Wall -Wextra -pedantic -Werror %t.0.c -o /dev/null
// RUN: g++ -c -O2 -x c++ -std=c++11 -Wall -Wextra -pedantic -Werror %t.1.c -o /dev/null
// RUN: g++ -c -O2 -x c++ -std=c++11 -Wall -Wextra -pedantic -Werror %t.2.c -o /dev/null
