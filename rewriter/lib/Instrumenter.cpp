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
#include "Completion.h"
#include "lineprof/ClangCompat.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTLambda.h"
#include "clang/AST/Attr.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/AST/StmtOpenMP.h"
#include "clang/Basic/OpenMPKinds.h"
#include "clang/Basic/Builtins.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "clang/Rewrite/Core/Rewriter.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/xxhash.h"
#include "llvm/Support/Path.h"

using namespace clang;

namespace lineprof {
namespace {

/// Answers where in the text of one file (the one holding the function
/// being instrumented) a statement starts and ends. Locations inside macro
/// arguments, in the middle of a macro expansion, or in another file (a
/// `#include` inside a function body) have no place where text can be
/// inserted without changing the macro or the other file.
class SourceText {
public:
  SourceText(ASTContext &Context, FileID File)
      : Context(Context), SM(Context.getSourceManager()),
        LangOpts(Context.getLangOpts()), File(File) {}

  ASTContext &context() const { return Context; }

  const LangOptions &langOpts() const { return LangOpts; }
  const SourceManager &sourceManager() const { return SM; }

  /// The location where text inserted runs right before \p S.
  SourceLocation insertionPointBefore(const Stmt *S) const {
    return toFileStart(S->getBeginLoc());
  }

  /// The whole statement as a file range, ending after its `;`. An OpenMP
  /// directive's range runs from its `#pragma` to the end of the statement
  /// it governs; a standalone directive (`#pragma omp barrier`) has none.
  CharSourceRange statementRange(const Stmt *S) const {
    if (const auto *Directive = dyn_cast<OMPExecutableDirective>(S)) {
      if (!Directive->hasAssociatedStmt())
        return CharSourceRange();
      CharSourceRange Governed = statementRange(Directive->getRawStmt());
      SourceLocation Begin = toFileStart(Directive->getBeginLoc());
      if (Governed.isInvalid() || Begin.isInvalid())
        return CharSourceRange();
      return CharSourceRange::getCharRange(Begin, Governed.getEnd());
    }
    CharSourceRange Range = expressionRange(compat::writtenRange(S));
    // A statement ending with an OpenMP directive (`for (...)` then
    // `#pragma omp task` then `{...}`) ends where the directive's statement
    // does: the AST ends the directive, and so the loop, at its `#pragma`
    // line.
    if (const Stmt *Directive = trailingDirective(S); Directive && Range.isValid()) {
      CharSourceRange Governed = statementRange(Directive);
      if (Governed.isInvalid())
        return CharSourceRange();
      Range.setEnd(Governed.getEnd());
      return Range;
    }
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

  /// A file range covering exactly the tokens of \p Range.
  CharSourceRange expressionRange(SourceRange Range) const {
    if (isInMacroArgument(Range.getBegin()) || isInMacroArgument(Range.getEnd()))
      return CharSourceRange();
    CharSourceRange FileRange = Lexer::makeFileCharRange(
        CharSourceRange::getTokenRange(Range), SM, LangOpts);
    if (FileRange.isInvalid() || !isInFile(FileRange.getBegin()))
      return CharSourceRange();
    return FileRange;
  }

  /// Whether text can be inserted right after the token at \p Loc.
  bool canInsertAfterToken(SourceLocation Loc) const {
    return Loc.isValid() && Loc.isFileID() && isInFile(Loc);
  }

  /// Where text inserted runs right after the token at \p Loc: after the
  /// token itself, or after the macro use whose expansion ends with it
  /// (`#define vmcase(l) case l:`, `#define START_TEST(f) void f(void) {`),
  /// never inside a macro argument. Invalid if there is no such place.
  SourceLocation pointAfterToken(SourceLocation Loc) const {
    while (Loc.isMacroID()) {
      if (SM.isMacroArgExpansion(Loc))
        return SourceLocation();
      SourceLocation ExpansionEnd;
      if (!Lexer::isAtEndOfMacroExpansion(Loc, SM, LangOpts, &ExpansionEnd))
        return SourceLocation();
      Loc = ExpansionEnd;
    }
    if (!isInFile(Loc))
      return SourceLocation();
    return Lexer::getLocForEndOfToken(Loc, 0, SM, LangOpts);
  }

  /// Where a body's frame opens: right after its `{`, or, when the `{` is
  /// not the last token of the macro use that writes it (`#define
  /// BEGIN(f) int f(int n) { int total = 0;`), after that use, if every
  /// statement that use starts also ends in it. Invalid otherwise, and when
  /// the whole body is in one use; bodyOpeningProblem() says why.
  SourceLocation pointAfterOpeningBrace(const CompoundStmt *Body) const {
    SourceLocation Brace = Body->getLBracLoc();
    SourceLocation After = pointAfterToken(Brace);
    if (After.isValid() || !Brace.isMacroID() || SM.isMacroArgExpansion(Brace))
      return After;
    CharSourceRange Use = SM.getExpansionRange(Brace);
    if (!Use.getEnd().isFileID() || !isInFile(Use.getEnd()) ||
        !SM.isBeforeInTranslationUnit(Use.getEnd(),
                                      SM.getExpansionLoc(Body->getRBracLoc())))
      return SourceLocation();
    for (const Stmt *Child : Body->body()) {
      SourceLocation Begin = Child->getBeginLoc();
      if (!Begin.isMacroID() ||
          SM.getExpansionRange(Begin).getAsRange() != Use.getAsRange())
        continue;
      SourceLocation End = Child->getEndLoc();
      if (!End.isMacroID() ||
          SM.getExpansionRange(End).getAsRange() != Use.getAsRange())
        return SourceLocation();
    }
    return Lexer::getLocForEndOfToken(Use.getEnd(), 0, SM, LangOpts);
  }

  /// Why no frame can open in \p Body (pointAfterOpeningBrace), or "".
  std::string bodyOpeningProblem(const CompoundStmt *Body) const {
    if (pointAfterOpeningBrace(Body).isValid())
      return "";
    SourceLocation Brace = Body->getLBracLoc();
    if (Brace.isMacroID() && Body->getRBracLoc().isMacroID() &&
        SM.getExpansionRange(Brace).getAsRange() ==
            SM.getExpansionRange(Body->getRBracLoc()).getAsRange())
      return "its whole body is written in one macro use";
    if (Brace.isMacroID() && SM.isMacroArgExpansion(Brace))
      return "its body's '{' is written in a macro argument";
    if (Brace.isMacroID())
      return "its body's '{' comes from a macro whose use also writes part "
             "of a statement after it";
    return "its body's '{' cannot take a probe after it";
  }

  /// After the macro use that writes all of \p Label, up to \p Next, the
  /// statement after it (`#define vmcase(l) L_##l:`); invalid otherwise.
  SourceLocation pointAfterMacroUse(const Stmt *Label, const Stmt *Next) const {
    SourceLocation Begin = Label->getBeginLoc();
    if (!Begin.isMacroID() || SM.isMacroArgExpansion(Begin))
      return SourceLocation();
    CharSourceRange Use = SM.getExpansionRange(Begin);
    SourceLocation NextStart = SM.getExpansionLoc(Next->getBeginLoc());
    if (!isInFile(Use.getBegin()) || !Use.getEnd().isFileID() ||
        !SM.isBeforeInTranslationUnit(Use.getEnd(), NextStart))
      return SourceLocation();
    return Lexer::getLocForEndOfToken(Use.getEnd(), 0, SM, LangOpts);
  }

  /// Whether \p Loc is the `#` of a preprocessor directive (a `#pragma`
  /// that introduces a statement): text inserted there would end up in the
  /// directive or make it no directive at all.
  bool isDirectiveStart(SourceLocation Loc) const {
    if (Loc.isInvalid() || !Loc.isFileID())
      return false;
    bool Invalid = false;
    const char *Char = SM.getCharacterData(Loc, &Invalid);
    return !Invalid && *Char == '#';
  }

  /// Whether the text at \p Loc is a `{`.
  bool startsWithBrace(SourceLocation Loc) const {
    bool Invalid = false;
    const char *Char = SM.getCharacterData(Loc, &Invalid);
    return !Invalid && *Char == '{';
  }

  /// Where text inserted runs right before the statement that the
  /// directive starting at \p Hash introduces: after the last token before
  /// it, on an earlier line (comment lines and blank lines skipped). Invalid
  /// when that is another directive, or the lines cannot be read simply.
  SourceLocation pointBeforeDirective(SourceLocation Hash) const {
    FileID ID = SM.getFileID(Hash);
    StringRef Buffer = SM.getBufferData(ID);
    unsigned Line = SM.getLineNumber(ID, SM.getFileOffset(Hash));
    while (--Line != 0) {
      SourceLocation LineStart = SM.translateLineCol(ID, Line, 1);
      unsigned Begin = SM.getFileOffset(LineStart);
      size_t End = Buffer.find('\n', Begin);
      if (End == StringRef::npos)
        return SourceLocation();
      StringRef Text = Buffer.slice(Begin, End).rtrim();
      if (Text.take_back() == "\\" || Text.contains("*/") || Text.contains("/*"))
        return SourceLocation();
      if (Text.ltrim().take_front() == "#")
        return SourceLocation();
      // The end of the last token that is not a comment.
      Lexer Raw(SM.getLocForStartOfFile(ID), LangOpts, Buffer.begin(),
                Buffer.begin() + Begin, Buffer.end());
      Raw.SetCommentRetentionState(true);
      SourceLocation After;
      Token Tok;
      while (!Raw.LexFromRawLexer(Tok)) {
        if (SM.getFileOffset(Tok.getLocation()) >= End)
          break;
        if (!Tok.is(tok::comment))
          After = Tok.getEndLoc();
      }
      if (After.isValid())
        return After;
    }
    return SourceLocation();
  }


  /// Whether a lambda is declared `constexpr`. Since C++17 every lambda
  /// that can be is implicitly constexpr, and the AST does not tell the two
  /// apart; only the explicit ones must stay free of probes.
  bool isExplicitlyConstexpr(const LambdaExpr *Lambda) const {
    SourceLocation From = Lambda->getIntroducerRange().getEnd();
    SourceLocation To = Lambda->getBody()->getBeginLoc();
    if (From.isMacroID() || To.isMacroID())
      return false;
    StringRef Declarator = Lexer::getSourceText(
        CharSourceRange::getCharRange(From, To), SM, LangOpts);
    for (size_t At = Declarator.find("constexpr"); At != StringRef::npos;
         At = Declarator.find("constexpr", At + 1)) {
      bool WordStart = At == 0 || !isAsciiIdentifierContinue(Declarator[At - 1]);
      size_t End = At + strlen("constexpr");
      bool WordEnd = End == Declarator.size() ||
                     !isAsciiIdentifierContinue(Declarator[End]);
      if (WordStart && WordEnd)
        return true;
    }
    return false;
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

  /// Where text inserted runs before the macro use that \p S is written in
  /// (isOneMacroUse), even when the expansion starts with something else
  /// than \p S, like a `_Pragma("clang diagnostic push")`; invalid when
  /// that use is itself inside a macro argument or another macro.
  SourceLocation macroUseStart(const Stmt *S) const {
    SourceLocation Loc = S->getBeginLoc();
    if (SM.isMacroArgExpansion(Loc))
      return SourceLocation();
    Loc = SM.getImmediateExpansionRange(Loc).getBegin();
    if (Loc.isMacroID())
      return toFileStart(Loc);
    return isInFile(Loc) ? Loc : SourceLocation();
  }

  /// The line a location is counted on: the presumed line of its expansion,
  /// the same number the debug info and diagnostics use.
  unsigned lineOf(SourceLocation Loc) const {
    return SM.getPresumedLineNumber(SM.getExpansionLoc(Loc));
  }

private:
  bool isInFile(SourceLocation Loc) const { return SM.getFileID(Loc) == File; }

  bool isInMacroArgument(SourceLocation Loc) const {
    return Loc.isMacroID() && SM.isMacroArgExpansion(Loc);
  }

  /// Text may go right before a macro use whose expansion starts with
  /// \p Loc (even when that token comes from one of its arguments), never
  /// inside an argument.
  SourceLocation toFileStart(SourceLocation Loc) const {
    while (Loc.isMacroID()) {
      SourceLocation ExpansionStart;
      if (!Lexer::isAtStartOfMacroExpansion(Loc, SM, LangOpts, &ExpansionStart))
        return SourceLocation();
      Loc = ExpansionStart;
    }
    if (!isInFile(Loc))
      return SourceLocation();
    return Loc;
  }

  /// Whether the range of \p S stops before the `;` that ends it. Decided
  /// by the statement that ends \p S, not by its last character: `return
  /// {2};` ends in a brace and still needs its semicolon.
  static bool endsBeforeSemicolon(const Stmt *S) {
    while (const Stmt *Last = lastSubStatement(S))
      S = Last;
    // These ranges already end with their last token (`}` or `;`).
    return !isa<CompoundStmt>(S) && !isa<CXXTryStmt>(S) &&
           !isa<DeclStmt>(S) && !isa<NullStmt>(S);
  }

  /// The OpenMP directive that \p S ends with, if any (not \p S itself).
  static const Stmt *trailingDirective(const Stmt *S) {
    for (S = lastSubStatement(S); S; S = lastSubStatement(S))
      if (isa<OMPExecutableDirective>(S))
        return S;
    return nullptr;
  }

  /// The statement that ends \p S and is part of it, if any: a loop's
  /// body, an `if`'s last branch, a label's statement, ...
  static const Stmt *lastSubStatement(const Stmt *S) {
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
    else if (const auto *Captured = dyn_cast<CapturedStmt>(S))
      Last = Captured->getCapturedStmt();
    else if (const auto *Directive = dyn_cast<OMPExecutableDirective>(S))
      Last = Directive->hasAssociatedStmt() ? Directive->getRawStmt()
                                            : nullptr;
    return Last;
  }

  ASTContext &Context;
  const SourceManager &SM;
  const LangOptions &LangOpts;
  FileID File;
};

/// Whether a loop can keep its hits in registers (count mode): it calls
/// nothing, so it can be left only by its own control flow (its end,
/// `break`, `return`, a `goto` out), where a block's cleanup runs, never by
/// an exception, `longjmp` or `exit`. Nothing may jump into it either, past
/// the declaration of those registers. Dependent code is refused: a
/// template's instantiations may turn any operator into a call. (Calls of
/// functions that surely return would do as well, but made the bench
/// workload 20% slower: the local hits live across the calls.)
class CallFreeLoopChecker : public RecursiveASTVisitor<CallFreeLoopChecker> {
public:
  explicit CallFreeLoopChecker(ASTContext &Context) : Context(Context) {}

  bool isCallFree(Stmt *Loop) { return TraverseStmt(Loop); }

  bool VisitExpr(Expr *E) { return !E->isInstantiationDependent(); }
  bool VisitCallExpr(CallExpr *Call) {
    unsigned Builtin = Call->getBuiltinCallee();
    return Builtin && Context.BuiltinInfo.isConst(Builtin);
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    return Construct->getConstructor()->isTrivial();
  }
  bool VisitVarDecl(VarDecl *Var) {
    return !Var->needsDestruction(Context) && !Var->hasAttr<CleanupAttr>();
  }
  bool VisitCXXNewExpr(CXXNewExpr *) { return false; }
  bool VisitCXXDeleteExpr(CXXDeleteExpr *) { return false; }
  bool VisitCXXThrowExpr(CXXThrowExpr *) { return false; }
  bool VisitCXXDynamicCastExpr(CXXDynamicCastExpr *) { return false; }
  bool VisitCXXTypeidExpr(CXXTypeidExpr *) { return false; }
  bool VisitCXXBindTemporaryExpr(CXXBindTemporaryExpr *) { return false; }
  bool VisitCoroutineSuspendExpr(CoroutineSuspendExpr *) { return false; }
  bool VisitCoreturnStmt(CoreturnStmt *) { return false; }
  bool VisitLambdaExpr(LambdaExpr *) { return false; }
  bool VisitBlockExpr(BlockExpr *) { return false; }
  bool VisitAsmStmt(AsmStmt *) { return false; }
  bool VisitCapturedStmt(CapturedStmt *) { return false; }
  bool VisitCXXTryStmt(CXXTryStmt *) { return false; }
  bool VisitLabelStmt(LabelStmt *) { return false; }
  bool VisitAddrLabelExpr(AddrLabelExpr *) { return false; }
  bool VisitIndirectGotoStmt(IndirectGotoStmt *) { return false; }
  /// A `case` of a switch outside the loop is a jump into it.
  bool TraverseSwitchStmt(SwitchStmt *Switch) {
    ++Switches;
    bool Result = RecursiveASTVisitor::TraverseSwitchStmt(Switch);
    --Switches;
    return Result;
  }
  bool VisitSwitchCase(SwitchCase *) { return Switches != 0; }

private:
  ASTContext &Context;
  unsigned Switches = 0;
};

/// Count mode: the lines of one descriptor's function (its body, lambdas
/// and OpenMP regions, which share its lines) whose statements may call a
/// function, each given a call site in the function's block as a probe
/// first needs it (docs/runtime.md, "Call edges in count mode"). Their
/// probes also tell the thread it is on the line (__lprof_line_at). A
/// line is calling if it starts a full expression or statement that has a
/// call in it, or has the call itself: the line whose probe runs before
/// the call, whichever it is (marking a line too many costs a store).
class CallSites {
public:
  /// Adds the calling lines of \p Body.
  void addBody(const SourceText &Text, Stmt *Body) {
    class Finder : public RecursiveASTVisitor<Finder> {
    public:
      Finder(const SourceText &Text, llvm::DenseSet<unsigned> &Lines)
          : Text(Text), Lines(Lines) {}
      bool TraverseStmt(Stmt *S) {
        if (!S)
          return true;
        Stack.push_back(S);
        bool Result = RecursiveASTVisitor::TraverseStmt(S);
        Stack.pop_back();
        return Result;
      }
      bool VisitCallExpr(CallExpr *Call) {
        unsigned Builtin = Call->getBuiltinCallee();
        if (!Builtin || !Text.context().BuiltinInfo.isConst(Builtin))
          mark();
        return true;
      }
      bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
        if (!Construct->getConstructor()->isTrivial())
          mark();
        return true;
      }
      bool VisitCXXNewExpr(CXXNewExpr *) { return mark(); }
      bool VisitCXXDeleteExpr(CXXDeleteExpr *) { return mark(); }
      bool VisitCXXBindTemporaryExpr(CXXBindTemporaryExpr *) { return mark(); }
      bool VisitCXXUnresolvedConstructExpr(CXXUnresolvedConstructExpr *) {
        return mark();
      }
      /// In a template, an operator may call one in an instantiation.
      bool VisitBinaryOperator(BinaryOperator *Operator) {
        return !Operator->isTypeDependent() || mark();
      }
      bool VisitUnaryOperator(UnaryOperator *Operator) {
        return !Operator->isTypeDependent() || mark();
      }

    private:
      /// Marks the call's line, that of its full expression, and that of
      /// the statement the full expression is part of (a `return`, an
      /// `if`'s condition).
      bool mark() {
        size_t I = Stack.size() - 1;
        Lines.insert(Text.lineOf(Stack[I]->getBeginLoc()));
        while (I > 0 && isa<Expr>(Stack[I - 1]) && !isa<LambdaExpr>(Stack[I - 1]))
          --I;
        Lines.insert(Text.lineOf(Stack[I]->getBeginLoc()));
        if (I > 0 && !isa<CompoundStmt>(Stack[I - 1]) &&
            !isa<LambdaExpr>(Stack[I - 1]) && !isBody(Stack[I - 1], Stack[I]))
          Lines.insert(Text.lineOf(Stack[I - 1]->getBeginLoc()));
        return true;
      }
      /// Whether \p Child is the body of \p Parent (whose own line's
      /// probe does not run right before it), not a condition or an
      /// operand.
      static bool isBody(const Stmt *Parent, const Stmt *Child) {
        if (const auto *If = dyn_cast<IfStmt>(Parent))
          return Child == If->getThen() || Child == If->getElse();
        if (const auto *While = dyn_cast<WhileStmt>(Parent))
          return Child == While->getBody();
        if (const auto *For = dyn_cast<ForStmt>(Parent))
          return Child == For->getBody();
        if (const auto *Do = dyn_cast<DoStmt>(Parent))
          return Child == Do->getBody();
        if (const auto *RangeFor = dyn_cast<CXXForRangeStmt>(Parent))
          return Child == RangeFor->getBody();
        return isa<SwitchCase>(Parent) || isa<LabelStmt>(Parent) ||
               isa<AttributedStmt>(Parent);
      }
      const SourceText &Text;
      llvm::DenseSet<unsigned> &Lines;
      std::vector<Stmt *> Stack;
    } LineFinder(Text, Calling);
    LineFinder.TraverseStmt(Body);
  }

  /// Whether \p Line (a line number) calls.
  bool calls(unsigned Line) const { return Calling.count(Line) != 0; }
  /// Whether any line does.
  bool anyCalls() const { return !Calling.empty(); }
  /// Whether so many lines call that the optimizer would hoist their
  /// sites' addresses and spill them (lineprof_abi.h, __lprof_at_many).
  bool manyCalls() const { return Calling.size() > 8; }

  /// The word index, from the function's lines, of line \p Index's call
  /// site (sites follow the \p NumLines hits, SiteWords words each).
  unsigned siteWord(unsigned Index, unsigned NumLines) {
    auto [It, New] = Sites.try_emplace(Index, Lines.size());
    if (New)
      Lines.push_back(Index);
    return NumLines + SiteWords * It->second;
  }

  /// lineprof_abi.h's __LPROF_SITE_WORDS.
  static constexpr unsigned SiteWords = 3;

  /// ProfiledFunction::CallLines.
  const std::vector<unsigned> &lines() const { return Lines; }

private:
  llvm::DenseSet<unsigned> Calling;
  llvm::DenseMap<unsigned, unsigned> Sites;
  std::vector<unsigned> Lines;
};

/// Count mode: the straight-line runs of one function, whose body, lambdas
/// and OpenMP regions share its lines. A statement that surely starts once
/// each time its run's first statement does gets no probe of its own: its
/// line's hits are read from the counter of the run's first line. That
/// holds only if the first line has no other probe and the derived line
/// none at all; where it does not, the probe is inserted after all.
class CountRuns {
public:
  /// The call sites of the function's descriptor (shared by functions
  /// that share one).
  CallSites *Sites = nullptr;

