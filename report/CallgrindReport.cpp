//===- CallgrindReport.cpp - Profiles for callgrind_annotate and KCachegrind //
//
// Callgrind's model: a position's cost is its self cost, and a call's
// inclusive cost is on the line after its `calls=` line, charged to the
// calling line. A .lprof of format 1.4 has each line's self time, and of
// 1.5 the call edges: per calling line and callee, the calls and the time
// of the outermost ones (a recursive call inside a running activation of
// the callee carries its count and no time, which is already in the outer
// call's). callgrind_annotate --inclusive=yes takes a called function's
// inclusive cost to be the sum of the calls to it, so with every call
// counted once each function's inclusive cost is its time counted once.
// Calls from outside any profiled line come from one more function,
// "(outside profiled code)", whose inclusive cost is then the run's total:
// exactly with --raw, and with net times too, whose call costs are derived
// from the lines' (netCallCosts).
//
// Each call also carries its share of the callee's inclusive hits
// (inclusiveHitCosts), the only cost count mode has.
//
// Files before 1.4 have no self times: each line shows its inclusive
// time, and a total over functions that call each other counts the callee
// in both, as line_profiler's totals do.
//
//===----------------------------------------------------------------------===//

#include "CallgrindReport.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
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

/// The name of the function that makes the calls from outside any profiled
/// line; its file is "???", callgrind's own for an unknown file.
constexpr StringLiteral OutsideName = "(outside profiled code)";
constexpr StringLiteral OutsideFile = "???";

