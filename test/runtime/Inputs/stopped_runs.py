"""Stops Inputs/stopped_program.cpp in every way it can end early, built
plain and profiled, and prints one line per way, for FileCheck:

  stopped_runs.py [--sanitized] PLAIN PROFILED DIR

  <way>: <how the plain build ended> | <how the profiled one did>;
         stdout same|<both>; stderr same[: its first line]|<both>;
         <the profile>

An ending is `exit N` or `killed by SIGX`, `+core` when a core was dumped
(both run with an unlimited core size, in directories of their own).
(With a core_pattern that is no file name, no core is seen, for either.)
The profile is `no profile`, or the working function's calls and hits
(`work 5/5`), or for ways that stop a loop at a random moment whether they
agree (`work n/n`: as many hits as calls, n > 0, but for calls entered that
had not counted their line yet), and `+memory` with memory records. A run that does not end
within 30 seconds prints `timed out`. --sanitized leaves out the ways that
AddressSanitizer handles itself (faults) or changes (LPROF_MEMORY: its
malloc is not lineprof's to hook).
"""
import os
import resource
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Inputs"))
import lprof  # noqa: E402

args = sys.argv[1:]
sanitized = "--sanitized" in args
plain, profiled, directory = (os.path.abspath(a) for a in args
                              if a != "--sanitized")

# way, signal the driver sends once the program has started (None: it
# ends by itself), extra environment.
WAYS = [
    ("loop", signal.SIGINT, {}),
    ("loop", signal.SIGTERM, {}),
    ("loop", signal.SIGHUP, {}),
    ("loop", signal.SIGQUIT, {}),
    ("loop", signal.SIGALRM, {}),
    ("loop", signal.SIGKILL, {}),
    # The write for the signal crashes (a testing hook): the process still
    # ends by the signal, and leaves no file.
    ("loop", signal.SIGTERM, {"LPROF_TEST_CRASH_MID_WRITE": "1"}),
    ("threads", signal.SIGINT, {}),
    ("allocating", signal.SIGINT, {"LPROF_MEMORY": "1"}),
    ("handler-exit", signal.SIGINT, {}),
    ("handler-flag", signal.SIGTERM, {}),
    ("ignored", signal.SIGHUP, {}),
    ("pipe", None, {}),
    ("abort", None, {}),
    ("abort-handler", None, {}),
    ("throw", None, {}),
    ("terminate", None, {}),
    ("segv", None, {}),
    ("fpe", None, {}),
    ("quick-exit", None, {}),
]


def run(binary, way, number, env_extra, where):
    os.makedirs(where, exist_ok=True)
    for name in os.listdir(where):
        os.remove(os.path.join(where, name))
    env = dict(os.environ, STOPPED_WAY=way,
               LPROF_OUTPUT=os.path.join(where, "prof.lprof"), **env_extra)

    def prepare():
        resource.setrlimit(resource.RLIMIT_CORE, (resource.RLIM_INFINITY,
                                                  resource.RLIM_INFINITY))
        # As a shell starts a program in the foreground (lit's workers
        # ignore SIGINT, and that would be inherited).
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP,
                       signal.SIGQUIT, signal.SIGALRM, signal.SIGPIPE):
            signal.signal(number, signal.SIG_DFL)
        if way == "ignored":
            signal.signal(signal.SIGHUP, signal.SIG_IGN)

    child = subprocess.Popen([binary, way], cwd=where, env=env,
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, preexec_fn=prepare)
    out = b""
    if way == "pipe":
        out = child.stdout.readline()
        child.stdout.close()  # the next write gets SIGPIPE
    elif number is not None:
        out = child.stdout.readline()  # "started"
        time.sleep(0.05)  # into the loop
        child.send_signal(number)
        if way == "ignored":
            time.sleep(0.05)
            child.send_signal(signal.SIGTERM)
    try:
        rest, err = child.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        return None
    return out + (rest or b""), err, child


def describe_profile(path, way, deterministic):
    left = sorted(n for n in os.listdir(os.path.dirname(path))
                  if n != "prof.lprof")
    if left:
        return "left behind: " + " ".join(left)
    if not os.path.exists(path):
        return "no profile"
    profile = lprof.read(path)
    name = "allocate" if way == "allocating" else "work"
    function = next(f for f in profile["functions"] if f["name"] == name)
    calls = function.get("calls", 0)
    hits = max(h for h, _ in function["lines"])
    memory = " +memory" if "memory" in profile else ""
    if deterministic:
        return "%s %d/%d%s" % (name, calls, hits, memory)
    # Each thread may be inside a call that has not counted its line yet.
    threads = 4 if way == "threads" else 1
    agree = calls > 0 and calls - threads <= hits <= calls
    return "%s %s%s" % (name, "n/n" if agree else "%d/%d" % (calls, hits),
                        memory)


for way, number, env_extra in WAYS:
    if sanitized and (way in ("segv", "fpe") or "LPROF_MEMORY" in env_extra):
        continue
    label = way + (" " + signal.Signals(number).name if number else "")
    label += "".join(" %s=%s" % item for item in env_extra.items()
                     if item[0] != "LPROF_MEMORY")
    results = []
    for name, binary in (("plain", plain), ("profiled", profiled)):
        where = os.path.join(directory, label.replace(" ", "-")
                             .replace("=", "-"), name)
        done = run(binary, way, number, env_extra, where)
        results.append((done, where))
    if any(done is None for done, _ in results):
        print("%s: timed out" % label)
        continue
    (p_out, p_err, p_child), _ = results[0]
    (l_out, l_err, l_child), where = results[1]

    # Popen's returncode has no core flag: a core file in the directory.
    def full_status(child, where):
        code = child.returncode
        if code >= 0:
            return "exit %d" % code
        cores = [n for n in os.listdir(where) if n.startswith("core")]
        for core in cores:
            os.remove(os.path.join(where, core))
        return "killed by %s%s" % (signal.Signals(-code).name,
                                    "+core" if cores else "")

    plain_end = full_status(p_child, results[0][1])
    profiled_end = full_status(l_child, where)
    stdout = "same" if p_out == l_out else "%r vs %r" % (p_out, l_out)
    stderr = ("same" + (": " + p_err.decode().splitlines()[0] if p_err else "")
              if p_err == l_err else "%r vs %r" % (p_err, l_err))
    if way == "pipe":
        stdout = "same" if p_out[:7] == l_out[:7] == b"a line\n" else stdout
    deterministic = number is None and way != "pipe"
    print("%s: %s | %s; stdout %s; stderr %s; %s" % (
        label, plain_end, profiled_end, stdout, stderr,
        describe_profile(os.path.join(where, "prof.lprof"), way, deterministic)))
