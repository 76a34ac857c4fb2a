//===- Diff.cpp - Compare two profiles line by line -----------------------===//

#include "Diff.h"
#include "Heat.h"
#include "Summary.h"
#include "TextReport.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Path.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

using namespace llvm;

namespace lineprof {

namespace {

/// Above this many cells the quadratic LCS gives way to a greedy match.
constexpr size_t MaxLcsCells = size_t(4) << 20;

using Alignment = std::vector<std::pair<long, long>>;

/// Longest common subsequence of A and B, appended to Out with offsets.
void alignByLcs(ArrayRef<StringRef> A, ArrayRef<StringRef> B, long OffA,
                long OffB, Alignment &Out) {
  size_t N = A.size(), M = B.size();
  // Suffix table: Len[I][J] is the LCS length of A[I..] and B[J..], so the
  // walk below can go forwards.
  std::vector<uint32_t> Len((N + 1) * (M + 1), 0);
  auto At = [&](size_t I, size_t J) -> uint32_t & {
    return Len[I * (M + 1) + J];
  };
  for (size_t I = N; I-- > 0;)
    for (size_t J = M; J-- > 0;)
      At(I, J) = A[I] == B[J] ? At(I + 1, J + 1) + 1
                              : std::max(At(I + 1, J), At(I, J + 1));
  size_t I = 0, J = 0;
  while (I < N || J < M) {
    if (I < N && J < M && A[I] == B[J]) {
      Out.emplace_back(OffA + I++, OffB + J++);
    } else if (J == M || (I < N && At(I + 1, J) >= At(I, J + 1))) {
      Out.emplace_back(OffA + I++, -1);
    } else {
      Out.emplace_back(-1, OffB + J++);
    }
  }
}

/// A linear stand-in for huge functions: each line of A pairs with the next
/// unused line of B with its text.
void alignGreedily(ArrayRef<StringRef> A, ArrayRef<StringRef> B, long OffA,
                   long OffB, Alignment &Out) {
  StringMap<std::vector<size_t>> Where;
  for (size_t J = B.size(); J-- > 0;)
    Where[B[J]].push_back(J); // Reversed: the next one is at the back.
  size_t J = 0;
  for (size_t I = 0, N = A.size(); I != N; ++I) {
    auto It = Where.find(A[I]);
    if (It == Where.end()) {
      Out.emplace_back(OffA + I, -1);
      continue;
    }
    std::vector<size_t> &Next = It->second;
    while (!Next.empty() && Next.back() < J)
      Next.pop_back();
    if (Next.empty()) {
      Out.emplace_back(OffA + I, -1);
      continue;
    }
    for (; J < Next.back(); ++J)
      Out.emplace_back(-1, OffB + J);
    Out.emplace_back(OffA + I, OffB + J++);
    Next.pop_back();
  }
  for (; J < B.size(); ++J)
    Out.emplace_back(-1, OffB + J);
}

/// Line I's time as the comparison shows it: measured (Raw) or as the
/// profile shows it.
double secondsOf(const FunctionProfile &F, size_t I, bool Raw) {
  return Raw ? F.rawLineSeconds(I) : F.lineSeconds(I);
}

LineDiff lineOf(const FunctionProfile *Base, long I, const FunctionProfile *New,
                long J, bool Raw) {
  LineDiff L;
  if (I >= 0) {
    L.BaseLine = uint64_t(Base->FirstLine) + I;
    L.BaseHits = Base->Lines[I].Hits;
    L.BaseSeconds = secondsOf(*Base, I, Raw);
    if (size_t(I) < Base->Memory.size())
      L.BaseMemory = Base->Memory[I];
    L.Source = Base->SourceLines[I];
  }
  if (J >= 0) {
    L.NewLine = uint64_t(New->FirstLine) + J;
    L.NewHits = New->Lines[J].Hits;
    L.NewSeconds = secondsOf(*New, J, Raw);
    if (size_t(J) < New->Memory.size())
      L.NewMemory = New->Memory[J];
    L.Source = New->SourceLines[J];
  }
  L.Source = L.Source.rtrim('\r');
  return L;
}

FunctionDiff diffFunction(const FunctionProfile *Base, bool BaseTimed,
                          const FunctionProfile *New, bool NewTimed) {
  FunctionDiff D;
  D.Base = Base;
  D.New = New;
  // Hits alone only when no side has times.
  bool Timed = (Base && metricOf(*Base, BaseTimed) == Metric::Time) ||
               (New && metricOf(*New, NewTimed) == Metric::Time);
  D.Kind = Timed ? Metric::Time : Metric::Hits;
  D.BaseHits = Base ? totalHits(*Base) : 0;
  D.NewHits = New ? totalHits(*New) : 0;
  // Net against raw would show the overhead as a change: when only one
  // side is compensated, compare the measured times of both.
  D.RawTimes = Base && New && Base->Compensated != New->Compensated;
  auto Total = [&](const FunctionProfile *F) {
    return !F ? 0 : D.RawTimes ? F->rawTotalSeconds() : F->totalSeconds();
  };
  D.BaseSeconds = Total(Base);
  D.NewSeconds = Total(New);
  if (Base) {
    D.BaseMemory = Base->totalMemory();
    D.BasePeak = Base->PeakBytes;
  }
  if (New) {
    D.NewMemory = New->totalMemory();
    D.NewPeak = New->PeakBytes;
  }
  Alignment Pairs;
  if (Base && New) {
    Pairs = alignLines(Base->SourceLines, New->SourceLines);
  } else if (Base) {
    for (size_t I = 0, E = Base->Lines.size(); I != E; ++I)
      Pairs.emplace_back(I, -1);
  } else {
    for (size_t J = 0, E = New->Lines.size(); J != E; ++J)
      Pairs.emplace_back(-1, J);
  }
  D.Lines.reserve(Pairs.size());
  for (auto [I, J] : Pairs)
    D.Lines.push_back(lineOf(Base, I, New, J, D.RawTimes));
  return D;
}

using FunctionPairs =
    std::vector<std::pair<const FunctionProfile *, const FunctionProfile *>>;

/// Pairs the functions left on both sides whose KeyOf agree, in their
/// order, and removes them from the left-overs.
template <typename KeyFn>
void pairBy(std::vector<const FunctionProfile *> &BaseLeft,
            std::vector<const FunctionProfile *> &NewLeft, KeyFn KeyOf,
            FunctionPairs &Pairs) {
  std::map<std::pair<std::string, std::string>,
           std::vector<const FunctionProfile *>>
      Candidates;
  for (const FunctionProfile *B : BaseLeft)
    Candidates[KeyOf(*B)].push_back(B);
  std::map<std::pair<std::string, std::string>, size_t> Used;
  std::vector<const FunctionProfile *> StillNew;
  SmallPtrSet<const FunctionProfile *, 16> Taken;
  for (const FunctionProfile *N : NewLeft) {
    auto Key = KeyOf(*N);
    auto It = Candidates.find(Key);
    size_t &Next = Used[Key];
    if (It == Candidates.end() || Next == It->second.size()) {
      StillNew.push_back(N);
      continue;
    }
    Pairs.emplace_back(It->second[Next], N);
    Taken.insert(It->second[Next++]);
  }
  NewLeft = std::move(StillNew);
  llvm::erase_if(BaseLeft,
                 [&](const FunctionProfile *B) { return Taken.count(B); });
}

/// Signed, and "0.0" rather than "+0.0" for no change.
std::string signedFixed1(double V) {
  if (V == 0)
    return "0.0";
  return fmt::format("{:+.1f}", V);
}

std::string signedCount(uint64_t Before, uint64_t After) {
  if (Before == After)
    return "0";
  if (After > Before)
    return "+" + std::to_string(After - Before);
  return "-" + std::to_string(Before - After);
}

/// After / Before; "new" or "gone" for a side the line or function is not
/// on, "inf" for something from nothing, "" for nothing from nothing.
std::string ratio(double Before, double After, bool HasBase = true,
                  bool HasNew = true) {
  if (!HasBase)
    return "new";
  if (!HasNew)
    return "gone";
  if (Before > 0)
    return fmt::format("{:.2f}", After / Before);
  return After > 0 ? "inf" : "";
}

std::string optionalLine(std::optional<uint64_t> Line) {
  return Line ? std::to_string(*Line) : "-";
}

std::string callsText(const FunctionProfile *F) {
  if (!F || !F->Calls)
    return "-";
  return std::to_string(*F->Calls);
}

/// Widths of the comparison's cells of line numbers, counts (hits and
/// calls) and times: the defaults, or wider where a figure needs it (a
/// fine unit, a long run), so that no figure runs into the next.
struct DiffWidths {
  size_t Line = 6, Count = 9, Time = 11;
  static constexpr size_t Ratio = 7;

