//===- HtmlReport.cpp - One self-contained HTML page of a profile ---------===//
//
// The page is written in one pass with omitted end tags (valid HTML5) to
// keep a profile of a million lines small and fast to write.
//
//===----------------------------------------------------------------------===//

#include "HtmlReport.h"
#include "Heat.h"
#include "HtmlAssets.h"
#include "MemoryReport.h"
#include "TextReport.h"
#include "TextViews.h"
#include "TimeUnit.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Path.h"

#include <fmt/format.h>

using namespace llvm;

namespace lineprof {

namespace {

/// The directory all of P's source files are in, with a trailing '/'; ""
/// if that is only the root.
std::string commonDirectory(const Profile &P) {
  std::optional<StringRef> Common;
  for (const auto &Entry : P.functions()) {
    StringRef Dir = sys::path::parent_path(Entry.second.File);
    if (!Common) {
      Common = Dir;
      continue;
    }
    // Shorten to the longest common prefix that ends at a component.
    while (!Common->empty() &&
           !(Dir.starts_with(*Common) &&
             (Dir.size() == Common->size() || Dir[Common->size()] == '/')))
      Common = sys::path::parent_path(*Common);
  }
  if (!Common || Common->empty() || *Common == "/")
    return "";
  return Common->str() + "/";
}

/// The text table's '%5.1f', without its padding.
std::string number(double V) { return StringRef(fixed1(V)).ltrim().str(); }

/// A number for data-v, the sort key: shortest round-trip form.
std::string key(double V) { return fmt::format("{}", V); }

/// A function table's rows in the page's HTML; the rest follow it as the
/// text of an inert script element (id "ftable-rest", "ctable-rest"),
/// which the script adds to the table once the page has loaded, or
/// earlier if the table's end comes near the view or a column is sorted.
/// Laying out 2,000 rows took most of the first frame of a big profile's
/// page (docs/performance.md); 200 rows are several screens.
constexpr size_t FunctionRowsAtFirst = 200;

class HtmlWriter {
public:
  HtmlWriter(raw_ostream &OS, const Profile &P, const HtmlOptions &Opts)
      : OS(OS), P(P), Opts(Opts), Unit(timeUnitName(Opts.OutputUnit)),
        SourceDir(commonDirectory(P)), Memory(P.hasMemory()),
        Timed(hasTimes(P)), Counted(hasCountFunctions(P)),
        Sources(tableOrder(P, Opts.SortByTime, Opts.SkipZero)) {
    for (size_t I = 0, E = Sources.size(); I != E; ++I)
      Anchors[Sources[I]] = I + 1;
  }

  /// The page's order keeps a big profile's first paint fast: the
  /// summary, the tables and a placeholder per source table come first,
  /// then the script (the tables sort while the rest loads), then the
  /// source tables as inert text, which the script draws when a
  /// placeholder comes into view or a link points into it.
  void write() {
    OS << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
          "<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width,"
          "initial-scale=1\">\n<title>";
    escapeHtml(OS, "Line profile: " + title());
    OS << "</title>\n<style>" << html::Style << "</style>\n</head>\n<body>\n"
       << "<main>\n";
    header();
    if (Timed)
      functionTable(Metric::Time);
    if (Counted)
      functionTable(Metric::Hits);
    if (Timed)
      hotLines(Metric::Time);
    if (Counted)
      hotLines(Metric::Hits);
    threads();
    sourcePlaceholders();
    OS << "<footer>Made by ";
    escapeHtml(OS, Opts.Generator);
    OS << " from line profiles (.lprof).</footer>\n</main>\n<script>"
       << html::Script << "</script>\n";
    sourceRows();
    OS << "</body>\n</html>\n";
  }

private:
  raw_ostream &OS;
  const Profile &P;
  const HtmlOptions &Opts;
  std::string Unit;
  /// Tables show paths relative to this, to keep them narrow.
  std::string SourceDir;
  /// Whether the profile has memory figures: then the tables have memory
  /// columns.
  bool Memory;
  /// Whether it has times, and functions without them (count mode).
  bool Timed, Counted;
  /// The functions with a source section, in order; their anchors f1, f2...
  std::vector<const FunctionProfile *> Sources;
  DenseMap<const FunctionProfile *, size_t> Anchors;

