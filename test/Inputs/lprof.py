"""Independent reader and writer of the .lprof format (docs/lprof-format.md).

Written from the spec alone, in plain Python, so tests can check what the
runtime writes and feed lprof-report hand-made (and deliberately broken) files.

  python3 lprof.py dump FILE      prints the file as JSON
"""
import json
import struct
import sys
import zlib

MAGIC = b"\x89LPROF\r\n"
HEADER = struct.Struct("<8sHHIQII")


class FormatError(Exception):
    pass


class _Cursor:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, n):
        if self.pos + n > len(self.data):
            raise FormatError("record body too short")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def unpack(self, fmt):
        s = struct.Struct("<" + fmt)
        return s.unpack(self.take(s.size))

    def string(self):
        (n,) = self.unpack("I")
        return self.take(n).decode("utf-8", "replace")


# The MEMR record's fields and a MEMF line's, in file order (format 1.3).
MEMR_FIELDS = ("allocs", "alloc_bytes", "frees", "freed_bytes",
               "untracked_frees", "live_bytes", "peak_live_bytes",
               "unattributed_allocs", "unattributed_bytes")
MEMF_LINE_FIELDS = ("allocs", "alloc_bytes", "frees", "freed_bytes",
                    "retained_blocks", "retained_bytes",
                    "self_allocs", "self_alloc_bytes")


# A thread's entry in the LOAD record, in file order (format 1.5).
LOAD_FIELDS = ("thread", "wall_ns", "cpu_ns", "involuntary", "voluntary")


def parse(data):
    if len(data) < HEADER.size:
        raise FormatError("truncated header")
    magic, major, minor, flags, size, crc, _ = HEADER.unpack_from(data)
    if magic != MAGIC:
        raise FormatError("bad magic")
    if major != 1:
        raise FormatError("unsupported major version %d" % major)
    payload = data[HEADER.size:]
    if len(payload) != size:
        raise FormatError("payload size %d, header says %d" % (len(payload), size))
    if zlib.crc32(payload) != crc:
        raise FormatError("checksum mismatch")
    out = {"version": [major, minor], "functions": []}
    cur = _Cursor(payload)
    while cur.pos < len(payload):
        tag, _, length = cur.unpack("4sIQ")
        body = _Cursor(cur.take(length))
        if tag == b"PROG":
            spt, clock, pid, start, end = body.unpack("dIIqq")
            out.update(seconds_per_tick=spt, clock=clock, pid=pid,
                       start_ns=start, end_ns=end, program=body.string())
            if body.pos < len(body.data):  # appended in format 1.2
                (out["modes"],) = body.unpack("I")
                (out["timing_probe_ticks"], out["timing_entry_ticks"],
                 out["sample_probe_ticks"], out["sample_interval_ticks"],
                 out["sample_mean_gap"]) = body.unpack("ddddd")
        elif tag == b"FUNC":
            fn = {"file": body.string(), "name": body.string()}
            fn["first_line"], n = body.unpack("II")
            fn["source"] = body.string()
            fn["lines"] = [list(body.unpack("QQ")) for _ in range(n)]
            if body.pos + 8 <= len(body.data):  # appended in format 1.1
                (fn["calls"],) = body.unpack("Q")
            if body.pos < len(body.data):  # appended in format 1.2
                (fn["modes"],) = body.unpack("I")
                fn["details"] = [list(body.unpack("QQQ")) for _ in range(n)]
            out["functions"].append(fn)
        elif tag == b"THRD":
            thread, tid = body.unpack("II")
            th = {"thread": thread, "tid": tid, "name": body.string(),
                  "functions": []}
            (count,) = body.unpack("I")
            for _ in range(count):
                (index,) = body.unpack("I")
                n = len(out["functions"][index]["lines"])
                th["functions"].append(
                    {"function": index,
                     "lines": [list(body.unpack("QQ")) for _ in range(n)]})
            if body.pos < len(body.data):  # appended in format 1.2
                for part in th["functions"]:
                    n = len(part["lines"])
                    (part["calls"],) = body.unpack("Q")
                    part["details"] = [list(body.unpack("QQQ"))
                                       for _ in range(n)]
            out.setdefault("threads", []).append(th)
        elif tag == b"LOAD":  # format 1.5
            measurements, spread, count = body.unpack("IdI")
            out["load"] = {"measurements": measurements, "probe_spread": spread,
                           "threads": [dict(zip(LOAD_FIELDS, body.unpack("IQQQQ")))
                                       for _ in range(count)]}
        elif tag == b"MEMR":  # format 1.3
            out["memory"] = dict(zip(MEMR_FIELDS, body.unpack("9Q")))
        elif tag == b"MEMF":  # format 1.3
            index, peak = body.unpack("IQ")
            fn = out["functions"][index]
            fn["memory"] = {
                "peak_bytes": peak,
                "lines": [dict(zip(MEMF_LINE_FIELDS, body.unpack("8Q")))
                          for _ in fn["lines"]]}
    return out


