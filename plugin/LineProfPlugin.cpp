//===- LineProfPlugin.cpp - The lineprof Clang plugin ---------------------===//
//
// Instruments profiled functions inside the same compiler invocation (the
// attribute itself is registered by the instrumenter library):
//
//  1. Before the main action parses, parse the main file once more in a
//     nested, syntax-only CompilerInstance, recording its diagnostics.
//  2. Walk that AST and rewrite the text of the main file and of the headers
//     that define profiled functions (lineprof::instrumentUnit).
//  3. Override those files' contents with the rewritten text (the main file
//     under a new FileID), which the main action then parses and compiles.
//  4. Show the nested parse's warnings, made on the user's own text, and
//     drop the main compile's copies of them.
//  5. The safety net: if the instrumented text does not parse, hold its
//     errors back (uncounted, so the main compile ends without output but
//     without failing), leave the functions they are in plain, and compile
//     again in a nested instance that writes the output (InstrumentingConsumer).
//
// If the nested parse fails, nothing is instrumented, so the user sees their
// own errors exactly as without the plugin. See
// shared/design/instrumenting-inside-the-compile.md for why it is done so.
//
//===----------------------------------------------------------------------===//

#include "lineprof/Instrumenter.h"
#include "lineprof/ClangCompat.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/DiagnosticFrontend.h"
#include "clang/Basic/SourceManager.h"
#include "clang/CodeGen/CodeGenAction.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Frontend/MultiplexConsumer.h"
#include "clang/Lex/HeaderSearchOptions.h"
#include "clang/Lex/Preprocessor.h"
#include "clang/Lex/PreprocessorOptions.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/MemoryBuffer.h"

#include <limits>

using namespace clang;

namespace {

/// Decides cheaply whether a translation unit may contain a profiled
/// function, so that files with none are not parsed twice: it looks for the
/// word `profile` (any case: `LPROF_PROFILE` too) in the main file and in
/// the project headers it includes, following `#include` lines through the
/// includer's directory and the -iquote and -I directories. Conditional
/// includes are all followed: a false "yes" only costs time.
/// The files named by the `#include` lines of \p Text, each with whether
/// it is written in quotes. A line scan: a regular expression run over
/// every file of every translation unit cost 15 to 20 ms on zlib's sources,
/// 5% of an -O2 compile with nothing to profile.
std::vector<std::pair<StringRef, bool>> includeDirectives(StringRef Text) {
  std::vector<std::pair<StringRef, bool>> Found;
  while (!Text.empty()) {
    auto [Line, Rest] = Text.split('\n');
    Text = Rest;
    Line = Line.ltrim(" \t");
    if (!Line.consume_front("#"))
      continue;
    Line = Line.ltrim(" \t");
    if (!Line.consume_front("include"))
      continue;
    Line = Line.ltrim(" \t");
    if (Line.empty() || (Line.front() != '"' && Line.front() != '<'))
      continue;
    bool Quoted = Line.front() == '"';
    size_t End = Line.find(Quoted ? '"' : '>', 1);
    if (End == StringRef::npos || End == 1)
      continue;
    Found.emplace_back(Line.substr(1, End - 1), Quoted);
  }
  return Found;
}

class ProfileMentionScanner {
public:
  explicit ProfileMentionScanner(CompilerInstance &CI)
      : Files(CI.getFileManager()) {
    for (const HeaderSearchOptions::Entry &Entry :
         CI.getHeaderSearchOpts().UserEntries) {
      if (Entry.Group == frontend::Quoted)
        QuotedDirs.push_back(Entry.Path);
      else if (Entry.Group == frontend::Angled)
        AngledDirs.push_back(Entry.Path);
    }
  }

