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

FunctionDiff diffFunction(const FunctionProfile *Base,
                          const FunctionProfile *New) {
  FunctionDiff D;
  D.Base = Base;
  D.New = New;
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

/// Time columns: base, new, change, ratio. A side the line or function is
/// not on has a blank time; Blank leaves all four empty.
void printTimeCells(raw_ostream &OS, double Before, double After, double Unit,
                    bool Blank, bool HasBase = true, bool HasNew = true) {
  if (Blank) {
    OS << fmt::format("{:>11}{:>11}{:>11}{:>7}", "", "", "", "");
    return;
  }
  OS << fmt::format("{:>11}{:>11}", HasBase ? fixed1(Before / Unit) : "",
                    HasNew ? fixed1(After / Unit) : "");
  printChange(OS, Before, After,
              fmt::format("{:>11}{:>7}", signedFixed1((After - Before) / Unit),
                          ratio(Before, After, HasBase, HasNew)));
}

void printLineRow(raw_ostream &OS, const LineDiff &L, double Unit) {
  OS << fmt::format("{:>6}{:>6}  ", optionalLine(L.BaseLine),
                    optionalLine(L.NewLine));
  if (!L.ran()) {
    OS << fmt::format("{:>9}{:>9}{:>9}{:>7}  ", "", "", "", "");
  } else {
    auto Hits = [](std::optional<uint64_t> Line, uint64_t N) {
      return Line ? std::to_string(N) : std::string();
    };
    OS << fmt::format("{:>9}{:>9}{:>9}{:>7}  ", Hits(L.BaseLine, L.BaseHits),
                      Hits(L.NewLine, L.NewHits),
                      signedCount(L.BaseHits, L.NewHits),
                      ratio(double(L.BaseHits), double(L.NewHits),
                            L.BaseLine.has_value(), L.NewLine.has_value()));
  }
  printTimeCells(OS, L.BaseSeconds, L.NewSeconds, Unit, !L.ran(),
                 L.BaseLine.has_value(), L.NewLine.has_value());
  OS << "  " << L.Source << '\n';
}

/// The line above column heads that names their groups.
void groupHeader(raw_ostream &OS, StringRef Text) {
  OS << Text.rtrim() << '\n';
}

void printRule(raw_ostream &OS, size_t Width) {
  OS << std::string(Width, '=') << '\n';
}

void printFunctionBlock(raw_ostream &OS, const FunctionDiff &D, double Unit) {
  const FunctionProfile &F = D.function();
  OS << "Total time: " << general(D.BaseSeconds) << " s -> "
     << general(D.NewSeconds) << " s";
  if (!D.New)
    OS << " (only in the base profile)";
  else if (!D.Base)
    OS << " (only in the new profile)";
  OS << "\nFile: " << F.File << "\nFunction: " << F.Name << " at line "
     << F.FirstLine;
  if (D.Base && D.New && D.Base->FirstLine != D.New->FirstLine)
    OS << " (line " << D.Base->FirstLine << " in the base profile)";
  OS << "\nCalls: " << callsText(D.Base) << " -> " << callsText(D.New);
  if (D.RawTimes)
    OS << "\nTimes: as measured (only the "
       << (D.Base->Compensated ? "base" : "new")
       << " profile has net times)";
  OS << "\n\n";

  groupHeader(OS, fmt::format("{:^12}  {:^34}  {:^40}", "Line #", "Hits",
                              "Time"));
  std::string Header = fmt::format(
      "{:>6}{:>6}  {:>9}{:>9}{:>9}{:>7}  {:>11}{:>11}{:>11}{:>7}  {}", "Base",
      "New", "Base", "New", "Change", "Ratio", "Base", "New", "Change",
      "Ratio", "Line Contents");
  OS << Header << '\n';
  printRule(OS, Header.size());
  for (const LineDiff &L : D.Lines)
    printLineRow(OS, L, Unit);
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

  for (auto [B, N] : Pairs)
    D.Functions.push_back(diffFunction(B, N));
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
                                                    bool SkipZero) {
  std::vector<const FunctionDiff *> Result;
  for (const FunctionDiff &F : D.Functions)
    if (!SkipZero || F.BaseSeconds != 0 || F.NewSeconds != 0)
      Result.push_back(&F);
  std::stable_sort(Result.begin(), Result.end(),
                   [](const FunctionDiff *A, const FunctionDiff *B) {
                     return std::fabs(A->change()) > std::fabs(B->change());
                   });
  return Result;
}

std::vector<std::pair<const FunctionDiff *, const LineDiff *>>
biggestLineChanges(const ProfileDiff &D, size_t N) {
  std::vector<std::pair<const FunctionDiff *, const LineDiff *>> Result;
  for (const FunctionDiff &F : D.Functions)
    for (const LineDiff &L : F.Lines)
      if (L.change() != 0)
        Result.emplace_back(&F, &L);
  std::stable_sort(Result.begin(), Result.end(), [](auto &A, auto &B) {
    return std::fabs(A.second->change()) > std::fabs(B.second->change());
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
  bool AnyNet = any_of(D.Functions, [](const FunctionDiff &F) {
    return !F.RawTimes && F.function().Compensated;
  });
  printTimerUnit(OS, Unit, AnyNet);
  OS << "Base: " << Opts.BaseName << "\nNew:  " << Opts.NewName << '\n';
  OS << "Total time: " << general(D.BaseSeconds) << " s -> "
     << general(D.NewSeconds) << " s";
  if (D.BaseSeconds > 0)
    OS << " (" << fmt::format("{:+.1f}", percentOf(D.change(), D.BaseSeconds))
       << "%)";
  OS << "\n\n";

  auto Lines = biggestLineChanges(D, Opts.TopChanges);
  if (!Lines.empty()) {
    auto [Where, WhereWidth] = whereCells(Lines);
    OS << "Biggest changes\n\n";
    groupHeader(OS, fmt::format("{:^40}  {:^18}", "Time", "Hits"));
    std::string Header =
        fmt::format("{:>11}{:>11}{:>11}{:>7}  {:>9}{:>9}  {:<{}}  {}", "Base",
                    "New", "Change", "Ratio", "Base", "New", "File:Line",
                    WhereWidth, "Line Contents");
    OS << Header << '\n';
    printRule(OS, Header.size());
    for (size_t I = 0, E = Lines.size(); I != E; ++I) {
      const LineDiff &L = *Lines[I].second;
      printTimeCells(OS, L.BaseSeconds, L.NewSeconds, Unit, false,
                     L.BaseLine.has_value(), L.NewLine.has_value());
      OS << fmt::format("  {:>9}{:>9}  {:<{}}  ",
                        L.BaseLine ? std::to_string(L.BaseHits) : "",
                        L.NewLine ? std::to_string(L.NewHits) : "", Where[I],
                        WhereWidth)
         << L.Source.trim() << '\n';
    }
    OS << '\n';
  }

  std::vector<const FunctionDiff *> Functions =
      functionsByChange(D, Opts.SkipZero);
  OS << "Functions\n\n";
  groupHeader(OS, fmt::format("{:^40}  {:^27}", "Time", "Calls"));
  std::string Header = fmt::format(
      "{:>11}{:>11}{:>11}{:>7}  {:>9}{:>9}{:>9}  {}", "Base", "New", "Change",
      "Ratio", "Base", "New", "Change", "Function");
  OS << Header << '\n';
  printRule(OS, Header.size());
  for (const FunctionDiff *F : Functions) {
    printTimeCells(OS, F->BaseSeconds, F->NewSeconds, Unit, false,
                   F->Base != nullptr, F->New != nullptr);
    bool BothCounted = F->Base && F->New && F->Base->Calls && F->New->Calls;
    OS << fmt::format("  {:>9}{:>9}{:>9}  ", callsText(F->Base),
                      callsText(F->New),
                      BothCounted ? signedCount(*F->Base->Calls,
                                                *F->New->Calls)
                                  : "-")
       << describe(F->function()) << '\n';
  }
  OS << '\n';

  for (const FunctionDiff *F : Functions)
    printFunctionBlock(OS, *F, Unit);
}

} // namespace lineprof
