//===- Summary.h - Per-function, per-line and per-thread figures ----------===//
//
// The numbers the views share: function totals and their order, the
// hottest lines, each thread's share. Every view renders these, so that the
// text, JSON and HTML reports agree.
//
//===----------------------------------------------------------------------===//

#ifndef LINEPROF_REPORT_SUMMARY_H
#define LINEPROF_REPORT_SUMMARY_H

#include "ProfileData.h"

#include <optional>
#include <vector>

namespace lineprof {

/// The orders of the function table (--sort-by); the last three need
/// memory figures.
enum class FunctionOrder {
  Time,
  Calls,
  PerCall,
  Name,
  File,
  Allocated,
  Retained,
  Peak
};

/// What -z and -s judge a function by: its time, or (--memory) the bytes
/// it allocated and freed.
enum class Measure { Time, Memory };

/// Whether F has nothing to show for M: no time, or no allocation or free.
bool isZero(const FunctionProfile &F, Measure M);

/// One function's totals.
struct FunctionSummary {
  const FunctionProfile *F = nullptr;
  double Seconds = 0;
  /// Seconds as a percentage of the profile's total.
  double Percent = 0;

  std::optional<double> secondsPerCall() const;
};

/// The functions of P in Order; SkipZero leaves out those that are zero by
/// M. Ties keep line_profiler's order (file, first line, name).
std::vector<FunctionSummary> summarizeFunctions(const Profile &P,
                                                FunctionOrder Order,
                                                bool SkipZero = false,
                                                Measure M = Measure::Time);

/// The functions of P in the order of the line table: line_profiler's, or
/// with Sorted (its --sort) by ascending total time (by M: bytes
/// allocated), stably. SkipZero leaves out those that are zero by M.
std::vector<const FunctionProfile *> tableOrder(const Profile &P, bool Sorted,
                                                bool SkipZero,
                                                Measure M = Measure::Time);

/// One line of one function.
struct HotLine {
  const FunctionProfile *F = nullptr;
  size_t Index = 0;
  double Seconds = 0;
  /// Seconds as a percentage of the profile's total.
  double Percent = 0;

  uint64_t lineNumber() const { return uint64_t(F->FirstLine) + Index; }
  uint64_t hits() const { return F->Lines[Index].Hits; }
};

/// The N lines with the most time, hottest first; lines that never ran are
/// left out. Ties keep the order of the line table.
std::vector<HotLine> hottestLines(const Profile &P, size_t N);

/// One line's share of the heap, for the memory rankings: the bytes
/// allocated (or retained) and in how many blocks.
struct MemoryLine {
  const FunctionProfile *F = nullptr;
  size_t Index = 0;
  uint64_t Bytes = 0;
  uint64_t Count = 0;

  uint64_t lineNumber() const { return uint64_t(F->FirstLine) + Index; }
};

/// The N allocation sites with the most bytes allocated (a line's self
/// figures: not what the profiled functions it called allocated), most
/// first; ties in the order of the line table. Lines that allocated
/// nothing themselves are left out.
std::vector<MemoryLine> topAllocatingLines(const Profile &P, size_t N);

/// The N lines with the most bytes retained (allocated there and still
/// live when the profile was written), most first, as above.
std::vector<MemoryLine> topRetainingLines(const Profile &P, size_t N);

/// One thread of one input and its functions, hottest first.
struct ThreadSummary {
  struct Part {
    /// This thread's part: identity and lines.
    const FunctionProfile *F = nullptr;
    /// The whole function, summed over threads and inputs.
    const FunctionProfile *Whole = nullptr;
    double Seconds = 0;
    /// Of the thread's time and of the whole function's.
    double PercentOfThread = 0;
    double PercentOfFunction = 0;
  };
  const InputFile *Input = nullptr;
  const ThreadProfile *T = nullptr;
  double Seconds = 0;
  std::vector<Part> Parts;
};

/// The threads of every input of P, in input and thread order. SkipZero
/// leaves out functions without time in the thread.
std::vector<ThreadSummary> summarizeThreads(const Profile &P,
                                            bool SkipZero = false);

/// Percent of Total that Part is; 0 for a zero total.
inline double percentOf(double Part, double Total) {
  return Total == 0 ? 0 : 100 * Part / Total;
}

} // namespace lineprof

#endif // LINEPROF_REPORT_SUMMARY_H
