//===- TextViews.h - Function table, hottest lines and threads as text ----===//
//
// The text views around line_profiler's table: a pstats-like function
// table, the hottest lines of the whole profile and the per-thread
// breakdown. Times are in the report's unit, like the table's.
//
//===----------------------------------------------------------------------===//

#ifndef LINEPROF_REPORT_TEXTVIEWS_H
#define LINEPROF_REPORT_TEXTVIEWS_H

#include "ByteUnits.h"
#include "Summary.h"

#include "llvm/Support/raw_ostream.h"

namespace lineprof {

/// "name at file:line", how every view names a function; "name (region)
/// at file:line" for a region.
std::string describeFunction(const FunctionProfile &F);

/// A table's column heads and their '=' rule, as long as they are.
void printTableHeader(llvm::raw_ostream &OS, const std::string &Header);

/// Line Index of F without its indentation, for tables of lines from many
/// places.
llvm::StringRef trimmedSource(const FunctionProfile &F, size_t Index);

/// Whether P has functions without times (count mode), which the views
/// below list apart, by hits.
bool hasCountFunctions(const Profile &P);

/// Calls, total time, time per call and share of all profiled time, one
/// row per function; with Memory, also the bytes allocated, retained and
/// the peak. SkipZero leaves out the functions that are zero by M.
/// Functions without times follow in a table of their hits.
void printFunctionTable(llvm::raw_ostream &OS, const Profile &P,
                        FunctionOrder Order, double OutputUnit, bool SkipZero,
                        std::optional<ByteStyle> Memory = std::nullopt,
                        Measure M = Measure::Time);

/// The N hottest lines with their location, function and source; then
/// the N lines with the most hits of the functions without times.
void printHotLines(llvm::raw_ostream &OS, const Profile &P, size_t N,
                   double OutputUnit);

/// Each thread's time per function (and hits, of functions without
/// times). Names the inputs that hold no per-thread breakdown.
void printThreads(llvm::raw_ostream &OS, const Profile &P, double OutputUnit,
                  bool SkipZero);

/// Which calls printCallGraph lists: those made to the functions shown
/// (pstats' print_callers) or those they make (print_callees).
enum class CallDirection { Callers, Callees };

/// For each function that Matches (by its qualified name), in the
/// profile's order: the calls to it, by calling line, or the calls it
/// makes, by line and callee, with their counts, time and time per call,
/// and a total row (no time columns for calls of count-mode functions
/// only). Call edges are recorded in timing and count mode (format 1.5):
/// a function of another mode says so.
void printCallGraph(llvm::raw_ostream &OS, const Profile &P,
                    llvm::function_ref<bool(llvm::StringRef)> Matches,
                    CallDirection Direction, double OutputUnit);

} // namespace lineprof

#endif // LINEPROF_REPORT_TEXTVIEWS_H
