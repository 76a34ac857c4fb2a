//===- TextReport.cpp - line_profiler's text table ------------------------===//
//
// Every format below mirrors a Python %-format in line_profiler's show_func;
// the arithmetic is done in the same order so that rounding matches too.
//
//===----------------------------------------------------------------------===//

#include "TextReport.h"
#include "Heat.h"
#include "Summary.h"
#include "TimeUnit.h"

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

/// The widths of a function table's number columns: line_profiler's
/// ('%6s %9s %12s %8s %8s'), or wider where a number needs it, so that a
/// fine unit or a long run widens a column instead of running into the
/// next.
struct ColumnWidths {
  size_t Line = 6, Hits = 9, Time = 12, PerHit = 8, Percent = 8;

  /// The row of a line without hits: the number columns empty.
  size_t blank() const { return Hits + 1 + Time + 1 + PerHit + 1 + Percent; }
};

size_t digits(uint64_t N) {
  size_t Count = 1;
  for (; N >= 10; N /= 10)
    ++Count;
  return Count;
}

/// The widths F's rows need, times scaled by Scalar.
ColumnWidths widthsFor(const FunctionProfile &F, double Scalar, Metric K) {
  ColumnWidths W;
  W.Line = std::max(W.Line, digits(uint64_t(F.FirstLine) + F.Lines.size()));
  uint64_t MaxHits = 0;
  double MaxTime = 0, MinTime = 0, MaxPerHit = 0, MinPerHit = 0;
  for (const LineStats &L : F.Lines) {
    if (L.Hits == 0)
      continue;
    MaxHits = std::max(MaxHits, L.Hits);
    MaxTime = std::max(MaxTime, L.Time);
    MinTime = std::min(MinTime, L.Time);
    MaxPerHit = std::max(MaxPerHit, L.Time / double(L.Hits));
    MinPerHit = std::min(MinPerHit, L.Time / double(L.Hits));
  }
  W.Hits = std::max(W.Hits, digits(MaxHits));
  if (K == Metric::Hits)
    return W;
  // '~' before an estimate takes a column.
  size_t Mark = F.sampled() ? 1 : 0;
  for (double T : {MaxTime, MinTime})
    W.Time = std::max(W.Time, fixed1(T * Scalar).size() + Mark);
  for (double T : {MaxPerHit, MinPerHit})
    W.PerHit = std::max(W.PerHit, fixed1(T * Scalar).size());
  return W;
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

const char *const ForcedInlineNote =
    "forced inline (calls and hits only: times are not measured for "
    "forced-inline functions, whose every inlined copy would carry timing "
    "code; their time is in the calling lines)";

const char *const HitsOnlyNote =
    "Hits only: the profiled functions were built in count mode (no times)";

void printTimerUnit(raw_ostream &OS, double OutputUnit, bool Compensated,
                    bool HasTimes) {
  if (!HasTimes)
    OS << HitsOnlyNote << '\n';
  else
    OS << "Timer unit: " << general(OutputUnit) << " s\n";
  if (HasTimes && Compensated)
    OS << CompensatedNote << '\n';
  OS << '\n';
}

std::string modeNote(const FunctionProfile &F) {
  // A region is always timed; the runtime may set the timing bit with it.
  uint32_t Modes = F.isRegion() ? F.Modes & ~uint32_t(ModeTiming) : F.Modes;
  if (Modes == (ModeCount | ModeForcedInline))
    return ForcedInlineNote;
  Modes &= ~uint32_t(ModeForcedInline);
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
                   double OutputUnit, Metric K) {
  double Total = F.totalTime();
  // line_profiler: scalar = unit / output_unit, with times in timer units.
  double Scalar = F.TimeUnit / OutputUnit;
  ColumnWidths W = widthsFor(F, Scalar, K);

  // Count mode has hits only: the table shows them and their share.
  bool Hits = K == Metric::Hits;
  uint64_t HitsTotal = totalHits(F);
  if (Hits)
    OS << "Total hits: " << HitsTotal << '\n';
  else
    OS << "Total time: " << general(Total * F.TimeUnit) << " s\n";
  printFunctionHeading(OS, F);

  std::string Header =
      Hits ? fmt::format("{:>{}} {:>{}} {:>{}}  {}", "Line #", W.Line, "Hits",
                         W.Hits, "% Hits", W.Percent, "Line Contents")
           : fmt::format("{:>{}} {:>{}} {:>{}} {:>{}} {:>{}}  {}", "Line #",
                         W.Line, "Hits", W.Hits, "Time", W.Time, "Per Hit",
                         W.PerHit, "% Time", W.Percent, "Line Contents");
  OS << Header << '\n';
  OS << std::string(Header.size(), '=') << '\n';

  size_t Blank = Hits ? W.Hits + 1 + W.Percent : W.blank();
  SmallString<64> Numbers, Times;
  for (size_t I = 0, E = F.Lines.size(); I != E; ++I) {
    uint64_t LineNo = uint64_t(F.FirstLine) + I;
    // Python's line.rstrip('\n').rstrip('\r'); the snapshot has no '\n'.
    StringRef Contents = StringRef(F.SourceLines[I]).rtrim('\r');
    const LineStats &L = F.Lines[I];
    Numbers.clear();
    appendUnsigned(Numbers, LineNo, W.Line);
    Numbers.push_back(' ');
    // line_profiler has no timing entry for a line that never ran.
    if (L.Hits == 0) {
      Numbers.append(Blank + 2, ' ');
      OS << Numbers << Contents << '\n';
      continue;
    }
    appendUnsigned(Numbers, L.Hits, W.Hits);
    Numbers.push_back(' ');
    OS << Numbers;
    Times.clear();
    if (Hits) {
      double Percent = percentOf(double(L.Hits), double(HitsTotal));
      appendFixed1(Times, Percent, W.Percent);
      printHeat(OS, heatOf(Percent), Times);
      OS << "  " << Contents << '\n';
      continue;
    }
    if (F.estimated(I)) {
      // '~' before an estimated time keeps the columns' widths.
      SmallString<32> Number, Cell("~");
      appendFixed1(Number, L.Time * Scalar);
      Cell += StringRef(Number).ltrim(' ');
      appendRight(Times, Cell, W.Time);
    } else {
      appendFixed1(Times, L.Time * Scalar, W.Time);
    }
    Times.push_back(' ');
    appendFixed1(Times, L.Time * Scalar / double(L.Hits), W.PerHit);
    Times.push_back(' ');
    if (Total == 0)
      Times.append(W.Percent, ' ');
    else
      appendFixed1(Times, 100 * L.Time / Total, W.Percent);
    printHeat(OS, heatOf(percentOf(L.Time, Total)), Times);
    OS << "  " << Contents << '\n';
  }
  OS << '\n';
}

void printSummaryLines(raw_ostream &OS,
                       ArrayRef<const FunctionProfile *> Functions,
                       double OutputUnit, bool ProfileHasTimes) {
  // line_profiler 4.1: '%6.2f seconds - %s:%s - %s', in seconds whatever
  // the unit; here in the table's unit (or hits), the numbers aligned.
  std::string Unit = timeUnitName(OutputUnit);
  std::vector<std::pair<std::string, StringRef>> Amounts;
  size_t Width = 6;
  for (const FunctionProfile *F : Functions) {
    if (metricOf(*F, ProfileHasTimes) == Metric::Hits)
      Amounts.emplace_back(std::to_string(totalHits(*F)), "hits");
    else
      Amounts.emplace_back(
          StringRef(fixed1(F->totalSeconds() / OutputUnit)).ltrim().str(),
          Unit);
    Width = std::max(Width, Amounts.back().first.size());
  }
  for (size_t I = 0, E = Functions.size(); I != E; ++I)
    OS << fmt::format("{:>{}} {} - {}:{} - {}\n", Amounts[I].first, Width,
                      Amounts[I].second, Functions[I]->File,
                      Functions[I]->FirstLine, Functions[I]->Name);
}

void printText(raw_ostream &OS, const Profile &P, const TextOptions &Opts) {
  bool Timed = hasTimes(P);
  printTimerUnit(OS, Opts.OutputUnit, showsNetTimes(P), Timed);
  std::vector<const FunctionProfile *> Order =
      tableOrder(P, Opts.SortByTime, Opts.SkipZero);
  for (const FunctionProfile *F : Order)
    printFunction(OS, *F, Opts.OutputUnit, metricOf(*F, Timed));
  if (Opts.Summarize)
    printSummaryLines(OS, Order, Opts.OutputUnit, Timed);
}

} // namespace lineprof
