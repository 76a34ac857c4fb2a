# lit configuration for lineprof's end-to-end tests.
#
# Substitutions:
#   %clang, %clangxx   Clang 19 with the lineprof plugin loaded and the
#                      runtime headers on the include path
#   %plain-clang(xx)   the same compiler without the plugin
#   %plugin            path of lineprof.so
#   %rt                path of liblineprof_rt.a
#   %lprof-report      the report tool
#   %lprof-py          python3 test/Inputs/lprof.py (dump / build files)
#   %python            the Python running lit
#   %clang-root-N      where Clang N lives, for each Clang the plugin is built
#                      for (feature clang-N); %clang-versions lists them
import os
import lit.formats

config.name = "lineprof"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".cpp", ".test"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)

plugin = os.path.join(config.lineprof_lib_dir, "lineprof.so")
runtime = os.path.join(config.lineprof_lib_dir, "liblineprof_rt.a")
include = "-I" + config.lineprof_include_dir

# --param sanitize=1 (ctest's lit-sanitized): the tests run against the
# runtime built with AddressSanitizer and UndefinedBehaviorSanitizer, in
# programs compiled with them too; output goes to a tree of its own.
if lit_config.params.get("sanitize"):
    runtime = os.path.join(config.lineprof_lib_dir, "liblineprof_rt_sanitized.a")
    include += " -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
    config.test_exec_root += "-sanitized"
    config.available_features.add("sanitized")
    # Stop at the first report, whatever a test expects of the exit status.
    config.environment["ASAN_OPTIONS"] = "abort_on_error=0:halt_on_error=1:exitcode=99"
    config.environment["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1:exitcode=99"
inputs = os.path.join(config.test_source_root, "Inputs")

# Longer names first: lit replaces in list order.
config.substitutions.append(("%cxx-compiler", config.clangxx))
config.substitutions.append(("%c-compiler", config.clang))
config.substitutions.append(("%plain-clangxx", f"{config.clangxx} {include}"))
config.substitutions.append(("%plain-clang", f"{config.clang} {include}"))
config.substitutions.append(("%clangxx", f"{config.clangxx} -fplugin={plugin} {include}"))
config.substitutions.append(("%clang", f"{config.clang} -fplugin={plugin} {include}"))
config.substitutions.append(("%plugin", plugin))
config.substitutions.append(("%rt", runtime))
config.substitutions.append(("%lprof-report", os.path.join(config.lineprof_bin_dir, "lprof-report")))
config.substitutions.append(("%lprof-py", f"{config.python} {os.path.join(inputs, 'lprof.py')}"))
config.substitutions.append(("%inputs", inputs))
config.substitutions.append(("%python", config.python))
config.substitutions.append(("%cmake", config.cmake))
config.substitutions.append(("%build-dir", os.path.dirname(config.lineprof_bin_dir)))

config.substitutions.append(("%source-dir", config.lineprof_source_dir))

# The Clangs lineprof.so has a plugin build for (test/toolchains). These go
# first: "%clang" would match the start of "%clang-root-14".
clang_roots = dict(item.split("=", 1) for item in config.clang_roots.split(";") if item)
for version in config.supported_clang_versions.split(";"):
    if version in clang_roots:
        config.available_features.add("clang-" + version)
        config.substitutions.insert(0, ("%clang-root-" + version, clang_roots[version]))
    else:
        lit_config.note("no plugin built for Clang %s (not installed: "
                        "apt-get install clang-%s libclang-%s-dev llvm-%s-dev, "
                        "or not in LINEPROF_CLANG_VERSIONS; ./dev.sh clangs "
                        "builds every one): toolchains/clang%s.test is "
                        "skipped" % ((version,) * 5))
config.substitutions.insert(0, ("%clang-versions", ", ".join(sorted(clang_roots, key=int))))

# Whether the plugin takes -fplugin-arg-lineprof-exclude= (install/exclude.test).
import subprocess
if subprocess.run([config.clang, "-fsyntax-only", "-x", "c", os.devnull,
                   "-fplugin=" + plugin, "-fplugin-arg-lineprof-exclude=x"],
                  capture_output=True).returncode == 0:
    config.available_features.add("plugin-exclude")

# FileCheck, not, count come from Debian's llvm-19-tools.
config.environment["PATH"] = os.pathsep.join(
    [config.lineprof_bin_dir, config.llvm_tools_dir, config.environment.get("PATH", "")])
# For helper scripts that build programs themselves.
config.environment["LINEPROF_RT"] = runtime
config.environment["LINEPROF_PLUGIN"] = plugin
config.environment["LINEPROF_INCLUDE"] = config.lineprof_include_dir
config.environment["LINEPROF_CLANG"] = config.clang
config.environment["LINEPROF_CLANGXX"] = config.clangxx
config.environment["LINEPROF_INPUTS"] = inputs
# Tests must not inherit a user's profiler settings.
for var in ["LPROF_OUTPUT", "LPROF_VERBOSE", "NO_COLOR"]:
    config.environment.pop(var, None)
