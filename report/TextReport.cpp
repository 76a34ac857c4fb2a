//===- TextReport.cpp - line_profiler's text table ------------------------===//
//
// Every format below mirrors a Python %-format in line_profiler's show_func;
// the arithmetic is done in the same order so that rounding matches too.
//
//===----------------------------------------------------------------------===//

#include "TextReport.h"
#include "Heat.h"
#include "Summary.h"

#include "llvm/ADT/SmallString.h"

#include <fmt/format.h>

#include <cmath>
#include <iterator>

using namespace llvm;

namespace lineprof {

namespace {

/// Appends S right-aligned in Width columns, as '%<Width>s' does.
void appendRight(SmallVectorImpl<char> &Out, StringRef S, size_t Width) {
  if (S.size() < Width)
    Out.append(Width - S.size(), ' ');
  Out.append(S.begin(), S.end());
}

/// Python's '%5.1f' % V, the slow and exact way.
void appendFixed1Exact(SmallVectorImpl<char> &Out, double V) {
  // fmt left-aligns inf and nan unless told otherwise, and prints a NaN's
  // sign, which Python drops.
  fmt::format_to(std::back_inserter(Out), "{:>5.1f}",
                 std::isnan(V) ? std::fabs(V) : V);
}

/// Python's '%5.1f' % V. A table of a million lines prints three of these
/// per line, so the common case avoids fmt's exact (and slower) algorithm:
/// V * 10 is within an ulp or so of the exact product, so rounding it gives
/// the exact result unless the product lies right at a tie, which goes the
/// exact way.
void appendFixed1(SmallVectorImpl<char> &Out, double V) {
  constexpr double Limit = 1e14; // Far below 2^53 / 10.
  double Scaled = V * 10;
  if (!(V >= 0 && Scaled < Limit)) {
    appendFixed1Exact(Out, V);
    return;
  }
  double Floor = std::floor(Scaled);
  double Fraction = Scaled - Floor;
  if (std::fabs(Fraction - 0.5) <= Scaled * 1e-14 + 1e-300) {
    appendFixed1Exact(Out, V);
    return;
  }
  uint64_t Tenths = static_cast<uint64_t>(Floor) + (Fraction > 0.5 ? 1 : 0);
  char Digits[24];
  char *End = Digits + sizeof(Digits);
  char *P = End;
  *--P = char('0' + Tenths % 10);
  *--P = '.';
  uint64_t Whole = Tenths / 10;
  do {
    *--P = char('0' + Whole % 10);
    Whole /= 10;
  } while (Whole != 0);
  appendRight(Out, StringRef(P, End - P), 5);
}

void appendUnsigned(SmallVectorImpl<char> &Out, uint64_t N, size_t Width) {
  char Digits[24];
  char *End = Digits + sizeof(Digits);
  char *P = End;
  do {
    *--P = char('0' + N % 10);
    N /= 10;
  } while (N != 0);
  appendRight(Out, StringRef(P, End - P), Width);
}

/// Appends Fixed1 right-aligned in Width columns.
void appendFixed1(SmallVectorImpl<char> &Out, double V, size_t Width) {
  SmallString<32> Cell;
  appendFixed1(Cell, V);
  appendRight(Out, Cell, Width);
}

/// line_profiler's row template '%6s %9s %12s %8s %8s  %-s' for a line
/// without hits: every number column is empty.
void printEmptyRow(raw_ostream &OS, uint64_t LineNo, StringRef Contents) {
  SmallString<80> Row;
  appendUnsigned(Row, LineNo, 6);
  Row.append(1 + 9 + 1 + 12 + 1 + 8 + 1 + 8 + 2, ' ');
  OS << Row << Contents << '\n';
}

} // namespace

std::string fixed1(double V) {
  SmallString<32> Out;
  appendFixed1(Out, V);
  return std::string(Out);
}

std::string general(double V) {
  return fmt::format("{:g}", std::isnan(V) ? std::fabs(V) : V);
}

const char *const CompensatedNote =
    "Times are net of lineprof's own overhead (--raw: as measured)";

void printTimerUnit(raw_ostream &OS, double OutputUnit, bool Compensated) {
  OS << "Timer unit: " << general(OutputUnit) << " s\n";
  if (Compensated)
    OS << CompensatedNote << '\n';
  OS << '\n';
}

std::string modeNote(const FunctionProfile &F) {
  // A region is always timed; the runtime may set the timing bit with it.
  uint32_t Modes = F.isRegion() ? F.Modes & ~uint32_t(ModeTiming) : F.Modes;
  switch (Modes) {
  case 0:
  case ModeTiming:
    return "";
  case ModeCount:
    return "count (hits only, no times)";
  case ModeSample:
    return "sample (exact hits; ~ marks estimated times)";
  case ModeRegion:
    return "region (one entry per run, from begin to end)";
  }
  // Several bits: an inline function built in several modes.
  std::string Names;
  for (auto [Bit, Name] : {std::pair(ModeTiming, "timing"),
                           std::pair(ModeCount, "count"),
                           std::pair(ModeSample, "sample"),
                           std::pair(ModeRegion, "region")})
    if (Modes & Bit)
      Names += (Names.empty() ? "" : "+") + std::string(Name);
  return Names + " (compiled in several modes, figures summed" +
         (F.sampled() ? "; ~ marks estimated times)" : ")");
}

void printFunctionHeading(raw_ostream &OS, const FunctionProfile &F) {
  OS << "File: " << F.File << '\n';
  OS << "Function: " << F.Name << " at line " << F.FirstLine << '\n';
  if (std::string Note = modeNote(F); !Note.empty())
    OS << "Mode: " << Note << '\n';
  OS << '\n';
}

void printFunction(raw_ostream &OS, const FunctionProfile &F,
                   double OutputUnit) {
  double Total = F.totalTime();
  // line_profiler: scalar = unit / output_unit, with times in timer units.
  double Scalar = F.TimeUnit / OutputUnit;

  // Count mode has no times: say so rather than show zeros.
  bool NoTimes = F.countOnly();
  if (NoTimes)
    OS << "Total time: - (count mode: hits only)\n";
  else
    OS << "Total time: " << general(Total * F.TimeUnit) << " s\n";
  printFunctionHeading(OS, F);

  std::string Header = fmt::format("{:>6} {:>9} {:>12} {:>8} {:>8}  {}",
                                   "Line #", "Hits", "Time", "Per Hit",
                                   "% Time", "Line Contents");
  OS << Header << '\n';
  OS << std::string(Header.size(), '=') << '\n';

  SmallString<64> Numbers, Times;
  for (size_t I = 0, E = F.Lines.size(); I != E; ++I) {
    uint64_t LineNo = uint64_t(F.FirstLine) + I;
    // Python's line.rstrip('\n').rstrip('\r'); the snapshot has no '\n'.
    StringRef Contents = StringRef(F.SourceLines[I]).rtrim('\r');
    const LineStats &L = F.Lines[I];
    // line_profiler has no timing entry for a line that never ran.
    if (L.Hits == 0) {
      printEmptyRow(OS, LineNo, Contents);
      continue;
    }
    Numbers.clear();
    appendUnsigned(Numbers, LineNo, 6);
    Numbers.push_back(' ');
    appendUnsigned(Numbers, L.Hits, 9);
    Numbers.push_back(' ');
    if (NoTimes) {
      OS << Numbers;
      OS.indent(12 + 1 + 8 + 1 + 8) << "  " << Contents << '\n';
      continue;
    }
    Times.clear();
    if (F.estimated(I)) {
      // '~' before an estimated time keeps the columns' widths.
      SmallString<32> Number, Cell("~");
      appendFixed1(Number, L.Time * Scalar);
      Cell += StringRef(Number).ltrim(' ');
      appendRight(Times, Cell, 12);
    } else {
      appendFixed1(Times, L.Time * Scalar, 12);
    }
    Times.push_back(' ');
    appendFixed1(Times, L.Time * Scalar / double(L.Hits), 8);
    Times.push_back(' ');
    if (Total == 0)
      Times.append(8, ' ');
    else
      appendFixed1(Times, 100 * L.Time / Total, 8);
    OS << Numbers;
    printHeat(OS, heatOf(percentOf(L.Time, Total)), Times);
    OS << "  " << Contents << '\n';
  }
  OS << '\n';
}

void printText(raw_ostream &OS, const Profile &P, const TextOptions &Opts) {
  printTimerUnit(OS, Opts.OutputUnit, P.anyCompensated());
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
