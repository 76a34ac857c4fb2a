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

bool isZero(const FunctionProfile &F, Measure M) {
  if (M == Measure::Time)
    return F.totalTime() == 0;
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

std::vector<FunctionSummary> summarizeFunctions(const Profile &P,
                                                FunctionOrder Order,
                                                bool SkipZero, Measure M) {
  double Total = P.totalSeconds();
  std::vector<FunctionSummary> Result;
  for (const auto &Entry : P.functions()) {
    const FunctionProfile &F = Entry.second;
    double Seconds = F.totalSeconds();
    if (SkipZero && isZero(F, M))
      continue;
    Result.push_back({&F, Seconds, percentOf(Seconds, Total)});
  }
  // The map's order is the (file, first line, name) order, so a stable sort
  // breaks ties by it, and the File order needs no sort at all.
  auto Less = [Order](const FunctionSummary &A, const FunctionSummary &B) {
    switch (Order) {
    case FunctionOrder::Time:
      return A.Seconds > B.Seconds;
    case FunctionOrder::Calls:
      return moreCalls(A.F->Calls, B.F->Calls);
    case FunctionOrder::PerCall:
      return morePerCall(A.secondsPerCall(), B.secondsPerCall());
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
  if (Sorted && M == Measure::Time)
    std::stable_sort(Result.begin(), Result.end(),
                     [](const FunctionProfile *A, const FunctionProfile *B) {
                       return A->totalSeconds() < B->totalSeconds();
                     });
  if (Sorted && M == Measure::Memory)
    std::stable_sort(Result.begin(), Result.end(),
                     [](const FunctionProfile *A, const FunctionProfile *B) {
                       return A->totalMemory().AllocBytes <
                              B->totalMemory().AllocBytes;
                     });
  return Result;
}

std::vector<HotLine> hottestLines(const Profile &P, size_t N) {
  double Total = P.totalSeconds();
  std::vector<HotLine> Lines;
  for (const auto &Entry : P.functions()) {
    const FunctionProfile &F = Entry.second;
    // Count mode has no times to rank by.
    if (F.countOnly())
      continue;
    for (size_t I = 0, E = F.Lines.size(); I != E; ++I)
      if (F.Lines[I].Hits != 0)
        Lines.push_back({&F, I, F.lineSeconds(I), 0});
  }
  auto Hotter = [](const HotLine &A, const HotLine &B) {
    if (A.Seconds != B.Seconds)
      return A.Seconds > B.Seconds;
    return std::tie(A.F->File, A.F->FirstLine, A.F->Name, A.Index) <
           std::tie(B.F->File, B.F->FirstLine, B.F->Name, B.Index);
  };
  size_t Keep = std::min(N, Lines.size());
  std::partial_sort(Lines.begin(), Lines.begin() + Keep, Lines.end(), Hotter);
  Lines.resize(Keep);
  for (HotLine &L : Lines)
    L.Percent = percentOf(L.Seconds, Total);
  return Lines;
}

std::vector<ThreadSummary> summarizeThreads(const Profile &P, bool SkipZero) {
  std::vector<ThreadSummary> Result;
  for (const InputFile &Input : P.inputs()) {
    for (const ThreadProfile &T : Input.Threads) {
      ThreadSummary S;
      S.Input = &Input;
      S.T = &T;
      S.Seconds = T.totalSeconds();
      for (const FunctionProfile &F : T.Functions) {
        double Seconds = F.totalSeconds();
        if (SkipZero && Seconds == 0)
          continue;
        const FunctionProfile &Whole =
            P.functions().at(Profile::Key(F.File, F.FirstLine, F.Name));
        S.Parts.push_back({&F, &Whole, Seconds, percentOf(Seconds, S.Seconds),
                           percentOf(Seconds, Whole.totalSeconds())});
      }
      std::stable_sort(S.Parts.begin(), S.Parts.end(),
                       [](const ThreadSummary::Part &A,
                          const ThreadSummary::Part &B) {
                         return A.Seconds > B.Seconds;
                       });
      Result.push_back(std::move(S));
    }
  }
  return Result;
}

} // namespace lineprof
