//===- TimeUnit.h - The unit every view shows times in --------------------===//
//
// One choice for the whole report: the text table, -m, --functions, --top,
// --threads, --diff and the HTML page print their time columns in the same
// unit, -u's or the one chosen here so that Per Hit reads well.
//
//===----------------------------------------------------------------------===//

#ifndef LINEPROF_REPORT_TIMEUNIT_H
#define LINEPROF_REPORT_TIMEUNIT_H

#include "ProfileData.h"

#include "llvm/ADT/ArrayRef.h"

#include <string>

namespace lineprof {

/// The unit for the profiles Ps when -u does not set one: the coarsest of
/// 1 s, 1 ms, 1 us and 1 ns in which at least 90% of the timed lines that
/// ran and took time show a Per Hit of 1.0 or more (two significant
/// digits; line_profiler's 0.0 says nothing). 1 ns when none does (or
/// there are no such lines: the unit then does not matter).
double chooseTimeUnit(llvm::ArrayRef<const Profile *> Ps);

/// Short name of Unit for column heads and sums: "s", "ms", "\u00b5s",
/// "ns", "ps", else "x <Unit> s" (for example "x 1e-07 s").
std::string timeUnitName(double Unit);

} // namespace lineprof

#endif // LINEPROF_REPORT_TIMEUNIT_H
