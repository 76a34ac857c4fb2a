//===- TextViews.cpp - Function table, hottest lines and threads as text --===//

#include "TextViews.h"
#include "Heat.h"
#include "TextReport.h"

#include "llvm/ADT/STLExtras.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>

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

/// Right-aligned columns, each as wide as its widest cell (at least its
/// head and its minimum), so that no number runs into the next column.
class Columns {
public:
  Columns(std::initializer_list<std::pair<const char *, size_t>> Heads) {
    for (auto [Head, Min] : Heads) {
      Names.push_back(Head);
      Widths.push_back(std::max(Min, std::strlen(Head)));
    }
  }

  /// Adds a row; its cells widen the columns.
  void add(std::vector<std::string> Cells) {
    for (size_t I = 0, E = Cells.size(); I != E; ++I)
      Widths[I] = std::max(Widths[I], Cells[I].size());
    Rows.push_back(std::move(Cells));
  }

  size_t size() const { return Rows.size(); }

  /// Columns [From, To) of row R (of the heads, for R = -1), right-aligned
  /// and separated by a space.
  std::string cells(long R, size_t From, size_t To) const {
    std::string Out;
    for (size_t I = From; I != To; ++I) {
      StringRef Cell = R < 0 ? StringRef(Names[I]) : StringRef(Rows[R][I]);
      if (I != From)
        Out += ' ';
      Out.append(Widths[I] - Cell.size(), ' ');
      Out += Cell;
    }
    return Out;
  }

private:
  std::vector<const char *> Names;
  std::vector<size_t> Widths;
  std::vector<std::vector<std::string>> Rows;
};

std::string callsCell(const FunctionProfile &F) {
  return F.Calls ? std::to_string(*F.Calls) : "-";
}

void printTimeFunctionTable(raw_ostream &OS, const Profile &P,
                            FunctionOrder Order, double OutputUnit,
                            bool SkipZero, std::optional<ByteStyle> Memory,
                            Measure M) {
  std::vector<FunctionSummary> Rows =
      summarizeFunctions(P, Order, SkipZero, M, Metric::Time);
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
  Columns Table{{"Calls", 9}, {"Time", 12}, {"Per Call", 12}, {"% Total", 8}};
  for (const FunctionSummary &S : Rows) {
    std::optional<double> PerCall = S.secondsPerCall();
    Table.add({callsCell(*S.F), inUnit(S.Seconds, OutputUnit),
               PerCall ? inUnit(*PerCall, OutputUnit) : "-",
               fixed1(S.Percent)});
  }
  OS << "Functions, total time " << general(P.totalSeconds()) << " s\n\n";
  std::string Header = Table.cells(-1, 0, 4);
  if (Memory)
    Header += fmt::format("  {:>{}} {:>{}} {:>{}}", "Allocated", BytesWidth,
                          "Retained", BytesWidth, "Peak", BytesWidth);
  printTableHeader(OS, Header + "  Function");
  for (size_t I = 0, E = Rows.size(); I != E; ++I) {
    OS << Table.cells(I, 0, 1) << ' ';
    printHeat(OS, heatOf(Rows[I].Percent), Table.cells(I, 1, 4));
    if (Memory)
      OS << fmt::format("  {:>{}} {:>{}} {:>{}}", Bytes[I][0], BytesWidth,
                        Bytes[I][1], BytesWidth, Bytes[I][2], BytesWidth);
    OS << "  " << describeFunction(*Rows[I].F) << '\n';
  }
  OS << '\n';
}

void printHitsFunctionTable(raw_ostream &OS, const Profile &P,
                            FunctionOrder Order, bool SkipZero, Measure M) {
  std::vector<FunctionSummary> Rows =
      summarizeFunctions(P, Order, SkipZero, M, Metric::Hits);
  Columns Table{{"Calls", 9}, {"Hits", 12}, {"Hits/Call", 12}, {"% Hits", 8}};
  for (const FunctionSummary &S : Rows) {
    std::optional<double> PerCall = S.hitsPerCall();
    Table.add({callsCell(*S.F), std::to_string(S.Hits),
               PerCall ? fixed1(*PerCall) : "-", fixed1(S.Percent)});
  }
  OS << hitsOnlyFunctionsHeading(Rows) << ", total hits "
     << uint64_t(metricTotal(P, Metric::Hits)) << "\n\n";
  printTableHeader(OS, Table.cells(-1, 0, 4) + "  Function");
  for (size_t I = 0, E = Rows.size(); I != E; ++I) {
    OS << Table.cells(I, 0, 1) << ' ';
    printHeat(OS, heatOf(Rows[I].Percent), Table.cells(I, 1, 4));
    OS << "  " << describeFunction(*Rows[I].F) << '\n';
  }
  OS << '\n';
}

/// The location and function cells of a table of lines, and their widths.
struct LineLabels {
  std::vector<std::string> Where;
  size_t WhereWidth = 9, FunctionWidth = 8;

