//===- Prologue.cpp - Declarations pasted before instrumented source ------===//
//
// The prologue carries everything probes need, so an instrumented file
// compiles without extra include paths or predefines (a PCH would reset
// those): the probe ABI, one descriptor per profiled function, and a
// constructor that registers them. It is named `<lineprof probes>` by a
// `#line` directive, so debug info never attributes probe code to lines of
// the user's file, and ends with `#line 1 "<the file>"`, so the user's
// source that follows keeps its name and line numbers.
//
//===----------------------------------------------------------------------===//

#include "lineprof/Instrumenter.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/xxhash.h"

#include <cstdio>
#include <set>

namespace lineprof {
namespace {

// lineprof_abi.h and lineprof_abi_cxx20.h, embedded at build time.
const char AbiHeader[] =
#include "AbiHeader.inc"
    ;
const char AbiCxx20Header[] =
#include "AbiCxx20Header.inc"
    ;

/// Appends \p Text as a C string literal that means the same bytes in C and
/// C++ under any standard: octal escapes (hex escapes are greedy), and `?`
/// escaped so that no trigraph can form.
void appendStringLiteral(std::string &Out, const std::string &Text) {
  Out += '"';
  for (unsigned char C : Text) {
    switch (C) {
    case '"':
    case '\\':
    case '?':
      Out += '\\';
      Out += static_cast<char>(C);
      break;
    case '\n':
      Out += "\\n";
      break;
    default:
      if (C < 0x20 || C >= 0x7f) {
        char Escape[5];
        std::snprintf(Escape, sizeof(Escape), "\\%03o", C);
        Out += Escape;
      } else {
        Out += static_cast<char>(C);
      }
    }
  }
  Out += '"';
}

} // namespace

std::string makePrologue(const std::vector<ProfiledFunction> &Functions,
                         ProbeMode Mode, const std::string &PresumedFileName,
                         bool SilenceFailedLoopTransformations) {
  std::string Out = "#line 1 \"<lineprof probes>\"\n";
  // The prologue is part of the main file, so the project's warning flags
  // apply to it (-Wold-style-cast, -Wunused-macros, strings longer than C
  // requires compilers to support, ...): they are about the user's code,
  // not ours. Clang can silence everything; for GCC, the compiler of
  // lprof-rewrite's output, the warnings projects are known to enable.
  Out += "#pragma GCC diagnostic push\n"
         "#if defined(__clang__)\n"
         "#pragma clang diagnostic ignored \"-Weverything\"\n"
         "#else\n"
         "#pragma GCC diagnostic ignored \"-Wpedantic\"\n"
         "#pragma GCC diagnostic ignored \"-Woverlength-strings\"\n"
         "#pragma GCC diagnostic ignored \"-Wunused-macros\"\n"
         "#pragma GCC diagnostic ignored \"-Wmissing-declarations\"\n"
         "#if defined(__cplusplus)\n"
         "#pragma GCC diagnostic ignored \"-Wold-style-cast\"\n"
         "#pragma GCC diagnostic ignored \"-Wuseless-cast\"\n"
         "#pragma GCC diagnostic ignored \"-Wzero-as-null-pointer-constant\"\n"
         "#endif\n"
         "#endif\n";
  Out += "#define __LPROF_MODE " + std::to_string(static_cast<int>(Mode)) +
         "\n";
  Out += AbiHeader;
  Out += AbiCxx20Header;
  Out += "\n";
  // Weak, so that every translation unit compiling a header's function
  // shares one descriptor (and C's inline functions may refer to it).
  std::set<std::string> Defined;
  // Registered in source order, which the runtime writes them in.
  std::vector<std::string> Registered;
  for (const ProfiledFunction &Function : Functions) {
    // Overloads defined on one line describe the same lines: one descriptor.
    if (!Defined.insert(Function.Symbol).second)
      continue;
    Registered.push_back(Function.Symbol);
    // Count mode's table of which lines count with which (CountedOn). The
    // descriptor is weak: translation units that compile this function
    // with other tables (a header's inline function under other macros)
    // must not share it, so its link name says which table it has. The
    // linker keeps one copy of an inline function's code, with its
    // descriptor; copies inlined elsewhere each count into their own.
    // Its call sites' lines likewise: the probes' site offsets follow them.
    std::string Table = "0", Sites = "0";
    std::string LinkName, Key;
    auto EmitTable = [&](const std::string &Name,
                         const std::vector<unsigned> &Lines) {
      Out += "static const __UINT32_TYPE__ " + Name + "[] = {";
      for (unsigned Line : Lines) {
        Out += std::to_string(Line) + "u,";
        Key += std::to_string(Line) + ",";
      }
      Out += "};\n";
    };
    if (!Function.CountedOn.empty()) {
      Table = Function.Symbol + "_lines";
      EmitTable(Table, Function.CountedOn);
    }
    if (!Function.CallLines.empty()) {
      Sites = Function.Symbol + "_sites";
      Key += "sites:";
      EmitTable(Sites, Function.CallLines);
    }
    if (!Key.empty())
      LinkName = " __asm__(\"" + Function.Symbol + "_" +
                 llvm::utohexstr(llvm::xxHash64(Key), /*LowerCase=*/true) +
                 "\")";
    // Declared first for -Wmissing-variable-declarations.
    Out += "extern __lprof_function " + Function.Symbol + LinkName + ";\n";
    Out += "__attribute__((__weak__)) __lprof_function " + Function.Symbol +
           " = {";
    appendStringLiteral(Out, Function.File);
    Out += ", ";
    appendStringLiteral(Out, Function.Name);
    Out += ", ";
    appendStringLiteral(Out, Function.Source);
    Out += ", " + std::to_string(Function.FirstLine) + "u, " +
           std::to_string(Function.LastLine - Function.FirstLine + 1) +
           "u, 0u, " +
           (Function.ForcedInline
                ? "0x100u | __LPROF_MODE_COUNT | __LPROF_FORCED_INLINE"
            : Function.HitsOnly ? "0x100u | __LPROF_MODE_COUNT"
                                : "__LPROF_DESCRIPTOR_FLAGS") +
           ", " + Table + ", " + Sites + ", __LPROF_CALL_SITES(" +
           std::to_string(Function.CallLines.size()) + "u)};\n";
  }
  Out += "__attribute__((__constructor__)) static void __lprof_register_fns(void) "
         "{\n";
  for (const std::string &Symbol : Registered)
    Out += "  __lprof_register__link_with_liblineprof_rt(&" + Symbol + ", 1u);\n";
  // A timing-mode unit's calibration kernel, built with its own probes.
  Out += "  __lprof_offer_calibration();\n";
  Out += "}\n";
  Out += "#pragma GCC diagnostic pop\n";
  if (SilenceFailedLoopTransformations)
    Out += "#pragma clang diagnostic ignored \"-Wpass-failed\"\n";
  Out += "#line 1 ";
  appendStringLiteral(Out, PresumedFileName);
  Out += "\n";
  return Out;
}

} // namespace lineprof
