//===- Diff.h - Compare two profiles line by line -------------------------===//
//
// The check of an optimisation: which functions and lines got faster or
// slower between a base profile and a new one. Functions are matched by
// identity, or by file and name when their first line moved; lines by
// source text when they differ, so that edits above a line do not pair it
// with its neighbour.
//
//===----------------------------------------------------------------------===//

#ifndef LINEPROF_REPORT_DIFF_H
#define LINEPROF_REPORT_DIFF_H

#include "ByteUnits.h"
#include "ProfileData.h"
#include "Summary.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lineprof {

/// One source line in either or both profiles. Times in seconds.
struct LineDiff {
  /// The line's number in each profile; nullopt where it does not exist.
  std::optional<uint64_t> BaseLine, NewLine;
  /// The source, from the new profile where it exists there.
  llvm::StringRef Source;
  uint64_t BaseHits = 0, NewHits = 0;
  double BaseSeconds = 0, NewSeconds = 0;
  /// Heap figures of each side; zeros where unknown or not on that side.
  LineMemory BaseMemory, NewMemory;

  double change() const { return NewSeconds - BaseSeconds; }
  /// Whether either side ran the line.
  bool ran() const { return BaseHits != 0 || NewHits != 0; }
  /// Whether either side allocated or freed on the line.
  bool usedMemory() const { return !BaseMemory.empty() || !NewMemory.empty(); }
};

/// One function in either or both profiles.
struct FunctionDiff {
  const FunctionProfile *Base = nullptr, *New = nullptr;
  double BaseSeconds = 0, NewSeconds = 0;
  /// Whether the times are the measured ones because only one side has
  /// net times (format 1.2 details).
  bool RawTimes = false;
  /// Heap totals and peaks of each side (zeros where unknown).
  LineMemory BaseMemory, NewMemory;
  uint64_t BasePeak = 0, NewPeak = 0;
  /// Hits summed over the lines, of each side.
  uint64_t BaseHits = 0, NewHits = 0;
  /// Times or, when no side of it has times (count mode), hits only.
  Metric Kind = Metric::Time;
  std::vector<LineDiff> Lines;

  /// The new profile's version where it has one.
  const FunctionProfile &function() const { return New ? *New : *Base; }
  double change() const { return NewSeconds - BaseSeconds; }
  double hitsChange() const { return double(NewHits) - double(BaseHits); }
};

struct ProfileDiff {
  const Profile *Base = nullptr, *New = nullptr;
  /// In line_profiler's order of function(): (file, first line, name).
  std::vector<FunctionDiff> Functions;
  double BaseSeconds = 0, NewSeconds = 0;
  /// Whether either profile has times (else both are count mode).
  bool HasTimes = true;
  /// Whether both profiles have memory figures; then the Memory fields
  /// above hold them.
  bool HasMemory = false;
  RunMemory BaseRun, NewRun;

  double change() const { return NewSeconds - BaseSeconds; }
};

/// Compares Base with New. Both must outlive the result.
ProfileDiff diffProfiles(const Profile &Base, const Profile &New);

/// Pairs the lines of A and B that have the same text (leading and
/// trailing white space aside), keeping their order: a longest common
/// subsequence. Each entry is (index in A, index in B); an unpaired line
/// has -1 on the other side. Between pairs, A's unpaired lines come first.
std::vector<std::pair<long, long>>
alignLines(llvm::ArrayRef<std::string> A, llvm::ArrayRef<std::string> B);

/// The functions of metric K, biggest absolute change in time (hits)
/// first (ties in function order). SkipZero leaves out those with no time
/// (hits) on either side.
std::vector<const FunctionDiff *> functionsByChange(const ProfileDiff &D,
                                                    bool SkipZero,
                                                    Metric K = Metric::Time);

/// The N lines of functions of metric K with the biggest absolute change
/// in time (hits), biggest first.
std::vector<std::pair<const FunctionDiff *, const LineDiff *>>
biggestLineChanges(const ProfileDiff &D, size_t N, Metric K = Metric::Time);

struct DiffTextOptions {
  double OutputUnit = 1e-6;
  bool SkipZero = false;
  /// Rows of the "Biggest changes" table.
  size_t TopChanges = 10;
  std::string BaseName, NewName;
  /// Compare the memory columns instead of the times (--memory); needs
  /// ProfileDiff::HasMemory.
  std::optional<ByteStyle> Memory;
};

/// The comparison as text: totals, the biggest line changes, the function
/// changes, then every function's lines side by side.
void printDiffText(llvm::raw_ostream &OS, const ProfileDiff &D,
                   const DiffTextOptions &Opts);

} // namespace lineprof

#endif // LINEPROF_REPORT_DIFF_H
