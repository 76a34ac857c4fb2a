//===- Interference.h - Whether a run's times can be trusted ---------------===//
//
// The LOAD record (format 1.5) tells what the runtime learnt about
// interference: per thread, how much of its wall time it got on a CPU and
// how often it was switched out against its will, and how much the probes'
// measured cost moved during the run. From those, one warning line when
// the times are likely inflated, naming the cause.
//
//===----------------------------------------------------------------------===//

#ifndef LINEPROF_REPORT_INTERFERENCE_H
#define LINEPROF_REPORT_INTERFERENCE_H

#include "ProfileData.h"

#include <optional>
#include <string>

namespace lineprof {

/// The warning for a run whose times are likely inflated, without the
/// "warning: " prefix; nullopt for a quiet run, a run without the LOAD
/// record, or one without times (count mode).
std::optional<std::string> interferenceWarning(const RunInfo &Run);

} // namespace lineprof

#endif
