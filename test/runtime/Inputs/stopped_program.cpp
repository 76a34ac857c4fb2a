// The program test/runtime/stopped_runs.test stops in every way it can
// end early; built plain and profiled. `stopped_program WAY`:
//
//   loop            prints "started", then works until a signal ends it
//   threads         the same, with three threads working too
//   allocating      the same, allocating and freeing all the time
//   handler-exit    its own SIGINT handler calls exit(3)
//   handler-flag    its own SIGTERM handler sets a flag; main returns 4
//   ignored         works; SIGHUP is ignored (the driver ignores it)
//   pipe            writes lines until its stdout is closed
//   abort           abort() after 5 calls of work()
//   abort-handler   the same, with its own SIGABRT handler installed
//                   before lineprof's (it prints, then returns)
//   throw           an uncaught exception after 5 calls
//   terminate       std::terminate() after 5 calls
//   segv            a null pointer write after 5 calls
//   fpe             an integer division by zero after 5 calls
//   quick-exit      quick_exit(6) after 5 calls
//
// Before it ends, each prints a line without flushing it: it is lost when
// a signal ends the program, with or without lineprof.
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <thread>
#include <unistd.h>
#include <vector>

#ifndef PROFILE
#define PROFILE
#endif

volatile unsigned long sink;
static std::atomic<bool> stop{false};

PROFILE static void work() {
  sink = sink + 1;
}

PROFILE static void allocate() {
  std::vector<int> *v = new std::vector<int>(16, 1);
  sink = sink + v->size();
  delete v;
}

PROFILE static void fail(const char *way) {
  if (std::strcmp(way, "abort") == 0 || std::strcmp(way, "abort-handler") == 0)
    std::abort();
  if (std::strcmp(way, "throw") == 0)
    throw std::runtime_error("stopped by an exception");
  if (std::strcmp(way, "terminate") == 0)
    std::terminate();
  if (std::strcmp(way, "segv") == 0) {
    int *volatile nowhere = nullptr;
    *nowhere = 1;
  }
  if (std::strcmp(way, "fpe") == 0) {
    volatile int zero = 0, hundred = 100;
    sink = hundred / zero;
  }
  if (std::strcmp(way, "quick-exit") == 0)
    std::quick_exit(6);
}

static void started() {
  std::puts("started");
  std::fflush(stdout);
  std::printf("never flushed\n");
}

static void on_sigint(int) { std::exit(3); }
static void on_sigterm(int) { stop = true; }
static void on_sigabrt(int) {
  static const char said[] = "their SIGABRT handler ran\n";
  ssize_t ignored = write(2, said, sizeof said - 1);
  (void)ignored;
}

// Installed before the runtime's constructor registers anything.
__attribute__((constructor(101))) static void early(void) {
  const char *way = std::getenv("STOPPED_WAY");
  if (way && std::strcmp(way, "abort-handler") == 0)
    std::signal(SIGABRT, on_sigabrt);
}

int main(int argc, char **argv) {
  const char *way = argc > 1 ? argv[1] : "loop";
  if (std::strcmp(way, "handler-exit") == 0)
    std::signal(SIGINT, on_sigint);
  if (std::strcmp(way, "handler-flag") == 0)
    std::signal(SIGTERM, on_sigterm);
  if (std::strcmp(way, "pipe") == 0) {
    for (;;) {
      work();
      std::puts("a line");
      std::fflush(stdout);
    }
  }
  if (std::strcmp(way, "threads") == 0) {
    for (int i = 0; i < 3; ++i)
      std::thread([] {
        for (;;)
          work();
      }).detach();
  }
  bool looping = std::strcmp(way, "loop") == 0 ||
                 std::strcmp(way, "threads") == 0 ||
                 std::strcmp(way, "allocating") == 0 ||
                 std::strcmp(way, "handler-exit") == 0 ||
                 std::strcmp(way, "handler-flag") == 0 ||
                 std::strcmp(way, "ignored") == 0;
  if (looping) {
    started();
    bool allocating = std::strcmp(way, "allocating") == 0;
    while (!stop) {
      if (allocating)
        allocate();
      else
        work();
    }
    return 4;
  }
  for (int i = 0; i < 5; ++i)
    work();
  std::printf("never flushed\n");
  fail(way);
  return 0;
}
