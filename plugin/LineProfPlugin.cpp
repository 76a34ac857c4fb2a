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
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "clang/Lex/HeaderSearchOptions.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/MemoryBuffer.h"

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

/// Keeps the nested parse's diagnostics: they are about the text the user
/// wrote, so they are the ones to show.
class RecordingDiagConsumer : public DiagnosticConsumer {
public:
  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    Recorded.emplace_back(Level, Info);
  }

  std::vector<StoredDiagnostic> Recorded;
};

/// Set while the nested instance runs: it loads this plugin's actions too.
bool NestedParseRunning = false;

/// A syntax-only parse of the same file with the same options, whose
/// diagnostics are recorded rather than shown. It stays alive until its
/// diagnostics have been shown, since they refer to its source manager.
class NestedParse {
public:
  explicit NestedParse(CompilerInstance &CI)
      : Instance(CI.getPCHContainerOperations()) {
    auto Invocation = std::make_shared<CompilerInvocation>(CI.getInvocation());
    FrontendOptions &Frontend = Invocation->getFrontendOpts();
    Frontend.ProgramAction = frontend::ParseSyntaxOnly;
    Frontend.OutputFile.clear();
    Frontend.ShowStats = false;
    Invocation->getDependencyOutputOpts() = DependencyOutputOptions();
    // No "N warnings generated" from this instance.
    Invocation->getDiagnosticOpts().ShowCarets = false;
    Instance.setInvocation(std::move(Invocation));
    Instance.createDiagnostics(&Recorder, /*ShouldOwnClient=*/false);
    Instance.setFileManager(&CI.getFileManager());
  }

  /// Whether the parse succeeded without errors.
  bool run(FrontendAction &Action) {
    NestedParseRunning = true;
    bool Success = Instance.ExecuteAction(Action);
    NestedParseRunning = false;
    return Success && !Instance.getDiagnostics().hasErrorOccurred();
  }

  const std::vector<StoredDiagnostic> &diagnostics() const {
    return Recorder.Recorded;
  }

  /// Shows the recorded diagnostics through \p Client. They go through this
  /// instance's engine: a diagnostic is rendered with its engine's source
  /// manager, and this one holds the text the user wrote.
  void replayInto(DiagnosticConsumer &Client) {
    DiagnosticsEngine &Diags = Instance.getDiagnostics();
    Diags.setClient(&Client, /*ShouldOwnClient=*/false);
    for (const StoredDiagnostic &Stored : Recorder.Recorded)
      Diags.Report(Stored);
    Diags.setClient(&Recorder, /*ShouldOwnClient=*/false);
  }

private:
  RecordingDiagConsumer Recorder;
  CompilerInstance Instance;
};

/// Wraps the compile's diagnostic client: warnings and remarks the nested
/// parse already reported on the user's text (and their notes) are dropped,
/// since the main compile's copies would quote probe code and shifted
/// columns. Errors, and diagnostics only the main compile makes, pass.
class ReplayedDiagnosticFilter : public DiagnosticConsumer {
public:
  ReplayedDiagnosticFilter(DiagnosticConsumer &Inner,
                           std::unique_ptr<DiagnosticConsumer> OwnedInner)
      : Inner(Inner), OwnedInner(std::move(OwnedInner)) {}

  /// Shows the nested parse's diagnostics and remembers what to drop later.
  void replay(NestedParse &Nested) {
    for (const StoredDiagnostic &Stored : Nested.diagnostics())
      if (Stored.getLevel() != DiagnosticsEngine::Note)
        Shown.insert(diagnosticKey(Stored.getID(), Stored.getLocation()));
    Replaying = true;
    Nested.replayInto(*this);
    Replaying = false;
  }

