//===- Instrumenter.h - Insert line probes into profiled functions --------===//
//
// The instrumenter turns a parsed translation unit into the text of its main
// file, and of the headers that define profiled functions, with line probes
// inserted into every profiled function. Probes are inserted without
// newlines, so every line keeps its number, and the declarations the probes
// need go into a prologue at the top of the main file.
//
// Used by the compiler plugin (which compiles the result in the same
// invocation) and by lprof-rewrite (which prints it).
//
//===----------------------------------------------------------------------===//

#ifndef LINEPROF_INSTRUMENTER_H
#define LINEPROF_INSTRUMENTER_H

#include "clang/Basic/SourceLocation.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/GlobPattern.h"
#include "llvm/Support/Regex.h"

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace lineprof {

/// The AnnotateAttr annotations of `[[profile]]` and `[[lineprof::no_profile]]`.
inline constexpr const char *ProfileAnnotation = "lineprof.profile";
inline constexpr const char *NoProfileAnnotation = "lineprof.no_profile";

/// Which functions to profile besides those marked `[[profile]]`, like
/// `%lprun -f` and kernprof's `--prof-mod`.
class FunctionSelector {
public:
  /// Adds `function=REGEX` (matched against the whole qualified name) or
  /// `file=GLOB` (matched against the absolute path, the path as written,
  /// and the file name). Fails with a message naming the bad pattern.
  llvm::Error addFunctionPattern(llvm::StringRef Regex);
  llvm::Error addFilePattern(llvm::StringRef Glob);

  /// Whether options select functions beyond the attribute.
  bool hasPatterns() const { return !Functions.empty() || !Files.empty(); }

  bool selectsName(llvm::StringRef QualifiedName) const;
  bool selectsFile(llvm::StringRef AbsolutePath,
                   llvm::StringRef WrittenPath) const;

  /// Adds `exclude=REGEX` and `exclude-file=GLOB`, matched as above: what
  /// they match is never profiled, whatever selects it (the attribute too).
  llvm::Error addExcludedFunctionPattern(llvm::StringRef Regex);
  llvm::Error addExcludedFilePattern(llvm::StringRef Glob);
  bool excludes(llvm::StringRef QualifiedName, llvm::StringRef AbsolutePath,
                llvm::StringRef WrittenPath) const;
  bool hasExclusions() const {
    return !ExcludedFunctions.empty() || !ExcludedFiles.empty();
  }

private:
  std::vector<std::unique_ptr<llvm::Regex>> Functions;
  std::vector<llvm::GlobPattern> Files;
  std::vector<std::unique_ptr<llvm::Regex>> ExcludedFunctions;
  std::vector<llvm::GlobPattern> ExcludedFiles;
};

/// What the probes measure (`-fplugin-arg-lineprof-mode=`); the values are
/// those of __LPROF_MODE in lineprof_abi.h.
enum class ProbeMode { Timing = 0, Count = 1, Sample = 2 };

/// Parses `timing`, `count` or `sample`.
llvm::Expected<ProbeMode> parseProbeMode(llvm::StringRef Name);

struct InstrumentOptions {
  FunctionSelector Selector;
  ProbeMode Mode = ProbeMode::Timing;
  /// Leave headers alone: for a source-to-source rewrite that produces only
  /// the main file.
  bool MainFileOnly = false;
  /// Replace the names of lineprof's attributes with spaces, for compilers
  /// that do not know them (`[[ ]]` and `__attribute__(( ))` stay valid and
  /// columns do not move).
  bool BlankAttributes = false;
  /// Descriptor symbols (ProfiledFunction::Symbol) of functions to leave
  /// plain: the plugin's safety net puts there the functions whose
  /// instrumented text did not compile.
  std::set<std::string> PlainSymbols;
  /// For the safety net's tests (`test-break=NAME`, `test-warn=NAME`): the
  /// instrumented text of the functions so named gets an error (an
  /// undeclared identifier) or an unused variable at the start of its body.
  std::set<std::string> BrokenForTesting;
  std::set<std::string> WarnedForTesting;

  /// Applies one `NAME=VALUE` option (function=, file=, exclude=,
  /// exclude-file=, mode=), as the
  /// plugin receives them from -fplugin-arg-lineprof-NAME=VALUE.
  llvm::Error apply(llvm::StringRef NameValue);
};

/// One function the instrumenter put probes into.
struct ProfiledFunction {
  std::string File;        ///< Absolute path of the file holding the body.
  std::string Name;        ///< Qualified name.
  unsigned FirstLine = 0;  ///< Line of the declaration's first token.
  unsigned LastLine = 0;   ///< Line of the closing brace.
  std::string Source;      ///< Lines FirstLine..LastLine, '\n'-separated.
  std::string Symbol;      ///< Name of its descriptor in the object file.
  /// Counted in count mode whatever the unit's mode: a constexpr function
  /// before C++20 gets hits only (no frame can close its time).
  bool HitsOnly = false;
  /// Forced inline (`always_inline`, `__forceinline`) in a timing- or
  /// sample-mode unit: counted in count mode too, calls and hits only.
  /// Timed, every inlined copy carried an activation's code: the optimizer
  /// saw thousands of copies (yyjson.c compiled 10.6 times slower than
  /// plain, docs/compile-time.md). Its time stays in its callers' lines.
  bool ForcedInline = false;
  /// Count mode: for each line (by index from FirstLine), the line whose
  /// counter holds its hits, the first of the straight-line run it belongs
  /// to; empty when every line counts its own (docs/runtime.md).
  std::vector<unsigned> CountedOn;
  /// Count mode: the lines (by index) that have a call site, in the order
  /// of their sites (lineprof_abi.h, __lprof_function.call_lines).
  std::vector<unsigned> CallLines;
  /// Where its name is, in the parsed unit's source manager (for remarks).
  clang::SourceLocation Location;
};

/// A file whose compiled text changes: the main file, or a header that
/// defines a profiled function.
struct RewrittenFile {
  std::string Name; ///< The name the compiler's file manager knows it by.
  std::string Text;
};

/// The instrumented files of a translation unit.
struct InstrumentedUnit {
  /// Prologue, `#line 1 "file"`, then the rewritten main file.
  std::string MainText;
  /// Headers with probes; they rely on the main file's prologue.
  std::vector<RewrittenFile> Headers;
  std::vector<ProfiledFunction> Functions;
};

/// A profiled function the instrumenter had to leave alone, and why.
struct SkippedFunction {
  std::string Name;
  std::string Where; ///< file:line
  std::string Reason;
  /// Where its name is, in the parsed unit's source manager.
  clang::SourceLocation Location;
};

/// Instruments every profiled function defined in the main file of
/// \p Context or in a header it includes (system headers excepted): those
/// marked `[[profile]]` and those the options' selector picks, less those
/// marked `[[lineprof::no_profile]]`. Returns std::nullopt when there is
/// nothing to instrument. Functions that cannot be instrumented go to
/// \p Skipped.
std::optional<InstrumentedUnit>
instrumentUnit(clang::ASTContext &Context, const InstrumentOptions &Options,
               std::vector<SkippedFunction> &Skipped);

/// The text pasted before the rewritten main file: the probe mode, the
/// probe ABI, the descriptors of \p Functions, and their registration at
/// start-up. It ends with a `#line` directive that restores
/// \p PresumedFileName, the name the compiler gives the main file, at line 1.
/// \p SilenceFailedLoopTransformations turns -Wpass-failed off for the unit
/// (its profiled loops ask to be vectorized, which their probes prevent).
std::string makePrologue(const std::vector<ProfiledFunction> &Functions,
                         ProbeMode Mode, const std::string &PresumedFileName,
                         bool SilenceFailedLoopTransformations = false);

} // namespace lineprof

#endif // LINEPROF_INSTRUMENTER_H
