//===- Summary.cpp - Per-function, per-line and per-thread figures --------===//

#include "Summary.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <tuple>

using namespace llvm;

namespace lineprof {

namespace {

/// Unknown counts sort after every known one.
bool moreCalls(std::optional<uint64_t> A, std::optional<uint64_t> B) {
  if (A && B)
    return *A > *B;
  return A.has_value() && !B.has_value();
}

bool morePerCall(std::optional<double> A, std::optional<double> B) {
  if (A && B)
    return *A > *B;
  return A.has_value() && !B.has_value();
}

/// The lines of P whose Of is nonzero, N with the most of it, most first.
template <typename FieldFn>
std::vector<MemoryLine> topMemoryLines(const Profile &P, size_t N,
                                       FieldFn Of) {
  std::vector<MemoryLine> Lines;
  for (const auto &Entry : P.functions()) {
    const FunctionProfile &F = Entry.second;
    for (size_t I = 0, E = F.Memory.size(); I != E; ++I) {
      auto [Bytes, Count] = Of(F.Memory[I]);
      if (Bytes != 0 || Count != 0)
        Lines.push_back({&F, I, Bytes, Count});
    }
  }
  // The map's order is the table's: a stable sort keeps it for ties.
  std::stable_sort(Lines.begin(), Lines.end(),
                   [](const MemoryLine &A, const MemoryLine &B) {
                     return A.Bytes > B.Bytes;
                   });
  if (Lines.size() > N)
    Lines.resize(N);
  return Lines;
}

} // namespace

bool hasTimes(const Profile &P) {
  bool AnyMode = false;
  for (const auto &Entry : P.functions()) {
    const FunctionProfile &F = Entry.second;
    if (F.Modes & ~uint32_t(ModeCount | ModeForcedInline))
      return true;
    // No mode but it ran: a file before format 1.2, which always timed.
    if (F.Modes == 0 && totalHits(F) != 0)
      return true;
    AnyMode |= F.Modes != 0;
  }
  if (AnyMode)
    return false;
  // Nothing ran. Files before 1.2 (no modes) were timed.
  for (const InputFile &Input : P.inputs())
    if (!Input.Run.Modes ||
        (*Input.Run.Modes & ~uint32_t(ModeCount | ModeForcedInline)))
      return true;
  return P.inputs().empty();
}

Metric metricOf(const FunctionProfile &F, bool ProfileHasTimes) {
  if (F.Modes != 0)
    return F.countOnly() ? Metric::Hits : Metric::Time;
  if (F.totalTime() != 0 || totalHits(F) != 0)
    return Metric::Time;
  return ProfileHasTimes ? Metric::Time : Metric::Hits;
}

bool showsNetTimes(const Profile &P) {
  bool Timed = hasTimes(P);
  return any_of(P.functions(), [Timed](const auto &Entry) {
    return Entry.second.Compensated &&
           metricOf(Entry.second, Timed) == Metric::Time;
  });
}

double metricTotal(const Profile &P, Metric K) {
  if (K == Metric::Time)
    return P.totalSeconds();
  bool Timed = hasTimes(P);
  double Hits = 0;
  for (const auto &Entry : P.functions())
    if (metricOf(Entry.second, Timed) == Metric::Hits)
      Hits += double(totalHits(Entry.second));
  return Hits;
}

uint64_t totalHits(const FunctionProfile &F) {
  uint64_t Sum = 0;
  for (const LineStats &L : F.Lines)
    Sum += L.Hits;
  return Sum;
}

bool isZero(const FunctionProfile &F, Measure M) {
  if (M == Measure::Time)
    return F.countOnly() ? totalHits(F) == 0 : F.totalTime() == 0;
  return all_of(F.Memory, [](const LineMemory &L) { return L.empty(); });
}

std::vector<MemoryLine> topAllocatingLines(const Profile &P, size_t N) {
  return topMemoryLines(P, N, [](const LineMemory &L) {
    return std::pair(L.SelfAllocBytes, L.SelfAllocs);
  });
}

std::vector<MemoryLine> topRetainingLines(const Profile &P, size_t N) {
  return topMemoryLines(P, N, [](const LineMemory &L) {
    return std::pair(L.RetainedBytes, L.RetainedBlocks);
  });
}

std::optional<double> FunctionSummary::secondsPerCall() const {
  if (!F->Calls || *F->Calls == 0)
    return std::nullopt;
  return Seconds / double(*F->Calls);
}

std::optional<double> FunctionSummary::hitsPerCall() const {
  if (!F->Calls || *F->Calls == 0)
    return std::nullopt;
  return double(Hits) / double(*F->Calls);
}

std::vector<FunctionSummary> summarizeFunctions(const Profile &P,
                                                FunctionOrder Order,
                                                bool SkipZero, Measure M,
                                                Metric K) {
  bool Timed = hasTimes(P);
  double Total = metricTotal(P, K);
  std::vector<FunctionSummary> Result;
  for (const auto &Entry : P.functions()) {
    const FunctionProfile &F = Entry.second;
    if (metricOf(F, Timed) != K || (SkipZero && isZero(F, M)))
      continue;
    FunctionSummary S{&F, F.totalSeconds(), 0, totalHits(F)};
    S.Percent =
        percentOf(K == Metric::Time ? S.Seconds : double(S.Hits), Total);
    Result.push_back(S);
  }
  // The map's order is the (file, first line, name) order, so a stable sort
  // breaks ties by it, and the File order needs no sort at all.
  bool ByHits = K == Metric::Hits;
  auto Less = [Order, ByHits](const FunctionSummary &A,
                              const FunctionSummary &B) {
    switch (Order) {
    case FunctionOrder::Time:
      return ByHits ? A.Hits > B.Hits : A.Seconds > B.Seconds;
    case FunctionOrder::Calls:
      return moreCalls(A.F->Calls, B.F->Calls);
    case FunctionOrder::PerCall:
      return ByHits ? morePerCall(A.hitsPerCall(), B.hitsPerCall())
                    : morePerCall(A.secondsPerCall(), B.secondsPerCall());
    case FunctionOrder::Name:
      return A.F->Name < B.F->Name;
    case FunctionOrder::File:
      return false;
    case FunctionOrder::Allocated:
      return A.F->totalMemory().AllocBytes > B.F->totalMemory().AllocBytes;
    case FunctionOrder::Retained:
      return A.F->totalMemory().RetainedBytes >
             B.F->totalMemory().RetainedBytes;
    case FunctionOrder::Peak:
      return A.F->PeakBytes > B.F->PeakBytes;
    }
    return false;
  };
  std::stable_sort(Result.begin(), Result.end(), Less);
  return Result;
}

std::vector<const FunctionProfile *> tableOrder(const Profile &P, bool Sorted,
                                                bool SkipZero, Measure M) {
  std::vector<const FunctionProfile *> Result;
  for (const auto &Entry : P.functions())
    if (!SkipZero || !isZero(Entry.second, M))
      Result.push_back(&Entry.second);
  if (Sorted && M == Measure::Time) {
    // Functions without times first, by hits; then by time.
    bool Timed = hasTimes(P);
    auto Key = [Timed](const FunctionProfile *F) {
      bool HasTime = metricOf(*F, Timed) == Metric::Time;
      return std::pair(HasTime,
                       HasTime ? F->totalSeconds() : double(totalHits(*F)));
    };
    std::stable_sort(Result.begin(), Result.end(),
                     [&](const FunctionProfile *A, const FunctionProfile *B) {
                       return Key(A) < Key(B);
                     });
  }
  if (Sorted && M == Measure::Memory)
    std::stable_sort(Result.begin(), Result.end(),
                     [](const FunctionProfile *A, const FunctionProfile *B) {
                       return A->totalMemory().AllocBytes <
                              B->totalMemory().AllocBytes;
                     });
  return Result;
}

std::vector<HotLine> hottestLines(const Profile &P, size_t N, Metric K) {
  bool Timed = hasTimes(P);
  double Total = metricTotal(P, K);
  std::vector<HotLine> Lines;
  for (const auto &Entry : P.functions()) {
    const FunctionProfile &F = Entry.second;
    if (metricOf(F, Timed) != K)
      continue;
    for (size_t I = 0, E = F.Lines.size(); I != E; ++I)
      if (F.Lines[I].Hits != 0)
        Lines.push_back({&F, I,
                         K == Metric::Time ? F.lineSeconds(I)
                                           : double(F.Lines[I].Hits),
                         0});
  }
  // For Metric::Hits, Seconds holds the hits while ranking.
  auto Hotter = [](const HotLine &A, const HotLine &B) {
    if (A.Seconds != B.Seconds)
      return A.Seconds > B.Seconds;
    return std::tie(A.F->File, A.F->FirstLine, A.F->Name, A.Index) <
           std::tie(B.F->File, B.F->FirstLine, B.F->Name, B.Index);
  };
  size_t Keep = std::min(N, Lines.size());
  std::partial_sort(Lines.begin(), Lines.begin() + Keep, Lines.end(), Hotter);
  Lines.resize(Keep);
  for (HotLine &L : Lines) {
    L.Percent = percentOf(L.Seconds, Total);
    if (K == Metric::Hits)
      L.Seconds = 0;
  }
  return Lines;
}

std::vector<ThreadSummary> summarizeThreads(const Profile &P, bool SkipZero,
                                            Metric K) {
  bool Timed = hasTimes(P);
  bool ByHits = K == Metric::Hits;
  std::vector<ThreadSummary> Result;
  for (const InputFile &Input : P.inputs()) {
    for (const ThreadProfile &T : Input.Threads) {
      ThreadSummary S;
      S.Input = &Input;
      S.T = &T;
      if (!ByHits)
        S.Seconds = T.totalSeconds();
      bool Any = false;
      for (const FunctionProfile &F : T.Functions) {
        // A function left out of P (--function) is left out here too.
        auto Whole = P.functions().find(Profile::Key(F.File, F.FirstLine, F.Name));
        if (Whole == P.functions().end() ||
            metricOf(Whole->second, Timed) != K)
          continue;
        Any = true;
        ThreadSummary::Part Part{&F, &Whole->second, F.totalSeconds(),
                                 totalHits(F)};
        S.Hits += Part.Hits;
        if (SkipZero && (ByHits ? Part.Hits == 0 : Part.Seconds == 0))
          continue;
        Part.PercentOfFunction =
            ByHits ? percentOf(double(Part.Hits), double(totalHits(*Part.Whole)))
                   : percentOf(Part.Seconds, Part.Whole->totalSeconds());
        S.Parts.push_back(Part);
      }
      if (!Any)
        continue;
      for (ThreadSummary::Part &Part : S.Parts)
        Part.PercentOfThread =
            ByHits ? percentOf(double(Part.Hits), double(S.Hits))
                   : percentOf(Part.Seconds, S.Seconds);
      std::stable_sort(S.Parts.begin(), S.Parts.end(),
                       [ByHits](const ThreadSummary::Part &A,
                                const ThreadSummary::Part &B) {
                         return ByHits ? A.Hits > B.Hits
                                       : A.Seconds > B.Seconds;
                       });
      Result.push_back(std::move(S));
    }
  }
  return Result;
}

std::vector<ThreadMetrics> summarizeThreadMetrics(const Profile &P,
                                                  bool SkipZero) {
  std::vector<ThreadSummary> ByTime, ByHits;
  if (hasTimes(P))
    ByTime = summarizeThreads(P, SkipZero, Metric::Time);
  ByHits = summarizeThreads(P, SkipZero, Metric::Hits);
  // Both are in input and thread order, each thread at most once.
  std::vector<ThreadMetrics> Result;
  auto Time = ByTime.begin(), Hits = ByHits.begin();
  for (const InputFile &Input : P.inputs())
    for (const ThreadProfile &T : Input.Threads) {
      ThreadMetrics M;
      if (Time != ByTime.end() && Time->T == &T)
        M.Time = std::move(*Time++);
      if (Hits != ByHits.end() && Hits->T == &T)
        M.Hits = std::move(*Hits++);
      if (M.Time || M.Hits)
        Result.push_back(std::move(M));
    }
  return Result;
}

namespace {
/// Why forced-inline functions of timed units have hits only.
const char *const HitsOnlyReason =
    "count mode, and forced-inline functions: their time is in the calling "
    "lines";

template <typename RowT> bool anyForcedInline(const std::vector<RowT> &Rows) {
  return llvm::any_of(Rows, [](const RowT &R) { return R.F->forcedInline(); });
}
} // namespace

std::string hitsOnlyFunctionsHeading(const std::vector<FunctionSummary> &Rows) {
  return anyForcedInline(Rows)
             ? std::string("Functions with hits only (") + HitsOnlyReason + ")"
             : "Functions in count mode (hits only)";
}

std::string hitsOnlyLinesHeading(const std::vector<HotLine> &Lines) {
  return anyForcedInline(Lines)
             ? std::string("Most hits, no times (") + HitsOnlyReason + ")"
             : "Most hits in count mode (no times)";
}

} // namespace lineprof