  bool mentionsProfile(StringRef MainPath, StringRef MainText) {
    std::vector<std::pair<std::string, std::string>> Pending;
    Pending.emplace_back(MainPath.str(), MainText.str());
    Seen.insert(MainPath);
    while (!Pending.empty()) {
      auto [Path, Text] = std::move(Pending.back());
      Pending.pop_back();
      if (StringRef(Text).contains_insensitive("profile"))
        return true;
      for (auto &[IncludedPath, IncludedText] : includedFiles(Path, Text))
        Pending.emplace_back(std::move(IncludedPath), std::move(IncludedText));
    }
    return false;
  }

private:
  std::vector<std::pair<std::string, std::string>>
  includedFiles(StringRef Includer, StringRef Text) {
    std::vector<std::pair<std::string, std::string>> Found;
    for (auto [Name, Quoted] : includeDirectives(Text)) {
      std::vector<std::string> Dirs;
      if (Quoted) {
        Dirs.push_back(llvm::sys::path::parent_path(Includer).str());
        Dirs.insert(Dirs.end(), QuotedDirs.begin(), QuotedDirs.end());
      }
      Dirs.insert(Dirs.end(), AngledDirs.begin(), AngledDirs.end());
      for (const std::string &Dir : Dirs) {
        SmallString<256> Candidate(Dir);
        llvm::sys::path::append(Candidate, Name);
        if (Seen.size() > MaxFiles || !Seen.insert(Candidate).second)
          continue;
        auto Buffer = Files.getBufferForFile(Candidate);
        if (!Buffer)
          continue;
        Found.emplace_back(std::string(Candidate),
                           (*Buffer)->getBuffer().str());
        break;
      }
    }
    return Found;
  }

  /// Past this many headers, stop looking and let the parse decide.
  static constexpr size_t MaxFiles = 4096;

  FileManager &Files;
  std::vector<std::string> QuotedDirs;
  std::vector<std::string> AngledDirs;
  llvm::StringSet<> Seen;
};

/// Identifies a diagnostic across the nested parse and the main compile:
/// its kind, file and line (instrumentation never moves lines).
std::string diagnosticKey(unsigned ID, const FullSourceLoc &Loc) {
  if (!Loc.isValid() || !Loc.hasManager())
    return "";
  PresumedLoc Presumed = Loc.getManager().getPresumedLoc(Loc);
  if (Presumed.isInvalid())
    return "";
  return std::to_string(ID) + ":" + Presumed.getFilename() + ":" +
         std::to_string(Presumed.getLine());
}

/// Keeps a nested compile's diagnostics, and where its parse ended: those
/// recorded later come from the code generator.
class RecordingDiagConsumer : public DiagnosticConsumer {
public:
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    Recorded.emplace_back(Level, Info);
  }

  void markParseEnd() { ParseEnd = Recorded.size(); }

  std::vector<StoredDiagnostic> Recorded;
  size_t ParseEnd = std::numeric_limits<size_t>::max();
};

/// Set while a nested instance runs: it loads this plugin's actions too.
bool NestedCompileRunning = false;

/// The first consumer of a nested code-generating compile: its
/// HandleTranslationUnit runs when parsing is done, before code generation.
class ParseEndMarker : public ASTConsumer {
public:
  explicit ParseEndMarker(RecordingDiagConsumer &Recorder)
      : Recorder(Recorder) {}
  void HandleTranslationUnit(ASTContext &) override {
    Recorder.markParseEnd();
  }

private:
  RecordingDiagConsumer &Recorder;
};

/// A code-generating action that marks the end of its parse.
class CodeGenWithParseEnd : public WrapperFrontendAction {
public:
  CodeGenWithParseEnd(std::unique_ptr<FrontendAction> Inner,
                      RecordingDiagConsumer &Recorder)
      : WrapperFrontendAction(std::move(Inner)), Recorder(Recorder) {}

protected:
  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef InFile) override {
    std::unique_ptr<ASTConsumer> Inner =
        WrapperFrontendAction::CreateASTConsumer(CI, InFile);
    if (!Inner)
      return nullptr;
    std::vector<std::unique_ptr<ASTConsumer>> Consumers;
    Consumers.push_back(std::make_unique<ParseEndMarker>(Recorder));
    Consumers.push_back(std::move(Inner));
    return std::make_unique<MultiplexConsumer>(std::move(Consumers));
  }

private:
  RecordingDiagConsumer &Recorder;
};

std::unique_ptr<FrontendAction> createCodeGenAction(frontend::ActionKind Kind) {
  switch (Kind) {
  case frontend::EmitAssembly:
    return std::make_unique<EmitAssemblyAction>();
  case frontend::EmitBC:
    return std::make_unique<EmitBCAction>();
  case frontend::EmitLLVM:
    return std::make_unique<EmitLLVMAction>();
  case frontend::EmitLLVMOnly:
    return std::make_unique<EmitLLVMOnlyAction>();
  case frontend::EmitCodeGenOnly:
    return std::make_unique<EmitCodeGenOnlyAction>();
  case frontend::EmitObj:
    return std::make_unique<EmitObjAction>();
  default:
    return nullptr;
  }
}

