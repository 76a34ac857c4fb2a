//===- TextReport.h - line_profiler's text table --------------------------===//
//
// Renders a Profile as the table line_profiler 4.0.2 prints (show_text and
// show_func in line_profiler/line_profiler.py), byte for byte, with the
// --sort and --summarize of line_profiler 4.1.
//
//===----------------------------------------------------------------------===//

#ifndef LINEPROF_REPORT_TEXTREPORT_H
#define LINEPROF_REPORT_TEXTREPORT_H

#include "ProfileData.h"
#include "Summary.h"

#include "llvm/Support/raw_ostream.h"

namespace lineprof {

struct TextOptions {
  /// Seconds per unit of the Time and Per Hit columns.
  double OutputUnit = 1e-6;
  /// Leave out functions whose total time is zero.
  bool SkipZero = false;
  /// Order functions by ascending total time (line_profiler's --sort).
  bool SortByTime = false;
  /// Append one line per function with its total (line_profiler's
  /// --summarize).
  bool Summarize = false;
};

/// Prints one function's block: totals, file, header and one row per line.
/// With colours enabled on OS, the time columns show the line's heat. With
/// Metric::Hits (count mode) the rows have hits and their share only.
/// Columns widen beyond line_profiler's widths when a number needs it.
void printFunction(llvm::raw_ostream &OS, const FunctionProfile &F,
                   double OutputUnit, Metric K = Metric::Time);

/// line_profiler 4.1's --summarize lines, one per function, with its total
/// in OutputUnit (or its hits, for a function without times).
void printSummaryLines(llvm::raw_ostream &OS,
                       llvm::ArrayRef<const FunctionProfile *> Functions,
                       double OutputUnit, bool ProfileHasTimes);

/// Prints the lines under a function block's totals: "File:", "Function:"
/// and, outside timing mode, "Mode:", then a blank line.
void printFunctionHeading(llvm::raw_ostream &OS, const FunctionProfile &F);

/// Prints the "Timer unit" line and every function of P in P's order, and
/// with Opts.Summarize the summary lines after them, as line_profiler 4.1.
void printText(llvm::raw_ostream &OS, const Profile &P,
               const TextOptions &Opts);

/// Prints line_profiler's "Timer unit: <unit> s" line and a blank line.
/// With Compensated, a line between them says the times are net of
/// lineprof's overhead (line_profiler's layout is kept otherwise). A
/// profile without times (!HasTimes) gets HitsOnlyNote instead.
void printTimerUnit(llvm::raw_ostream &OS, double OutputUnit,
                    bool Compensated = false, bool HasTimes = true);

/// The note printTimerUnit adds for compensated times.
extern const char *const CompensatedNote;
/// The first line of a report of a profile without times.
extern const char *const HitsOnlyNote;
/// The Mode: line of a forced-inline function (ModeForcedInline).
extern const char *const ForcedInlineNote;

/// What the table says about how F was measured, or "" for timing mode
/// (and files that do not record modes): "sample (~ marks ...)" etc.
std::string modeNote(const FunctionProfile &F);

/// Python's '%5.1f' % V.
std::string fixed1(double V);

/// Python's '%g' % V.
std::string general(double V);

} // namespace lineprof

#endif // LINEPROF_REPORT_TEXTREPORT_H
