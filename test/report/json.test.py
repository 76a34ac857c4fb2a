"""Checks json.test's outputs against the profiles gen.py wrote."""
import json
import os
import sys

out = sys.argv[1]


def load(name):
    with open(os.path.join(out, name), encoding="utf-8") as f:
        return json.load(f)


def close(a, b):
    return abs(a - b) <= 1e-12 * max(abs(a), abs(b), 1e-300)


d = load("threads.json")
assert d["format"] == "lprof-report" and d["version"] == 1
assert d["unit"] == 1e-9, d["unit"]
assert close(d["total_time"], 1938776e-9), d["total_time"]
(inp,) = d["inputs"]
assert inp["path"].endswith("threads.lprof") and inp["program"] == "/bin/sieve"
assert (inp["pid"], inp["clock"], inp["seconds_per_tick"]) == (1, 3, 1e-9), inp

names = [f["name"] for f in d["functions"]]
assert names == ["is_prime", "count_primes", "util::idle"], names
f = d["functions"][0]
assert (f["file"], f["first_line"], f["calls"]) == ("/nonexistent/lineprof-test/sieve.cpp", 3, 98), f
assert close(f["total_time"], 666661e-9)
assert [l["line"] for l in f["lines"]] == list(range(3, 9))
assert [l["hits"] for l in f["lines"]] == [0, 98, 2873, 73, 25, 0]
assert [l["time"] for l in f["lines"]] == [t * 1e-9 for t in [0, 41230, 612345, 9876, 3210, 0]]
assert f["lines"][2]["source"] == "    if (n % d == 0)", f["lines"][2]
# A stray '\r' at a line end is not part of the source.
cp = d["functions"][1]
assert cp["lines"][0]["source"] == "[[profile]] int count_primes(int limit) {", cp["lines"][0]
assert cp["lines"][2]["source"] == "\tfor (int n = 2; n < limit; ++n)"
assert d["functions"][2]["calls"] == 0 and d["functions"][2]["total_time"] == 0

threads = d["threads"]
assert [(t["thread"], t["tid"], t["name"], t["pid"], t["input"]) for t in threads] == \
    [(0, 4242, "main", 1, 0), (1, 4243, "worker", 1, 0)], threads
assert close(threads[0]["total_time"], 1709115e-9), threads[0]["total_time"]
main_parts = [(p["name"], p["first_line"]) for p in threads[0]["functions"]]
assert main_parts == [("count_primes", 12), ("is_prime", 3)], main_parts
worker = threads[1]["functions"][0]
assert worker["name"] == "is_prime" and "source" not in worker["lines"][0]
assert [l["hits"] for l in worker["lines"]] == [0, 38, 873, 23, 15, 0]
# The threads add up to the functions.
for f in d["functions"]:
    parts = [p for t in threads for p in t["functions"] if p["name"] == f["name"]]
    for i, line in enumerate(f["lines"]):
        assert sum(p["lines"][i]["hits"] for p in parts) == line["hits"]

# -z drops util::idle, -s sorts by ascending total; 1.0 files have no calls.
d = load("sorted.json")
assert [f["name"] for f in d["functions"]] == ["is_prime", "count_primes"], d["functions"]
assert all(f["calls"] is None for f in d["functions"])
assert d["threads"] == []

# Different tick lengths: no common unit; times are still seconds.
d = load("mixed.json")
assert d["unit"] is None, d["unit"]
assert [i["seconds_per_tick"] for i in d["inputs"]] == [1e-9, 0.25e-9]
is_prime = d["functions"][0]
assert close(is_prime["lines"][2]["time"], 612345e-9 * 1.25), is_prime["lines"][2]
assert is_prime["lines"][2]["hits"] == 2 * 2873

# Bytes that are not UTF-8 become U+FFFD; the JSON stays valid.
d = load("latin1.json")
f = d["functions"][0]
assert f["name"] == "r\ufffdsum\ufffd" and f["file"] == "/src/caf\ufffd.c", f
assert f["lines"][0]["source"] == "int r\ufffdsum\ufffd = 1; // \ufffd", f["lines"][0]
print("json ok")
