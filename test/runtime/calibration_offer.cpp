// Timing mode's calibration runs on the probe code of the program's own
// units (lineprof_abi.h, __lprof_calibrate_timing): each timing-mode
// unit's registration offers the runtime its kernel, and the runtime
// measures with the first one offered. Here a kernel offered before the
// unit's own one (a constructor of higher priority) reports made-up
// costs: a line probe 100 ticks after a stretch of work and 140 back to
// back, a call 250 ticks more than a plain one. The file's calibration is
// what follows from those: a probe 110 ticks (a quarter of the way from
// the one to the other), an entry 250 - 2 * 110 = 30 ticks (as 17 of the
// 64 units of a probe: 29.21875), so
// that is the kernel the runtime ran, with runs of all five kinds, as often
// each, on 256 rounds (128 of two probes back to back) and its own callee. A unit that
// offers nothing (built by an older plugin) is calibrated on the
// runtime's copy. Units the plugin instruments in timing mode carry their
// kernel (a second copy of the function beside the runtime's), count-mode
// ones none.
//
// RUN: %plain-clangxx -O2 -Wall -Wextra -Werror -DFAKE %s %rt -o %t.fake
// RUN: env LPROF_OUTPUT=%t.fake.lprof %t.fake | FileCheck %s --check-prefix=FAKE
// RUN: %python %S/Inputs/summary.py --calibration-figures %t.fake.lprof | FileCheck %s --check-prefix=FAKE-CAL
// RUN: %plain-clangxx -O2 -Wall -Wextra -Werror -DNO_OFFER %s %rt -o %t.none
// RUN: env LPROF_OUTPUT=%t.none.lprof %t.none | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/summary.py --calibration %t.none.lprof | FileCheck %s --check-prefix=MEASURED
// RUN: %plain-clangxx -O2 -Wall -Wextra -Werror %s %rt -o %t.own
// RUN: env LPROF_OUTPUT=%t.own.lprof %t.own | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/summary.py --calibration %t.own.lprof | FileCheck %s --check-prefix=MEASURED
//
// RUN: %clangxx -O2 %S/Inputs/offer_unit.cpp %rt -o %t.timing
// RUN: %clangxx -O2 -fplugin-arg-lineprof-mode=count %S/Inputs/offer_unit.cpp %rt -o %t.count
// RUN: llvm-nm %t.timing | grep -c __lprof_calibrate_timing | FileCheck %s --check-prefix=TWO
// RUN: llvm-nm %t.count | grep -c __lprof_calibrate_timing | FileCheck %s --check-prefix=ONE
// RUN: env LPROF_OUTPUT=%t.timing.lprof %t.timing | FileCheck %s --check-prefix=UNIT
// RUN: %python %S/Inputs/summary.py --calibration %t.timing.lprof | FileCheck %s --check-prefix=MEASURED

// FAKE: result 3628800
// FAKE-NEXT: kernel runs plain=[[N:[1-9][0-9]*]] lines=[[N]] plain_calls=[[N]] calls=[[N]] bare_lines=[[N]] other=0 rounds=256 callee=<lineprof calibration>
// FAKE-CAL: CAL timing_probe=110 timing_entry=29.2188 sample_probe=0 sample_interval=0 sample_gap=0 measurements=1
// OUT: result 3628800
// MEASURED: CAL timing_probe=+ timing_entry=+ sample_probe=0 sample_interval=0 sample_gap=0 measurements=1
// TWO: 2
// ONE: 1
// UNIT: 55

#include "Inputs/instrumented.h"

#include <cstdio>
#include <cstring>

#ifdef NO_OFFER
#undef REGISTER
#define REGISTER(fns)                                                         \
  __attribute__((constructor)) static void register_##fns(void) {             \
    __lprof_register__link_with_liblineprof_rt(                               \
        fns, sizeof(fns) / sizeof(fns[0]));                                   \
  }
#endif

static __lprof_function fns[] = {FUNCTION("factorial", 10, 4)};
REGISTER(fns)

#ifdef FAKE
static unsigned runs[6], rounds;
static const char *callee_name = "";

static __UINT64_TYPE__ fake_kernel(__UINT32_TYPE__ run, __UINT64_TYPE__ *block,
                                   __lprof_function *callee,
                                   __UINT32_TYPE__ count) {
  (void)block;
  ++runs[run < 5 ? run : 5];
  if (run != __LPROF_CALIBRATE_BARE_LINES)
    rounds = count;
  callee_name = callee->name;
  __UINT64_TYPE__ work = 20 * (__UINT64_TYPE__)count;
  switch (run) {
  case __LPROF_CALIBRATE_PLAIN:
    return work;
  case __LPROF_CALIBRATE_LINES:
    return work + 100 * (__UINT64_TYPE__)count;
  case __LPROF_CALIBRATE_PLAIN_CALLS:
    return 3 * work;
  case __LPROF_CALIBRATE_CALLS:
    return 3 * work + (2 * 100 + 50) * (__UINT64_TYPE__)count;
  default: /* 2 * count probes back to back, each 40 ticks more */
    return 2 * 140 * (__UINT64_TYPE__)count;
  }
}

__attribute__((constructor(101))) static void offer_fake(void) {
  __lprof_offer_calibration__link_with_liblineprof_rt(fake_kernel);
}
#endif

__attribute__((noinline)) static unsigned long factorial(int n) {
  ENTER(&fns[0]);
  LINE(1);
  unsigned long product = 1;
  for (int i = 2; (LINE(2), i <= n); ++i) {
    LINE(3);
    product *= (unsigned long)i;
  }
  return product;
}

int main() {
  std::printf("result %lu\n", factorial(10));
#ifdef FAKE
  std::printf("kernel runs plain=%u lines=%u plain_calls=%u calls=%u "
              "bare_lines=%u other=%u rounds=%u callee=%s\n",
              runs[0], runs[1], runs[2], runs[3], runs[4], runs[5], rounds,
              callee_name);
#endif
  return 0;
}
