/*
 * lineprof_abi_constexpr.h - probes that constant evaluation may run.
 *
 * The instrumenter pastes this after lineprof_abi.h into C++20 (and later)
 * translation units. Probes in constexpr functions and in lambdas (which
 * C++17 made implicitly constexpr) must be no-ops when the compiler
 * evaluates them, and real probes at run time: these wrappers ask
 * __builtin_is_constant_evaluated(), which folds to a constant, so they cost
 * nothing over the plain probes. C++20 is the first standard that allows a
 * constexpr destructor, which the frame needs.
 */
#ifndef LINEPROF_ABI_CONSTEXPR_H
#define LINEPROF_ABI_CONSTEXPR_H

#if defined(__cplusplus) && __cplusplus >= 202002L

/* The frame of one activation, closed by its destructor. */
struct __lprof_cx_frame {
  __lprof_frame frame;

  constexpr explicit __lprof_cx_frame(__lprof_function *fn) : frame() {
    if (!__builtin_is_constant_evaluated())
      frame = __lprof_enter(fn);
  }
  constexpr ~__lprof_cx_frame() {
    if (!__builtin_is_constant_evaluated())
      __lprof_leave(&frame);
  }
  __lprof_cx_frame(const __lprof_cx_frame &) = delete;
  __lprof_cx_frame &operator=(const __lprof_cx_frame &) = delete;
};

static constexpr inline __attribute__((__unused__)) void
__lprof_cx_line(__lprof_cx_frame *frame, __UINT32_TYPE__ line) {
  if (!__builtin_is_constant_evaluated())
    __lprof_line(&frame->frame, line);
}

static constexpr inline __attribute__((__unused__)) void
__lprof_cx_move(__lprof_cx_frame *frame, __UINT32_TYPE__ line) {
  if (!__builtin_is_constant_evaluated())
    __lprof_move(&frame->frame, line);
}

#endif /* C++20 */

#endif /* LINEPROF_ABI_CONSTEXPR_H */
