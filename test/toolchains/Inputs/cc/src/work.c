#include "work.h"
#include <lineprof.h>
#include <stdio.h>

LPROF_PROFILE int work(int n) {
  int sum = 0, unused;
  for (int i = 0; i < n; ++i)
    sum += i;
  printf("%s\n", __FILE__);
  return sum;
}

int main(void) { return work(10) == 45 ? 0 : 1; }
