/*
 * output.c - the profiling session: when and where a profile is written.
 *
 * The session starts with the first registration: that fixes the start of
 * the tick-rate measurement, the start time, and the directory relative
 * output paths are resolved against (so a program that changes directory
 * still writes its profile where it was started). The profile is written
 * at normal exit, whenever the program calls lprof_dump(), and by the
 * writer thread (writer.c).
 *
 * Every process writes its own file. A child made by fork() starts a new
 * session with zeroed counters, and unless the output pattern names the
 * process (%p) its file name gets ".<pid>" before ".lprof". A process also
 * never replaces a profile that another process wrote while it ran (two
 * runs of one program in one directory): it writes <name>.<pid>.lprof then,
 * and says so once.
 */
#define _GNU_SOURCE /* program_invocation_name, getcwd(NULL, 0) */

#include "lineprof.h"
#include "runtime.h"
#include "fpstate.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_once_t session_once = PTHREAD_ONCE_INIT;
static int64_t session_start_ns;
static char *start_directory; /* NULL if getcwd() failed */
static int forked_child;      /* this process is a fork() of a profiled one */

/* Serializes writes (exit, lprof_dump, the writer thread), and guards: */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;
static int exit_written;      /* the exit write happened: write no more */
static int diverted;          /* after a name conflict: write <name>.<pid> */

/* ---- fork ------------------------------------------------------------- */

static void lock_writes(void) {
  __lprof_rt_critical_begin();
  pthread_mutex_lock(&write_lock);
}

static void unlock_writes(void) {
  pthread_mutex_unlock(&write_lock);
  __lprof_rt_critical_end();
}

static void before_fork(void) {
  lock_writes();
  __lprof_rt_lock_registry();
}

static void after_fork_in_parent(void) {
  __lprof_rt_unlock_registry();
  unlock_writes();
}

static void after_fork_in_child(void) {
  __lprof_rt_registry_after_fork();
  __lprof_rt_unlock_registry();
  session_start_ns = __lprof_rt_wall_ns();
  forked_child = 1;
  diverted = 0;
  __lprof_rt_signals_after_fork();
  unlock_writes();
  __lprof_rt_writer_after_fork();
}

static void write_profile_at_quick_exit(void);

static void start_session_once(void) {
  lprof_rt_fp_state fp = lprof_rt_fp_save();
  __lprof_rt_start_clock();
  session_start_ns = __lprof_rt_wall_ns();
  start_directory = getcwd(NULL, 0);
  /* A fork while another thread holds a lock must not leave the child
   * with a lock nobody will release: it would hang writing at exit. */
  pthread_atfork(before_fork, after_fork_in_parent, after_fork_in_child);
  __lprof_rt_start_writer();
  /* After the writer's: LPROF_SIGNAL's handler is not the default. */
  __lprof_rt_install_signal_handlers();
  at_quick_exit(write_profile_at_quick_exit);
  lprof_rt_fp_restore(fp);
}

void __lprof_rt_start_session(void) {
  pthread_once(&session_once, start_session_once);
}

/* ---- paths ------------------------------------------------------------ */

char *__lprof_rt_absolute_path(const char *path) {
  const char *directory = path[0] != '/' && start_directory ? start_directory
                                                            : "";
  size_t directory_length = strlen(directory);
  int slash = directory_length && directory[directory_length - 1] != '/';
  size_t length = strlen(path);
  char *absolute = malloc(directory_length + slash + length + 1);
  if (!absolute)
    return NULL;
  memcpy(absolute, directory, directory_length);
  if (slash)
    absolute[directory_length] = '/';
  memcpy(absolute + directory_length + slash, path, length + 1);
  return absolute;
}

/* The write path builds its strings in scratch memory (scratch.c). */
static void put_pid(lprof_rt_text *out) {
  __lprof_rt_text_u64(out, (uint64_t)getpid());
}

/* Expands LLVM_PROFILE_FILE's patterns: %p process id, %h host name,
 * %t $TMPDIR (or /tmp), %% a percent sign. Others stay as written. */
