//===- Instrumenter.cpp - Insert line probes into profiled functions ------===//
//
// Counting rules (see docs/user-guide.md, "What is counted"):
//  - a line counts a hit each time a statement starting on it starts, but
//    consecutive statements on one line count once per pass;
//  - `while`/`for` headers count each evaluation of the condition, so a loop
//    whose body runs N times shows N+1; `do ... while (c)` counts each
//    evaluation of `c` on the `while` line; `if` counts each evaluation;
//  - a line's time runs from its probe to the next probe of the same
//    activation.
//
// All insertions are made without newlines, so line numbers never move.
//
//===----------------------------------------------------------------------===//

#include "lineprof/Instrumenter.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "clang/Rewrite/Core/Rewriter.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace lineprof {
namespace {

/// Answers where in the main file's text a statement starts and ends.
/// Locations inside macro arguments, or in the middle of a macro expansion,
/// have no place where text can be inserted without changing the macro.
class SourceText {
public:
  explicit SourceText(ASTContext &Context)
      : SM(Context.getSourceManager()), LangOpts(Context.getLangOpts()) {}

  const SourceManager &sourceManager() const { return SM; }

  /// The main-file location where text inserted runs right before \p S.
  SourceLocation insertionPointBefore(const Stmt *S) const {
    return toFileStart(S->getBeginLoc());
  }

  /// The whole statement as a main-file range, ending after its `;`.
  CharSourceRange statementRange(const Stmt *S) const {
    CharSourceRange Range = expressionRange(S->getSourceRange());
    if (Range.isInvalid() || !endsBeforeSemicolon(S))
      return Range;
    // Expression statements, `return x`, `do ... while (c)` and the like end
    // before their semicolon; the semicolon belongs to the statement.
    Token Next;
    if (Lexer::getRawToken(Range.getEnd(), Next, SM, LangOpts,
                           /*IgnoreWhiteSpace=*/true))
      return CharSourceRange();
    if (!Next.is(tok::semi))
      return CharSourceRange();
    Range.setEnd(Next.getEndLoc());
    return Range;
  }

  /// A main-file range covering exactly the tokens of \p Range.
  CharSourceRange expressionRange(SourceRange Range) const {
    if (isInMacroArgument(Range.getBegin()) || isInMacroArgument(Range.getEnd()))
      return CharSourceRange();
    CharSourceRange File = Lexer::makeFileCharRange(
        CharSourceRange::getTokenRange(Range), SM, LangOpts);
    if (File.isInvalid() || !SM.isWrittenInMainFile(File.getBegin()))
      return CharSourceRange();
    return File;
  }

  /// Whether \p S is written entirely inside one macro use, like
  /// `TWICE(x);` expanding to a whole `do ... while (0)`: then it counts as
  /// one statement on the line of the use.
  bool isOneMacroUse(const Stmt *S) const {
    SourceLocation Begin = S->getBeginLoc(), End = S->getEndLoc();
    return Begin.isMacroID() && End.isMacroID() &&
           SM.getExpansionRange(Begin).getAsRange() ==
               SM.getExpansionRange(End).getAsRange();
  }

  /// The line a location is counted on: the presumed line of its expansion,
  /// the same number the debug info and diagnostics use.
  unsigned lineOf(SourceLocation Loc) const {
    return SM.getPresumedLineNumber(SM.getExpansionLoc(Loc));
  }

private:
  bool isInMacroArgument(SourceLocation Loc) const {
    return Loc.isMacroID() && SM.isMacroArgExpansion(Loc);
  }

  SourceLocation toFileStart(SourceLocation Loc) const {
    while (Loc.isMacroID()) {
      if (SM.isMacroArgExpansion(Loc))
        return SourceLocation();
      SourceLocation ExpansionStart;
      if (!Lexer::isAtStartOfMacroExpansion(Loc, SM, LangOpts, &ExpansionStart))
        return SourceLocation();
      Loc = ExpansionStart;
    }
    if (!SM.isWrittenInMainFile(Loc))
      return SourceLocation();
    return Loc;
  }

