// Choosing functions without editing the source: function=REGEX matches
// whole qualified names, file=GLOB every function of a file, and
// [[lineprof::no_profile]] wins over both.
//
// RUN: %clangxx -O1 -g -fplugin-arg-lineprof-function='geo::.*' %s %rt -o %t.fn
// RUN: rm -f %t.fn.lprof && env LPROF_OUTPUT=%t.fn.lprof %t.fn
// RUN: %lprof-report %t.fn.lprof | FileCheck %s --check-prefix=FN --implicit-check-not=Function:
// RUN: %clangxx -O1 -g -fplugin-arg-lineprof-file='*/selection.cpp' %s %rt -o %t.file
// RUN: rm -f %t.file.lprof && env LPROF_OUTPUT=%t.file.lprof %t.file
// RUN: %lprof-report %t.file.lprof | FileCheck %s --check-prefix=FILE --implicit-check-not=Function:
// RUN: %clangxx -O1 -g -fplugin-arg-lineprof-function=helper -fplugin-arg-lineprof-function=main %s %rt -o %t.two
// RUN: rm -f %t.two.lprof && env LPROF_OUTPUT=%t.two.lprof %t.two
// RUN: %lprof-report %t.two.lprof | FileCheck %s --check-prefix=TWO --implicit-check-not=Function:
#include <cstdio>

namespace geo {
int square(int x) { return x * x; }
struct Box {
  int volume(int s) const { return square(s) * s; }
};
[[lineprof::no_profile]] int secret(int x) { return x + 1; }
} // namespace geo

int helper(int x) { return geo::Box().volume(x) + geo::secret(x); }

int main() {
  std::printf("%d\n", helper(2));
  return 0;
}

// FN: Function: geo::square at line 17
// FN: Function: geo::Box::volume at line 19

// FILE: Function: geo::square at line 17
// FILE: Function: geo::Box::volume at line 19
// FILE: Function: helper at line 24
// FILE: Function: main at line 26

// TWO: Function: helper at line 24
// TWO: Function: main at line 26
