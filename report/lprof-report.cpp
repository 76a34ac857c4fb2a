//===- lprof-report.cpp - Print .lprof profiles like line_profiler --------===//
//
// lprof-report [options] <file.lprof>...
// lprof-report --diff [options] <base.lprof> <new.lprof>
//
// Reads one or more profiles written by the lineprof runtime, sums them, and
// prints the table line_profiler prints for Python (kernprof -l -v), or
// other views of it: a function table, the hottest lines, the threads, a
// comparison of two profiles, JSON, callgrind or an HTML page.
//
//===----------------------------------------------------------------------===//

#include "CallgrindReport.h"
#include "Diff.h"
#include "HtmlReport.h"
#include "Interference.h"
#include "JsonReport.h"
#include "MemoryReport.h"
#include "ProfileData.h"
#include "SourceCheck.h"
#include "TextReport.h"
#include "TextViews.h"
#include "TimeUnit.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <csignal>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#ifndef LINEPROF_VERSION
#error "LINEPROF_VERSION must be defined by the build"
#endif

using namespace llvm;
using namespace lineprof;

namespace {

cl::OptionCategory ReportCategory("lprof-report options");

cl::list<std::string> InputFiles(cl::Positional, cl::ZeroOrMore,
                                 cl::desc("<file.lprof>..."),
                                 cl::cat(ReportCategory));

cl::opt<std::string>
    UnitOption("unit",
               cl::desc("Seconds per unit of the time columns (default: the "
                        "unit in which Per Hit reads well, 1e-9 for most C++ "
                        "lines)"),
               cl::value_desc("seconds"), cl::cat(ReportCategory));
cl::alias UnitAlias("u", cl::desc("Alias for --unit"), cl::aliasopt(UnitOption),
                    cl::NotHidden);

cl::opt<bool> SkipZero("skip-zero",
                       cl::desc("Leave out functions whose total time is 0 "
                                "(count mode: that have no hits)"),
                       cl::cat(ReportCategory));
cl::alias SkipZeroAlias("z", cl::desc("Alias for --skip-zero"),
                        cl::aliasopt(SkipZero), cl::NotHidden);

cl::list<std::string>
    FunctionPatterns("function",
                     cl::desc("Show only the functions whose whole qualified "
                              "name matches <regex> (repeatable: any of "
                              "them), in every view and format"),
                     cl::value_desc("regex"), cl::cat(ReportCategory));

cl::opt<bool> RawTimes("raw",
                       cl::desc("Show the measured times, lineprof's own "
                                "overhead included (default: net of it, "
                                "for profiles that record it)"),
                       cl::cat(ReportCategory));

cl::opt<bool> SelfTimes("self",
                        cl::desc("Show self times: each line's time less the "
                                 "profiled calls made on it, each "
                                 "function's own time (pstats' tottime), in "
                                 "every view"),
                        cl::cat(ReportCategory));

cl::opt<bool> SortByTime("sort",
                         cl::desc("Order the table's functions by ascending "
                                  "total time"),
                         cl::cat(ReportCategory));
cl::alias SortAlias("s", cl::desc("Alias for --sort"), cl::aliasopt(SortByTime),
                    cl::NotHidden);

cl::opt<bool> Summarize("summarize",
                        cl::desc("After the table, one line per function with "
                                 "its total time in the table's unit (count "
                                 "mode: its hits)"),
                        cl::cat(ReportCategory));
cl::alias SummarizeAlias("m", cl::desc("Alias for --summarize"),
                         cl::aliasopt(Summarize), cl::NotHidden);

cl::opt<bool> ShowFunctions("functions",
                            cl::desc("Show a table of functions: calls, time, "
                                     "time per call, share of the total"),
                            cl::cat(ReportCategory));

cl::opt<std::string>
    CallersOf("callers",
              cl::desc("Show, for each function whose whole qualified name "
                       "matches <regex>, who called it: calls and time per "
                       "calling line (pstats' print_callers)"),
              cl::value_desc("regex"), cl::cat(ReportCategory));

cl::opt<std::string>
    CalleesOf("callees",
              cl::desc("Show, for each function whose whole qualified name "
                       "matches <regex>, the profiled calls it made: calls "
                       "and time per line and callee (pstats' "
                       "print_callees)"),
              cl::value_desc("regex"), cl::cat(ReportCategory));

cl::opt<FunctionOrder> SortBy(
    "sort-by", cl::desc("Order of the function table (default time)"),
    cl::values(clEnumValN(FunctionOrder::Time, "time", "most time first"),
               clEnumValN(FunctionOrder::Calls, "calls", "most calls first"),
               clEnumValN(FunctionOrder::PerCall, "percall",
                          "most time per call first"),
               clEnumValN(FunctionOrder::Name, "name", "by function name"),
               clEnumValN(FunctionOrder::File, "file",
                          "by file, then first line"),
               clEnumValN(FunctionOrder::Allocated, "allocated",
                          "most bytes allocated first"),
               clEnumValN(FunctionOrder::Retained, "retained",
                          "most bytes retained first"),
               clEnumValN(FunctionOrder::Peak, "peak",
                          "highest peak first")),
    cl::init(FunctionOrder::Time), cl::cat(ReportCategory));

cl::opt<unsigned> TopLines("top",
                           cl::desc("Show the N hottest lines of all "
                                    "functions (with --diff: the N biggest "
                                    "changes, default 10)"),
                           cl::value_desc("N"), cl::cat(ReportCategory));

cl::opt<bool> ShowMemory("memory",
                         cl::desc("Show memory per line (allocations, bytes "
                                  "allocated, freed, net, retained) instead "
                                  "of times; needs a profile of a run with "
                                  "LPROF_MEMORY=1"),
                         cl::cat(ReportCategory));

cl::opt<unsigned> AllocTop("alloc-top",
                           cl::desc("Show the N lines that allocated the most "
                                    "bytes and the N that retained the most, "
                                    "with the run's heap totals"),
                           cl::value_desc("N"), cl::cat(ReportCategory));

cl::opt<bool> ExactBytes("bytes",
                         cl::desc("Show exact byte counts instead of binary "
                                  "units (KiB, MiB, ...)"),
                         cl::cat(ReportCategory));

// libLLVM registers --threads and --color for its own tools. These two are
// made in run(), once libLLVM's are out of the way.
std::optional<cl::opt<bool>> ShowThreads;
enum class ColorMode { Auto, Always, Never };
std::optional<cl::opt<ColorMode>> Color;

/// Replaces libLLVM's options of the same names with lprof-report's.
void addLateOptions() {
  StringMap<cl::Option *> &Registered = cl::getRegisteredOptions();
  for (StringRef Name : {"threads", "color"})
    if (auto It = Registered.find(Name); It != Registered.end())
      It->second->removeArgument();
  ShowThreads.emplace("threads",
                      cl::desc("Show each thread's time per function"),
                      cl::cat(ReportCategory));
  Color.emplace(
      "color",
      cl::desc("Colour the time columns by heat (default auto: on a "
               "terminal, unless NO_COLOR is set)"),
      cl::values(clEnumValN(ColorMode::Auto, "auto", "on a terminal"),
                 clEnumValN(ColorMode::Always, "always", "always"),
                 clEnumValN(ColorMode::Never, "never", "never")),
      cl::init(ColorMode::Auto), cl::cat(ReportCategory));
}

cl::opt<bool> DiffMode("diff",
                       cl::desc("Compare two profiles: <base.lprof> "
                                "<new.lprof>"),
                       cl::cat(ReportCategory));

enum class OutputFormat { Text, Json, Callgrind, Html };
cl::opt<OutputFormat> Format(
    "format", cl::desc("Output format (default text)"),
    cl::values(clEnumValN(OutputFormat::Text, "text", "line_profiler's table"),
               clEnumValN(OutputFormat::Json, "json",
                          "JSON, see docs/report-json.md"),
               clEnumValN(OutputFormat::Callgrind, "callgrind",
                          "for callgrind_annotate and KCachegrind"),
               clEnumValN(OutputFormat::Html, "html",
                          "one self-contained page")),
    cl::init(OutputFormat::Text), cl::cat(ReportCategory));

cl::opt<std::string> OutputPath("o",
                                cl::desc("Write the report to <file> instead "
                                         "of stdout"),
                                cl::value_desc("file"),
                                cl::cat(ReportCategory));

constexpr const char *ToolName = "lprof-report";

void printError(const Twine &Message) {
  errs() << ToolName << ": error: " << Message << '\n';
}

void printWarning(const Twine &Message) {
  errs() << ToolName << ": warning: " << Message << '\n';
}

/// Parses --unit: a positive, finite number of seconds.
bool parseUnit(StringRef Text, double &Unit) {
  // getAsDouble returns true on failure.
  if (Text.trim().getAsDouble(Unit))
    return false;
  return std::isfinite(Unit) && Unit > 0;
}

/// Whether the text report gets colours: --color, else only on a terminal
/// that has them and when NO_COLOR (https://no-color.org) is unset or empty.
bool useColor(ColorMode Mode) {
  if (Mode != ColorMode::Auto)
    return Mode == ColorMode::Always;
  if (!OutputPath.empty())
    return false;
  std::optional<std::string> NoColor = sys::Process::GetEnv("NO_COLOR");
  if (NoColor && !NoColor->empty())
    return false;
  return sys::Process::StandardOutIsDisplayed() &&
         sys::Process::StandardOutHasColors();
}

/// Checks the combinations of options; prints the first problem.
bool checkOptions(size_t NumInputs) {
  auto Fail = [](const Twine &Message) {
    printError(Message);
    return false;
  };
  if (NumInputs == 0)
    return Fail("no input files (usage: lprof-report [options] "
                "<file.lprof>...)");
  if (DiffMode) {
    if (NumInputs != 2)
      return Fail("--diff compares two files, <base.lprof> <new.lprof>; got " +
                  Twine(NumInputs));
    if (Format != OutputFormat::Text && Format != OutputFormat::Json)
      return Fail("--diff writes --format=text or json");
    for (const auto *Opt : {&ShowFunctions, &*ShowThreads, &SortByTime,
                            &Summarize})
      if (*Opt)
        return Fail("--" + Opt->ArgStr + " does not apply to --diff");
    for (const auto *Opt : {&CallersOf, &CalleesOf})
      if (Opt->getNumOccurrences())
        return Fail("--" + Opt->ArgStr + " does not apply to --diff");
    if (SortBy.getNumOccurrences())
      return Fail("--sort-by does not apply to --diff");
    if (AllocTop.getNumOccurrences())
      return Fail("--alloc-top does not apply to --diff (--diff --memory "
                  "compares the memory columns)");
    if (ShowMemory && Format != OutputFormat::Text)
      return Fail("--memory is a view of --format=text (JSON has the memory "
                  "figures whenever the profiles do)");
    return true;
  }
  bool Text = Format == OutputFormat::Text;
  for (const auto *Opt : {&ShowFunctions, &*ShowThreads, &Summarize})
    if (*Opt && !Text)
      return Fail("--" + Opt->ArgStr + " is a view of --format=text");
  for (const auto *Opt : {&CallersOf, &CalleesOf})
    if (Opt->getNumOccurrences() && !Text)
      return Fail("--" + Opt->ArgStr + " is a view of --format=text");
  if (ShowMemory && !Text)
    return Fail("--memory is a view of --format=text (JSON and HTML show the "
                "memory figures whenever the profile has them)");
  if (AllocTop.getNumOccurrences() && !Text)
    return Fail("--alloc-top is a view of --format=text");
  if (TopLines.getNumOccurrences() && !Text && Format != OutputFormat::Html)
    return Fail("--top applies to --format=text and html");
  if (SortBy.getNumOccurrences() && !ShowFunctions &&
      Format != OutputFormat::Html)
    return Fail("--sort-by orders the --functions table (or the html page's)");
  return true;
}

/// What a pattern of --function, --callers or --callees must match.
constexpr const char *WholeNameHint =
    "the pattern must match the whole qualified name, like "
    "'ns::Class::method' or '.*parse.*'";

/// Compiles \p Pattern of option \p Option to match a whole qualified
/// name, as the plugin's function=REGEX selects; prints why and returns
/// false if it is bad.
bool compileWholeName(StringRef Option, const std::string &Pattern,
                      Regex &Out) {
  Out = Regex("^(" + Pattern + ")$");
  std::string Problem;
  if (Out.isValid(Problem))
    return true;
  printError("invalid --" + Option + " regular expression '" + Pattern +
             "': " + Problem);
  return false;
}

/// --function's patterns, compiled; empty when every function is shown.
class FunctionFilter {
public:
  /// Compiles the patterns; prints the first bad one and returns false.
  bool compile(ArrayRef<std::string> Patterns) {
    for (const std::string &Pattern : Patterns) {
      Regex R;
      if (!compileWholeName("function", Pattern, R))
        return false;
      Regexes.push_back(std::move(R));
    }
    return true;
  }