static void expand_pattern(lprof_rt_text *out, const char *pattern,
                           int *names_process) {
  *names_process = 0;
  for (const char *c = pattern; *c; ++c) {
    if (c[0] != '%' || c[1] == '\0') {
      __lprof_rt_text_put(out, c, 1);
      continue;
    }
    switch (*++c) {
    case 'p':
      *names_process = 1;
      put_pid(out);
      break;
    case 'h': {
      char host[256];
      if (gethostname(host, sizeof host) != 0)
        strcpy(host, "localhost");
      host[sizeof host - 1] = '\0';
      __lprof_rt_text_str(out, host);
      break;
    }
    case 't': {
      const char *tmp = getenv("TMPDIR");
      __lprof_rt_text_str(out, tmp && *tmp ? tmp : "/tmp");
      break;
    }
    case '%':
      __lprof_rt_text_str(out, "%");
      break;
    default:
      __lprof_rt_text_put(out, c - 1, 2);
    }
  }
}

/* `path` with ".<pid>" before a final ".lprof", or at the end. */
static const char *with_pid(const char *path) {
  static const char extension[] = ".lprof";
  size_t length = strlen(path);
  size_t stem = length;
  size_t extension_length = sizeof extension - 1;
  const char *slash = strrchr(path, '/');
  if (length > extension_length &&
      strcmp(path + length - extension_length, extension) == 0 &&
      path + length - extension_length > (slash ? slash + 1 : path))
    stem = length - extension_length;
  lprof_rt_text out = {0};
  __lprof_rt_text_put(&out, path, stem);
  __lprof_rt_text_str(&out, ".");
  put_pid(&out);
  __lprof_rt_text_str(&out, path + stem);
  return __lprof_rt_text_get(&out);
}

/* LPROF_OUTPUT if set and non-empty, else "<program>.lprof", patterns
 * expanded; relative paths are taken relative to the directory the program
 * started in. In scratch memory; NULL if that ran out. */
static const char *output_path(void) {
  const char *configured = getenv("LPROF_OUTPUT");
  lprof_rt_text pattern = {0};
  if (configured && *configured) {
    __lprof_rt_text_str(&pattern, configured);
  } else {
    const char *program = program_invocation_short_name;
    __lprof_rt_text_str(&pattern, *program ? program : "program");
    __lprof_rt_text_str(&pattern, ".lprof");
  }
  const char *pattern_text = __lprof_rt_text_get(&pattern);
  if (!pattern_text)
    return NULL;
  int names_process;
  lprof_rt_text expanded = {0};
  expand_pattern(&expanded, pattern_text, &names_process);
  const char *relative = __lprof_rt_text_get(&expanded);
  if (!relative)
    return NULL;
  lprof_rt_text out = {0};
  if (relative[0] != '/' && start_directory) {
    __lprof_rt_text_str(&out, start_directory);
    if (out.size == 0 || out.data[out.size - 1] != '/')
      __lprof_rt_text_str(&out, "/");
  }
  __lprof_rt_text_str(&out, relative);
  const char *path = __lprof_rt_text_get(&out);
  if (path && (diverted || (forked_child && !names_process)))
    return with_pid(path);
  return path;
}

/* The executable's absolute path, falling back on argv[0]. */
static const char *executable_path(void) {
  for (size_t size = 256; size <= 65536; size *= 2) {
    char *path = __lprof_rt_scratch_alloc(size);
    if (!path)
      break;
    ssize_t length = readlink("/proc/self/exe", path, size);
    if (length >= 0 && (size_t)length < size) {
      path[length] = '\0';
      return path;
    }
    if (length < 0)
      break;
  }
  return program_invocation_name;
}

static void warn_cannot_write(const char *path, int error) {
  __lprof_rt_say("lineprof: warning: cannot write profile to '", path, "': ",
                 __lprof_rt_error_text(error), "\n", NULL);
}