  explicit LineLabels(const std::vector<HotLine> &Lines) {
    for (const HotLine &L : Lines) {
      Where.push_back(fmt::format("{}:{}", L.F->File, L.lineNumber()));
      WhereWidth = std::max(WhereWidth, Where.back().size());
      FunctionWidth = std::max(FunctionWidth, L.F->Name.size());
    }
  }

  std::string heads() const {
    return fmt::format("  {:<{}}  {:<{}}  {}", "File:Line", WhereWidth,
                       "Function", FunctionWidth, "Line Contents");
  }

  void print(raw_ostream &OS, const HotLine &L, size_t I) const {
    OS << fmt::format("  {:<{}}  {:<{}}  ", Where[I], WhereWidth, L.F->Name,
                      FunctionWidth)
       << trimmedSource(*L.F, L.Index) << '\n';
  }
};

} // namespace

bool hasCountFunctions(const Profile &P) {
  bool Timed = hasTimes(P);
  return any_of(P.functions(), [Timed](const auto &Entry) {
    return metricOf(Entry.second, Timed) == Metric::Hits;
  });
}

void printFunctionTable(raw_ostream &OS, const Profile &P, FunctionOrder Order,
                        double OutputUnit, bool SkipZero,
                        std::optional<ByteStyle> Memory, Measure M) {
  if (hasTimes(P))
    printTimeFunctionTable(OS, P, Order, OutputUnit, SkipZero, Memory, M);
  if (hasCountFunctions(P))
    printHitsFunctionTable(OS, P, Order, SkipZero, M);
}

void printHotLines(raw_ostream &OS, const Profile &P, size_t N,
                   double OutputUnit) {
  if (hasTimes(P)) {
    std::vector<HotLine> Lines = hottestLines(P, N, Metric::Time);
    OS << "Hottest lines, of total time " << general(P.totalSeconds())
       << " s\n\n";
    Columns Table{{"Time", 12}, {"Per Hit", 8}, {"% Total", 8}, {"Hits", 9}};
    for (const HotLine &L : Lines)
      Table.add({(L.F->estimated(L.Index) ? "~" : "") +
                     StringRef(inUnit(L.Seconds, OutputUnit)).ltrim().str(),
                 inUnit(L.Seconds / double(L.hits()), OutputUnit),
                 fixed1(L.Percent), std::to_string(L.hits())});
    LineLabels Labels(Lines);
    printTableHeader(OS, Table.cells(-1, 0, 4) + Labels.heads());
    for (size_t I = 0, E = Lines.size(); I != E; ++I) {
      printHeat(OS, heatOf(Lines[I].Percent), Table.cells(I, 0, 3));
      OS << ' ' << Table.cells(I, 3, 4);
      Labels.print(OS, Lines[I], I);
    }
    OS << '\n';
  }
  if (!hasCountFunctions(P))
    return;
  std::vector<HotLine> Lines = hottestLines(P, N, Metric::Hits);
  OS << hitsOnlyLinesHeading(Lines) << ", of total hits "
     << uint64_t(metricTotal(P, Metric::Hits)) << "\n\n";
  Columns Table{{"Hits", 12}, {"% Hits", 8}};
  for (const HotLine &L : Lines)
    Table.add({std::to_string(L.hits()), fixed1(L.Percent)});
  LineLabels Labels(Lines);
  printTableHeader(OS, Table.cells(-1, 0, 2) + Labels.heads());
  for (size_t I = 0, E = Lines.size(); I != E; ++I) {
    printHeat(OS, heatOf(Lines[I].Percent), Table.cells(I, 0, 2));
    Labels.print(OS, Lines[I], I);
  }
  OS << '\n';
}

namespace {

void printThreadHeading(raw_ostream &OS, const ThreadSummary &S) {
  const ThreadProfile &T = *S.T;
  OS << "Thread " << T.Thread << " (tid " << T.Tid;
  if (!T.Name.empty())
    OS << ", \"" << T.Name << '"';
  OS << ") of pid " << S.Input->Run.Pid << " in " << S.Input->Path << '\n';
}

void printThreadTable(raw_ostream &OS, const ThreadSummary &S, Metric K,
                      double OutputUnit) {
  // Format 1.2 counts each thread's calls: a column only then, so that
  // older files keep their layout.
  bool Calls = any_of(S.Parts, [](const ThreadSummary::Part &Part) {
    return Part.F->Calls.has_value();
  });
  bool Hits = K == Metric::Hits;
  Columns Table{{"Calls", 9},
                {Hits ? "Hits" : "Time", 12},
                {"% Thread", 9},
                {"% Func", 9}};
  for (const ThreadSummary::Part &Part : S.Parts)
    Table.add({callsCell(*Part.F),
               Hits ? std::to_string(Part.Hits)
                    : inUnit(Part.Seconds, OutputUnit),
               fixed1(Part.PercentOfThread), fixed1(Part.PercentOfFunction)});
  size_t From = Calls ? 0 : 1;
  printTableHeader(OS, Table.cells(-1, From, 4) + "  Function");
  for (size_t I = 0, E = S.Parts.size(); I != E; ++I) {
    if (Calls)
      OS << Table.cells(I, 0, 1) << ' ';
    printHeat(OS, heatOf(S.Parts[I].PercentOfThread), Table.cells(I, 1, 4));
    OS << "  " << describeFunction(*S.Parts[I].F) << '\n';
  }
  OS << '\n';
}

} // namespace

