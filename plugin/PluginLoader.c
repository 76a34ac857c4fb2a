/*===- PluginLoader.c - lineprof.so: the plugin build for the hosting Clang ===*
 *
 * `clang -fplugin=<prefix>/lib/lineprof.so` loads this file into any
 * supported Clang. It links no LLVM: its constructor finds which Clang
 * loaded it, from the major version in the name of the libclang-cpp the
 * process has loaded (libclang-cpp.so.14, libclang-cpp.so.19.1), and loads
 * lineprof/lineprof-clang<N>.so from its own directory, whose static
 * registrations add the plugin and its attributes to that Clang. A Clang it
 * was not built for, or a process that is no Clang, gets a one-line error
 * and exit status 1: loading a build for another Clang would crash it.
 *
 *===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The Clang majors this lineprof was built for (plugin/CMakeLists.txt). */
static const int BuiltVersions[] = {LINEPROF_PLUGIN_VERSIONS};
enum { BuiltCount = sizeof(BuiltVersions) / sizeof(BuiltVersions[0]) };

static const char ClangCppName[] = "libclang-cpp.so.";

/* Stops the compile: nothing was instrumented, so nothing may be built. */
static void fail(const char *message, const char *detail) {
  char versions[64] = "";
  for (int i = 0; i < BuiltCount; ++i) {
    size_t used = strlen(versions);
    snprintf(versions + used, sizeof(versions) - used, "%s%d",
             i == 0 ? "" : ", ", BuiltVersions[i]);
  }
  fprintf(stderr, "lineprof.so: error: %s%s (this lineprof is built for Clang %s)\n",
          message, detail, versions);
  _exit(1);
}

/* dl_iterate_phdr callback: the major version in the name of a loaded
 * libclang-cpp.so.<N>[.<minor>], or 0 to go on looking. */
static int findClangCpp(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size;
  const char *slash = strrchr(info->dlpi_name, '/');
  const char *base = slash ? slash + 1 : info->dlpi_name;
  if (strncmp(base, ClangCppName, sizeof(ClangCppName) - 1) != 0)
    return 0;
  int major = atoi(base + sizeof(ClangCppName) - 1);
  if (major <= 0)
    return 0;
  *(int *)data = major;
  return 1;
}

static int isBuilt(int version) {
  for (int i = 0; i < BuiltCount; ++i)
    if (BuiltVersions[i] == version)
      return 1;
  return 0;
}

__attribute__((constructor)) static void loadPluginForHostingClang(void) {
  int version = 0;
  dl_iterate_phdr(findClangCpp, &version);
  if (version == 0)
    fail("loaded into a process without libclang-cpp: load it with "
         "`clang -fplugin=lineprof.so` into a Clang linked with the shared "
         "libclang-cpp, as Debian's clang-N are", "");
  if (!isBuilt(version)) {
    char detail[32];
    snprintf(detail, sizeof(detail), "%d", version);
    fail("no lineprof plugin for Clang ", detail);
  }

  /* This file's own path names the directory of the builds. */
  Dl_info self;
  if (!dladdr((void *)&loadPluginForHostingClang, &self) || !self.dli_fname)
    fail("cannot find the path of lineprof.so", "");
  char path[PATH_MAX];
  const char *slash = strrchr(self.dli_fname, '/');
  int dirLength = slash ? (int)(slash - self.dli_fname) : 1;
  const char *dir = slash ? self.dli_fname : ".";
  if (snprintf(path, sizeof(path), "%.*s/" LINEPROF_PLUGIN_SUBDIR
               "/lineprof-clang%d.so", dirLength, dir, version) >= (int)sizeof(path))
    fail("path too long: ", self.dli_fname);
  /* RTLD_NOW: a build that does not fit this Clang fails here, with
   * dlerror's message, instead of at its first call. */
  if (!dlopen(path, RTLD_NOW | RTLD_GLOBAL))
    fail("cannot load the plugin for this Clang: ", dlerror());
}
