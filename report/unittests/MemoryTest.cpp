//===- MemoryTest.cpp - Tests for memory figures and their formatting -----===//

#include "ByteUnits.h"
#include "LprofWriter.h"
#include "ProfileData.h"
#include "Summary.h"

#include "gtest/gtest.h"

#include <limits>

using namespace lineprof;
using namespace lineprof::test;
using llvm::Expected;

namespace {

constexpr uint64_t Max = std::numeric_limits<uint64_t>::max();

TEST(MemoryTest, BinaryUnitsFollowTracemalloc) {
  auto B = [](uint64_t N) { return formatBytes(N, ByteStyle::Binary); };
  EXPECT_EQ(B(0), "0 B");
  EXPECT_EQ(B(64), "64 B");
  EXPECT_EQ(B(6400), "6400 B");
  EXPECT_EQ(B(10239), "10239 B");
  EXPECT_EQ(B(10240), "10.0 KiB");
  EXPECT_EQ(B(102348), "99.9 KiB");
  // 99.96 KiB rounds up to 100.0; no wider than "10239 KiB".
  EXPECT_EQ(B(102359), "100.0 KiB");
  EXPECT_EQ(B(102400), "100 KiB");
  EXPECT_EQ(B(1 << 20), "1024 KiB");
  EXPECT_EQ(B(10 << 20), "10.0 MiB");
  EXPECT_EQ(B(uint64_t(3) << 40), "3072 GiB");
  // The largest count stays in the widest form.
  EXPECT_EQ(B(Max), "16.0 EiB");
  for (uint64_t N = 1; N < Max / 3; N = N * 3 + 1)
    EXPECT_LE(B(N).size(), 9u) << N;
}

TEST(MemoryTest, ExactBytesAndChanges) {
  EXPECT_EQ(formatBytes(10485760, ByteStyle::Exact), "10485760");
  EXPECT_EQ(formatBytes(Max, ByteStyle::Exact), "18446744073709551615");
  EXPECT_EQ(formatByteChange(6400, 0, ByteStyle::Binary), "+6400 B");
  EXPECT_EQ(formatByteChange(0, 4096, ByteStyle::Binary), "-4096 B");
  EXPECT_EQ(formatByteChange(10 << 20, 10 << 20, ByteStyle::Binary), "0 B");
  EXPECT_EQ(formatByteChange(5, 5, ByteStyle::Exact), "0");
  EXPECT_EQ(formatByteChange(0, 1 << 20, ByteStyle::Exact), "-1048576");
  // Exact at the extremes, where a signed 64-bit difference would overflow.
  EXPECT_EQ(formatByteChange(Max, 0, ByteStyle::Exact),
            "+18446744073709551615");
  EXPECT_EQ(formatByteChange(0, Max, ByteStyle::Exact),
            "-18446744073709551615");
  EXPECT_EQ(formatByteChange(0, Max, ByteStyle::Binary), "-16.0 EiB");
}

TEST(MemoryTest, AveragesRoundToWholeBytes) {
  EXPECT_EQ(formatAverageBytes(6400, 100, ByteStyle::Binary), "64 B");
  EXPECT_EQ(formatAverageBytes(10 << 20, 10, ByteStyle::Binary), "1024 KiB");
  EXPECT_EQ(formatAverageBytes(3, 2, ByteStyle::Exact), "2");
  EXPECT_EQ(formatAverageBytes(4, 3, ByteStyle::Exact), "1");
  EXPECT_EQ(formatAverageBytes(Max, 1, ByteStyle::Exact),
            "18446744073709551615");
  EXPECT_EQ(formatAverageBytes(Max, Max - 1, ByteStyle::Exact), "1");
  EXPECT_EQ(formatAverageBytes(5, 0, ByteStyle::Exact), "");
}

std::string memrBody(uint64_t Base) {
  Bytes B;
  for (uint64_t I = 0; I != 9; ++I)
    B.u64(Base + I);
  return B.Data;
}

std::string memfBody(uint32_t Function, uint64_t Peak,
                     const std::vector<std::array<uint64_t, 8>> &Lines) {
  Bytes B;
  B.u32(Function).u64(Peak);
  for (const auto &L : Lines)
    for (uint64_t V : L)
      B.u64(V);
  return B.Data;
}

std::string twoFunctions() {
  return record("PROG", progBody()) +
         record("FUNC", funcBody("/a.cpp", "f", 1, "f {\nleak;",
                                 {{1, 10}, {100, 20}})) +
         record("FUNC", funcBody("/a.cpp", "g", 5, "g", {{1, 1}}));
}

std::string parseError(const std::string &Payload) {
  Expected<ProfileFile> P = parseProfile(fileBytes(Payload, 1, 3));
  if (P)
    return "";
  return llvm::toString(P.takeError());
}

TEST(MemoryTest, ReadsRunAndFunctionRecords) {
  std::string Payload = twoFunctions() + record("MEMR", memrBody(1) + "later") +
                        record("MEMF", memfBody(0, 6400,
                                                {{0, 0, 0, 0, 0, 0, 0, 0},
                                                 {100, 6400, 1, 64, 99,
                                                  6336, 90, 5760}}) +
                                           "appended");
  Expected<ProfileFile> P = parseProfile(fileBytes(Payload, 1, 3));
  ASSERT_TRUE(bool(P)) << llvm::toString(P.takeError());
  ASSERT_TRUE(P->Run.Memory.has_value());
  EXPECT_EQ(P->Run.Memory->Allocs, 1u);
  EXPECT_EQ(P->Run.Memory->PeakLiveBytes, 7u);
  EXPECT_EQ(P->Run.Memory->UnattributedBytes, 9u);
  const FunctionProfile &F = P->Functions[0];
  ASSERT_EQ(F.Memory.size(), 2u);
  EXPECT_TRUE(F.Memory[0].empty());
  EXPECT_EQ(F.Memory[1].Allocs, 100u);
  EXPECT_EQ(F.Memory[1].FreedBytes, 64u);
  EXPECT_EQ(F.Memory[1].RetainedBytes, 6336u);
  EXPECT_EQ(F.Memory[1].SelfAllocs, 90u);
  EXPECT_EQ(F.Memory[1].SelfAllocBytes, 5760u);
  EXPECT_EQ(F.PeakBytes, 6400u);
  // No MEMF record: allocated nothing, known to be zero.
  const FunctionProfile &G = P->Functions[1];
  ASSERT_EQ(G.Memory.size(), 1u);
  EXPECT_TRUE(G.Memory[0].empty());

  // Without MEMR, nothing is known.
  Expected<ProfileFile> Old = parseProfile(fileBytes(twoFunctions(), 1, 2));
  ASSERT_TRUE(bool(Old));
  EXPECT_FALSE(Old->Run.Memory.has_value());
  EXPECT_FALSE(Old->Functions[0].hasMemory());
}

TEST(MemoryTest, MemoryRecordErrors) {
  std::string Memr = record("MEMR", memrBody(0));
  std::string Memf = record("MEMF", memfBody(0, 1, {{1, 2, 3, 4, 5, 6, 1, 2},
                                                    {1, 2, 3, 4, 5, 6, 1, 2}}));
  EXPECT_EQ(parseError(twoFunctions() + Memf),
            "MEMF record at offset 231: no MEMR record before it (a file "
            "with MEMF records has a MEMR record first)");
  EXPECT_EQ(parseError(twoFunctions() + Memr + Memf + Memf),
            "MEMF record at offset 475: second MEMF record for function 0 "
            "(at most one per function)");
  EXPECT_EQ(parseError(twoFunctions() + Memr +
                       record("MEMF", memfBody(2, 0, {}))),
            "MEMF record at offset 319: function index 2 is out of range "
            "(the file has 2 functions)");
  // The line count is checked against the bytes present first.
  EXPECT_EQ(parseError(twoFunctions() + Memr +
                       record("MEMF", memfBody(0, 0, {{1, 2, 3, 4, 5, 6, 1, 2}}))),
            "MEMF record at offset 319: function 0 has 2 lines and needs 128 "
            "bytes of line figures, but only 64 remain in the record");
  EXPECT_EQ(parseError(twoFunctions() + record("MEMR", memrBody(0).substr(0, 70))),
            "MEMR record at offset 231: record too short for "
            "unattributed_bytes (needs 8 bytes, 6 left)");
  EXPECT_EQ(parseError(twoFunctions() + Memr + Memr),
            "second MEMR record at offset 319 (a file holds at most one)");
  EXPECT_EQ(parseError(twoFunctions() + Memr +
                       record("FUNC", funcBody("/b.c", "h", 1, "h", {{1, 1}}))),
            "FUNC record at offset 319 follows the MEMR record (all FUNC "
            "records come first)");
}

TEST(MemoryTest, SumsFilesAndTakesTheLargestPeak) {
  auto File = [](uint64_t Peak, uint64_t PeakLive) {
    std::string Memr = Bytes()
                           .u64(100)
                           .u64(6400)
                           .u64(0)
                           .u64(0)
                           .u64(1)
                           .u64(6400)
                           .u64(PeakLive)
                           .u64(0)
                           .u64(0)
                           .Data;
    return cantFail(parseProfile(fileBytes(
        twoFunctions() + record("MEMR", Memr) +
            record("MEMF", memfBody(0, Peak, {{1, 100000, 0, 0, 0, 0, 0, 0},
                                              {100, 6400, 0, 0, 100, 6400,
                                               100, 6400}})),
        1, 3)));
  };
  Profile P;
  P.addFile("a", File(6400, 8000));
  P.addFile("b", File(9000, 7000));
  ASSERT_TRUE(P.hasMemory());
  const FunctionProfile &F = P.functions().begin()->second;
  EXPECT_EQ(F.Memory[1].Allocs, 200u);
  EXPECT_EQ(F.Memory[1].RetainedBytes, 12800u);
  EXPECT_EQ(F.PeakBytes, 9000u);
  EXPECT_EQ(F.Memory[1].SelfAllocBytes, 12800u);
  EXPECT_EQ(F.totalMemory().AllocBytes, 212800u);
  RunMemory Run = P.runMemory();
  EXPECT_EQ(Run.Allocs, 200u);
  EXPECT_EQ(Run.UntrackedFrees, 2u);
  EXPECT_EQ(Run.PeakLiveBytes, 8000u);

  std::vector<MemoryLine> Top = topRetainingLines(P, 5);
  ASSERT_EQ(Top.size(), 1u);
  EXPECT_EQ(Top[0].lineNumber(), 2u);
  EXPECT_EQ(Top[0].Bytes, 12800u);
  EXPECT_EQ(Top[0].Count, 200u);

  // Allocation sites rank by their self figures: line 1 allocated 200000
  // bytes inclusive, none itself.
  std::vector<MemoryLine> Sites = topAllocatingLines(P, 5);
  ASSERT_EQ(Sites.size(), 1u);
  EXPECT_EQ(Sites[0].lineNumber(), 2u);
  EXPECT_EQ(Sites[0].Bytes, 12800u);
  EXPECT_EQ(Sites[0].Count, 200u);

  // A file without memory figures makes the sum's unknown.
  P.addFile("c", cantFail(parseProfile(fileBytes(twoFunctions(), 1, 2))));
  EXPECT_FALSE(P.hasMemory());
  EXPECT_FALSE(P.functions().begin()->second.hasMemory());
}

} // namespace