  /// Whether the range of \p S stops before the `;` that ends it. Decided
  /// by the statement that ends \p S, not by its last character: `return
  /// {2};` ends in a brace and still needs its semicolon.
  static bool endsBeforeSemicolon(const Stmt *S) {
    while (true) {
      const Stmt *Last = nullptr;
      if (const auto *If = dyn_cast<IfStmt>(S))
        Last = If->getElse() ? If->getElse() : If->getThen();
      else if (const auto *While = dyn_cast<WhileStmt>(S))
        Last = While->getBody();
      else if (const auto *For = dyn_cast<ForStmt>(S))
        Last = For->getBody();
      else if (const auto *RangeFor = dyn_cast<CXXForRangeStmt>(S))
        Last = RangeFor->getBody();
      else if (const auto *Switch = dyn_cast<SwitchStmt>(S))
        Last = Switch->getBody();
      else if (const auto *Label = dyn_cast<LabelStmt>(S))
        Last = Label->getSubStmt();
      else if (const auto *Case = dyn_cast<SwitchCase>(S))
        Last = Case->getSubStmt();
      else if (const auto *Attributed = dyn_cast<AttributedStmt>(S))
        Last = Attributed->getSubStmt();
      if (!Last)
        break;
      S = Last;
    }
    // These ranges already end with their last token (`}` or `;`).
    return !isa<CompoundStmt>(S) && !isa<CXXTryStmt>(S) &&
           !isa<DeclStmt>(S) && !isa<NullStmt>(S);
  }

  const SourceManager &SM;
  const LangOptions &LangOpts;
};

/// Inserts the probes of one function body. Probe lines are stored as
/// indices relative to the function's first line.
class BodyInstrumenter {
public:
  BodyInstrumenter(const SourceText &Text, Rewriter &Rewrite,
                   unsigned FirstLine, unsigned LastLine)
      : Text(Text), Rewrite(Rewrite), FirstLine(FirstLine),
        LastLine(LastLine) {}

  /// Instruments \p Body, whose frame refers to descriptor \p Index.
  void instrument(CompoundStmt *Body, unsigned Index) {
    Rewrite.InsertTextAfterToken(
        Body->getLBracLoc(),
        "__lprof_frame __lprof_f __attribute__((cleanup(__lprof_leave))) = "
        "__lprof_enter(&__lprof_fns[" +
            std::to_string(Index) + "]);");
    instrumentCompound(Body, /*Last=*/0);
  }

private:
  // Each walk function takes `Last`, the line whose probe certainly ran last
  // when control reaches the statement (0 if unknown), and returns the same
  // for the point after the statement. A statement on line `Last` needs no
  // probe of its own: several statements on one line count once per pass.

  void instrumentCompound(CompoundStmt *Compound, unsigned Last) {
    for (Stmt *Child : Compound->body())
      Last = instrumentStmt(Child, Last);
  }