namespace {

/// The net export's call costs, in ns. Net of the calibrated probe costs,
/// a line's self time, a call's time and a function's total are each
/// clamped at 0 on their own (an over-compensated figure reads 0, not
/// less), so the measured calls' net times need not add up to the lines'
/// (docs/report.md). Callgrind's model is that a call's inclusive cost is
/// the callee's self cost and its own calls': so here a function's
/// inclusive cost X is its lines' self costs as printed plus its
/// time-carrying calls' costs, and each time-carrying call to it gets the
/// share of X that its measured (raw) time has of all of them. That is
/// X = S + A X, one equation per function, solved by iteration (exact
/// after as many rounds as the call graph is deep; a cycle of
/// time-carrying calls converges geometrically). The calls from outside
/// then cost exactly the sum of all lines' self costs, the run's total.
/// Calls with no time (a recursive call inside a running activation of
/// its callee) keep 0. Empty where a callee has no timed calls.
std::map<CallKey, double> netCallCosts(const Profile &P) {
  std::map<FunctionKey, double> Incoming, Self, Inclusive;
  for (const auto &[Key, Stats] : P.calls())
    if (Stats.RawSeconds > 0 && P.functions().count(std::get<2>(Key)))
      Incoming[std::get<2>(Key)] += Stats.RawSeconds;
  for (const auto &[Key, F] : P.functions()) {
    double Ns = 0;
    for (size_t I = 0, E = F.Lines.size(); I != E; ++I)
      Ns += double(callgrindNanoseconds(F.lineSelfSeconds(I)));
    Self[Key] = Ns;
  }
  auto Share = [&](const CallKey &Key, const CallStats &Stats) {
    auto It = Incoming.find(std::get<2>(Key));
    return It == Incoming.end() ? 0.0 : Stats.RawSeconds / It->second;
  };
  Inclusive = Self;
  for (int Round = 0; Round != 100000; ++Round) {
    std::map<FunctionKey, double> Next = Self;
    for (const auto &[Key, Stats] : P.calls()) {
      const auto &[From, Line, Callee] = Key;
      if (From && Next.count(*From) && Inclusive.count(Callee))
        Next[*From] += Share(Key, Stats) * Inclusive[Callee];
    }
    double Change = 0;
    for (const auto &[Key, X] : Next)
      Change = std::max(Change, std::abs(X - Inclusive[Key]));
    Inclusive = std::move(Next);
    if (Change < 1e-6)
      break;
  }
  std::map<CallKey, double> Costs;
  for (const auto &[Key, Stats] : P.calls())
    if (Incoming.count(std::get<2>(Key)) && Inclusive.count(std::get<2>(Key)))
      Costs[Key] = Share(Key, Stats) * Inclusive[std::get<2>(Key)];
  return Costs;
}

/// The Hits cost of each call: gprof's model, as no time says which calls
/// were outermost (count mode). A function's inclusive hits are its lines'
/// and its calls', each call carrying the share of its callee's inclusive
/// hits that its calls have of all calls into the callee. Functions that
/// call each other in a cycle (recursion) are one: calls inside the cycle
/// carry nothing, the calls into it share the cycle's hits. So the calls
/// from outside carry the run's hits, each counted once, and
/// callgrind_annotate's --inclusive=yes totals add up.
std::map<CallKey, double> inclusiveHitCosts(const Profile &P) {
  // Each profiled function's calls of profiled functions.
  using Call = std::pair<const CallKey *, const CallStats *>;
  std::map<FunctionKey, std::vector<Call>> Outgoing;
  for (const auto &Entry : P.calls()) {
    const auto &[From, Line, Callee] = Entry.first;
    if (From && Entry.second.Calls && P.functions().count(*From) &&
        P.functions().count(Callee))
      Outgoing[*From].emplace_back(&Entry.first, &Entry.second);
  }
  // Tarjan's strongly connected components, which come out callees
  // first: each cycle's inclusive hits are known before its callers'.
  std::map<FunctionKey, unsigned> Index, Low, Component;
  std::vector<const FunctionKey *> Stack;
  std::map<FunctionKey, bool> OnStack;
  std::vector<std::vector<const FunctionKey *>> Components;
  std::function<void(const FunctionKey &)> Visit = [&](const FunctionKey &F) {
    unsigned Number = Index.size();
    Index[F] = Low[F] = Number;
    Stack.push_back(&F);
    OnStack[F] = true;
    for (const Call &Made : Outgoing[F]) {
      const FunctionKey &G = std::get<2>(*Made.first);
      if (!Index.count(G)) {
        Visit(G);
        Low[F] = std::min(Low[F], Low[G]);
      } else if (OnStack[G]) {
        Low[F] = std::min(Low[F], Index[G]);
      }
    }
    if (Low[F] != Index[F])
      return;
    Components.emplace_back();
    const FunctionKey *Member;
    do {
      Member = Stack.back();
      Stack.pop_back();
      OnStack[*Member] = false;
      Component[*Member] = Components.size() - 1;
      Components.back().push_back(Member);
    } while (*Member != F);
  };
  for (const auto &[Key, F] : P.functions())
    if (!Index.count(Key))
      Visit(Key);

  std::vector<double> Incoming(Components.size()), Inclusive(Components.size());
  for (const auto &[Key, Stats] : P.calls()) {
    const auto &[From, Line, Callee] = Key;
    auto To = Component.find(Callee);
    if (To == Component.end())
      continue;
    auto FromIt = From ? Component.find(*From) : Component.end();
    if (FromIt == Component.end() || FromIt->second != To->second)
      Incoming[To->second] += double(Stats.Calls);
  }
  std::map<CallKey, double> Costs;
  auto Cost = [&](const CallKey &Key, const CallStats &Stats) {
    unsigned To = Component.at(std::get<2>(Key));
    return Incoming[To] > 0 ? double(Stats.Calls) / Incoming[To] * Inclusive[To]
                            : 0.0;
  };
  for (size_t C = 0; C != Components.size(); ++C) {
    double Hits = 0;
    for (const FunctionKey *Member : Components[C])
      for (const LineStats &Line : P.functions().at(*Member).Lines)
        Hits += double(Line.Hits);
    for (const FunctionKey *Member : Components[C])
      for (const auto &[Key, Stats] : Outgoing[*Member]) {
        if (Component.at(std::get<2>(*Key)) == C)
          continue;
        Costs[*Key] = Cost(*Key, *Stats);
        Hits += Costs[*Key];
      }
    Inclusive[C] = Hits;
  }
  for (const auto &[Key, Stats] : P.calls())
    if (!std::get<0>(Key) && Component.count(std::get<2>(Key)))
      Costs[Key] = Cost(Key, Stats);
  return Costs;
}

uint64_t wholeNanoseconds(double Ns) {
  if (!(Ns > 0))
    return 0;
  if (Ns >= double(std::numeric_limits<uint64_t>::max()))
    return std::numeric_limits<uint64_t>::max();
  return static_cast<uint64_t>(std::round(Ns));
}

} // namespace

