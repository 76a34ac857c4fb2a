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
#include "lineprof/ClangCompat.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTLambda.h"
#include "clang/AST/Attr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/Builtins.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "clang/Rewrite/Core/Rewriter.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
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

  /// The whole statement as a file range, ending after its `;`.
  CharSourceRange statementRange(const Stmt *S) const {
    CharSourceRange Range = expressionRange(compat::writtenRange(S));
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
/// template's instantiations may turn any operator into a call.
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
  /// that call nothing in registers.
  BodyInstrumenter(const SourceText &Text, Rewriter &Rewrite,
                   const ProfiledFunction &Function, bool ConstantEvaluable,
                   ProbeMode Mode, unsigned Depth = 0)
      : Text(Text), Rewrite(Rewrite), Function(Function),
        ConstantEvaluable(ConstantEvaluable),
        HitsOnly(ConstantEvaluable && !Text.langOpts().CPlusPlus20),
        Mode(Mode), Depth(Depth),
        Frame(Depth ? "__lprof_f" + std::to_string(Depth) : "__lprof_f") {}

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
      std::string Index = std::to_string(Line - Function.FirstLine);
      std::string Hit =
          HitsOnly ? "__lprof_cx14_line(&" + Function.Symbol + "," + Index + ")"
          : ConstantEvaluable
              ? "__lprof_cx_hit(&" + Function.Symbol + "," + Index + ")"
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
    return First;
  }

  /// Opens a frame after the `{` of \p Body, counts \p FirstProbeLine (if
  /// set) and walks the statements; then does the same for every lambda
  /// written in the body: its lines belong to this function, and each of
  /// its calls is an activation of its own.
  void instrumentWithFrame(CompoundStmt *Body, unsigned FirstProbeLine) {
    if (!Text.canInsertAfterToken(Body->getLBracLoc()))
      return;
    // A lambda's activations are its own, not calls of the function.
    std::string Open =
        HitsOnly ? "__lprof_cx14_enter(&" + Function.Symbol + ");"
        : ConstantEvaluable
            ? "__lprof_cx_frame " + Frame + "(&" + Function.Symbol +
                  (Depth ? ", 1);" : ");")
            : "__lprof_frame " + Frame +
                  " __attribute__((__cleanup__(__lprof_leave))) = " +
                  (Depth ? "__lprof_enter_nested(&" : "__lprof_enter(&") +
                  Function.Symbol + ");";
    Open += CountAtBodyStart;
    if (FirstProbeLine && isCountable(FirstProbeLine))
      Open += probeCall("__lprof_line", FirstProbeLine) + ";";
    Rewrite.InsertTextAfterToken(Body->getLBracLoc(), Open);
    instrumentCompound(Body, FirstProbeLine);
    // Before C++20, a lambda in a constexpr function may run during its
    // constant evaluation, where a frame cannot exist.
    if (HitsOnly)
      return;
    // Since C++17 any lambda may be evaluated at compile time; from C++20
    // on its probes can step aside then, before that only lambdas written
    // `constexpr` are known to need it and are left alone.
    bool CanStepAside = Text.langOpts().CPlusPlus20;
    for (LambdaExpr *Lambda : findLambdas(Body)) {
      if (Lambda->getCallOperator()->isConsteval() ||
          (!CanStepAside && Text.isExplicitlyConstexpr(Lambda)))
        continue;
      if (auto *LambdaBody = dyn_cast_or_null<CompoundStmt>(Lambda->getBody()))
        BodyInstrumenter(Text, Rewrite, Function, CanStepAside, Mode,
                         Depth + 1)
            .instrumentWithFrame(LambdaBody, 0);
    }
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
    if (isa<CoroutineBodyStmt>(S) || isa<CapturedStmt>(S) ||
        isa<SEHTryStmt>(S) || isa<ObjCAtTryStmt>(S))
      return 0;
    // Declarations, expressions, return, break, continue, goto, asm, ...
    probeBefore(S, Last);
    return Text.lineOf(S->getBeginLoc());
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
    if (Range.isInvalid())
      return instrumentLoopOrSimple(Loop, Last);
    LoopFirst = Text.lineOf(Loop->getBeginLoc());
    LoopCounts = "__lprof_l" + std::to_string(NextProbeVariable++);
    Rewrite.InsertText(
        Range.getBegin(),
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
    SourceLocation Loc = Text.insertionPointBefore(Declaration);
    if (Loc.isInvalid())
      return Last;
    Rewrite.InsertText(Loc,
                       "__attribute__((__unused__)) char __lprof_d" +
                           std::to_string(NextProbeVariable++) + " = (" +
                           probeCall("__lprof_line", Line) + ", 0);",
                       /*InsertAfter=*/true);
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
    SourceLocation Colon = colonOf(Label);
    if (Text.canInsertAfterToken(Colon) && isCountable(Line)) {
      std::string Probe = probeCall("__lprof_line", Line) + ";";
      if (NextIsLabel && isa<SwitchCase>(Sub))
        Probe += "__attribute__((__fallthrough__));";
      Rewrite.InsertTextAfterToken(Colon, Probe);
    }
    return instrumentStmt(Sub, Line);
  }

  SourceLocation colonOf(Stmt *Label) const {
    if (auto *Case = dyn_cast<SwitchCase>(Label))
      return Case->getColonLoc();
    SourceLocation Ident = cast<LabelStmt>(Label)->getIdentLoc();
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
      insertStatement(Text.insertionPointBefore(While), "__lprof_move", Line);
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
      insertProbe(Text.insertionPointBefore(S), Line);
  }

  void insertProbe(SourceLocation Loc, unsigned Line) {
    insertStatement(Loc, "__lprof_line", Line);
  }

  void insertProbeAfterToken(SourceLocation Loc, unsigned Line) {
    if (!Text.canInsertAfterToken(Loc) || !isCountable(Line))
      return;
    Rewrite.InsertTextAfterToken(Loc, probeCall("__lprof_line", Line) + ";");
  }

  void insertStatement(SourceLocation Loc, StringRef Function, unsigned Line) {
    if (Loc.isInvalid() || !isCountable(Line))
      return;
    std::string Probe = probeCall(Function, Line);
    if (!Probe.empty())
      Rewrite.InsertText(Loc, Probe + ";", /*InsertAfter=*/true);
  }

  /// A call of \p Probe (`__lprof_line`, `__lprof_move`), or of its
  /// constexpr-safe twin (`__lprof_cx_line`, ...), or of the line probe of
  /// a loop counted in registers; empty for a probe that does nothing.
  std::string probeCall(StringRef Probe, unsigned Line) const {
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
    if (ConstantEvaluable)
      Name.insert(strlen("__lprof_"), "cx_");
    return Name + "(&" + Frame + "," +
           std::to_string(Line - Function.FirstLine) + ")";
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
  /// Hits of member initializers that could not carry a probe.
  std::string CountAtBodyStart;
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
    if (hasAnnotation(Function, ProfileAnnotation) || isSelected(Function, Loc))
      Found.push_back(Function);
    return true;
  }

  std::vector<FunctionDecl *> Found;
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
llvm::Expected<ProfiledFunction> describe(const FunctionDecl *Function,
                                          const SourceManager &SM,
                                          const LangOptions &LangOpts) {
  auto Unsupported = [](const std::string &Reason) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), Reason);
  };
  std::string Reason = unsupportedReason(Function, LangOpts);
  if (!Reason.empty())
    return Unsupported(Reason);
  SourceLocation BodyEnd = Function->getBody()->getEndLoc();
  if (Function->getBody()->getBeginLoc().isMacroID() || BodyEnd.isMacroID())
    return Unsupported("its body's braces come from a macro");
  SourceLocation Start = declarationStart(Function, SM);
  SourceLocation End = SM.getExpansionLoc(BodyEnd);
  PresumedLoc PresumedStart = SM.getPresumedLoc(Start);
  PresumedLoc PresumedEnd = SM.getPresumedLoc(End);
  if (PresumedStart.isInvalid() || PresumedEnd.isInvalid() ||
      SM.getFileID(Start) != SM.getFileID(End) ||
      PresumedEnd.getLine() < PresumedStart.getLine())
    return Unsupported("its declaration spans several files");
  ProfiledFunction Profiled;
  Profiled.File = absolutePath(PresumedStart.getFilename(), SM);
  Profiled.Name = Function->getQualifiedNameAsString();
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

} // namespace

