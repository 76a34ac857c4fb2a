//===- lprof-cc.cpp - Compile with any compiler, instrumented -------------===//
//
// A compiler launcher (CMake's <LANG>_COMPILER_LAUNCHER, or CC="lprof-cc gcc"):
//
//   lprof-cc REAL-COMPILER ARGS...
//
// runs REAL-COMPILER with ARGS, each C or C++ source among them replaced by
// its instrumented text (lprof-rewrite's output) in a temporary directory.
// What the compiler says and writes names the user's files, not the
// temporaries: the text's `#line` directives name the source as the
// command line spells it, -fdebug-prefix-map and -fmacro-prefix-map map the
// temporary directory back to the source's, `-iquote` keeps the source's
// directory first for `#include "..."`, and `-MD` dependency files are
// rewritten to list the source. Options for the plugin,
// -fplugin-arg-lineprof-NAME=VALUE, are taken out and given to
// lprof-rewrite. Commands that generate no code (-E, -M, -fsyntax-only) run
// as they are; so does a source Clang cannot parse, with a warning.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>
#include <vector>

using llvm::ArrayRef;
using llvm::StringRef;

namespace {

constexpr StringRef ToolName = "lprof-cc";
constexpr StringRef PluginArgPrefix = "-fplugin-arg-lineprof-";

llvm::raw_ostream &error() {
  return llvm::WithColor::error(llvm::errs(), ToolName);
}

/// GCC driver options whose value is the next argument.
bool takesSeparateValue(StringRef Arg) {
  static const llvm::StringSet<> Options = {
      "-o", "-MF", "-MT", "-MQ", "-I", "-isystem", "-iquote", "-idirafter",
      "-include", "-imacros", "-x", "-D", "-U", "-L", "-l", "-Xlinker",
      "-Xassembler", "-Xpreprocessor", "-Xclang", "-u", "-T", "-z",
      "-aux-info", "--param", "-isysroot", "-iprefix", "-iwithprefix",
      "-iwithprefixbefore", "-imultilib", "-dumpbase", "-dumpdir", "-MJ",
      "-target", "-arch", "--sysroot", "-e"};
  return Options.contains(Arg);
}

bool isSourceName(StringRef Path) {
  StringRef Ext = llvm::sys::path::extension(Path);
  return Ext == ".c" || Ext == ".cc" || Ext == ".cp" || Ext == ".cxx" ||
         Ext == ".cpp" || Ext == ".CPP" || Ext == ".c++" || Ext == ".C";
}

/// What the command line says: its sources, and what the rewrite needs.
struct CommandLine {
  std::vector<std::string> Compiler; ///< [Launcher] real compiler, ARGS.
  size_t FirstArg = 1;               ///< Index of ARGS in Compiler.
  std::vector<size_t> Sources;       ///< Indices of the sources in Compiler.
  std::vector<std::string> ParseArgs;   ///< ARGS for lprof-rewrite's parse.
  std::vector<std::string> RewriteArgs; ///< --plugin-arg=NAME=VALUE...
  bool GeneratesCode = true;
  bool WritesDependencies = false;
  std::optional<std::string> DependencyFile; ///< -MF
  std::optional<std::string> Output;         ///< -o
  bool CompileOnly = false;                  ///< -c, -S
};

CommandLine parse(ArrayRef<const char *> Args) {
  CommandLine Command;
  // A compiler cache or distributor (a CMake launcher after lprof-cc) runs
  // the compiler named next.
  static const llvm::StringSet<> Launchers = {"ccache", "sccache", "distcc",
                                              "icecc"};
  size_t First = 1;
  while (First < Args.size() &&
         Launchers.contains(llvm::sys::path::filename(Args[First - 1])))
    ++First;
  for (size_t I = 0; I < First; ++I)
    Command.Compiler.push_back(Args[I]);
  Command.FirstArg = First;
  std::string Language; // -x
  for (size_t I = First; I < Args.size(); ++I) {
    StringRef Arg = Args[I];
    if (Arg.consume_front(PluginArgPrefix)) {
      Command.RewriteArgs.push_back(("--plugin-arg=" + Arg).str());
      continue;
    }
    // The plugin itself, if the flags are shared with a Clang build.
    if (Arg.starts_with("-fplugin=") && Arg.ends_with("lineprof.so"))
      continue;
    Command.Compiler.push_back(Arg.str());
    if (takesSeparateValue(Arg) && I + 1 < Args.size()) {
      StringRef Value = Args[++I];
      Command.Compiler.push_back(Value.str());
      if (Arg == "-o")
        Command.Output = Value.str();
      else if (Arg == "-MF")
        Command.DependencyFile = Value.str();
      else if (Arg == "-x")
        Language = Value.str();
      if (Arg != "-o" && Arg != "-MF" && Arg != "-MT" && Arg != "-MQ" &&
          Arg != "-L" && Arg != "-l" && Arg != "-Xlinker" && Arg != "-u" &&
          Arg != "-T" && Arg != "-z" && Arg != "-e" && Arg != "-MJ") {
        Command.ParseArgs.push_back(Arg.str());
        Command.ParseArgs.push_back(Value.str());
      }
      continue;
    }
    if (Arg == "-E" || Arg == "-M" || Arg == "-MM" || Arg == "-fsyntax-only")
      Command.GeneratesCode = false;
    if (Arg == "-c" || Arg == "-S")
      Command.CompileOnly = true;
    if (Arg == "-MD" || Arg == "-MMD")
      Command.WritesDependencies = true;
    if (Arg.starts_with("-x"))
      Language = Arg.drop_front(2).str();
    if (Arg.starts_with("-MF"))
      Command.DependencyFile = Arg.drop_front(3).str();
    if (Arg.starts_with("-o") && Arg.size() > 2)
      Command.Output = Arg.drop_front(2).str();
    bool IsInput = !Arg.starts_with("-") || Arg == "-";
    bool IsSource =
        IsInput && Arg != "-" &&
        (Language.empty() || Language == "none" ? isSourceName(Arg)
                                                : Language == "c" ||
                                                      Language == "c++");
    if (IsSource) {
      Command.Sources.push_back(Command.Compiler.size() - 1);
      continue;
    }
    // Objects, libraries, dependency and link options: not for the parse.
    if (IsInput || Arg == "-c" || Arg == "-S" || Arg.starts_with("-M") ||
        Arg.starts_with("-o") || Arg.starts_with("-Wl,") ||
        Arg.starts_with("-l") || Arg.starts_with("-L"))
      continue;
    Command.ParseArgs.push_back(Arg.str());
  }
  return Command;
}

int run(ArrayRef<std::string> Command,
        std::optional<StringRef> StderrPath = std::nullopt) {
  std::vector<StringRef> Argv(Command.begin(), Command.end());
  llvm::ErrorOr<std::string> Program = llvm::sys::findProgramByName(Argv[0]);
  if (!Program) {
    error() << Argv[0] << ": not found\n";
    return 127;
  }
  std::optional<StringRef> Redirects[] = {std::nullopt, std::nullopt,
                                          StderrPath};
  std::string Message;
  int Status = llvm::sys::ExecuteAndWait(
      *Program, Argv, std::nullopt,
      StderrPath ? ArrayRef<std::optional<StringRef>>(Redirects)
                 : ArrayRef<std::optional<StringRef>>(),
      0, 0, &Message);
  if (Status < 0) {
    error() << Argv[0] << ": " << Message << "\n";
    return 1;
  }
  return Status;
}

/// lprof-rewrite next to this tool, or on PATH.
std::string rewriterPath(const char *Argv0) {
  static int Anchor;
  std::string Self = llvm::sys::fs::getMainExecutable(Argv0, &Anchor);
  llvm::SmallString<256> Path(llvm::sys::path::parent_path(Self));
  llvm::sys::path::append(Path, "lprof-rewrite");
  if (llvm::sys::fs::can_execute(Path))
    return std::string(Path);
  return "lprof-rewrite";
}

std::string cStringLiteral(StringRef Text) {
  std::string Out = "\"";
  for (char C : Text) {
    if (C == '"' || C == '\\')
      Out += '\\';
    Out += C;
  }
  return Out + "\"";
}

/// A path as a Make prerequisite.
std::string makeEscaped(StringRef Path) {
  std::string Out;
  for (char C : Path) {
    if (C == ' ' || C == '#' || C == '\\')
      Out += '\\';
    else if (C == '$')
      Out += '$';
    Out += C;
  }
  return Out;
}

/// One source and the instrumented copy compiled in its place.
struct Rewrite {
  std::string Source;       ///< As the command line spells it.
  std::string TempDir;      ///< Holds Copy; removed at the end.
  std::string Copy;         ///< TempDir/<the source's file name>.
};

/// Writes the instrumented text of \p Source to a temporary file; nullopt
/// when there is nothing to instrument or Clang cannot parse it (the
/// original is compiled then; \p Failure says why, for the latter), or when
/// lprof-rewrite refuses its options (\p OptionError).
std::optional<Rewrite> rewriteSource(const std::string &Rewriter,
                                     const CommandLine &Command,
                                     const std::string &Source,
                                     std::string &Failure, bool &OptionError) {
  Rewrite Result;
  Result.Source = Source;
  llvm::SmallString<256> TempDir;
  if (std::error_code EC =
          llvm::sys::fs::createUniqueDirectory("lprof-cc", TempDir)) {
    Failure = "cannot create a temporary directory: " + EC.message();
    return std::nullopt;
  }
  Result.TempDir = std::string(TempDir);
  llvm::SmallString<256> Copy(TempDir);
  llvm::sys::path::append(Copy, llvm::sys::path::filename(Source));
  Result.Copy = std::string(Copy);
  llvm::SmallString<256> Log(TempDir);
  llvm::sys::path::append(Log, "rewrite.log");

  std::vector<std::string> Argv = {Rewriter};
  Argv.insert(Argv.end(), Command.RewriteArgs.begin(),
              Command.RewriteArgs.end());
  Argv.insert(Argv.end(), {Source, "-o", Result.Copy, "--"});
  Argv.insert(Argv.end(), Command.ParseArgs.begin(), Command.ParseArgs.end());
  // The real compiler reports the source's warnings; Clang's view of
  // another compiler's flags is noise.
  Argv.insert(Argv.end(), {"-w", "-Qunused-arguments"});
  if (run(Argv, StringRef(Log)) != 0) {
    auto Text = llvm::MemoryBuffer::getFile(Log);
    StringRef Why = "lprof-rewrite failed";
    if (Text)
      for (StringRef Line : llvm::split((*Text)->getBuffer(), '\n'))
        if (Line.contains("error:")) {
          Why = Line;
          break;
        }
    Failure = Why.str();
    // lprof-rewrite's own errors (a bad option) are the user's to fix;
    // Clang's (it cannot parse what this compiler accepts) are not.
    OptionError = Why.starts_with("lprof-rewrite: error:");
    llvm::sys::fs::remove_directories(Result.TempDir);
    return std::nullopt;
  }

  auto Original = llvm::MemoryBuffer::getFile(Source);
  auto Text = llvm::MemoryBuffer::getFile(Result.Copy);
  if (!Original || !Text || (*Original)->getBuffer() == (*Text)->getBuffer()) {
    llvm::sys::fs::remove_directories(Result.TempDir);
    return std::nullopt;
  }
  // The prologue, first in the text, ends with `#line 1 "<absolute path>"`:
  // name the source as the command line does, as __FILE__ and the
  // compiler's messages would.
  std::string Instrumented = (*Text)->getBuffer().str();
  if (StringRef(Instrumented).starts_with("#line 1 \"<lineprof probes>\"\n")) {
    size_t At = Instrumented.find("\n#line 1 \"");
    size_t End = Instrumented.find('\n', At + 1);
    if (At != std::string::npos && End != std::string::npos)
      Instrumented.replace(At, End - At,
                           "\n#line 1 " + cStringLiteral(Source));
  }
  std::error_code EC;
  llvm::raw_fd_ostream Out(Result.Copy, EC);
  Out << Instrumented;
  Out.close();
  if (EC || Out.has_error()) {
    Failure = "cannot write " + Result.Copy;
    llvm::sys::fs::remove_directories(Result.TempDir);
    return std::nullopt;
  }
  return Result;
}

/// Where -MD without -MF writes: the output with `.d`, or the source's file
/// name with `.d` in the working directory.
std::string dependencyFile(const CommandLine &Command, StringRef Source) {
  if (Command.DependencyFile)
    return *Command.DependencyFile;
  llvm::SmallString<256> Path;
  if (Command.Output && Command.CompileOnly)
    Path = *Command.Output;
  else
    Path = llvm::sys::path::filename(Source);
  llvm::sys::path::replace_extension(Path, ".d");
  return std::string(Path);
}

/// Names the sources, not their copies, in the dependency file.
void fixDependencies(const std::string &Path, ArrayRef<Rewrite> Rewrites) {
  auto Text = llvm::MemoryBuffer::getFile(Path);
  if (!Text)
    return;
  std::string Deps = (*Text)->getBuffer().str();
  for (const Rewrite &R : Rewrites) {
    std::string Escaped = makeEscaped(R.Source);
    for (size_t At = Deps.find(R.Copy); At != std::string::npos;
         At = Deps.find(R.Copy, At + Escaped.size()))
      Deps.replace(At, R.Copy.size(), Escaped);
  }
  std::error_code EC;
  llvm::raw_fd_ostream Out(Path, EC);
  if (EC) {
    error() << Path << ": " << EC.message() << "\n";
    return;
  }
  Out << Deps;
}

} // namespace