  void HandleDiagnostic(DiagnosticsEngine::Level Level,
                        const Diagnostic &Info) override {
    if (!Replaying) {
      if (Level != DiagnosticsEngine::Note)
        DroppingNotes =
            (Level == DiagnosticsEngine::Warning ||
             Level == DiagnosticsEngine::Remark) &&
            Info.hasSourceManager() &&
            Shown.contains(diagnosticKey(
                Info.getID(),
                FullSourceLoc(Info.getLocation(), Info.getSourceManager())));
      if (DroppingNotes)
        return;
    }
    DiagnosticConsumer::HandleDiagnostic(Level, Info);
    Inner.HandleDiagnostic(Level, Info);
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
  DiagnosticConsumer &Inner;
  std::unique_ptr<DiagnosticConsumer> OwnedInner;
  llvm::StringSet<> Shown;
  bool Replaying = false;
  bool DroppingNotes = false;
};

/// The syntax-only action of the nested parse: instruments at the end of
/// the translation unit and keeps the result.
class InstrumentAction : public ASTFrontendAction {
public:
  explicit InstrumentAction(const lineprof::InstrumentOptions &Options)
      : Options(Options) {}

  const lineprof::InstrumentOptions &Options;
  std::optional<lineprof::InstrumentedUnit> Result;
  std::vector<lineprof::SkippedFunction> Skipped;

private:
  class Consumer : public ASTConsumer {
  public:
    explicit Consumer(InstrumentAction &Action) : Action(Action) {}
    void HandleTranslationUnit(ASTContext &Context) override {
      if (Context.getDiagnostics().hasErrorOccurred())
        return;
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

class LineProfAction : public PluginASTAction {
protected:
  /// Arguments arrive as NAME=VALUE from -fplugin-arg-lineprof-NAME=VALUE.
  /// Runs for the nested instance too: no side effects beyond this action.
  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    for (const std::string &Arg : Args) {
      if (llvm::Error Error = Options.apply(Arg)) {
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
    if (!NestedParseRunning && shouldInstrument(CI, InFile))
      instrument(CI);
    return std::make_unique<ASTConsumer>();
  }

private:
  lineprof::InstrumentOptions Options;

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
    switch (CI.getFrontendOpts().ProgramAction) {
    case frontend::EmitAssembly:
    case frontend::EmitBC:
    case frontend::EmitLLVM:
    case frontend::EmitLLVMOnly:
    case frontend::EmitCodeGenOnly:
    case frontend::EmitObj:
      return true;
    default:
      return false;
    }
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

  void instrument(CompilerInstance &CI) const {
    InstrumentAction Action(Options);
    NestedParse Nested(CI);
    if (!Nested.run(Action) || !Action.Result)
      return reportSkipped(CI, Action.Skipped);
    // Show the user's warnings as the nested parse saw them, on their own
    // text; the main compile's copies of them will be dropped.
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    std::unique_ptr<DiagnosticConsumer> OwnedClient = Diags.takeClient();
    auto *Filter =
        new ReplayedDiagnosticFilter(*Diags.getClient(), std::move(OwnedClient));
    Diags.setClient(Filter, /*ShouldOwnClient=*/true);
    Filter->replay(Nested);
    reportSkipped(CI, Action.Skipped);
    // Headers are not read yet: overriding their contents is enough.
    for (const lineprof::RewrittenFile &Header : Action.Result->Headers)
      if (OptionalFileEntryRef File =
              CI.getFileManager().getOptionalFileRef(Header.Name))
        CI.getSourceManager().overrideFileContents(
            *File,
            llvm::MemoryBuffer::getMemBufferCopy(Header.Text, Header.Name));
    replaceMainFile(CI, Action.Result->MainText);
    // Probe text shifts the columns of instrumented lines; columns in the
    // debug info would point into the probes.
    CI.getCodeGenOpts().DebugColumnInfo = false;
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

  static void reportSkipped(CompilerInstance &CI,
                            const std::vector<lineprof::SkippedFunction> &List) {
    DiagnosticsEngine &Diags = CI.getDiagnostics();
    unsigned ID = Diags.getCustomDiagID(
        DiagnosticsEngine::Remark, "lineprof: not profiling '%0' (%1): %2");
    for (const lineprof::SkippedFunction &Skipped : List)
      Diags.Report(ID) << Skipped.Name << Skipped.Where << Skipped.Reason;
  }
};

} // namespace

static FrontendPluginRegistry::Add<LineProfAction>
    RegisterAction("lineprof", "instrument [[profile]] functions");
