#include <lineprof.h>

LPROF_PROFILE inline int in_header(int x) {
  int unused_in_header;
  return x;
}
