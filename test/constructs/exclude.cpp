// exclude=REGEX (qualified names) and exclude-file=GLOB leave functions out
// whatever selects them, the attribute too; lprof-rewrite takes the same.
//
// RUN: rm -rf %t && mkdir -p %t && cd %t
// RUN: %clangxx -fplugin-arg-lineprof-file='*' '-fplugin-arg-lineprof-exclude=ns::.*' %s %rt -o a
// RUN: ./a && %lprof-report a.lprof | FileCheck %s --check-prefix=NS
// RUN: %clangxx -fplugin-arg-lineprof-file='*' -fplugin-arg-lineprof-exclude=marked -fplugin-arg-lineprof-exclude=kept %s %rt -o b
// RUN: ./b && %lprof-report b.lprof | FileCheck %s --check-prefix=NAMES
// RUN: %clangxx -fplugin-arg-lineprof-file='*' '-fplugin-arg-lineprof-exclude-file=*clude.cpp' %s %rt -o c
// RUN: ./c && %lprof-report c.lprof | FileCheck %s --check-prefix=NONE
// RUN: not %clangxx '-fplugin-arg-lineprof-exclude=(' -c %s -o d.o 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: lprof-rewrite %s --file='*' --exclude='ns::.*' -- -I%S/../../runtime/include | FileCheck %s --check-prefix=REWRITE
// RUN: lprof-rewrite %s --file='*' --exclude-file='*.cpp' -- -I%S/../../runtime/include | FileCheck %s --check-prefix=REWRITE-NONE
#include <lineprof.h>

namespace ns {
int inner(int x) { return x + 1; }
} // namespace ns

LPROF_PROFILE int marked(int x) { return ns::inner(x) * 2; }

int kept(int x) { return marked(x) - 1; }

int main() { return kept(1) == 3 ? 0 : 1; }

// NS-NOT: Function: ns::inner
// NS: Function: marked
// NS: Function: kept
// NS: Function: main
// NS-NOT: Function: ns::inner
// NAMES-NOT: Function: marked
// NAMES-NOT: Function: kept
// NAMES: Function: ns::inner
// NAMES-NOT: Function: marked
// NAMES-NOT: Function: kept
// NAMES: Function: main
// NAMES-NOT: Function: marked
// NAMES-NOT: Function: kept
// NONE-NOT: Function: ns::inner
// NONE-NOT: Function: marked
// NONE-NOT: Function: kept
// NONE-NOT: Function: main
// BAD: error: lineprof: invalid regular expression '(': {{.*}} in '-fplugin-arg-lineprof-exclude=('
// REWRITE: {{^}}int inner(int x) {{[{]}} return x + 1; }{{$}}
// REWRITE: {{^.*}}int marked(int x) {{[{]}}{{.*}}__lprof
// REWRITE-NONE: {{^.*}}int marked(int x) {{[{]}} return ns::inner(x) * 2; }{{$}}
// REWRITE-NONE: {{^}}int kept(int x) {{[{]}} return marked(x) - 1; }{{$}}
