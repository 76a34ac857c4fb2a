//===- ProfileAttribute.cpp - The [[profile]] attribute -------------------===//
//
// Registered by a static object: the plugin and lprof-rewrite both link this
// file (the instrumenter is an object library, so it is never dropped).
//
//===----------------------------------------------------------------------===//

#include "lineprof/Instrumenter.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"

using namespace clang;

namespace {

/// `[[profile]]`, `[[lineprof::profile]]`, `__attribute__((profile))` and
/// the C23 spellings: mark a function for line profiling.
struct ProfileAttrInfo : public ParsedAttrInfo {
  ProfileAttrInfo() {
    static constexpr Spelling Spellings[] = {
        {ParsedAttr::AS_GNU, "profile"},
        {ParsedAttr::AS_CXX11, "profile"},
        {ParsedAttr::AS_CXX11, "lineprof::profile"},
        {ParsedAttr::AS_C23, "profile"},
        {ParsedAttr::AS_C23, "lineprof::profile"}};
    this->Spellings = Spellings;
  }

  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &Attr,
                            const Decl *D) const override {
    if (isa<FunctionDecl>(D))
      return true;
    DiagnosticsEngine &Diags = S.getDiagnostics();
    unsigned ID = Diags.getCustomDiagID(
        DiagnosticsEngine::Warning,
        "'profile' attribute only applies to functions; ignored");
    S.Diag(Attr.getLoc(), ID);
    return false;
  }

  AttrHandling handleDeclAttribute(Sema &S, Decl *D,
                                   const ParsedAttr &Attr) const override {
    D->addAttr(AnnotateAttr::Create(S.Context, lineprof::ProfileAnnotation,
                                    nullptr, 0, Attr.getRange()));
    return AttributeApplied;
  }
};

} // namespace

static ParsedAttrInfoRegistry::Add<ProfileAttrInfo>
    RegisterProfileAttr("lineprof", "the [[profile]] attribute of lineprof");
