//===- JsonReport.cpp - Profiles and comparisons as JSON ------------------===//

#include "JsonReport.h"
#include "Summary.h"

#include "llvm/Support/JSON.h"

#include <fmt/format.h>

#include <cmath>

using namespace llvm;

namespace lineprof {

namespace {

constexpr int FormatVersion = 1;

/// Writes numbers in their shortest round-trip form (json::OStream would
/// print 1e-9 as 1.0000000000000001e-09), and null for what JSON cannot
/// hold.
void number(json::OStream &J, double V) {
  if (!std::isfinite(V)) {
    J.value(nullptr);
    return;
  }
  J.rawValue([V](raw_ostream &OS) { OS << fmt::format("{}", V); });
}

void number(json::OStream &J, StringRef Key, double V) {
  J.attributeBegin(Key);
  number(J, V);
  J.attributeEnd();
}

void optionalNumber(json::OStream &J, StringRef Key, std::optional<double> V) {
  if (V)
    number(J, Key, *V);
  else
    J.attribute(Key, nullptr);
}

/// Strings from the profile need not be UTF-8; JSON text must be.
void string(json::OStream &J, StringRef Key, StringRef S) {
  if (json::isUTF8(S))
    J.attribute(Key, S);
  else
    J.attribute(Key, json::fixUTF8(S));
}

void optionalCount(json::OStream &J, StringRef Key,
                   std::optional<uint64_t> N) {
  J.attributeBegin(Key);
  if (N)
    J.rawValue([&](raw_ostream &OS) { OS << *N; });
  else
    J.value(nullptr);
  J.attributeEnd();
}

void count(json::OStream &J, StringRef Key, uint64_t N) {
  optionalCount(J, Key, N);
}

/// After - Before, exactly, for counts of any size.
void countChange(json::OStream &J, StringRef Key, uint64_t Before,
                 uint64_t After) {
  J.attributeBegin(Key);
  J.rawValue([&](raw_ostream &OS) {
    if (After >= Before)
      OS << After - Before;
    else
      OS << '-' << Before - After;
  });
  J.attributeEnd();
}

std::optional<double> ratio(double Before, double After) {
  if (Before > 0)
    return After / Before;
  return std::nullopt;
}

/// A line's or function's heap figures, with the net change (signed,
/// exact) and, for a function, its peak.
void memoryObject(json::OStream &J, const LineMemory &M,
                  std::optional<uint64_t> Peak = std::nullopt) {
  J.object([&] {
    if (Peak)
      count(J, "peak_bytes", *Peak);
    count(J, "allocs", M.Allocs);
    count(J, "alloc_bytes", M.AllocBytes);
    count(J, "frees", M.Frees);
    count(J, "freed_bytes", M.FreedBytes);
    countChange(J, "net_bytes", M.FreedBytes, M.AllocBytes);
    count(J, "retained_blocks", M.RetainedBlocks);
    count(J, "retained_bytes", M.RetainedBytes);
    count(J, "self_allocs", M.SelfAllocs);
    count(J, "self_alloc_bytes", M.SelfAllocBytes);
  });
}

void memory(json::OStream &J, StringRef Key, const LineMemory &M,
            std::optional<uint64_t> Peak = std::nullopt) {
  J.attributeBegin(Key);
  memoryObject(J, M, Peak);
  J.attributeEnd();
}

/// The MEMR record's figures (or their sum).
void runMemory(json::OStream &J, const RunMemory &M) {
  J.attributeObject("memory", [&] {
    count(J, "allocs", M.Allocs);
    count(J, "alloc_bytes", M.AllocBytes);
    count(J, "frees", M.Frees);
    count(J, "freed_bytes", M.FreedBytes);
    count(J, "untracked_frees", M.UntrackedFrees);
    count(J, "live_bytes", M.LiveBytes);
    count(J, "peak_live_bytes", M.PeakLiveBytes);
    count(J, "unattributed_allocs", M.UnattributedAllocs);
    count(J, "unattributed_bytes", M.UnattributedBytes);
  });
}

void inputs(json::OStream &J, const Profile &P) {
  J.attributeArray("inputs", [&] {
    for (const InputFile &Input : P.inputs())
      J.object([&] {
        string(J, "path", Input.Path);
        string(J, "program", Input.Run.Program);
        count(J, "pid", Input.Run.Pid);
        count(J, "clock", Input.Run.Clock);
        number(J, "seconds_per_tick", Input.Run.SecondsPerTick);
        J.attribute("start_ns", Input.Run.StartNs);
        J.attribute("end_ns", Input.Run.EndNs);
        // Format 1.2's calibration, as the runtime wrote it.
        if (Input.Run.Modes) {
          count(J, "modes", *Input.Run.Modes);
          J.attributeObject("calibration", [&] {
            number(J, "timing_probe_ticks", Input.Run.TimingProbeTicks);
            number(J, "timing_entry_ticks", Input.Run.TimingEntryTicks);
            number(J, "sample_probe_ticks", Input.Run.SampleProbeTicks);
            number(J, "sample_interval_ticks", Input.Run.SampleIntervalTicks);
            number(J, "sample_mean_gap", Input.Run.SampleMeanGap);
          });
        }
        // Format 1.3: the run's heap.
        if (Input.Run.Memory)
          runMemory(J, *Input.Run.Memory);
      });
  });
}

void identity(json::OStream &J, const FunctionProfile &F) {
  string(J, "name", F.Name);
  string(J, "file", F.File);
  count(J, "first_line", F.FirstLine);
}

/// How the times of F were taken: its modes (null when the file does not
/// say) and whether "time" is net of lineprof's overhead.
void measurement(json::OStream &J, const FunctionProfile &F) {
  optionalCount(J, "modes",
                F.Modes ? std::optional<uint64_t>(F.Modes) : std::nullopt);
  J.attribute("compensated", F.Compensated);
}

/// A line's shown and measured time, and whether they are estimates.
void lineTimes(json::OStream &J, const FunctionProfile &F, size_t I) {
  number(J, "time", F.lineSeconds(I));
  number(J, "raw_time", F.rawLineSeconds(I));
  number(J, "self_time", F.lineSelfSeconds(I));
  if (F.sampled())
    J.attribute("estimated", F.estimated(I));
}

/// Memory says whether the profile has memory figures (every function then
/// has them).
void function(json::OStream &J, const FunctionProfile &F, bool Memory) {
  J.object([&] {
    identity(J, F);
    optionalCount(J, "calls", F.Calls);
    measurement(J, F);
    number(J, "total_time", F.totalSeconds());
    number(J, "raw_total_time", F.rawTotalSeconds());
    number(J, "self_time", F.selfSeconds());
    if (Memory)
      memory(J, "memory", F.totalMemory(), F.PeakBytes);
    J.attributeArray("lines", [&] {
      for (size_t I = 0, E = F.Lines.size(); I != E; ++I)
        J.object([&] {
          count(J, "line", uint64_t(F.FirstLine) + I);
          count(J, "hits", F.Lines[I].Hits);
          lineTimes(J, F, I);
          if (Memory)
            memory(J, "memory",
                   I < F.Memory.size() ? F.Memory[I] : LineMemory());
          string(J, "source", StringRef(F.SourceLines[I]).rtrim('\r'));
        });
    });
  });
}

/// Format 1.5's call edges: the caller (null: outside any profiled line)
/// and its line, the callee, the calls and their once-counted time (net
/// when the callee's times are).
void calls(json::OStream &J, const Profile &P) {
  J.attributeArray("calls", [&] {
    for (const auto &[Key, Stats] : P.calls()) {
      const auto &[Caller, Line, Callee] = Key;
      auto To = P.functions().find(Callee);
      if (To == P.functions().end())
        continue;
      J.object([&] {
        if (Caller) {
          J.attributeObject("caller", [&] {
            string(J, "name", std::get<2>(*Caller));
            string(J, "file", std::get<0>(*Caller));
            count(J, "first_line", std::get<1>(*Caller));
          });
        } else {
          J.attribute("caller", nullptr);
        }
        count(J, "line", Line);
        J.attributeObject("callee", [&] { identity(J, To->second); });
        count(J, "calls", Stats.Calls);
        number(J, "time", Stats.seconds(!To->second.Compensated));
        number(J, "raw_time", Stats.RawSeconds);
      });
    }
  });
}

void threads(json::OStream &J, const Profile &P, bool SkipZero) {
  J.attributeArray("threads", [&] {
    for (size_t Input = 0, E = P.inputs().size(); Input != E; ++Input)
      for (const ThreadProfile &T : P.inputs()[Input].Threads)
        J.object([&] {
          count(J, "input", Input);
          count(J, "pid", P.inputs()[Input].Run.Pid);
          count(J, "thread", T.Thread);
          count(J, "tid", T.Tid);
          string(J, "name", T.Name);
          number(J, "total_time", T.totalSeconds());
          J.attributeArray("functions", [&] {
            for (const FunctionProfile &F : T.Functions) {
              if (SkipZero && F.totalTime() == 0)
                continue;
              J.object([&] {
                identity(J, F);
                // This thread's calls: format 1.2 only.
                if (F.Calls)
                  count(J, "calls", *F.Calls);
                measurement(J, F);
                number(J, "total_time", F.totalSeconds());
                number(J, "raw_total_time", F.rawTotalSeconds());
                number(J, "self_time", F.selfSeconds());
                J.attributeArray("lines", [&] {
                  for (size_t I = 0, LE = F.Lines.size(); I != LE; ++I)
                    J.object([&] {
                      count(J, "line", uint64_t(F.FirstLine) + I);
                      count(J, "hits", F.Lines[I].Hits);
                      lineTimes(J, F, I);
                    });
                });
              });
            }
          });
        });
  });
}

/// Both sides' heap figures (null for a side something is not on) and the
/// changes of the bytes allocated and retained.
void memoryDiff(json::OStream &J, bool HasBase, const LineMemory &Base,
                bool HasNew, const LineMemory &New) {
  J.attributeBegin("base_memory");
  if (HasBase)
    memoryObject(J, Base);
  else
    J.value(nullptr);
  J.attributeEnd();
  J.attributeBegin("new_memory");
  if (HasNew)
    memoryObject(J, New);
  else
    J.value(nullptr);
  J.attributeEnd();
  countChange(J, "alloc_bytes_change", Base.AllocBytes, New.AllocBytes);
  countChange(J, "retained_bytes_change", Base.RetainedBytes,
              New.RetainedBytes);
}

void lineDiff(json::OStream &J, const LineDiff &L, bool Memory) {
  J.object([&] {
    optionalCount(J, "base_line", L.BaseLine);
    optionalCount(J, "new_line", L.NewLine);
    string(J, "source", L.Source);
    // A side the line is not on has nulls; changes count it as 0.
    optionalCount(J, "base_hits",
                  L.BaseLine ? std::optional<uint64_t>(L.BaseHits)
                             : std::nullopt);
    optionalCount(J, "new_hits",
                  L.NewLine ? std::optional<uint64_t>(L.NewHits)
                            : std::nullopt);
    countChange(J, "hits_change", L.BaseHits, L.NewHits);
    optionalNumber(J, "hits_ratio",
                   ratio(double(L.BaseHits), double(L.NewHits)));
    optionalNumber(J, "base_time",
                   L.BaseLine ? std::optional<double>(L.BaseSeconds)
                              : std::nullopt);
    optionalNumber(J, "new_time",
                   L.NewLine ? std::optional<double>(L.NewSeconds)
                             : std::nullopt);
    number(J, "time_change", L.change());
    optionalNumber(J, "time_ratio", ratio(L.BaseSeconds, L.NewSeconds));
    if (Memory)
      memoryDiff(J, L.BaseLine.has_value(), L.BaseMemory,
                 L.NewLine.has_value(), L.NewMemory);
  });
}

void functionDiff(json::OStream &J, const FunctionDiff &D, bool Memory) {
  J.object([&] {
    const FunctionProfile &F = D.function();
    string(J, "name", F.Name);
    string(J, "file", F.File);
    optionalCount(J, "base_first_line",
                  D.Base ? std::optional<uint64_t>(D.Base->FirstLine)
                         : std::nullopt);
    optionalCount(J, "new_first_line",
                  D.New ? std::optional<uint64_t>(D.New->FirstLine)
                        : std::nullopt);
    optionalCount(J, "base_calls", D.Base ? D.Base->Calls : std::nullopt);
    optionalCount(J, "new_calls", D.New ? D.New->Calls : std::nullopt);
    optionalNumber(J, "base_time",
                   D.Base ? std::optional<double>(D.BaseSeconds)
                          : std::nullopt);
    optionalNumber(J, "new_time",
                   D.New ? std::optional<double>(D.NewSeconds) : std::nullopt);
    number(J, "time_change", D.change());
    optionalNumber(J, "time_ratio", ratio(D.BaseSeconds, D.NewSeconds));
    // Net times unless only one side has them (then both are measured).
    J.attribute("compensated", !D.RawTimes && F.Compensated);
    if (Memory) {
      memoryDiff(J, D.Base != nullptr, D.BaseMemory, D.New != nullptr,
                 D.NewMemory);
      optionalCount(J, "base_peak_bytes",
                    D.Base ? std::optional(D.BasePeak) : std::nullopt);
      optionalCount(J, "new_peak_bytes",
                    D.New ? std::optional(D.NewPeak) : std::nullopt);
    }
    J.attributeArray("lines", [&] {
      for (const LineDiff &L : D.Lines)
        lineDiff(J, L, Memory);
    });
  });
}

} // namespace

void printJson(raw_ostream &OS, const Profile &P, const JsonOptions &Opts) {
  json::OStream J(OS);
  J.object([&] {
    J.attribute("format", "lprof-report");
    J.attribute("version", FormatVersion);
    optionalNumber(J, "unit", P.commonSecondsPerTick());
    number(J, "total_time", P.totalSeconds());
    J.attribute("raw", P.rawTimes());
    J.attribute("compensated", P.anyCompensated());
    inputs(J, P);
    // Format 1.3: only when every input recorded memory.
    bool Memory = P.hasMemory();
    if (Memory)
      runMemory(J, P.runMemory());
    J.attributeArray("functions", [&] {
      for (const FunctionProfile *F :
           tableOrder(P, Opts.SortByTime, Opts.SkipZero))
        function(J, *F, Memory);
    });
    threads(J, P, Opts.SkipZero);
    calls(J, P);
  });
  OS << '\n';
}

void printDiffJson(raw_ostream &OS, const ProfileDiff &D, bool SkipZero) {
  json::OStream J(OS);
  J.object([&] {
    J.attribute("format", "lprof-report-diff");
    J.attribute("version", FormatVersion);
    J.attributeObject("base", [&] {
      number(J, "total_time", D.BaseSeconds);
      if (D.HasMemory)
        runMemory(J, D.BaseRun);
      inputs(J, *D.Base);
    });
    J.attributeObject("new", [&] {
      number(J, "total_time", D.NewSeconds);
      if (D.HasMemory)
        runMemory(J, D.NewRun);
      inputs(J, *D.New);
    });
    number(J, "time_change", D.change());
    optionalNumber(J, "time_ratio", ratio(D.BaseSeconds, D.NewSeconds));
    J.attributeArray("functions", [&] {
      for (const FunctionDiff &F : D.Functions)
        if (!SkipZero || F.BaseSeconds != 0 || F.NewSeconds != 0)
          functionDiff(J, F, D.HasMemory);
    });
  });
  OS << '\n';
}

} // namespace lineprof
