"""Checks that sample mode samples every line at the rate its weights claim.

  sample_weights.py PROFILE FUNCTION...

For each FUNCTION (all threads), prints each line with more than 1,000
hits, its hits and the weights of its timed intervals (the intervals they
stand for), and checks that the function's weights sum to its hits within
10%, and every such line's to at least a quarter of its hits. A line's
estimate is its timed intervals' weighted mean times its hits: a line
whose weights fall far short of its hits is estimated from a few
unrepresentative intervals (its first hits, always timed). Intervals are
about one probe in 64, so 1,000 hits give some 16 timed ones; the
function's sum holds hundreds, well inside 10%."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import lprof  # noqa: E402

profile = lprof.read(sys.argv[1])
failures = []
for name in sys.argv[2:]:
    index = next(i for i, f in enumerate(profile["functions"])
                 if f["name"] == name)
    first = profile["functions"][index]["first_line"]
    hits, weights = {}, {}
    for thread in profile["threads"]:
        for record in thread["functions"]:
            if record["function"] != index:
                continue
            for i, ((line_hits, _), details) in enumerate(
                    zip(record["lines"], record["details"])):
                # 0: every interval timed, each standing for itself.
                weight = details[2] if details[2] else line_hits
                hits[i] = hits.get(i, 0) + line_hits
                weights[i] = weights.get(i, 0) + weight
    for i in sorted(hits):
        if hits[i] <= 1000:
            continue
        print("%s line %d: hits %d weights %d" % (name, first + i, hits[i],
                                                  weights[i]))
        if weights[i] < hits[i] / 4:
            failures.append("%s line %d: weights %d for %d hits" % (
                name, first + i, weights[i], hits[i]))
    total_hits, total_weights = sum(hits.values()), sum(weights.values())
    if abs(total_weights - total_hits) > 0.1 * total_hits:
        failures.append("%s: weights %d for %d hits" % (name, total_weights,
                                                         total_hits))
for failure in failures:
    print("FAIL:", failure)
print("weights match hits" if not failures else "weights do not match hits")
sys.exit(1 if failures else 0)