  /// The profiled program, or the input file without one.
  std::string title() const {
    if (P.inputs().empty())
      return "profile";
    const InputFile &First = P.inputs().front();
    StringRef Program = First.Run.Program;
    return (Program.empty() ? sys::path::filename(First.Path)
                            : sys::path::filename(Program))
        .str();
  }

  std::string inUnit(double Seconds) const {
    return number(Seconds / Opts.OutputUnit);
  }

  /// A link to a function's source section; plain text if it has none
  /// (--skip-zero left it out).
  void functionLink(const FunctionProfile &F, std::string Fragment = "") {
    auto It = Anchors.find(&F);
    if (It == Anchors.end()) {
      escapeHtml(OS, F.Name);
      return;
    }
    OS << "<a href=\"#f" << It->second << Fragment << "\">";
    escapeHtml(OS, F.Name);
    OS << "</a>";
  }

  /// "file:line", the file relative to SourceDir.
  void location(const FunctionProfile &F, uint64_t Line) {
    escapeHtml(OS, StringRef(F.File).drop_front(
                       StringRef(F.File).starts_with(SourceDir)
                           ? SourceDir.size()
                           : 0));
    OS << ':' << Line;
  }

  /// The opening of a cell holding a location, with the whole path as its
  /// tooltip.
  void fileCell(const FunctionProfile &F) {
    OS << "<td class=\"file\" title=\"";
    escapeHtml(OS, F.File);
    OS << "\"";
  }

  void header() {
    OS << "<header>\n<h1>Line profile of <code>";
    escapeHtml(OS, P.inputs().empty() ? "" : P.inputs().front().Run.Program);
    OS << "</code></h1>\n<p class=\"facts\">";
    if (Timed)
      OS << "<span>Total time <b>" << general(P.totalSeconds())
         << " s</b></span>";
    if (Counted)
      OS << "<span>" << (Timed ? "Hits in count mode " : "Total hits ")
         << "<b>" << uint64_t(metricTotal(P, Metric::Hits)) << "</b></span>";
    OS << "<span><b>" << P.functions().size() << "</b> function"
       << (P.functions().size() == 1 ? "" : "s") << "</span>";
    if (Timed)
      OS << "<span>Times in <b>" << Unit << "</b> (timer unit "
         << general(Opts.OutputUnit) << " s)</span>";
    else
      OS << "<span>Hits only: the functions were built in count mode (no "
            "times)</span>";
    if (showsNetTimes(P))
      OS << "<span>Net of lineprof's overhead (hover a time for the "
            "measured one; <code>--raw</code> shows those)</span>";
    if (Memory) {
      RunMemory Run = P.runMemory();
      OS << "<span>Heap: allocated <b>"
         << formatBytes(Run.AllocBytes, Opts.Bytes) << "</b>, peak live <b>"
         << formatBytes(Run.PeakLiveBytes, Opts.Bytes)
         << "</b>, live at exit <b>" << formatBytes(Run.LiveBytes, Opts.Bytes)
         << "</b></span>";
    }
    OS << "</p>\n<p class=\"facts\">";
    for (const InputFile &Input : P.inputs()) {
      OS << "<span><code>";
      escapeHtml(OS, Input.Path);
      OS << "</code> (pid " << Input.Run.Pid << ")</span>";
    }
    if (!SourceDir.empty()) {
      OS << "<span>Sources in <code>";
      escapeHtml(OS, SourceDir);
      OS << "</code></span>";
    }
    OS << "</p>\n<nav><a href=\"#functions\">Functions</a>"
          "<a href=\"#hot\">"
       << (Timed ? "Hottest lines" : "Most hits") << "</a>";
    if (hasThreads())
      OS << "<a href=\"#threads\">Threads</a>";
    OS << "<a href=\"#source\">Source</a></nav>\n</header>\n";
  }

