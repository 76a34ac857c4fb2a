// A program for modes-e2e.test: known hit counts and a region.
#include <lineprof.h>

volatile int Sink;

[[profile]] int work(int n) {
  int s = 0;
  for (int i = 0; i < n; ++i)
    s += i;
  return s;
}

int main() {
  for (int k = 0; k < 3; ++k) {
    lineprof::region r("outer");
    Sink = work(1000);
  }
  return 0;
}
