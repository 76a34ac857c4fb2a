/*
 * fpstate.h - leave the program's floating-point exception flags alone.
 *
 * The flags (FE_INEXACT, FE_OVERFLOW, ...) are program state: a program may
 * read them with fetestexcept(), and fmt's tests do. The runtime computes
 * with doubles (calibration, tick rate, sampling, net times), which raises
 * FE_INEXACT, so every entry point that does saves the flags and restores
 * them before returning. The registers are read directly, since fegetenv()
 * would make every C program link libm.
 */
#ifndef LINEPROF_RT_FPSTATE_H
#define LINEPROF_RT_FPSTATE_H

#include <fenv.h>

typedef struct lprof_rt_fp_state {
#if defined(__x86_64__) || defined(__i386__)
  unsigned int mxcsr; /* SSE status and control: where double math runs */
#elif defined(__aarch64__)
  unsigned long fpsr; /* cumulative exception flags */
#else
  fexcept_t flags;
#endif
} lprof_rt_fp_state;

static inline lprof_rt_fp_state lprof_rt_fp_save(void) {
  lprof_rt_fp_state state;
#if defined(__x86_64__) || defined(__i386__)
  state.mxcsr = __builtin_ia32_stmxcsr();
#elif defined(__aarch64__)
  __asm__ __volatile__("mrs %0, fpsr" : "=r"(state.fpsr));
#else
  fegetexceptflag(&state.flags, FE_ALL_EXCEPT);
#endif
  return state;
}

static inline void lprof_rt_fp_restore(lprof_rt_fp_state state) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_ldmxcsr(state.mxcsr);
#elif defined(__aarch64__)
  __asm__ __volatile__("msr fpsr, %0" : : "r"(state.fpsr));
#else
  fesetexceptflag(&state.flags, FE_ALL_EXCEPT);
#endif
}

#endif /* LINEPROF_RT_FPSTATE_H */
