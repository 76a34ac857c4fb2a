//===- Completion.cpp - Whether code surely runs to its end ---------------===//

#include "Completion.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/Builtins.h"

using namespace clang;

namespace lineprof {

/// Walks code and stops (returns false) at the first thing that may keep
/// control from reaching its end. In a callee's body (\p InCallee) returns,
/// jumps and labels are its own business; in a statement of the function
/// being instrumented they leave the statement or let a jump enter it.
class CompletionVisitor : public RecursiveASTVisitor<CompletionVisitor> {
public:
  CompletionVisitor(CompletionChecker &Checker, bool InCallee)
      : Checker(Checker), InCallee(InCallee) {}

  bool shouldVisitImplicitCode() const { return true; }

  /// Creating a lambda runs its captures' initializers, not its body.
  bool TraverseLambdaExpr(LambdaExpr *Lambda) {
    for (Expr *Init : Lambda->capture_inits())
      if (Init && !TraverseStmt(Init))
        return false;
    return true;
  }

  /// A template's code may call anything once instantiated.
  bool VisitExpr(Expr *E) { return !E->isInstantiationDependent(); }

  bool VisitCallExpr(CallExpr *Call) { return Checker.surelyReturns(Call); }
  bool VisitCXXConstructExpr(CXXConstructExpr *Construct) {
    const CXXConstructorDecl *Constructor = Construct->getConstructor();
    return Constructor->isTrivial() || Checker.surelyReturns(Constructor);
  }
  bool VisitCXXNewExpr(CXXNewExpr *New) {
    return !New->getOperatorNew() ||
           Checker.surelyReturns(New->getOperatorNew());
  }
  bool VisitCXXDeleteExpr(CXXDeleteExpr *Delete) {
    if (Delete->getOperatorDelete() &&
        !Checker.surelyReturns(Delete->getOperatorDelete()))
      return false;
    return destructorReturns(Delete->getDestroyedType());
  }
  bool VisitCXXBindTemporaryExpr(CXXBindTemporaryExpr *Bind) {
    const CXXDestructorDecl *Destructor = Bind->getTemporary()->getDestructor();
    return !Destructor || Destructor->isTrivial() ||
           Checker.surelyReturns(Destructor);
  }
  /// A callee's locals are destroyed before it returns; a statement's own
  /// declarations at the end of their block, after the statements that
  /// follow them.
  bool VisitVarDecl(VarDecl *Var) {
    if (!InCallee)
      return true;
    if (const auto *Cleanup = Var->getAttr<CleanupAttr>())
      if (!Checker.surelyReturns(Cleanup->getFunctionDecl()))
        return false;
    return !Var->needsDestruction(Checker.Context) ||
           destructorReturns(Var->getType());
  }

  bool VisitCXXThrowExpr(CXXThrowExpr *) { return false; }
  bool VisitCXXDynamicCastExpr(CXXDynamicCastExpr *) { return false; }
  bool VisitCXXTypeidExpr(CXXTypeidExpr *) { return false; }
  bool VisitCoroutineSuspendExpr(CoroutineSuspendExpr *) { return false; }
  bool VisitCoreturnStmt(CoreturnStmt *) { return false; }
  bool VisitBlockExpr(BlockExpr *) { return false; }
  bool VisitGCCAsmStmt(GCCAsmStmt *Asm) { return !Asm->isAsmGoto(); }
  bool VisitMSAsmStmt(MSAsmStmt *) { return false; }
  bool VisitSEHTryStmt(SEHTryStmt *) { return false; }

  bool VisitReturnStmt(ReturnStmt *) { return InCallee; }
  bool VisitBreakStmt(BreakStmt *) { return InCallee; }
  bool VisitContinueStmt(ContinueStmt *) { return InCallee; }
  bool VisitGotoStmt(GotoStmt *) { return InCallee; }
  bool VisitIndirectGotoStmt(IndirectGotoStmt *) { return InCallee; }
  bool VisitLabelStmt(LabelStmt *) { return InCallee; }
  bool VisitSwitchCase(SwitchCase *) { return InCallee; }

private:
  bool destructorReturns(QualType Type) {
    const CXXRecordDecl *Record =
        Checker.Context.getBaseElementType(Type)->getAsCXXRecordDecl();
    if (!Record || !Record->hasDefinition())
      return true;
    const CXXDestructorDecl *Destructor = Record->getDestructor();
    return !Destructor || Destructor->isTrivial() ||
           Checker.surelyReturns(Destructor);
  }

  CompletionChecker &Checker;
  bool InCallee;
};

bool CompletionChecker::surelyCompletes(const Stmt *S) {
  return CompletionVisitor(*this, /*InCallee=*/false)
      .TraverseStmt(const_cast<Stmt *>(S));
}

bool CompletionChecker::surelyReturns(const CallExpr *Call) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return false; // through a pointer: anything
  if (const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
      Method && Method->isVirtual())
    return false; // an override may run instead
  return surelyReturns(Callee);
}

bool CompletionChecker::surelyReturns(const FunctionDecl *Function) {
  // Bounds the work of one unit: beyond it, calls are not known to return.
  constexpr unsigned MaxJudged = 4000;
  Function = Function->getCanonicalDecl();
  if (Function->isNoReturn() || Function->hasAttr<ReturnsTwiceAttr>())
    return false;
  if (unsigned Builtin = Function->getBuiltinID()) {
    // A library function that neither ends the program nor jumps
    // (`memcpy`, `strlen`, `printf`); in C++ one that cannot throw either.
    const Builtin::Context &Builtins = Context.BuiltinInfo;
    if (Builtins.isNoReturn(Builtin) || Builtins.isReturnsTwice(Builtin))
      return false;
    return !Context.getLangOpts().CXXExceptions || Builtins.isNoThrow(Builtin) ||
           Builtins.isConst(Builtin) || Builtins.isPure(Builtin);
  }
  auto Known = Returns.find(Function);
  if (Known != Returns.end())
    return Known->second;
  const FunctionDecl *Definition = nullptr;
  if (!Function->hasBody(Definition) || !Definition ||
      isa<CoroutineBodyStmt>(Definition->getBody()) ||
      Judging.contains(Function) || Judged >= MaxJudged)
    return false;
  ++Judged;
  Judging.insert(Function);
  CompletionVisitor Visitor(*this, /*InCallee=*/true);
  bool Result = Visitor.TraverseStmt(Definition->getBody());
  if (const auto *Constructor = dyn_cast<CXXConstructorDecl>(Definition))
    for (const CXXCtorInitializer *Initializer : Constructor->inits())
      Result = Result && Visitor.TraverseStmt(Initializer->getInit());
  // A destructor then destroys its members and bases.
  if (const auto *Destructor = dyn_cast<CXXDestructorDecl>(Definition)) {
    const CXXRecordDecl *Record = Destructor->getParent();
    for (const FieldDecl *Field : Record->fields())
      if (Result && Field->getType().isDestructedType()) {
        const CXXRecordDecl *Member =
            Context.getBaseElementType(Field->getType())->getAsCXXRecordDecl();
        Result = !Member || !Member->getDestructor() ||
                 surelyReturns(Member->getDestructor());
      }
    for (const CXXBaseSpecifier &Base : Record->bases())
      if (const CXXRecordDecl *BaseRecord = Base.getType()->getAsCXXRecordDecl();
          Result && BaseRecord && BaseRecord->getDestructor() &&
          !BaseRecord->getDestructor()->isTrivial())
        Result = surelyReturns(BaseRecord->getDestructor());
  }
  Judging.erase(Function);
  Returns[Function] = Result;
  return Result;
}

} // namespace lineprof