/// A compile of the same file with the same options, nested in the current
/// one, whose diagnostics are recorded rather than shown: a syntax-only
/// parse of the user's text, or a compile of the compile's own kind (with
/// its output file) of replaced text. It stays alive until its diagnostics
/// have been shown, since they refer to its source manager, and the AST of
/// a parse stays alive with it (DisableFree), to be instrumented again.
class NestedCompile {
public:
  NestedCompile(CompilerInstance &CI, bool GenerateCode,
                const std::vector<lineprof::RewrittenFile> &Replaced = {})
      : Instance(CI.getPCHContainerOperations()),
        Kind(CI.getFrontendOpts().ProgramAction) {
    auto Invocation = std::make_shared<CompilerInvocation>(CI.getInvocation());
    FrontendOptions &Frontend = Invocation->getFrontendOpts();
    if (!GenerateCode) {
      Frontend.ProgramAction = frontend::ParseSyntaxOnly;
      Frontend.OutputFile.clear();
    }
    Frontend.ShowStats = false;
    Frontend.StatsFile.clear();
    Frontend.DisableFree = true;
    // The main compile writes the dependency file.
    Invocation->getDependencyOutputOpts() = DependencyOutputOptions();
    // No "N warnings generated" from this instance.
    Invocation->getDiagnosticOpts().ShowCarets = false;
    for (const lineprof::RewrittenFile &File : Replaced)
      Invocation->getPreprocessorOpts().addRemappedFile(
          File.Name,
          llvm::MemoryBuffer::getMemBufferCopy(File.Text, File.Name).release());
    Instance.setInvocation(std::move(Invocation));
    Instance.createDiagnostics(&Recorder, /*ShouldOwnClient=*/false);
    Instance.setFileManager(&CI.getFileManager());
  }

  /// Runs \p Action; whether it succeeded without errors.
  bool run(FrontendAction &Action) {
    NestedCompileRunning = true;
    bool Success = Instance.ExecuteAction(Action);
    NestedCompileRunning = false;
    return Success && !Instance.getDiagnostics().hasErrorOccurred();
  }

  /// Compiles as the main compile would, writing its output.
  void runCodeGen() {
    CodeGenWithParseEnd Action(createCodeGenAction(Kind), Recorder);
    run(Action);
  }

  const std::vector<StoredDiagnostic> &diagnostics() const {
    return Recorder.Recorded;
  }
  bool isFromParse(size_t Index) const { return Index < Recorder.ParseEnd; }

  /// The errors of the parse, each followed by its notes.
  std::vector<StoredDiagnostic> parseErrors() const {
    std::vector<StoredDiagnostic> Errors;
    bool InError = false;
    for (size_t I = 0; I != Recorder.Recorded.size() && isFromParse(I); ++I) {
      const StoredDiagnostic &Stored = Recorder.Recorded[I];
      if (Stored.getLevel() != DiagnosticsEngine::Note)
        InError = Stored.getLevel() >= DiagnosticsEngine::Error;
      if (InError)
        Errors.push_back(Stored);
    }
    return Errors;
  }

  DiagnosticsEngine &engine() { return Instance.getDiagnostics(); }

  /// Shows through \p Client the recorded diagnostics \p Keep accepts (a
  /// note goes with the diagnostic it belongs to). They go through this
  /// instance's engine: a diagnostic is rendered with its engine's source
  /// manager, and this one holds the text it was made on.
  void replayInto(DiagnosticConsumer &Client,
                  llvm::function_ref<bool(size_t)> Keep) {
    sendTo(Client, [&] {
      bool Keeping = false;
      for (size_t I = 0; I != Recorder.Recorded.size(); ++I) {
        const StoredDiagnostic &Stored = Recorder.Recorded[I];
        if (Stored.getLevel() != DiagnosticsEngine::Note)
          Keeping = Keep(I);
        if (Keeping)
          engine().Report(Stored);
      }
    });
  }

