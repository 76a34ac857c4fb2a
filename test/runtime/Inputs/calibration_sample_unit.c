/* A sample-mode unit for calibration_modes.c's mixed program. */
#include "instrumented.h"

static __lprof_function sample_fns[] = {FUNCTION("sampled", 60, 2)};
REGISTER(sample_fns)

unsigned long long sampled(unsigned long long x);
unsigned long long sampled(unsigned long long x) {
  ENTER(&sample_fns[0]);
  LINE(1);
  return x * 3 + 1;
}
