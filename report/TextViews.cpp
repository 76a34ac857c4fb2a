//===- TextViews.cpp - Function table, hottest lines and threads as text --===//

#include "TextViews.h"
#include "Heat.h"
#include "TextReport.h"

#include "llvm/ADT/STLExtras.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

using namespace llvm;

namespace lineprof {

/// "name at file:line", how every view names a function.
std::string describeFunction(const FunctionProfile &F) {
  // A region is not a function: say so wherever it is listed.
  return fmt::format("{}{} at {}:{}", F.Name, F.isRegion() ? " (region)" : "",
                     F.File, F.FirstLine);
}

void printTableHeader(raw_ostream &OS, const std::string &Header) {
  OS << Header << '\n' << std::string(Header.size(), '=') << '\n';
}

StringRef trimmedSource(const FunctionProfile &F, size_t Index) {
  return StringRef(F.SourceLines[Index]).trim(" \t\r\f\v");
}

namespace {

/// Seconds as the number of OutputUnit, as the line table prints times.
std::string inUnit(double Seconds, double OutputUnit) {
  return fixed1(Seconds / OutputUnit);
}

} // namespace

void printFunctionTable(raw_ostream &OS, const Profile &P, FunctionOrder Order,
                        double OutputUnit, bool SkipZero,
                        std::optional<ByteStyle> Memory, Measure M) {
  std::vector<FunctionSummary> Rows =
      summarizeFunctions(P, Order, SkipZero, M);
  // Memory columns as wide as their widest cell (only exact bytes grow).
  std::vector<std::array<std::string, 3>> Bytes;
  size_t BytesWidth = 10;
  if (Memory) {
    for (const FunctionSummary &S : Rows) {
      LineMemory Total = S.F->totalMemory();
      Bytes.push_back({formatBytes(Total.AllocBytes, *Memory),
                       formatBytes(Total.RetainedBytes, *Memory),
                       formatBytes(S.F->PeakBytes, *Memory)});
      for (const std::string &Cell : Bytes.back())
        BytesWidth = std::max(BytesWidth, Cell.size());
    }
  }
  OS << "Functions, total time " << general(P.totalSeconds()) << " s\n\n";
  std::string Header = fmt::format("{:>9} {:>12} {:>12} {:>8}", "Calls", "Time",
                                   "Per Call", "% Total");
  if (Memory)
    Header += fmt::format("  {:>{}} {:>{}} {:>{}}", "Allocated", BytesWidth,
                          "Retained", BytesWidth, "Peak", BytesWidth);
  printTableHeader(OS, Header + "  Function");
  for (size_t I = 0, E = Rows.size(); I != E; ++I) {
    const FunctionSummary &S = Rows[I];
    std::string Calls = S.F->Calls ? std::to_string(*S.F->Calls) : "-";
    std::optional<double> PerCall = S.secondsPerCall();
    OS << fmt::format("{:>9} ", Calls);
    if (S.F->countOnly()) {
      // Hits only: no time to show, rather than a misleading 0.
      OS << fmt::format("{:>12} {:>12} {:>8}", "-", "-", "-");
    } else {
      printHeat(OS, heatOf(S.Percent),
                fmt::format("{:>12} {:>12} {:>8}",
                            inUnit(S.Seconds, OutputUnit),
                            PerCall ? inUnit(*PerCall, OutputUnit) : "-",
                            fixed1(S.Percent)));
    }
    if (Memory)
      OS << fmt::format("  {:>{}} {:>{}} {:>{}}", Bytes[I][0], BytesWidth,
                        Bytes[I][1], BytesWidth, Bytes[I][2], BytesWidth);
    OS << "  " << describeFunction(*S.F) << '\n';
  }
  OS << '\n';
}

void printHotLines(raw_ostream &OS, const Profile &P, size_t N,
                   double OutputUnit) {
  std::vector<HotLine> Lines = hottestLines(P, N);
  OS << "Hottest lines, of total time " << general(P.totalSeconds())
     << " s\n\n";
  // The location and function columns are as wide as their longest entry.
  size_t WhereWidth = 9, FunctionWidth = 8;
  std::vector<std::string> Where;
  for (const HotLine &L : Lines) {
    Where.push_back(fmt::format("{}:{}", L.F->File, L.lineNumber()));
    WhereWidth = std::max(WhereWidth, Where.back().size());
    FunctionWidth = std::max(FunctionWidth, L.F->Name.size());
  }
  printTableHeader(OS, fmt::format("{:>12} {:>8} {:>8} {:>9}  {:<{}}  {:<{}}  {}",
                              "Time", "Per Hit", "% Total", "Hits", "File:Line",
                              WhereWidth, "Function", FunctionWidth,
                              "Line Contents"));
  for (size_t I = 0, E = Lines.size(); I != E; ++I) {
    const HotLine &L = Lines[I];
    printHeat(OS, heatOf(L.Percent),
              fmt::format("{:>12} {:>8} {:>8}",
                          (L.F->estimated(L.Index) ? "~" : "") +
                              inUnit(L.Seconds, OutputUnit),
                          inUnit(L.Seconds / double(L.hits()), OutputUnit),
                          fixed1(L.Percent)));
    OS << fmt::format(" {:>9}  {:<{}}  {:<{}}  ", L.hits(), Where[I],
                      WhereWidth, L.F->Name, FunctionWidth)
       << trimmedSource(*L.F, L.Index) << '\n';
  }
  OS << '\n';
}

void printThreads(raw_ostream &OS, const Profile &P, double OutputUnit,
                  bool SkipZero) {
  for (const ThreadSummary &S : summarizeThreads(P, SkipZero)) {
    const ThreadProfile &T = *S.T;
    const RunInfo &Run = S.Input->Run;
    OS << "Thread " << T.Thread << " (tid " << T.Tid;
    if (!T.Name.empty())
      OS << ", \"" << T.Name << '"';
    OS << ") of pid " << Run.Pid << " in " << S.Input->Path << '\n';
    OS << "Total time: " << general(S.Seconds) << " s\n\n";
    // Format 1.2 counts each thread's calls: a column only then, so that
    // older files keep their layout.
    bool Calls = any_of(S.Parts, [](const ThreadSummary::Part &Part) {
      return Part.F->Calls.has_value();
    });
    printTableHeader(OS, fmt::format("{}{:>12} {:>9} {:>9}  {}",
                                Calls ? "    Calls " : "", "Time", "% Thread",
                                "% Func", "Function"));
    for (const ThreadSummary::Part &Part : S.Parts) {
      if (Calls)
        OS << fmt::format("{:>9} ", Part.F->Calls
                                        ? std::to_string(*Part.F->Calls)
                                        : std::string("-"));
      if (Part.Whole->countOnly()) {
        OS << fmt::format("{:>12} {:>9} {:>9}", "-", "-", "-") << "  "
           << describeFunction(*Part.F) << '\n';
        continue;
      }
      printHeat(OS, heatOf(Part.PercentOfThread),
                fmt::format("{:>12} {:>9} {:>9}",
                            inUnit(Part.Seconds, OutputUnit),
                            fixed1(Part.PercentOfThread),
                            fixed1(Part.PercentOfFunction)));
      OS << "  " << describeFunction(*Part.F) << '\n';
    }
    OS << '\n';
  }
  std::vector<StringRef> Without;
  for (const InputFile &Input : P.inputs())
    if (Input.Threads.empty())
      Without.push_back(Input.Path);
  if (Without.empty())
    return;
  OS << "No per-thread breakdown in: ";
  for (size_t I = 0, E = Without.size(); I != E; ++I)
    OS << (I ? ", " : "") << Without[I];
  OS << "\n\n";
}

} // namespace lineprof