  /// A probe of line \p Index (from the function's first line) was
  /// inserted.
  void countProbe(unsigned Index) { ++Probes[Index]; }

  /// The probe \p Text of line \p Index, which would go at \p Loc, is
  /// left out: the line counts with the run starting on line \p RunIndex.
  void derive(SourceLocation Loc, std::string Text, unsigned Index,
              unsigned RunIndex) {
    Derived.push_back({Loc, std::move(Text), Index, RunIndex, false});
    ++DerivedProbes[Index];
  }

  /// Inserts the left-out probes whose lines cannot be derived (all of
  /// them if \p Keep is false); returns ProfiledFunction::CountedOn.
  std::vector<unsigned> resolve(Rewriter &Rewrite, unsigned NumLines,
                                bool Keep) {
    bool Changed = true;
    while (Changed) {
      Changed = false;
      for (Probe &Left : Derived) {
        if (Left.Inserted || (Keep && Probes.lookup(Left.Index) == 0 &&
                              Probes.lookup(Left.RunIndex) == 1 &&
                              DerivedProbes.lookup(Left.Index) == 1))
          continue;
        Rewrite.InsertText(Left.Loc, Left.Text, /*InsertAfter=*/true);
        Left.Inserted = true;
        ++Probes[Left.Index];
        Changed = true;
      }
    }
    std::vector<unsigned> CountedOn;
    for (const Probe &Left : Derived) {
      if (Left.Inserted || Left.Index >= NumLines)
        continue;
      if (CountedOn.empty())
        for (unsigned I = 0; I != NumLines; ++I)
          CountedOn.push_back(I);
      CountedOn[Left.Index] = Left.RunIndex;
    }
    return CountedOn;
  }

private:
  struct Probe {
    SourceLocation Loc;
    std::string Text;
    unsigned Index, RunIndex;
    bool Inserted;
  };
  llvm::DenseMap<unsigned, unsigned> Probes;
  llvm::DenseMap<unsigned, unsigned> DerivedProbes;
  std::vector<Probe> Derived;
};

/// Inserts the probes of one function body. Probe lines are stored as
/// indices relative to the function's first line.
class BodyInstrumenter {
public:
  /// \p Descriptor names the function's descriptor; \p Depth counts the
  /// lambdas this body is nested in, so each gets a frame of its own name
  /// (no shadowing warnings).
  /// \p ConstantEvaluable bodies may run during constant evaluation
  /// (constexpr functions), or are coroutines: they get the frame class and
  /// probes of lineprof_abi_cxx20.h.
  /// \p Mode is the unit's probe mode: count mode keeps the hits of loops
  /// that call nothing in registers. A forced-inline function
  /// (ProfiledFunction::ForcedInline) counts in count mode whatever the
  /// unit's, with the count-mode probes named as such, and so do the
  /// lambdas in its text; constexpr, it counts as one before C++20 does.
  BodyInstrumenter(const SourceText &Text, Rewriter &Rewrite,
                   const ProfiledFunction &Function, bool ConstantEvaluable,
                   ProbeMode Mode, unsigned Depth = 0)
      : Text(Text), Rewrite(Rewrite), Function(Function),
        ConstantEvaluable(ConstantEvaluable),
        HitsOnly(ConstantEvaluable &&
                 (!Text.langOpts().CPlusPlus20 || Function.ForcedInline)),
        Mode(Function.ForcedInline ? ProbeMode::Count : Mode), Depth(Depth),
        Frame(Depth ? "__lprof_f" + std::to_string(Depth) : "__lprof_f") {}