  bool hasThreads() const {
    for (const InputFile &Input : P.inputs())
      if (!Input.Threads.empty())
        return true;
    return false;
  }

  /// A sortable column head; Sort is the order ("ascending",
  /// "descending") the rows start in, if they are sorted by this column.
  void sortableHead(StringRef Label, bool Numeric, StringRef Sort = "",
                    bool Left = false) {
    OS << "<th data-type=\"" << (Numeric ? "num" : "text") << '"';
    if (Left)
      OS << " class=\"l\"";
    if (!Sort.empty())
      OS << " aria-sort=\"" << Sort << '"';
    OS << "><button type=\"button\">";
    escapeHtml(OS, Label);
    OS << "</button>";
  }

  /// The function table of the functions with times (Metric::Time,
  /// #ftable) or of those without (#ctable, by hits).
  void functionTable(Metric K) {
    bool Hits = K == Metric::Hits;
    std::vector<FunctionSummary> Rows = summarizeFunctions(
        P, Opts.Order, Opts.SkipZero, Measure::Time, K);
    // The File column sorts by (file, first line): the rank in that order.
    DenseMap<const FunctionProfile *, size_t> FileRank;
    for (const auto &Entry : P.functions())
      FileRank[&Entry.second] = FileRank.size();

    FunctionOrder O = Opts.Order;
    auto SortedBy = [O](FunctionOrder By, StringRef Direction) {
      return O == By ? Direction : StringRef();
    };
    // The count table follows the time table's section.
    if (!Hits || !Timed)
      OS << "<section id=\"functions\">\n<h2>Functions</h2>\n";
    else
      OS << "<h3>" << hitsOnlyFunctionsHeading(Rows) << "</h3>\n";
    OS << "<div class=\"scroll\"><table class=\"sortable\" id=\""
       << (Hits ? "ctable" : "ftable") << "\">\n<thead><tr>";
    sortableHead("Function", false, SortedBy(FunctionOrder::Name, "ascending"),
                 true);
    sortableHead("File", true, SortedBy(FunctionOrder::File, "ascending"),
                 true);
    sortableHead("Calls", true, SortedBy(FunctionOrder::Calls, "descending"));
    sortableHead(Hits ? "Hits" : "Time (" + Unit + ")", true,
                 SortedBy(FunctionOrder::Time, "descending"));
    sortableHead(Hits ? "Hits per call" : "Per call (" + Unit + ")", true,
                 SortedBy(FunctionOrder::PerCall, "descending"));
    sortableHead(Hits ? "% Hits" : "% Total", true);
    if (Memory) {
      sortableHead("Allocated", true,
                   SortedBy(FunctionOrder::Allocated, "descending"));
      sortableHead("Retained", true,
                   SortedBy(FunctionOrder::Retained, "descending"));
      sortableHead("Peak", true, SortedBy(FunctionOrder::Peak, "descending"));
    }
    OS << "</thead>\n<tbody>\n";
    for (size_t I = 0, E = Rows.size(); I != E; ++I) {
      // The rows past the first screens wait as inert text for the script
      // (see FunctionRowsAtFirst).
      if (I == FunctionRowsAtFirst)
        OS << "</tbody></table></div>\n<script type=\"text/x-lprof-rows\" id=\""
           << (Hits ? "ctable" : "ftable") << "-rest\">";
      const FunctionSummary &S = Rows[I];
      const FunctionProfile &F = *S.F;
      // On a phone the File column folds into a line under the name.
      OS << "<tr><td class=\"l\" data-v=\"";
      escapeHtml(OS, F.Name);
      OS << "\">";
      functionLink(F);
      OS << "<span class=\"sub\">";
      location(F, F.FirstLine);
      OS << "</span>";
      fileCell(F);
      OS << " data-v=\"" << FileRank[&F] << "\">";
      location(F, F.FirstLine);
      OS << "<td data-v=\"";
      if (F.Calls)
        OS << *F.Calls << "\">" << *F.Calls;
      else
        OS << "\">-";
      if (Hits) {
        OS << "<td data-v=\"" << S.Hits << "\">" << S.Hits;
        std::optional<double> PerCall = S.hitsPerCall();
        OS << "<td data-v=\"" << (PerCall ? key(*PerCall) : "") << "\">"
           << (PerCall ? number(*PerCall) : "-");
      } else {
        OS << "<td data-v=\"" << key(S.Seconds) << "\">" << inUnit(S.Seconds);
        std::optional<double> PerCall = S.secondsPerCall();
        OS << "<td data-v=\"" << (PerCall ? key(*PerCall) : "") << "\">"
           << (PerCall ? inUnit(*PerCall) : "-");
      }
      OS << "<td class=\"pct\" data-v=\"" << key(S.Percent)
         << "\"><span style=\"width:" << fmt::format("{:.1f}", S.Percent)
         << "%\"></span>" << number(S.Percent);
      if (Memory) {
        LineMemory Total = F.totalMemory();
        for (uint64_t Bytes :
             {Total.AllocBytes, Total.RetainedBytes, F.PeakBytes})
          OS << "<td data-v=\"" << Bytes << "\">"
             << formatBytes(Bytes, Opts.Bytes);
      }
      OS << "</tr>\n";
    }
    OS << (Rows.size() > FunctionRowsAtFirst ? "</script>\n"
                                             : "</tbody></table></div>\n");
    if (Hits || !Counted)
      OS << "</section>\n";
  }

