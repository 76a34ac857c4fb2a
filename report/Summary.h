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

/// What a function's figures are: times, or hits alone for a function
/// built in count mode. Every view asks this, so that a profile without
/// times is ranked, skipped, summed and heat-mapped by hits and never shows
/// a time column it does not have.
enum class Metric { Time, Hits };

/// Whether P has times: a function timed, sampled or a region, or one from
/// a file before format 1.2 that ran (they were all timed). When nothing
/// ran, the files' modes decide.
bool hasTimes(const Profile &P);

/// F's metric in a profile that has times (ProfileHasTimes) or not. A
/// function that never ran has no mode and takes the profile's.
Metric metricOf(const FunctionProfile &F, bool ProfileHasTimes);

/// Whether any function with times shows net ones (the "Times are net"
/// note; count-mode functions have nothing to be net of).
bool showsNetTimes(const Profile &P);

/// What the shares of metric K are of: P's total time (Profile::
/// totalSeconds), or the hits of its functions without times.
double metricTotal(const Profile &P, Metric K);

/// The sum of F's hits over its lines.
uint64_t totalHits(const FunctionProfile &F);

/// Whether F has nothing to show for M: no time (for a count-mode
/// function: no hits), or no allocation or free.
bool isZero(const FunctionProfile &F, Measure M);

/// One function's totals.
struct FunctionSummary {
  const FunctionProfile *F = nullptr;
  double Seconds = 0;
  /// Seconds (Metric::Hits: the hits) as a percentage of the total of the
  /// profile's functions of that metric.
  double Percent = 0;
  uint64_t Hits = 0;

  std::optional<double> secondsPerCall() const;
  std::optional<double> hitsPerCall() const;
};

/// The functions of P of metric K in Order (for Metric::Hits, the time
/// orders go by hits); SkipZero leaves out those that are zero by M. Ties
/// keep line_profiler's order (file, first line, name).
std::vector<FunctionSummary> summarizeFunctions(const Profile &P,
                                                FunctionOrder Order,
                                                bool SkipZero = false,
                                                Measure M = Measure::Time,
                                                Metric K = Metric::Time);

/// The heading of the table of the functions with hits only, \p Rows:
/// count mode's, and forced-inline functions of timed units (saying why,
/// when any is among them).
std::string hitsOnlyFunctionsHeading(const std::vector<FunctionSummary> &Rows);

/// The functions of P in the order of the line table: line_profiler's, or
/// with Sorted (its --sort) by ascending total time (by M: bytes
/// allocated), stably; functions without times come first, by ascending
/// hits. SkipZero leaves out those that are zero by M.
std::vector<const FunctionProfile *> tableOrder(const Profile &P, bool Sorted,
                                                bool SkipZero,
                                                Measure M = Measure::Time);

/// One line of one function.
struct HotLine {
  const FunctionProfile *F = nullptr;
  size_t Index = 0;
  double Seconds = 0;
  /// Seconds (Metric::Hits: the hits) as a percentage of the total of the
  /// profile's functions of that metric.
  double Percent = 0;

  uint64_t lineNumber() const { return uint64_t(F->FirstLine) + Index; }
  uint64_t hits() const { return F->Lines[Index].Hits; }
};

/// The heading of the table of the lines with the most hits, \p Lines, of
/// the functions with hits only (see hitsOnlyFunctionsHeading).
std::string hitsOnlyLinesHeading(const std::vector<HotLine> &Lines);

/// The N lines of the functions of metric K with the most time (or hits),
/// hottest first; lines that never ran are left out. Ties keep the order
/// of the line table.
std::vector<HotLine> hottestLines(const Profile &P, size_t N,
                                  Metric K = Metric::Time);

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

/// One thread of one input and its functions of one metric, hottest
/// first.
struct ThreadSummary {
  struct Part {
    /// This thread's part: identity and lines.
    const FunctionProfile *F = nullptr;
    /// The whole function, summed over threads and inputs.
    const FunctionProfile *Whole = nullptr;
    double Seconds = 0;
    uint64_t Hits = 0;
    /// Of the thread's time (hits) and of the whole function's.
    double PercentOfThread = 0;
    double PercentOfFunction = 0;
  };
  const InputFile *Input = nullptr;
  const ThreadProfile *T = nullptr;
  /// The thread's time, or hits, in its functions of the metric.
  double Seconds = 0;
  uint64_t Hits = 0;
  std::vector<Part> Parts;
};

/// The threads of every input of P with their functions of metric K, in
/// input and thread order. SkipZero leaves out functions without time (or
/// hits) in the thread. With Metric::Hits, threads without such functions
/// are left out.
std::vector<ThreadSummary> summarizeThreads(const Profile &P,
                                            bool SkipZero = false,
                                            Metric K = Metric::Time);

/// One thread's summaries of both metrics, for the views that show each
/// thread once: its times, and its hits in count-mode functions.
struct ThreadMetrics {
  std::optional<ThreadSummary> Time, Hits;

  const ThreadSummary &any() const { return Time ? *Time : *Hits; }
};

/// Every thread of P with functions of either metric, in input and thread
/// order; only a profile with times has Time summaries.
std::vector<ThreadMetrics> summarizeThreadMetrics(const Profile &P,
                                                  bool SkipZero);

/// Percent of Total that Part is; 0 for a zero total.
inline double percentOf(double Part, double Total) {
  return Total == 0 ? 0 : 100 * Part / Total;
}

} // namespace lineprof

#endif // LINEPROF_REPORT_SUMMARY_H
