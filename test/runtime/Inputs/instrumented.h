/*
 * What the instrumenter would emit, written by hand, so runtime tests can
 * drive exact probe patterns without the plugin:
 *
 *   static __lprof_function fns[] = {FUNCTION("work", 10, 3), ...};
 *   REGISTER(fns)      (registers them, and in timing mode offers the
 *                      unit's calibration kernel, as the instrumenter's
 *                      constructor does)
 *   int work(void) { ENTER(&fns[0]); LINE(1); ... }
 */
#ifndef RUNTIME_TEST_INSTRUMENTED_H
#define RUNTIME_TEST_INSTRUMENTED_H

#include "lineprof_abi.h"

#define FUNCTION(name, first_line, num_lines)                                 \
  { "/src/test.c", name, name " source", first_line, num_lines, 0, 0, 0, 0, 0 }

#define REGISTER(fns)                                                         \
  __attribute__((constructor)) static void register_##fns(void) {             \
    __lprof_register__link_with_liblineprof_rt(                               \
        fns, sizeof(fns) / sizeof(fns[0]));                                   \
    __lprof_offer_calibration();                                              \
  }

#define ENTER(fn)                                                             \
  __lprof_frame lprof_frame __attribute__((cleanup(__lprof_leave))) =         \
      __lprof_enter(&lprof_frame, fn)

#define LINE(index) __lprof_line(&lprof_frame, index)

#endif
