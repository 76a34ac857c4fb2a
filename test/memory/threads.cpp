// Memory per line across threads: each thread's allocations land on the
// line that thread was running, with exact sums, and a block allocated in
// one thread and freed in another keeps its retained figure on the
// allocating line (none once freed) and its free on the freeing line.
//
// RUN: %clangxx -std=c++17 -O2 -g -pthread %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_MEMORY=1 LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %python %S/Inputs/mem.py %t.lprof %s | FileCheck %s

// OUT: done

// Four threads run producer(), 100 blocks each of 16 * (t + 1) bytes.
// CHECK:      version 1.5
// CHECK-NEXT: produce: allocs 400 bytes 16000 frees 0 freed 0 net 16000 retained 200/8000
// Main frees the even blocks of every thread (16 * (1+2+3+4) * 50).
// CHECK-NEXT: consume: allocs 0 bytes 0 frees 200 freed 8000 net -8000 retained 0/0
// Meanwhile main allocates on its own line.
// CHECK-NEXT: main_alloc: allocs 1000 bytes 8000 frees 0 freed 0 net 8000 retained 0/0
// CHECK-NEXT: main_free: allocs 0 bytes 0 frees 1000 freed 8000 net -8000 retained 0/0
// CHECK:      run: {{.*}} consistent
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

static void *blocks[4][100];
static void *mine[1000];

[[profile]] void producer(int t) {
  for (int i = 0; i < 100; ++i)
    blocks[t][i] = std::malloc(16 * (t + 1)); // M:produce
}

[[profile]] void consumer() {
  for (int t = 0; t < 4; ++t)
    for (int i = 0; i < 100; i += 2)
      std::free(blocks[t][i]); // M:consume
}

[[profile]] void own_work() {
  for (int i = 0; i < 1000; ++i)
    mine[i] = std::malloc(8); // M:main_alloc
  for (int i = 0; i < 1000; ++i)
    std::free(mine[i]); // M:main_free
}

int main() {
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back(producer, t);
  own_work();
  for (std::thread &thread : threads)
    thread.join();
  consumer();
  std::printf("done\n");
  return 0;
}