  /// The hottest lines by time, or (Metric::Hits) the lines with the most
  /// hits of the functions without times.
  void hotLines(Metric K) {
    bool Hits = K == Metric::Hits;
    std::vector<HotLine> Lines = hottestLines(P, Opts.HotLines, K);
    if (!Hits || !Timed)
      OS << "<section id=\"hot\">\n<h2>"
         << (Hits ? "Most hits" : "Hottest lines") << "</h2>\n";
    else
      OS << "<h3>" << hitsOnlyLinesHeading(Lines) << "</h3>\n";
    OS << "<div class=\"scroll\"><table class=\"hot\">\n<thead><tr>";
    if (Hits)
      OS << "<th>Hits<th>% Hits";
    else
      OS << "<th>Time (" << Unit << ")<th>% Total<th>Hits<th>Per hit ("
         << Unit << ")";
    OS << "<th class=\"l\">Where<th class=\"l\">Function<th class=\"l\">"
          "Line</thead>\n<tbody>\n";
    for (const HotLine &L : Lines) {
      OS << "<tr class=\"h" << heatStep(L.Percent) << "\"><td>";
      if (Hits)
        OS << L.hits() << "<td>" << number(L.Percent);
      else
        OS << (L.F->estimated(L.Index) ? "~" : "") << inUnit(L.Seconds)
           << "<td>" << number(L.Percent) << "<td>" << L.hits() << "<td>"
           << inUnit(L.Seconds / double(L.hits()));
      fileCell(*L.F);
      OS << '>';
      location(*L.F, L.lineNumber());
      OS << "<td class=\"l\">";
      functionLink(*L.F, "-" + std::to_string(L.lineNumber()));
      OS << "<td class=\"code\">";
      escapeHtml(OS, StringRef(L.F->SourceLines[L.Index]).trim());
      OS << "</tr>\n";
    }
    OS << "</tbody></table></div>\n";
    if (Hits || !Counted)
      OS << "</section>\n";
  }

