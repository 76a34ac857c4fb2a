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
  std::string Calibration =
      Bytes().u32(1).f64(20).f64(10).f64(5).f64(40).f64(64).Data;
  // Format 1.4's once-counted total and self times of its one line.
  std::string Details = Bytes().u64(7).u32(1).u64(2).u64(2).u64(0).Data +
                        Bytes().u64(3).u64(2).u64(3).u64(2).Data;
  std::string Payload = record("PROG", progBody() + Calibration + "extra") +
                        record("XTRA", "whatever") +
                        record("FUNC", funcBody("f.c", "g", 1, "x", {{2, 3}}) +
                                           Details + "appended") +
                        record("XTRA", "");
  Expected<ProfileFile> P = parseProfile(fileBytes(Payload, 1, 7));
  ASSERT_TRUE(bool(P)) << llvm::toString(P.takeError());
  ASSERT_EQ(P->Functions.size(), 1u);
  EXPECT_EQ(P->Functions[0].Lines[0].Hits, 2u);
  EXPECT_EQ(P->Run.Modes, 1u);
  EXPECT_EQ(P->Run.SampleMeanGap, 64);
  EXPECT_EQ(P->Functions[0].Lines[0].Time, 2);
}

TEST(ProfileDataTest, ReadsDetailsAndSelectsNetOrRawTimes) {
  std::string Prog = record(
      "PROG", progBody() +
                  Bytes().u32(5).f64(20).f64(10).f64(5).f64(40).f64(64).Data);
  // Line 1: 100 ticks measured, 60 net; line 2 sampled (weight 9).
  std::string Func =
      funcBody("f.c", "g", 1, "a\nb", {{2, 100}, {9, 50}}) +
      Bytes().u64(2).u32(4).u64(60).u64(2).u64(0).u64(45).u64(9).u64(9).Data;
  Expected<ProfileFile> P = parseProfile(fileBytes(Prog + record("FUNC", Func),
                                                   1, 2));
  ASSERT_TRUE(bool(P)) << llvm::toString(P.takeError());
  const FunctionProfile &F = P->Functions[0];
  EXPECT_EQ(F.Modes, 4u);
  EXPECT_TRUE(F.HasDetails);
  EXPECT_TRUE(F.Compensated);
  EXPECT_EQ(F.Lines[0].Time, 60);
  EXPECT_EQ(F.Lines[0].RawTime, 100);
  EXPECT_FALSE(F.estimated(0));
  EXPECT_TRUE(F.estimated(1));
  EXPECT_DOUBLE_EQ(F.rawTotalSeconds(), 150e-9);

  Profile Net;
  Net.addFile("a", *P);
  EXPECT_EQ(Net.functions().begin()->second.totalTime(), 105);
  Net.selectTimes(/*Raw=*/true);
  EXPECT_EQ(Net.functions().begin()->second.totalTime(), 150);

  // A sum with a file without details shows measured times only.
  Expected<ProfileFile> Old = parseProfile(fileBytes(
      record("PROG", progBody()) +
      record("FUNC", funcBody("f.c", "g", 1, "a\nb", {{1, 10}, {0, 0}}))));
  ASSERT_TRUE(bool(Old)) << llvm::toString(Old.takeError());
  Profile Mixed;
  Mixed.addFile("a", *P);
  Mixed.addFile("b", *Old);
  const FunctionProfile &Sum = Mixed.functions().begin()->second;
  EXPECT_FALSE(Sum.Compensated);
  EXPECT_EQ(Sum.totalTime(), 160);
  EXPECT_EQ(Sum.Lines[0].Hits, 3u);
  EXPECT_EQ(Sum.Modes, 4u);

  // A cut details field is damage.
  EXPECT_EQ(parseError(fileBytes(Prog + record("FUNC", Func.substr(0, Func.size() - 8)), 1, 2)),
            "FUNC record at offset 131: num_lines 2 needs 48 bytes of line "
            "details, but only 40 remain in the record");
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

TEST(ProfileDataTest, ReadsCallsWhenPresent) {
  std::string Prog = record("PROG", progBody());
  std::string Func = funcBody("f.c", "g", 1, "x", {{2, 3}});
  Expected<ProfileFile> Old = parseProfile(fileBytes(Prog + record("FUNC", Func)));
  ASSERT_TRUE(bool(Old)) << llvm::toString(Old.takeError());
  EXPECT_FALSE(Old->Functions[0].Calls.has_value());

  std::string WithCalls = Func + Bytes().u64(17).Data;
  Expected<ProfileFile> New =
      parseProfile(fileBytes(Prog + record("FUNC", WithCalls), 1, 1));
  ASSERT_TRUE(bool(New)) << llvm::toString(New.takeError());
  EXPECT_EQ(New->Functions[0].Calls, 17u);

  // Later fields after calls are ignored; a cut calls field is damage.
  std::string Details = Bytes().u32(1).u64(3).u64(2).u64(0).Data +
                        Bytes().u64(3).u64(3).u64(3).u64(3).Data;
  New = parseProfile(
      fileBytes(Prog + record("FUNC", WithCalls + Details + "later"), 1, 9));
  ASSERT_TRUE(bool(New)) << llvm::toString(New.takeError());
  EXPECT_EQ(New->Functions[0].Calls, 17u);
  EXPECT_EQ(parseError(fileBytes(Prog + record("FUNC", Func + "abc"))),
            "FUNC record at offset 87: record too short for calls (needs 8 "
            "bytes, 3 left)");
}

/// A THRD body: thread, tid, name and (function, lines) entries.
std::string thrdBody(
    uint32_t Thread, uint32_t Tid, llvm::StringRef Name,
    const std::vector<std::pair<uint32_t,
                                std::vector<std::pair<uint64_t, uint64_t>>>>
        &Functions) {
  Bytes B;
  B.u32(Thread).u32(Tid).str(Name).u32(Functions.size());
  for (const auto &[Index, Lines] : Functions) {
    B.u32(Index);
    for (auto [Hits, Ticks] : Lines)
      B.u64(Hits).u64(Ticks);
  }
  return B.Data;
}

std::string twoFunctions() {
  return record("PROG", progBody()) +
         record("FUNC", funcBody("a.c", "f", 1, "1\n2", {{3, 30}, {1, 5}})) +
         record("FUNC", funcBody("a.c", "g", 9, "9", {{2, 7}}));
}

TEST(ProfileDataTest, ReadsThreads) {
  std::string Payload =
      twoFunctions() +
      record("THRD", thrdBody(0, 100, "main", {{0, {{2, 20}, {1, 5}}}})) +
      record("THRD", thrdBody(1, 101, "", {{1, {{2, 7}}}, {0, {{1, 10}, {0, 0}}}}));
  Expected<ProfileFile> P = parseProfile(fileBytes(Payload));
  ASSERT_TRUE(bool(P)) << llvm::toString(P.takeError());
  ASSERT_EQ(P->Threads.size(), 2u);
  const ThreadProfile &Main = P->Threads[0];
  EXPECT_EQ(Main.Thread, 0u);
  EXPECT_EQ(Main.Tid, 100u);
  EXPECT_EQ(Main.Name, "main");
  ASSERT_EQ(Main.Functions.size(), 1u);
  EXPECT_EQ(Main.Functions[0].Name, "f");
  EXPECT_EQ(Main.Functions[0].Lines[0].Hits, 2u);
  EXPECT_EQ(Main.Functions[0].Lines[0].Time, 20);
  EXPECT_TRUE(Main.Functions[0].SourceLines.empty());
  const ThreadProfile &Worker = P->Threads[1];
  EXPECT_EQ(Worker.Name, "");
  ASSERT_EQ(Worker.Functions.size(), 2u);
  EXPECT_EQ(Worker.Functions[0].Name, "g");
  EXPECT_EQ(Worker.Functions[1].Name, "f");
  EXPECT_DOUBLE_EQ(Worker.totalSeconds(), 17e-9);
}

TEST(ProfileDataTest, ThreadErrors) {
  auto WithThreads = [](std::vector<std::string> Bodies) {
    std::string Payload = twoFunctions();
    for (const std::string &Body : Bodies)
      Payload += record("THRD", Body);
    return fileBytes(Payload);
  };
  std::string Whole0 = thrdBody(0, 1, "", {{0, {{3, 30}, {1, 5}}}, {1, {{2, 7}}}});
  EXPECT_EQ(parseError(WithThreads({Whole0})), "");

  // Offsets: PROG 55 bytes + FUNC 75 + FUNC 57 from 32, so THRD is at 219;
  // a THRD with both functions is 88 bytes.
  EXPECT_EQ(parseError(WithThreads({thrdBody(0, 1, "", {{2, {{1, 1}}}})})),
            "THRD record at offset 219: function index 2 is out of range (the "
            "file has 2 functions)");
  EXPECT_EQ(parseError(WithThreads(
                {thrdBody(0, 1, "", {{1, {{2, 7}}}, {1, {{0, 0}}}})})),
            "THRD record at offset 219: function 1 appears twice");
  EXPECT_EQ(parseError(WithThreads({Bytes().u32(0).u32(1).str("").u32(2000000000)
                                        .Data})),
            "THRD record at offset 219: count 2000000000 needs at least "
            "8000000000 bytes, but only 0 remain in the record");
  EXPECT_EQ(parseError(WithThreads({Bytes().u32(0).u32(1).str("").u32(1).u32(0)
                                        .u64(1).Data})),
            "THRD record at offset 219: function 0 has 2 lines and needs 32 "
            "bytes of line counts, but only 8 remain in the record");
  EXPECT_EQ(parseError(WithThreads({Whole0, Whole0})),
            "THRD record at offset 307: second THRD record for thread 0");
  EXPECT_EQ(parseError(WithThreads({thrdBody(0, 1, "", {{0, {{3, 30}, {1, 5}}}})})),
            "the THRD records do not add up to the FUNC totals: g line 9 has 2 "
            "hits and 7 ticks, its threads 0 and 0");
  EXPECT_EQ(parseError(WithThreads({thrdBody(0, 1, "", {{0, {{3, 31}, {1, 5}}},
                                                        {1, {{2, 7}}}})})),
            "the THRD records do not add up to the FUNC totals: f line 1 has 3 "
            "hits and 30 ticks, its threads 3 and 31");
  std::string Late = twoFunctions() + record("THRD", Whole0) +
                     record("FUNC", funcBody("a.c", "h", 1, "x", {{0, 0}}));
  EXPECT_EQ(parseError(fileBytes(Late)),
            "FUNC record at offset 307 follows a THRD record (all FUNC records "
            "come first)");
}

TEST(ProfileDataTest, AddFileKeepsInputsAndSumsCalls) {
  FunctionProfile F;
  F.File = "/a.c";
  F.Name = "f";
  F.TimeUnit = 1e-9;
  F.Lines = {{1, 10}};
  F.SourceLines = {"x"};
  F.Calls = 2;
  ProfileFile A;
  A.Run.SecondsPerTick = 1e-9;
  A.Functions = {F};
  ProfileFile B = A;
  B.Functions[0].Calls = 5;
  B.Functions[0].SourceLines = {"y"};
  Profile P;
  std::vector<std::string> Mismatched;
  auto Note = [&](const FunctionProfile &G) { Mismatched.push_back(G.Name); };
  P.addFile("a.lprof", A, Note);
  P.addFile("b.lprof", B, Note);
  EXPECT_EQ(Mismatched, std::vector<std::string>{"f"});
  ASSERT_EQ(P.inputs().size(), 2u);
  EXPECT_EQ(P.inputs()[1].Path, "b.lprof");
  EXPECT_EQ(P.commonSecondsPerTick(), 1e-9);
  EXPECT_EQ(P.functions().begin()->second.Calls, 7u);
  EXPECT_DOUBLE_EQ(P.totalSeconds(), 20e-9);

  // Without a count in one file, the sum's count is unknown.
  ProfileFile C = A;
  C.Run.SecondsPerTick = 2e-9;
  C.Functions[0].Calls.reset();
  P.addFile("c.lprof", C);
  EXPECT_FALSE(P.functions().begin()->second.Calls.has_value());
  EXPECT_EQ(P.commonSecondsPerTick(), std::nullopt);
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
