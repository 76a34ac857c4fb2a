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

llvm::Error FunctionSelector::addFunctionPattern(StringRef Pattern) {
  auto Compiled = std::make_unique<llvm::Regex>(("^(" + Pattern + ")$").str());
  std::string Error;
  if (!Compiled->isValid(Error))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "invalid regular expression '%s': %s",
                                   Pattern.str().c_str(), Error.c_str());
  Functions.push_back(std::move(Compiled));
  return llvm::Error::success();
}

llvm::Error FunctionSelector::addFilePattern(StringRef Pattern) {
  llvm::Expected<llvm::GlobPattern> Compiled = llvm::GlobPattern::create(Pattern);
  if (!Compiled)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(), "invalid file pattern '%s': %s",
        Pattern.str().c_str(), llvm::toString(Compiled.takeError()).c_str());
  Files.push_back(std::move(*Compiled));
  return llvm::Error::success();
}

bool FunctionSelector::selectsName(StringRef QualifiedName) const {
  for (const auto &Pattern : Functions)
    if (Pattern->match(QualifiedName))
      return true;
  return false;
}

bool FunctionSelector::selectsFile(StringRef AbsolutePath,
                                   StringRef WrittenPath) const {
  StringRef FileName = llvm::sys::path::filename(AbsolutePath);
  for (const llvm::GlobPattern &Pattern : Files)
    if (Pattern.match(AbsolutePath) || Pattern.match(WrittenPath) ||
        Pattern.match(FileName))
      return true;
  return false;
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
      "mode=timing|count|sample)",
      Name.str().c_str());
}

} // namespace lineprof
