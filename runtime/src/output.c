/*
 * output.c - when and where a profile is written.
 *
 * The session starts with the first registration: that fixes the start of
 * the tick-rate measurement, the start time, and the directory relative
 * output paths are resolved against (so a program that changes directory
 * still writes its profile where it was started). The profile is written
 * at normal exit, and whenever the program calls lprof_dump().
 */
#define _GNU_SOURCE /* program_invocation_name, getcwd(NULL, 0) */

#include "lineprof.h"
#include "runtime.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_once_t session_once = PTHREAD_ONCE_INIT;
static int64_t session_start_ns;
static char *start_directory; /* NULL if getcwd() failed */

static void start_session_once(void) {
  __lprof_rt_start_clock();
  session_start_ns = __lprof_rt_wall_ns();
  start_directory = getcwd(NULL, 0);
}

void __lprof_rt_start_session(void) {
  pthread_once(&session_once, start_session_once);
}

static char *concat(const char *first, const char *second,
                    const char *third) {
  size_t lengths[3] = {strlen(first), strlen(second), strlen(third)};
  char *out = malloc(lengths[0] + lengths[1] + lengths[2] + 1);
  if (!out)
    return NULL;
  memcpy(out, first, lengths[0]);
  memcpy(out + lengths[0], second, lengths[1]);
  memcpy(out + lengths[0] + lengths[1], third, lengths[2] + 1);
  return out;
}

/* LPROF_OUTPUT if set and non-empty, else "<program>.lprof"; relative
 * paths are taken relative to the directory the program started in. */
static char *output_path(void) {
  const char *configured = getenv("LPROF_OUTPUT");
  char *path;
  if (configured && *configured) {
    path = concat(configured, "", "");
  } else {
    const char *program = program_invocation_short_name;
    path = concat(*program ? program : "program", ".lprof", "");
  }
  if (!path || path[0] == '/' || !start_directory)
    return path;
  size_t length = strlen(start_directory);
  int has_slash = length > 0 && start_directory[length - 1] == '/';
  char *absolute = concat(start_directory, has_slash ? "" : "/", path);
  free(path);
  return absolute;
}

/* The executable's absolute path, falling back on argv[0]. */
static char *executable_path(void) {
  for (size_t size = 256; size <= 65536; size *= 2) {
    char *path = malloc(size);
    if (!path)
      return NULL;
    ssize_t length = readlink("/proc/self/exe", path, size);
    if (length >= 0 && (size_t)length < size) {
      path[length] = '\0';
      return path;
    }
    free(path);
    if (length < 0)
      break;
  }
  return concat(program_invocation_name, "", "");
}

static void warn_cannot_write(const char *path, int error) {
  fprintf(stderr, "lineprof: warning: cannot write profile to '%s': %s\n",
          path, strerror(error));
}

/* Writes the current profile to `path`. On failure, prints the warning
 * and returns -1 with errno set. */
static int write_profile(const char *path) {
  lprof_rt_snapshot snapshot;
  lprof_rt_buffer buffer = {0};
  char *program = executable_path();
  int result = __lprof_rt_take_snapshot(&snapshot);
  if (result == 0) {
    lprof_rt_run_info info;
    info.seconds_per_tick = __lprof_rt_seconds_per_tick();
    info.clock_kind = __lprof_rt_clock_kind();
    info.pid = (uint32_t)getpid();
    info.start_ns = session_start_ns;
    info.end_ns = __lprof_rt_wall_ns();
    info.program = program ? program : "";
    result = __lprof_rt_encode(&info, &snapshot, &buffer);
    __lprof_rt_free_snapshot(&snapshot);
  }
  if (result == 0)
    result = __lprof_rt_replace_file(path, buffer.data, buffer.size);

  int saved_errno = errno;
  __lprof_rt_free_buffer(&buffer);
  free(program);
  if (result != 0)
    warn_cannot_write(path, saved_errno);
  errno = saved_errno;
  return result;
}

static int verbose_requested(void) {
  const char *verbose = getenv("LPROF_VERBOSE");
  return verbose && *verbose && strcmp(verbose, "0") != 0;
}

/* Writes the profile to the output path and, if `verbose`, prints it.
 * Returns 0, or -1 with errno set after printing the warning. */
static int dump(int verbose) {
  char *path = output_path();
  if (!path) {
    const char *configured = getenv("LPROF_OUTPUT");
    warn_cannot_write(configured && *configured ? configured
                                                : program_invocation_short_name,
                      ENOMEM);
    errno = ENOMEM;
    return -1;
  }
  int result = write_profile(path);
  int saved_errno = errno;
  if (result == 0 && verbose) {
    fprintf(stderr, "lineprof: wrote profile results to %s\n", path);
    __lprof_rt_print_report(path);
  }
  free(path);
  errno = saved_errno;
  return result;
}

LPROF_EXPORT int lprof_dump(void) {
  /* Dumping before anything registered still needs a session. */
  __lprof_rt_start_session();
  return dump(0);
}

/*
 * Runs at normal exit (return from main, exit()) after every atexit handler
 * and C++ static destructor, since those run before the executable's
 * .fini_array; the low priority also puts it after other destructor
 * functions. Profiled code called from any of them is therefore counted.
 */
__attribute__((destructor(101))) static void write_profile_at_exit(void) {
  if (!__lprof_rt_has_functions())
    return;
  int saved_errno = errno;
  dump(verbose_requested());
  errno = saved_errno;
}
