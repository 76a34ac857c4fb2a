// count_blocks_header.cpp's second translation unit: `shared` without
// the call, so all its lines are one run; not inlined, and linked first, so
// that its weak descriptor is the one an unrenamed symbol would resolve to.
#define INLINING __attribute__((noinline))
#include "count_blocks.h"

int second(int x) { return shared(x); }