  /// Runs \p Report with this instance's engine showing through \p Client.
  void sendTo(DiagnosticConsumer &Client, llvm::function_ref<void()> Report) {
    engine().setClient(&Client, /*ShouldOwnClient=*/false);
    Report();
    engine().setClient(&Recorder, /*ShouldOwnClient=*/false);
  }

private:
  RecordingDiagConsumer Recorder;
  CompilerInstance Instance;
  frontend::ActionKind Kind;
};

/// The name the prologue's `#line` gives the probes' declarations.
constexpr StringRef PrologueFileName = "<lineprof probes>";

/// The instrumented function that holds \p Loc, if any; \p InPrologue says
/// whether it is in the probes' declarations.
const lineprof::ProfiledFunction *
instrumentedFunctionAt(const FullSourceLoc &Loc,
                       const std::vector<lineprof::ProfiledFunction> &Functions,
                       bool &InPrologue) {
  InPrologue = false;
  if (!Loc.isValid() || !Loc.hasManager())
    return nullptr;
  const SourceManager &SM = Loc.getManager();
  PresumedLoc Presumed = SM.getPresumedLoc(SM.getExpansionLoc(Loc));
  if (Presumed.isInvalid())
    return nullptr;
  if (Presumed.getFilename() == PrologueFileName) {
    InPrologue = true;
    return nullptr;
  }
  // As the instrumenter names files (lineprof::ProfiledFunction::File).
  SmallString<256> Path(Presumed.getFilename());
  SM.getFileManager().makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  for (const lineprof::ProfiledFunction &Function : Functions)
    if (Function.File == Path && Function.FirstLine <= Presumed.getLine() &&
        Presumed.getLine() <= Function.LastLine)
      return &Function;
  return nullptr;
}

bool isInInstrumentedCode(
    const FullSourceLoc &Loc,
    const std::vector<lineprof::ProfiledFunction> &Functions) {
  bool InPrologue = false;
  return instrumentedFunctionAt(Loc, Functions, InPrologue) || InPrologue;
}

/// Wraps the main compile's diagnostic client while it compiles
/// instrumented text:
/// - warnings and remarks the plain parse already reported on the user's
///   text (and their notes) are dropped, since the compile's copies quote
///   probe code and shifted columns;
/// - while it parses, errors are held back and not counted (the safety net
///   then compiles again, with the functions they are in left plain), and
///   warnings that only the instrumented text gets, in instrumented code,
///   are dropped: the user's build gets no new warnings;
/// - diagnostics only the code generator makes pass.
class InstrumentedCompileFilter : public DiagnosticConsumer {
public:
  InstrumentedCompileFilter(DiagnosticConsumer &Inner,
                            std::unique_ptr<DiagnosticConsumer> OwnedInner)
      : Inner(Inner), OwnedInner(std::move(OwnedInner)) {}

  /// Shows the plain parse's diagnostics and remembers what to drop later.
  void showPlainParse(NestedCompile &Plain) {
    for (const StoredDiagnostic &Stored : Plain.diagnostics())
      if (Stored.getLevel() != DiagnosticsEngine::Note)
        Shown.insert(diagnosticKey(Stored.getID(), Stored.getLocation()));
    passing([&] { Plain.replayInto(*this, [](size_t) { return true; }); });
  }

  /// Shows the diagnostics of a nested compile that the user's build would
  /// show: those of its parse that the plain parse has not shown already,
  /// outside \p Instrumented code unless they are errors, and all of its
  /// code generator's.
  void showNested(NestedCompile &Compile,
                  const std::vector<lineprof::ProfiledFunction> &Instrumented) {
    passing([&] {
      Compile.replayInto(*this, [&](size_t I) {
        if (!Compile.isFromParse(I))
          return true;
        const StoredDiagnostic &Stored = Compile.diagnostics()[I];
        if (Stored.getLevel() >= DiagnosticsEngine::Error)
          return true;
        return !Shown.contains(
                   diagnosticKey(Stored.getID(), Stored.getLocation())) &&
               !isInInstrumentedCode(Stored.getLocation(), Instrumented);
      });
    });
  }

  /// Runs \p Report, whose diagnostics pass unfiltered.
  void passing(llvm::function_ref<void()> Report) {
    Replaying = true;
    Report();
    Replaying = false;
  }

  void setInstrumented(const std::vector<lineprof::ProfiledFunction> &List) {
    Instrumented = &List;
  }

