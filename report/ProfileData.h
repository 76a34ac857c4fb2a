//===- ProfileData.h - In-memory .lprof profiles and their reader ---------===//
//
// The model lprof-report works on: profiled functions with their source
// snapshot and per-line hits and times, read from .lprof files
// (docs/lprof-format.md) and summed across files.
//
//===----------------------------------------------------------------------===//

#ifndef LINEPROF_REPORT_PROFILEDATA_H
#define LINEPROF_REPORT_PROFILEDATA_H

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace lineprof {

/// Hits and time of one source line.
struct LineStats {
  uint64_t Hits = 0;
  /// The time every view shows, in units of the owning function's TimeUnit
  /// seconds: NetTime when the function is compensated, else RawTime.
  double Time = 0;
  /// The measured ticks, lineprof's own overhead included.
  double RawTime = 0;
  /// Format 1.2's net_ticks (overhead taken out); RawTime without details.
  double NetTime = 0;
  /// Format 1.2's probes and sample_weight; 0 without details.
  uint64_t Probes = 0;
  uint64_t SampleWeight = 0;
  /// Self (exclusive) time: Time less the time of the profiled functions
  /// called from the line (format 1.4; before it, the inclusive time).
  /// SelfTime is the net or raw one, as Time is.
  double SelfTime = 0;
  double RawSelfTime = 0;
  double NetSelfTime = 0;
};

/// One source line's heap figures (format 1.3's MEMF record; their
/// definitions are in docs/lprof-format.md and docs/report.md).
///
/// Allocs .. FreedBytes are inclusive, like a line's time: they count the
/// profiled calls made on the line too. SelfAllocs and SelfAllocBytes are
/// the part allocated while the line was the innermost profiled
/// (timing-mode) line: the allocation site. Retained blocks are always the
/// allocation site's.
struct LineMemory {
  uint64_t Allocs = 0;
  uint64_t AllocBytes = 0;
  uint64_t Frees = 0;
  uint64_t FreedBytes = 0;
  uint64_t RetainedBlocks = 0;
  uint64_t RetainedBytes = 0;
  uint64_t SelfAllocs = 0;
  uint64_t SelfAllocBytes = 0;

  /// Whether the line allocated and freed nothing.
  bool empty() const {
    return Allocs == 0 && AllocBytes == 0 && Frees == 0 && FreedBytes == 0 &&
           RetainedBlocks == 0 && RetainedBytes == 0 && SelfAllocs == 0 &&
           SelfAllocBytes == 0;
  }
  /// Adds Other's figures, saturating.
  LineMemory &operator+=(const LineMemory &Other);
};

/// The MEMR record: the whole run's heap.
struct RunMemory {
  uint64_t Allocs = 0;
  uint64_t AllocBytes = 0;
  uint64_t Frees = 0;
  uint64_t FreedBytes = 0;
  uint64_t UntrackedFrees = 0;
  uint64_t LiveBytes = 0;
  uint64_t PeakLiveBytes = 0;
  uint64_t UnattributedAllocs = 0;
  uint64_t UnattributedBytes = 0;

  /// Sums another run's figures into these; the peak is the larger of the
  /// two (the runs did not overlap in one heap).
  RunMemory &operator+=(const RunMemory &Other);
};

/// The FUNC record's `modes` bits (format 1.2).
enum ModeBits : uint32_t {
  ModeTiming = 1,
  ModeCount = 2,
  ModeSample = 4,
  ModeRegion = 8,
  /// With ModeCount: forced inline (always_inline) in a timing- or
  /// sample-mode unit, so counted as in count mode (lineprof_abi.h,
  /// __LPROF_FORCED_INLINE).
  ModeForcedInline = 16,
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
  /// Number of activations (FUNC's appended `calls` field); unknown for
  /// files written before the field existed.
  std::optional<uint64_t> Calls;
  /// How the function was measured (ModeBits); 0 when unknown (files before
  /// 1.2, or a function that never ran). A sum ors them.
  uint32_t Modes = 0;
  /// Whether every line has format 1.2's details (NetTime etc.); a sum has
  /// them only if every part had.
  bool HasDetails = false;
  /// Whether Time holds the net (compensated) times; see selectTimes().
  bool Compensated = false;
  /// Whether the function's time counted once (OnceTime) and the lines'
  /// self times were measured (format 1.4). Without them, OnceTime is the
  /// sum of the lines and every line's self time its inclusive time.
  bool HasSelf = false;
  /// The function's time counted once per outermost activation on a
  /// thread: what a recursive call or a lambda adds inside an activation is
  /// already in it. Net or raw as Time is; Raw and Net as LineStats'.
  double OnceTime = 0;
  double RawOnceTime = 0;
  double NetOnceTime = 0;
  /// Empty for the per-thread parts of a function (ThreadProfile).
  std::vector<std::string> SourceLines;
  std::vector<LineStats> Lines;
  /// Per line heap figures (format 1.3), Memory[I] for Lines[I]; empty when
  /// not known: the file has no MEMR record (memory profiling was off), or
  /// for a sum, some part had none.
  std::vector<LineMemory> Memory;
  /// MEMF's peak_bytes: the most the heap rose above its level at entry
  /// during one activation, callees included; the largest over all parts.
  uint64_t PeakBytes = 0;

  bool hasMemory() const { return !Memory.empty(); }
  /// The sum of the lines' heap figures.
  LineMemory totalMemory() const;

  double lineSeconds(size_t I) const { return Lines[I].Time * TimeUnit; }
  double rawLineSeconds(size_t I) const { return Lines[I].RawTime * TimeUnit; }
  /// The function's measured time counted once, in seconds.
  double rawTotalSeconds() const;
  /// Sum of the lines' self times, in TimeUnit: the function's own time,
  /// pstats' tottime.
  double selfTime() const;
  double selfSeconds() const { return selfTime() * TimeUnit; }
  double lineSelfSeconds(size_t I) const {
    return (HasSelf ? Lines[I].SelfTime : Lines[I].Time) * TimeUnit;
  }
  /// OnceTime (pstats' cumtime) in seconds, whatever ShowsSelf says.
  double cumulativeSeconds() const {
    return (HasSelf ? OnceTime : totalTime()) * TimeUnit;
  }
  /// For a file before format 1.4: OnceTime from the lines, each line's
  /// self time its inclusive one.
  void deriveOnceTimes();

  /// Sets every line's Time to its net time when the function has details
  /// and Raw is false, else to the measured one; with ShowsSelf, to the
  /// line's self time.
  void selectTimes(bool Raw);
  /// The sum of the lines' net self times: the floor of the net total.
  double netSelfSum() const;
  /// Whether Time and totalTime() are the self times (--self): every view
  /// then shows and ranks by them.
  bool ShowsSelf = false;

  /// Count mode only: hits without times.
  bool countOnly() const {
    return (Modes & ~uint32_t(ModeForcedInline)) == ModeCount;
  }
  /// Counted without times because it is forced inline.
  bool forcedInline() const { return Modes & ModeForcedInline; }
  /// Some lines' times are estimates from sampled intervals.
  bool sampled() const { return Modes & ModeSample; }
  bool isRegion() const { return Modes & ModeRegion; }
  /// Whether line I's time is an estimate (sample mode, sampled intervals).
  bool estimated(size_t I) const {
    return sampled() && Lines[I].SampleWeight != 0;
  }
  /// The function's time counted once (OnceTime), in TimeUnit: pstats'
  /// cumtime.
  double totalTime() const;
  double totalSeconds() const { return totalTime() * TimeUnit; }

  /// Adds Other's hits, times and heap figures line by line (the heap
  /// figures stay only if both have them). Other must have the same
  /// identity. Returns false if the two source snapshots differ (the sum is
  /// still made, by line number).
  bool merge(const FunctionProfile &Other);
};

/// One thread's entry in the LOAD record (format 1.5): from its first
/// profiled call to its exit or the write.
struct ThreadLoad {
  uint32_t Thread = 0; ///< its THRD number
  uint64_t WallNs = 0;
  uint64_t CpuNs = 0; ///< user + system time it got
  uint64_t Involuntary = 0; ///< context switches against its will
  uint64_t Voluntary = 0;   ///< and those it made by blocking
};

/// The LOAD record: what the runtime learnt about interference.
struct RunLoad {
  /// Calibration measurements made, and how much the timing probe's cost
  /// moved over them ((largest - smallest) / smallest).
  uint32_t Measurements = 0;
  double ProbeSpread = 0;
  /// The threads whose figures the writer knew.
  std::vector<ThreadLoad> Threads;
};

/// The PROG record: facts about the profiled run.
struct RunInfo {
  double SecondsPerTick = 0;
  uint32_t Clock = 0;
  uint32_t Pid = 0;
  int64_t StartNs = 0;
  int64_t EndNs = 0;
  std::string Program;
  /// Format 1.2: the union of the functions' modes and the calibration
  /// the runtime took its net times from (informative only).
  std::optional<uint32_t> Modes;
  double TimingProbeTicks = 0, TimingEntryTicks = 0, SampleProbeTicks = 0,
         SampleIntervalTicks = 0, SampleMeanGap = 0;
  /// Format 1.3's MEMR record; nullopt when memory profiling was off.
  std::optional<RunMemory> Memory;
  /// Format 1.5's LOAD record; nullopt in older files.
  std::optional<RunLoad> Load;
};

/// One thread's share of a run (a THRD record): per function, this thread's
/// part of the hits and times, in the same units as the whole function.
struct ThreadProfile {
  /// The thread's number in order of its first profiled call, from 0.
  uint32_t Thread = 0;
  /// The operating system's thread id.
  uint32_t Tid = 0;
  std::string Name;
  /// Identity, TimeUnit and Lines only; no source.
  std::vector<FunctionProfile> Functions;

  /// The thread's time in profiled functions: the sum of their self
  /// times (their roots' times), in seconds.
  double totalSeconds() const;
};

/// A function's identity across files: (file, first line, name).
using FunctionKey = std::tuple<std::string, uint32_t, std::string>;

/// Calls from one calling line to one profiled function (format 1.5's EDGE
/// entries of a file, summed over its threads): the activations that
/// ended, and the time of those during which nothing else of the callee's
/// text was running on the thread (docs/lprof-format.md).
struct CallStats {
  uint64_t Calls = 0;
  double RawSeconds = 0;
  double NetSeconds = 0;

  double seconds(bool Raw) const { return Raw ? RawSeconds : NetSeconds; }
  CallStats &operator+=(const CallStats &Other);
};

/// Where a call edge goes: the calling function (nullopt: the call came
/// from outside any profiled timing-mode line, Line is then 0), the
/// calling line's number, the callee.
using CallKey = std::tuple<std::optional<FunctionKey>, uint32_t, FunctionKey>;
using CallMap = std::map<CallKey, CallStats>;

/// The contents of one .lprof file, functions and threads in file order.
struct ProfileFile {
  RunInfo Run;
  std::vector<FunctionProfile> Functions;
  /// Empty when the writer left the per-thread breakdown out.
  std::vector<ThreadProfile> Threads;
  /// The EDGE records, summed over threads (empty before format 1.5).
  CallMap Calls;
  /// What the reader accepted but a user should know (a newer minor
  /// version): one line each, without the file name.
  std::vector<std::string> Notes;
};

/// An input of a Profile: where it came from and what it held.
struct InputFile {
  std::string Path;
  RunInfo Run;
  /// The file's threads (in file order); empty if it has no THRD records.
  std::vector<ThreadProfile> Threads;
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
  using Key = FunctionKey;
  using FunctionMap = std::map<Key, FunctionProfile>;

  /// Adds F, summing it into an existing function with the same identity.
  /// Returns false if that function's source snapshot differs from F's.
  bool add(FunctionProfile F);

  /// Adds every function of File, read from Path, and keeps its run facts
  /// and threads. Calls OnSourceMismatch(F) for each function whose source
  /// differs from an earlier file's snapshot (it is still summed).
  void addFile(std::string Path, ProfileFile File,
               llvm::function_ref<void(const FunctionProfile &)>
                   OnSourceMismatch = [](const FunctionProfile &) {});

  const FunctionMap &functions() const { return Functions; }
  /// The call edges of all inputs, summed.
  const CallMap &calls() const { return Calls; }
  const std::vector<InputFile> &inputs() const { return Inputs; }

  /// Chooses the measured (Raw) or the net times for every view, of the
  /// functions and of the threads' parts; net is the default. A thread's
  /// part is net only when its whole function is.
  void selectTimes(bool Raw);
  bool rawTimes() const { return Raw; }
  /// Makes every view show self times (--self); see
  /// FunctionProfile::ShowsSelf.
  void showSelf(bool Self);
  bool showsSelf() const { return Self; }
  /// Whether any function shows net times.
  bool anyCompensated() const;
  bool empty() const { return Functions.empty(); }

  /// Whether every input has memory figures (a MEMR record): only then are
  /// the functions' Memory the whole sum's.
  bool hasMemory() const;
  /// The MEMR records of all inputs, summed (peak: the largest).
  RunMemory runMemory() const;

  /// The tick length all inputs share, or nullopt if they differ (or there
  /// are none); times are then only comparable in seconds.
  std::optional<double> commonSecondsPerTick() const;

  /// The time of the run in profiled functions, in seconds: the sum of all
  /// functions' self times, which is the time of the outermost profiled
  /// activations (format 1.4; before it, the sum of the functions' times,
  /// callees counted in each caller too).
  double totalSeconds() const;

private:
  FunctionMap Functions;
  CallMap Calls;
  std::vector<InputFile> Inputs;
  bool Raw = false;
  bool Self = false;
};

} // namespace lineprof

#endif // LINEPROF_REPORT_PROFILEDATA_H
