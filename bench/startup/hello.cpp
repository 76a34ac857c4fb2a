// The smallest profiled program: what a process pays for lineprof before
// and after main, however little it profiles (bench/startup/run.py).
#include <cstdio>

#ifndef PROFILE
#define PROFILE
#endif

PROFILE static int greet(const char *name) {
  return std::printf("hello, %s\n", name);
}

PROFILE int main() {
  greet("world");
  return 0;
}