  DiffWidths(const ProfileDiff &D, double Unit) {
    auto Digits = [](uint64_t N) { return std::to_string(N).size(); };
    auto Seconds = [&](double S) {
      // A sign and a space before the figure.
      Time = std::max(Time, StringRef(fixed1(S / Unit)).ltrim().size() + 2);
    };
    auto Counts = [&](uint64_t N) { Count = std::max(Count, Digits(N) + 2); };
    for (const FunctionDiff &F : D.Functions) {
      Seconds(F.BaseSeconds);
      Seconds(F.NewSeconds);
      Counts(F.BaseHits);
      Counts(F.NewHits);
      for (const FunctionProfile *Side : {F.Base, F.New})
        if (Side && Side->Calls)
          Counts(*Side->Calls);
      for (const LineDiff &L : F.Lines) {
        Seconds(L.BaseSeconds);
        Seconds(L.NewSeconds);
        Counts(L.BaseHits);
        Counts(L.NewHits);
        for (std::optional<uint64_t> N : {L.BaseLine, L.NewLine})
          if (N)
            Line = std::max(Line, Digits(*N) + 1);
      }
    }
  }

  /// The widths of the groups of time and of count cells.
  size_t timeGroup() const { return 3 * Time + Ratio; }
  size_t countGroup() const { return 3 * Count + Ratio; }
};

/// Time columns: base, new, change, ratio. A side the line or function is
/// not on has a blank time; Blank leaves all four empty.
void printTimeCells(raw_ostream &OS, const DiffWidths &W, double Before,
                    double After, double Unit, bool Blank, bool HasBase = true,
                    bool HasNew = true) {
  if (Blank) {
    OS.indent(W.timeGroup());
    return;
  }
  OS << fmt::format("{:>{}}{:>{}}", HasBase ? fixed1(Before / Unit) : "",
                    W.Time, HasNew ? fixed1(After / Unit) : "", W.Time);
  printChange(OS, Before, After,
              fmt::format("{:>{}}{:>{}}", signedFixed1((After - Before) / Unit),
                          W.Time, ratio(Before, After, HasBase, HasNew),
                          W.Ratio));
}

/// Count columns: base, new, change, ratio, as the time columns.
/// Colour marks a change only where counts are all there is (Colored).
void printCountCells(raw_ostream &OS, const DiffWidths &W, uint64_t Before,
                     uint64_t After, bool Blank, bool Colored,
                     bool HasBase = true, bool HasNew = true) {
  if (Blank) {
    OS.indent(W.countGroup());
    return;
  }
  OS << fmt::format("{:>{}}{:>{}}", HasBase ? std::to_string(Before) : "",
                    W.Count, HasNew ? std::to_string(After) : "", W.Count);
  std::string Change = fmt::format(
      "{:>{}}{:>{}}", signedCount(Before, After), W.Count,
      ratio(double(Before), double(After), HasBase, HasNew), W.Ratio);
  if (Colored)
    printChange(OS, double(Before), double(After), Change);
  else
    OS << Change;
}

void printLineRow(raw_ostream &OS, const DiffWidths &W, const LineDiff &L,
                  double Unit, bool Times) {
  OS << fmt::format("{:>{}}{:>{}}  ", optionalLine(L.BaseLine), W.Line,
                    optionalLine(L.NewLine), W.Line);
  bool HasBase = L.BaseLine.has_value(), HasNew = L.NewLine.has_value();
  printCountCells(OS, W, L.BaseHits, L.NewHits, !L.ran(), !Times, HasBase,
                  HasNew);
  OS << "  ";
  if (Times) {
    printTimeCells(OS, W, L.BaseSeconds, L.NewSeconds, Unit, !L.ran(),
                   HasBase, HasNew);
    OS << "  ";
  }
  OS << L.Source << '\n';
}

/// The line above column heads that names their groups.
void groupHeader(raw_ostream &OS, StringRef Text) {
  OS << Text.rtrim() << '\n';
}

void printRule(raw_ostream &OS, size_t Width) {
  OS << std::string(Width, '=') << '\n';
}

/// Heads "Base New Change Ratio" of a group of cells Width wide each.
std::string groupHeads(size_t Width) {
  return fmt::format("{:>{}}{:>{}}{:>{}}{:>{}}", "Base", Width, "New", Width,
                     "Change", Width, "Ratio", DiffWidths::Ratio);
}

void printFunctionBlock(raw_ostream &OS, const DiffWidths &W,
                        const FunctionDiff &D, double Unit) {
  const FunctionProfile &F = D.function();
  bool Times = D.Kind == Metric::Time;
  if (Times)
    OS << "Total time: " << general(D.BaseSeconds) << " s -> "
       << general(D.NewSeconds) << " s";
  else
    OS << "Total hits: " << D.BaseHits << " -> " << D.NewHits;
  if (!D.New)
    OS << " (only in the base profile)";
  else if (!D.Base)
    OS << " (only in the new profile)";
  OS << "\nFile: " << F.File << "\nFunction: " << F.Name << " at line "
     << F.FirstLine;
  if (D.Base && D.New && D.Base->FirstLine != D.New->FirstLine)
    OS << " (line " << D.Base->FirstLine << " in the base profile)";
  OS << "\nCalls: " << callsText(D.Base) << " -> " << callsText(D.New);
  if (!Times)
    OS << "\nMode: count (hits only, no times)";
  if (D.RawTimes)
    OS << "\nTimes: as measured (only the "
       << (D.Base->Compensated ? "base" : "new")
       << " profile has net times)";
  OS << "\n\n";

  std::string Groups = fmt::format("{:^{}}  {:^{}}", "Line #", 2 * W.Line,
                                   "Hits", W.countGroup());
  std::string Header = fmt::format("{:>{}}{:>{}}  {}", "Base", W.Line, "New",
                                   W.Line, groupHeads(W.Count));
  if (Times) {
    Groups += fmt::format("  {:^{}}", "Time", W.timeGroup());
    Header += "  " + groupHeads(W.Time);
  }
  groupHeader(OS, Groups);
  Header += "  Line Contents";
  OS << Header << '\n';
  printRule(OS, Header.size());
  for (const LineDiff &L : D.Lines)
    printLineRow(OS, W, L, Unit, Times);
  OS << '\n';
}

std::string describe(const FunctionProfile &F) {
  return fmt::format("{} at {}:{}", F.Name, F.File, F.FirstLine);
}

/// Byte columns: base, new, change and (WithRatio) ratio, as the time
/// columns; a side the line or function is not on has a blank cell, and
/// Blank leaves them all empty.
void printByteCells(raw_ostream &OS, uint64_t Before, uint64_t After,
                    ByteStyle Style, bool WithRatio, bool Blank,
                    bool HasBase = true, bool HasNew = true) {
  if (Blank) {
    OS << fmt::format("{:>11}{:>11}{:>11}", "", "", "")
       << (WithRatio ? fmt::format("{:>7}", "") : "");
    return;
  }
  OS << fmt::format("{:>11}{:>11}", HasBase ? formatBytes(Before, Style) : "",
                    HasNew ? formatBytes(After, Style) : "");
  std::string Change =
      fmt::format("{:>11}", formatByteChange(After, Before, Style));
  if (WithRatio)
    Change += fmt::format("{:>7}", ratio(double(Before), double(After),
                                         HasBase, HasNew));
  printChange(OS, double(Before), double(After), Change);
}

/// The memory comparison's line table: allocations, bytes allocated, net
/// and retained, base and new side by side.
void printMemoryLineRow(raw_ostream &OS, const LineDiff &L, ByteStyle Style) {
  OS << fmt::format("{:>6}{:>6}  ", optionalLine(L.BaseLine),
                    optionalLine(L.NewLine));
  bool Blank = !L.usedMemory();
  auto Side = [&](bool On, const std::string &Text) {
    return On && !Blank ? Text : std::string();
  };
  bool HasBase = L.BaseLine.has_value(), HasNew = L.NewLine.has_value();
  const LineMemory &B = L.BaseMemory, &N = L.NewMemory;
  OS << fmt::format("{:>9}{:>9}  ", Side(HasBase, std::to_string(B.Allocs)),
                    Side(HasNew, std::to_string(N.Allocs)));
  printByteCells(OS, B.AllocBytes, N.AllocBytes, Style, true, Blank, HasBase,
                 HasNew);
  OS << fmt::format(
      "  {:>11}{:>11}  ",
      Side(HasBase, formatByteChange(B.AllocBytes, B.FreedBytes, Style)),
      Side(HasNew, formatByteChange(N.AllocBytes, N.FreedBytes, Style)));
  printByteCells(OS, B.RetainedBytes, N.RetainedBytes, Style, false, Blank,
                 HasBase, HasNew);
  OS << "  " << L.Source << '\n';
}

void printMemoryFunctionBlock(raw_ostream &OS, const FunctionDiff &D,
                              ByteStyle Style) {
  const FunctionProfile &F = D.function();
  auto Arrow = [&](uint64_t Before, uint64_t After) {
    return formatBytes(Before, Style) + " -> " + formatBytes(After, Style);
  };
  OS << "Allocated: " << Arrow(D.BaseMemory.AllocBytes, D.NewMemory.AllocBytes)
     << ", retained: "
     << Arrow(D.BaseMemory.RetainedBytes, D.NewMemory.RetainedBytes)
     << ", peak: " << Arrow(D.BasePeak, D.NewPeak);
  if (!D.New)
    OS << " (only in the base profile)";
  else if (!D.Base)
    OS << " (only in the new profile)";
  OS << "\nFile: " << F.File << "\nFunction: " << F.Name << " at line "
     << F.FirstLine;
  if (D.Base && D.New && D.Base->FirstLine != D.New->FirstLine)
    OS << " (line " << D.Base->FirstLine << " in the base profile)";
  OS << "\nCalls: " << callsText(D.Base) << " -> " << callsText(D.New)
     << "\n\n";
  groupHeader(OS, fmt::format("{:^12}  {:^18}  {:^40}  {:^22}  {:^33}",
                              "Line #", "Allocs", "Allocated", "Net",
                              "Retained"));
  std::string Header = fmt::format(
      "{:>6}{:>6}  {:>9}{:>9}  {:>11}{:>11}{:>11}{:>7}  {:>11}{:>11}  "
      "{:>11}{:>11}{:>11}  {}",
      "Base", "New", "Base", "New", "Base", "New", "Change", "Ratio", "Base",
      "New", "Base", "New", "Change", "Line Contents");
  OS << Header << '\n';
  printRule(OS, Header.size());
  for (const LineDiff &L : D.Lines)
    printMemoryLineRow(OS, L, Style);
  OS << '\n';
}

/// The "File:Line (function)" cells of a "Biggest changes" table, and the
/// column's width (at least that of its heading).
std::pair<std::vector<std::string>, size_t> whereCells(
    ArrayRef<std::pair<const FunctionDiff *, const LineDiff *>> Lines) {
  size_t Width = 9;
  std::vector<std::string> Where;
  for (auto [F, L] : Lines) {
    uint64_t Line = L->NewLine ? *L->NewLine : *L->BaseLine;
    Where.push_back(fmt::format("{}:{} ({})", F->function().File, Line,
                                F->function().Name));
    Width = std::max(Width, Where.back().size());
  }
  return {std::move(Where), Width};
}

/// How much a line's or function's memory changed, to rank by: the bytes
/// allocated, then those retained.
std::pair<uint64_t, uint64_t> memoryChange(const LineMemory &Before,
                                           const LineMemory &After) {
  auto Distance = [](uint64_t A, uint64_t B) { return A > B ? A - B : B - A; };
  return {Distance(Before.AllocBytes, After.AllocBytes),
          Distance(Before.RetainedBytes, After.RetainedBytes)};
}

void printMemoryDiffText(raw_ostream &OS, const ProfileDiff &D,
                         const DiffTextOptions &Opts) {
  ByteStyle Style = *Opts.Memory;
  OS << byteUnitNote(Style) << "\n\n";
  OS << "Base: " << Opts.BaseName << "\nNew:  " << Opts.NewName << '\n';
  auto Arrow = [&](StringRef Name, uint64_t Before, uint64_t After) {
    OS << Name << formatBytes(Before, Style) << " -> "
       << formatBytes(After, Style) << '\n';
  };
  Arrow("Allocated: ", D.BaseRun.AllocBytes, D.NewRun.AllocBytes);
  Arrow("Live at exit: ", D.BaseRun.LiveBytes, D.NewRun.LiveBytes);
  Arrow("Peak live: ", D.BaseRun.PeakLiveBytes, D.NewRun.PeakLiveBytes);
  OS << '\n';

  std::vector<std::pair<const FunctionDiff *, const LineDiff *>> Lines;
  for (const FunctionDiff &F : D.Functions)
    for (const LineDiff &L : F.Lines)
      if (memoryChange(L.BaseMemory, L.NewMemory) != std::pair<uint64_t, uint64_t>())
        Lines.emplace_back(&F, &L);
  std::stable_sort(Lines.begin(), Lines.end(), [](auto &A, auto &B) {
    return memoryChange(A.second->BaseMemory, A.second->NewMemory) >
           memoryChange(B.second->BaseMemory, B.second->NewMemory);
  });
  if (Lines.size() > Opts.TopChanges)
    Lines.resize(Opts.TopChanges);
  if (!Lines.empty()) {
    auto [Where, WhereWidth] = whereCells(Lines);
    OS << "Biggest changes\n\n";
    groupHeader(OS, fmt::format("{:^40}  {:^33}", "Allocated", "Retained"));
    std::string Header = fmt::format(
        "{:>11}{:>11}{:>11}{:>7}  {:>11}{:>11}{:>11}  {:<{}}  {}", "Base",
        "New", "Change", "Ratio", "Base", "New", "Change", "File:Line",
        WhereWidth, "Line Contents");
    OS << Header << '\n';
    printRule(OS, Header.size());
    for (size_t I = 0, E = Lines.size(); I != E; ++I) {
      const LineDiff &L = *Lines[I].second;
      bool HasBase = L.BaseLine.has_value(), HasNew = L.NewLine.has_value();
      printByteCells(OS, L.BaseMemory.AllocBytes, L.NewMemory.AllocBytes,
                     Style, true, false, HasBase, HasNew);
      OS << "  ";
      printByteCells(OS, L.BaseMemory.RetainedBytes, L.NewMemory.RetainedBytes,
                     Style, false, false, HasBase, HasNew);
      OS << fmt::format("  {:<{}}  ", Where[I], WhereWidth) << L.Source.trim()
         << '\n';
    }
    OS << '\n';
  }

  std::vector<const FunctionDiff *> Functions;
  for (const FunctionDiff &F : D.Functions)
    if (!Opts.SkipZero || !F.BaseMemory.empty() || !F.NewMemory.empty())
      Functions.push_back(&F);
  std::stable_sort(Functions.begin(), Functions.end(),
                   [](const FunctionDiff *A, const FunctionDiff *B) {
                     return memoryChange(A->BaseMemory, A->NewMemory) >
                            memoryChange(B->BaseMemory, B->NewMemory);
                   });
  OS << "Functions\n\n";
  groupHeader(OS, fmt::format("{:^40}  {:^33}  {:^22}", "Allocated",
                              "Retained", "Peak"));
  std::string Header = fmt::format(
      "{:>11}{:>11}{:>11}{:>7}  {:>11}{:>11}{:>11}  {:>11}{:>11}  {}", "Base",
      "New", "Change", "Ratio", "Base", "New", "Change", "Base", "New",
      "Function");
  OS << Header << '\n';
  printRule(OS, Header.size());
  for (const FunctionDiff *F : Functions) {
    bool HasBase = F->Base != nullptr, HasNew = F->New != nullptr;
    printByteCells(OS, F->BaseMemory.AllocBytes, F->NewMemory.AllocBytes,
                   Style, true, false, HasBase, HasNew);
    OS << "  ";
    printByteCells(OS, F->BaseMemory.RetainedBytes, F->NewMemory.RetainedBytes,
                   Style, false, false, HasBase, HasNew);
    OS << fmt::format("  {:>11}{:>11}  ",
                      HasBase ? formatBytes(F->BasePeak, Style) : "",
                      HasNew ? formatBytes(F->NewPeak, Style) : "")
       << describe(F->function()) << '\n';
  }
  OS << '\n';
  for (const FunctionDiff *F : Functions)
    printMemoryFunctionBlock(OS, *F, Style);
}

} // namespace

Alignment alignLines(ArrayRef<std::string> A, ArrayRef<std::string> B) {
  std::vector<StringRef> KeysA, KeysB;
  for (const std::string &S : A)
    KeysA.push_back(StringRef(S).trim());
  for (const std::string &S : B)
    KeysB.push_back(StringRef(S).trim());
  size_t N = A.size(), M = B.size();
  // Common ends first: an unchanged function costs no table at all.
  size_t Prefix = 0;
  while (Prefix < N && Prefix < M && KeysA[Prefix] == KeysB[Prefix])
    ++Prefix;
  size_t Suffix = 0;
  while (Suffix < N - Prefix && Suffix < M - Prefix &&
         KeysA[N - 1 - Suffix] == KeysB[M - 1 - Suffix])
    ++Suffix;

  Alignment Out;
  Out.reserve(std::max(N, M));
  for (size_t I = 0; I != Prefix; ++I)
    Out.emplace_back(I, I);
  ArrayRef<StringRef> MidA = ArrayRef(KeysA).slice(Prefix, N - Prefix - Suffix);
  ArrayRef<StringRef> MidB = ArrayRef(KeysB).slice(Prefix, M - Prefix - Suffix);
  if (!MidA.empty() || !MidB.empty()) {
    if ((MidA.size() + 1) * (MidB.size() + 1) <= MaxLcsCells)
      alignByLcs(MidA, MidB, Prefix, Prefix, Out);
    else
      alignGreedily(MidA, MidB, Prefix, Prefix, Out);
  }
  for (size_t K = Suffix; K-- > 0;)
    Out.emplace_back(N - 1 - K, M - 1 - K);
  return Out;
}

ProfileDiff diffProfiles(const Profile &Base, const Profile &New) {
  ProfileDiff D;
  D.Base = &Base;
  D.New = &New;
  D.BaseSeconds = Base.totalSeconds();
  D.NewSeconds = New.totalSeconds();
  D.HasMemory = Base.hasMemory() && New.hasMemory();
  if (D.HasMemory) {
    D.BaseRun = Base.runMemory();
    D.NewRun = New.runMemory();
  }

  FunctionPairs Pairs;
  std::vector<const FunctionProfile *> BaseLeft, NewLeft;
  for (const auto &[Key, F] : New.functions()) {
    auto It = Base.functions().find(Key);
    if (It != Base.functions().end())
      Pairs.emplace_back(&It->second, &F);
    else
      NewLeft.push_back(&F);
  }
  for (const auto &[Key, F] : Base.functions())
    if (!New.functions().count(Key))
      BaseLeft.push_back(&F);
  // A function whose first line moved (code added above it) is the same
  // function; so is one whose checkout moved to another directory.
  pairBy(BaseLeft, NewLeft,
         [](const FunctionProfile &F) { return std::make_pair(F.File, F.Name); },
         Pairs);
  pairBy(BaseLeft, NewLeft,
         [](const FunctionProfile &F) {
           return std::make_pair(sys::path::filename(F.File).str(), F.Name);
         },
         Pairs);
  for (const FunctionProfile *B : BaseLeft)
    Pairs.emplace_back(B, nullptr);
  for (const FunctionProfile *N : NewLeft)
    Pairs.emplace_back(nullptr, N);

  bool BaseTimed = hasTimes(Base), NewTimed = hasTimes(New);
  D.HasTimes = BaseTimed || NewTimed;
  for (auto [B, N] : Pairs)
    D.Functions.push_back(diffFunction(B, BaseTimed, N, NewTimed));
  // When some function compares measured times, the totals follow each
  // function's choice (else they are the profiles' own, summed as shown).
  if (any_of(D.Functions, [](const FunctionDiff &F) { return F.RawTimes; })) {
    D.BaseSeconds = D.NewSeconds = 0;
    for (const FunctionDiff &F : D.Functions) {
      D.BaseSeconds += F.BaseSeconds;
      D.NewSeconds += F.NewSeconds;
    }
  }
  std::stable_sort(D.Functions.begin(), D.Functions.end(),
                   [](const FunctionDiff &X, const FunctionDiff &Y) {
                     const FunctionProfile &A = X.function();
                     const FunctionProfile &B = Y.function();
                     return std::tie(A.File, A.FirstLine, A.Name) <
                            std::tie(B.File, B.FirstLine, B.Name);
                   });
  return D;
}

std::vector<const FunctionDiff *> functionsByChange(const ProfileDiff &D,
                                                    bool SkipZero, Metric K) {
  bool Hits = K == Metric::Hits;
  std::vector<const FunctionDiff *> Result;
  for (const FunctionDiff &F : D.Functions)
    if (F.Kind == K &&
        (!SkipZero || (Hits ? F.BaseHits != 0 || F.NewHits != 0
                            : F.BaseSeconds != 0 || F.NewSeconds != 0)))
      Result.push_back(&F);
  std::stable_sort(Result.begin(), Result.end(),
                   [Hits](const FunctionDiff *A, const FunctionDiff *B) {
                     return Hits ? std::fabs(A->hitsChange()) >
                                       std::fabs(B->hitsChange())
                                 : std::fabs(A->change()) >
                                       std::fabs(B->change());
                   });
  return Result;
}

std::vector<std::pair<const FunctionDiff *, const LineDiff *>>
biggestLineChanges(const ProfileDiff &D, size_t N, Metric K) {
  bool Hits = K == Metric::Hits;
  auto Change = [Hits](const LineDiff &L) {
    return Hits ? std::fabs(double(L.NewHits) - double(L.BaseHits))
                : std::fabs(L.change());
  };
  std::vector<std::pair<const FunctionDiff *, const LineDiff *>> Result;
  for (const FunctionDiff &F : D.Functions)
    if (F.Kind == K)
      for (const LineDiff &L : F.Lines)
        if (Change(L) != 0)
          Result.emplace_back(&F, &L);
  std::stable_sort(Result.begin(), Result.end(), [&](auto &A, auto &B) {
    return Change(*A.second) > Change(*B.second);
  });
  if (Result.size() > N)
    Result.resize(N);
  return Result;
}

void printDiffText(raw_ostream &OS, const ProfileDiff &D,
                   const DiffTextOptions &Opts) {
  if (Opts.Memory) {
    printMemoryDiffText(OS, D, Opts);
    return;
  }
  double Unit = Opts.OutputUnit;
  DiffWidths W(D, Unit);
  bool AnyNet = any_of(D.Functions, [](const FunctionDiff &F) {
    return !F.RawTimes && F.function().Compensated && F.Kind == Metric::Time;
  });
  printTimerUnit(OS, Unit, AnyNet, D.HasTimes);
  OS << "Base: " << Opts.BaseName << "\nNew:  " << Opts.NewName << '\n';
  std::vector<const FunctionDiff *> Timed =
      functionsByChange(D, Opts.SkipZero, Metric::Time);
  std::vector<const FunctionDiff *> Counted =
      functionsByChange(D, Opts.SkipZero, Metric::Hits);
  bool AnyCounted = any_of(D.Functions, [](const FunctionDiff &F) {
    return F.Kind == Metric::Hits;
  });
  if (D.HasTimes) {
    OS << "Total time: " << general(D.BaseSeconds) << " s -> "
       << general(D.NewSeconds) << " s";
    if (D.BaseSeconds > 0)
      OS << " (" << fmt::format("{:+.1f}", percentOf(D.change(), D.BaseSeconds))
         << "%)";
    OS << '\n';
  }
  uint64_t BaseHits = 0, NewHits = 0;
  for (const FunctionDiff &F : D.Functions)
    if (F.Kind == Metric::Hits) {
      BaseHits += F.BaseHits;
      NewHits += F.NewHits;
    }
  if (AnyCounted) {
    OS << (D.HasTimes ? "Hits in count mode: " : "Total hits: ") << BaseHits
       << " -> " << NewHits;
    if (BaseHits > 0)
      OS << " ("
         << fmt::format("{:+.1f}", percentOf(double(NewHits) - double(BaseHits),
                                             double(BaseHits)))
         << "%)";
    OS << '\n';
  }
  OS << '\n';

  for (Metric K : {Metric::Time, Metric::Hits}) {
    bool Times = K == Metric::Time;
    auto Lines = biggestLineChanges(D, Opts.TopChanges, K);
    if (Lines.empty())
      continue;
    auto [Where, WhereWidth] = whereCells(Lines);
    OS << (Times ? "Biggest changes" : "Biggest changes in hits (count mode)")
       << "\n\n";
    std::string Groups, Header;
    if (Times) {
      Groups = fmt::format("{:^{}}  {:^{}}", "Time", W.timeGroup(), "Hits",
                           2 * W.Count);
      Header = groupHeads(W.Time) +
               fmt::format("  {:>{}}{:>{}}", "Base", W.Count, "New", W.Count);
    } else {
      Groups = fmt::format("{:^{}}", "Hits", W.countGroup());
      Header = groupHeads(W.Count);
    }
    groupHeader(OS, Groups);
    Header += fmt::format("  {:<{}}  {}", "File:Line", WhereWidth,
                          "Line Contents");
    OS << Header << '\n';
    printRule(OS, Header.size());
    for (size_t I = 0, E = Lines.size(); I != E; ++I) {
      const LineDiff &L = *Lines[I].second;
      bool HasBase = L.BaseLine.has_value(), HasNew = L.NewLine.has_value();
      if (Times) {
        printTimeCells(OS, W, L.BaseSeconds, L.NewSeconds, Unit, false,
                       HasBase, HasNew);
        OS << fmt::format("  {:>{}}{:>{}}",
                          HasBase ? std::to_string(L.BaseHits) : "", W.Count,
                          HasNew ? std::to_string(L.NewHits) : "", W.Count);
      } else {
        printCountCells(OS, W, L.BaseHits, L.NewHits, false, true, HasBase,
                        HasNew);
      }
      OS << fmt::format("  {:<{}}  ", Where[I], WhereWidth) << L.Source.trim()
         << '\n';
    }
    OS << '\n';
  }

  auto CallsCells = [&](const FunctionDiff *F) {
    bool BothCounted = F->Base && F->New && F->Base->Calls && F->New->Calls;
    return fmt::format("{:>{}}{:>{}}{:>{}}", callsText(F->Base), W.Count,
                       callsText(F->New), W.Count,
                       BothCounted
                           ? signedCount(*F->Base->Calls, *F->New->Calls)
                           : "-",
                       W.Count);
  };
  // One table of the functions with times, one of those with hits only.
  auto FunctionTable = [&](Metric K, StringRef Title,
                           ArrayRef<const FunctionDiff *> Functions) {
    bool Times = K == Metric::Time;
    OS << Title << "\n\n";
    groupHeader(OS, fmt::format("{:^{}}  {:^{}}", Times ? "Time" : "Hits",
                                Times ? W.timeGroup() : W.countGroup(),
                                "Calls", 3 * W.Count));
    std::string Header = groupHeads(Times ? W.Time : W.Count) +
                         fmt::format("  {:>{}}{:>{}}{:>{}}  {}", "Base",
                                     W.Count, "New", W.Count, "Change",
                                     W.Count, "Function");
    OS << Header << '\n';
    printRule(OS, Header.size());
    for (const FunctionDiff *F : Functions) {
      bool HasBase = F->Base != nullptr, HasNew = F->New != nullptr;
      if (Times)
        printTimeCells(OS, W, F->BaseSeconds, F->NewSeconds, Unit, false,
                       HasBase, HasNew);
      else
        printCountCells(OS, W, F->BaseHits, F->NewHits, false, true, HasBase,
                        HasNew);
      OS << "  " << CallsCells(F) << "  " << describe(F->function()) << '\n';
    }
    OS << '\n';
  };
  if (D.HasTimes)
    FunctionTable(Metric::Time, "Functions", Timed);
  if (AnyCounted)
    FunctionTable(Metric::Hits,
                  D.HasTimes ? "Functions in count mode (hits only)"
                             : "Functions",
                  Counted);

  for (const auto *Group : {&Timed, &Counted})
    for (const FunctionDiff *F : *Group)
      printFunctionBlock(OS, W, *F, Unit);
}

} // namespace lineprof
