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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

static pthread_once_t session_once = PTHREAD_ONCE_INIT;
static int64_t session_start_ns;
static char *start_directory; /* NULL if getcwd() failed */
static int forked_child;      /* this process is a fork() of a profiled one */

/* Serializes writes (exit, lprof_dump, the writer thread), and guards: */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;
static int exit_written;      /* the exit write happened: write no more */
static char *diverted_path;   /* where writes go after a name conflict */

/* ---- fork ------------------------------------------------------------- */

static void before_fork(void) {
  pthread_mutex_lock(&write_lock);
  __lprof_rt_lock_registry();
}

static void after_fork_in_parent(void) {
  __lprof_rt_unlock_registry();
  pthread_mutex_unlock(&write_lock);
}

static void after_fork_in_child(void) {
  __lprof_rt_registry_after_fork();
  __lprof_rt_unlock_registry();
  session_start_ns = __lprof_rt_wall_ns();
  forked_child = 1;
  free(diverted_path);
  diverted_path = NULL;
  pthread_mutex_unlock(&write_lock);
  __lprof_rt_writer_after_fork();
}

static void start_session_once(void) {
  lprof_rt_fp_state fp = lprof_rt_fp_save();
  __lprof_rt_start_clock();
  __lprof_rt_init_sampling(); /* before the calibration's sample probes */
  session_start_ns = __lprof_rt_wall_ns();
  start_directory = getcwd(NULL, 0);
  /* A fork while another thread holds a lock must not leave the child
   * with a lock nobody will release: it would hang writing at exit. */
  pthread_atfork(before_fork, after_fork_in_parent, after_fork_in_child);
  __lprof_rt_start_writer(); /* parses LPROF_INTERVAL with strtod */
  lprof_rt_fp_restore(fp);
}

void __lprof_rt_start_session(void) {
  pthread_once(&session_once, start_session_once);
}

/* ---- paths ------------------------------------------------------------ */

/* A growable string; `failed` once an allocation failed. */
typedef struct text {
  char *data;
  size_t size, capacity;
  int failed;
} text;

static void append(text *out, const char *bytes, size_t size) {
  if (out->failed)
    return;
  if (out->size + size + 1 > out->capacity) {
    size_t capacity = (out->size + size + 1) * 2;
    char *grown = realloc(out->data, capacity);
    if (!grown) {
      out->failed = 1;
      return;
    }
    out->data = grown;
    out->capacity = capacity;
  }
  memcpy(out->data + out->size, bytes, size);
  out->size += size;
  out->data[out->size] = '\0';
}

static void append_str(text *out, const char *str) {
  append(out, str, strlen(str));
}

static char *finish(text *out) {
  if (out->failed || !out->data) {
    free(out->data);
    return NULL;
  }
  return out->data;
}

char *__lprof_rt_absolute_path(const char *path) {
  text out = {0};
  if (path[0] != '/' && start_directory) {
    append_str(&out, start_directory);
    if (out.size == 0 || out.data[out.size - 1] != '/')
      append_str(&out, "/");
  }
  append_str(&out, path);
  return finish(&out);
}

/* Expands LLVM_PROFILE_FILE's patterns: %p process id, %h host name,
 * %t $TMPDIR (or /tmp), %% a percent sign. Others stay as written. */
static char *expand_pattern(const char *pattern, int *names_process) {
  text out = {0};
  *names_process = 0;
  for (const char *c = pattern; *c; ++c) {
    if (c[0] != '%' || c[1] == '\0') {
      append(&out, c, 1);
      continue;
    }
    char buffer[256];
    switch (*++c) {
    case 'p':
      *names_process = 1;
      snprintf(buffer, sizeof buffer, "%ld", (long)getpid());
      append_str(&out, buffer);
      break;
    case 'h':
      if (gethostname(buffer, sizeof buffer) != 0)
        strcpy(buffer, "localhost");
      buffer[sizeof buffer - 1] = '\0';
      append_str(&out, buffer);
      break;
    case 't': {
      const char *tmp = getenv("TMPDIR");
      append_str(&out, tmp && *tmp ? tmp : "/tmp");
      break;
    }
    case '%':
      append_str(&out, "%");
      break;
    default:
      append(&out, c - 1, 2);
    }
  }
  return finish(&out);
}

/* `path` with ".<pid>" before a final ".lprof", or at the end. */
static char *with_pid(const char *path) {
  static const char extension[] = ".lprof";
  size_t length = strlen(path);
  size_t stem = length;
  size_t extension_length = sizeof extension - 1;
  const char *slash = strrchr(path, '/');
  if (length > extension_length &&
      strcmp(path + length - extension_length, extension) == 0 &&
      path + length - extension_length > (slash ? slash + 1 : path))
    stem = length - extension_length;
  char pid[32];
  snprintf(pid, sizeof pid, ".%ld", (long)getpid());
  text out = {0};
  append(&out, path, stem);
  append_str(&out, pid);
  append_str(&out, path + stem);
  return finish(&out);
}

/* LPROF_OUTPUT if set and non-empty, else "<program>.lprof", patterns
 * expanded; relative paths are taken relative to the directory the program
 * started in. */
static char *output_path(void) {
  if (diverted_path)
    return strdup(diverted_path);
  const char *configured = getenv("LPROF_OUTPUT");
  text pattern = {0};
  if (configured && *configured) {
    append_str(&pattern, configured);
  } else {
    const char *program = program_invocation_short_name;
    append_str(&pattern, *program ? program : "program");
    append_str(&pattern, ".lprof");
  }
  char *pattern_text = finish(&pattern);
  if (!pattern_text)
    return NULL;
  int names_process;
  char *expanded = expand_pattern(pattern_text, &names_process);
  free(pattern_text);
  if (expanded && forked_child && !names_process) {
    char *own = with_pid(expanded);
    free(expanded);
    expanded = own;
  }
  if (!expanded)
    return NULL;
  char *absolute = __lprof_rt_absolute_path(expanded);
  free(expanded);
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
  return strdup(program_invocation_name);
}

