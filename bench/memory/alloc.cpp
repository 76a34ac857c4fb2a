// What an allocation costs: malloc/free pairs of a few sizes, new/delete,
// and an allocation-heavy workload (a std::map of strings, a vector of
// strings), timed inside the program so that start-up (heaptrack's
// injection, lineprof's calibration) is left out. Built plain (PROFILE
// empty) and with lineprof (PROFILE=[[profile]]); see run.py.
//
//   alloc pairs N      ns per malloc+free pair, per size
//   alloc workload N   seconds for the workload with N elements
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#ifndef PROFILE
#define PROFILE
#endif

static double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

__attribute__((noinline)) static void escape(void *p) {
  asm volatile("" : : "r"(p) : "memory");
}

// The loops are not instrumented (no probes inside them): each runs from
// one profiled line (run_*), to which lineprof charges every allocation,
// so the figures are the hooks' cost alone.
__attribute__((noinline)) double pairs(size_t size, long n) {
  double start = now();
  for (long i = 0; i < n; ++i) {
    void *p = std::malloc(size); escape(p); std::free(p);
  }
  return (now() - start) / n * 1e9;
}

__attribute__((noinline)) double news(long n) {
  double start = now();
  for (long i = 0; i < n; ++i) {
    int *p = new int[8]; escape(p); delete[] p;
  }
  return (now() - start) / n * 1e9;
}

__attribute__((noinline)) double workload(long n) {
  double start = now();
  std::map<int, std::string> map;
  for (long i = 0; i < n; ++i)
    map[(int)(i * 7919 % n)] = "value number " + std::to_string(i);
  std::vector<std::string> strings;
  for (auto &entry : map)
    strings.push_back(entry.second + " and a suffix long enough to allocate");
  long total = 0;
  for (auto &s : strings)
    total += (long)s.size();
  escape(&total);
  return now() - start;
}

PROFILE double run_pairs(size_t size, long n) {
  return pairs(size, n);
}

PROFILE double run_news(long n) {
  return news(n);
}

PROFILE double run_workload(long n) {
  return workload(n);
}

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "pairs";
  long n = argc > 2 ? std::atol(argv[2]) : 1000000;
  if (std::strcmp(what, "pairs") == 0) {
    static const size_t sizes[] = {16, 64, 1024, 65536};
    for (size_t size : sizes) {
      double best = 1e30;
      for (int rep = 0; rep < 5; ++rep) {
        double ns = run_pairs(size, n);
        best = ns < best ? ns : best;
      }
      std::printf("malloc+free %zu %.2f\n", size, best);
    }
    double best = 1e30;
    for (int rep = 0; rep < 5; ++rep) {
      double ns = run_news(n);
      best = ns < best ? ns : best;
    }
    std::printf("new+delete[] 32 %.2f\n", best);
  } else {
    double best = 1e30;
    for (int rep = 0; rep < 3; ++rep) {
      double s = run_workload(n);
      best = s < best ? s : best;
    }
    std::printf("workload %ld %.4f\n", n, best);
  }
  return 0;
}
