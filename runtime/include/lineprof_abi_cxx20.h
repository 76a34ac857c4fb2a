/*
 * lineprof_abi_cxx20.h - probes for constexpr functions and coroutines.
 *
 * The instrumenter pastes this after lineprof_abi.h. From C++20 (constexpr
 * destructors, coroutines) constexpr functions get a frame like any other;
 * in C++14 and C++17 they get hits only (count mode): no frame can be
 * closed at their end there, but a statement can count. Forced-inline
 * constexpr functions get hits only in every standard.
 *
 * Probes in constexpr functions and in lambdas (which C++17 made implicitly
 * constexpr) must be no-ops when the compiler evaluates them, and real
 * probes at run time: these wrappers ask __builtin_is_constant_evaluated(),
 * which folds to a constant, so they cost nothing over the plain probes.
 *
 * A coroutine's frame lives in the coroutine frame, and each suspension
 * point is wrapped so that the time it spends suspended belongs to no line.
 */
#ifndef LINEPROF_ABI_CXX20_H
#define LINEPROF_ABI_CXX20_H

#if defined(__cplusplus) && __cplusplus >= 201402L

/* A constexpr function's entry and line probes before C++20, and a
 * forced-inline constexpr function's in any standard (__LPROF_FORCED_INLINE):
 * its calls and hits, in count-mode counters; nothing during constant
 * evaluation. */
static constexpr inline void __lprof_cx14_enter(__lprof_function *fn) {
  if (!__builtin_is_constant_evaluated())
    __LPROF_ADD(__lprof_block(fn, __LPROF_MODE_COUNT)[0], 1);
}

static constexpr inline void __lprof_cx14_line(__lprof_function *fn,
                                               __UINT32_TYPE__ line) {
  if (!__builtin_is_constant_evaluated())
    __LPROF_ADD(__lprof_block(fn, __LPROF_MODE_COUNT)[1 + line], 1);
}

#endif /* C++14 and later */

#if defined(__cplusplus) && __cplusplus >= 202002L

/* The frame of one activation, closed by its destructor.
 *
 * In timing mode, memory_saved is the line allocations go back to when the
 * activation stops running: its caller's at entry, then (in a coroutine)
 * whatever line resumed it last. A coroutine's suspension gives the
 * resumer its line back; in a constexpr function the member is dead and
 * the optimizer drops it. */
struct __lprof_cx_frame {
  __lprof_frame frame;
  __lprof_timed_line *memory_saved;

  /* `nested`: a lambda's frame (see __lprof_enter_nested). */
  constexpr explicit __lprof_cx_frame(__lprof_function *fn, int nested = 0)
      : frame(), memory_saved(nullptr) {
    if (!__builtin_is_constant_evaluated()) {
#if __LPROF_MODE == __LPROF_MODE_TIMING
      memory_saved = __lprof_tls.memory_line;
#endif
      frame = nested ? __lprof_enter_nested(&frame, fn)
                     : __lprof_enter(&frame, fn);
    }
  }
  constexpr ~__lprof_cx_frame() {
    if (!__builtin_is_constant_evaluated()) {
      __lprof_leave(&frame);
#if __LPROF_MODE == __LPROF_MODE_TIMING
      __lprof_tls.memory_line = memory_saved;
#endif
    }
  }
  __lprof_cx_frame(const __lprof_cx_frame &) = delete;
  __lprof_cx_frame &operator=(const __lprof_cx_frame &) = delete;
};

/* A hit where no frame exists yet: a constexpr constructor's member
 * initializers. */
static constexpr inline void __lprof_cx_hit(__lprof_function *fn,
                                            __UINT32_TYPE__ line) {
  if (!__builtin_is_constant_evaluated())
    __LPROF_ADD(__lprof_counters(fn)[line].hits, 1);
}

static constexpr inline void
__lprof_cx_line(__lprof_cx_frame *frame, __UINT32_TYPE__ line) {
  if (!__builtin_is_constant_evaluated())
    __lprof_line(&frame->frame, line);
}

static constexpr inline void
__lprof_cx_move(__lprof_cx_frame *frame, __UINT32_TYPE__ line) {
  if (!__builtin_is_constant_evaluated())
    __lprof_move(&frame->frame, line);
}

#if __LPROF_MODE == __LPROF_MODE_COUNT
static constexpr inline void __lprof_cx_at(__lprof_cx_frame *frame,
                                           __UINT32_TYPE__ site) {
  if (!__builtin_is_constant_evaluated())
    __lprof_at(&frame->frame, site);
}

static constexpr inline void __lprof_cx_line_at(__lprof_cx_frame *frame,
                                                __UINT32_TYPE__ line,
                                                __UINT32_TYPE__ site) {
  if (!__builtin_is_constant_evaluated())
    __lprof_line_at(&frame->frame, line, site);
}

static constexpr inline void __lprof_cx_move_at(__lprof_cx_frame *frame,
                                                __UINT32_TYPE__ line,
                                                __UINT32_TYPE__ site) {
  if (!__builtin_is_constant_evaluated())
    __lprof_move_at(&frame->frame, line, site);
}
#endif

/*
 * Wraps one co_await or co_yield: `((void)__lprof_co_guard(&f, &fn), co_await
 * x)`. The temporary lives to the end of the full expression, past the
 * resumption: its constructor closes the current line's time when the
 * coroutine is about to suspend, its destructor restarts it on resumption,
 * with the counters of the thread that resumed it.
 */
struct __lprof_co_guard {
  __lprof_cx_frame *frame;
  __lprof_function *fn;

  __lprof_co_guard(__lprof_cx_frame *frame, __lprof_function *fn)
      : frame(frame), fn(fn) {
    __lprof_suspend(&frame->frame);
#if __LPROF_MODE == __LPROF_MODE_TIMING
    /* Allocations after the suspension are the resumer's. */
    __lprof_tls.memory_line = frame->memory_saved;
#endif
  }
  ~__lprof_co_guard() {
    __lprof_resume(&frame->frame, fn);
#if __LPROF_MODE == __LPROF_MODE_TIMING
    frame->memory_saved = __lprof_tls.memory_line;
    __lprof_tls.memory_line = frame->frame.current;
#endif
  }
  __lprof_co_guard(const __lprof_co_guard &) = delete;
  __lprof_co_guard &operator=(const __lprof_co_guard &) = delete;
};

#endif /* C++20 */

#endif /* LINEPROF_ABI_CXX20_H */
