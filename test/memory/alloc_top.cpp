// A real run reported by --memory and --alloc-top: a profiled main calls
// a profiled function whose line makes a 1 MiB vector ten times (10.0 MiB
// allocated and freed, net 0, nothing retained, peak 1024 KiB) and one
// that leaks 100 blocks of 64 bytes. main's call lines carry those figures
// too (inclusive, like time), but --alloc-top ranks allocation sites: the
// vector line heads the allocated list and the leaking line the retained
// one, not main's calls. No I/O: every allocation of the run is ours.
#include <vector>

__attribute__((noinline)) static void escape(const void *p) {
  asm volatile("" : : "r"(p) : "memory");
}

[[profile]] void fill_buffers() {
  for (int i = 0; i < 10; ++i) {
    std::vector<char> v(1 << 20); escape(v.data());
  }
}

struct Node {
  char bytes[64];
};
static Node *nodes[100];

[[profile]] void leak_nodes(Node **out) {
  for (int i = 0; i < 100; ++i)
    out[i] = new Node{};
}

[[profile]] int main() {
  fill_buffers();
  leak_nodes(nodes);
  escape(nodes);
  return 0;
}

// RUN: %clangxx -std=c++17 -O2 -g %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_MEMORY=1 LPROF_OUTPUT=%t.lprof %t
// RUN: %lprof-report --memory %t.lprof | FileCheck %s --check-prefix=MEM --match-full-lines
// RUN: %lprof-report --alloc-top 3 %t.lprof | FileCheck %s --check-prefix=TOP --match-full-lines

// The table is inclusive: main's call lines carry what their calls
// allocated and freed, but not their Retained (the allocation site's).
//      MEM:Memory unit: B, KiB = 1024 B, MiB = 1024 KiB, ... (--bytes: exact)
// MEM-EMPTY:
// MEM-NEXT:Allocated: 10.0 MiB in 10 allocations, freed: 10.0 MiB in 10 frees, net: 0 B
// MEM-NEXT:Retained: 0 B in 0 blocks, peak: 1024 KiB above the heap at entry
// MEM-NEXT:File: {{.*}}alloc_top.cpp
// MEM-NEXT:Function: fill_buffers at line 14
// MEM-EMPTY:
// MEM-NEXT:Line # Hits Allocs Allocated Freed Net Retained Line Contents
// MEM-NEXT:{{=+}}
// MEM-NEXT:    14 {{\[\[}}profile]] void fill_buffers() {
// MEM-NEXT:    15 11 for (int i = 0; i < 10; ++i) {
// MEM-NEXT:    16 10 10 10.0 MiB 10.0 MiB 0 B 0 B std::vector<char> v(1 << 20); escape(v.data());
// MEM-NEXT:    17 }
// MEM-NEXT:    18 }
// MEM-EMPTY:
// MEM-NEXT:Allocated: 6400 B in 100 allocations, freed: 0 B in 0 frees, net: +6400 B
// MEM-NEXT:Retained: 6400 B in 100 blocks, peak: 6400 B above the heap at entry
// MEM-NEXT:File: {{.*}}alloc_top.cpp
// MEM-NEXT:Function: leak_nodes at line 25
// MEM-EMPTY:
// MEM-NEXT:Line # Hits Allocs Allocated Freed Net Retained Line Contents
// MEM-NEXT:{{=+}}
// MEM-NEXT:    25 {{\[\[}}profile]] void leak_nodes(Node **out) {
// MEM-NEXT:    26 101 for (int i = 0; i < 100; ++i)
// MEM-NEXT:    27 100 100 6400 B 0 B +6400 B 6400 B out[i] = new Node{};
// MEM-NEXT:    28 }
// MEM-EMPTY:
// MEM-NEXT:Allocated: 10.0 MiB in 110 allocations, freed: 10.0 MiB in 10 frees, net: +6400 B
// MEM-NEXT:Retained: 0 B in 0 blocks, peak: 1024 KiB above the heap at entry
// MEM-NEXT:File: {{.*}}alloc_top.cpp
// MEM-NEXT:Function: main at line 30
// MEM-EMPTY:
// MEM-NEXT:Line # Hits Allocs Allocated Freed Net Retained Line Contents
// MEM-NEXT:{{=+}}
// MEM-NEXT:    30 {{\[\[}}profile]] int main() {
// MEM-NEXT:    31 1 10 10.0 MiB 10.0 MiB 0 B 0 B fill_buffers();
// MEM-NEXT:    32 1 100 6400 B 0 B +6400 B 0 B leak_nodes(nodes);
// MEM-NEXT:    33 1 escape(nodes);
// MEM-NEXT:    34 1 return 0;
// MEM-NEXT:    35 }
// MEM-EMPTY:
//  MEM-NOT:{{.}}

