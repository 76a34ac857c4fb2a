"""Runs PROGRAM with LPROF_OUTPUT naming everything an output path can be,
and prints what happened, one line per case, for FileCheck:

  special_outputs.py PROGRAM DIR

  <case>: exit <status>; stderr <what it printed, or "empty">; <check>

where <check> is what became of the path (its kind, whether the profile
is there). PROGRAM must print "before" and "after", return 5, and take
`lock-cwd` (hold a lock on its working directory while it exits). A run
that does not end within 20 seconds prints `<case>: timed out`. Device
nodes are made in DIR with mknod when running as root (so the machine's
own /dev/full and /dev/null are never at stake); otherwise /dev's are used,
which an unprivileged process could not replace anyway.
"""
import fcntl
import os
import pty
import socket
import stat
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "Inputs"))
import lprof  # noqa: E402

program, directory = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])


def kind(path):
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "missing"
    for test, name in [(stat.S_ISLNK, "symlink"), (stat.S_ISREG, "file"),
                       (stat.S_ISDIR, "directory"), (stat.S_ISFIFO, "FIFO"),
                       (stat.S_ISSOCK, "socket"),
                       (stat.S_ISCHR, "character device")]:
        if test(mode):
            return name
    return "other"


def profile_state(path):
    """`profile (main hits ...)`, `not a profile`, or the kind."""
    if kind(path) != "file":
        return kind(path)
    try:
        profile = lprof.read(path)
    except Exception:  # noqa: BLE001 - anything unreadable
        with open(path, "rb") as f:
            return "not a profile: %r" % f.read(40)
    return "profile (%s hits %s)" % (
        profile["functions"][0]["name"],
        " ".join(str(h) for h, _ in profile["functions"][0]["lines"]))


def run(case, output, args=(), stdout=subprocess.PIPE, cwd=None):
    env = dict(os.environ, LPROF_OUTPUT=output)
    try:
        done = subprocess.run([program] + list(args), env=env, stdout=stdout,
                              stderr=subprocess.PIPE, timeout=20, cwd=cwd,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        print("%s: timed out" % case)
        return None
    err = done.stderr.decode().replace(directory, "DIR").strip()
    print("%s: exit %d; stderr %s; " % (case, done.returncode, err or "empty"),
          end="")
    return done


def path(name):
    return os.path.join(directory, name)


def device(name, major, minor, fallback):
    if os.geteuid() == 0:
        os.mknod(path(name), 0o666 | stat.S_IFCHR, os.makedev(major, minor))
        return path(name)
    return fallback


def junk(name):
    with open(path(name), "w") as f:
        f.write("old contents\n")


# A symlink: its target is replaced, the link stays.
junk("target.lprof")
os.symlink("target.lprof", path("link.lprof"))
if run("symlink", path("link.lprof")):
    link = path("link.lprof")
    print("link.lprof %s, target %s" % (
        kind(link) + (" -> " + os.readlink(link) if os.path.islink(link) else ""),
        profile_state(path("target.lprof"))))

# A chain of relative and absolute links into another directory.
os.mkdir(path("sub"))
junk("sub/deep.lprof")
os.symlink(path("sub/deep.lprof"), path("sub/abs.lprof"))
os.symlink("sub/abs.lprof", path("chain.lprof"))
if run("chain", path("chain.lprof")):
    print("chain.lprof %s, sub/abs.lprof %s, sub/deep.lprof %s" % (
        kind(path("chain.lprof")), kind(path("sub/abs.lprof")),
        profile_state(path("sub/deep.lprof"))))

# A dangling link: its target is created.
os.symlink("sub/new.lprof", path("dangling.lprof"))
if run("dangling", path("dangling.lprof")):
    print("dangling.lprof %s, sub/new.lprof %s" % (
        kind(path("dangling.lprof")), profile_state(path("sub/new.lprof"))))

# A loop of links.
os.symlink("loop2.lprof", path("loop1.lprof"))
os.symlink("loop1.lprof", path("loop2.lprof"))
if run("loop", path("loop1.lprof")):
    print("loop1.lprof %s" % kind(path("loop1.lprof")))

# A FIFO nobody reads: never opened.
os.mkfifo(path("fifo"))
if run("fifo", path("fifo")):
    print("fifo %s" % kind(path("fifo")))

# A socket.
server = socket.socket(socket.AF_UNIX)
server.bind(path("socket"))
if run("socket", path("socket")):
    print("socket %s" % kind(path("socket")))
server.close()

# A character device that fails every write (/dev/full's numbers).
full = device("full", 1, 7, "/dev/full")
if run("device", full):
    print("%s %s" % (os.path.basename(full), kind(full)))

# /dev/null (or a node with its numbers): the profile is discarded, quietly.
null = device("null", 1, 3, "/dev/null")
if run("null", null):
    print("%s %s" % (os.path.basename(null), kind(null)))

# A terminal: the slave side of a pseudo-terminal.
master, slave = pty.openpty()
tty = os.ttyname(slave)
if run("tty", tty):
    print("tty %s" % kind(tty).replace(tty, "TTY"))
os.close(master)
os.close(slave)

# /dev/stdout when stdout is a pipe: the pipe gets the program's output
# only. (A link of our own like /dev/stdout's: a runtime that replaced the
# link would replace this one, not the machine's.)
os.symlink("/proc/self/fd/1", path("stdout"))
done = run("stdout-pipe", path("stdout"))
if done:
    print("stdout %r" % done.stdout)

# /dev/stdout when stdout is a regular file: that file is the program's
# output, and stays so.
with open(path("out.txt"), "w") as out:
    done = run("stdout-file", path("stdout"), stdout=out)
if done:
    with open(path("out.txt"), "rb") as out:
        print("out.txt %r" % out.read()[:40])

# The default name when it is where stdout goes (./app > app.lprof).
with open(path("app.lprof"), "w") as out:
    done = run("stdout-default", "app.lprof", stdout=out, cwd=directory)
if done:
    with open(path("app.lprof"), "rb") as out:
        print("app.lprof %r" % out.read()[:40])

# The output directory locked by another process (`flock DIR ./app`).
os.mkdir(path("locked"))
lock = os.open(path("locked"), os.O_RDONLY)
fcntl.flock(lock, fcntl.LOCK_EX)
if run("locked-directory", path("locked/prof.lprof")):
    print("prof.lprof %s" % profile_state(path("locked/prof.lprof")))
os.close(lock)

# The program itself holding a lock on its working directory at exit.
os.mkdir(path("cwd"))
if run("lock-cwd", "prof.lprof", args=["lock-cwd"], cwd=path("cwd")):
    print("prof.lprof %s" % profile_state(path("cwd/prof.lprof")))

# The profile file itself locked by another process: a bounded wait, then
# replaced anyway.
junk("held.lprof")
held = os.open(path("held.lprof"), os.O_RDONLY)
fcntl.flock(held, fcntl.LOCK_EX)
if run("locked-file", path("held.lprof")):
    print("held.lprof %s" % profile_state(path("held.lprof")))
os.close(held)
