//===- ByteUnits.cpp - Byte counts as the memory views print them ---------===//

#include "ByteUnits.h"

#include <fmt/format.h>

#include <cmath>

namespace lineprof {

namespace {

/// tracemalloc's _format_size with the units up to EiB, so that every
/// uint64_t fits the widest form, "10239 KiB".
std::string binary(uint64_t N, const char *Sign) {
  if (N < 10 * 1024)
    return fmt::format("{}{} B", Sign, N);
  static constexpr const char *Units[] = {"KiB", "MiB", "GiB",
                                          "TiB", "PiB", "EiB"};
  double Size = static_cast<double>(N);
  for (size_t I = 0, E = std::size(Units); I != E; ++I) {
    Size /= 1024;
    if (Size < 100)
      return fmt::format("{}{:.1f} {}", Sign, Size, Units[I]);
    if (Size < 10 * 1024 || I + 1 == E)
      return fmt::format("{}{:.0f} {}", Sign, Size, Units[I]);
  }
  return ""; // Not reached: the last unit always returns.
}

} // namespace

std::string formatBytes(uint64_t N, ByteStyle Style) {
  if (Style == ByteStyle::Exact)
    return std::to_string(N);
  return binary(N, "");
}

std::string formatByteChange(uint64_t Plus, uint64_t Minus, ByteStyle Style) {
  if (Plus == Minus)
    return formatBytes(0, Style);
  bool Up = Plus > Minus;
  uint64_t Magnitude = Up ? Plus - Minus : Minus - Plus;
  const char *Sign = Up ? "+" : "-";
  if (Style == ByteStyle::Exact)
    return Sign + std::to_string(Magnitude);
  return binary(Magnitude, Sign);
}

std::string formatAverageBytes(uint64_t Total, uint64_t Count,
                               ByteStyle Style) {
  if (Count == 0)
    return "";
  // Rounded to the nearest byte, halves up, in integers: exact for any
  // Total.
  uint64_t Average = Total / Count + (Total % Count >= Count - Total % Count);
  return formatBytes(Average, Style);
}

std::string byteUnitNote(ByteStyle Style) {
  if (Style == ByteStyle::Exact)
    return "Memory unit: 1 byte";
  return "Memory unit: B, KiB = 1024 B, MiB = 1024 KiB, ... (--bytes: exact)";
}

} // namespace lineprof
