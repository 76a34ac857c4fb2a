//===- JsonReport.h - Profiles and comparisons as JSON --------------------===//
//
// The machine-readable report; docs/report-json.md is its specification.
// Every time is in seconds.
//
//===----------------------------------------------------------------------===//

#ifndef LINEPROF_REPORT_JSONREPORT_H
#define LINEPROF_REPORT_JSONREPORT_H

#include "Diff.h"
#include "ProfileData.h"

#include "llvm/Support/raw_ostream.h"

namespace lineprof {

struct JsonOptions {
  bool SkipZero = false;
  /// Functions by ascending total time instead of line_profiler's order.
  bool SortByTime = false;
};

/// The whole profile: inputs, functions with every line, threads.
void printJson(llvm::raw_ostream &OS, const Profile &P,
               const JsonOptions &Opts);

/// A comparison: both sides' totals, and per function and line the
/// figures before and after, their change and ratio.
void printDiffJson(llvm::raw_ostream &OS, const ProfileDiff &D, bool SkipZero);

} // namespace lineprof

#endif // LINEPROF_REPORT_JSONREPORT_H