  /// The main compile's parse is over: shows what was held back, unless the
  /// parse failed (the compile that replaces it shows its own).
  void endParse(DiagnosticsEngine &Diags) {
    Parsing = false;
    if (!HeldErrors.empty())
      return;
    passing([&] {
      for (const StoredDiagnostic &Stored : HeldOthers)
        Diags.Report(Stored);
    });
    HeldOthers.clear();
  }

  /// The errors of the parse of instrumented text, each with its notes.
  const std::vector<StoredDiagnostic> &heldErrors() const {
    return HeldErrors;
  }

  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    if (Replaying)
      return forward(Level, Info);
    if (Level != DiagnosticsEngine::Note)
      Target = classify(Level, Info);
    switch (Target) {
    case Drop:
      return;
    case HoldError:
      HeldErrors.emplace_back(Level, Info);
      return;
    case Hold:
      HeldOthers.emplace_back(Level, Info);
      return;
    case Forward:
      return forward(Level, Info);
    }
  }

  void BeginSourceFile(const LangOptions &LangOpts,
                       const Preprocessor *PP) override {
    Inner.BeginSourceFile(LangOpts, PP);
  }
  void EndSourceFile() override { Inner.EndSourceFile(); }
  void finish() override { Inner.finish(); }
  void clear() override {
    DiagnosticConsumer::clear();
    Inner.clear();
  }
  bool IncludeInDiagnosticCounts() const override {
    return Inner.IncludeInDiagnosticCounts();
  }

private:
  enum Destination { Forward, Drop, Hold, HoldError };

  Destination classify(DiagnosticsEngine::Level Level, const Diagnostic &Info) {
    FullSourceLoc Loc;
    if (Info.hasSourceManager())
      Loc = FullSourceLoc(Info.getLocation(), Info.getSourceManager());
    bool IsWarning = Level == DiagnosticsEngine::Warning ||
                     Level == DiagnosticsEngine::Remark;
    if (IsWarning && Shown.contains(diagnosticKey(Info.getID(), Loc)))
      return Drop;
    if (!Parsing)
      return Forward;
    if (Level >= DiagnosticsEngine::Error)
      return HoldError;
    if (IsWarning && Instrumented && isInInstrumentedCode(Loc, *Instrumented))
      return Drop;
    return Hold;
  }

  void forward(DiagnosticsEngine::Level Level, const Diagnostic &Info) {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    Inner.HandleDiagnostic(Level, Info);
  }

  DiagnosticConsumer &Inner;
  std::unique_ptr<DiagnosticConsumer> OwnedInner;
  llvm::StringSet<> Shown;
  const std::vector<lineprof::ProfiledFunction> *Instrumented = nullptr;
  std::vector<StoredDiagnostic> HeldErrors;
  std::vector<StoredDiagnostic> HeldOthers;
  bool Replaying = false;
  bool Parsing = true;
  Destination Target = Forward;
};

/// The syntax-only action of the nested parse: instruments at the end of
/// the translation unit and keeps the result, and the AST to instrument
/// again.
class InstrumentAction : public ASTFrontendAction {
public:
  explicit InstrumentAction(const lineprof::InstrumentOptions &Options)
      : Options(Options) {}

  const lineprof::InstrumentOptions &Options;
  std::optional<lineprof::InstrumentedUnit> Result;
  std::vector<lineprof::SkippedFunction> Skipped;
  ASTContext *Context = nullptr;

private:
  class Consumer : public ASTConsumer {
  public:
    explicit Consumer(InstrumentAction &Action) : Action(Action) {}
    void HandleTranslationUnit(ASTContext &Context) override {
      if (Context.getDiagnostics().hasErrorOccurred())
        return;
      Action.Context = &Context;
      Action.Result =
          lineprof::instrumentUnit(Context, Action.Options, Action.Skipped);
    }

  private:
    InstrumentAction &Action;
  };

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 StringRef) override {
    return std::make_unique<Consumer>(*this);
  }
};

/// How many remarks about functions left plain (`remarks=`).
enum class RemarkMode { Summary, All, None };

/// A function compiled as written, and why.
struct PlainFunction {
  std::string Name;
  SourceLocation Location; ///< In the plain parse's source manager.
  std::string Reason;
};

