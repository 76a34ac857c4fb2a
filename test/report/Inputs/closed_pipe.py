"""Runs a command whose reader goes away after 10 bytes; prints the outcome.

  closed_pipe.py COMMAND...

Prints "exit N" or "signal S", then the command's stderr. (lit's own shell
keeps reading a pipeline's output, so it cannot close a pipe early.)
"""
import subprocess
import sys

proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
proc.stdout.read(10)
proc.stdout.close()
err = proc.stderr.read()
code = proc.wait()
print("exit %d" % code if code >= 0 else "signal %d" % -code)
sys.stdout.write(err.decode("utf-8", "replace"))