  unsigned instrumentStmt(Stmt *S, unsigned Last) {
    if (!S || isa<NullStmt>(S))
      return Last;
    if (Text.isOneMacroUse(S)) {
      probeBefore(S, Last);
      return Text.lineOf(S->getBeginLoc());
    }
    if (auto *Compound = dyn_cast<CompoundStmt>(S)) {
      instrumentCompound(Compound, Last);
      return lineAfter(S);
    }
    if (isa<SwitchCase>(S) || isa<LabelStmt>(S))
      return instrumentLabel(S);
    if (auto *Attributed = dyn_cast<AttributedStmt>(S)) {
      if (isa<NullStmt>(Attributed->getSubStmt())) // [[fallthrough]];
        return Last;
      instrumentBody(Attributed->getSubStmt(), Last);
      return lineAfter(S);
    }
    if (auto *If = dyn_cast<IfStmt>(S))
      return instrumentIf(If, Last);
    if (auto *While = dyn_cast<WhileStmt>(S))
      return instrumentWhile(While, Last);
    if (auto *For = dyn_cast<ForStmt>(S))
      return instrumentFor(For, Last);
    if (auto *RangeFor = dyn_cast<CXXForRangeStmt>(S))
      return instrumentRangeFor(RangeFor, Last);
    if (auto *Do = dyn_cast<DoStmt>(S))
      return instrumentDo(Do, Last);
    if (auto *Switch = dyn_cast<SwitchStmt>(S)) {
      probeBefore(S, Last);
      instrumentBody(Switch->getBody(), /*Last=*/0);
      return lineAfter(S);
    }
    if (auto *Try = dyn_cast<CXXTryStmt>(S)) {
      instrumentCompound(Try->getTryBlock(), Last);
      for (unsigned I = 0, E = Try->getNumHandlers(); I != E; ++I) {
        CXXCatchStmt *Handler = Try->getHandler(I);
        instrumentBody(Handler->getHandlerBlock(), 0,
                       Text.lineOf(Handler->getCatchLoc()));
      }
      return lineAfter(S);
    }
    if (isa<CoroutineBodyStmt>(S) || isa<CapturedStmt>(S) ||
        isa<SEHTryStmt>(S) || isa<ObjCAtTryStmt>(S))
      return 0;
    // Declarations, expressions, return, break, continue, goto, asm, ...
    probeBefore(S, Last);
    return Text.lineOf(S->getBeginLoc());
  }

  /// Labels are jump targets: the probe goes after the colon so that a jump
  /// counts. A chain of labels on one line shares the innermost one's probe.
  unsigned instrumentLabel(Stmt *Label) {
    Stmt *Sub = isa<LabelStmt>(Label) ? cast<LabelStmt>(Label)->getSubStmt()
                                      : cast<SwitchCase>(Label)->getSubStmt();
    unsigned Line = Text.lineOf(Label->getBeginLoc());
    if ((isa<SwitchCase>(Sub) || isa<LabelStmt>(Sub)) &&
        Text.lineOf(Sub->getBeginLoc()) == Line)
      return instrumentStmt(Sub, 0);
    insertProbe(Text.insertionPointBefore(Sub), Line);
    return instrumentStmt(Sub, Line);
  }

  unsigned instrumentIf(IfStmt *If, unsigned Last) {
    probeBefore(If, Last);
    unsigned Line = Text.lineOf(If->getBeginLoc());
    // A consteval branch runs only at compile time: no probes there.
    if (!If->isNonNegatedConsteval())
      instrumentBody(If->getThen(), Line);
    if (If->getElse() && !If->isNegatedConsteval())
      instrumentBody(If->getElse(), Line);
    return lineAfter(If);
  }

  unsigned instrumentWhile(WhileStmt *While, unsigned Last) {
    unsigned Line = Text.lineOf(While->getBeginLoc());
    if (!While->getConditionVariable() && wrapCondition(While->getCond(), Line)) {
      instrumentBody(While->getBody(), Line);
      return lineAfter(While);
    }
    return instrumentLoopByBody(While, While->getBody(), Last);
  }

  unsigned instrumentFor(ForStmt *For, unsigned Last) {
    unsigned Line = Text.lineOf(For->getBeginLoc());
    if (For->getCond() && !For->getConditionVariable() &&
        wrapCondition(For->getCond(), Line)) {
      // The init-statement runs on the header line before the condition,
      // which counts the hits.
      if (For->getInit())
        insertStatement(Text.insertionPointBefore(For), "__lprof_move", Line);
      instrumentBody(For->getBody(), Line);
      return lineAfter(For);
    }
    return instrumentLoopByBody(For, For->getBody(), Last);
  }

  /// A range-for has no condition to wrap: one hit before the loop plus one
  /// per iteration gives the same N+1 as a condition evaluated N+1 times.
  unsigned instrumentRangeFor(CXXForRangeStmt *RangeFor, unsigned Last) {
    return instrumentLoopByBody(RangeFor, RangeFor->getBody(), Last);
  }