/* Once per process: a special file stays what it is. */
static void warn_special(const char *path, const char *what) {
  static int warned;
  if (warned)
    return;
  warned = 1;
  __lprof_rt_say("lineprof: warning: not writing profile to '", path,
                 "': it is ", what, ", not a regular file\n", NULL);
}

static int verbose_requested(void) {
  const char *verbose = getenv("LPROF_VERBOSE");
  return verbose && *verbose && strcmp(verbose, "0") != 0;
}

/* ---- not replacing another process's profile --------------------------- */

static uint64_t read_le(const unsigned char *bytes, int size) {
  uint64_t value = 0;
  for (int i = size - 1; i >= 0; --i)
    value = value << 8 | bytes[i];
  return value;
}

/* lprof_rt_keep_fn: whether the file (open, locked) holds a profile another
 * process wrote after this session started, i.e. one of a process running
 * alongside this one. Stale files, our own, and files that are no profile
 * at all may be replaced. Sets *(long *)context to the writer's pid. */
static int written_by_other_process(int fd, void *context) {
  unsigned char head[80];
  ssize_t got = pread(fd, head, sizeof head, 0);
  if (got != (ssize_t)sizeof head || memcmp(head, "\x89LPROF\r\n", 8) != 0 ||
      memcmp(head + 32, "PROG", 4) != 0)
    return 0;
  uint32_t pid = (uint32_t)read_le(head + 60, 4);
  int64_t start_ns = (int64_t)read_le(head + 64, 8);
  int64_t end_ns = (int64_t)read_le(head + 72, 8);
  int ours = pid == (uint32_t)getpid() && start_ns == session_start_ns;
  *(long *)context = (long)pid;
  return !ours && end_ns >= session_start_ns;
}

/* Writes `data` where *path leads, or, if another process's profile is
 * there, to its .<pid> name (from then on); *path may change. Returns 0,
 * 1 if nothing was written on purpose (/dev/null, a special file), or -1
 * with errno set. */
static int replace_profile(const char **path, const void *data, size_t size) {
  lprof_rt_target target;
  if (__lprof_rt_resolve_target(*path, &target) != 0)
    return -1;
  if (target.kind == LPROF_TARGET_DISCARD)
    return 1;
  if (target.kind == LPROF_TARGET_SPECIAL) {
    warn_special(*path, target.what);
    return 1;
  }
  long other_pid = 0;
  int result = __lprof_rt_put_file(target.path, data, size,
                                   diverted ? NULL : written_by_other_process,
                                   &other_pid);
  if (result != 1)
    return result;
  const char *own = with_pid(*path);
  if (!own) {
    errno = ENOMEM;
    return -1;
  }
  /* Only when asked: a program's stderr is part of what it computes (test
   * drivers compare it), and the profiler must not change it. */
  if (verbose_requested()) {
    char pid[24];
    __lprof_rt_say("lineprof: note: '", *path,
                   "' holds the profile of process ",
                   __lprof_rt_format_u64(pid, (uint64_t)other_pid),
                   ", which ran alongside this one; writing '", own,
                   "' instead\n", NULL);
  }
  diverted = 1;
  *path = own;
  if (__lprof_rt_resolve_target(own, &target) != 0)
    return -1;
  if (target.kind != LPROF_TARGET_NEW && target.kind != LPROF_TARGET_FILE) {
    warn_special(own, target.what);
    return 1;
  }
  return __lprof_rt_put_file(target.path, data, size, NULL, NULL);
}

/* ---- writing ------------------------------------------------------------- */

/* Writes the current profile to *path. On failure, prints the warning and
 * returns -1 with errno set; 1 if nothing was written on purpose. */
