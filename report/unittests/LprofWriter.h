//===- LprofWriter.h - Build .lprof bytes in unit tests -------------------===//

#ifndef LINEPROF_REPORT_UNITTESTS_LPROFWRITER_H
#define LINEPROF_REPORT_UNITTESTS_LPROFWRITER_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/CRC.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lineprof {
namespace test {

/// Appends little-endian fields to a byte string.
class Bytes {
public:
  Bytes &u16(uint16_t V) { return le(V, 2); }
  Bytes &u32(uint32_t V) { return le(V, 4); }
  Bytes &u64(uint64_t V) { return le(V, 8); }
  Bytes &f64(double V) { return u64(llvm::bit_cast<uint64_t>(V)); }
  Bytes &str(llvm::StringRef S) {
    u32(S.size());
    return raw(S);
  }
  Bytes &raw(llvm::StringRef S) {
    Data.append(S.data(), S.size());
    return *this;
  }
  std::string Data;

private:
  Bytes &le(uint64_t V, int N) {
    for (int I = 0; I < N; ++I)
      Data.push_back(char(V >> (8 * I)));
    return *this;
  }
};

inline std::string record(llvm::StringRef Tag, const std::string &Body) {
  return Bytes().raw(Tag).u32(0).u64(Body.size()).raw(Body).Data;
}

inline std::string progBody(double SecondsPerTick = 1e-9) {
  return Bytes().f64(SecondsPerTick).u32(3).u32(42).u64(1).u64(2).str("app")
      .Data;
}

inline std::string
funcBody(llvm::StringRef File, llvm::StringRef Name, uint32_t FirstLine,
         llvm::StringRef Source,
         const std::vector<std::pair<uint64_t, uint64_t>> &Lines) {
  Bytes B;
  B.str(File).str(Name).u32(FirstLine).u32(Lines.size()).str(Source);
  for (auto [Hits, Ticks] : Lines)
    B.u64(Hits).u64(Ticks);
  return B.Data;
}

/// A whole file around Payload, with a correct size and checksum.
inline std::string fileBytes(const std::string &Payload, uint16_t Major = 1,
                             uint16_t Minor = 0) {
  llvm::ArrayRef<uint8_t> P(
      reinterpret_cast<const uint8_t *>(Payload.data()), Payload.size());
  return Bytes()
      .raw("\x89LPROF\r\n")
      .u16(Major)
      .u16(Minor)
      .u32(0)
      .u64(Payload.size())
      .u32(llvm::crc32(P))
      .u32(0)
      .raw(Payload)
      .Data;
}

} // namespace test
} // namespace lineprof

#endif // LINEPROF_REPORT_UNITTESTS_LPROFWRITER_H