  unsigned instrumentLoopByBody(Stmt *Loop, Stmt *Body, unsigned Last) {
    unsigned Line = Text.lineOf(Loop->getBeginLoc());
    probeBefore(Loop, /*Last=*/0);
    instrumentBody(Body, Line, Line);
    return lineAfter(Loop);
  }

  unsigned instrumentDo(DoStmt *Do, unsigned Last) {
    unsigned WhileLine = Text.lineOf(Do->getWhileLoc());
    if (Text.lineOf(Do->getBody()->getBeginLoc()) == WhileLine) {
      // `do x; while (c);` on one line counts the condition only; the first
      // pass's time still belongs to this line.
      if (Last != WhileLine)
        insertStatement(Text.insertionPointBefore(Do), "__lprof_move",
                        WhileLine);
      Last = WhileLine;
    } else if (Last != WhileLine) {
      // The body is entered from before the loop and from the condition.
      Last = 0;
    }
    instrumentBody(Do->getBody(), Last);
    wrapCondition(Do->getCond(), WhileLine);
    return lineAfter(Do);
  }

  /// Instruments a statement that is the body of a compound construct. A body
  /// that is not a compound statement gets braces on the same lines, so that
  /// probes can precede its statements. \p ForcedLine, if set, is a probe
  /// that runs first in the body (a loop header counted per iteration).
  void instrumentBody(Stmt *Body, unsigned Last, unsigned ForcedLine = 0) {
    if (!Body)
      return;
    if (auto *Compound = dyn_cast<CompoundStmt>(Body)) {
      if (ForcedLine) {
        insertProbeAfterToken(Compound->getLBracLoc(), ForcedLine);
        Last = ForcedLine;
      }
      instrumentCompound(Compound, Last);
      return;
    }
    CharSourceRange Range = Text.statementRange(Body);
    if (Range.isInvalid())
      return;
    Rewrite.InsertText(Range.getBegin(), "{", /*InsertAfter=*/true);
    if (ForcedLine) {
      insertProbe(Range.getBegin(), ForcedLine);
      Last = ForcedLine;
    }
    instrumentStmt(Body, Last);
    Rewrite.InsertText(Range.getEnd(), "}", /*InsertAfter=*/true);
  }

  /// Wraps a condition as `(probe, condition)`: one hit per evaluation.
  /// The probe returns void, so no overloaded comma operator can apply.
  bool wrapCondition(Expr *Cond, unsigned Line) {
    if (!Cond || !isCountable(Line))
      return false;
    CharSourceRange Range = Text.expressionRange(Cond->getSourceRange());
    if (Range.isInvalid())
      return false;
    Rewrite.InsertText(Range.getBegin(),
                       "(__lprof_line(&__lprof_f," + indexOf(Line) + "),",
                       /*InsertAfter=*/true);
    Rewrite.InsertText(Range.getEnd(), ")", /*InsertAfter=*/true);
    return true;
  }

  void probeBefore(Stmt *S, unsigned Last) {
    unsigned Line = Text.lineOf(S->getBeginLoc());
    if (Line != Last)
      insertProbe(Text.insertionPointBefore(S), Line);
  }

  void insertProbe(SourceLocation Loc, unsigned Line) {
    insertStatement(Loc, "__lprof_line", Line);
  }

  void insertProbeAfterToken(SourceLocation Loc, unsigned Line) {
    if (Loc.isInvalid() || Loc.isMacroID() || !isCountable(Line))
      return;
    Rewrite.InsertTextAfterToken(Loc, probeCall("__lprof_line", Line) + ";");
  }

  void insertStatement(SourceLocation Loc, StringRef Function, unsigned Line) {
    if (Loc.isInvalid() || !isCountable(Line))
      return;
    Rewrite.InsertText(Loc, probeCall(Function, Line) + ";",
                       /*InsertAfter=*/true);
  }

  std::string probeCall(StringRef Function, unsigned Line) const {
    return (Function + "(&__lprof_f," + indexOf(Line) + ")").str();
  }

