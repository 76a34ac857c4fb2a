// On x86-64 every timing probe is one asm statement; when the clock falls
// back to CLOCK_MONOTONIC it calls __lprof_clock_thunk from inside the asm,
// and the compiler has been told that only rax and rdx change. Here a
// profiled function keeps many integers and doubles live across its probes
// (so in registers the thunk and clock_gettime would otherwise clobber):
// with the fallback clock forced, and without, it computes what its
// unprofiled twin computes, and its lines get their hits.
//
// RUN: %clang -O2 -Wall -Wextra -Werror %s %rt -o %t
// RUN: env LPROF_CLOCK=monotonic LPROF_OUTPUT=%t.mono.lprof %t | FileCheck %s
// RUN: env LPROF_OUTPUT=%t.tsc.lprof %t | FileCheck %s
// RUN: %python %S/Inputs/summary.py %t.mono.lprof | FileCheck %s --check-prefix=HITS
//
// CHECK: same
// HITS: PROG clock=3
// HITS: FUNC mix
// HITS-NEXT: hits 0 0 1 1 1 1 1 1 1 1 1001 1000 1000 1000 1000 1000 1000 0 1 0
#include <stdio.h>

#define BODY                                                                  \
  {                                                                           \
    unsigned long a = seed, b = seed * 3, c = seed * 5, d = seed * 7;          \
    unsigned long e = seed * 11, f = seed * 13, g = seed * 17, h = seed * 19;  \
    double p = (double)seed, q = p * 0.5, r = p * 0.25, s = p * 0.125;         \
    double t = p + 1, u = p + 2, v = p + 3;                                    \
    for (int i = 0; i < n; ++i) {                                             \
      a += b ^ c; b += c ^ d; c += d ^ e; d += e ^ f;                          \
      e += f ^ g; f += g ^ h; g += h ^ a; h += a ^ b;                          \
      p = p * 0.999 + q; q = q * 0.998 + r; r = r * 0.997 + s;                 \
      s = s * 0.996 + t; t = t * 0.995 + u; u = u * 0.994 + v;                 \
      v = v * 0.993 + p;                                                       \
    }                                                                         \
    return (double)(a ^ b ^ c ^ d ^ e ^ f ^ g ^ h) + p + q + r + s + t + u + v;  \
  }

__attribute__((profile, noinline)) double mix(unsigned long seed, int n)
{
  unsigned long a = seed, b = seed * 3, c = seed * 5, d = seed * 7;
  unsigned long e = seed * 11, f = seed * 13, g = seed * 17, h = seed * 19;
  double p = (double)seed, q = p * 0.5, r = p * 0.25, s = p * 0.125;
  double t = p + 1, u = p + 2, v = p + 3;
  (void)0;
  (void)0;
  (void)0;
  (void)0;
  for (int i = 0; i < n; ++i) {
    a += b ^ c; b += c ^ d; c += d ^ e; d += e ^ f;
    e += f ^ g; f += g ^ h; g += h ^ a; h += a ^ b;
    p = p * 0.999 + q; q = q * 0.998 + r; r = r * 0.997 + s;
    s = s * 0.996 + t; t = t * 0.995 + u; u = u * 0.994 + v;
    v = v * 0.993 + p;
    (void)0;
  }
  return (double)(a ^ b ^ c ^ d ^ e ^ f ^ g ^ h) + p + q + r + s + t + u + v;
}

__attribute__((noinline)) double twin(unsigned long seed, int n) BODY

int main(void) {
  double x = mix(12345, 1000), y = twin(12345, 1000);
  puts(x == y ? "same" : "different");
  return 0;
}
