//===- ProfileAttribute.cpp - The [[profile]] attribute -------------------===//
//
// Registered by a static object: the plugin and lprof-rewrite both link this
// file (the instrumenter is an object library, so it is never dropped).
//
//===----------------------------------------------------------------------===//

#include "lineprof/ClangCompat.h"
#include "lineprof/Instrumenter.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/Sema/ParsedAttr.h"
#include "clang/Sema/Sema.h"

using namespace clang;

namespace {

/// A function attribute that lineprof turns into an annotation.
class FunctionAnnotationAttrInfo : public ParsedAttrInfo {
public:
  FunctionAnnotationAttrInfo(llvm::ArrayRef<Spelling> Spellings,
                             const char *Annotation)
      : Annotation(Annotation) {
    this->Spellings = Spellings;
  }

  bool diagAppertainsToDecl(Sema &S, const ParsedAttr &Attr,
                            const Decl *D) const override {
    if (isa<FunctionDecl>(D))
      return true;
    DiagnosticsEngine &Diags = S.getDiagnostics();
    unsigned ID = Diags.getCustomDiagID(
        DiagnosticsEngine::Warning,
        "%0 attribute only applies to functions; ignored");
    S.Diag(Attr.getLoc(), ID) << Attr;
    return false;
  }

  AttrHandling handleDeclAttribute(Sema &S, Decl *D,
                                   const ParsedAttr &Attr) const override {
    D->addAttr(
        AnnotateAttr::Create(S.Context, Annotation, nullptr, 0, Attr.getRange()));
    return AttributeApplied;
  }

private:
  const char *Annotation;
};

/// `[[profile]]`, `[[lineprof::profile]]`, `__attribute__((profile))` and
/// the C23 spellings: mark a function for line profiling.
constexpr ParsedAttrInfo::Spelling ProfileSpellings[] = {
    {ParsedAttr::AS_GNU, "profile"},
    {ParsedAttr::AS_CXX11, "profile"},
    {ParsedAttr::AS_CXX11, "lineprof::profile"},
    {lineprof::compat::AS_C23, "profile"},
    {lineprof::compat::AS_C23, "lineprof::profile"}};

struct ProfileAttrInfo : FunctionAnnotationAttrInfo {
  ProfileAttrInfo()
      : FunctionAnnotationAttrInfo(ProfileSpellings,
                                   lineprof::ProfileAnnotation) {}
};

/// `[[lineprof::no_profile]]`: never profile this function, whatever the
/// function= and file= options select.
constexpr ParsedAttrInfo::Spelling NoProfileSpellings[] = {
    {ParsedAttr::AS_GNU, "no_profile"},
    {ParsedAttr::AS_CXX11, "lineprof::no_profile"},
    {lineprof::compat::AS_C23, "lineprof::no_profile"}};

struct NoProfileAttrInfo : FunctionAnnotationAttrInfo {
  NoProfileAttrInfo()
      : FunctionAnnotationAttrInfo(NoProfileSpellings,
                                   lineprof::NoProfileAnnotation) {}
};

} // namespace

static ParsedAttrInfoRegistry::Add<ProfileAttrInfo>
    RegisterProfileAttr("lineprof", "the [[profile]] attribute of lineprof");
static ParsedAttrInfoRegistry::Add<NoProfileAttrInfo>
    RegisterNoProfileAttr("lineprof_no_profile",
                          "the [[lineprof::no_profile]] attribute of lineprof");