  /// Count mode: lines of straight-line runs count with the run's first
  /// line (CountRuns), as \p Completion finds them.
  const std::string &symbol() const { return Function.Symbol; }

  void countRuns(CountRuns &Runs, CompletionChecker &Completion) {
    this->Runs = &Runs;
    this->Completion = &Completion;
  }

  /// Counts the member initializers a constructor's author wrote, on their
  /// lines. They run before the body, where no frame exists yet, so they
  /// count hits straight into this thread's counters; their time is part of
  /// no line. Where the first argument can take it, the probe goes there,
  /// `m((probe, a), b)`, and counts exactly even when a later initializer
  /// throws; the others count when the body starts. A constexpr
  /// constructor's count nothing while the compiler evaluates it.
  void instrumentInitializers(const CXXConstructorDecl *Constructor) {
    unsigned Last = 0;
    for (const CXXCtorInitializer *Initializer : Constructor->inits()) {
      if (!Initializer->isWritten())
        continue;
      unsigned Line = Text.lineOf(Initializer->getSourceLocation());
      if (Line == Last || !isCountable(Line))
        continue;
      Last = Line;
      if (Runs)
        Runs->countProbe(Line - Function.FirstLine);
      std::string Index = std::to_string(Line - Function.FirstLine);
      std::string Hit =
          HitsOnly ? "__lprof_cx14_line(&" + Function.Symbol + "," + Index + ")"
          : ConstantEvaluable
              ? "__lprof_cx_hit(&" + Function.Symbol + "," + Index + ")"
          : Function.ForcedInline
              ? "(void)(__lprof_counters_count(&" + Function.Symbol + ")[" +
                    Index + "].hits += 1)"
              : "(void)(__lprof_counters(&" + Function.Symbol + ")[" + Index +
                    "].hits += 1)";
      CharSourceRange Range;
      if (Expr *First = wrappableFirstArgument(Initializer))
        Range = Text.expressionRange(First->getSourceRange());
      if (Range.isInvalid()) {
        CountAtBodyStart += Hit + ";";
        continue;
      }
      Rewrite.InsertText(Range.getBegin(), "(" + Hit + ",",
                         /*InsertAfter=*/true);
      Rewrite.InsertText(Range.getEnd(), ")", /*InsertAfter=*/true);
    }
  }

  /// Instruments a function body: a compound statement, or the `try` of a
  /// function-try-block, whose handlers then open frames of their own.
  void instrument(Stmt *Body) {
    if (Runs && Runs->Sites)
      Runs->Sites->addBody(Text, Body);
    if (auto *Try = dyn_cast<CXXTryStmt>(Body)) {
      instrumentWithFrame(Try->getTryBlock(), 0);
      for (unsigned I = 0, E = Try->getNumHandlers(); I != E; ++I) {
        CXXCatchStmt *Handler = Try->getHandler(I);
        instrumentWithFrame(cast<CompoundStmt>(Handler->getHandlerBlock()),
                            Text.lineOf(Handler->getCatchLoc()));
      }
      return;
    }
    if (auto *Coroutine = dyn_cast<CoroutineBodyStmt>(Body)) {
      auto *UserBody = cast<CompoundStmt>(Coroutine->getBody());
      instrumentWithFrame(UserBody, 0);
      if (!HitsOnly)
        wrapSuspensions(UserBody);
      return;
    }
    instrumentWithFrame(cast<CompoundStmt>(Body), 0);
  }

private:
  /// The first argument of an initializer, if `(probe, argument)` means
  /// the same as the argument: not a pack expansion, a null pointer
  /// constant (`p(0)`), a string literal (`text("abc")` for an array), an
  /// overloaded function name, a braced list, or a constant in braces
  /// (`small{1}` would become narrowing); nothing dependent, which a
  /// template's instantiations could make any of these.
  Expr *wrappableFirstArgument(const CXXCtorInitializer *Initializer) const {
    Expr *Init = Initializer->getInit()->IgnoreImplicit();
    Expr *First = nullptr;
    bool Braced = false;
    if (auto *List = dyn_cast<ParenListExpr>(Init)) {
      First = List->getNumExprs() ? List->getExpr(0) : nullptr;
    } else if (auto *List = dyn_cast<InitListExpr>(Init)) {
      First = List->getNumInits() ? List->getInit(0) : nullptr;
      Braced = true;
    } else if (auto *Construct = dyn_cast<CXXConstructExpr>(Init)) {
      First = Construct->getNumArgs() ? Construct->getArg(0) : nullptr;
      Braced = Construct->isListInitialization();
    } else {
      First = Init; // `m(a)` of a scalar; `m{a}` is an InitListExpr
    }
    if (!First || isa<CXXDefaultArgExpr>(First))
      return nullptr;
    ASTContext &Context = Text.context();
    Expr *Bare = First->IgnoreParenImpCasts();
    if (First->isTypeDependent() || First->isValueDependent() ||
        First->containsUnexpandedParameterPack() ||
        isa<PackExpansionExpr>(First) || isa<InitListExpr>(Bare) ||
        isa<StringLiteral>(Bare) || First->getType() == Context.OverloadTy ||
        First->isNullPointerConstant(Context,
                                     Expr::NPC_ValueDependentIsNull))
      return nullptr;
    if (Braced && First->isEvaluatable(Context))
      return nullptr;
    // `s({n, l})`: a braced list is no expression, `(probe, {n, l})` does
    // not parse, whatever the AST made of it (a temporary, a constructor).
    CharSourceRange Range = Text.expressionRange(First->getSourceRange());
    if (Range.isValid() && Text.startsWithBrace(Range.getBegin()))
      return nullptr;
    return First;
  }

  /// Opens a frame after the `{` of \p Body, counts \p FirstProbeLine (if
  /// set) and walks the statements; then does the same for every lambda
  /// written in the body: its lines belong to this function, and each of
  /// its calls is an activation of its own.
  void instrumentWithFrame(CompoundStmt *Body, unsigned FirstProbeLine) {
    SourceLocation AfterBrace = Text.pointAfterOpeningBrace(Body);
    if (AfterBrace.isInvalid())
      return;
    std::string Open = frameDeclaration(/*Region=*/false);
    Open += CountAtBodyStart;
    if (FirstProbeLine && isCountable(FirstProbeLine))
      Open += probeCall("__lprof_line", FirstProbeLine) + ";";
    Rewrite.InsertText(AfterBrace, Open, /*InsertAfter=*/true);
    instrumentCompound(Body, FirstProbeLine);
    // Since C++17 any lambda may be evaluated at compile time; from C++20
    // on its probes can step aside then, before that only lambdas written
    // `constexpr` are known to need it and are left alone. A hits-only
    // body's lambdas count hits only too, with probes that step aside and
    // need no frame, so any of them may run during constant evaluation.
    bool CanStepAside = Text.langOpts().CPlusPlus20 || HitsOnly;
    for (LambdaExpr *Lambda : findLambdas(Body)) {
      if (Lambda->getCallOperator()->isConsteval() ||
          (!CanStepAside && Text.isExplicitlyConstexpr(Lambda)))
        continue;
      if (auto *LambdaBody = dyn_cast_or_null<CompoundStmt>(Lambda->getBody()))
      {
        BodyInstrumenter Nested(Text, Rewrite, Function, CanStepAside, Mode,
                                Depth + 1);
        Nested.Runs = Runs;
        Nested.Completion = Completion;
        Nested.instrumentWithFrame(LambdaBody, 0);
      }
    }
  }

  /// The declaration that opens this body's activation; a region's (code
  /// OpenMP runs on a team's threads) counts no call.
  std::string frameDeclaration(bool Region) const {
    // A lambda's activations are no calls of the function.
    if (HitsOnly)
      return Region || Depth ? ""
                             : "__lprof_cx14_enter(&" + Function.Symbol + ");";
    // A lambda's activations, and those of code OpenMP runs on a team's
    // threads, are their own, not calls of the function.
    bool Nested = Region || Depth;
    if (ConstantEvaluable)
      return "__lprof_cx_frame " + Frame + "(&" + Function.Symbol +
             (Nested ? ", 1);" : ");");
    // Count mode's frame needs no cleanup.
    if (Function.ForcedInline)
      return "__lprof_frame_count " + Frame + " = " +
             (Nested ? "__lprof_enter_nested_hits(&" : "__lprof_enter_hits(&") +
             Frame + ", &" + Function.Symbol + ");";
    // The entry gets the frame's own address: timing mode chains the
    // running activations through their frames.
    // Count mode: a function none of whose lines calls has no call site
    // to give back.
    bool Leaf = Runs && Runs->Sites && !Runs->Sites->anyCalls();
    return "__lprof_frame " + Frame + " __attribute__((__cleanup__(" +
           (Leaf ? "__lprof_leave_leaf" : "__lprof_leave") + "))) = " +
           (Nested ? "__lprof_enter_nested(&" : "__lprof_enter(&") + Frame +
           ", &" + Function.Symbol + ");";
  }

  /// Wraps every co_await and co_yield written in \p Body (not in lambdas
  /// inside it) so that suspended time is charged to no line.
  void wrapSuspensions(Stmt *Body) {
    class Finder : public RecursiveASTVisitor<Finder> {
    public:
      bool TraverseLambdaExpr(LambdaExpr *) { return true; }
      bool VisitCoawaitExpr(CoawaitExpr *Await) {
        if (!Await->isImplicit())
          Found.push_back(Await);
        return true;
      }
      bool VisitCoyieldExpr(CoyieldExpr *Yield) {
        Found.push_back(Yield);
        return true;
      }
      std::vector<Expr *> Found;
    } Suspensions;
    Suspensions.TraverseStmt(Body);
    for (Expr *Suspension : Suspensions.Found) {
      CharSourceRange Range =
          Text.expressionRange(compat::writtenRange(Suspension));
      if (Range.isInvalid())
        continue;
      Rewrite.InsertText(Range.getBegin(),
                         "((void)__lprof_co_guard(&" + Frame + ", &" +
                             Function.Symbol + "), ",
                         /*InsertAfter=*/true);
      Rewrite.InsertText(Range.getEnd(), ")", /*InsertAfter=*/true);
    }
  }

  /// The lambdas written directly in \p Body (not those inside them, which
  /// their own walk finds).
  static std::vector<LambdaExpr *> findLambdas(Stmt *Body) {
    class Finder : public RecursiveASTVisitor<Finder> {
    public:
      bool TraverseLambdaExpr(LambdaExpr *Lambda) {
        Found.push_back(Lambda);
        return true;
      }
      std::vector<LambdaExpr *> Found;
    } LambdaFinder;
    LambdaFinder.TraverseStmt(Body);
    return LambdaFinder.Found;
  }

