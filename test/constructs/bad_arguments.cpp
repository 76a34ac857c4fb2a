// Bad plugin arguments are compile errors that name the argument.
//
// RUN: not %clangxx -fplugin-arg-lineprof-function='geo::(' -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=REGEX
// RUN: not %clangxx -fplugin-arg-lineprof-colour=red -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not %clangxx -fplugin-arg-lineprof-file='[' -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=GLOB
// RUN: not %clangxx -fplugin-arg-lineprof-mode=fast -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=MODE

int f() { return 1; }

// REGEX: error: lineprof: invalid regular expression 'geo::(': {{.*}} in '-fplugin-arg-lineprof-function=geo::('
// UNKNOWN: error: lineprof: unknown option 'colour' (known: function=REGEX, file=GLOB, exclude=REGEX, exclude-file=GLOB, mode=timing|count|sample, remarks=summary|all|none) in '-fplugin-arg-lineprof-colour=red'
// MODE: error: lineprof: unknown mode 'fast' (known: timing, count, sample) in '-fplugin-arg-lineprof-mode=fast'
// GLOB: error: lineprof: invalid file pattern '[': {{.*}} in '-fplugin-arg-lineprof-file=['
