//===- LineProfPlugin.cpp - The lineprof Clang plugin ---------------------===//
//
// Instruments profiled functions inside the same compiler invocation (the
// attribute itself is registered by the instrumenter library):
//
//  1. Before the main action parses, parse the main file once more in a
//     nested, syntax-only CompilerInstance with diagnostics ignored.
//  2. Walk that AST and rewrite the main file's text with line probes
//     (lineprof::instrumentMainFile).
//  3. Override the main file's contents with the rewritten text and give it
//     a new FileID, which the main action then parses and compiles.
//
// If the nested parse fails, nothing is instrumented, so the user sees their
// own errors exactly as without the plugin. See
// shared/design/instrumenting-inside-the-compile.md for why it is done so.
//
//===----------------------------------------------------------------------===//

#include "lineprof/Instrumenter.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Frontend/FrontendPluginRegistry.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace clang;

namespace {

/// Set while the nested instance runs: it loads this plugin's actions too.
bool NestedParseRunning = false;

/// The syntax-only action of the nested parse: instruments at the end of
/// the translation unit and keeps the result.
class InstrumentAction : public ASTFrontendAction {
public:
  std::optional<lineprof::InstrumentedFile> Result;
  std::vector<lineprof::SkippedFunction> Skipped;

private:
  class Consumer : public ASTConsumer {
  public:
    explicit Consumer(InstrumentAction &Action) : Action(Action) {}
    void HandleTranslationUnit(ASTContext &Context) override {
      if (Context.getDiagnostics().hasErrorOccurred())
        return;
      Action.Result = lineprof::instrumentMainFile(Context, Action.Skipped);
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
  bool ParseArgs(const CompilerInstance &CI,
                 const std::vector<std::string> &Args) override {
    // Runs for the nested instance too: no side effects here.
    for (const std::string &Arg : Args) {
      DiagnosticsEngine &Diags = CI.getDiagnostics();
      Diags.Report(Diags.getCustomDiagID(
          DiagnosticsEngine::Error,
          "lineprof: unknown plugin argument '%0' "
          "(in -fplugin-arg-lineprof-%0)"))
          << Arg;
      return false;
    }
    return true;
  }

  ActionType getActionType() override { return AddBeforeMainAction; }

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &CI,
                                                 StringRef InFile) override {
    if (!NestedParseRunning && shouldInstrument(CI, InFile))
      instrument(CI);
    return std::make_unique<ASTConsumer>();
  }

private:
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

  static bool shouldInstrument(CompilerInstance &CI, StringRef InFile) {
    if (!generatesCode(CI) || InFile == "-" ||
        CI.getLangOpts().getCompilingModule() != LangOptions::CMK_None)
      return false;
    SourceManager &SM = CI.getSourceManager();
    // Parsing twice costs time: a file that never spells the attribute
    // (`profile`, or `LPROF_PROFILE` from <lineprof.h>) has nothing to
    // instrument.
    std::optional<StringRef> Text =
        SM.getBufferDataOrNone(SM.getMainFileID());
    return Text && Text->contains_insensitive("profile");
  }

  static void instrument(CompilerInstance &CI) {
    InstrumentAction Action;
    if (!runNestedParse(CI, Action) || !Action.Result)
      return reportSkipped(CI, Action.Skipped);
    reportSkipped(CI, Action.Skipped);
    replaceMainFile(CI, Action.Result->Text);
    // Probe text shifts the columns of instrumented lines; columns in the
    // debug info would point into the probes.
    CI.getCodeGenOpts().DebugColumnInfo = false;
  }

  static bool runNestedParse(CompilerInstance &CI, InstrumentAction &Action) {
    auto Invocation = std::make_shared<CompilerInvocation>(CI.getInvocation());
    FrontendOptions &Frontend = Invocation->getFrontendOpts();
    Frontend.ProgramAction = frontend::ParseSyntaxOnly;
    Frontend.OutputFile.clear();
    Frontend.ShowStats = false;
    Invocation->getDependencyOutputOpts() = DependencyOutputOptions();
    Invocation->getDiagnosticOpts().ShowCarets = false;

    CompilerInstance Nested(CI.getPCHContainerOperations());
    Nested.setInvocation(std::move(Invocation));
    Nested.createDiagnostics(new IgnoringDiagConsumer(),
                             /*ShouldOwnClient=*/true);
    Nested.setFileManager(&CI.getFileManager());

    NestedParseRunning = true;
    bool Success = Nested.ExecuteAction(Action);
    NestedParseRunning = false;
    return Success && !Nested.getDiagnostics().hasErrorOccurred();
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
