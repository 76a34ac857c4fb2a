"""Runs a command and prints `exit code: N` after its output, so tests can
check an exact exit status:

  exit_code.py [NAME=VALUE...] CMD [ARGS...]

NAME=VALUE pairs set environment variables for CMD only (PATH among them,
which lit's `env` cannot set without losing its own commands)."""
import os
import subprocess
import sys

args = sys.argv[1:]
env = dict(os.environ)
while args and "=" in args[0] and not args[0].startswith("/"):
    name, value = args.pop(0).split("=", 1)
    env[name] = value
sys.stdout.flush()
code = subprocess.call(args, env=env)
print("exit code: %d" % code)