/// Instruments the main compile, and keeps its build from failing because
/// of the instrumentation (the safety net): when the instrumented text does
/// not parse, the functions that the errors are in are left plain and the
/// unit is compiled again, in a nested compile that writes the output; up
/// to MaxRechecks times, then the unit is compiled plain. The main compile
/// is the first check, so a unit that compiles costs nothing more.
class InstrumentingConsumer : public ASTConsumer {
public:
  InstrumentingConsumer(CompilerInstance &CI,
                        lineprof::InstrumentOptions Options, RemarkMode Remarks)
      : CI(CI), Options(std::move(Options)), Remarks(Remarks) {}

  void instrument() {
    Action = std::make_unique<InstrumentAction>(Options);
    Plain = std::make_unique<NestedCompile>(CI, /*GenerateCode=*/false);
    bool Parsed = Plain->run(*Action);
    for (const lineprof::SkippedFunction &Skipped : Action->Skipped)
      LeftPlain.push_back({Skipped.Name, Skipped.Location, Skipped.Reason});
    if (!Parsed || !Action->Result)
      return;
    // Show the user's warnings as the plain parse saw them, on their own
    // text; the main compile's copies of them will be dropped.
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    std::unique_ptr<DiagnosticConsumer> OwnedClient = Diags.takeClient();
    Filter = new InstrumentedCompileFilter(*Diags.getClient(),
                                           std::move(OwnedClient));
    Diags.setClient(Filter, /*ShouldOwnClient=*/true);
    Filter->showPlainParse(*Plain);
    Filter->setInstrumented(Action->Result->Functions);
    // Headers are not read yet: overriding their contents is enough.
    for (const lineprof::RewrittenFile &Header : Action->Result->Headers)
      if (OptionalFileEntryRef File =
              CI.getFileManager().getOptionalFileRef(Header.Name))
        CI.getSourceManager().overrideFileContents(
            *File,
            llvm::MemoryBuffer::getMemBufferCopy(Header.Text, Header.Name));
    replaceMainFile(CI, Action->Result->MainText);
    // Probe text shifts the columns of instrumented lines; columns in the
    // debug info would point into the probes.
    CI.getCodeGenOpts().DebugColumnInfo = false;
  }

  void HandleTranslationUnit(ASTContext &) override {
    if (Filter) {
      Filter->endParse(CI.getDiagnostics());
      if (!Filter->heldErrors().empty())
        compileAgain();
    }
    reportLeftPlain();
  }

private:
  static constexpr unsigned MaxRechecks = 4;

  /// Replaces the main compile, whose instrumented text did not parse: its
  /// errors are held back and not counted, so it ends without output and
  /// without failing, and a nested compile writes the output.
  void compileAgain() {
    CI.clearOutputFiles(/*EraseFiles=*/true);
    std::vector<StoredDiagnostic> Errors = Filter->heldErrors();
    std::vector<lineprof::ProfiledFunction> Instrumented =
        Action->Result->Functions;
    std::string FirstError = Errors.front().getMessage().str();
    // Keeps alive the source managers the errors refer to.
    std::vector<std::unique_ptr<NestedCompile>> Checks;
    for (unsigned Check = 0; Check != MaxRechecks; ++Check) {
      if (!leavePlain(Errors, Instrumented))
        break;
      std::vector<lineprof::SkippedFunction> Ignored;
      std::optional<lineprof::InstrumentedUnit> Unit =
          lineprof::instrumentUnit(*Action->Context, Options, Ignored);
      if (!Unit)
        break;
      std::vector<lineprof::RewrittenFile> Files = Unit->Headers;
      Files.push_back({mainFileName(), Unit->MainText});
      auto Compile =
          std::make_unique<NestedCompile>(CI, /*GenerateCode=*/true, Files);
      Compile->runCodeGen();
      Errors = Compile->parseErrors();
      Instrumented = std::move(Unit->Functions);
      if (Errors.empty()) {
        Filter->showNested(*Compile, Instrumented);
        return;
      }
      Checks.push_back(std::move(Compile));
    }
    for (const lineprof::ProfiledFunction &Function : Instrumented)
      if (Options.PlainSymbols.insert(Function.Symbol).second)
        LeftPlain.push_back(
            {Function.Name, Function.Location,
             "the instrumented unit did not compile, so none of it is "
             "profiled: " + FirstError});
    NestedCompile Compile(CI, /*GenerateCode=*/true);
    Compile.runCodeGen();
    Filter->showNested(Compile, {});
  }

