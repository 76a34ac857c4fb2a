//===- CallgrindReport.cpp - Profiles for callgrind_annotate and KCachegrind //
//
// The costs of a callgrind file are integers attributed to positions, here
// source lines. A line's time includes its callees, as in the text report,
// but callgrind calls such a cost "self": the format's inclusive costs come
// from call records, and a .lprof has no call graph. So each line shows
// exactly the text report's figures, and a total over functions that call
// each other counts the callee in both, as line_profiler's totals do.
//
//===----------------------------------------------------------------------===//

#include "CallgrindReport.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <limits>

using namespace llvm;

namespace lineprof {

namespace {

/// Writes "key=(id)" and the name the first time, "key=(id)" after: the
/// format's name compression, which keeps long paths out of every block.
class NameTable {
public:
  void print(raw_ostream &OS, StringRef Key, StringRef Name) {
    // Callgrind names end at the line's end.
    std::string Clean = Name.str();
    for (char &C : Clean)
      if (C == '\n' || C == '\r')
        C = ' ';
    auto [It, New] = Ids.try_emplace(Clean, Ids.size() + 1);
    OS << Key << "=(" << It->second << ')';
    if (New)
      OS << ' ' << Clean;
    OS << '\n';
  }

private:
  StringMap<size_t> Ids;
};

} // namespace

uint64_t callgrindNanoseconds(double Seconds) {
  double Ns = std::round(Seconds * 1e9);
  if (!(Ns > 0))
    return 0;
  if (Ns >= double(std::numeric_limits<uint64_t>::max()))
    return std::numeric_limits<uint64_t>::max();
  return static_cast<uint64_t>(Ns);
}

void printCallgrind(raw_ostream &OS, const Profile &P, StringRef Creator) {
  uint64_t TotalNs = 0, TotalHits = 0;
  for (const auto &Entry : P.functions()) {
    const FunctionProfile &F = Entry.second;
    for (size_t I = 0, E = F.Lines.size(); I != E; ++I) {
      TotalNs = SaturatingAdd(TotalNs, callgrindNanoseconds(F.lineSeconds(I)));
      TotalHits = SaturatingAdd(TotalHits, F.Lines[I].Hits);
    }
  }

  OS << "# callgrind format\n";
  OS << "version: 1\n";
  OS << "creator: " << Creator << '\n';
  if (P.inputs().size() == 1)
    OS << "pid: " << P.inputs().front().Run.Pid << '\n';
  if (!P.inputs().empty())
    OS << "cmd: " << P.inputs().front().Run.Program << '\n';
  OS << "part: 1\n\n";
  OS << "positions: line\n";
  OS << "event: ns : Time (ns), callees included\n";
  OS << "event: Hits : Hits (statements started on the line)\n";
  OS << "events: ns Hits\n";
  OS << "summary: " << TotalNs << ' ' << TotalHits << "\n\n";

  NameTable Files, Functions;
  for (const auto &Entry : P.functions()) {
    const FunctionProfile &F = Entry.second;
    // A function without a cost line confuses callgrind_annotate, and has
    // nothing to show anyway.
    if (none_of(F.Lines, [](const LineStats &L) {
          return L.Hits != 0 || L.Time != 0;
        }))
      continue;
    Files.print(OS, "fl", F.File);
    Functions.print(OS, "fn", F.Name);
    for (size_t I = 0, E = F.Lines.size(); I != E; ++I) {
      uint64_t Ns = callgrindNanoseconds(F.lineSeconds(I));
      if (Ns == 0 && F.Lines[I].Hits == 0)
        continue;
      OS << uint64_t(F.FirstLine) + I << ' ' << Ns << ' ' << F.Lines[I].Hits
         << '\n';
    }
    OS << '\n';
  }
  OS << "totals: " << TotalNs << ' ' << TotalHits << '\n';
}

} // namespace lineprof
