"""Runs a command and prints `exit code: N` after its output, so tests can
check an exact exit status (-N: killed by signal N):

  exit_code.py [NAME=VALUE...] CMD [ARGS...]

NAME=VALUE pairs set environment variables for CMD only (PATH among them,
which lit's `env` cannot set without losing its own commands). A command
still running after 60 seconds is killed and `timed out` printed instead:
a test of something that must never hang fails rather than hangs."""
import os
import signal
import subprocess
import sys


def as_a_shell_would():
    """The signals a shell starts a foreground program with at their
    default action (lit's workers ignore SIGINT, which would be
    inherited)."""
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP,
                   signal.SIGQUIT):
        signal.signal(number, signal.SIG_DFL)


args = sys.argv[1:]
env = dict(os.environ)
while args and "=" in args[0] and not args[0].startswith("/"):
    name, value = args.pop(0).split("=", 1)
    env[name] = value
sys.stdout.flush()
try:
    code = subprocess.call(args, env=env, timeout=60,
                           preexec_fn=as_a_shell_would)
    print("exit code: %d" % code)
except subprocess.TimeoutExpired:
    print("timed out")
