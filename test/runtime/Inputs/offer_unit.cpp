// A unit the plugin instruments, for calibration_offer.cpp.
#include <cstdio>

[[profile]] int triangle(int n) {
  int sum = 0;
  for (int i = 1; i <= n; ++i)
    sum += i;
  return sum;
}

int main() {
  std::printf("%d\n", triangle(10));
  return 0;
}
