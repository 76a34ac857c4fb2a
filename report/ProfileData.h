//===- ProfileData.h - In-memory .lprof profiles and their reader ---------===//
//
// The model lprof-report works on: profiled functions with their source
// snapshot and per-line hits and times, read from .lprof files
// (docs/lprof-format.md) and summed across files.
//
//===----------------------------------------------------------------------===//

#ifndef LINEPROF_REPORT_PROFILEDATA_H
#define LINEPROF_REPORT_PROFILEDATA_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace lineprof {

/// Hits and time of one source line.
struct LineStats {
  uint64_t Hits = 0;
  /// Time in units of the owning function's TimeUnit seconds.
  double Time = 0;
};

/// One profiled function. Lines[I] and SourceLines[I] describe source line
/// FirstLine + I.
///
/// Times are kept as a count of TimeUnit seconds rather than as seconds: a
/// function read from one file has Time = ticks and TimeUnit =
/// seconds_per_tick, which lets the table do line_profiler's arithmetic
/// (ticks * (tick / output unit)) and round identically. Merging functions
/// whose tick lengths differ switches to TimeUnit = 1 (plain seconds).
struct FunctionProfile {
  std::string File;
  std::string Name;
  uint32_t FirstLine = 1;
  double TimeUnit = 1;
  std::vector<std::string> SourceLines;
  std::vector<LineStats> Lines;

  double lineSeconds(size_t I) const { return Lines[I].Time * TimeUnit; }
  /// Sum of the lines' times, in TimeUnit.
  double totalTime() const;
  double totalSeconds() const { return totalTime() * TimeUnit; }

  /// Adds Other's hits and times line by line. Other must have the same
  /// identity. Returns false if the two source snapshots differ (the sum is
  /// still made, by line number).
  bool merge(const FunctionProfile &Other);
};

/// The PROG record: facts about the profiled run.
struct RunInfo {
  double SecondsPerTick = 0;
  uint32_t Clock = 0;
  uint32_t Pid = 0;
  int64_t StartNs = 0;
  int64_t EndNs = 0;
  std::string Program;
};

/// The contents of one .lprof file, functions in file order.
struct ProfileFile {
  RunInfo Run;
  std::vector<FunctionProfile> Functions;
};

/// Parses the bytes of a .lprof file. Errors are one-line descriptions of
/// the first problem found, without the file name.
llvm::Expected<ProfileFile> parseProfile(llvm::StringRef Data);

/// Reads and parses the file at Path. Error messages start with "<Path>: ".
llvm::Expected<ProfileFile> readProfile(llvm::StringRef Path);

/// The functions of one or more files, summed. Iterates in line_profiler's
/// order: by (file, first line, name).
class Profile {
public:
  using Key = std::tuple<std::string, uint32_t, std::string>;
  using FunctionMap = std::map<Key, FunctionProfile>;

  /// Adds F, summing it into an existing function with the same identity.
  /// Returns false if that function's source snapshot differs from F's.
  bool add(FunctionProfile F);

  const FunctionMap &functions() const { return Functions; }
  bool empty() const { return Functions.empty(); }

private:
  FunctionMap Functions;
};

} // namespace lineprof

#endif // LINEPROF_REPORT_PROFILEDATA_H
