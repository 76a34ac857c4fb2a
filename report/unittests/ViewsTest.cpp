//===- ViewsTest.cpp - Tests for summaries, heat, diff and line matching --===//

#include "Diff.h"
#include "Heat.h"
#include "HtmlReport.h"
#include "Summary.h"
#include "TimeUnit.h"

#include "gtest/gtest.h"

using namespace lineprof;

namespace {

using Pairs = std::vector<std::pair<long, long>>;

FunctionProfile function(std::string File, std::string Name, uint32_t First,
                         std::vector<std::string> Source,
                         std::vector<LineStats> Lines,
                         std::optional<uint64_t> Calls = std::nullopt) {
  FunctionProfile F;
  F.File = std::move(File);
  F.Name = std::move(Name);
  F.FirstLine = First;
  F.TimeUnit = 1e-9;
  F.SourceLines = std::move(Source);
  F.Lines = std::move(Lines);
  F.Calls = Calls;
  return F;
}

TEST(ViewsTest, AlignLinesBySourceText) {
  // Identical: all paired.
  EXPECT_EQ(alignLines({"a", "b"}, {"a", "b"}), (Pairs{{0, 0}, {1, 1}}));
  // A line inserted: the rest pairs across the shift.
  EXPECT_EQ(alignLines({"a", "b", "c"}, {"a", "x", "b", "c"}),
            (Pairs{{0, 0}, {-1, 1}, {1, 2}, {2, 3}}));
  // A changed line: removed before added; indentation does not matter.
  EXPECT_EQ(alignLines({"{", "  old;", "  same;", "}"},
                       {"{", "  new;", "    same;", "}"}),
            (Pairs{{0, 0}, {1, -1}, {-1, 1}, {2, 2}, {3, 3}}));
  // Repeated lines keep their order.
  EXPECT_EQ(alignLines({"}", "x", "}"}, {"x", "}", "}"}),
            (Pairs{{0, -1}, {1, 0}, {-1, 1}, {2, 2}}));
  EXPECT_EQ(alignLines({}, {"a"}), (Pairs{{-1, 0}}));
  EXPECT_EQ(alignLines({"a"}, {}), (Pairs{{0, -1}}));
}

TEST(ViewsTest, AlignLinesInHugeFunctionsStaysLinear) {
  // Beyond the LCS table's limit the greedy match still pairs the
  // unchanged lines around an insertion.
  std::vector<std::string> A, B;
  for (int I = 0; I < 5000; ++I)
    A.push_back("line " + std::to_string(I));
  B = A;
  B.insert(B.begin() + 1, "inserted");
  A[2] = "changed";
  A.insert(A.begin() + 3000, "old");
  Pairs P = alignLines(A, B);
  size_t Paired = 0;
  for (auto [I, J] : P) {
    if (I >= 0 && J >= 0) {
      EXPECT_EQ(llvm::StringRef(A[I]).trim(), llvm::StringRef(B[J]).trim());
      ++Paired;
    }
  }
  EXPECT_EQ(Paired, 4999u);
}

TEST(ViewsTest, DiffMatchesMovedFunctions) {
  Profile Base, New;
  Base.add(function("/old/a.c", "f", 10, {"f() {", "work;", "}"},
                    {{1, 10}, {5, 1000}, {0, 0}}, 1));
  Base.add(function("/old/a.c", "gone", 50, {"x"}, {{1, 7}}));
  New.add(function("/new/a.c", "f", 12, {"f() {", "fast;", "work;", "}"},
                   {{1, 10}, {2, 20}, {5, 400}, {0, 0}}, 1));
  New.add(function("/new/b.c", "added", 1, {"y"}, {{1, 3}}));
  ProfileDiff D = diffProfiles(Base, New);
  ASSERT_EQ(D.Functions.size(), 3u);
  // Paired across directories by file name; ordered by the new identity.
  const FunctionDiff &F = D.Functions[0];
  ASSERT_TRUE(F.Base && F.New);
  EXPECT_EQ(F.Base->FirstLine, 10u);
  EXPECT_EQ(F.New->FirstLine, 12u);
  ASSERT_EQ(F.Lines.size(), 4u);
  EXPECT_EQ(F.Lines[2].BaseLine, 11u);
  EXPECT_EQ(F.Lines[2].NewLine, 14u);
  EXPECT_EQ(F.Lines[2].Source, "work;");
  EXPECT_DOUBLE_EQ(F.Lines[2].change(), -600e-9);
  EXPECT_FALSE(F.Lines[1].BaseLine.has_value());
  EXPECT_EQ(D.Functions[1].function().Name, "added");
  EXPECT_EQ(D.Functions[1].Base, nullptr);
  EXPECT_EQ(D.Functions[2].function().Name, "gone");
  EXPECT_EQ(D.Functions[2].New, nullptr);

  auto Order = functionsByChange(D, false);
  EXPECT_EQ(Order[0]->function().Name, "f");
  EXPECT_EQ(Order[1]->function().Name, "gone");
  auto Lines = biggestLineChanges(D, 2);
  ASSERT_EQ(Lines.size(), 2u);
  EXPECT_EQ(Lines[0].second->Source, "work;");
  EXPECT_EQ(Lines[1].second->Source, "fast;");
}

TEST(ViewsTest, FunctionSummariesAndHotLines) {
  Profile P;
  P.add(function("/a.c", "b", 1, {"1", "2"}, {{1, 300}, {3, 300}}, 2));
  P.add(function("/a.c", "a", 9, {"9"}, {{4, 400}}));
  P.add(function("/b.c", "c", 1, {"1"}, {{0, 0}}, 0));
  auto Names = [](const std::vector<FunctionSummary> &S) {
    std::vector<std::string> Out;
    for (const FunctionSummary &F : S)
      Out.push_back(F.F->Name);
    return Out;
  };
  using Strings = std::vector<std::string>;
  EXPECT_EQ(Names(summarizeFunctions(P, FunctionOrder::Time)),
            (Strings{"b", "a", "c"}));
  EXPECT_EQ(Names(summarizeFunctions(P, FunctionOrder::Calls)),
            (Strings{"b", "c", "a"}));
  EXPECT_EQ(Names(summarizeFunctions(P, FunctionOrder::PerCall)),
            (Strings{"b", "a", "c"}));
  EXPECT_EQ(Names(summarizeFunctions(P, FunctionOrder::Name)),
            (Strings{"a", "b", "c"}));
  EXPECT_EQ(Names(summarizeFunctions(P, FunctionOrder::File, true)),
            (Strings{"b", "a"}));
  FunctionSummary B = summarizeFunctions(P, FunctionOrder::Time)[0];
  EXPECT_DOUBLE_EQ(B.Percent, 60);
  EXPECT_DOUBLE_EQ(*B.secondsPerCall(), 300e-9);

  // Equal times keep the table order; lines without hits never show.
  std::vector<HotLine> Hot = hottestLines(P, 10);
  ASSERT_EQ(Hot.size(), 3u);
  EXPECT_EQ(Hot[0].F->Name, "a");
  EXPECT_EQ(Hot[1].lineNumber(), 1u);
  EXPECT_EQ(Hot[2].lineNumber(), 2u);
  EXPECT_DOUBLE_EQ(Hot[0].Percent, 40);
  EXPECT_EQ(hottestLines(P, 1).size(), 1u);

  // line_profiler's --sort: ascending, stable.
  std::vector<const FunctionProfile *> Table = tableOrder(P, true, false);
  EXPECT_EQ(Table[0]->Name, "c");
  EXPECT_EQ(Table[2]->Name, "b");
}

TEST(ViewsTest, ChoosesTheUnitPerHitReadsIn) {
  auto Unit = [](std::vector<LineStats> Lines) {
    Profile P;
    P.add(function("/a.c", "f", 1, std::vector<std::string>(Lines.size(), "x"),
                   std::move(Lines)));
    return chooseTimeUnit({&P});
  };
  // Times are in ns (TimeUnit 1e-9): 200 ns per hit reads 200.0 in ns.
  EXPECT_EQ(Unit({{10, 2000}, {1, 300}}), 1e-9);
  EXPECT_EQ(Unit({{1, 1000}}), 1e-6);
  EXPECT_EQ(Unit({{1, 999}}), 1e-9);
  EXPECT_EQ(Unit({{2, 3e9}}), 1.0);
  EXPECT_EQ(Unit({{1, 2e6}}), 1e-3);
  // 90% of the lines decide: one fast line of ten does not, two do.
  std::vector<LineStats> Lines(10, LineStats{1, 5e6});
  Lines[0].Time = 100;
  EXPECT_EQ(Unit(Lines), 1e-3);
  Lines[1].Time = 100;
  EXPECT_EQ(Unit(Lines), 1e-9);
  // Lines without hits or time do not count; nothing to go by: ns.
  EXPECT_EQ(Unit({{0, 0}, {5, 0}, {1, 4e6}}), 1e-3);
  EXPECT_EQ(Unit({{0, 0}}), 1e-9);
  EXPECT_EQ(timeUnitName(1e-6), "\xC2\xB5s");
  EXPECT_EQ(timeUnitName(1e-7), "x 1e-07 s");
}

TEST(ViewsTest, CountModeFunctionsHaveHitsOnly) {
  FunctionProfile Counted =
      function("/a.c", "c", 1, {"x", "y"}, {{4, 0}, {6, 0}}, 1);
  Counted.Modes = ModeCount;
  FunctionProfile Idle = function("/a.c", "idle", 5, {"x"}, {{0, 0}}, 0);
  FunctionProfile Timed = function("/a.c", "t", 9, {"x"}, {{1, 50}}, 1);
  Timed.Modes = ModeTiming;

  Profile Counts;
  Counts.add(Counted);
  Counts.add(Idle);
  EXPECT_FALSE(hasTimes(Counts));
  EXPECT_EQ(metricOf(Counted, false), Metric::Hits);
  // A function that never ran has no mode: it is shown like the others.
  EXPECT_EQ(metricOf(Idle, false), Metric::Hits);
  EXPECT_EQ(metricOf(Idle, true), Metric::Time);
  EXPECT_EQ(totalHits(Counted), 10u);
  // -z keeps a count-mode function with hits.
  EXPECT_FALSE(isZero(Counted, Measure::Time));
  EXPECT_TRUE(isZero(Idle, Measure::Time));
  std::vector<HotLine> Hot = hottestLines(Counts, 10, Metric::Hits);
  ASSERT_EQ(Hot.size(), 2u);
  EXPECT_EQ(Hot[0].Index, 1u);
  EXPECT_DOUBLE_EQ(Hot[0].Percent, 60);
  EXPECT_TRUE(hottestLines(Counts, 10, Metric::Time).empty());

  Profile Mixed = Counts;
  Mixed.add(Timed);
  EXPECT_TRUE(hasTimes(Mixed));
  std::vector<FunctionSummary> ByHits =
      summarizeFunctions(Mixed, FunctionOrder::Time, false, Measure::Time,
                         Metric::Hits);
  ASSERT_EQ(ByHits.size(), 1u);
  EXPECT_EQ(ByHits[0].F->Name, "c");
  EXPECT_EQ(summarizeFunctions(Mixed, FunctionOrder::Time).size(), 2u);

  // A file before format 1.2 records no modes: what ran was timed.
  Profile Old;
  Old.add(function("/a.c", "old", 1, {"x"}, {{1, 0}}));
  EXPECT_TRUE(hasTimes(Old));
}

TEST(ViewsTest, HeatScales) {
  EXPECT_EQ(heatOf(0), Heat::Cold);
  EXPECT_EQ(heatOf(0.99), Heat::Cold);
  EXPECT_EQ(heatOf(1), Heat::Cool);
  EXPECT_EQ(heatOf(5), Heat::Warm);
  EXPECT_EQ(heatOf(20), Heat::Hot);
  EXPECT_EQ(heatOf(50), Heat::Hottest);
  EXPECT_EQ(heatOf(NAN), Heat::Cold);
  EXPECT_EQ(heatStep(0), 0u);
  EXPECT_EQ(heatStep(0.0001), 1u);
  EXPECT_EQ(heatStep(25), 5u);
  EXPECT_EQ(heatStep(81), 9u);
  EXPECT_EQ(heatStep(100), 9u);
  EXPECT_EQ(heatStep(250), 9u);
  unsigned Last = 0;
  for (double P = 0; P <= 100; P += 0.5) {
    EXPECT_GE(heatStep(P), Last);
    Last = heatStep(P);
  }
}

TEST(ViewsTest, EscapesHtml) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  escapeHtml(OS, "a<b && \"c\" > d's");
  OS.flush();
  EXPECT_EQ(Out, "a&lt;b &amp;&amp; &quot;c&quot; &gt; d's");
}

} // namespace