  /// Adds to Options.PlainSymbols the functions \p Errors are in (an error
  /// or one of its notes, such as an instantiation's "required here").
  /// When no error is in one, leaves the second half of \p Instrumented
  /// plain. Returns false when leaving functions plain cannot help: an
  /// error is in the probes' declarations, or one function is left.
  bool leavePlain(const std::vector<StoredDiagnostic> &Errors,
                  const std::vector<lineprof::ProfiledFunction> &Instrumented) {
    bool Attributed = false;
    bool InPrologue = false;
    for (size_t I = 0; I != Errors.size(); ++I) {
      if (Errors[I].getLevel() == DiagnosticsEngine::Note)
        continue;
      const lineprof::ProfiledFunction *Function = nullptr;
      for (size_t J = I; !Function && J != Errors.size() &&
                         (J == I || Errors[J].getLevel() ==
                                        DiagnosticsEngine::Note);
           ++J) {
        bool Here = false;
        Function = instrumentedFunctionAt(Errors[J].getLocation(),
                                          Instrumented, Here);
        InPrologue |= Here && J == I;
      }
      if (!Function)
        continue;
      Attributed = true;
      if (Options.PlainSymbols.insert(Function->Symbol).second)
        LeftPlain.push_back(
            {Function->Name, Function->Location,
             "its instrumented text does not compile: " +
                 Errors[I].getMessage().str()});
    }
    if (Attributed)
      return true;
    if (InPrologue || Instrumented.size() < 2)
      return false;
    std::string Reason = "left plain while looking for what did not compile "
                         "(an error outside the profiled functions): " +
                         Errors.front().getMessage().str();
    for (size_t I = Instrumented.size() / 2; I != Instrumented.size(); ++I)
      if (Options.PlainSymbols.insert(Instrumented[I].Symbol).second)
        LeftPlain.push_back(
            {Instrumented[I].Name, Instrumented[I].Location, Reason});
    return true;
  }

  std::string mainFileName() const {
    return CI.getFrontendOpts().Inputs.front().getFile().str();
  }

  /// Makes the main action compile \p Text in place of the main file. The
  /// old FileID reserved source locations for the original size, so the
  /// file gets a new one.
  static void replaceMainFile(CompilerInstance &CI, const std::string &Text) {
    SourceManager &SM = CI.getSourceManager();
    OptionalFileEntryRef File = SM.getFileEntryRefForID(SM.getMainFileID());
    if (!File)
      return;
    SM.overrideFileContents(
        *File, llvm::MemoryBuffer::getMemBufferCopy(Text, File->getName()));
    SM.setMainFileID(SM.createFileID(*File, SourceLocation(), SrcMgr::C_User));
  }

  /// Whether remarks are on: they are Clang's remark group
  /// `remark-backend-plugin` (the one group a Clang 19 plugin can report
  /// in), on by default here; `-Rno-remark-backend-plugin`,
  /// `-Rno-everything` and `-w` turn them off.
  bool remarksShown() const {
    const DiagnosticOptions &Opts = CI.getDiagnosticOpts();
    if (Remarks == RemarkMode::None || Opts.IgnoreWarnings)
      return false;
    bool Shown = true;
    for (const std::string &Flag : Opts.Remarks) {
      if (Flag == "everything" || Flag == "remark-backend-plugin")
        Shown = true;
      if (Flag == "no-everything" || Flag == "no-remark-backend-plugin")
        Shown = false;
    }
    return Shown;
  }

