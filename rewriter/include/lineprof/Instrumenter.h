//===- Instrumenter.h - Insert line probes into profiled functions --------===//
//
// The instrumenter turns a parsed translation unit into the text of its main
// file with line probes inserted into every profiled function. Probes are
// inserted without newlines, so every line keeps its number, and the
// declarations the probes need go into a prologue that ends with `#line 1`.
//
// Used by the compiler plugin (which compiles the result in the same
// invocation) and by lprof-rewrite (which prints it).
//
//===----------------------------------------------------------------------===//

#ifndef LINEPROF_INSTRUMENTER_H
#define LINEPROF_INSTRUMENTER_H

#include <optional>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
} // namespace clang

namespace lineprof {

/// The name of the AnnotateAttr that marks a function `[[profile]]`.
inline constexpr const char *ProfileAnnotation = "lineprof.profile";

/// One function the instrumenter put probes into.
struct ProfiledFunction {
  std::string File;        ///< Absolute path of the file holding the body.
  std::string Name;        ///< Qualified name.
  unsigned FirstLine = 0;  ///< Line of the declaration's first token.
  unsigned LastLine = 0;   ///< Line of the closing brace.
  std::string Source;      ///< Lines FirstLine..LastLine, '\n'-separated.
};

/// The instrumented main file of a translation unit.
struct InstrumentedFile {
  std::string Text; ///< Prologue, `#line 1 "file"`, then the rewritten source.
  std::vector<ProfiledFunction> Functions;
};

/// A profiled function the instrumenter had to leave alone, and why.
struct SkippedFunction {
  std::string Name;
  std::string Where; ///< file:line
  std::string Reason;
};

/// Instruments every profiled function whose body is in the main file of
/// \p Context. Returns std::nullopt when there is nothing to instrument.
/// Functions that cannot be instrumented are listed in \p Skipped.
std::optional<InstrumentedFile>
instrumentMainFile(clang::ASTContext &Context,
                   std::vector<SkippedFunction> &Skipped);

/// The text pasted before the rewritten source: the probe ABI, the
/// descriptors of \p Functions, and their registration at start-up. It ends
/// with a `#line` directive that restores \p PresumedFileName, the name the
/// compiler gives the main file, at line 1.
std::string makePrologue(const std::vector<ProfiledFunction> &Functions,
                         const std::string &PresumedFileName);

} // namespace lineprof

#endif // LINEPROF_INSTRUMENTER_H
