"""What the probes cost on the stack, per activation (stack_use.test).

Builds a recursive C function of N statement lines plain and profiled, in
each mode, at -O0 and -O2, with -fstack-usage, and prints the profiled
frame's growth over the plain one; then runs a recursion that fits a small
stack plain, profiled. Usage:
  stack_use.py PLAIN-CC PROFILED-CC RUNTIME DIR
where the compilers are command lines (split on blanks).
"""
import os
import resource
import subprocess
import sys

MODES = ("timing", "sample", "count")
# The bound docs/runtime.md states, by optimization and mode.
BOUND = {("-O0", "timing"): 160, ("-O0", "sample"): 64, ("-O0", "count"): 224,
         ("-O2", "timing"): 160, ("-O2", "sample"): 64, ("-O2", "count"): 64}
STACK_LIMIT = 2 << 20  # bytes
DEPTH = 6000


def source(lines):
    """A recursive function with `lines` statement lines, a call-free loop
    (count mode's local hits) every 10 lines, declarations and branches."""
    body = ["  volatile int local[8];", "  int i;", "  local[0] = depth;"]
    for i in range(lines):
        body.append("  sink = sink + %d + local[0];" % i)
        if i % 10 == 9:
            body += ["  for (i = 0; i < 2; ++i)", "    sink = sink + i;"]
    body += ["  if (depth <= 0)", "    return sink;",
             "  return recurse(depth - 1) + local[0];"]
    return ("#include <stdlib.h>\n"
            "#ifndef PROFILE\n#define PROFILE\n#endif\n"
            "volatile int sink;\n"
            "PROFILE int recurse(int depth) {\n" + "\n".join(body) + "\n}\n"
            "int main(int argc, char **argv) {\n"
            "  return recurse(argc > 1 ? atoi(argv[1]) : 1) == 12345;\n"
            "}\n")


def frame_size(stack_usage_file):
    with open(stack_usage_file) as f:
        for line in f:
            fields = line.split("\t")
            if fields[0].endswith(":recurse"):
                return int(fields[1])
    sys.exit("no frame size for recurse in " + stack_usage_file)


def compile_only(compiler, flags, src, out):
    subprocess.run(compiler.split() + ["-c", "-fstack-usage"] + flags +
                   [src, "-o", out], check=True)


def growth(plain, profiled, rt, work, lines, opt, mode):
    src = os.path.join(work, "f%d.c" % lines)
    with open(src, "w") as f:
        f.write(source(lines))
    base = os.path.join(work, "f%d%s" % (lines, opt))
    compile_only(plain, [opt], src, base + "-plain.o")
    compile_only(profiled, [opt, "-fplugin-arg-lineprof-mode=" + mode,
                     "-DPROFILE=[[lineprof::profile]]", "-std=c2x"],
          src, base + "-" + mode + ".o")
    return frame_size(base + "-" + mode + ".su") - frame_size(base + "-plain.su")


def run_deep(program):
    def small_stack():
        resource.setrlimit(resource.RLIMIT_STACK, (STACK_LIMIT, STACK_LIMIT))
    env = dict(os.environ, LPROF_OUTPUT=program + ".lprof")
    done = subprocess.run([program, str(DEPTH)], preexec_fn=small_stack,
                          env=env, capture_output=True)
    if done.returncode < 0:
        return "killed by signal %d" % -done.returncode
    return "exit %d" % done.returncode


def main():
    plain, profiled, rt, work = sys.argv[1:5]
    os.makedirs(work, exist_ok=True)
    for opt in ("-O0", "-O2"):
        for mode in MODES:
            small = growth(plain, profiled, rt, work, 20, opt, mode)
            big = growth(plain, profiled, rt, work, 200, opt, mode)
            bound = BOUND[(opt, mode)]
            # 2 and 20 call-free loops: count mode's loop locals.
            per_loop = (big - small) / 18.0
            print("%s %s: %s, %s" % (
                opt, mode,
                "same for 20 and 200 lines" if small == big else
                "%g more bytes per call-free loop" % per_loop,
                "within %d bytes" % bound if big <= bound else
                "%d bytes, over %d" % (big, bound)))
    # Deep recursion that fits the small stack plain must fit it profiled.
    src = os.path.join(work, "f50.c")
    with open(src, "w") as f:
        f.write(source(50))
    program = os.path.join(work, "deep-plain")
    subprocess.run(plain.split() + ["-O0", src, "-o", program], check=True)
    print("plain, %d deep in %d KiB: %s" % (DEPTH, STACK_LIMIT >> 10,
                                           run_deep(program)))
    for mode in MODES:
        program = os.path.join(work, "deep-" + mode)
        subprocess.run(profiled.split() + [
            "-O0", "-std=c2x", "-fplugin-arg-lineprof-mode=" + mode,
            "-DPROFILE=[[lineprof::profile]]", src, rt, "-o", program],
            check=True)
        print("%s, %d deep in %d KiB: %s" % (mode, DEPTH, STACK_LIMIT >> 10,
                                            run_deep(program)))


if __name__ == "__main__":
    main()
