//===- ProfileDataTest.cpp - Tests for the .lprof reader and the model ----===//

#include "LprofWriter.h"
#include "ProfileData.h"

#include "llvm/Support/Endian.h"

#include "gtest/gtest.h"

using namespace lineprof;
using namespace lineprof::test;
using llvm::Expected;

namespace {

std::string validPayload() {
  return record("PROG", progBody(1e-9)) +
         record("FUNC", funcBody("/src/a.cpp", "primes", 10, "int f() {\n}",
                                 {{1, 500}, {0, 0}}));
}

/// The message of a failed parse, or "" if it succeeded.
std::string parseError(const std::string &Data) {
  Expected<ProfileFile> P = parseProfile(Data);
  if (P)
    return "";
  return llvm::toString(P.takeError());
}

TEST(ProfileDataTest, ReadsAllFields) {
  Expected<ProfileFile> P = parseProfile(fileBytes(validPayload()));
  ASSERT_TRUE(bool(P)) << llvm::toString(P.takeError());
  EXPECT_EQ(P->Run.SecondsPerTick, 1e-9);
  EXPECT_EQ(P->Run.Clock, 3u);
  EXPECT_EQ(P->Run.Pid, 42u);
  EXPECT_EQ(P->Run.StartNs, 1);
  EXPECT_EQ(P->Run.EndNs, 2);
  EXPECT_EQ(P->Run.Program, "app");
  ASSERT_EQ(P->Functions.size(), 1u);
  const FunctionProfile &F = P->Functions[0];
  EXPECT_EQ(F.File, "/src/a.cpp");
  EXPECT_EQ(F.Name, "primes");
  EXPECT_EQ(F.FirstLine, 10u);
  EXPECT_EQ(F.SourceLines, (std::vector<std::string>{"int f() {", "}"}));
  ASSERT_EQ(F.Lines.size(), 2u);
  EXPECT_EQ(F.Lines[0].Hits, 1u);
  EXPECT_DOUBLE_EQ(F.lineSeconds(0), 500e-9);
  EXPECT_EQ(F.Lines[1].Hits, 0u);
  EXPECT_DOUBLE_EQ(F.totalSeconds(), 500e-9);
}

TEST(ProfileDataTest, SkipsUnknownRecordsAndLaterFields) {
  // A later minor version may add records and append fields to bodies.
  std::string Payload = record("PROG", progBody() + "extra") +
                        record("XTRA", "whatever") +
                        record("FUNC", funcBody("f.c", "g", 1, "x", {{2, 3}}) +
                                           "appended") +
                        record("XTRA", "");
  Expected<ProfileFile> P = parseProfile(fileBytes(Payload, 1, 7));
  ASSERT_TRUE(bool(P)) << llvm::toString(P.takeError());
  ASSERT_EQ(P->Functions.size(), 1u);
  EXPECT_EQ(P->Functions[0].Lines[0].Hits, 2u);
}

TEST(ProfileDataTest, HeaderErrors) {
  std::string Good = fileBytes(validPayload());
  EXPECT_EQ(parseError(""), "empty file");
  EXPECT_EQ(parseError("\x89LPROX\r\n" + Good.substr(8)),
            "not a .lprof file (bad magic)");
  EXPECT_EQ(parseError("hello"), "not a .lprof file (bad magic)");
  EXPECT_EQ(parseError(Good.substr(0, 5)),
            "file is truncated (the header is 32 bytes, found 5)");
  EXPECT_EQ(parseError(Good.substr(0, 20)),
            "file is truncated (the header is 32 bytes, found 20)");
  EXPECT_EQ(parseError(fileBytes(validPayload(), 2, 3)),
            "unsupported format version 2.3 (this lprof-report reads 1.x)");
  EXPECT_EQ(parseError(Good.substr(0, Good.size() - 1)),
            "file is truncated (header says 150 payload bytes, found 149)");
  EXPECT_EQ(parseError(Good + "xy"),
            "file has trailing bytes (header says 150 payload bytes, found "
            "152)");
  std::string Flipped = Good;
  Flipped[40] ^= 1;
  EXPECT_EQ(parseError(Flipped), "checksum mismatch: the file is damaged");
  // The version is checked before the size.
  std::string V2 = fileBytes(validPayload(), 2);
  EXPECT_EQ(parseError(V2.substr(0, 40)),
            "unsupported format version 2.0 (this lprof-report reads 1.x)");
}

TEST(ProfileDataTest, RecordErrors) {
  std::string Prog = record("PROG", progBody());
  EXPECT_EQ(parseError(fileBytes("")),
            "missing PROG record (the file has no records)");
  EXPECT_EQ(parseError(fileBytes(record("FUNC", funcBody("f", "g", 1, "x",
                                                         {{1, 1}})) +
                                 Prog)),
            "missing PROG record (the first record, at offset 32, is FUNC)");
  EXPECT_EQ(parseError(fileBytes(Prog + Prog)),
            "second PROG record at offset 87 (a file holds exactly one)");
  EXPECT_EQ(parseError(fileBytes(Prog + "FUNC")),
            "payload ends inside a record header at offset 87 (4 bytes left, "
            "a record header is 16)");

  std::string LongRecord = Bytes().raw("FUNC").u32(0).u64(1000).raw("abc").Data;
  EXPECT_EQ(parseError(fileBytes(Prog + LongRecord)),
            "FUNC record at offset 87: length 1000 runs past the end of the "
            "payload (3 bytes left)");

  // num_lines says 1000 but only one entry follows.
  std::string Body = Bytes().str("f").str("g").u32(1).u32(1000).str("x")
                         .u64(1).u64(1).Data;
  EXPECT_EQ(parseError(fileBytes(Prog + record("FUNC", Body))),
            "FUNC record at offset 87: num_lines 1000 needs 16000 bytes of "
            "line counts, but only 16 remain in the record");
  Body = Bytes().str("f").u32(0xFFFFFFFF).raw("gg").Data;
  EXPECT_EQ(parseError(fileBytes(Prog + record("FUNC", Body))),
            "FUNC record at offset 87: name length 4294967295 runs past the "
            "end of the record (2 bytes left)");
  EXPECT_EQ(parseError(fileBytes(Prog + record("FUNC", "ab"))),
            "FUNC record at offset 87: record too short for file (needs 4 "
            "bytes, 2 left)");
  EXPECT_EQ(parseError(fileBytes(record("PROG", progBody(0)))),
            "PROG record at offset 32: seconds_per_tick is 0, must be finite "
            "and > 0");
  EXPECT_EQ(parseError(fileBytes(record("PROG", progBody(-1)))),
            "PROG record at offset 32: seconds_per_tick is -1, must be finite "
            "and > 0");
  EXPECT_EQ(parseError(fileBytes(
                Prog + record("FUNC", funcBody("f", "g", 1, "a\nb", {{1, 1}})))),
            "FUNC record at offset 87: source has 2 lines but num_lines is 1");
  EXPECT_EQ(parseError(fileBytes(
                Prog + record("FUNC", funcBody("f", "g", 0, "a", {{1, 1}})))),
            "FUNC record at offset 87: first_line is 0 (lines are numbered "
            "from 1)");
  EXPECT_EQ(parseError(fileBytes(Prog + record("FUNC",
                                               funcBody("f", "g", 1, "", {})))),
            "FUNC record at offset 87: num_lines is 0");
}

/// Rewrites the header's checksum so that damage reaches the record parser.
std::string withFixedChecksum(std::string Data) {
  if (Data.size() < 32)
    return Data;
  llvm::ArrayRef<uint8_t> P(reinterpret_cast<const uint8_t *>(Data.data()) + 32,
                            Data.size() - 32);
  llvm::support::endian::write32le(&Data[24], llvm::crc32(P));
  llvm::support::endian::write64le(&Data[16], Data.size() - 32);
  return Data;
}

TEST(ProfileDataTest, SurvivesEveryDamagedByteAndTruncation) {
  // Damage that a checksum would catch is made to pass it, so every length
  // and count check in the record parser is exercised. Nothing may crash or
  // allocate wildly; each result is either a profile or an error.
  std::string Good = fileBytes(
      validPayload() +
      record("FUNC", funcBody("b.c", "h", 3, "1\n2\n3", {{1, 2}, {3, 4}, {5, 6}})));
  for (size_t I = 32; I < Good.size(); ++I) {
    for (uint8_t Value : {0x00, 0x01, 0x7f, 0x80, 0xff}) {
      std::string Damaged = Good;
      Damaged[I] = char(Value);
      Expected<ProfileFile> P = parseProfile(withFixedChecksum(Damaged));
      if (!P)
        llvm::consumeError(P.takeError());
    }
    Expected<ProfileFile> P = parseProfile(withFixedChecksum(Good.substr(0, I)));
    if (!P)
      llvm::consumeError(P.takeError());
  }
}

FunctionProfile makeFunction(double TimeUnit, std::vector<LineStats> Lines) {
  FunctionProfile F;
  F.File = "/a.c";
  F.Name = "f";
  F.FirstLine = 5;
  F.TimeUnit = TimeUnit;
  F.SourceLines.assign(Lines.size(), "x");
  F.Lines = std::move(Lines);
  return F;
}

TEST(ProfileDataTest, MergeWithSameTickLengthKeepsTicks) {
  Profile P;
  EXPECT_TRUE(P.add(makeFunction(1e-9, {{1, 100}, {0, 0}})));
  EXPECT_TRUE(P.add(makeFunction(1e-9, {{2, 50}, {3, 7}})));
  ASSERT_EQ(P.functions().size(), 1u);
  const FunctionProfile &F = P.functions().begin()->second;
  EXPECT_EQ(F.TimeUnit, 1e-9);
  EXPECT_EQ(F.Lines[0].Hits, 3u);
  EXPECT_EQ(F.Lines[0].Time, 150);
  EXPECT_EQ(F.Lines[1].Hits, 3u);
  EXPECT_EQ(F.Lines[1].Time, 7);
}

TEST(ProfileDataTest, MergeWithDifferentTickLengthsAddsSeconds) {
  Profile P;
  P.add(makeFunction(1e-9, {{1, 1000}}));
  P.add(makeFunction(1e-6, {{1, 2}}));
  const FunctionProfile &F = P.functions().begin()->second;
  EXPECT_EQ(F.TimeUnit, 1);
  EXPECT_EQ(F.Lines[0].Hits, 2u);
  EXPECT_DOUBLE_EQ(F.lineSeconds(0), 3e-6);
}

TEST(ProfileDataTest, MergeReportsDifferentSourceAndKeepsLongerBody) {
  Profile P;
  P.add(makeFunction(1, {{1, 1}}));
  FunctionProfile Longer = makeFunction(1, {{1, 1}, {1, 2}});
  Longer.SourceLines[1] = "new";
  EXPECT_FALSE(P.add(Longer));
  const FunctionProfile &F = P.functions().begin()->second;
  EXPECT_EQ(F.SourceLines, (std::vector<std::string>{"x", "new"}));
  EXPECT_EQ(F.Lines[1].Time, 2);
}

TEST(ProfileDataTest, OrdersLikeLineProfiler) {
  // line_profiler sorts its stats by (file, first line, name).
  Profile P;
  auto Add = [&](const char *File, uint32_t Line, const char *Name) {
    FunctionProfile F = makeFunction(1, {{1, 1}});
    F.File = File;
    F.FirstLine = Line;
    F.Name = Name;
    P.add(std::move(F));
  };
  Add("/b.c", 1, "a");
  Add("/a.c", 20, "a");
  Add("/a.c", 3, "z");
  Add("/a.c", 3, "b");
  std::vector<std::string> Order;
  for (const auto &Entry : P.functions())
    Order.push_back(Entry.second.File + ":" +
                    std::to_string(Entry.second.FirstLine) + ":" +
                    Entry.second.Name);
  EXPECT_EQ(Order, (std::vector<std::string>{"/a.c:3:b", "/a.c:3:z",
                                             "/a.c:20:a", "/b.c:1:a"}));
}

} // namespace