  // Each walk function takes `Last`, the line whose probe certainly ran last
  // when control reaches the statement (0 if unknown), and returns the same
  // for the point after the statement. A statement on line `Last` needs no
  // probe of its own: several statements on one line count once per pass.

  void instrumentCompound(CompoundStmt *Compound, unsigned Last) {
    // Statements of a block that a macro wrote are inside that macro's use.
    bool WasInWrittenBlock = InWrittenBlock;
    InWrittenBlock = Compound->getLBracLoc().isFileID();
    const Stmt *Previous = nullptr;
    // Count mode: the first line of the straight-line run the next
    // statement continues, 0 if none (CountRuns).
    unsigned RunLine = 0;
    for (Stmt *Child : Compound->body()) {
      // No probe in front of code that cannot run, like the `break` after
      // `case 1: { return x; }`: the probe would be unreachable code of
      // its own (-Wunreachable-code), and would never count anyway.
      if (Previous && cannotFallThrough(Previous))
        Unreachable.insert(Child);
      Previous = Child;
      if (isa<NullStmt>(Child))
        continue;
      bool Straight = Runs && isStraightLine(Child) && !Unreachable.count(Child);
      // The probe an `if` or `switch` gets before it counts when it starts:
      // it can be left out too (branchStart resets DeriveFrom after it).
      bool Branch = Runs && (isa<IfStmt>(Child) || isa<SwitchStmt>(Child)) &&
                    !Unreachable.count(Child) && !Text.isOneMacroUse(Child);
      DeriveFrom = Straight || Branch ? RunLine : 0;
      ProbedLine = 0;
      RunAfterLabel = 0;
      Last = instrumentStmt(Child, Last);
      DeriveFrom = 0;
      unsigned Line = Text.lineOf(Child->getBeginLoc());
      if (Runs && (isa<SwitchCase>(Child) || isa<LabelStmt>(Child)))
        RunLine = RunAfterLabel;
      else if (!Straight || !Completion->surelyCompletes(Child))
        RunLine = 0;
      else if (!RunLine && ProbedLine == Line)
        RunLine = Line;
    }
    InWrittenBlock = WasInWrittenBlock;
  }

  /// Whether \p S is a statement that a run of straight-line code can go
  /// through (if it surely completes): no label a jump could enter by, no
  /// statements of its own with probes.
  bool isStraightLine(const Stmt *S) const {
    if (isa<SwitchCase>(S) || isa<LabelStmt>(S))
      return false;
    return Text.isOneMacroUse(S) || isa<Expr>(S) || isa<DeclStmt>(S) ||
           isa<ReturnStmt>(S) || isa<BreakStmt>(S) || isa<ContinueStmt>(S) ||
           isa<GotoStmt>(S);
  }

  /// Whether control certainly never leaves \p S at its end.
  static bool cannotFallThrough(const Stmt *S) {
    if (isa<ReturnStmt>(S) || isa<BreakStmt>(S) || isa<ContinueStmt>(S) ||
        isa<GotoStmt>(S) || isa<IndirectGotoStmt>(S) || isa<CoreturnStmt>(S))
      return true;
    if (const auto *Compound = dyn_cast<CompoundStmt>(S))
      return !Compound->body_empty() && cannotFallThrough(Compound->body_back());
    if (const auto *Attributed = dyn_cast<AttributedStmt>(S))
      return cannotFallThrough(Attributed->getSubStmt());
    if (const auto *Case = dyn_cast<SwitchCase>(S))
      return cannotFallThrough(Case->getSubStmt());
    if (const auto *Label = dyn_cast<LabelStmt>(S))
      return cannotFallThrough(Label->getSubStmt());
    if (const auto *If = dyn_cast<IfStmt>(S))
      return If->getElse() && cannotFallThrough(If->getThen()) &&
             cannotFallThrough(If->getElse());
    const auto *E = dyn_cast<Expr>(S);
    if (!E)
      return false;
    E = E->IgnoreImplicit()->IgnoreParens();
    if (isa<CXXThrowExpr>(E))
      return true;
    if (const auto *Call = dyn_cast<CallExpr>(E))
      if (const FunctionDecl *Callee = Call->getDirectCallee())
        return Callee->isNoReturn();
    return false;
  }

  /// Where text inserted runs right before \p S: before its first token or
  /// the macro use it starts, or, for a statement introduced by a `#pragma`
  /// (a loop hint, an OpenMP directive), after the token before the
  /// directive. Invalid where nothing may go, and before code that cannot
  /// run.
  SourceLocation pointBefore(const Stmt *S) const {
    if (Unreachable.count(S))
      return SourceLocation();
    auto Known = InsertBefore.find(S);
    if (Known != InsertBefore.end())
      return Known->second;
    SourceLocation Loc = Text.insertionPointBefore(S);
    if (Text.isDirectiveStart(Loc))
      return Text.pointBeforeDirective(Loc);
    return Loc;
  }

  /// \p Probe as the first thing in \p Compound: a statement, or in C,
  /// when a declaration follows, a declaration of an unused variable, so
  /// that no declaration comes after a statement
  /// (-Wdeclaration-after-statement, C89).
  std::string leadingProbe(const CompoundStmt *Compound, const std::string &Probe) {
    if (Probe.empty())
      return "";
    if (Text.langOpts().CPlusPlus || !Compound || Compound->body_empty() ||
        !isa<DeclStmt>(Compound->body_front()))
      return Probe + ";";
    return "__attribute__((__unused__)) char __lprof_d" +
           std::to_string(NextProbeVariable++) + " = (" + Probe + ", 0);";
  }

  unsigned instrumentStmt(Stmt *S, unsigned Last) {
    if (!S || isa<NullStmt>(S))
      return Last;
    if (Text.isOneMacroUse(S)) {
      unsigned Line = Text.lineOf(S->getBeginLoc());
      SourceLocation Loc = pointBefore(S);
      // `CHECK(x);` whose expansion starts with `_Pragma(...)`.
      if (Loc.isInvalid() && InWrittenBlock && !Unreachable.count(S) &&
          !InsertBefore.count(S))
        Loc = Text.macroUseStart(S);
      if (Line != Last)
        insertProbe(Loc, Line);
      return Line;
    }
    if (auto *Compound = dyn_cast<CompoundStmt>(S)) {
      instrumentCompound(Compound, Last);
      return lineAfter(S);
    }
    if (isa<SwitchCase>(S) || isa<LabelStmt>(S))
      return instrumentLabel(S);
    if (auto *Attributed = dyn_cast<AttributedStmt>(S)) {
      Stmt *Sub = Attributed->getSubStmt();
      if (isa<NullStmt>(Sub)) // [[fallthrough]];
        return Last;
      // Probes for the statement go before its attributes or loop hints
      // (`#pragma unroll`), which must stay attached to it.
      InsertBefore[Sub] = pointBefore(Attributed);
      return instrumentStmt(Sub, Last);
    }
    if (auto *If = dyn_cast<IfStmt>(S))
      return instrumentIf(If, Last);
    if (canCountInRegisters(S))
      return instrumentLoopInRegisters(S, Last);
    return instrumentLoopOrSimple(S, Last);
  }

  unsigned instrumentLoopOrSimple(Stmt *S, unsigned Last) {
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
      DeriveFrom = 0;
      instrumentBody(Switch->getBody(), /*Last=*/0);
      return lineAfter(S);
    }
    if (auto *Declaration = dyn_cast<DeclStmt>(S))
      return instrumentDeclaration(Declaration, Last);
    if (auto *Try = dyn_cast<CXXTryStmt>(S)) {
      instrumentCompound(Try->getTryBlock(), Last);
      for (unsigned I = 0, E = Try->getNumHandlers(); I != E; ++I) {
        CXXCatchStmt *Handler = Try->getHandler(I);
        instrumentBody(Handler->getHandlerBlock(), 0,
                       Text.lineOf(Handler->getCatchLoc()));
      }
      return lineAfter(S);
    }
    if (auto *Directive = dyn_cast<OMPExecutableDirective>(S))
      return instrumentDirective(Directive, Last, /*NeedsFrame=*/false);
    if (isa<CoroutineBodyStmt>(S) || isa<CapturedStmt>(S) ||
        isa<SEHTryStmt>(S) || isa<ObjCAtTryStmt>(S))
      return 0;
    // Declarations, expressions, return, break, continue, goto, asm, ...
    probeBefore(S, Last);
    return Text.lineOf(S->getBeginLoc());
  }

  /// OpenMP (docs/user-guide.md, "OpenMP"). A directive's line counts a
  /// hit only where it opens a region (`parallel`, `task`, `teams`,
  /// `target` and their combined forms), once per encounter; its time
  /// includes the region's, as a call's line would. Worksharing and
  /// synchronization directives count nothing themselves: every thread of
  /// a team encounters them, so their hits would depend on the team's size.
  /// Nothing is inserted between a directive and its statement; probes that
  /// run before it go after the token before the `#pragma`. The `for`
  /// lines of a loop nest it governs count one hit per iteration (OpenMP
  /// computes the trip count once; there is no condition to wrap). Code
  /// outlined into a region runs on the team's threads: each of its bodies
  /// (the region's block, each iteration of a `parallel for`, each section
  /// of `parallel sections`) gets an activation of its own, entered without
  /// counting a call, so no two threads share one activation's clock.
  unsigned instrumentDirective(OMPExecutableDirective *Directive,
                               unsigned Last, bool NeedsFrame) {
    if (!Directive->hasAssociatedStmt())
      return Last;
    OpenMPDirectiveKind Kind = Directive->getDirectiveKind();
    bool OpensRegion = isOpenMPParallelDirective(Kind) ||
                       isOpenMPTaskingDirective(Kind) ||
                       isOpenMPTeamsDirective(Kind) ||
                       isOpenMPTargetExecutionDirective(Kind);
    Stmt *Governed = Directive->getRawStmt();
    if (isa<OMPAtomicDirective>(Directive)) {
      // The statement must stay as written: it counts before the directive,
      // or, right after another directive (`#pragma omp task` then
      // `#pragma omp atomic`), on the directive's line.
      unsigned Line = Text.lineOf(Governed->getBeginLoc());
      SourceLocation Before =
          NeedsFrame ? SourceLocation() : pointBefore(Directive);
      if (Before.isInvalid()) {
        countOnDirectiveLine(Directive, NeedsFrame, Line);
        return 0;
      }
      if (Line != Last)
        insertProbe(Before, Line);
      return Line;
    }
    if (OpensRegion && !NeedsFrame && pointBefore(Directive).isValid())
      probeBefore(Directive, /*Last=*/0);
    else if (OpensRegion)
      countOnDirectiveLine(Directive, NeedsFrame,
                           Text.lineOf(Text.insertionPointBefore(Directive)));
    NeedsFrame = NeedsFrame || OpensRegion;
    if (auto *Loop = dyn_cast<OMPLoopBasedDirective>(Directive)) {
      instrumentLoopNest(Governed, Loop->getLoopsNumber(), NeedsFrame);
      return 0;
    }
    if (isa<OMPSectionsDirective>(Directive) ||
        isa<OMPParallelSectionsDirective>(Directive)) {
      if (auto *Sections = dyn_cast<CompoundStmt>(Governed))
        for (Stmt *Section : Sections->body()) {
          if (auto *Inner = dyn_cast<OMPSectionDirective>(Section))
            instrumentDirective(Inner, 0, NeedsFrame);
          else
            instrumentBlock(Section, {}, NeedsFrame);
        }
      return 0;
    }
    if (auto *Inner = dyn_cast<OMPExecutableDirective>(Governed)) {
      instrumentDirective(Inner, 0, NeedsFrame);
      return 0;
    }
    instrumentBlock(Governed, {}, NeedsFrame);
    return 0;
  }