static int write_profile(const char **path) {
  lprof_rt_fp_state fp = lprof_rt_fp_save();
  lprof_rt_buffer buffer = {0};
  lprof_rt_run_info info;
  info.calibration = __lprof_rt_recalibrate();
  info.seconds_per_tick = __lprof_rt_seconds_per_tick(__lprof_rt_calibrated());
  info.clock_kind = __lprof_rt_clock_kind();
  info.pid = (uint32_t)getpid();
  info.start_ns = session_start_ns;
  info.end_ns = __lprof_rt_wall_ns();
  info.program = executable_path();
  int result = __lprof_rt_encode_profile(&info, &buffer);
  if (result == 0)
    result = replace_profile(path, buffer.data, buffer.size);
  int saved_errno = errno;
  if (result < 0)
    warn_cannot_write(*path, saved_errno);
  errno = saved_errno;
  lprof_rt_fp_restore(fp);
  return result;
}

/* Writes the profile to the output path and, if `verbose`, prints it.
 * Returns 0, or -1 with errno set after printing the warning. Called with
 * write_lock held; every byte of memory it uses is scratch, given back
 * before it returns. */
static int dump_locked(int verbose) {
  /* A write of ours must not end the program (SIGPIPE on a closed
   * stderr, SIGXFSZ past a file size limit). */
  __lprof_rt_quiet_begin();
  const char *path = output_path();
  int result;
  if (!path) {
    const char *configured = getenv("LPROF_OUTPUT");
    warn_cannot_write(configured && *configured ? configured
                                                : program_invocation_short_name,
                      ENOMEM);
    errno = ENOMEM;
    result = -1;
  } else {
    result = write_profile(&path);
  }
  int saved_errno = errno;
  if (result == 0 && verbose) {
    __lprof_rt_say("lineprof: wrote profile results to ", path, "\n", NULL);
    __lprof_rt_print_report(path);
  }
  __lprof_rt_scratch_release();
  __lprof_rt_quiet_end();
  errno = saved_errno;
  return result < 0 ? -1 : 0;
}

/* For the writer thread and lprof_dump(): nothing once the exit write is
 * done (the process is going away, and that file has everything). */
int __lprof_rt_dump(int verbose) {
  __lprof_rt_busy_begin(); /* the writer's allocations are not the program's */
  lock_writes();
  int result = exit_written ? 0 : dump_locked(verbose);
  int saved_errno = errno;
  unlock_writes();
  __lprof_rt_busy_end();
  errno = saved_errno;
  return result;
}

/* The write at exit, quick_exit and a signal: the last one. */
static void write_last(int verbose) {
  if (!exit_written)
    dump_locked(verbose);
  exit_written = 1;
}

int __lprof_rt_dump_for_signal(int final) {
  __lprof_rt_busy_begin();
  int any = __lprof_rt_has_functions();
  if (any <= 0 || __lprof_rt_lock_mutex(&write_lock) != 0) {
    if (any != 0)
      __lprof_rt_say("lineprof: warning: cannot write the profile: the "
                     "runtime stays busy in another thread\n",
                     NULL);
    __lprof_rt_busy_end();
    return -1;
  }
  __lprof_rt_critical_begin();
  if (final)
    write_last(verbose_requested());
  else if (!exit_written)
    dump_locked(0);
  pthread_mutex_unlock(&write_lock);
  __lprof_rt_critical_end();
  __lprof_rt_busy_end();
  return 0;
}

LPROF_EXPORT int lprof_dump(void) {
  /* Dumping before anything registered still needs a session. */
  __lprof_rt_busy_begin();
  __lprof_rt_start_session();
  __lprof_rt_busy_end();
  return __lprof_rt_dump(0);
}

/*
 * Runs at normal exit (return from main, exit()) after every atexit handler
 * and C++ static destructor, since those run before the executable's
 * .fini_array; the low priority also puts it after other destructor
 * functions. Profiled code called from any of them is therefore counted.
 */
__attribute__((destructor(101))) static void write_profile_at_exit(void) {
  if (__lprof_rt_has_functions() <= 0)
    return;
  int saved_errno = errno;
  __lprof_rt_busy_begin();
  lock_writes();
  write_last(verbose_requested());
  unlock_writes();
  __lprof_rt_busy_end();
  errno = saved_errno;
}

/* quick_exit() runs at_quick_exit handlers, not destructors. */
static void write_profile_at_quick_exit(void) { write_profile_at_exit(); }
