//===- Interference.cpp - Whether a run's times can be trusted ------------===//

#include "Interference.h"

#include <fmt/format.h>

namespace lineprof {
namespace {

/// Threads shorter than this are left out: a few scheduler ticks decide
/// their share.
constexpr uint64_t MinWallNs = 20'000'000;
/// Off the CPU for at least this share of its wall time...
constexpr double MaxOffCpuShare = 0.10;
/// ...switched out against its will at least this often, and more often
/// than it blocked by itself (a thread that sleeps or waits is off the CPU
/// without its intervals growing, unless it waits inside one).
constexpr uint64_t MinInvoluntary = 10;
/// The probe's cost measured at the run's start and later differing by
/// this much: the machine's speed changed under the run.
constexpr double MaxProbeSpread = 0.25;

std::string withCommas(uint64_t N) {
  std::string Digits = std::to_string(N);
  for (int I = static_cast<int>(Digits.size()) - 3; I > 0; I -= 3)
    Digits.insert(static_cast<size_t>(I), ",");
  return Digits;
}

} // namespace

std::optional<std::string> interferenceWarning(const RunInfo &Run) {
  if (!Run.Load)
    return std::nullopt;
  if (Run.Modes && !(*Run.Modes & (ModeTiming | ModeSample | ModeRegion)))
    return std::nullopt; // hits only: nothing to inflate
  const ThreadLoad *Worst = nullptr;
  double WorstShare = 1;
  for (const ThreadLoad &T : Run.Load->Threads) {
    if (T.WallNs < MinWallNs || T.Involuntary < MinInvoluntary ||
        T.Involuntary < T.Voluntary)
      continue;
    double OnCpu = std::min(1.0, static_cast<double>(T.CpuNs) /
                                     static_cast<double>(T.WallNs));
    if (1 - OnCpu >= MaxOffCpuShare && OnCpu < WorstShare) {
      Worst = &T;
      WorstShare = OnCpu;
    }
  }
  if (Worst)
    return fmt::format("thread {} ran {:.0f}% of its wall time on a CPU ({} "
                       "involuntary context switches): times are likely "
                       "inflated",
                       Worst->Thread, 100 * WorstShare,
                       withCommas(Worst->Involuntary));
  if (Run.Load->Measurements >= 2 && Run.Load->ProbeSpread >= MaxProbeSpread)
    return fmt::format("the probes' measured cost moved by {:.0f}% during the "
                       "run (the machine's speed changed under it): times "
                       "are likely inflated or over-compensated",
                       100 * Run.Load->ProbeSpread);
  return std::nullopt;
}

} // namespace lineprof
