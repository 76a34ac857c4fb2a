#include "shapes.h"
#include "stats.h"

#include <lineprof.h>

#include <cstdio>

LPROF_PROFILE int main() {
  int values[] = {3, 9, 4, 1};
  std::printf("sum %ld max %d debug %d\n", stats_sum(values, 4),
              stats_max(values, 4), stats_debug(1));
  double total = 0;
  for (int i = 0; i < 3; ++i)
    total += area(Rect{double(i), 2}) + perimeter(Rect{1, 1});
  std::printf("total %g\n", total);
  return 0;
}