void printThreads(raw_ostream &OS, const Profile &P, double OutputUnit,
                  bool SkipZero) {
  // Each thread once: its time table, then its count-mode functions' hits.
  for (const ThreadMetrics &M : summarizeThreadMetrics(P, SkipZero)) {
    printThreadHeading(OS, M.any());
    if (M.Time) {
      OS << "Total time: " << general(M.Time->Seconds) << " s\n\n";
      printThreadTable(OS, *M.Time, Metric::Time, OutputUnit);
    }
    if (M.Hits) {
      OS << "Hits in count mode: " << M.Hits->Hits << "\n\n";
      printThreadTable(OS, *M.Hits, Metric::Hits, OutputUnit);
    }
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

namespace {

/// "name, line N: source" for a calling line, the callgrind export's
/// "(outside profiled code)" for a call from outside any profiled line.
std::string callingLine(const Profile &P,
                        const std::optional<FunctionKey> &Caller,
                        uint32_t Line) {
  if (!Caller)
    return "(outside profiled code)";
  auto It = P.functions().find(*Caller);
  if (It == P.functions().end())
    return "(a function not shown)";
  const FunctionProfile &F = It->second;
  std::string Out = fmt::format("{}, line {}", F.Name, Line);
  if (Line >= F.FirstLine && Line - F.FirstLine < F.SourceLines.size())
    Out += ": " + trimmedSource(F, Line - F.FirstLine).str();
  return Out;
}

} // namespace

void printCallGraph(raw_ostream &OS, const Profile &P,
                    function_ref<bool(StringRef)> Matches,
                    CallDirection Direction, double OutputUnit) {
  bool Callers = Direction == CallDirection::Callers;
  for (const auto &[Key, F] : P.functions()) {
    if (!Matches(F.Name))
      continue;
    Columns Table{{"Calls", 9}, {"Time", 12}, {"Per Call", 12}};
    std::vector<std::string> Labels;
    uint64_t Calls = 0;
    double Seconds = 0;
    // Calls of count-mode functions have no time: a table of only those
    // has no time columns (as count mode's other views).
    bool Timed = false;
    for (const auto &[Call, Stats] : P.calls()) {
      const auto &[From, Line, Callee] = Call;
      if (Callers ? Callee != Key : From != Key)
        continue;
      auto To = P.functions().find(Callee);
      if (To == P.functions().end() || Stats.Calls == 0)
        continue;
      // A callee's time is net only where its function is (as the
      // callgrind export's).
      double CallSeconds = Stats.seconds(P.rawTimes() || !To->second.Compensated);
      Table.add({std::to_string(Stats.Calls), inUnit(CallSeconds, OutputUnit),
                 inUnit(CallSeconds / Stats.Calls, OutputUnit)});
      Labels.push_back(Callers ? callingLine(P, From, Line)
                               : fmt::format("line {}: {}", Line,
                                             describeFunction(To->second)));
      Calls += Stats.Calls;
      Seconds += CallSeconds;
      Timed |= !To->second.countOnly();
    }
    OS << (Callers ? "Callers of " : "Callees of ") << describeFunction(F)
       << "\n\n";
    if (Table.size() == 0) {
      OS << (Callers ? "  no recorded calls to it" : "  no recorded calls")
         << (F.forcedInline() && Callers
                 ? " (forced inline: its " + std::to_string(F.Calls.value_or(0)) +
                       " calls are counted, not timed, nor recorded by calling "
                       "line; their time is in the calling lines)"
             : (F.Modes & (ModeTiming | ModeCount)) || F.Modes == 0
                 ? ""
                 : " (calls are recorded in timing and count mode only)")
         << "\n\n";
      continue;
    }
    Table.add({std::to_string(Calls), inUnit(Seconds, OutputUnit),
               inUnit(Seconds / Calls, OutputUnit)});
    size_t Shown = Timed ? 3 : 1;
    printTableHeader(OS, Table.cells(-1, 0, Shown) +
                             (Callers ? "  Called from" : "  Calls"));
    for (size_t I = 0, E = Labels.size(); I != E; ++I)
      OS << Table.cells(I, 0, Shown) << "  " << Labels[I] << '\n';
    OS << Table.cells(Labels.size(), 0, Shown) << "  (total)\n\n";
  }
}

} // namespace lineprof
