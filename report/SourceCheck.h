//===- SourceCheck.h - Compare source snapshots with the files on disk ----===//

#ifndef LINEPROF_REPORT_SOURCECHECK_H
#define LINEPROF_REPORT_SOURCECHECK_H

#include "ProfileData.h"

#include <string>
#include <vector>

namespace lineprof {

/// Returns, once each and sorted, the source files that exist on disk but
/// whose lines no longer match the snapshot of some function in P. A file
/// that cannot be read counts as missing, which is not a change: the
/// snapshot in the profile is all the report needs.
std::vector<std::string> findChangedSources(const Profile &P);

} // namespace lineprof

#endif // LINEPROF_REPORT_SOURCECHECK_H