  /// Counts the line of a directive that opens a region where nothing can
  /// go before it: right after another directive (`#pragma omp single`
  /// then `#pragma omp task`), whose statement it is. The inner directive
  /// gets braces opened at the start of its line, `{probe;`, then a `#line`
  /// directive that gives its `#pragma` back its number; \p NeedsFrame: in
  /// an activation of its own (no frame of this thread encloses it).
  /// \p Counted is the line the probe counts: the directive's, or for an
  /// `atomic`, its statement's.
  void countOnDirectiveLine(OMPExecutableDirective *Directive, bool NeedsFrame,
                            unsigned Counted) {
    SourceLocation Hash = Text.insertionPointBefore(Directive);
    CharSourceRange Range = Text.statementRange(Directive);
    unsigned Line = Text.lineOf(Hash);
    if (!Text.isDirectiveStart(Hash) || Range.isInvalid() ||
        !isCountable(Line) || !isCountable(Counted))
      return;
    const SourceManager &SM = Text.context().getSourceManager();
    FileID File = SM.getFileID(Hash);
    SourceLocation LineStart = SM.translateLineCol(
        File, SM.getLineNumber(File, SM.getFileOffset(Hash)), /*Col=*/1);
    std::string Open = "{";
    if (NeedsFrame) {
      BodyInstrumenter Region(Text, Rewrite, Function, ConstantEvaluable, Mode,
                              Depth);
      Region.Runs = Runs;
      Region.Completion = Completion;
      Region.Frame = "__lprof_r" + std::to_string(NextProbeVariable++);
      Open += Region.frameDeclaration(/*Region=*/true) +
              Region.probeCall("__lprof_line", Counted);
    } else {
      Open += probeCall("__lprof_line", Counted);
    }
    Rewrite.InsertText(LineStart,
                       Open + ";\n#line " + std::to_string(Line) + "\n",
                       /*InsertAfter=*/true);
    Rewrite.InsertText(Range.getEnd(), "}", /*InsertAfter=*/true);
  }

  /// The loops of a directive's `for` nest (`collapse(n)`: n of them);
  /// the innermost body counts each of their lines once per iteration.
  void instrumentLoopNest(Stmt *Loop, unsigned Depth, bool NeedsFrame) {
    llvm::SmallVector<unsigned, 4> Headers;
    Stmt *Body = nullptr;
    for (unsigned I = 0; I != Depth; ++I) {
      if (auto *Attributed = dyn_cast_or_null<AttributedStmt>(Loop))
        Loop = Attributed->getSubStmt();
      if (auto *For = dyn_cast_or_null<ForStmt>(Loop))
        Body = For->getBody();
      else if (auto *RangeFor = dyn_cast_or_null<CXXForRangeStmt>(Loop))
        Body = RangeFor->getBody();
      else
        return; // a loop transformation (`omp tile`), or not a loop nest
      Headers.push_back(Text.lineOf(Loop->getBeginLoc()));
      Loop = Body;
      if (I + 1 == Depth)
        break;
      if (auto *Compound = dyn_cast<CompoundStmt>(Loop)) {
        if (Compound->size() == 1)
          Loop = Compound->body_front();
        continue;
      }
      // An inner loop gets braces, as the innermost body does, so that what
      // follows the nest on its last line is not misleadingly indented.
      CharSourceRange Range = Text.statementRange(Loop);
      SourceLocation Begin = pointBefore(Loop);
      if (Range.isValid() && Begin.isValid()) {
        Rewrite.InsertText(Begin, "{", /*InsertAfter=*/true);
        Rewrite.InsertText(Range.getEnd(), "}", /*InsertAfter=*/true);
      }
    }
    instrumentBlock(Body, Headers, NeedsFrame);
  }

  /// A structured block of a directive: counts \p FirstLines when it
  /// starts, in an activation of its own if \p NeedsFrame.
  void instrumentBlock(Stmt *Block, ArrayRef<unsigned> FirstLines,
                       bool NeedsFrame) {
    if (!Block)
      return;
    if (auto *Inner = dyn_cast<OMPExecutableDirective>(Block)) {
      // `#pragma omp parallel` then `#pragma omp for`: the inner
      // directive's bodies open the activations.
      if (FirstLines.empty()) {
        instrumentDirective(Inner, 0, NeedsFrame);
        return;
      }
    }
    // The probes of FirstLines, as one expression, on \p Counter's frame
    // (a region's own: the team's threads must not share the enclosing one).
    auto firstProbes = [&](const BodyInstrumenter &Counter) {
      std::string First;
      for (unsigned Line : FirstLines)
        if (isCountable(Line))
          First += (First.empty() ? "" : ",") +
                   Counter.probeCall("__lprof_line", Line);
      return First;
    };
    auto *Compound = dyn_cast<CompoundStmt>(Block);
    SourceLocation Open;
    CharSourceRange Range;
    if (Compound) {
      Open = Text.pointAfterToken(Compound->getLBracLoc());
    } else {
      Range = Text.statementRange(Block);
      Open = pointBefore(Block);
      if (Range.isInvalid())
        Open = SourceLocation();
    }
    if (Open.isInvalid())
      return;
    if (!Compound)
      Rewrite.InsertText(Open, "{", /*InsertAfter=*/true);
    if (NeedsFrame) {
      BodyInstrumenter Region(Text, Rewrite, Function, ConstantEvaluable, Mode,
                              Depth);
      Region.Runs = Runs;
      Region.Completion = Completion;
      Region.Frame = "__lprof_r" + std::to_string(NextProbeVariable++);
      Region.NextProbeVariable = NextProbeVariable;
      Rewrite.InsertText(Open,
                         Region.frameDeclaration(/*Region=*/true) +
                             Region.leadingProbe(Compound, firstProbes(Region)),
                         /*InsertAfter=*/true);
      Region.walkBlock(Block, Compound, FirstLines.empty() ? 0 : FirstLines.back());
      NextProbeVariable = Region.NextProbeVariable;
    } else {
      Rewrite.InsertText(Open, leadingProbe(Compound, firstProbes(*this)),
                         /*InsertAfter=*/true);
      walkBlock(Block, Compound, FirstLines.empty() ? 0 : FirstLines.back());
    }
    if (!Compound)
      Rewrite.InsertText(Range.getEnd(), "}", /*InsertAfter=*/true);
  }

  void walkBlock(Stmt *Block, CompoundStmt *Compound, unsigned Last) {
    if (Compound) {
      instrumentCompound(Compound, Last);
      return;
    }
    InsertBefore[Block] = pointBefore(Block);
    instrumentStmt(Block, Last);
  }

  bool canCountInRegisters(Stmt *S) const {
    if (Mode != ProbeMode::Count || ConstantEvaluable || !LoopCounts.empty())
      return false;
    if (!isa<WhileStmt>(S) && !isa<ForStmt>(S) && !isa<CXXForRangeStmt>(S) &&
        !isa<DoStmt>(S))
      return false;
    unsigned First = Text.lineOf(S->getBeginLoc());
    unsigned LastLine = Text.lineOf(S->getEndLoc());
    return isCountable(First) && isCountable(LastLine) &&
           LastLine - First < LoopLines &&
           CallFreeLoopChecker(Text.context()).isCallFree(S);
  }

  bool isAlwaysTrue(const Expr *Condition) const {
    bool Value = false;
    return Condition && !Condition->isValueDependent() &&
           Condition->EvaluateAsBooleanCondition(Value, Text.context()) &&
           Value;
  }

  /// Count mode, a loop that calls nothing: `{ __lprof_loop L = open(...);
  /// loop }`, the loop's line probes counting into L (lineprof_abi.h).
  unsigned instrumentLoopInRegisters(Stmt *Loop, unsigned Last) {
    CharSourceRange Range = Text.statementRange(Loop);
    SourceLocation Begin = pointBefore(Loop);
    if (Range.isInvalid() || Begin.isInvalid())
      return instrumentLoopOrSimple(Loop, Last);
    LoopFirst = Text.lineOf(Loop->getBeginLoc());
    LoopCounts = "__lprof_l" + std::to_string(NextProbeVariable++);
    Rewrite.InsertText(
        Begin,
        "{__lprof_loop " + LoopCounts +
            " __attribute__((__cleanup__(__lprof_loop_close))) = "
            "__lprof_loop_open(&" +
            Frame + "," + std::to_string(LoopFirst - Function.FirstLine) +
            "," +
            std::to_string(Text.lineOf(Loop->getEndLoc()) - LoopFirst + 1) +
            ");",
        /*InsertAfter=*/true);
    unsigned After = instrumentLoopOrSimple(Loop, Last);
    Rewrite.InsertText(Range.getEnd(), "}", /*InsertAfter=*/true);
    LoopCounts.clear();
    return After;
  }

  /// A declaration counts when it initializes a variable at run time;
  /// `int x;`, `static_assert`, type and constant-initialized static
  /// declarations run nothing. In C, a probe statement before a declaration
  /// would make it a declaration after a statement
  /// (-Wdeclaration-after-statement, C89), and wrapping an initializer
  /// changes its meaning (`int *p = 0`, `char s[] = "x"`): the probe there is
  /// a declaration of its own, of an unused variable.
  unsigned instrumentDeclaration(DeclStmt *Declaration, unsigned Last) {
    auto RunsInitializer = [](const Decl *D) {
      const auto *Var = dyn_cast<VarDecl>(D);
      return Var && Var->getInit() &&
             (Var->hasLocalStorage() || !Var->hasConstantInitialization());
    };
    if (llvm::none_of(Declaration->decls(), RunsInitializer))
      return Last;
    unsigned Line = Text.lineOf(Declaration->getBeginLoc());
    if (Text.langOpts().CPlusPlus) {
      probeBefore(Declaration, Last);
      return Line;
    }
    if (Line == Last || !isCountable(Line))
      return Last;
    SourceLocation Loc = pointBefore(Declaration);
    if (Loc.isInvalid())
      return Last;
    std::string Variable =
        "__attribute__((__unused__)) char __lprof_d" +
        std::to_string(NextProbeVariable++) + " = (";
    if (DeriveFrom) {
      Runs->derive(Loc, Variable + probeText("__lprof_line", Line) + ", 0);",
                   Line - Function.FirstLine, DeriveFrom - Function.FirstLine);
      if (std::string At = atText(Line); !At.empty())
        Rewrite.InsertText(Loc,
                           "__attribute__((__unused__)) char __lprof_d" +
                               std::to_string(NextProbeVariable++) + " = (" +
                               At + ", 0);",
                           /*InsertAfter=*/true);
      return Line;
    }
    Rewrite.InsertText(Loc, Variable + probeCall("__lprof_line", Line) + ", 0);",
                       /*InsertAfter=*/true);
    ProbedLine = Line;
    return Line;
  }

  /// Labels are jump targets: the probe goes right after the colon, so
  /// that a jump counts. A chain of labels on one line shares the innermost
  /// one's probe; in a chain over several lines, the probe between two
  /// labels says it falls through, as the labels alone did
  /// (-Wimplicit-fallthrough).
  unsigned instrumentLabel(Stmt *Label) {
    Stmt *Sub = isa<LabelStmt>(Label) ? cast<LabelStmt>(Label)->getSubStmt()
                                      : cast<SwitchCase>(Label)->getSubStmt();
    unsigned Line = Text.lineOf(Label->getBeginLoc());
    bool NextIsLabel = isa<SwitchCase>(Sub) || isa<LabelStmt>(Sub);
    if (NextIsLabel && Text.lineOf(Sub->getBeginLoc()) == Line)
      return instrumentStmt(Sub, 0);
    // `label: ;` (often after a macro that expands to nothing): the probe
    // becomes the label's statement, ended by that `;`, and adds no empty
    // statement of its own (-Wextra-semi-stmt).
    if (auto *Null = dyn_cast<NullStmt>(Sub)) {
      if (Null->getSemiLoc().isFileID() && isCountable(Line))
        Rewrite.InsertText(Null->getSemiLoc(), probeCall("__lprof_line", Line),
                           /*InsertAfter=*/true);
      return Line;
    }
    SourceLocation AfterColon = Text.pointAfterToken(colonOf(Label));
    if (AfterColon.isInvalid())
      AfterColon = Text.pointAfterMacroUse(Label, Sub);
    if (AfterColon.isValid() && isCountable(Line)) {
      std::string Probe = probeCall("__lprof_line", Line) + ";";
      if (NextIsLabel && isa<SwitchCase>(Sub))
        Probe += "__attribute__((__fallthrough__));";
      Rewrite.InsertText(AfterColon, Probe, /*InsertAfter=*/true);
      // Count mode: every way to the label passes its probe, which starts
      // a run (CountRuns) that its statement continues.
      bool Straight = isStraightLine(Sub);
      if (Runs && (Straight || ((isa<IfStmt>(Sub) || isa<SwitchStmt>(Sub)) &&
                                !Text.isOneMacroUse(Sub)))) {
        DeriveFrom = Line;
        unsigned After = instrumentStmt(Sub, Line);
        DeriveFrom = 0;
        RunAfterLabel =
            Straight && Completion->surelyCompletes(Sub) ? Line : 0;
        return After;
      }
    }
    unsigned After = instrumentStmt(Sub, Line);
    // A chain of labels: the innermost one's run.
    if (!NextIsLabel)
      RunAfterLabel = 0;
    return After;
  }