static void warn_cannot_write(const char *path, int error) {
  fprintf(stderr, "lineprof: warning: cannot write profile to '%s': %s\n",
          path, strerror(error));
}

/* ---- not replacing another process's profile --------------------------- */

static uint64_t read_le(const unsigned char *bytes, int size) {
  uint64_t value = 0;
  for (int i = size - 1; i >= 0; --i)
    value = value << 8 | bytes[i];
  return value;
}

/* Whether `path` holds a profile another process wrote after this session
 * started, i.e. one of a process running alongside this one. Stale files,
 * our own, and files that are no profile at all may be replaced. */
static int written_by_other_process(const char *path, long *other_pid) {
  unsigned char head[80];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  ssize_t got = read(fd, head, sizeof head);
  close(fd);
  if (got != (ssize_t)sizeof head || memcmp(head, "\x89LPROF\r\n", 8) != 0 ||
      memcmp(head + 32, "PROG", 4) != 0)
    return 0;
  uint32_t pid = (uint32_t)read_le(head + 60, 4);
  int64_t start_ns = (int64_t)read_le(head + 64, 8);
  int64_t end_ns = (int64_t)read_le(head + 72, 8);
  int ours = pid == (uint32_t)getpid() && start_ns == session_start_ns;
  *other_pid = (long)pid;
  return !ours && end_ns >= session_start_ns;
}

/* Replaces the profile at *path, or at the diverted name if another
 * process's profile is there; *path may change. The directory is locked
 * meanwhile, so two processes cannot both decide to take one name. */
static int replace_profile(char **path, const void *data, size_t size) {
  char *slash = strrchr(*path, '/');
  char *directory = strndup(*path, slash && slash != *path ? (size_t)(slash - *path) : 1);
  int lock = directory ? open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
                       : -1;
  free(directory);
  if (lock >= 0)
    flock(lock, LOCK_EX);

  long other_pid = 0;
  if (!diverted_path && written_by_other_process(*path, &other_pid)) {
    char *own = with_pid(*path);
    if (own) {
      fprintf(stderr,
              "lineprof: note: '%s' holds the profile of process %ld, which "
              "ran alongside this one; writing '%s' instead\n",
              *path, other_pid, own);
      diverted_path = strdup(own);
      free(*path);
      *path = own;
    }
  }
  int result = __lprof_rt_replace_file(*path, data, size);
  int saved_errno = errno;
  if (lock >= 0)
    close(lock); /* releases the lock */
  errno = saved_errno;
  return result;
}

/* ---- writing ------------------------------------------------------------- */

/* Writes the current profile to *path. On failure, prints the warning and
 * returns -1 with errno set. */
static int write_profile(char **path) {
  lprof_rt_fp_state fp = lprof_rt_fp_save();
  lprof_rt_buffer buffer = {0};
  char *program = executable_path();
  lprof_rt_run_info info;
  info.calibration = __lprof_rt_recalibrate();
  info.seconds_per_tick = __lprof_rt_seconds_per_tick(__lprof_rt_calibrated());
  info.clock_kind = __lprof_rt_clock_kind();
  info.pid = (uint32_t)getpid();
  info.start_ns = session_start_ns;
  info.end_ns = __lprof_rt_wall_ns();
  info.program = program ? program : "";
  int result = __lprof_rt_encode_profile(&info, &buffer);
  if (result == 0)
    result = replace_profile(path, buffer.data, buffer.size);

  int saved_errno = errno;
  __lprof_rt_free_buffer(&buffer);
  free(program);
  if (result != 0)
    warn_cannot_write(*path, saved_errno);
  errno = saved_errno;
  lprof_rt_fp_restore(fp);
  return result;
}

static int verbose_requested(void) {
  const char *verbose = getenv("LPROF_VERBOSE");
  return verbose && *verbose && strcmp(verbose, "0") != 0;
}

/* Writes the profile to the output path and, if `verbose`, prints it.
 * Returns 0, or -1 with errno set after printing the warning. Called with
 * write_lock held. */
static int dump_locked(int verbose) {
  char *path = output_path();
  if (!path) {
    const char *configured = getenv("LPROF_OUTPUT");
    warn_cannot_write(configured && *configured ? configured
                                                : program_invocation_short_name,
                      ENOMEM);
    errno = ENOMEM;
    return -1;
  }
  int result = write_profile(&path);
  int saved_errno = errno;
  if (result == 0 && verbose) {
    fprintf(stderr, "lineprof: wrote profile results to %s\n", path);
    __lprof_rt_print_report(path);
  }
  free(path);
  errno = saved_errno;
  return result;
}

/* For the writer thread and lprof_dump(): nothing once the exit write is
 * done (the process is going away, and that file has everything). */
int __lprof_rt_dump(int verbose) {
  __lprof_rt_busy_begin(); /* the writer's allocations are not the program's */
  pthread_mutex_lock(&write_lock);
  int result = exit_written ? 0 : dump_locked(verbose);
  int saved_errno = errno;
  pthread_mutex_unlock(&write_lock);
  __lprof_rt_busy_end();
  errno = saved_errno;
  return result;
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
  if (!__lprof_rt_has_functions())
    return;
  int saved_errno = errno;
  __lprof_rt_busy_begin();
  pthread_mutex_lock(&write_lock);
  if (!exit_written)
    dump_locked(verbose_requested());
  exit_written = 1;
  pthread_mutex_unlock(&write_lock);
  __lprof_rt_busy_end();
  errno = saved_errno;
}
