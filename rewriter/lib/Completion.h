//===- Completion.h - Whether code surely runs to its end -----------------===//
//
// Count mode counts a straight-line run of statements once, at its start,
// and derives the hits of the run's other lines from that counter
// (docs/runtime.md, "Count mode"). That is exact only if control that
// starts a statement of the run surely reaches the next one: no jump out,
// no exception, no `longjmp`, no `exit`, no call that returns twice
// (`setjmp`). CompletionChecker answers that question, conservatively: a
// call surely returns only if its callee's definition is in the
// translation unit and, recursively, surely returns itself, or if it is a
// library builtin that neither ends the program nor jumps.
//
//===----------------------------------------------------------------------===//

#ifndef LINEPROF_COMPLETION_H
#define LINEPROF_COMPLETION_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang {
class ASTContext;
class CallExpr;
class FunctionDecl;
class Stmt;
} // namespace clang

namespace lineprof {

class CompletionChecker {
public:
  explicit CompletionChecker(clang::ASTContext &Context) : Context(Context) {}

  /// Whether control that starts \p S (a statement of a function being
  /// instrumented) surely leaves it at its end: nothing in it returns,
  /// jumps out, throws, suspends a coroutine, or calls a function that may
  /// not return normally, and no label inside it can be jumped to.
  bool surelyCompletes(const clang::Stmt *S);

  /// Whether a call of \p Function surely returns normally (exactly once).
  bool surelyReturns(const clang::FunctionDecl *Function);

  /// Whether \p Call surely returns normally: a direct call, not virtual,
  /// of a function that surely returns (its arguments not considered).
  bool surelyReturns(const clang::CallExpr *Call);

private:
  friend class CompletionVisitor;

  clang::ASTContext &Context;
  /// Functions already judged.
  llvm::DenseMap<const clang::FunctionDecl *, bool> Returns;
  /// Functions being judged: a recursive call is not known to return.
  llvm::SmallPtrSet<const clang::FunctionDecl *, 8> Judging;
  /// Callees judged so far, to bound the work a unit can ask for.
  unsigned Judged = 0;
};

} // namespace lineprof

#endif
