"""Checks diff.test's --diff --format=json output (docs/report-json.md)."""
import json
import sys

d = json.load(open(sys.argv[1]))
assert d["format"] == "lprof-report-diff" and d["version"] == 1, d
assert abs(d["base"]["total_time"] - 2019176e-9) < 1e-15, d["base"]
assert abs(d["new"]["total_time"] - 1087415e-9) < 1e-15, d["new"]
assert d["base"]["inputs"][0]["path"].endswith("base.lprof")
assert abs(d["time_change"] - (1087415e-9 - 2019176e-9)) < 1e-15
assert abs(d["time_ratio"] - 1087415 / 2019176) < 1e-12

by_name = {f["name"]: f for f in d["functions"]}
assert [f["name"] for f in d["functions"]] == ["is_prime", "count_primes", "old_helper", "new_helper"], list(by_name)

f = by_name["is_prime"]
assert (f["base_first_line"], f["new_first_line"]) == (3, 4), f
assert (f["base_calls"], f["new_calls"]) == (98, 98)
assert abs(f["base_time"] - 666661e-9) < 1e-15 and abs(f["new_time"] - 335100e-9) < 1e-15
pairs = [(l["base_line"], l["new_line"]) for l in f["lines"]]
assert pairs == [(3, 4), (4, None), (None, 5), (None, 6), (5, 7), (6, 8), (7, 9), (8, 10)], pairs
line = f["lines"][4]
assert line["source"] == "    if (n % d == 0)", line
assert (line["base_hits"], line["new_hits"], line["hits_change"]) == (2873, 1400, -1473), line
assert abs(line["hits_ratio"] - 1400 / 2873) < 1e-12
assert abs(line["base_time"] - 612345e-9) < 1e-15 and abs(line["new_time"] - 300000e-9) < 1e-15
assert abs(line["time_change"] - (300000e-9 - 612345e-9)) < 1e-15
assert abs(line["time_ratio"] - 300000 / 612345) < 1e-12
gone = f["lines"][1]
assert gone["new_hits"] is None and gone["new_time"] is None and gone["time_ratio"] is not None, gone
assert gone["hits_change"] == -98 and gone["base_hits"] == 98
added = f["lines"][2]
assert added["base_hits"] is None and added["base_time"] is None and added["time_ratio"] is None, added
blank = f["lines"][0]
assert blank["hits_ratio"] is None and blank["time_ratio"] is None and blank["time_change"] == 0

old = by_name["old_helper"]
assert old["new_first_line"] is None and old["new_time"] is None and old["new_calls"] is None, old
new = by_name["new_helper"]
assert new["base_first_line"] is None and new["base_time"] is None and new["time_ratio"] is None, new
assert all(l["base_line"] is None for l in new["lines"])
print("diff json ok")
