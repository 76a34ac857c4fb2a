"""Prints what the instrumenter makes of a file, by hand and without the
plugin's prologue pragmas, so that lineprof_abi.h itself is checked:

  paste_abi.py PATH/TO/lineprof_abi.h MODE

`#define __LPROF_MODE MODE`, the header verbatim, then a descriptor and a
function using the probes as the instrumenter does (frame, lines, a move,
a hit counted without a frame, in count mode a line that calls).
"""
import sys

print("#define __LPROF_MODE %s" % sys.argv[2])
print(open(sys.argv[1]).read())
print(r'''static const __UINT32_TYPE__ d_sites[] = {5u};
extern __lprof_function d;
__lprof_function d = {"/src/f.c", "f", "int f(int n) {\n...\n}", 1u, 6u, 0u,
                      __LPROF_DESCRIPTOR_FLAGS, 0, d_sites,
                      __LPROF_CALL_SITES(1u)};
int f(int n);
int f(int n) {
  __lprof_frame fr __attribute__((__cleanup__(__lprof_leave))) =
      __lprof_enter(&fr, &d);
  int total = 0;
  int i;
  __lprof_line(&fr, 1);
  __lprof_move(&fr, 2);
  for (i = 0; (__lprof_line(&fr, 2), i < n); ++i) {
    __lprof_line(&fr, 3);
    total += i;
  }
  __lprof_counters(&d)[4].hits += 1;
#if __LPROF_MODE == __LPROF_MODE_COUNT
  __lprof_line_at(&fr, 5, 6);
#else
  __lprof_line(&fr, 5);
#endif
  return total;
}''')
