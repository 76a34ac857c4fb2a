// count_blocks_header.cpp: one inline function, two bodies.
#include <stdexcept>

void note(int value); // count_blocks_header.cpp: throws on 5

// INLINING: how the including file wants `shared` compiled.

[[profile]] inline INLINING int shared(int x) {
  int y = x + 1;
#ifdef NOTES
  note(y);
#else
  y *= 2;
#endif
  y += 3;
  return y;
}