  void threads() {
    if (!hasThreads())
      return;
    OS << "<section id=\"threads\">\n<h2>Threads</h2>\n";
    for (const ThreadMetrics &M : summarizeThreadMetrics(P, Opts.SkipZero)) {
      const ThreadSummary &Any = M.any();
      OS << "<h3>Thread " << Any.T->Thread << " (tid " << Any.T->Tid;
      if (!Any.T->Name.empty()) {
        OS << ", &quot;";
        escapeHtml(OS, Any.T->Name);
        OS << "&quot;";
      }
      OS << ") of pid " << Any.Input->Run.Pid << "</h3>\n<p class=\"where\">";
      if (M.Time)
        OS << "Total time " << general(M.Time->Seconds) << " s";
      if (M.Hits)
        OS << (M.Time ? ", hits in count mode " : "Total hits ")
           << M.Hits->Hits;
      OS << " in <code>";
      escapeHtml(OS, Any.Input->Path);
      OS << "</code></p>\n";
      if (M.Time)
        threadTable(*M.Time, Metric::Time);
      if (M.Hits)
        threadTable(*M.Hits, Metric::Hits);
    }
    OS << "</section>\n";
  }

  void threadTable(const ThreadSummary &S, Metric K) {
    bool Hits = K == Metric::Hits;
    OS << "<div class=\"scroll\"><table class=\"thread\">\n<thead><tr><th>";
    if (Hits)
      OS << "Hits";
    else
      OS << "Time (" << Unit << ")";
    OS << "<th>% Thread<th>% Function<th class=\"l\">Function"
       << "<th class=\"l\">File</thead>\n<tbody>\n";
    for (const ThreadSummary::Part &Part : S.Parts) {
      OS << "<tr class=\"h" << heatStep(Part.PercentOfThread) << "\"><td>";
      if (Hits)
        OS << Part.Hits;
      else
        OS << inUnit(Part.Seconds);
      OS << "<td>" << number(Part.PercentOfThread) << "<td>"
         << number(Part.PercentOfFunction) << "<td class=\"l\">";
      functionLink(*Part.Whole);
      fileCell(*Part.F);
      OS << '>';
      location(*Part.F, Part.F->FirstLine);
      OS << "</tr>\n";
    }
    OS << "</tbody></table></div>\n";
  }

  /// Each source table's heading and an empty box as tall as its table
  /// will be, so that the page scrolls as if it were there.
  void sourcePlaceholders() {
    OS << "<section id=\"source\">\n<h2>Source</h2>\n<noscript><p>The "
          "source tables are drawn by JavaScript; <code>lprof-report</code> "
          "without <code>--format=html</code> prints them as text."
          "</p></noscript>\n</section>\n";
    for (size_t I = 0, E = Sources.size(); I != E; ++I)
      placeholder(*Sources[I], I + 1);
  }

  void placeholder(const FunctionProfile &F, size_t Anchor) {
    bool Hits = metricOf(F, Timed) == Metric::Hits;
    OS << "<section class=\"fn pending\" id=\"f" << Anchor
       << "\" style=\"--rows:" << F.Lines.size() << "\">\n<h3>";
    escapeHtml(OS, F.Name);
    OS << "</h3>\n<p class=\"where\"><code>";
    escapeHtml(OS, F.File);
    OS << ':' << F.FirstLine << "</code> &middot; ";
    if (Hits)
      OS << "Total hits " << totalHits(F);
    else
      OS << "Total time " << general(F.totalSeconds()) << " s";
    OS << " &middot; ";
    if (std::string Note = modeNote(F); !Note.empty())
      OS << "mode: " << Note << " &middot; ";
    if (F.Calls)
      OS << *F.Calls << (*F.Calls == 1 ? " call" : " calls");
    else
      OS << "calls not counted";
    OS << "</p>\n<div class=\"scroll\"></div>\n</section>\n";
  }

  /// Every source table, as the text of an inert script element
  /// (rN for section fN). Everything from the profile in them is escaped,
  /// so they hold no "</script" or "<!--" to end or confuse the element.
  void sourceRows() {
    // Lines the hottest-lines tables link to get an id; others need none.
    DenseMap<const FunctionProfile *, std::vector<size_t>> Targets;
    for (Metric K : {Metric::Time, Metric::Hits})
      for (const HotLine &L : hottestLines(P, Opts.HotLines, K))
        Targets[L.F].push_back(L.Index);
    for (size_t I = 0, E = Sources.size(); I != E; ++I) {
      OS << "<script type=\"text/x-lprof-rows\" id=\"r" << I + 1 << "\">";
      rows(*Sources[I], I + 1, Targets.lookup(Sources[I]));
      OS << "</script>\n";
    }
  }

