//===- lprof-report.cpp - Print .lprof profiles like line_profiler --------===//
//
// lprof-report [options] <file.lprof>...
//
// Reads one or more profiles written by the lineprof runtime, sums them, and
// prints the table line_profiler prints for Python (kernprof -l -v).
//
//===----------------------------------------------------------------------===//

#include "ProfileData.h"
#include "SourceCheck.h"
#include "TextReport.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <csignal>
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
               cl::desc("Seconds per unit of the Time and Per Hit columns "
                        "(default 1e-6)"),
               cl::value_desc("seconds"), cl::init("1e-6"),
               cl::cat(ReportCategory));
cl::alias UnitAlias("u", cl::desc("Alias for --unit"), cl::aliasopt(UnitOption),
                    cl::NotHidden);

cl::opt<bool> SkipZero("skip-zero",
                       cl::desc("Leave out functions whose total time is 0"),
                       cl::cat(ReportCategory));
cl::alias SkipZeroAlias("z", cl::desc("Alias for --skip-zero"),
                        cl::aliasopt(SkipZero), cl::NotHidden);

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

/// Flushes stdout and reports whether everything was written. A reader that
/// went away (closed pipe) is not worth a message; other failures are.
bool finishOutput() {
  raw_fd_ostream &Out = outs();
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
  cl::HideUnrelatedOptions(ReportCategory);
  cl::SetVersionPrinter(
      [](raw_ostream &OS) { OS << ToolName << " " << LINEPROF_VERSION << '\n'; });
  cl::ParseCommandLineOptions(
      Argc, Argv,
      "print lineprof profiles (.lprof) as line_profiler's table\n\n"
      "  Several files are summed: functions with the same file, name and\n"
      "  first line add their hits and times.\n");

  double Unit = 0;
  if (!parseUnit(UnitOption, Unit)) {
    printError("invalid --unit value '" + UnitOption +
               "': expected a positive number of seconds, like 1e-6");
    return 1;
  }
  if (InputFiles.empty()) {
    printError("no input files (usage: lprof-report [options] "
               "<file.lprof>...)");
    return 1;
  }

  // Read everything before printing anything: a table summed from only some
  // of the inputs would look complete but be wrong.
  Profile Merged;
  bool Failed = false;
  for (const std::string &Path : InputFiles) {
    Expected<ProfileFile> File = readProfile(Path);
    if (!File) {
      printError(toString(File.takeError()));
      Failed = true;
      continue;
    }
    for (FunctionProfile &F : File->Functions) {
      std::string Where = F.File + ":" + std::to_string(F.FirstLine);
      std::string Name = F.Name;
      if (!Merged.add(std::move(F)))
        printWarning(Path + ": " + Name + " at " + Where +
                     " was compiled from different source than in an "
                     "earlier profile; summing by line number");
    }
  }
  if (Failed)
    return 1;

  for (const std::string &Source : findChangedSources(Merged))
    printWarning(Source + " has changed since it was profiled; showing the "
                          "source as compiled");

  TextOptions Opts;
  Opts.OutputUnit = Unit;
  Opts.SkipZero = SkipZero;
  printText(outs(), Merged, Opts);
  return finishOutput() ? 0 : 1;
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
