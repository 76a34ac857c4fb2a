//===- TextReport.cpp - line_profiler's text table ------------------------===//
//
// Every format below mirrors a Python %-format in line_profiler's show_func;
// the arithmetic is done in the same order so that rounding matches too.
//
//===----------------------------------------------------------------------===//

#include "TextReport.h"
#include "Heat.h"
#include "Summary.h"

#include <fmt/format.h>

#include <cmath>
#include <string_view>

using namespace llvm;

namespace lineprof {

namespace {

/// line_profiler's row template '%6s %9s %12s %8s %8s  %-s'; the three
/// time columns in the colour of H.
void printRow(raw_ostream &OS, std::string_view LineNo, std::string_view Hits,
              std::string_view Time, std::string_view PerHit,
              std::string_view Percent, StringRef Contents,
              Heat H = Heat::Cold) {
  OS << fmt::format("{:>6} {:>9} ", LineNo, Hits);
  printHeat(OS, H, fmt::format("{:>12} {:>8} {:>8}", Time, PerHit, Percent));
  OS << "  " << Contents << '\n';
}

} // namespace

// fmt left-aligns inf and nan unless told otherwise, and prints a NaN's
// sign, which Python drops.
std::string fixed1(double V) {
  return fmt::format("{:>5.1f}", std::isnan(V) ? std::fabs(V) : V);
}

std::string general(double V) {
  return fmt::format("{:g}", std::isnan(V) ? std::fabs(V) : V);
}

void printTimerUnit(raw_ostream &OS, double OutputUnit) {
  OS << "Timer unit: " << general(OutputUnit) << " s\n\n";
}

void printFunction(raw_ostream &OS, const FunctionProfile &F,
                   double OutputUnit) {
  double Total = F.totalTime();
  // line_profiler: scalar = unit / output_unit, with times in timer units.
  double Scalar = F.TimeUnit / OutputUnit;

  OS << "Total time: " << general(Total * F.TimeUnit) << " s\n";
  OS << "File: " << F.File << '\n';
  OS << "Function: " << F.Name << " at line " << F.FirstLine << '\n';
  OS << '\n';

  std::string Header = fmt::format("{:>6} {:>9} {:>12} {:>8} {:>8}  {}",
                                   "Line #", "Hits", "Time", "Per Hit",
                                   "% Time", "Line Contents");
  OS << Header << '\n';
  OS << std::string(Header.size(), '=') << '\n';

  for (size_t I = 0, E = F.Lines.size(); I != E; ++I) {
    std::string LineNo = std::to_string(uint64_t(F.FirstLine) + I);
    // Python's line.rstrip('\n').rstrip('\r'); the snapshot has no '\n'.
    StringRef Contents = StringRef(F.SourceLines[I]).rtrim('\r');
    const LineStats &L = F.Lines[I];
    // line_profiler has no timing entry for a line that never ran.
    if (L.Hits == 0) {
      printRow(OS, LineNo, "", "", "", "", Contents);
      continue;
    }
    std::string Percent = Total == 0 ? "" : fixed1(100 * L.Time / Total);
    printRow(OS, LineNo, std::to_string(L.Hits), fixed1(L.Time * Scalar),
             fixed1(L.Time * Scalar / double(L.Hits)), Percent, Contents,
             heatOf(percentOf(L.Time, Total)));
  }
  OS << '\n';
}

void printText(raw_ostream &OS, const Profile &P, const TextOptions &Opts) {
  printTimerUnit(OS, Opts.OutputUnit);
  std::vector<const FunctionProfile *> Order =
      tableOrder(P, Opts.SortByTime, Opts.SkipZero);
  for (const FunctionProfile *F : Order)
    printFunction(OS, *F, Opts.OutputUnit);
  if (!Opts.Summarize)
    return;
  // line_profiler: '%6.2f seconds - %s:%s - %s'.
  for (const FunctionProfile *F : Order)
    OS << fmt::format("{:6.2f} seconds - {}:{} - {}\n", F->totalSeconds(),
                      F->File, F->FirstLine, F->Name);
}

} // namespace lineprof