  SourceLocation colonOf(Stmt *Label) const {
    if (auto *Case = dyn_cast<SwitchCase>(Label))
      return Case->getColonLoc();
    SourceLocation Ident = cast<LabelStmt>(Label)->getIdentLoc();
    // `CASE_CODE(A):` (wren's interpreter), the name pasted by a macro and
    // the colon written after its use: the colon is the token after the use.
    if (Ident.isMacroID() && !Text.sourceManager().isMacroArgExpansion(Ident)) {
      CharSourceRange Use = Text.sourceManager().getExpansionRange(Ident);
      if (!Use.getEnd().isFileID())
        return SourceLocation();
      Ident = Use.getEnd();
    }
    if (Ident.isMacroID())
      return SourceLocation();
    Token Next;
    SourceLocation AfterIdent = Lexer::getLocForEndOfToken(
        Ident, 0, Text.sourceManager(), Text.langOpts());
    if (Lexer::getRawToken(AfterIdent, Next, Text.sourceManager(),
                           Text.langOpts(), /*IgnoreWhiteSpace=*/true) ||
        !Next.is(tok::colon))
      return SourceLocation();
    return Next.getLocation();
  }

  unsigned instrumentIf(IfStmt *If, unsigned Last) {
    probeBefore(If, Last);
    DeriveFrom = 0;
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
    if (isAlwaysTrue(While->getCond())) {
      // `while (true)`: the condition stays a constant, or compilers would
      // think the loop can end (GCC: "control reaches end of non-void
      // function"). It is evaluated once per iteration, so the body's first
      // probe counts the header.
      insertStatement(pointBefore(While), "__lprof_move", Line);
      instrumentBody(While->getBody(), Line, Line);
      return lineAfter(While);
    }
    if (!While->getConditionVariable() && wrapExpression(While->getCond(), Line)) {
      instrumentBody(While->getBody(), Line);
      return lineAfter(While);
    }
    return instrumentLoopByBody(While, While->getBody(), Last);
  }

  unsigned instrumentFor(ForStmt *For, unsigned Last) {
    unsigned Line = Text.lineOf(For->getBeginLoc());
    if (For->getCond() && !For->getConditionVariable() &&
        wrapExpression(For->getCond(), Line)) {
      // The init-statement runs on the header line before the condition,
      // which counts the hits.
      if (For->getInit())
        insertStatement(pointBefore(For), "__lprof_move", Line);
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
        insertStatement(pointBefore(Do), "__lprof_move",
                        WhileLine);
      Last = WhileLine;
    } else if (Last != WhileLine) {
      // The body is entered from before the loop and from the condition.
      Last = 0;
    }
    instrumentBody(Do->getBody(), Last);
    wrapExpression(Do->getCond(), WhileLine);
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
      if (ForcedLine && isCountable(ForcedLine)) {
        SourceLocation After = Text.pointAfterToken(Compound->getLBracLoc());
        if (After.isValid())
          Rewrite.InsertText(
              After,
              leadingProbe(Compound, probeCall("__lprof_line", ForcedLine)),
              /*InsertAfter=*/true);
        Last = ForcedLine;
      }
      instrumentCompound(Compound, Last);
      return;
    }
    // An empty body `;` takes the probe as its statement: `{;}` would be
    // an empty statement of its own (-Wextra-semi-stmt).
    if (auto *Null = dyn_cast<NullStmt>(Body)) {
      if (ForcedLine && Null->getSemiLoc().isFileID() && isCountable(ForcedLine))
        Rewrite.InsertText(Null->getSemiLoc(),
                           probeCall("__lprof_line", ForcedLine),
                           /*InsertAfter=*/true);
      return;
    }
    CharSourceRange Range = Text.statementRange(Body);
    SourceLocation Begin = pointBefore(Body);
    if (Range.isInvalid() || Begin.isInvalid())
      return;
    Rewrite.InsertText(Begin, "{", /*InsertAfter=*/true);
    if (ForcedLine) {
      insertProbe(Begin, ForcedLine);
      Last = ForcedLine;
    }
    // Text meant to run before the body now runs inside the braces.
    InsertBefore[Body] = Begin;
    instrumentStmt(Body, Last);
    Rewrite.InsertText(Range.getEnd(), "}", /*InsertAfter=*/true);
  }

  /// Rewrites \p E as `(probe, E)`; for a condition, one hit per
  /// evaluation. The probe returns void, so no overloaded comma operator
  /// can apply, and the value is E's.
  bool wrapExpression(Expr *E, unsigned Line) {
    if (!E || !isCountable(Line))
      return false;
    CharSourceRange Range = Text.expressionRange(compat::writtenRange(E));
    if (Range.isInvalid())
      return false;
    Rewrite.InsertText(Range.getBegin(),
                       "(" + probeCall("__lprof_line", Line) + ",",
                       /*InsertAfter=*/true);
    Rewrite.InsertText(Range.getEnd(), ")", /*InsertAfter=*/true);
    return true;
  }

  void probeBefore(Stmt *S, unsigned Last) {
    unsigned Line = Text.lineOf(S->getBeginLoc());
    if (Line != Last)
      insertProbe(pointBefore(S), Line);
  }

  void insertProbe(SourceLocation Loc, unsigned Line) {
    insertStatement(Loc, "__lprof_line", Line);
  }

  void insertProbeAfterToken(SourceLocation Loc, unsigned Line) {
    if (!Text.canInsertAfterToken(Loc) || !isCountable(Line))
      return;
    Rewrite.InsertTextAfterToken(Loc, probeCall("__lprof_line", Line) + ";");
  }

  void insertStatement(SourceLocation Loc, StringRef Probe, unsigned Line) {
    if (Loc.isInvalid() || !isCountable(Line))
      return;
    if (DeriveFrom && Probe == "__lprof_line") {
      std::string Text = probeText(Probe, Line);
      if (!Text.empty())
        Runs->derive(Loc, Text + ";", Line - Function.FirstLine,
                     DeriveFrom - Function.FirstLine);
      // The call site is set whether or not the hit is counted here (if
      // it is after all, its probe sets it again).
      if (std::string At = atText(Line); !At.empty())
        Rewrite.InsertText(Loc, At + ";", /*InsertAfter=*/true);
      return;
    }
    std::string Text = probeCall(Probe, Line);
    if (Text.empty())
      return;
    Rewrite.InsertText(Loc, Text + ";", /*InsertAfter=*/true);
    if (Probe == "__lprof_line")
      ProbedLine = Line;
  }

  /// probeText, for a probe that is inserted: count mode counts the
  /// line's probes (CountRuns).
  std::string probeCall(StringRef Probe, unsigned Line) const {
    std::string Call = probeText(Probe, Line);
    if (Runs && Probe == "__lprof_line" && !Call.empty())
      Runs->countProbe(Line - Function.FirstLine);
    return Call;
  }

  /// A call of \p Probe (`__lprof_line`, `__lprof_move`), or of its
  /// constexpr-safe twin (`__lprof_cx_line`, ...), or of the line probe of
  /// a loop counted in registers; empty for a probe that does nothing.
  std::string probeText(StringRef Probe, unsigned Line) const {
    if (!LoopCounts.empty() && Line >= LoopFirst &&
        Line - LoopFirst < LoopLines) {
      // A move in count mode does nothing.
      if (Probe != "__lprof_line")
        return "";
      return "__lprof_loop_line(&" + LoopCounts + "," +
             std::to_string(Line - LoopFirst) + ")";
    }
    if (HitsOnly) {
      if (Probe != "__lprof_line")
        return "";
      return "__lprof_cx14_line(&" + Function.Symbol + "," +
             std::to_string(Line - Function.FirstLine) + ")";
    }
    std::string Name = Probe.str();
    if (Function.ForcedInline) {
      // A move in count mode does nothing.
      if (Probe != "__lprof_line")
        return "";
      Name += "_count";
    }
    std::string Site = siteArgument(Line);
    if (!Site.empty())
      Name += atSuffix();
    if (ConstantEvaluable)
      Name.insert(strlen("__lprof_"), "cx_");
    return Name + "(&" + Frame + "," +
           std::to_string(Line - Function.FirstLine) + Site + ")";
  }

  /// Count mode, a line that calls (CallSites): `,site` for its probes,
  /// which then tell the thread it is on the line; else empty.
  std::string siteArgument(unsigned Line) const {
    if (!Runs || !Runs->Sites || HitsOnly || !Runs->Sites->calls(Line) ||
        !isCountable(Line))
      return "";
    return "," + std::to_string(Runs->Sites->siteWord(
                     Line - Function.FirstLine,
                     Function.LastLine - Function.FirstLine + 1));
  }

  /// `__lprof_at(&frame,site)` for a calling line whose line probe is
  /// left out (its hits derived from its run's), or empty.
  std::string atText(unsigned Line) const {
    std::string Site = siteArgument(Line);
    if (Site.empty())
      return "";
    return std::string(ConstantEvaluable ? "__lprof_cx" : "__lprof") +
           atSuffix() + "(&" + Frame + Site + ")";
  }

  /// `_at`, or in a function of many calling lines `_at_many` (constexpr
  /// functions have the first only).
  std::string atSuffix() const {
    return !ConstantEvaluable && Runs->Sites->manyCalls() ? "_at_many" : "_at";
  }

  /// A probe outside the function's lines would index past its counters
  /// (a `#line` directive inside the body can do that).
  bool isCountable(unsigned Line) const {
    return Line >= Function.FirstLine && Line <= Function.LastLine;
  }

  /// After a construct that sits on one line, that line's probe ran last.
  unsigned lineAfter(Stmt *S) const {
    unsigned Begin = Text.lineOf(S->getBeginLoc());
    return Begin == Text.lineOf(S->getEndLoc()) ? Begin : 0;
  }

  const SourceText &Text;
  Rewriter &Rewrite;
  const ProfiledFunction &Function;
  bool ConstantEvaluable;
  /// A constexpr function before C++20: no frame (it would need a
  /// constexpr destructor), only calls and hits (lineprof_abi_cxx20.h).
  bool HitsOnly;
  ProbeMode Mode;
  unsigned Depth;
  std::string Frame;
  /// The loop whose hits are being counted in registers, if any: the name
  /// of its local counters and its first line. It spans at most LoopLines
  /// lines (__LPROF_LOOP_LINES).
  std::string LoopCounts;
  unsigned LoopFirst = 0;
  static constexpr unsigned LoopLines = 16;
  unsigned NextProbeVariable = 0;
  /// Where to insert what runs before a statement whose own start cannot
  /// take it (a loop after its `#pragma`, a body given braces).
  llvm::DenseMap<const Stmt *, SourceLocation> InsertBefore;
  /// Whether the statements being walked are those of a block written in
  /// the file (not one a macro expands to).
  bool InWrittenBlock = true;
  /// Statements after one that cannot fall through.
  llvm::DenseSet<const Stmt *> Unreachable;
  /// Hits of member initializers that could not carry a probe.
  std::string CountAtBodyStart;
  /// Count mode: the function's runs, or null when every line counts its
  /// own, and what finds which statements surely complete.
  CountRuns *Runs = nullptr;
  CompletionChecker *Completion = nullptr;
  /// The first line of the run the statement being walked continues: its
  /// line probe is left out (0: inserted).
  unsigned DeriveFrom = 0;
  /// The line whose probe insertStatement inserted last.
  unsigned ProbedLine = 0;
  /// After a labelled statement: the run it leaves open, 0 if none.
  unsigned RunAfterLabel = 0;
};

bool hasAnnotation(const FunctionDecl *Function, StringRef Annotation) {
  for (const FunctionDecl *Redecl : Function->redecls())
    for (const auto *Attribute : Redecl->specific_attrs<AnnotateAttr>())
      if (Attribute->getAnnotation() == Annotation)
        return true;
  return false;
}

std::string absolutePath(StringRef Name, const SourceManager &SM) {
  SmallString<256> Path(Name);
  SM.getFileManager().makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path);
}

