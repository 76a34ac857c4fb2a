"""Checks lprof-report's JSON for the format 1.2 files of v12.test."""
import json
import sys

modes = json.load(open(sys.argv[1]))
raw = json.load(open(sys.argv[2]))

assert modes["compensated"] is True and modes["raw"] is False, modes
inp = modes["inputs"][0]
assert inp["modes"] == 15 and inp["calibration"]["sample_mean_gap"] == 64, inp
fns = {f["name"]: f for f in modes["functions"]}
assert [fns[n]["modes"] for n in ("tally", "walk", "parse", "add")] == [2, 4, 8, 3]
walk = fns["walk"]
assert [l["estimated"] for l in walk["lines"]] == [False, True, False, False], walk
assert walk["lines"][1]["time"] == 600000 * 1e-9 and walk["lines"][1]["raw_time"] == 640000 * 1e-9
assert abs(walk["total_time"] - 602000e-9) < 1e-15, walk["total_time"]
assert abs(walk["raw_total_time"] - 642100e-9) < 1e-15, walk["raw_total_time"]
assert "estimated" not in fns["parse"]["lines"][0]
assert fns["parse"]["calls"] == 3 and fns["parse"]["lines"][0]["hits"] == 3
assert all(l["time"] == 0 for l in fns["tally"]["lines"])
part = modes["threads"][0]["functions"][0]
assert part["calls"] == 1 and part["compensated"] is True, part

# --raw: time is the measured one, compensated false everywhere.
assert raw["raw"] is True and raw["compensated"] is False, raw
f = raw["functions"][0]
assert f["name"] == "is_prime" and f["compensated"] is False
assert [l["time"] for l in f["lines"]] == [l["raw_time"] for l in f["lines"]]
assert raw["threads"][1]["functions"][0]["calls"] == 38, raw["threads"][1]
print("json ok")
