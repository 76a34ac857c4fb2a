//===- Heat.h - The heat scale every view colours times with --------------===//
//
// One scale for the terminal and the HTML page, so that a line looks as hot
// in one as in the other.
//
//===----------------------------------------------------------------------===//

#ifndef LINEPROF_REPORT_HEAT_H
#define LINEPROF_REPORT_HEAT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>

namespace lineprof {

/// Steps of the terminal heat scale, for a share of time.
enum class Heat { Cold, Cool, Warm, Hot, Hottest };

/// The step for Percent (0 to 100) of some total.
inline Heat heatOf(double Percent) {
  if (!(Percent >= 1)) // Also NaN.
    return Heat::Cold;
  if (Percent < 5)
    return Heat::Cool;
  if (Percent < 20)
    return Heat::Warm;
  if (Percent < 50)
    return Heat::Hot;
  return Heat::Hottest;
}

/// The HTML scale's step, 0 (no time) to 9, for Percent of some total. The
/// square root spreads the small shares, which are most lines, over more
/// steps than a linear scale would.
inline unsigned heatStep(double Percent) {
  if (!(Percent > 0))
    return 0;
  double Step = std::ceil(std::sqrt(std::min(Percent, 100.0) / 100) * 9);
  return static_cast<unsigned>(std::clamp(Step, 1.0, 9.0));
}

/// Writes Text in H's colour. A stream without colours enabled gets Text
/// alone, byte for byte.
inline void printHeat(llvm::raw_ostream &OS, Heat H, llvm::StringRef Text) {
  if (H == Heat::Cold || !OS.colors_enabled()) {
    OS << Text;
    return;
  }
  static constexpr llvm::raw_ostream::Colors Colors[] = {
      llvm::raw_ostream::RESET, llvm::raw_ostream::CYAN,
      llvm::raw_ostream::YELLOW, llvm::raw_ostream::RED,
      llvm::raw_ostream::RED};
  OS.changeColor(Colors[static_cast<int>(H)], /*Bold=*/H == Heat::Hottest);
  OS << Text;
  OS.resetColor();
}

/// Writes Text green for a time that went down, red for one that went up,
/// bold when it changed by half or more.
inline void printChange(llvm::raw_ostream &OS, double Before, double After,
                        llvm::StringRef Text) {
  if (Before == After || !OS.colors_enabled()) {
    OS << Text;
    return;
  }
  bool Big = After >= Before * 1.5 || After <= Before / 1.5;
  OS.changeColor(After > Before ? llvm::raw_ostream::RED
                                : llvm::raw_ostream::GREEN,
                 Big);
  OS << Text;
  OS.resetColor();
}

} // namespace lineprof

#endif // LINEPROF_REPORT_HEAT_H