// --alloc-top ranks allocation sites: the vector line, then the leaking
// line; main's call lines are in neither list.
//      TOP:Memory unit: B, KiB = 1024 B, MiB = 1024 KiB, ... (--bytes: exact)
// TOP-EMPTY:
// TOP-NEXT:Heap of the run
// TOP-NEXT:  Allocated:       10.0 MiB in 110 allocations
// TOP-NEXT:  Freed:           10.0 MiB in 10 frees
// TOP-NEXT:  Live at exit:    6400 B
// TOP-NEXT:  Peak live:       1024 KiB
// TOP-NEXT:  Unattributed:    0 B in 0 allocations made outside any profiled line
// TOP-NEXT:  Untracked frees: 0 (blocks allocated before memory profiling started)
// TOP-EMPTY:
// TOP-NEXT:Most bytes allocated (by the line itself and the unprofiled code it calls)
// TOP-EMPTY:
// TOP-NEXT: Allocated Allocs Average % Total File:Line Function Line Contents
// TOP-NEXT:{{=+}}
// TOP-NEXT:  10.0 MiB 10 1024 KiB 99.9 {{.*}}alloc_top.cpp:16 fill_buffers std::vector<char> v(1 << 20); escape(v.data());
// TOP-NEXT:    6400 B 100 64 B 0.1 {{.*}}alloc_top.cpp:27 leak_nodes out[i] = new Node{};
// TOP-EMPTY:
// TOP-NEXT:Most bytes retained (allocated on the line, live at exit)
// TOP-EMPTY:
// TOP-NEXT:  Retained Blocks Average % Live File:Line Function Line Contents
// TOP-NEXT:{{=+}}
// TOP-NEXT:    6400 B 100 64 B 100.0 {{.*}}alloc_top.cpp:27 leak_nodes out[i] = new Node{};
// TOP-EMPTY:
//  TOP-NOT:{{.}}

// Built in sample mode, the same run charges no line: memory goes to
// timing-mode lines only, and the report says why its lines are empty.
// RUN: %clangxx -std=c++17 -O2 -fplugin-arg-lineprof-mode=sample %s %rt -o %t.sample
// RUN: rm -f %t.sample.lprof && env LPROF_MEMORY=1 LPROF_OUTPUT=%t.sample.lprof %t.sample
// RUN: %lprof-report --alloc-top 3 %t.sample.lprof | FileCheck %s --check-prefix=SAMPLE
// RUN: %lprof-report --memory %t.sample.lprof | FileCheck %s --check-prefix=SAMPLE-NOTE
// SAMPLE:      Unattributed:    10.0 MiB in 110 allocations made outside any profiled line
// SAMPLE:      Note: 3 functions ran in count or sample mode, whose lines are charged nothing:
// SAMPLE-NEXT: memory goes to the timing-mode line that called them, or is unattributed.
// SAMPLE-NOTE: Note: 3 functions ran in count or sample mode, whose lines are charged nothing:
// The timing-mode build above prints no such note.
// RUN: %lprof-report --alloc-top 3 %t.lprof | FileCheck %s --check-prefix=NO-NOTE
// NO-NOTE-NOT: Note:

// Unoptimized (-O0: line probes are calls, not inlined), the same figures.
// RUN: %clangxx -std=c++17 -O0 %s %rt -o %t.O0
// RUN: rm -f %t.O0.lprof && env LPROF_MEMORY=1 LPROF_OUTPUT=%t.O0.lprof %t.O0
// RUN: %lprof-report --memory %t.O0.lprof | FileCheck %s --check-prefix=MEM --match-full-lines
// RUN: %lprof-report --alloc-top 3 %t.O0.lprof | FileCheck %s --check-prefix=TOP --match-full-lines
