#include "step.h"

#ifdef PROFILE_TWICE
[[profile]] int twice(int x) { return STEP * x; }
int once(int x) { return x; }
#else
int twice(int x) { return 2 * x; }
[[profile]] int once(int x) { return x; }
#endif
