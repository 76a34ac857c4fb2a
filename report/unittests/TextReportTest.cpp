//===- TextReportTest.cpp - Tests for the line_profiler table -------------===//

#include "TextReport.h"

#include "gtest/gtest.h"

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

} // namespace
