//===- lprof-rewrite.cpp - Print the instrumented source of a file --------===//
//
// The source-to-source path: writes the text the plugin would compile, so a
// build with GCC or another compiler can compile it with liblineprof_rt and
// get the same counts.
//
//   lprof-rewrite [-p BUILD_DIR] FILE [-o OUT] [-- COMPILE_ARGS...]
//
//===----------------------------------------------------------------------===//

#include "lineprof/Instrumenter.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/CommonOptionsParser.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

using namespace clang;

namespace {

llvm::cl::OptionCategory Category("lprof-rewrite options");
llvm::cl::list<std::string> FunctionPatterns(
    "function",
    llvm::cl::desc("Also profile functions whose qualified name matches REGEX"),
    llvm::cl::value_desc("REGEX"), llvm::cl::cat(Category));
llvm::cl::list<std::string> FilePatterns(
    "file", llvm::cl::desc("Also profile every function defined in a file "
                           "matching GLOB"),
    llvm::cl::value_desc("GLOB"), llvm::cl::cat(Category));
llvm::cl::list<std::string> ExcludedFunctionPatterns(
    "exclude",
    llvm::cl::desc("Never profile functions whose qualified name matches "
                   "REGEX"),
    llvm::cl::value_desc("REGEX"), llvm::cl::cat(Category));
llvm::cl::list<std::string> ExcludedFilePatterns(
    "exclude-file",
    llvm::cl::desc("Never profile functions defined in a file matching GLOB"),
    llvm::cl::value_desc("GLOB"), llvm::cl::cat(Category));
llvm::cl::opt<std::string> Mode(
    "mode", llvm::cl::desc("What the probes measure: timing, count or sample"),
    llvm::cl::value_desc("mode"), llvm::cl::init("timing"),
    llvm::cl::cat(Category));
llvm::cl::list<std::string> PluginArgs(
    "plugin-arg",
    llvm::cl::desc("An option as the plugin takes it, NAME=VALUE for "
                   "-fplugin-arg-lineprof-NAME=VALUE (how lprof-cc passes "
                   "them on)"),
    llvm::cl::value_desc("NAME=VALUE"), llvm::cl::cat(Category));
llvm::cl::opt<std::string> OutputPath("o", llvm::cl::desc("Output file (default: standard output)"),
                                      llvm::cl::value_desc("file"),
                                      llvm::cl::init("-"),
                                      llvm::cl::cat(Category));

/// Instruments the main file and keeps the text, or the original text when
/// there is nothing to profile in it.
class RewriteAction : public ASTFrontendAction {
public:
  explicit RewriteAction(const lineprof::InstrumentOptions &Options)
      : Options(Options) {}

  const lineprof::InstrumentOptions &Options;
  std::string Text;

private:
  class Consumer : public ASTConsumer {
  public:
    explicit Consumer(RewriteAction &Action) : Action(Action) {}
    void HandleTranslationUnit(ASTContext &Context) override {
      std::vector<lineprof::SkippedFunction> Skipped;
      std::optional<lineprof::InstrumentedUnit> Result =
          lineprof::instrumentUnit(Context, Action.Options, Skipped);
      for (const lineprof::SkippedFunction &S : Skipped)
        llvm::WithColor::remark(llvm::errs(), "lprof-rewrite")
            << "not profiling '" << S.Name << "' (" << S.Where
            << "): " << S.Reason << "\n";
      const SourceManager &SM = Context.getSourceManager();
      Action.Text = Result ? std::move(Result->MainText)
                           : SM.getBufferData(SM.getMainFileID()).str();
    }

  private:
    RewriteAction &Action;
  };

  std::unique_ptr<ASTConsumer> CreateASTConsumer(CompilerInstance &,
                                                 StringRef) override {
    return std::make_unique<Consumer>(*this);
  }
};

} // namespace

int main(int argc, const char **argv) {
  auto Parser = tooling::CommonOptionsParser::create(
      argc, argv, Category, llvm::cl::Required,
      "Writes FILE with line probes in every profiled function.\n");
  if (!Parser) {
    llvm::WithColor::error(llvm::errs(), "lprof-rewrite")
        << llvm::toString(Parser.takeError()) << "\n";
    return 1;
  }
  if (Parser->getSourcePathList().size() != 1) {
    llvm::WithColor::error(llvm::errs(), "lprof-rewrite")
        << "expected exactly one input file\n";
    return 1;
  }
  lineprof::InstrumentOptions Options;
  // The output is one file, for another compiler: functions in headers
  // stay as they are, and lineprof's attributes, unknown there, go.
  Options.MainFileOnly = true;
  Options.BlankAttributes = true;
  std::vector<std::string> Settings = {"mode=" + Mode};
  for (const std::string &Pattern : FunctionPatterns)
    Settings.push_back("function=" + Pattern);
  for (const std::string &Pattern : FilePatterns)
    Settings.push_back("file=" + Pattern);
  for (const std::string &Pattern : ExcludedFunctionPatterns)
    Settings.push_back("exclude=" + Pattern);
  for (const std::string &Pattern : ExcludedFilePatterns)
    Settings.push_back("exclude-file=" + Pattern);
  Settings.insert(Settings.end(), PluginArgs.begin(), PluginArgs.end());
  for (const std::string &Setting : Settings)
    if (llvm::Error Error = Options.apply(Setting)) {
      llvm::WithColor::error(llvm::errs(), "lprof-rewrite")
          << llvm::toString(std::move(Error)) << "\n";
      return 1;
    }
  tooling::ClangTool Tool(Parser->getCompilations(),
                          Parser->getSourcePathList());
  RewriteAction Action(Options);
  class Factory : public tooling::FrontendActionFactory {
  public:
    explicit Factory(RewriteAction &Action) : Action(Action) {}
    std::unique_ptr<FrontendAction> create() override { return nullptr; }
    bool runInvocation(std::shared_ptr<CompilerInvocation> Invocation,
                       FileManager *Files,
                       std::shared_ptr<PCHContainerOperations> PCH,
                       DiagnosticConsumer *Diags) override {
      CompilerInstance Compiler(std::move(PCH));
      Compiler.setInvocation(std::move(Invocation));
      Compiler.setFileManager(Files);
      Compiler.createDiagnostics(Diags, /*ShouldOwnClient=*/false);
      if (!Compiler.hasDiagnostics())
        return false;
      return Compiler.ExecuteAction(Action) &&
             !Compiler.getDiagnostics().hasErrorOccurred();
    }

  private:
    RewriteAction &Action;
  } ActionFactory(Action);
  if (Tool.run(&ActionFactory) != 0)
    return 1;

  std::error_code EC;
  llvm::ToolOutputFile Out(OutputPath, EC, llvm::sys::fs::OF_None);
  if (EC) {
    llvm::WithColor::error(llvm::errs(), "lprof-rewrite")
        << OutputPath << ": " << EC.message() << "\n";
    return 1;
  }
  Out.os() << Action.Text;
  Out.keep();
  return 0;
}
