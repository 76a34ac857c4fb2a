#include "stats.h"

long stats_sum(const int *values, int count) {
  long sum = 0;
  for (int i = 0; i < count; ++i)
    sum += values[i];
  return sum;
}

int stats_max(const int *values, int count) {
  int max = values[0];
  for (int i = 1; i < count; ++i)
    if (values[i] > max)
      max = values[i];
  return max;
}

int stats_debug(int value) {
  return value + 1;
}