def read(path):
    with open(path, "rb") as f:
        return parse(f.read())


def _str(s):
    b = s.encode("utf-8") if isinstance(s, str) else s
    return struct.pack("<I", len(b)) + b


def _record(tag, body):
    return struct.pack("<4sIQ", tag, 0, len(body)) + body


def build(profile, major=1, minor=None):
    """Bytes of a file for a dict shaped like parse()'s result.

    A function's optional "calls" is appended to its FUNC record (format
    1.1), then its optional "modes" and "details" (format 1.2, which also
    appends "modes" and the four calibration figures to PROG when the
    profile has "modes"); the optional "threads" list becomes THRD records,
    whose parts may carry "calls" and "details" (1.2, all parts or none).
    The optional "memory" dict becomes the MEMR record and each function's
    optional "memory" ({"peak_bytes", "lines": [dict per line]}, missing
    fields 0) its MEMF record (1.3). The optional "load" dict
    ({"measurements", "probe_spread", "threads": [dict per thread]},
    missing fields 0) becomes the LOAD record (1.5).
    minor defaults to the lowest version that holds what is given.
    """
    if minor is None:
        fns = profile.get("functions", [])
        minor = 5 if "load" in profile else \
            3 if "memory" in profile else \
            2 if "modes" in profile or any("details" in fn for fn in fns) \
            else 1 if any("calls" in fn for fn in fns) else 0
    body = struct.pack("<dIIqq", profile.get("seconds_per_tick", 1e-9),
                       profile.get("clock", 3), profile.get("pid", 1),
                       profile.get("start_ns", 0), profile.get("end_ns", 0))
    body += _str(profile.get("program", "prog"))
    if "modes" in profile:
        body += struct.pack("<Iddddd", profile["modes"],
                            profile.get("timing_probe_ticks", 0.0),
                            profile.get("timing_entry_ticks", 0.0),
                            profile.get("sample_probe_ticks", 0.0),
                            profile.get("sample_interval_ticks", 0.0),
                            profile.get("sample_mean_gap", 64.0))
    payload = _record(b"PROG", body)
    for fn in profile.get("functions", []):
        lines = fn["lines"]
        body = _str(fn["file"]) + _str(fn["name"])
        body += struct.pack("<II", fn["first_line"], len(lines))
        body += _str(fn["source"])
        body += b"".join(struct.pack("<QQ", h, t) for h, t in lines)
        if "calls" in fn:
            body += struct.pack("<Q", fn["calls"])
        if "details" in fn:
            body += struct.pack("<I", fn.get("modes", 1))
            body += b"".join(struct.pack("<QQQ", *d) for d in fn["details"])
        payload += _record(b"FUNC", body)
    for th in profile.get("threads", []):
        body = struct.pack("<II", th["thread"], th["tid"]) + _str(th.get("name", ""))
        body += struct.pack("<I", len(th["functions"]))
        for part in th["functions"]:
            body += struct.pack("<I", part["function"])
            body += b"".join(struct.pack("<QQ", h, t) for h, t in part["lines"])
        for part in th["functions"]:
            if "details" in part:
                body += struct.pack("<Q", part.get("calls", 0))
                body += b"".join(struct.pack("<QQQ", *d) for d in part["details"])
        payload += _record(b"THRD", body)
    if "load" in profile:
        load = profile["load"]
        body = struct.pack("<IdI", load.get("measurements", 0),
                           load.get("probe_spread", 0.0), len(load["threads"]))
        for th in load["threads"]:
            body += struct.pack("<IQQQQ", *(th.get(k, 0) for k in LOAD_FIELDS))
        payload += _record(b"LOAD", body)
    if "memory" in profile:
        payload += _record(b"MEMR", struct.pack(
            "<9Q", *(profile["memory"].get(k, 0) for k in MEMR_FIELDS)))
    for index, fn in enumerate(profile.get("functions", [])):
        if "memory" not in fn:
            continue
        body = struct.pack("<IQ", index, fn["memory"].get("peak_bytes", 0))
        for line in fn["memory"]["lines"]:
            body += struct.pack("<8Q", *(line.get(k, 0)
                                         for k in MEMF_LINE_FIELDS))
        payload += _record(b"MEMF", body)
    header = HEADER.pack(MAGIC, major, minor, 0, len(payload),
                         zlib.crc32(payload), 0)
    return header + payload


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "dump":
        json.dump(read(sys.argv[2]), sys.stdout, indent=1)
        print()
    else:
        sys.exit(__doc__)