  /// A source table: its head and a row per line.
  void rows(const FunctionProfile &F, size_t Anchor,
            std::vector<size_t> Targets) {
    bool Hits = metricOf(F, Timed) == Metric::Hits;
    OS << "<table class=\"src\">\n<thead><tr><th>Line<th>Hits";
    if (Hits)
      OS << "<th>% Hits";
    else
      OS << "<th>Time (" << Unit << ")<th>Per hit<th>% Time";
    if (Memory)
      OS << "<th>Allocs<th>Allocated<th>Freed<th>Net<th>Retained";
    OS << "<th class=\"l\">Line Contents</thead>\n<tbody>\n";
    // Walked alongside the lines: --top may ask for many.
    llvm::sort(Targets);
    auto NextTarget = Targets.begin();
    double Total = Hits ? double(totalHits(F)) : F.totalTime();
    double Scalar = F.TimeUnit / Opts.OutputUnit;
    for (size_t I = 0, E = F.Lines.size(); I != E; ++I) {
      const LineStats &L = F.Lines[I];
      uint64_t LineNo = uint64_t(F.FirstLine) + I;
      OS << "<tr";
      if (NextTarget != Targets.end() && *NextTarget == I) {
        OS << " id=\"f" << Anchor << '-' << LineNo << '"';
        ++NextTarget;
      }
      // The heat of a line's time, or of its hits in count mode.
      double Percent = percentOf(Hits ? double(L.Hits) : L.Time, Total);
      if (L.Hits != 0 && heatStep(Percent) != 0)
        OS << " class=\"h" << heatStep(Percent) << '"';
      OS << "><td>" << LineNo;
      if (L.Hits == 0) {
        OS << (Hits ? "<td><td><td>" : "<td><td><td><td><td>");
      } else if (Hits) {
        OS << "<td>" << L.Hits << "<td>" << number(Percent) << "<td>";
      } else {
        // The text table's figures, computed the same way; the measured
        // time in a tooltip, '~' before an estimate.
        OS << "<td>" << L.Hits << "<td";
        if (F.Compensated)
          OS << " title=\"measured " << number(L.RawTime * Scalar) << '"';
        OS << '>' << (F.estimated(I) ? "~" : "") << number(L.Time * Scalar)
           << "<td>"
           << number(L.Time * Scalar / double(L.Hits)) << "<td>"
           << (Total == 0 ? "" : number(Percent)) << "<td>";
      }
      // The text report's memory cells, from the same code.
      if (Memory) {
        MemoryCells Cells = memoryCells(F, I, Opts.Bytes);
        for (size_t C = 1; C != Cells.size(); ++C)
          OS << Cells[C] << "<td>";
      }
      escapeHtml(OS, StringRef(F.SourceLines[I]).rtrim('\r'));
      OS << "</tr>\n";
    }
    OS << "</tbody></table>";
  }
};

} // namespace

void escapeHtml(raw_ostream &OS, StringRef Text) {
  size_t Start = 0;
  for (size_t I = 0, E = Text.size(); I != E; ++I) {
    const char *Entity;
    switch (Text[I]) {
    case '&':
      Entity = "&amp;";
      break;
    case '<':
      Entity = "&lt;";
      break;
    case '>':
      Entity = "&gt;";
      break;
    case '"':
      Entity = "&quot;";
      break;
    default:
      continue;
    }
    OS << Text.slice(Start, I) << Entity;
    Start = I + 1;
  }
  OS << Text.substr(Start);
}

void printHtml(raw_ostream &OS, const Profile &P, const HtmlOptions &Opts) {
  HtmlWriter(OS, P, Opts).write();
}

} // namespace lineprof
