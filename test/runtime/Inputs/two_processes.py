"""Two runs of one program, side by side, with one output path:

  two_processes.py DIR PROGRAM

Starts PROGRAM `wait DIR/go` (the first process, which waits for that file
to exist), then runs PROGRAM to its end (the second), then lets the first
one finish. Both have LPROF_OUTPUT=DIR/prof.lprof. Prints the first
process's stderr with its pid written {pid}.
"""
import os
import subprocess
import sys

directory, program = sys.argv[1], sys.argv[2]
env = dict(os.environ, LPROF_OUTPUT=os.path.join(directory, "prof.lprof"))
go = os.path.join(directory, "go")
first = subprocess.Popen([program, "wait", go], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
assert first.stdout.readline().strip() == "ready"
subprocess.run([program], env=env, check=True, stdout=subprocess.DEVNULL)
open(go, "w").close()
_, err = first.communicate()
os.remove(go)
sys.stdout.write(err.replace(str(first.pid), "{pid}"))