  bool active() const { return !Regexes.empty(); }

  bool matches(StringRef Name) const {
    return !active() || any_of(Regexes, [&](const Regex &R) {
             return R.match(Name);
           });
  }

  /// Drops the functions of File (and their parts in its threads) that do
  /// not match, so that every view and total sees only the rest. Counts
  /// the functions seen and kept.
  void apply(ProfileFile &File) {
    Seen += File.Functions.size();
    auto Drop = [this](const FunctionProfile &F) { return !matches(F.Name); };
    erase_if(File.Functions, Drop);
    for (ThreadProfile &T : File.Threads)
      erase_if(T.Functions, Drop);
    // A call to a dropped function goes; a call from one comes from
    // outside the profiled lines that are left.
    CallMap Calls;
    for (auto &[Key, Stats] : File.Calls) {
      const auto &[Caller, Line, Callee] = Key;
      if (!matches(std::get<2>(Callee)))
        continue;
      if (Caller && !matches(std::get<2>(*Caller)))
        Calls[CallKey(std::nullopt, 0, Callee)] += Stats;
      else
        Calls[Key] += Stats;
    }
    File.Calls = std::move(Calls);
    Kept += File.Functions.size();
  }

  /// With patterns that matched nothing, prints why and returns false.
  bool check(ArrayRef<std::string> Paths) const {
    if (!active() || Kept != 0 || Seen == 0)
      return true;
    std::string Patterns;
    for (size_t I = 0, E = FunctionPatterns.size(); I != E; ++I)
      Patterns += (I ? "', '" : "") + FunctionPatterns[I];
    std::string Files;
    for (size_t I = 0, E = Paths.size(); I != E; ++I)
      Files += (I ? ", " : "") + Paths[I];
    printError("no function in " + Files + " matches --function '" + Patterns +
               "' (of " + Twine(Seen) + " function" + (Seen == 1 ? "" : "s") +
               "; " + WholeNameHint + ")");
    return false;
  }

private:
  std::vector<Regex> Regexes;
  size_t Seen = 0, Kept = 0;
};

FunctionFilter Filter;

/// Reads and sums the files. Every file is read, so that each bad one gets
/// its error line; nullopt if any failed. --function's filter applies.
std::optional<Profile> readProfiles(ArrayRef<std::string> Paths) {
  Profile Merged;
  bool Failed = false;
  for (const std::string &Path : Paths) {
    Expected<ProfileFile> File = readProfile(Path);
    if (!File) {
      printError(toString(File.takeError()));
      Failed = true;
      continue;
    }
    for (const std::string &Note : File->Notes)
      printWarning(Path + ": " + Note);
    if (std::optional<std::string> Load = interferenceWarning(File->Run))
      printWarning(Path + ": " + *Load);
    Filter.apply(*File);
    Merged.addFile(Path, std::move(*File), [&](const FunctionProfile &F) {
      printWarning(Path + ": " + F.Name + " at " + F.File + ":" +
                   Twine(F.FirstLine) +
                   " was compiled from different source than in an earlier "
                   "profile; summing by line number");
    });
  }
  if (Failed)
    return std::nullopt;
  Merged.selectTimes(RawTimes);
  Merged.showSelf(SelfTimes);
  return Merged;
}

void warnAboutChangedSources(const Profile &P) {
  for (const std::string &Source : findChangedSources(P))
    printWarning(Source + " has changed since it was profiled; showing the "
                          "source as compiled");
}

ByteStyle byteStyle() {
  return ExactBytes ? ByteStyle::Exact : ByteStyle::Binary;
}

/// Whether the options ask for memory figures.
bool wantsMemory() {
  return ShowMemory || AllocTop.getNumOccurrences() ||
         SortBy == FunctionOrder::Allocated ||
         SortBy == FunctionOrder::Retained || SortBy == FunctionOrder::Peak;
}

/// Memory views need every input to have recorded memory: says which did
/// not and how to make them.
bool checkMemory(const Profile &P) {
  if (!wantsMemory() || P.hasMemory())
    return true;
  std::string Without;
  size_t Count = 0;
  for (const InputFile &Input : P.inputs())
    if (!Input.Run.Memory)
      Without += (Count++ ? ", " : "") + Input.Path;
  printError(Twine(Without) + (Count == 1 ? " has" : " have") +
             " no memory figures: run the program with LPROF_MEMORY=1 to "
             "record them");
  return false;
}

/// --callers or --callees: its expression, matched against the whole
/// qualified name as --function's.
class CallView {
public:
  CallView(const cl::opt<std::string> &Opt, CallDirection Direction)
      : Opt(Opt), Direction(Direction) {}