/// Collects the definitions of profiled functions in source order. Template
/// patterns are visited, instantiations are not: all instantiations share
/// the pattern's probes and lines. Lambdas are instrumented as part of the
/// function they are written in.
class ProfiledFunctionFinder
    : public RecursiveASTVisitor<ProfiledFunctionFinder> {
public:
  ProfiledFunctionFinder(const SourceManager &SM,
                         const InstrumentOptions &Options)
      : SM(SM), Selector(Options.Selector),
        MainFileOnly(Options.MainFileOnly) {}

  bool VisitFunctionDecl(FunctionDecl *Function) {
    for (const auto *Attribute : Function->specific_attrs<AnnotateAttr>())
      if (Attribute->getAnnotation() == ProfileAnnotation ||
          Attribute->getAnnotation() == NoProfileAnnotation)
        Attributes.push_back(Attribute);
    // `= default` functions get a body made by the compiler, located at the
    // `default` token: nothing the user wrote runs there.
    if (!Function->doesThisDeclarationHaveABody() ||
        Function->isExplicitlyDefaulted() || Function->isDeleted() ||
        isLambdaCallOperator(Function) || Function->isImplicit() ||
        hasAnnotation(Function, NoProfileAnnotation))
      return true;
    SourceLocation Loc = SM.getExpansionLoc(Function->getLocation());
    if (!isInstrumentableFile(SM.getFileID(Loc)))
      return true;
    if ((hasAnnotation(Function, ProfileAnnotation) ||
         isSelected(Function, Loc)) &&
        !isExcluded(Function, Loc))
      Found.push_back(Function);
    return true;
  }

  /// A lambda marked `[] [[profile]] (...)` (or `__attribute__((profile))`
  /// after its parameters) gets a table of its own when the function it is
  /// written in is not profiled; the attribute is on its call operator.
  bool VisitLambdaExpr(LambdaExpr *Lambda) {
    CXXMethodDecl *Operator = Lambda->getCallOperator();
    for (const auto *Attribute : Operator->specific_attrs<AnnotateAttr>())
      if (Attribute->getAnnotation() == ProfileAnnotation ||
          Attribute->getAnnotation() == NoProfileAnnotation)
        Attributes.push_back(Attribute);
    if (!hasAnnotation(Operator, ProfileAnnotation) ||
        hasAnnotation(Operator, NoProfileAnnotation))
      return true;
    SourceLocation Loc = SM.getExpansionLoc(Lambda->getBeginLoc());
    if (isInstrumentableFile(SM.getFileID(Loc)))
      ProfiledLambdas.push_back(Lambda);
    return true;
  }

  std::vector<FunctionDecl *> Found;
  /// Lambdas marked for profiling, in source order (outer ones first).
  std::vector<LambdaExpr *> ProfiledLambdas;
  /// Every use of lineprof's attributes.
  std::vector<const AnnotateAttr *> Attributes;

private:
  bool isSelected(const FunctionDecl *Function, SourceLocation Loc) {
    if (!Selector.hasPatterns())
      return false;
    if (Selector.selectsName(Function->getQualifiedNameAsString()))
      return true;
    OptionalFileEntryRef File = SM.getFileEntryRefForID(SM.getFileID(Loc));
    return File && Selector.selectsFile(absolutePath(File->getName(), SM),
                                        File->getName());
  }

  bool isExcluded(const FunctionDecl *Function, SourceLocation Loc) {
    if (!Selector.hasExclusions())
      return false;
    OptionalFileEntryRef File = SM.getFileEntryRefForID(SM.getFileID(Loc));
    return Selector.excludes(
        Function->getQualifiedNameAsString(),
        File ? absolutePath(File->getName(), SM) : std::string(),
        File ? File->getName() : StringRef());
  }

  /// The main file and the non-system headers it includes. A header
  /// included before the main file (`-include`) would be compiled before the
  /// prologue that declares the probes.
  bool isInstrumentableFile(FileID File) {
    auto Known = FileVerdicts.find(File);
    if (Known != FileVerdicts.end())
      return Known->second;
    bool Verdict = false;
    if (File == SM.getMainFileID()) {
      Verdict = true;
    } else if (!MainFileOnly && !SM.isInSystemHeader(SM.getLocForStartOfFile(File))) {
      FileID Includer = File;
      while (Includer.isValid() && Includer != SM.getMainFileID())
        Includer = SM.getFileID(SM.getIncludeLoc(Includer));
      Verdict = Includer == SM.getMainFileID();
    }
    FileVerdicts[File] = Verdict;
    return Verdict;
  }

  const SourceManager &SM;
  const FunctionSelector &Selector;
  bool MainFileOnly;
  llvm::DenseMap<FileID, bool> FileVerdicts;
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
        SM.getFileID(AttrLoc) == SM.getFileID(Start) &&
        SM.isBeforeInTranslationUnit(AttrLoc, Start))
      Start = AttrLoc;
  }
  return Start;
}

/// The text of \p NumLines lines from the one holding \p Loc, as written.
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

/// Whether \p Function is forced inline (`__attribute__((always_inline))`,
/// `[[gnu::always_inline]]`, `__forceinline`) by any of its declarations.
bool isForcedInline(const FunctionDecl *Function) {
  for (const FunctionDecl *Decl : Function->redecls())
    if (Decl->hasAttr<AlwaysInlineAttr>())
      return true;
  return false;
}

/// Why a function cannot carry probes, or an empty string if it can.
std::string unsupportedReason(const FunctionDecl *Function,
                              const LangOptions &LangOpts) {
  if (Function->isConsteval())
    return "consteval functions run only at compile time";
  if (Function->isConstexpr() && !LangOpts.CPlusPlus14)
    return "constexpr functions are instrumented from C++14 on (a C++11 "
           "constexpr function is one return statement)";
  Stmt *Body = Function->getBody();
  if (auto *Coroutine = dyn_cast<CoroutineBodyStmt>(Body);
      Coroutine && !isa<CompoundStmt>(Coroutine->getBody()))
    return "its coroutine body is a function-try-block";
  if (isa<CXXTryStmt>(Body) && isa<CXXConstructorDecl>(Function))
    return "constructor function-try-blocks are not instrumented yet";
  if (!isa<CompoundStmt>(Body) && !isa<CXXTryStmt>(Body) &&
      !isa<CoroutineBodyStmt>(Body))
    return "its body is not a compound statement";
  return "";
}

/// The descriptor's symbol: weak, and named by what it describes, so every
/// translation unit that compiles a header's function shares one descriptor.
std::string descriptorSymbol(const ProfiledFunction &Function) {
  std::string Identity = Function.File + '\0' + Function.Name + '\0' +
                         std::to_string(Function.FirstLine) + '\0' +
                         std::to_string(Function.LastLine) + '\0' +
                         Function.Source;
  return "__lprof_fn_" + llvm::utohexstr(llvm::xxHash64(Identity),
                                         /*LowerCase=*/true);
}

/// Lays out one profiled function: its lines, name, source and descriptor.
/// Returns a reason when it cannot be profiled.
/// How a lambda profiled on its own is named: after the function (or the
/// variable) it is written in, and its line, since it has no name of its own.
std::string lambdaName(const LambdaExpr *Lambda, unsigned Line,
                       ASTContext &Context) {
  std::string Name = "(lambda at line " + std::to_string(Line) + ")";
  const NamedDecl *Owner = nullptr;
  for (const DeclContext *Enclosing = Lambda->getLambdaClass()->getDeclContext();
       Enclosing && !Owner; Enclosing = Enclosing->getParent())
    if (const auto *Function = dyn_cast<FunctionDecl>(Enclosing);
        Function && !isLambdaCallOperator(Function))
      Owner = Function;
  // At namespace scope: the variable it initializes, if any (the parent map
  // is built only for such lambdas).
  if (!Owner) {
    DynTypedNodeList Parents = Context.getParents(*Lambda);
    while (!Owner && !Parents.empty()) {
      Owner = Parents[0].get<VarDecl>();
      if (Parents[0].get<Decl>())
        break;
      Parents = Context.getParents(Parents[0]);
    }
  }
  if (Owner)
    return Owner->getQualifiedNameAsString() + "::" + Name;
  return Name;
}

/// \p Lambda, when set, is the lambda \p Function is the call operator of,
/// and \p LambdaName its name: its table starts at the `[`.
llvm::Expected<ProfiledFunction>
describe(const FunctionDecl *Function, const SourceManager &SM,
         const LangOptions &LangOpts, const LambdaExpr *Lambda = nullptr,
         StringRef LambdaName = "") {
  auto Unsupported = [](const std::string &Reason) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), Reason);
  };
  std::string Reason = unsupportedReason(Function, LangOpts);
  if (!Reason.empty())
    return Unsupported(Reason);
  // Braces from a macro pair (`START_TEST(f)` ... `END_TEST`) are fine
  // when both uses are in the function's file.
  SourceLocation BodyEnd = Function->getBody()->getEndLoc();
  SourceLocation Start = Lambda ? SM.getExpansionLoc(Lambda->getBeginLoc())
                                : declarationStart(Function, SM);
  SourceLocation End = SM.getExpansionLoc(BodyEnd);
  if (SM.getFileID(SM.getExpansionLoc(Function->getBody()->getBeginLoc())) !=
      SM.getFileID(End))
    return Unsupported("its body's braces come from macros in different files");
  PresumedLoc PresumedStart = SM.getPresumedLoc(Start);
  PresumedLoc PresumedEnd = SM.getPresumedLoc(End);
  if (PresumedStart.isInvalid() || PresumedEnd.isInvalid() ||
      SM.getFileID(Start) != SM.getFileID(End) ||
      PresumedEnd.getLine() < PresumedStart.getLine())
    return Unsupported("its declaration spans several files");
  ProfiledFunction Profiled;
  Profiled.File = absolutePath(PresumedStart.getFilename(), SM);
  Profiled.Name = Lambda ? LambdaName.str()
                         : Function->getQualifiedNameAsString();
  Profiled.FirstLine = PresumedStart.getLine();
  Profiled.LastLine = PresumedEnd.getLine();
  unsigned NumLines = Profiled.LastLine - Profiled.FirstLine + 1;
  // The table numbers lines as the debug info does (presumed lines); the
  // snapshot comes from the physical text, so the two must agree.
  if (SM.getExpansionLineNumber(End) - SM.getExpansionLineNumber(Start) + 1 !=
      NumLines)
    return Unsupported("a #line directive inside it renumbers its lines");
  std::optional<std::string> Source = sourceLines(Start, NumLines, SM);
  if (!Source)
    return Unsupported("its source text could not be read");
  Profiled.Source = std::move(*Source);
  Profiled.Symbol = descriptorSymbol(Profiled);
  return Profiled;
}

/// Whether \p Body asks the optimizer for a loop transformation it must
/// report when it cannot make it (`#pragma clang loop vectorize(enable)`,
/// `#pragma omp simd`, ...: -Wpass-failed): the probes in such a loop can
/// keep it from being vectorized.
bool requestsLoopTransformations(Stmt *Body) {
  class Finder : public RecursiveASTVisitor<Finder> {
  public:
    bool VisitAttributedStmt(AttributedStmt *Attributed) {
      for (const Attr *Attribute : Attributed->getAttrs())
        if (isa<LoopHintAttr>(Attribute))
          Found = true;
      return !Found;
    }
    bool VisitOMPExecutableDirective(OMPExecutableDirective *Directive) {
      Found = Found || isOpenMPSimdDirective(Directive->getDirectiveKind());
      return !Found;
    }
    bool Found = false;
  } Requests;
  Requests.TraverseStmt(Body);
  return Requests.Found;
}

