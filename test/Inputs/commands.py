"""What the build-and-compare scripts of the lit suites share: running a
command that must succeed, and reducing a report to its exact part."""
import os
import subprocess
import sys


def run(*cmd, **kw):
    """Runs cmd, capturing its output; exits with it if cmd fails."""
    result = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if result.returncode != 0:
        sys.exit("command failed (%d): %s\n%s%s" % (
            result.returncode, " ".join(cmd), result.stdout, result.stderr))
    return result


def hits(report):
    """lprof-report's text reduced to line numbers, hits and source
    (hits.py)."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                          "hits.py")
    return run(sys.executable, script, input=report).stdout
