//===- ByteUnits.h - Byte counts as the memory views print them -----------===//
//
// One rule for every view: tracemalloc's binary units ("6400 B", "10.0
// MiB"), which never take more than 9 characters (10 with a sign), or the
// exact count of bytes with --bytes.
//
//===----------------------------------------------------------------------===//

#ifndef LINEPROF_REPORT_BYTEUNITS_H
#define LINEPROF_REPORT_BYTEUNITS_H

#include <cstdint>
#include <string>

namespace lineprof {

/// How byte counts are written.
enum class ByteStyle {
  /// Binary units, as Python's tracemalloc: below 10240 B exact bytes
  /// ("6400 B"); above, the largest unit (KiB, MiB, GiB, TiB, PiB, EiB,
  /// each 1024 of the one before) that leaves the number below 10240,
  /// with one decimal below 100 ("10.0 MiB", "99.9 KiB") and none above
  /// ("512 KiB", "10239 KiB").
  Binary,
  /// The exact number of bytes, without a unit ("10485760").
  Exact,
};

/// N bytes as Style writes them.
std::string formatBytes(uint64_t N, ByteStyle Style);

/// Plus − Minus bytes, signed ("+6400 B", "-1.0 MiB"), exactly for any two
/// counts; "0 B" (or "0") without a sign when they are equal.
std::string formatByteChange(uint64_t Plus, uint64_t Minus, ByteStyle Style);

/// Total / Count bytes, as formatBytes rounds it to whole bytes; "" for a
/// count of 0.
std::string formatAverageBytes(uint64_t Total, uint64_t Count,
                               ByteStyle Style);

/// The line that says what the byte columns below it mean.
std::string byteUnitNote(ByteStyle Style);

} // namespace lineprof

#endif // LINEPROF_REPORT_BYTEUNITS_H
