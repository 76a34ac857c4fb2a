//===- Options.cpp - What to instrument, and how --------------------------===//
//
// The options shared by the plugin (-fplugin-arg-lineprof-NAME=VALUE) and
// lprof-rewrite: which functions to profile besides those marked
// [[profile]], and what the probes measure.
//
//===----------------------------------------------------------------------===//

#include "lineprof/Instrumenter.h"

#include "llvm/Support/Path.h"

using llvm::StringRef;

namespace lineprof {

namespace {

llvm::Error addRegex(StringRef Pattern,
                     std::vector<std::unique_ptr<llvm::Regex>> &To) {
  auto Compiled = std::make_unique<llvm::Regex>(("^(" + Pattern + ")$").str());
  std::string Error;
  if (!Compiled->isValid(Error))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "invalid regular expression '%s': %s",
                                   Pattern.str().c_str(), Error.c_str());
  To.push_back(std::move(Compiled));
  return llvm::Error::success();
}

llvm::Error addGlob(StringRef Pattern, std::vector<llvm::GlobPattern> &To) {
  llvm::Expected<llvm::GlobPattern> Compiled = llvm::GlobPattern::create(Pattern);
  if (!Compiled)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(), "invalid file pattern '%s': %s",
        Pattern.str().c_str(), llvm::toString(Compiled.takeError()).c_str());
  To.push_back(std::move(*Compiled));
  return llvm::Error::success();
}

bool matchesName(const std::vector<std::unique_ptr<llvm::Regex>> &Patterns,
                 StringRef QualifiedName) {
  for (const auto &Pattern : Patterns)
    if (Pattern->match(QualifiedName))
      return true;
  return false;
}

/// A file pattern matches the absolute path, the path as written, or the
/// file name.
bool matchesFile(const std::vector<llvm::GlobPattern> &Patterns,
                 StringRef AbsolutePath, StringRef WrittenPath) {
  StringRef FileName = llvm::sys::path::filename(AbsolutePath);
  for (const llvm::GlobPattern &Pattern : Patterns)
    if (Pattern.match(AbsolutePath) || Pattern.match(WrittenPath) ||
        Pattern.match(FileName))
      return true;
  return false;
}

} // namespace

llvm::Error FunctionSelector::addFunctionPattern(StringRef Pattern) {
  return addRegex(Pattern, Functions);
}

llvm::Error FunctionSelector::addFilePattern(StringRef Pattern) {
  return addGlob(Pattern, Files);
}

llvm::Error FunctionSelector::addExcludedFunctionPattern(StringRef Pattern) {
  return addRegex(Pattern, ExcludedFunctions);
}

llvm::Error FunctionSelector::addExcludedFilePattern(StringRef Pattern) {
  return addGlob(Pattern, ExcludedFiles);
}

bool FunctionSelector::excludes(StringRef QualifiedName, StringRef AbsolutePath,
                                StringRef WrittenPath) const {
  return matchesName(ExcludedFunctions, QualifiedName) ||
         matchesFile(ExcludedFiles, AbsolutePath, WrittenPath);
}

bool FunctionSelector::selectsName(StringRef QualifiedName) const {
  return matchesName(Functions, QualifiedName);
}

bool FunctionSelector::selectsFile(StringRef AbsolutePath,
                                   StringRef WrittenPath) const {
  return matchesFile(Files, AbsolutePath, WrittenPath);
}

llvm::Expected<ProbeMode> parseProbeMode(StringRef Name) {
  if (Name == "timing")
    return ProbeMode::Timing;
  if (Name == "count")
    return ProbeMode::Count;
  if (Name == "sample")
    return ProbeMode::Sample;
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "unknown mode '%s' (known: timing, count, "
                                 "sample)",
                                 Name.str().c_str());
}

llvm::Error InstrumentOptions::apply(StringRef NameValue) {
  auto [Name, Value] = NameValue.split('=');
  if (Name == "function")
    return Selector.addFunctionPattern(Value);
  if (Name == "file")
    return Selector.addFilePattern(Value);
  if (Name == "exclude")
    return Selector.addExcludedFunctionPattern(Value);
  if (Name == "exclude-file")
    return Selector.addExcludedFilePattern(Value);
  if (Name == "test-break" || Name == "test-warn") {
    (Name == "test-break" ? BrokenForTesting : WarnedForTesting)
        .insert(Value.str());
    return llvm::Error::success();
  }
  if (Name == "mode") {
    llvm::Expected<ProbeMode> Parsed = parseProbeMode(Value);
    if (!Parsed)
      return Parsed.takeError();
    Mode = *Parsed;
    return llvm::Error::success();
  }
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      "unknown option '%s' (known: function=REGEX, file=GLOB, "
      "exclude=REGEX, exclude-file=GLOB, mode=timing|count|sample, "
      "remarks=summary|all|none)",
      Name.str().c_str());
}

} // namespace lineprof
