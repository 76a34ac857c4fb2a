// A dump while a lambda written in a profiled function runs closes the
// function's activation too: the lambda's activation counts in the upper
// half of the function's running count, so closing it must take that half
// off, or the function would still look running and its total would be
// missing from the dump (a merge of the running-activation closing with
// the lambdas' own activations once left `outer` at 0 calls' time).
//
// RUN: %clangxx -O1 -g "-DPROFILE=[[profile]]" %s %rt -o %t
// RUN: rm -f %t.mid.lprof %t.lprof && env LPROF_OUTPUT=%t.mid.lprof %t %t.lprof
// RUN: %lprof-report --format=json --raw %t.mid.lprof | %python -c "import json,sys; f={x['name']: x for x in json.load(sys.stdin)['functions']}; o=f['outer']; print('outer calls', o['calls'], 'total', 'positive' if o['total_time'] > 0 else 'ZERO', 'self within total', o['self_time'] <= o['total_time'] * 1.000001 + 1e-9)" | FileCheck %s
//
// CHECK: outer calls 1 total positive self within total True
#include <cstdlib>

extern "C" int lprof_dump(void);

static volatile unsigned long sink;
static const char *exit_output;

PROFILE static void outer() {
  for (int i = 0; i < 1000; ++i)
    sink = sink + i;
  auto dump_now = [] {
    lprof_dump();
    setenv("LPROF_OUTPUT", exit_output, 1);
  };
  dump_now();
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  exit_output = argv[1];
  outer();
  return 0;
}
