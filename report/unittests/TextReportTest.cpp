//===- TextReportTest.cpp - Tests for the line_profiler table -------------===//

#include "TextReport.h"

#include <cmath>

#include "gtest/gtest.h"

#include <fmt/format.h>

#include <random>

using namespace lineprof;

namespace {

std::string render(const Profile &P, TextOptions Opts = {}) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  printText(OS, P, Opts);
  OS.flush();
  return Out;
}

FunctionProfile sample() {
  FunctionProfile F;
  F.File = "/src/x.c";
  F.Name = "work";
  F.FirstLine = 7;
  F.TimeUnit = 1e-9;
  F.SourceLines = {"int work() {", "\tfor (;;)\r", "  return 1;", "}"};
  F.Lines = {{0, 0}, {3, 1500000}, {1, 500000}, {0, 0}};
  return F;
}

// Expected text produced with line_profiler 4.0.2:
//   show_text({('/src/x.c', 7, 'work'): [(8, 3, 1500000), (9, 1, 500000)]},
//             1e-9, output_unit=1e-6)
// with the file holding the same lines.
TEST(TextReportTest, MatchesLineProfiler) {
  Profile P;
  P.add(sample());
  EXPECT_EQ(render(P),
            "Timer unit: 1e-06 s\n"
            "\n"
            "Total time: 0.002 s\n"
            "File: /src/x.c\n"
            "Function: work at line 7\n"
            "\n"
            "Line #      Hits         Time  Per Hit   % Time  Line Contents\n"
            "==============================================================\n"
            "     7                                           int work() {\n"
            "     8         3       1500.0    500.0     75.0  \tfor (;;)\n"
            "     9         1        500.0    500.0     25.0    return 1;\n"
            "    10                                           }\n"
            "\n");
}

TEST(TextReportTest, UnitAndZeroFunctions) {
  Profile P;
  P.add(sample());
  FunctionProfile Idle = sample();
  Idle.Name = "idle";
  Idle.FirstLine = 1;
  Idle.SourceLines = {"void idle() {}"};
  Idle.Lines = {{0, 0}};
  P.add(Idle);

  std::string All = render(P, {1e-3, false});
  EXPECT_NE(All.find("Timer unit: 0.001 s\n"), std::string::npos);
  EXPECT_NE(All.find("Total time: 0 s\nFile: /src/x.c\nFunction: idle at line "
                     "1\n"),
            std::string::npos);
  EXPECT_NE(All.find("     8         3          1.5      0.5     75.0"),
            std::string::npos);

  std::string NonZero = render(P, {1e-3, true});
  EXPECT_EQ(NonZero.find("idle"), std::string::npos);
  EXPECT_NE(NonZero.find("work"), std::string::npos);
}

TEST(TextReportTest, HitLineWithZeroTimeInZeroFunction) {
  // line_profiler prints '' for % Time when the function's total is 0.
  FunctionProfile F = sample();
  F.Lines = {{1, 0}, {0, 0}, {0, 0}, {0, 0}};
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  printFunction(OS, F, 1e-6);
  OS.flush();
  EXPECT_NE(Out.find("     7         1          0.0      0.0           int "
                     "work() {\n"),
            std::string::npos);
}

TEST(TextReportTest, Fixed1RoundsLikePython) {
  // Python's '%5.1f', spot checks: ties of exactly representable values go
  // to even, others by their exact binary value.
  EXPECT_EQ(fixed1(0), "  0.0");
  EXPECT_EQ(fixed1(0.25), "  0.2");
  EXPECT_EQ(fixed1(0.75), "  0.8");
  EXPECT_EQ(fixed1(0.35), "  0.3"); // 0.34999999999999997...
  EXPECT_EQ(fixed1(2.675), "  2.7");
  EXPECT_EQ(fixed1(612.345), "612.3");
  EXPECT_EQ(fixed1(1250000), "1250000.0");
  EXPECT_EQ(fixed1(1e300), fmt::format("{:.1f}", 1e300));
  EXPECT_EQ(fixed1(-1.25), " -1.2");
  EXPECT_EQ(fixed1(NAN), "  nan");
  EXPECT_EQ(fixed1(INFINITY), "  inf");

  // The fast path must agree with fmt's exact rounding everywhere; ticks
  // times a tick length over a unit are the values the table sees.
  std::mt19937_64 Rng(42);
  for (int I = 0; I < 200000; ++I) {
    double V;
    switch (I % 4) {
    case 0:
      V = double(Rng() % 100000000) / 20; // Multiples of 0.05: ties.
      break;
    case 1:
      V = double(Rng() % 10000000000ULL) * (3.4482758620689656e-10 / 1e-6);
      break;
    case 2:
      V = std::ldexp(double(Rng() >> 11), -int(Rng() % 60));
      break;
    default:
      V = double(Rng() % 1000) + 0.05 * double(Rng() % 20);
    }
    ASSERT_EQ(fixed1(V), fmt::format("{:>5.1f}", V)) << V;
  }
}

TEST(TextReportTest, SortAndSummarize) {
  Profile P;
  FunctionProfile Slow = sample();
  P.add(Slow);
  FunctionProfile Fast = sample();
  Fast.Name = "fast";
  Fast.FirstLine = 100;
  Fast.Lines = {{0, 0}, {1, 10}, {0, 0}, {0, 0}};
  P.add(Fast);
  FunctionProfile Zero = sample();
  Zero.File = "/a.c";
  Zero.Name = "zero";
  Zero.Lines = {{0, 0}, {0, 0}, {0, 0}, {0, 0}};
  P.add(Zero);

  TextOptions Opts;
  Opts.SortByTime = true;
  Opts.Summarize = true;
  std::string Out = render(P, Opts);
  size_t ZeroAt = Out.find("Function: zero"), FastAt = Out.find("Function: fast"),
         WorkAt = Out.find("Function: work");
  EXPECT_LT(ZeroAt, FastAt);
  EXPECT_LT(FastAt, WorkAt);
  // In the table's unit (line_profiler 4.1: '%6.2f seconds', 0.00 here).
  std::string Summary = "\n   0.0 \xC2\xB5s - /a.c:7 - zero\n"
                        "   0.0 \xC2\xB5s - /src/x.c:100 - fast\n"
                        "2000.0 \xC2\xB5s - /src/x.c:7 - work\n";
  EXPECT_EQ(Out.substr(Out.size() - Summary.size()), Summary) << Out;

  Opts.SkipZero = true;
  Out = render(P, Opts);
  EXPECT_EQ(Out.find("zero"), std::string::npos);
}

TEST(TextReportTest, ColoursOnlyWhenEnabled) {
  Profile P;
  P.add(sample());
  std::string Plain = render(P);
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS.enable_colors(true);
  printText(OS, P, {});
  OS.flush();
  // Line 8 has 75 % of the time: bold red; line 9 25 %: red.
  EXPECT_NE(Out.find("     8         3 \x1b[0;1;31m      1500.0    500.0     "
                     "75.0\x1b[0m  \tfor (;;)\n"),
            std::string::npos)
      << Out;
  EXPECT_NE(Out.find("     9         1 \x1b[0;31m       500.0    500.0     "
                     "25.0\x1b[0m    return 1;\n"),
            std::string::npos);
  EXPECT_EQ(Plain.find('\x1b'), std::string::npos);
}

} // namespace
