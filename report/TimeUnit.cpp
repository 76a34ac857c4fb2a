//===- TimeUnit.cpp - The unit every view shows times in ------------------===//

#include "TimeUnit.h"
#include "TextReport.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace lineprof {

double chooseTimeUnit(llvm::ArrayRef<const Profile *> Ps) {
  constexpr double Units[] = {1, 1e-3, 1e-6, 1e-9};
  std::vector<double> PerHit;
  for (const Profile *P : Ps)
    for (const auto &Entry : P->functions()) {
      const FunctionProfile &F = Entry.second;
      for (size_t I = 0, E = F.Lines.size(); I != E; ++I) {
        double Seconds = F.lineSeconds(I);
        // A line without time (count mode, or nothing left after
        // compensation) reads 0.0 in any unit.
        if (F.Lines[I].Hits != 0 && Seconds > 0 && std::isfinite(Seconds))
          PerHit.push_back(Seconds / double(F.Lines[I].Hits));
      }
    }
  if (PerHit.empty())
    return Units[std::size(Units) - 1];
  // The tenth percentile: 90% of the lines take at least this per hit.
  auto Tenth = PerHit.begin() + PerHit.size() / 10;
  std::nth_element(PerHit.begin(), Tenth, PerHit.end());
  for (double Unit : Units)
    // A hair of slack, so that exactly 1 us per hit reads 1.0 in us.
    if (*Tenth >= Unit * (1 - 1e-9))
      return Unit;
  return Units[std::size(Units) - 1];
}

std::string timeUnitName(double Unit) {
  static constexpr std::pair<double, const char *> Names[] = {
      {1, "s"},
      {1e-3, "ms"},
      {1e-6, "\xC2\xB5s"}, // µs
      {1e-9, "ns"},
      {1e-12, "ps"}};
  for (auto [Seconds, Name] : Names)
    if (Unit == Seconds)
      return Name;
  return "x " + general(Unit) + " s";
}

} // namespace lineprof