  std::string indexOf(unsigned Line) const {
    return std::to_string(Line - FirstLine);
  }

  /// A probe outside the function's lines would index past its counters
  /// (a `#line` directive inside the body can do that).
  bool isCountable(unsigned Line) const {
    return Line >= FirstLine && Line <= LastLine;
  }

  /// After a construct that sits on one line, that line's probe ran last.
  unsigned lineAfter(Stmt *S) const {
    unsigned Begin = Text.lineOf(S->getBeginLoc());
    return Begin == Text.lineOf(S->getEndLoc()) ? Begin : 0;
  }

  const SourceText &Text;
  Rewriter &Rewrite;
  unsigned FirstLine;
  unsigned LastLine;
};

bool isMarkedProfile(const FunctionDecl *Function) {
  for (const FunctionDecl *Redecl : Function->redecls())
    for (const auto *Annotation : Redecl->specific_attrs<AnnotateAttr>())
      if (Annotation->getAnnotation() == ProfileAnnotation)
        return true;
  return false;
}

/// Collects the definitions of profiled functions written in the main file,
/// in source order. Template patterns are visited, instantiations are not:
/// all instantiations share the pattern's probes and lines.
class ProfiledFunctionFinder
    : public RecursiveASTVisitor<ProfiledFunctionFinder> {
public:
  explicit ProfiledFunctionFinder(const SourceManager &SM) : SM(SM) {}

  bool VisitFunctionDecl(FunctionDecl *Function) {
    if (Function->doesThisDeclarationHaveABody() && isMarkedProfile(Function) &&
        SM.isWrittenInMainFile(SM.getExpansionLoc(Function->getLocation())))
      Found.push_back(Function);
    return true;
  }

  std::vector<FunctionDecl *> Found;

private:
  const SourceManager &SM;
};

/// Where a profiled function starts: its template header, or its profile
/// attribute when that is written on an earlier line than the declaration.
SourceLocation declarationStart(const FunctionDecl *Function,
                                const SourceManager &SM) {
  SourceLocation Start = SM.getExpansionLoc(Function->getOuterLocStart());
  if (const FunctionTemplateDecl *Template =
          Function->getDescribedFunctionTemplate())
    Start = SM.getExpansionLoc(Template->getBeginLoc());
  for (const auto *Annotation : Function->specific_attrs<AnnotateAttr>()) {
    SourceLocation AttrLoc = SM.getExpansionLoc(Annotation->getLocation());
    if (Annotation->getAnnotation() == ProfileAnnotation &&
        SM.isBeforeInTranslationUnit(AttrLoc, Start))
      Start = AttrLoc;
  }
  return Start;
}

std::string absolutePath(StringRef Name, const SourceManager &SM) {
  SmallString<256> Path(Name);
  SM.getFileManager().makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path);
}

/// The text of lines First..Last of the file holding \p Loc, as written.
std::optional<std::string> sourceLines(SourceLocation Loc, unsigned NumLines,
                                       const SourceManager &SM) {
  FileID File = SM.getFileID(Loc);
  StringRef Buffer = SM.getBufferData(File);
  unsigned FirstLine = SM.getLineNumber(File, SM.getFileOffset(Loc));
  size_t Offset = SM.getFileOffset(
      SM.translateLineCol(File, FirstLine, /*Col=*/1));
  std::string Lines;
  for (unsigned I = 0; I != NumLines; ++I) {
    if (Offset > Buffer.size())
      return std::nullopt;
    size_t End = Buffer.find('\n', Offset);
    if (End == StringRef::npos)
      End = Buffer.size();
    StringRef Line = Buffer.slice(Offset, End);
    Line.consume_back("\r");
    if (I)
      Lines += '\n';
    Lines += Line;
    Offset = End + 1;
  }
  return Lines;
}

