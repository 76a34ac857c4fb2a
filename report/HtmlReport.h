//===- HtmlReport.h - One self-contained HTML page of a profile -----------===//
//
// A page that needs nothing but itself: a sortable function table, the
// hottest lines, the threads, and every function's source with a heat
// scale, hits and times per line. It reads on a phone and on a large
// screen. The source tables are drawn by its script as they come into
// view, so that a profile of a million lines opens at once; the rest
// reads without JavaScript.
//
//===----------------------------------------------------------------------===//

#ifndef LINEPROF_REPORT_HTMLREPORT_H
#define LINEPROF_REPORT_HTMLREPORT_H

#include "ByteUnits.h"
#include "Summary.h"

#include "llvm/Support/raw_ostream.h"

#include <string>

namespace lineprof {

struct HtmlOptions {
  /// Seconds per unit of the time columns.
  double OutputUnit = 1e-6;
  bool SkipZero = false;
  /// Sources by ascending total time instead of line_profiler's order.
  bool SortByTime = false;
  /// The function table's first order.
  FunctionOrder Order = FunctionOrder::Time;
  /// Rows of the hottest-lines table.
  size_t HotLines = 10;
  /// How byte counts are written, when the profile has memory figures.
  ByteStyle Bytes = ByteStyle::Binary;
  /// Named in the page's footer.
  std::string Generator = "lprof-report";
};

void printHtml(llvm::raw_ostream &OS, const Profile &P,
               const HtmlOptions &Opts);

/// Writes Text with &, <, > and " escaped.
void escapeHtml(llvm::raw_ostream &OS, llvm::StringRef Text);

} // namespace lineprof

#endif // LINEPROF_REPORT_HTMLREPORT_H