  bool given() const { return Opt.getNumOccurrences() != 0; }

  /// Compiles the expression; prints why and returns false if it is bad.
  bool compile() {
    return !given() || compileWholeName(Opt.ArgStr, Opt, Expression);
  }

  /// Prints why and returns false if no function of P matches.
  bool check(const Profile &P) const {
    if (!given() || any_of(P.functions(), [&](const auto &Entry) {
          return Expression.match(Entry.second.Name);
        }))
      return true;
    printError("no function matches --" + Opt.ArgStr + " '" + Opt + "' (" +
               WholeNameHint + ")");
    return false;
  }

  void print(raw_ostream &OS, const Profile &P, double Unit) const {
    if (given())
      printCallGraph(
          OS, P, [&](StringRef Name) { return Expression.match(Name); },
          Direction, Unit);
  }

private:
  const cl::opt<std::string> &Opt;
  CallDirection Direction;
  Regex Expression;
};

CallView Callers(CallersOf, CallDirection::Callers);
CallView Callees(CalleesOf, CallDirection::Callees);

void printTextViews(raw_ostream &OS, const Profile &P, double Unit) {
  bool TimeViews = ShowFunctions || TopLines || *ShowThreads ||
                   Callers.given() || Callees.given();
  bool Views = TimeViews || AllocTop;
  if (!Views && ShowMemory) {
    MemoryTextOptions Opts;
    Opts.Style = byteStyle();
    Opts.SkipZero = SkipZero;
    Opts.SortBySize = SortByTime;
    Opts.Summarize = Summarize;
    printMemoryText(OS, P, Opts);
    return;
  }
  if (!Views) {
    TextOptions Opts;
    Opts.OutputUnit = Unit;
    Opts.SkipZero = SkipZero;
    Opts.SortByTime = SortByTime;
    Opts.Summarize = Summarize;
    printText(OS, P, Opts);
    return;
  }
  bool MemoryColumns = ShowFunctions && P.hasMemory();
  if (TimeViews)
    printTimerUnit(OS, Unit, showsNetTimes(P), hasTimes(P));
  if (AllocTop || MemoryColumns)
    printMemoryUnit(OS, byteStyle());
  if (ShowFunctions)
    printFunctionTable(OS, P, SortBy, Unit, SkipZero,
                       MemoryColumns ? std::optional(byteStyle())
                                     : std::nullopt,
                       ShowMemory ? Measure::Memory : Measure::Time);
  if (TopLines)
    printHotLines(OS, P, TopLines, Unit);
  if (AllocTop)
    printAllocTop(OS, P, AllocTop, byteStyle());
  if (*ShowThreads)
    printThreads(OS, P, Unit, SkipZero);
  Callers.print(OS, P, Unit);
  Callees.print(OS, P, Unit);
}

void printReport(raw_ostream &OS, const Profile &P, double Unit) {
  switch (Format) {
  case OutputFormat::Text:
    printTextViews(OS, P, Unit);
    return;
  case OutputFormat::Json: {
    JsonOptions Opts;
    Opts.SkipZero = SkipZero;
    Opts.SortByTime = SortByTime;
    printJson(OS, P, Opts);
    return;
  }
  case OutputFormat::Callgrind:
    printCallgrind(OS, P, std::string(ToolName) + " " + LINEPROF_VERSION);
    return;
  case OutputFormat::Html: {
    HtmlOptions Opts;
    Opts.OutputUnit = Unit;
    Opts.SkipZero = SkipZero;
    Opts.SortByTime = SortByTime;
    Opts.Order = SortBy;
    if (TopLines.getNumOccurrences())
      Opts.HotLines = TopLines;
    Opts.Bytes = byteStyle();
    printHtml(OS, P, Opts);
    return;
  }
  }
}

void printDiff(raw_ostream &OS, const Profile &Base, const Profile &New,
               double Unit) {
  ProfileDiff D = diffProfiles(Base, New);
  size_t Top = TopLines.getNumOccurrences() ? size_t(TopLines) : 10;
  if (Format == OutputFormat::Json) {
    printDiffJson(OS, D, SkipZero);
    return;
  }
  DiffTextOptions Opts;
  Opts.OutputUnit = Unit;
  Opts.SkipZero = SkipZero;
  Opts.TopChanges = Top;
  Opts.BaseName = InputFiles[0];
  Opts.NewName = InputFiles[1];
  if (ShowMemory)
    Opts.Memory = byteStyle();
  printDiffText(OS, D, Opts);
}

/// Flushes OS and reports whether everything was written. A reader that
/// went away (closed pipe) is not worth a message; other failures are.
bool finishOutput(raw_fd_ostream &Out) {
  Out.flush();
  if (!Out.has_error())
    return true;
  std::error_code EC = Out.error();
  // Clear it, or raw_fd_ostream's destructor turns it into a fatal error.
  Out.clear_error();
  if (EC != std::errc::broken_pipe)
    printError("cannot write the report: " + EC.message());
  return false;
}

int run(int Argc, char **Argv) {
  addLateOptions();
  cl::HideUnrelatedOptions(ReportCategory);
  cl::SetVersionPrinter(
      [](raw_ostream &OS) { OS << ToolName << " " << LINEPROF_VERSION << '\n'; });
  cl::ParseCommandLineOptions(
      Argc, Argv,
      "print lineprof profiles (.lprof) as line_profiler's table\n\n"
      "  Several files are summed: functions with the same file, name and\n"
      "  first line add their hits and times. With --diff, two profiles\n"
      "  are compared line by line.\n");

  double Unit = 0;
  bool UnitGiven = UnitOption.getNumOccurrences() != 0;
  if (UnitGiven && !parseUnit(UnitOption, Unit)) {
    printError("invalid --unit value '" + UnitOption +
               "': expected a positive number of seconds, like 1e-6");
    return 1;
  }
  if (!checkOptions(InputFiles.size()) || !Filter.compile(FunctionPatterns) ||
      !Callers.compile() || !Callees.compile())
    return 1;

  // Read everything before printing anything: a table summed from only some
  // of the inputs would look complete but be wrong.
  std::optional<Profile> Base, New;
  if (DiffMode) {
    Base = readProfiles(InputFiles[0]);
    New = readProfiles(InputFiles[1]);
    if (!Base || !New)
      return 1;
    bool BaseMemory = checkMemory(*Base);
    if (!checkMemory(*New) || !BaseMemory)
      return 1;
    // The base is expected to be older than the sources.
    warnAboutChangedSources(*New);
  } else {
    New = readProfiles(InputFiles);
    if (!New || !checkMemory(*New))
      return 1;
    warnAboutChangedSources(*New);
  }
  if (!Filter.check(InputFiles) || (!DiffMode && !Callers.check(*New)) ||
      (!DiffMode && !Callees.check(*New)))
    return 1;
  // One unit for every view, from everything shown.
  if (!UnitGiven) {
    SmallVector<const Profile *, 2> Shown = {&*New};
    if (Base)
      Shown.push_back(&*Base);
    Unit = chooseTimeUnit(Shown);
  }

  // A regular file is removed again if the report fails half-way; a device
  // or pipe (-o /dev/stdout) is only written to.
  std::unique_ptr<ToolOutputFile> File;
  std::unique_ptr<raw_fd_ostream> Device;
  if (!OutputPath.empty()) {
    std::error_code EC;
    sys::fs::file_status Status;
    bool Special = !sys::fs::status(OutputPath, Status) &&
                   Status.type() != sys::fs::file_type::regular_file;
    if (Special)
      Device = std::make_unique<raw_fd_ostream>(OutputPath, EC,
                                                sys::fs::OF_None);
    else
      File =
          std::make_unique<ToolOutputFile>(OutputPath, EC, sys::fs::OF_None);
    if (EC) {
      printError("cannot write '" + OutputPath + "': " + EC.message());
      return 1;
    }
  }
  raw_fd_ostream &Out = File ? File->os() : Device ? *Device : outs();
  Out.enable_colors(Format == OutputFormat::Text && useColor(*Color));

  if (DiffMode)
    printDiff(Out, *Base, *New, Unit);
  else
    printReport(Out, *New, Unit);
  if (!finishOutput(Out))
    return 1;
  if (File)
    File->keep();
  return 0;
}

} // namespace

int main(int Argc, char **Argv) {
  // Report a closed stdout as a write error instead of dying from SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  int Status = run(Argc, Argv);
  // Nothing useful can be done if stderr itself is gone; don't let its
  // destructor make that fatal.
  errs().clear_error();
  return Status;
}
