// Short lines in timing mode, net of compensation, beside their
// uninstrumented cost measured in the same process (issue 13's goals):
//
//   TRIVIAL  `acc += 3;` right after a call: under 2 ns per hit
//   U170     a line calling a ~170 ns function that is not profiled:
//            within 3% of the call's uninstrumented cost
//   P170     a line calling a profiled function doing the same work: its
//            net time is the callee's work and the call, the callee's
//            probes and entry taken out
//   AFTER    `acc += 3;` after the profiled call
//
// Built with the plugin in timing mode and run by
// test/runtime/Inputs/check_lines.py, which prints per line the truth and
// the raw and net error (bench/runtime/run.py --accuracy-only does both).
// A bench, not a test: its bounds are goals, which a loaded machine may
// miss.
#include "common.h"

// About 170 ns of dependent arithmetic (150 steps), in a function of its
// own so that the line makes a real call.
__attribute__((noinline)) uint64_t unprofiled(uint64_t x) {
  return chain<150>(x);
}

[[profile]] __attribute__((noinline)) uint64_t profiled(uint64_t x) {
  return chain<150>(x);
}

// The truth of TRIVIAL: one `acc += 3;` a round of a loop, acc in memory
// (the probes' memory clobbers leave it there in the profiled loop).
static volatile uint64_t accumulated;

[[profile]] uint64_t lines(uint64_t x, int n, uint64_t &acc) {
  uint64_t y = 0;
  for (int i = 0; i < n; ++i) {
    x = unprofiled(x); // U170
    acc += 3; // TRIVIAL
    x = profiled(x); // P170
    acc += 3; // AFTER
    x = unprofiled(x); // SECOND
    y += 3; // REGISTER
  }
  acc += y;
  return x;
}

int main() {
  const int n = 400, bursts = 40;
  uint64_t sink = 1, acc = 0;
  in_bursts(bursts, [&](int k) {
    double call = plain_ns([](uint64_t x) { return unprofiled(x); });
    double add = plain_ns([](uint64_t x) {
      accumulated = accumulated + 3;
      return x;
    });
    double in_register = plain_ns([](uint64_t x) {
      x += 3;
      __asm__ __volatile__("" : "+r"(x));
      return x;
    });
    std::printf("expect lines U170 %.3f ns 0.03 %d\n", call, k);
    std::printf("expect lines TRIVIAL %.3f ns 0.5 %d\n", add, k);
    std::printf("expect lines P170 %.3f ns 0.03 %d\n", call, k);
    std::printf("expect lines AFTER %.3f ns 0.5 %d\n", add, k);
    std::printf("expect lines SECOND %.3f ns 0.03 %d\n", call, k);
    std::printf("expect lines REGISTER %.3f ns 0.5 %d\n", in_register, k);
    sink = lines(sink, n, acc);
  });
  return sink == 42 && acc == 7;
}