  /// One remark per function left plain (remarks=all), or one for the unit.
  /// They are reported on the plain parse's text, where the functions are.
  void reportLeftPlain() {
    if (LeftPlain.empty() || !remarksShown())
      return;
    DiagnosticsEngine &Engine = Plain->engine();
    Engine.setSeverity(diag::remark_fe_backend_plugin, diag::Severity::Remark,
                       SourceLocation());
    auto Report = [&] {
      if (Remarks == RemarkMode::All || LeftPlain.size() == 1) {
        for (const PlainFunction &Function : LeftPlain)
          Engine.Report(Function.Location, diag::remark_fe_backend_plugin)
              << ("lineprof: not profiling '" + Function.Name +
                  "': " + Function.Reason);
        return;
      }
      const PlainFunction &First = LeftPlain.front();
      Engine.Report(First.Location, diag::remark_fe_backend_plugin)
          << ("lineprof: " + std::to_string(LeftPlain.size()) +
              " functions left plain, -fplugin-arg-lineprof-remarks=all for "
              "each (here '" + First.Name + "': " + First.Reason + ")");
    };
    DiagnosticConsumer &Client = *CI.getDiagnostics().getClient();
    Plain->sendTo(Client, [&] {
      if (Filter)
        Filter->passing(Report);
      else
        Report();
    });
  }

  CompilerInstance &CI;
  lineprof::InstrumentOptions Options;
  RemarkMode Remarks;
  std::unique_ptr<InstrumentAction> Action;
  std::unique_ptr<NestedCompile> Plain;
  InstrumentedCompileFilter *Filter = nullptr; // owned by CI's diagnostics
  std::vector<PlainFunction> LeftPlain;
};

class LineProfAction : public PluginASTAction {
protected:
  /// Arguments arrive as NAME=VALUE from -fplugin-arg-lineprof-NAME=VALUE.
  /// Runs for the nested instance too: no side effects beyond this action.
  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    for (const std::string &Arg : Args) {
      if (llvm::Error Error = apply(Arg)) {
        Diags.Report(Diags.getCustomDiagID(
            DiagnosticsEngine::Error,
            "lineprof: %0 in '-fplugin-arg-lineprof-%1'"))
            << llvm::toString(std::move(Error)) << Arg;
        return false;
      }
    }
    return true;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef InFile) override {
    definePluginMacro(CI);
    if (NestedCompileRunning || !shouldInstrument(CI, InFile))
      return std::make_unique<ASTConsumer>();
    auto Consumer = std::make_unique<InstrumentingConsumer>(
        CI, std::move(Options), Remarks);
    Consumer->instrument();
    return Consumer;
  }

private:
  lineprof::InstrumentOptions Options;
  RemarkMode Remarks = RemarkMode::Summary;

  /// The plugin's own options, then those shared with lprof-rewrite.
  llvm::Error apply(StringRef Arg) {
    auto [Name, Value] = Arg.split('=');
    if (Name != "remarks")
      return Options.apply(Arg);
    if (Value == "summary")
      Remarks = RemarkMode::Summary;
    else if (Value == "all")
      Remarks = RemarkMode::All;
    else if (Value == "none")
      Remarks = RemarkMode::None;
    else
      return llvm::createStringError(
          llvm::inconvertibleErrorCode(),
          "unknown remarks '%s' (known: summary, all, none)",
          Value.str().c_str());
    return llvm::Error::success();
  }

  /// Defines __LPROF_PLUGIN__ for <lineprof.h>: Clang before 17 does not
  /// let __has_cpp_attribute see a plugin's attributes.
  static void definePluginMacro(CompilerInstance &CI) {
    if (!CI.hasPreprocessor())
      return;
    Preprocessor &PP = CI.getPreprocessor();
    PP.setPredefines(PP.getPredefines() + "#define __LPROF_PLUGIN__ 1\n");
  }

  /// Only compiles that generate code are instrumented; -E, -fsyntax-only,
  /// PCH and module builds pass through untouched.
  static bool generatesCode(const CompilerInstance &CI) {
    return createCodeGenAction(CI.getFrontendOpts().ProgramAction) != nullptr;
  }

  bool shouldInstrument(CompilerInstance &CI, StringRef InFile) const {
    if (!generatesCode(CI) || InFile == "-" ||
        CI.getLangOpts().getCompilingModule() != LangOptions::CMK_None)
      return false;
    if (Options.Selector.hasPatterns())
      return true;
    SourceManager &SM = CI.getSourceManager();
    auto Text = SM.getBufferDataOrNone(SM.getMainFileID());
    OptionalFileEntryRef File = SM.getFileEntryRefForID(SM.getMainFileID());
    return Text && File &&
           ProfileMentionScanner(CI).mentionsProfile(File->getName(), *Text);
  }
};

} // namespace

static FrontendPluginRegistry::Add<LineProfAction>
    RegisterAction("lineprof", "instrument [[profile]] functions");
