// The runtime measures what a mode's probes cost only for the modes
// something was timed in, at the first such call (docs/runtime.md, "Fixed
// cost per process"): a program that only counts, or whose timed function
// never runs, measures nothing (all figures 0, no measurement in LOAD); one
// that times in timing mode has no sample-mode figures (sample_gap 0
// included), one that samples no timing-mode figures, and one that uses
// both has both. A run this short is measured once per mode (a write
// measures again only a second after the last measurement), and only the
// timing probe's measurements are counted in LOAD.
//
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -D__LPROF_MODE=0 %s %rt -o %t.timing
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -D__LPROF_MODE=1 %s %rt -o %t.count
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -D__LPROF_MODE=2 %s %rt -o %t.sample
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -D__LPROF_MODE=0 -DMIXED -c %s -o %t.mixed.o
// RUN: %plain-clang -O2 -Wall -Wextra -Werror -D__LPROF_MODE=2 -c %S/Inputs/calibration_sample_unit.c -o %t.sample_unit.o
// RUN: %plain-clang %t.mixed.o %t.sample_unit.o %rt -o %t.mixed
// RUN: env LPROF_OUTPUT=%t.count.lprof %t.count | FileCheck %s --check-prefix=OUT
// RUN: env LPROF_OUTPUT=%t.timing.lprof %t.timing | FileCheck %s --check-prefix=OUT
// RUN: env LPROF_OUTPUT=%t.never.lprof %t.timing never | FileCheck %s --check-prefix=NEVER-OUT
// RUN: env LPROF_OUTPUT=%t.sample.lprof %t.sample | FileCheck %s --check-prefix=OUT
// RUN: env LPROF_OUTPUT=%t.mixed.lprof %t.mixed | FileCheck %s --check-prefix=MIXED-OUT
// RUN: %python %S/Inputs/summary.py --calibration %t.count.lprof | FileCheck %s --check-prefix=NONE
// RUN: %python %S/Inputs/summary.py --calibration %t.never.lprof | FileCheck %s --check-prefix=NONE
// RUN: %python %S/Inputs/summary.py --calibration %t.timing.lprof | FileCheck %s --check-prefix=TIMING
// RUN: %python %S/Inputs/summary.py --calibration %t.sample.lprof | FileCheck %s --check-prefix=SAMPLE
// RUN: %python %S/Inputs/summary.py --calibration %t.mixed.lprof | FileCheck %s --check-prefix=BOTH

// OUT: result 2432902008176640000
// NEVER-OUT: result 0
// MIXED-OUT: result 2432902008176640000 sampled 7

// NONE:   CAL timing_probe=0 timing_entry=0 sample_probe=0 sample_interval=0 sample_gap=0 measurements=0
// TIMING: CAL timing_probe=+ timing_entry=+ sample_probe=0 sample_interval=0 sample_gap=0 measurements=1
// SAMPLE: CAL timing_probe=0 timing_entry=0 sample_probe={{[0+]}} sample_interval=+ sample_gap=64 measurements=0
// BOTH:   CAL timing_probe=+ timing_entry=+ sample_probe={{[0+]}} sample_interval=+ sample_gap=64 measurements=1

#include "Inputs/instrumented.h"

#include <stdio.h>

static __lprof_function fns[] = {FUNCTION("factorial", 10, 4)};
REGISTER(fns)

__attribute__((noinline)) static unsigned long long factorial(int n) {
  ENTER(&fns[0]);
  LINE(1);
  unsigned long long product = 1;
  for (int i = 2; (LINE(2), i <= n); ++i) {
    LINE(3);
    product *= (unsigned long long)i;
  }
  return product;
}

#ifdef MIXED
unsigned long long sampled(unsigned long long x);
#endif

int main(int argc, char **argv) {
  (void)argv;
  printf("result %llu", argc > 1 ? 0ull : factorial(20));
#ifdef MIXED
  printf(" sampled %llu", sampled(2));
#endif
  printf("\n");
  return 0;
}
