//===- ReaderFuzzer.cpp - libFuzzer target for the .lprof reader ----------===//
//
// Feeds arbitrary bytes to parseProfile and sums what parses. A crash, a
// sanitizer report, a hang or a large allocation is a bug: every input must
// end as a profile or as an error.
//
//===----------------------------------------------------------------------===//

#include "ProfileData.h"

#include "llvm/Support/CRC.h"
#include "llvm/Support/Endian.h"

#include <cstdint>
#include <string>

using namespace llvm;
using namespace lineprof;

namespace {

void parseAndSum(StringRef Bytes) {
  Expected<ProfileFile> File = parseProfile(Bytes);
  if (!File) {
    consumeError(File.takeError());
    return;
  }
  Profile Merged;
  ProfileFile Copy = *File;
  Merged.addFile("a", std::move(*File));
  Merged.addFile("b", std::move(Copy));
  (void)Merged.totalSeconds();
  (void)Merged.commonSecondsPerTick();
  (void)Merged.runMemory();
  for (const auto &Entry : Merged.functions())
    (void)Entry.second.totalMemory();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef Bytes(reinterpret_cast<const char *>(Data), Size);
  parseAndSum(Bytes);
  // Nearly every mutation breaks the checksum, which stops the parse at the
  // header. Again with the header's size and checksum made to fit, so that
  // the record parser gets the fuzzer's attention too.
  if (Size < 32)
    return 0;
  std::string Fixed(Bytes);
  support::endian::write64le(&Fixed[16], Size - 32);
  support::endian::write32le(
      &Fixed[24], crc32(ArrayRef<uint8_t>(Data + 32, Size - 32)));
  parseAndSum(Fixed);
  return 0;
}
