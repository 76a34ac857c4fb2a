/*
 * report.c - LPROF_VERBOSE: print the profile just written.
 *
 * The table is rendered by lprof-report, the project's only renderer; the
 * runtime just runs it with its stdout sent to our stderr, so the profiled
 * program's stdout stays exactly what the program wrote.
 */
#define _GNU_SOURCE /* environ */

#include "runtime.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Set by CMake: where `make install` puts lprof-report, and where the
 * build tree has it. */
#ifndef LPROF_INSTALLED_REPORT
#define LPROF_INSTALLED_REPORT ""
#endif
#ifndef LPROF_BUILD_TREE_REPORT
#define LPROF_BUILD_TREE_REPORT ""
#endif

/* Returns the program to run; sets *search_path if it must be looked up in
 * PATH (a bare name). */
static const char *find_report(int *search_path) {
  const char *configured = getenv("LPROF_REPORT");
  if (configured && *configured) {
    *search_path = strchr(configured, '/') == NULL;
    return configured;
  }
  static const char *const compiled_in[] = {LPROF_INSTALLED_REPORT,
                                            LPROF_BUILD_TREE_REPORT};
  for (size_t i = 0; i < sizeof compiled_in / sizeof compiled_in[0]; ++i) {
    if (compiled_in[i][0] && access(compiled_in[i], X_OK) == 0) {
      *search_path = 0;
      return compiled_in[i];
    }
  }
  *search_path = 1;
  return "lprof-report";
}

static int spawn_report(pid_t *pid, const char *report, int search_path,
                        const char *path) {
  char name[] = "lprof-report";
  char *argv[] = {name, (char *)path, NULL};

  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attributes;
  int error = posix_spawn_file_actions_init(&actions);
  if (error)
    return error;
  error = posix_spawnattr_init(&attributes);
  if (error) {
    posix_spawn_file_actions_destroy(&actions);
    return error;
  }

  /* The table goes to stderr, and signals the program blocked must not
   * stay blocked in the report tool. */
  sigset_t no_signals;
  sigemptyset(&no_signals);
  error = posix_spawn_file_actions_adddup2(&actions, STDERR_FILENO,
                                           STDOUT_FILENO);
  if (!error)
    error = posix_spawnattr_setsigmask(&attributes, &no_signals);
  if (!error)
    error = posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
  if (!error) {
    error = search_path
                ? posix_spawnp(pid, report, &actions, &attributes, argv, environ)
                : posix_spawn(pid, report, &actions, &attributes, argv, environ);
  }
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  return error;
}

void __lprof_rt_print_report(const char *path) {
  int search_path = 0;
  const char *report = find_report(&search_path);
  pid_t pid;
  fflush(stderr);
  int error = spawn_report(&pid, report, search_path, path);
  if (error) {
    fprintf(stderr, "lineprof: warning: cannot run '%s' to print the profile: "
                    "%s\n",
            report, strerror(error));
    return;
  }
  /* Its exit status is its own business: it has reported any problem on
   * stderr, and must not change ours. ECHILD means the program reaped it. */
  int status;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
}
