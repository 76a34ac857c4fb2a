"""Lists the profiles in a directory, for FileCheck:

  files.py DIR

For each file, sorted by name: `FILE <name>`, where the process id the
file's PROG record holds is written `{pid}` wherever it occurs in the name
(so names that embed the writer's pid check without knowing it), and the
host name `{host}`, then
`  parent` or `  child` (whether that pid is the lowest of the directory's
profiles, i.e. the first process), then each function's hits. Files that
are no profile are listed as `FILE <name> (not a profile: <why>)`.
"""
import os
import socket
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Inputs"))
import lprof  # noqa: E402

directory = sys.argv[1]
entries = []
for name in os.listdir(directory):
    path = os.path.join(directory, name)
    try:
        entries.append((name, lprof.read(path)))
    except Exception as error:  # noqa: BLE001 - any unreadable file
        entries.append((name, error))
pids = [p["pid"] for _, p in entries if isinstance(p, dict)]
rows = []
for name, profile in entries:
    if not isinstance(profile, dict):
        rows.append(("FILE %s (not a profile: %s)" % (name, profile), []))
        continue
    shown = name.replace(str(profile["pid"]), "{pid}").replace(
        socket.gethostname(), "{host}")
    lines = ["  parent" if profile["pid"] == min(pids) else "  child"]
    for fn in profile["functions"]:
        lines.append("  %s hits %s" % (fn["name"], " ".join(
            str(h) for h, _ in fn["lines"])))
    rows.append(("FILE %s" % shown, lines))
for head, lines in sorted(rows):
    print(head)
    for line in lines:
        print(line)
