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

/* execve() of `report` or, for a bare name, of each PATH entry's. Returns
 * only if all failed, with errno set. Uses only system calls and the
 * stack: it runs in a vfork() child. */
static void exec_report(const char *report, int search_path, char **argv) {
  if (!search_path) {
    execve(report, argv, environ);
    return;
  }
  const char *paths = getenv("PATH");
  if (!paths || !*paths)
    paths = "/usr/local/bin:/usr/bin:/bin";
  size_t name_length = strlen(report);
  int error = ENOENT;
  for (const char *at = paths;; ++at) {
    const char *end = strchr(at, ':');
    size_t length = end ? (size_t)(end - at) : strlen(at);
    char candidate[4096];
    if (length + 1 + name_length < sizeof candidate) {
      memcpy(candidate, length ? at : ".", length ? length : 1);
      size_t used = length ? length : 1;
      candidate[used] = '/';
      memcpy(candidate + used + 1, report, name_length + 1);
      execve(candidate, argv, environ);
      if (errno == EACCES)
        error = EACCES; /* as execvp: say so if nothing else runs */
    }
    if (!end)
      break;
    at = end;
  }
  errno = error;
}

/* Starts `report path` with its stdout on our stderr; returns its pid, or
 * -1 with errno set. vfork() and execve(), not posix_spawn (whose file
 * actions allocate): this also runs from signal handlers. The child
 * shares our memory until it execs, so it first blocks every signal, sets
 * every handler back to the default, then lets the signals through for
 * the report tool: none that the program blocked stay blocked there. */
static pid_t spawn_report(const char *report, int search_path,
                          const char *path) {
  static volatile int exec_error;
  char name[] = "lprof-report";
  char *argv[] = {name, (char *)path, NULL};
  sigset_t all, saved;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &saved);
  exec_error = 0;
  pid_t pid = vfork();
  if (pid == 0) {
    struct sigaction plain;
    memset(&plain, 0, sizeof plain);
    plain.sa_handler = SIG_DFL;
    for (int number = 1; number < NSIG; ++number) {
      struct sigaction action;
      if (sigaction(number, NULL, &action) == 0 &&
          action.sa_handler != SIG_DFL && action.sa_handler != SIG_IGN)
        sigaction(number, &plain, NULL);
    }
    dup2(STDERR_FILENO, STDOUT_FILENO);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    exec_report(report, search_path, argv);
    exec_error = errno;
    _exit(127);
  }
  int error = pid < 0 ? errno : exec_error;
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
  if (pid > 0 && error) {
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
    }
    pid = -1;
  }
  errno = error;
  return pid;
}

void __lprof_rt_print_report(const char *path) {
  int search_path = 0;
  const char *report = find_report(&search_path);
  pid_t pid = spawn_report(report, search_path, path);
  if (pid < 0) {
    __lprof_rt_say("lineprof: warning: cannot run '", report,
                   "' to print the profile: ", __lprof_rt_error_text(errno),
                   "\n", NULL);
    return;
  }
  /* Its exit status is its own business: it has reported any problem on
   * stderr, and must not change ours. ECHILD means the program reaped it. */
  while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
  }
}