void blankAttributes(const std::vector<const AnnotateAttr *> &Attributes,
                     Rewriter &Rewrite, ASTContext &Context) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = Context.getLangOpts();
  llvm::DenseSet<unsigned> Blanked; // one macro definition, many uses
  for (const AnnotateAttr *Attribute : Attributes) {
    // Where the name is written: at the use, or in the definition of a macro
    // like `#define PROFILED __attribute__((profile))`.
    SourceLocation Begin = SM.getSpellingLoc(Attribute->getRange().getBegin());
    SourceLocation Last = SM.getSpellingLoc(Attribute->getRange().getEnd());
    if (!SM.isWrittenInMainFile(Begin) ||
        SM.getFileID(Begin) != SM.getFileID(Last))
      continue;
    unsigned From = SM.getFileOffset(Begin);
    unsigned To = SM.getFileOffset(Last) +
                  Lexer::MeasureTokenLength(Last, SM, LangOpts);
    if (To <= From || !Blanked.insert(From).second)
      continue;
    Rewrite.ReplaceText(Begin, To - From, std::string(To - From, ' '));
  }
}

/// The block where a function body's frame opens: the body, the `try`
/// block of a function-try-block, a coroutine's own body.
const CompoundStmt *userBlock(const Stmt *Body) {
  if (const auto *Try = dyn_cast<CXXTryStmt>(Body))
    return Try->getTryBlock();
  if (const auto *Coroutine = dyn_cast<CoroutineBodyStmt>(Body))
    return cast<CompoundStmt>(Coroutine->getBody());
  return cast<CompoundStmt>(Body);
}

/// Count mode: the runs of each function of the unit (CountRuns), in the
/// order of InstrumentedUnit::Functions.
class FunctionRuns {
public:
  explicit FunctionRuns(ASTContext &Context) : Completion(Context) {}

  /// The next function's runs, counted by \p Instrumenter in count mode,
  /// with call sites for its calling lines unless it is forced inline
  /// (which counts in count mode in any unit, and records no call edges).
  void startFunction(BodyInstrumenter &Instrumenter, ProbeMode Mode,
                     bool ForcedInline) {
    Runs.push_back(std::make_unique<CountRuns>());
    if (Mode != ProbeMode::Count)
      return;
    if (!ForcedInline) {
      std::unique_ptr<CallSites> &Sites =
          SitesBySymbol[Instrumenter.symbol()];
      if (!Sites)
        Sites = std::make_unique<CallSites>();
      Runs.back()->Sites = Sites.get();
    }
    Instrumenter.countRuns(*Runs.back(), Completion);
  }

  /// Inserts the probes no run can stand for and fills in each function's
  /// CountedOn. Functions that share a descriptor (overloads defined on
  /// one line) count every line on its own: one descriptor has one table.
  void resolve(std::vector<ProfiledFunction> &Functions, Rewriter &Rewrite) {
    llvm::StringMap<unsigned> Uses;
    for (const ProfiledFunction &Function : Functions)
      ++Uses[Function.Symbol];
    for (size_t I = 0; I != Functions.size() && I != Runs.size(); ++I) {
      ProfiledFunction &Function = Functions[I];
      Function.CountedOn = Runs[I]->resolve(
          Rewrite, Function.LastLine - Function.FirstLine + 1,
          /*Keep=*/Uses[Function.Symbol] == 1);
      if (Runs[I]->Sites)
        Function.CallLines = Runs[I]->Sites->lines();
    }
  }

private:
  CompletionChecker Completion;
  llvm::StringMap<std::unique_ptr<CallSites>> SitesBySymbol;
  std::vector<std::unique_ptr<CountRuns>> Runs;
};

/// What InstrumentOptions::BrokenForTesting and WarnedForTesting ask for.
void spoilForTesting(const FunctionDecl *Function,
                     const InstrumentOptions &Options, Rewriter &Rewrite) {
  std::string Name = Function->getQualifiedNameAsString();
  const auto *Body = dyn_cast<CompoundStmt>(Function->getBody());
  if (!Body || Body->getLBracLoc().isMacroID())
    return;
  if (Options.BrokenForTesting.count(Name))
    Rewrite.InsertTextAfterToken(Body->getLBracLoc(),
                                 "__lprof_broken_for_testing;");
  if (Options.WarnedForTesting.count(Name))
    Rewrite.InsertTextAfterToken(Body->getLBracLoc(),
                                 "int __lprof_unused_for_testing;");
}

/// Profiles a lambda marked [[profile]] as a function of its own, unless
/// the function it is written in (or an outer marked lambda) has probes
/// already, which count the lambda's lines too.
void instrumentLambda(LambdaExpr *Lambda, ASTContext &Context,
                      const InstrumentOptions &Options, Rewriter &Rewrite,
                      std::vector<SourceRange> &InstrumentedBodies,
                      InstrumentedUnit &Result, FunctionRuns &Runs,
                      std::vector<SkippedFunction> &Skipped) {
  const SourceManager &SM = Context.getSourceManager();
  const LangOptions &LangOpts = Context.getLangOpts();
  SourceLocation Begin = SM.getExpansionLoc(Lambda->getBeginLoc());
  for (SourceRange Body : InstrumentedBodies)
    if (!SM.isBeforeInTranslationUnit(Begin,
                                      SM.getExpansionLoc(Body.getBegin())) &&
        !SM.isBeforeInTranslationUnit(SM.getExpansionLoc(Body.getEnd()),
                                      Begin))
      return;
  CXXMethodDecl *Operator = Lambda->getCallOperator();
  SourceText Text(Context, SM.getFileID(Begin));
  PresumedLoc Loc = SM.getPresumedLoc(Begin);
  std::string Name =
      lambdaName(Lambda, Loc.isValid() ? Loc.getLine() : 0, Context);
  llvm::Expected<ProfiledFunction> Profiled =
      describe(Operator, SM, LangOpts, Lambda, Name);
  std::string Reason;
  if (!Profiled)
    Reason = llvm::toString(Profiled.takeError());
  else if (!LangOpts.CPlusPlus20 && Text.isExplicitlyConstexpr(Lambda))
    Reason = "a constexpr lambda is profiled from C++20 on (before, its "
             "probes cannot step aside during constant evaluation)";
  else
    Reason = Text.bodyOpeningProblem(userBlock(Lambda->getBody()));
  if (!Reason.empty()) {
    Skipped.push_back({Name,
                       Loc.isValid() ? std::string(Loc.getFilename()) + ":" +
                                           std::to_string(Loc.getLine())
                                     : "",
                       Reason, Begin});
    return;
  }
  if (Options.PlainSymbols.count(Profiled->Symbol))
    return;
  Profiled->Location = Begin;
  Profiled->ForcedInline =
      Options.Mode != ProbeMode::Count && isForcedInline(Operator);
  Result.Functions.push_back(std::move(*Profiled));
  // Since C++17 a lambda may run during constant evaluation; from C++20 on
  // its probes step aside then (as those of lambdas nested in a profiled
  // function).
  BodyInstrumenter Instrumenter(Text, Rewrite, Result.Functions.back(),
                                /*ConstantEvaluable=*/LangOpts.CPlusPlus20,
                                Options.Mode);
  bool ForcedInline = Result.Functions.back().ForcedInline;
  Runs.startFunction(Instrumenter,
                     ForcedInline ? ProbeMode::Count : Options.Mode,
                     ForcedInline);
  Instrumenter.instrument(Lambda->getBody());
  InstrumentedBodies.push_back(Lambda->getBody()->getSourceRange());
}

} // namespace

std::optional<InstrumentedUnit>
instrumentUnit(ASTContext &Context, const InstrumentOptions &Options,
               std::vector<SkippedFunction> &Skipped) {
  SourceManager &SM = Context.getSourceManager();
  ProfiledFunctionFinder Finder(SM, Options);
  Finder.TraverseDecl(Context.getTranslationUnitDecl());
  if (Finder.Found.empty() && Finder.ProfiledLambdas.empty())
    return std::nullopt;

  Rewriter Rewrite(SM, Context.getLangOpts());
  InstrumentedUnit Result;
  /// Bodies with probes: a lambda marked [[profile]] inside one of them is
  /// profiled with it already.
  std::vector<SourceRange> InstrumentedBodies;
  FunctionRuns Runs(Context);
  bool SilenceFailedLoopTransformations = false;
  for (FunctionDecl *Function : Finder.Found) {
    llvm::Expected<ProfiledFunction> Profiled =
        describe(Function, SM, Context.getLangOpts());
    if (!Profiled) {
      PresumedLoc Loc = SM.getPresumedLoc(Function->getLocation());
      Skipped.push_back(
          {Function->getQualifiedNameAsString(),
           Loc.isValid() ? std::string(Loc.getFilename()) + ":" +
                               std::to_string(Loc.getLine())
                         : "",
           llvm::toString(Profiled.takeError()),
           SM.getExpansionLoc(Function->getLocation())});
      continue;
    }
    if (Options.PlainSymbols.count(Profiled->Symbol))
      continue;
    SourceText Text(Context,
                    SM.getFileID(SM.getExpansionLoc(Function->getLocation())));
    if (std::string Problem =
            Text.bodyOpeningProblem(userBlock(Function->getBody()));
        !Problem.empty()) {
      PresumedLoc Loc = SM.getPresumedLoc(Function->getLocation());
      Skipped.push_back(
          {Function->getQualifiedNameAsString(),
           Loc.isValid() ? std::string(Loc.getFilename()) + ":" +
                               std::to_string(Loc.getLine())
                         : "",
           Problem, SM.getExpansionLoc(Function->getLocation())});
      continue;
    }
    Profiled->Location = SM.getExpansionLoc(Function->getLocation());
    // Count mode counts what a forced-inline function would count anyway.
    Profiled->ForcedInline =
        Options.Mode != ProbeMode::Count && isForcedInline(Function);
    Profiled->HitsOnly =
        Function->isConstexpr() &&
        (!Context.getLangOpts().CPlusPlus20 || Profiled->ForcedInline);
    Result.Functions.push_back(std::move(*Profiled));
    BodyInstrumenter Instrumenter(
        Text, Rewrite, Result.Functions.back(),
        Function->isConstexpr() || isa<CoroutineBodyStmt>(Function->getBody()),
        Options.Mode);
    bool ForcedInline = Result.Functions.back().ForcedInline;
    Runs.startFunction(Instrumenter,
                       ForcedInline ? ProbeMode::Count : Options.Mode,
                       ForcedInline);
    if (const auto *Constructor = dyn_cast<CXXConstructorDecl>(Function))
      Instrumenter.instrumentInitializers(Constructor);
    Instrumenter.instrument(Function->getBody());
    // Probes keep loops from being vectorized, so a loop that demands it
    // would make a -Wpass-failed warning (an error under -Werror) that the
    // plain build does not have, reported where the loop was inlined to.
    // Not for lprof-rewrite's output, which GCC may compile.
    if (!Options.BlankAttributes && !SilenceFailedLoopTransformations)
      SilenceFailedLoopTransformations =
          requestsLoopTransformations(Function->getBody());
    spoilForTesting(Function, Options, Rewrite);
    InstrumentedBodies.push_back(Function->getBody()->getSourceRange());
  }
  for (LambdaExpr *Lambda : Finder.ProfiledLambdas)
    instrumentLambda(Lambda, Context, Options, Rewrite, InstrumentedBodies,
                     Result, Runs, Skipped);
  if (Result.Functions.empty())
    return std::nullopt;
  Runs.resolve(Result.Functions, Rewrite);
  if (Options.BlankAttributes)
    blankAttributes(Finder.Attributes, Rewrite, Context);

  FileID Main = SM.getMainFileID();
  for (auto Buffer = Rewrite.buffer_begin(), E = Rewrite.buffer_end();
       Buffer != E; ++Buffer) {
    if (Buffer->first == Main)
      continue;
    OptionalFileEntryRef File = SM.getFileEntryRefForID(Buffer->first);
    if (!File)
      continue;
    Result.Headers.push_back(
        {std::string(File->getName()),
         std::string(Buffer->second.begin(), Buffer->second.end())});
  }
  PresumedLoc MainStart = SM.getPresumedLoc(SM.getLocForStartOfFile(Main));
  Result.MainText =
      makePrologue(Result.Functions, Options.Mode, MainStart.getFilename(),
                   SilenceFailedLoopTransformations);
  if (const RewriteBuffer *Rewritten = Rewrite.getRewriteBufferFor(Main))
    Result.MainText.append(Rewritten->begin(), Rewritten->end());
  else
    Result.MainText += SM.getBufferData(Main);
  return Result;
}

} // namespace lineprof
