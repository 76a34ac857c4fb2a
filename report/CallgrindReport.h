//===- CallgrindReport.h - Profiles for callgrind_annotate and KCachegrind ===//
//
// Writes the callgrind profile format (valgrind's docs/callgrind-format),
// with two events per source line: its time in nanoseconds and its hits.
//
//===----------------------------------------------------------------------===//

#ifndef LINEPROF_REPORT_CALLGRINDREPORT_H
#define LINEPROF_REPORT_CALLGRINDREPORT_H

#include "ProfileData.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace lineprof {

/// A line's time as the callgrind file holds it: whole nanoseconds.
uint64_t callgrindNanoseconds(double Seconds);

/// Writes P as a callgrind file; Creator names the tool and its version.
void printCallgrind(llvm::raw_ostream &OS, const Profile &P,
                    llvm::StringRef Creator);

} // namespace lineprof

#endif // LINEPROF_REPORT_CALLGRINDREPORT_H
