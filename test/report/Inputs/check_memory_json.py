"""Checks memory-json.test's outputs: the memory fields of --format=json
against the figures mem_kinds.py wrote (docs/report-json.md)."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Inputs"))
import mem_kinds  # noqa: E402

out = sys.argv[1]


def load(name):
    with open(os.path.join(out, name), encoding="utf-8") as f:
        return json.load(f)


FIELDS = mem_kinds.lprof.MEMF_LINE_FIELDS
d = load("memory.json")
run = mem_kinds.run_totals([mem_kinds.FILL, mem_kinds.LEAK, mem_kinds.JOIN,
                            mem_kinds.RELEASE, mem_kinds.IDLE])
assert d["memory"] == run, d["memory"]
assert d["inputs"][0]["memory"] == run
by_name = {f["name"]: f for f in d["functions"]}
for fn in (mem_kinds.FILL, mem_kinds.LEAK, mem_kinds.JOIN, mem_kinds.RELEASE):
    got = by_name[fn["name"]]
    for line, want in zip(got["lines"], fn["memory"]["lines"]):
        m = line["memory"]
        assert all(m[k] == want[k] for k in FIELDS), (fn["name"], line)
        assert m["net_bytes"] == want["alloc_bytes"] - want["freed_bytes"]
    assert got["memory"]["peak_bytes"] == fn["memory"]["peak_bytes"]
# The exactness cases.
fill = by_name["fill_buffers"]["lines"][2]["memory"]
assert (fill["allocs"], fill["alloc_bytes"], fill["net_bytes"], fill["retained_bytes"]) \
    == (10, 10485760, 0, 0), fill
leak = by_name["leak_nodes"]["lines"][2]["memory"]
assert (leak["retained_blocks"], leak["retained_bytes"]) == (100, 6400), leak
assert by_name["release"]["memory"]["net_bytes"] == -4096
# No MEMF record: zeros, known.
idle = by_name["idle"]
assert idle["memory"]["alloc_bytes"] == 0 and idle["lines"][1]["memory"]["allocs"] == 0

# Summed: counts add, peaks take the largest.
s = load("sum.json")
fill = {f["name"]: f for f in s["functions"]}["fill_buffers"]
assert fill["memory"]["alloc_bytes"] == 2 * 10485760 and fill["memory"]["peak_bytes"] == 2 << 20
assert s["memory"]["peak_live_bytes"] == (2 << 20) + 16384 and s["memory"]["allocs"] == 236

# Without memory records: no memory keys at all.
c = load("calls.json")
assert "memory" not in c and "memory" not in c["inputs"][0]
assert all("memory" not in f and all("memory" not in l for l in f["lines"])
           for f in c["functions"])

# The comparison: both sides' figures per function and line.
x = load("diff.json")
assert x["base"]["memory"]["alloc_bytes"] == run["alloc_bytes"]
fns = {f["name"]: f for f in x["functions"]}
fill = fns["fill_buffers"]
assert fill["alloc_bytes_change"] == (1 << 20) - 10485760, fill["alloc_bytes_change"]
assert fill["retained_bytes_change"] == 1 << 20
assert (fill["base_peak_bytes"], fill["new_peak_bytes"]) == (1 << 20, 1 << 20)
static = [l for l in fill["lines"] if l["new_line"] == 2][0]
assert static["base_memory"] is None and static["new_memory"]["retained_bytes"] == 1 << 20
loop = [l for l in fill["lines"] if l["base_line"] == 3][0]
assert loop["new_memory"] is None and loop["alloc_bytes_change"] == -10485760
assert fns["join"]["new_memory"] is None and fns["join"]["new_peak_bytes"] is None
leak = [l for l in fns["leak_nodes"]["lines"] if l["base_line"] == 10][0]
assert leak["base_memory"]["retained_bytes"] == 6400 and leak["retained_bytes_change"] == -3200
# Without memory on one side, the comparison has no memory keys.
y = load("diff-calls.json")
assert all("base_memory" not in f for f in y["functions"]) and "memory" not in y["base"]
print("PASS")
