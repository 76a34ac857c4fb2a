"""Runs a command and prints its stdout with escape characters visible.

  show_output.py [--pty] COMMAND...

With --pty the command's stdout is a pseudo-terminal (TERM=xterm), as when
a person runs it; otherwise a pipe. ESC prints as "\\e", so FileCheck can
match colour sequences; the terminal's "\\r\\n" prints as "\\n".
"""
import os
import pty
import subprocess
import sys


def main():
    args = sys.argv[1:]
    use_pty = args[:1] == ["--pty"]
    if use_pty:
        args = args[1:]
    if use_pty:
        env = dict(os.environ, TERM="xterm")
        leader, follower = pty.openpty()
        proc = subprocess.Popen(args, stdout=follower, stderr=subprocess.PIPE, env=env)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 1 << 16)
            except OSError:  # EIO: the other side is closed.
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        out = b"".join(chunks).replace(b"\r\n", b"\n")
        err = proc.stderr.read()
        code = proc.wait()
    else:
        done = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err, code = done.stdout, done.stderr, done.returncode
    sys.stdout.write(out.decode("utf-8", "replace").replace("\x1b", "\\e"))
    sys.stderr.write(err.decode("utf-8", "replace"))
    sys.exit(code)


if __name__ == "__main__":
    main()
