//===- MemoryReport.h - Memory per line as text ---------------------------===//
//
// The memory views of a profile with heap figures (format 1.3): the line
// table with memory columns in place of the time columns (--memory), and a
// tracemalloc-like ranking of the lines that allocate and retain the most
// (--alloc-top). docs/report.md defines every column.
//
//===----------------------------------------------------------------------===//

#ifndef LINEPROF_REPORT_MEMORYREPORT_H
#define LINEPROF_REPORT_MEMORYREPORT_H

#include "ByteUnits.h"
#include "ProfileData.h"

#include "llvm/Support/raw_ostream.h"

#include <array>
#include <string>

namespace lineprof {

/// The memory cells of line I of F as every view shows them: Hits, Allocs,
/// Allocated, Freed, Net and Retained. A line that allocated and freed
/// nothing has empty memory cells (and an empty Hits cell if it never ran),
/// like line_profiler's blank cells.
using MemoryCells = std::array<std::string, 6>;
MemoryCells memoryCells(const FunctionProfile &F, size_t I, ByteStyle Style);

struct MemoryTextOptions {
  ByteStyle Style = ByteStyle::Binary;
  /// Leave out functions that allocated and freed nothing.
  bool SkipZero = false;
  /// Order functions by ascending bytes allocated (-s).
  bool SortBySize = false;
  /// Append one line per function with its bytes allocated (-m).
  bool Summarize = false;
};

/// Prints one function's block: its heap totals and peak, file, function,
/// and one row per line with Hits, Allocs, Allocated, Freed, Net and
/// Retained. F must have memory figures.
void printMemoryFunction(llvm::raw_ostream &OS, const FunctionProfile &F,
                         ByteStyle Style);

/// The memory line table of every function of P; P must have memory
/// figures (Profile::hasMemory()).
void printMemoryText(llvm::raw_ostream &OS, const Profile &P,
                     const MemoryTextOptions &Opts);

/// The line saying what the byte columns mean, and a blank line.
void printMemoryUnit(llvm::raw_ostream &OS, ByteStyle Style);

/// The run's heap (the MEMR records) and the N allocation sites with the
/// most bytes allocated (the lines' self figures) and with the most bytes
/// retained.
void printAllocTop(llvm::raw_ostream &OS, const Profile &P, size_t N,
                   ByteStyle Style);

} // namespace lineprof

#endif // LINEPROF_REPORT_MEMORYREPORT_H
