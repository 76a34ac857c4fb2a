/* A GNU C nested function: GCC compiles it, Clang cannot parse it. */
#include <lineprof.h>

LPROF_PROFILE int twice(int n) {
  int add(int x) { return x + n; }
  return add(n);
}

int main(void) { return twice(2) == 4 ? 0 : 1; }