std::optional<InstrumentedUnit>
instrumentUnit(ASTContext &Context, const InstrumentOptions &Options,
               std::vector<SkippedFunction> &Skipped) {
  SourceManager &SM = Context.getSourceManager();
  ProfiledFunctionFinder Finder(SM, Options);
  Finder.TraverseDecl(Context.getTranslationUnitDecl());
  if (Finder.Found.empty())
    return std::nullopt;

  Rewriter Rewrite(SM, Context.getLangOpts());
  InstrumentedUnit Result;
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
           llvm::toString(Profiled.takeError())});
      continue;
    }
    Profiled->HitsOnly =
        Function->isConstexpr() && !Context.getLangOpts().CPlusPlus20;
    Result.Functions.push_back(std::move(*Profiled));
    SourceText Text(Context,
                    SM.getFileID(SM.getExpansionLoc(Function->getLocation())));
    BodyInstrumenter Instrumenter(
        Text, Rewrite, Result.Functions.back(),
        Function->isConstexpr() || isa<CoroutineBodyStmt>(Function->getBody()),
        Options.Mode);
    if (const auto *Constructor = dyn_cast<CXXConstructorDecl>(Function))
      Instrumenter.instrumentInitializers(Constructor);
    Instrumenter.instrument(Function->getBody());
  }
  if (Result.Functions.empty())
    return std::nullopt;
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
      makePrologue(Result.Functions, Options.Mode, MainStart.getFilename());
  if (const RewriteBuffer *Rewritten = Rewrite.getRewriteBufferFor(Main))
    Result.MainText.append(Rewritten->begin(), Rewritten->end());
  else
    Result.MainText += SM.getBufferData(Main);
  return Result;
}

} // namespace lineprof
