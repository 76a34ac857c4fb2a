//===- ClangCompat.h - What differs between the supported Clangs ----------===//
//
// lineprof builds against Clang/LLVM 14, 15, 16 and 19. Every difference of
// their APIs that the instrumenter or the plugin meets is bridged here, by a
// name that means the same thing in each, so the rest of the code is written
// once, against the newest API, without version tests.
//
//===----------------------------------------------------------------------===//

#ifndef LINEPROF_CLANGCOMPAT_H
#define LINEPROF_CLANGCOMPAT_H

#include "clang/AST/ExprCXX.h"
#include "clang/Basic/FileEntry.h"
#include "clang/Sema/ParsedAttr.h"
#include "llvm/Config/llvm-config.h"

#if LLVM_VERSION_MAJOR < 14
#error "lineprof needs Clang/LLVM 14 or newer"
#endif

namespace clang {
#if LLVM_VERSION_MAJOR < 16
/// Clang 16 named the optional file reference that the source and file
/// managers return; before, it was spelled out.
using OptionalFileEntryRef = llvm::Optional<FileEntryRef>;
#endif
} // namespace clang

namespace lineprof {
namespace compat {

/// The syntax of `[[...]]` attributes in C, called C2x before Clang 17.
#if LLVM_VERSION_MAJOR >= 17
constexpr clang::ParsedAttr::Syntax AS_C23 = clang::ParsedAttr::AS_C23;
#else
constexpr clang::ParsedAttr::Syntax AS_C23 = clang::ParsedAttr::AS_C2x;
#endif

/// The source range of \p S as written. Clang 14 to 16 end a `co_yield`
/// (14 also a `co_await` through `await_transform`) at its keyword, where
/// they place the calls they build around the operand, and so every
/// statement or expression that ends with one; the operand ends it.
inline clang::SourceRange writtenRange(const clang::Stmt *S) {
  clang::SourceRange Range = S->getSourceRange();
#if LLVM_VERSION_MAJOR < 17
  // Down the children that end where S ends, to a suspension.
  while (S && !llvm::isa<clang::CoroutineSuspendExpr>(S)) {
    const clang::Stmt *Last = nullptr;
    for (const clang::Stmt *Child : S->children())
      if (Child && Child->getEndLoc() == Range.getEnd())
        Last = Child;
    S = Last;
  }
  if (!S)
    return Range;
  const auto *Suspension = llvm::cast<clang::CoroutineSuspendExpr>(S);
  const clang::Expr *Operand = Suspension->getCommonExpr();
  while (Operand && Operand->getEndLoc() == Suspension->getBeginLoc()) {
    Operand = Operand->IgnoreImplicit();
    if (const auto *Call = llvm::dyn_cast<clang::CallExpr>(Operand);
        Call && Call->getNumArgs())
      Operand = Call->getArg(Call->getNumArgs() - 1);
    else if (const auto *Member =
                 llvm::dyn_cast<clang::CXXMemberCallExpr>(Operand))
      Operand = Member->getImplicitObjectArgument();
    else
      break;
  }
  if (Operand && Operand->getEndLoc().isValid())
    Range.setEnd(Operand->getEndLoc());
#endif
  return Range;
}

} // namespace compat
} // namespace lineprof

#endif // LINEPROF_CLANGCOMPAT_H
