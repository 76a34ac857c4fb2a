//===- TextReport.h - line_profiler's text table --------------------------===//
//
// Renders a Profile as the table line_profiler 4.0.2 prints (show_text and
// show_func in line_profiler/line_profiler.py), byte for byte.
//
//===----------------------------------------------------------------------===//

#ifndef LINEPROF_REPORT_TEXTREPORT_H
#define LINEPROF_REPORT_TEXTREPORT_H

#include "ProfileData.h"

#include "llvm/Support/raw_ostream.h"

namespace lineprof {

struct TextOptions {
  /// Seconds per unit of the Time and Per Hit columns.
  double OutputUnit = 1e-6;
  /// Leave out functions whose total time is zero.
  bool SkipZero = false;
};

/// Prints one function's block: totals, file, header and one row per line.
void printFunction(llvm::raw_ostream &OS, const FunctionProfile &F,
                   double OutputUnit);

/// Prints the "Timer unit" line and every function of P in P's order.
void printText(llvm::raw_ostream &OS, const Profile &P,
               const TextOptions &Opts);

} // namespace lineprof

#endif // LINEPROF_REPORT_TEXTREPORT_H
