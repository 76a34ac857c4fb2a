//===- MemoryReport.cpp - Memory per line as text -------------------------===//

#include "MemoryReport.h"
#include "Summary.h"
#include "TextReport.h"
#include "TextViews.h"

#include "llvm/ADT/ArrayRef.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

using namespace llvm;

namespace lineprof {

namespace {

/// The byte columns' least width: every binary-unit figure fits ("+10239
/// KiB"); exact counts widen them to their widest cell.
constexpr size_t BytesWidth = 10;

/// "1 allocation", "10 allocations".
std::string counted(uint64_t N, StringRef Noun) {
  return fmt::format("{} {}{}", N, std::string_view(Noun), N == 1 ? "" : "s");
}

} // namespace

MemoryCells memoryCells(const FunctionProfile &F, size_t I, ByteStyle Style) {
  MemoryCells Row;
  if (F.Lines[I].Hits != 0)
    Row[0] = std::to_string(F.Lines[I].Hits);
  if (I >= F.Memory.size() || F.Memory[I].empty())
    return Row;
  const LineMemory &M = F.Memory[I];
  Row[1] = std::to_string(M.Allocs);
  Row[2] = formatBytes(M.AllocBytes, Style);
  Row[3] = formatBytes(M.FreedBytes, Style);
  Row[4] = formatByteChange(M.AllocBytes, M.FreedBytes, Style);
  Row[5] = formatBytes(M.RetainedBytes, Style);
  return Row;
}

void printMemoryUnit(raw_ostream &OS, ByteStyle Style) {
  OS << byteUnitNote(Style) << "\n\n";
}

/// Memory is charged to timing-mode lines only (docs/lprof-format.md):
/// says so when functions that ran were built in count or sample mode,
/// whose lines then show nothing of what they allocate.
static void printUntimedNote(raw_ostream &OS, const Profile &P) {
  uint64_t Untimed = 0;
  for (const auto &Entry : P.functions()) {
    const FunctionProfile &F = Entry.second;
    if (F.Calls.value_or(0) > 0 && F.Modes != 0 &&
        !(F.Modes & (ModeTiming | ModeRegion)))
      ++Untimed;
  }
  if (Untimed == 0)
    return;
  OS << "Note: " << counted(Untimed, "function")
     << " ran in count or sample mode, whose lines are charged nothing:\n"
        "memory goes to the timing-mode line that called them, or is "
        "unattributed.\n\n";
}

void printMemoryFunction(raw_ostream &OS, const FunctionProfile &F,
                         ByteStyle Style) {
  LineMemory Total = F.totalMemory();
  OS << "Allocated: " << formatBytes(Total.AllocBytes, Style) << " in "
     << counted(Total.Allocs, "allocation")
     << ", freed: " << formatBytes(Total.FreedBytes, Style) << " in "
     << counted(Total.Frees, "free") << ", net: "
     << formatByteChange(Total.AllocBytes, Total.FreedBytes, Style) << '\n';
  OS << "Retained: " << formatBytes(Total.RetainedBytes, Style) << " in "
     << counted(Total.RetainedBlocks, "block")
     << ", peak: " << formatBytes(F.PeakBytes, Style)
     << " above the heap at entry\n";
  printFunctionHeading(OS, F);

  std::vector<MemoryCells> Rows;
  Rows.reserve(F.Lines.size());
  size_t Width = BytesWidth;
  for (size_t I = 0, E = F.Lines.size(); I != E; ++I) {
    Rows.push_back(memoryCells(F, I, Style));
    for (size_t C = 2; C != 6; ++C)
      Width = std::max(Width, Rows.back()[C].size());
  }
  auto Cells = [Width](ArrayRef<std::string> R) {
    return fmt::format("{:>9} {:>9} {:>{}} {:>{}} {:>{}} {:>{}}", R[0], R[1],
                       R[2], Width, R[3], Width, R[4], Width, R[5], Width);
  };
  printTableHeader(OS, fmt::format("{:>6} ", "Line #") +
                           Cells({"Hits", "Allocs", "Allocated", "Freed",
                                  "Net", "Retained"}) +
                           "  Line Contents");
  for (size_t I = 0, E = Rows.size(); I != E; ++I)
    OS << fmt::format("{:>6} ", uint64_t(F.FirstLine) + I) << Cells(Rows[I])
       << "  " << StringRef(F.SourceLines[I]).rtrim('\r') << '\n';
  OS << '\n';
}

void printMemoryText(raw_ostream &OS, const Profile &P,
                     const MemoryTextOptions &Opts) {
  printMemoryUnit(OS, Opts.Style);
  printUntimedNote(OS, P);
  std::vector<const FunctionProfile *> Order =
      tableOrder(P, Opts.SortBySize, Opts.SkipZero, Measure::Memory);
  for (const FunctionProfile *F : Order)
    printMemoryFunction(OS, *F, Opts.Style);
  if (!Opts.Summarize)
    return;
  // -m's line, "  0.65 seconds - file:line - name", in bytes allocated.
  for (const FunctionProfile *F : Order)
    OS << fmt::format("{:>10} allocated - {}:{} - {}\n",
                      formatBytes(F->totalMemory().AllocBytes, Opts.Style),
                      F->File, F->FirstLine, F->Name);
}

namespace {

/// One ranking of --alloc-top: the lines, their bytes and blocks, the
/// average block and the share of Total.
void printRanking(raw_ostream &OS, ArrayRef<MemoryLine> Lines,
                  StringRef BytesHead, StringRef CountHead, StringRef ShareHead,
                  uint64_t Total, ByteStyle Style) {
  size_t Width = BytesWidth, WhereWidth = 9, FunctionWidth = 8;
  std::vector<std::array<std::string, 3>> Cells;
  for (const MemoryLine &L : Lines) {
    Cells.push_back({formatBytes(L.Bytes, Style),
                     formatAverageBytes(L.Bytes, L.Count, Style),
                     fmt::format("{}:{}", L.F->File, L.lineNumber())});
    Width = std::max({Width, Cells.back()[0].size(), Cells.back()[1].size()});
    WhereWidth = std::max(WhereWidth, Cells.back()[2].size());
    FunctionWidth = std::max(FunctionWidth, L.F->Name.size());
  }
  printTableHeader(
      OS, fmt::format("{:>{}} {:>9} {:>{}} {:>8}  {:<{}}  {:<{}}  {}",
                      BytesHead, Width, CountHead, "Average", Width, ShareHead,
                      "File:Line", WhereWidth, "Function", FunctionWidth,
                      "Line Contents"));
  for (size_t I = 0, E = Lines.size(); I != E; ++I) {
    const MemoryLine &L = Lines[I];
    std::string Share =
        Total == 0 ? "" : fixed1(100 * double(L.Bytes) / double(Total));
    OS << fmt::format("{:>{}} {:>9} {:>{}} {:>8}  {:<{}}  {:<{}}  ",
                      Cells[I][0], Width, L.Count, Cells[I][1], Width, Share,
                      Cells[I][2], WhereWidth, L.F->Name, FunctionWidth)
       << trimmedSource(*L.F, L.Index) << '\n';
  }
  OS << '\n';
}

} // namespace

void printAllocTop(raw_ostream &OS, const Profile &P, size_t N,
                   ByteStyle Style) {
  RunMemory Run = P.runMemory();
  size_t Inputs = P.inputs().size();
  OS << (Inputs == 1 ? std::string("Heap of the run\n")
                     : fmt::format("Heap of the {} runs (summed; peak: the "
                                   "largest)\n",
                                   Inputs));
  auto Fact = [&](StringRef Name, const std::string &Text) {
    OS << fmt::format("  {:<17}{}\n", std::string_view(Name), Text);
  };
  Fact("Allocated:", formatBytes(Run.AllocBytes, Style) + " in " +
                         counted(Run.Allocs, "allocation"));
  Fact("Freed:", formatBytes(Run.FreedBytes, Style) + " in " +
                     counted(Run.Frees, "free"));
  Fact("Live at exit:", formatBytes(Run.LiveBytes, Style));
  Fact("Peak live:", formatBytes(Run.PeakLiveBytes, Style));
  Fact("Unattributed:", formatBytes(Run.UnattributedBytes, Style) + " in " +
                            counted(Run.UnattributedAllocs, "allocation") +
                            " made outside any profiled line");
  Fact("Untracked frees:", std::to_string(Run.UntrackedFrees) +
                               " (blocks allocated before memory "
                               "profiling started)");
  OS << '\n';
  printUntimedNote(OS, P);

  OS << "Most bytes allocated (by the line itself and the unprofiled code it "
        "calls)\n\n";
  printRanking(OS, topAllocatingLines(P, N), "Allocated", "Allocs", "% Total",
               Run.AllocBytes, Style);
  OS << "Most bytes retained (allocated on the line, live at exit)\n\n";
  printRanking(OS, topRetainingLines(P, N), "Retained", "Blocks", "% Live",
               Run.LiveBytes, Style);
}

} // namespace lineprof
