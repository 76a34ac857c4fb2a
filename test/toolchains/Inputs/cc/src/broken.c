#include <lineprof.h>

LPROF_PROFILE int broken(int n) {
  return n +;
}