/// Why a function cannot carry probes, or an empty string if it can.
std::string unsupportedReason(const FunctionDecl *Function) {
  if (Function->isConsteval())
    return "consteval functions run only at compile time";
  if (Function->isConstexpr())
    return "constexpr functions are not instrumented yet";
  Stmt *Body = Function->getBody();
  if (isa<CoroutineBodyStmt>(Body))
    return "coroutines are not instrumented yet";
  if (!isa<CompoundStmt>(Body))
    return "function-try-blocks are not instrumented yet";
  return "";
}

} // namespace

std::optional<InstrumentedFile>
instrumentMainFile(ASTContext &Context, std::vector<SkippedFunction> &Skipped) {
  const SourceManager &SM = Context.getSourceManager();
  ProfiledFunctionFinder Finder(SM);
  Finder.TraverseDecl(Context.getTranslationUnitDecl());
  if (Finder.Found.empty())
    return std::nullopt;

  SourceText Text(Context);
  Rewriter Rewrite(Context.getSourceManager(), Context.getLangOpts());
  InstrumentedFile Result;
  for (FunctionDecl *Function : Finder.Found) {
    auto Skip = [&](std::string Reason) {
      PresumedLoc Loc = SM.getPresumedLoc(Function->getLocation());
      std::string Where =
          Loc.isValid() ? std::string(Loc.getFilename()) + ":" +
                              std::to_string(Loc.getLine())
                        : "";
      Skipped.push_back({Function->getQualifiedNameAsString(),
                         std::move(Where), std::move(Reason)});
    };
    std::string Reason = unsupportedReason(Function);
    if (!Reason.empty()) {
      Skip(std::move(Reason));
      continue;
    }
    auto *Body = cast<CompoundStmt>(Function->getBody());
    if (Body->getLBracLoc().isMacroID() || Body->getRBracLoc().isMacroID()) {
      Skip("its body's braces come from a macro");
      continue;
    }
    SourceLocation Start = declarationStart(Function, SM);
    SourceLocation End = SM.getExpansionLoc(Body->getRBracLoc());
    PresumedLoc PresumedStart = SM.getPresumedLoc(Start);
    PresumedLoc PresumedEnd = SM.getPresumedLoc(End);
    if (PresumedStart.isInvalid() || PresumedEnd.isInvalid() ||
        PresumedEnd.getLine() < PresumedStart.getLine())
      continue;
    ProfiledFunction Profiled;
    Profiled.File = absolutePath(PresumedStart.getFilename(), SM);
    Profiled.Name = Function->getQualifiedNameAsString();
    Profiled.FirstLine = PresumedStart.getLine();
    Profiled.LastLine = PresumedEnd.getLine();
    unsigned NumLines = Profiled.LastLine - Profiled.FirstLine + 1;
    // The table numbers lines as the debug info does (presumed lines); the
    // snapshot comes from the physical text, so the two must agree.
    if (SM.getExpansionLineNumber(End) - SM.getExpansionLineNumber(Start) + 1 !=
        NumLines) {
      Skip("a #line directive inside it renumbers its lines");
      continue;
    }
    std::optional<std::string> Source = sourceLines(Start, NumLines, SM);
    if (!Source) {
      Skip("its source text could not be read");
      continue;
    }
    Profiled.Source = std::move(*Source);
    BodyInstrumenter(Text, Rewrite, Profiled.FirstLine, Profiled.LastLine)
        .instrument(Body, Result.Functions.size());
    Result.Functions.push_back(std::move(Profiled));
  }
  if (Result.Functions.empty())
    return std::nullopt;

  const RewriteBuffer *Rewritten =
      Rewrite.getRewriteBufferFor(SM.getMainFileID());
  PresumedLoc MainStart =
      SM.getPresumedLoc(SM.getLocForStartOfFile(SM.getMainFileID()));
  Result.Text = makePrologue(Result.Functions, MainStart.getFilename());
  if (Rewritten)
    Result.Text.append(Rewritten->begin(), Rewritten->end());
  else
    Result.Text += SM.getBufferData(SM.getMainFileID());
  return Result;
}

} // namespace lineprof