int main(int argc, const char **argv) {
  if (argc < 2) {
    llvm::errs() << "usage: lprof-cc COMPILER ARGS...\n"
                    "  compiles with COMPILER, each C/C++ source "
                    "instrumented by lprof-rewrite\n";
    return 2;
  }
  CommandLine Command = parse(ArrayRef<const char *>(argv + 1, argc - 1));
  if (!Command.GeneratesCode || Command.Sources.empty())
    return run(Command.Compiler);

  std::string Rewriter = rewriterPath(argv[0]);
  std::vector<Rewrite> Rewrites;
  std::vector<std::string> NotInstrumented; // "source: why"
  std::vector<std::string> Compile = Command.Compiler;
  for (size_t Index : Command.Sources) {
    std::string Failure;
    bool OptionError = false;
    std::optional<Rewrite> R = rewriteSource(Rewriter, Command, Compile[Index],
                                             Failure, OptionError);
    if (OptionError) {
      llvm::errs() << Failure << "\n";
      for (const Rewrite &Done : Rewrites)
        llvm::sys::fs::remove_directories(Done.TempDir);
      return 1;
    }
    if (!R) {
      if (!Failure.empty())
        NotInstrumented.push_back(Compile[Index] + ": " + Failure);
      continue;
    }
    Compile[Index] = R->Copy;
    Rewrites.push_back(std::move(*R));
  }
  // After the compiler: the flags that map each copy back to its source.
  std::vector<std::string> Mapping;
  for (const Rewrite &R : Rewrites) {
    StringRef Dir = llvm::sys::path::parent_path(R.Source);
    std::string From = R.TempDir + "/";
    std::string To = Dir.empty() ? "" : (Dir + "/").str();
    Mapping.push_back("-iquote" + (Dir.empty() ? std::string(".") : Dir.str()));
    Mapping.push_back("-fdebug-prefix-map=" + From + "=" + To);
    Mapping.push_back("-fmacro-prefix-map=" + From + "=" + To);
  }
  Compile.insert(Compile.begin() + Command.FirstArg, Mapping.begin(),
                 Mapping.end());

  int Status = run(Compile);
  if (Status == 0) {
    for (const std::string &Why : NotInstrumented)
      llvm::WithColor::warning(llvm::errs(), ToolName)
          << "not instrumented: " << Why << "\n";
    if (Command.WritesDependencies) {
      llvm::StringSet<> Fixed;
      for (const Rewrite &R : Rewrites) {
        std::string Path = dependencyFile(Command, R.Source);
        if (Fixed.insert(Path).second)
          fixDependencies(Path, Rewrites);
      }
    }
  }
  for (const Rewrite &R : Rewrites)
    llvm::sys::fs::remove_directories(R.TempDir);
  return Status;
}