void printCallgrind(raw_ostream &OS, const Profile &P, StringRef Creator) {
  bool Self = any_of(P.functions(),
                     [](const auto &Entry) { return Entry.second.HasSelf; });
  uint64_t TotalNs = 0, TotalHits = 0;
  for (const auto &Entry : P.functions()) {
    const FunctionProfile &F = Entry.second;
    for (size_t I = 0, E = F.Lines.size(); I != E; ++I) {
      TotalNs =
          SaturatingAdd(TotalNs, callgrindNanoseconds(F.lineSelfSeconds(I)));
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
  if (Self)
    OS << "event: ns : Time (ns)\n";
  else
    OS << "event: ns : Time (ns), callees included\n";
  OS << "event: Hits : Hits (statements started on the line)\n";
  OS << "events: ns Hits\n";
  OS << "summary: " << TotalNs << ' ' << TotalHits << "\n\n";

  // Measured call times are exact with --raw; net ones are made to add up
  // (netCallCosts).
  std::map<CallKey, double> NetCosts;
  if (!P.rawTimes())
    NetCosts = netCallCosts(P);
  std::map<CallKey, double> HitCosts = inclusiveHitCosts(P);
  NameTable Files, Functions;
  // The calls of one calling function, in the map's order (by line, then
  // callee), each with the callee's first line and inclusive cost.
  auto PrintCalls = [&](const std::optional<Profile::Key> &Caller) {
    for (const auto &[Key, Stats] : P.calls()) {
      const auto &[From, Line, Callee] = Key;
      if (From != Caller)
        continue;
      auto It = P.functions().find(Callee);
      if (It == P.functions().end())
        continue;
      const FunctionProfile &To = It->second;
      if (Stats.Calls == 0)
        continue;
      Files.print(OS, "cfi", To.File);
      Functions.print(OS, "cfn", To.Name);
      OS << "calls=" << Stats.Calls << ' ' << To.FirstLine << '\n';
      auto Net = NetCosts.find(Key);
      auto Hits = HitCosts.find(Key);
      OS << Line << ' '
         << (Net != NetCosts.end()
                 ? wholeNanoseconds(Net->second)
                 : callgrindNanoseconds(Stats.seconds(!To.Compensated)))
         << ' ' << wholeNanoseconds(Hits != HitCosts.end() ? Hits->second : 0)
         << '\n';
    }
  };

  if (any_of(P.calls(),
             [](const auto &Entry) { return !std::get<0>(Entry.first); })) {
    Files.print(OS, "fl", OutsideFile);
    Functions.print(OS, "fn", OutsideName);
    PrintCalls(std::nullopt);
    OS << '\n';
  }
  for (const auto &[Key, F] : P.functions()) {
    // A function without a cost line confuses callgrind_annotate, and has
    // nothing to show anyway.
    if (none_of(F.Lines, [](const LineStats &L) {
          return L.Hits != 0 || L.Time != 0;
        }))
      continue;
    Files.print(OS, "fl", F.File);
    Functions.print(OS, "fn", F.Name);
    for (size_t I = 0, E = F.Lines.size(); I != E; ++I) {
      uint64_t Ns = callgrindNanoseconds(F.lineSelfSeconds(I));
      if (Ns == 0 && F.Lines[I].Hits == 0)
        continue;
      OS << uint64_t(F.FirstLine) + I << ' ' << Ns << ' ' << F.Lines[I].Hits
         << '\n';
    }
    PrintCalls(Key);
    OS << '\n';
  }
  OS << "totals: " << TotalNs << ' ' << TotalHits << '\n';
}

} // namespace lineprof
