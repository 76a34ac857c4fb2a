/*
 * file.c - what an output path names, and replacing a file atomically.
 *
 * Only a regular file (or nothing) is ever replaced. A symlink is followed
 * and its target replaced, in the target's directory; a device, FIFO,
 * socket or terminal is never opened, read or replaced (the caller warns
 * once), and /dev/null discards the profile. The kernel's stat() decides
 * what the path is, so magic links such as /dev/stdout -> /proc/self/fd/1
 * are judged by what they lead to; a regular file that is one of the
 * program's standard streams (`./app > app.lprof`) is not replaced either.
 *
 * The data goes to an unnamed file in the target's directory (O_TMPFILE),
 * which gets a name only once complete: linked at the path if nothing is
 * there (which fails if something appeared meanwhile), else linked at a
 * temporary name and renamed over the file. Whenever the process dies, the
 * directory holds the old profile or the new one, never a part of one: an
 * unnamed file vanishes with the process. Where O_TMPFILE is not supported
 * (some file systems), a named temporary file is used instead; a crash in
 * the middle of the write then leaves that partial *.tmpXXXXXX file
 * behind, but the profile itself is still never half written.
 *
 * An existing file is locked (flock) while the caller decides whether it
 * may be replaced (output.c: another process's profile may not) and while
 * it is replaced. The wait for that lock is bounded: a program holding a
 * lock on the file cannot make the runtime hang; after a second it goes
 * ahead unlocked.
 *
 * Everything here is safe in a signal handler: system calls, scratch
 * memory, no stdio (see scratch.c).
 */
#define _GNU_SOURCE /* O_TMPFILE, linkat */

#include "runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h> /* rename */
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

static const char temp_suffix[] = ".tmpXXXXXX";

/* ---- what the path names ------------------------------------------------ */

static char *copy_text(const char *bytes, size_t size) {
  lprof_rt_text text = {0};
  __lprof_rt_text_put(&text, bytes, size);
  return (char *)__lprof_rt_text_get(&text);
}

/* The directory part of `path` ("." or "/" when it has none). */
static char *directory_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    return copy_text(".", 1);
  return copy_text(path, slash == path ? 1 : (size_t)(slash - path));
}

/* The symlink at `path`'s target, relative ones taken from its directory. */
static char *link_target(const char *path) {
  for (size_t size = 256; size <= 65536; size *= 2) {
    char *target = __lprof_rt_scratch_alloc(size);
    if (!target)
      return NULL;
    ssize_t length = readlink(path, target, size);
    if (length < 0)
      return NULL;
    if ((size_t)length < size) {
      target[length] = '\0';
      if (target[0] == '/')
        return target;
      char *directory = directory_of(path);
      lprof_rt_text joined = {0};
      if (directory) {
        __lprof_rt_text_str(&joined, directory);
        __lprof_rt_text_str(&joined, "/");
        __lprof_rt_text_str(&joined, target);
      }
      return (char *)__lprof_rt_text_get(&joined);
    }
  }
  errno = ENAMETOOLONG;
  return NULL;
}

/* `path` with its last component's symlinks followed (the directories on
 * the way need not be: rename and link go through them). */
static char *follow_symlinks(const char *path) {
  char *current = copy_text(path, strlen(path));
  for (int hops = 0; current && hops < 40; ++hops) {
    struct stat status;
    if (lstat(current, &status) != 0)
      return errno == ENOENT ? current : NULL;
    if (!S_ISLNK(status.st_mode))
      return current;
    current = link_target(current);
  }
  if (current)
    errno = ELOOP;
  return NULL;
}

static const char *kind_of(mode_t mode) {
  if (S_ISCHR(mode))
    return "a character device";
  if (S_ISBLK(mode))
    return "a block device";
  if (S_ISFIFO(mode))
    return "a FIFO";
  if (S_ISSOCK(mode))
    return "a socket";
  return "not a regular file";
}

/* Which standard stream of the program's `status` is, or -1. */
static int standard_stream(const struct stat *status) {
  for (int fd = 0; fd <= 2; ++fd) {
    struct stat stream;
    if (fstat(fd, &stream) == 0 && stream.st_dev == status->st_dev &&
        stream.st_ino == status->st_ino)
      return fd;
  }
  return -1;
}

int __lprof_rt_resolve_target(const char *path, lprof_rt_target *target) {
  memset(target, 0, sizeof *target);
  struct stat status;
  if (stat(path, &status) != 0) {
    if (errno != ENOENT)
      return -1;
    /* Nothing there (or a dangling symlink): a new file, at the end of
     * the links. */
    target->path = follow_symlinks(path);
    target->kind = LPROF_TARGET_NEW;
    return target->path ? 0 : -1;
  }
  if (S_ISDIR(status.st_mode)) {
    errno = EISDIR;
    return -1;
  }
  if (!S_ISREG(status.st_mode)) {
    const dev_t null_device = makedev(1, 3);
    target->kind = S_ISCHR(status.st_mode) && status.st_rdev == null_device
                       ? LPROF_TARGET_DISCARD
                       : LPROF_TARGET_SPECIAL;
    target->what = kind_of(status.st_mode);
    return 0;
  }
  static const char *const streams[] = {"the program's standard input",
                                        "the program's standard output",
                                        "the program's standard error"};
  int stream = standard_stream(&status);
  if (stream >= 0) {
    target->kind = LPROF_TARGET_SPECIAL;
    target->what = streams[stream];
    return 0;
  }
  /* A regular file: replace the file the links lead to, which must be the
   * one stat() found (not so through /proc's magic links to deleted
   * files, for one). */
  target->path = follow_symlinks(path);
  if (!target->path)
    return -1;
  struct stat found;
  if (lstat(target->path, &found) != 0 || found.st_dev != status.st_dev ||
      found.st_ino != status.st_ino) {
    target->kind = LPROF_TARGET_SPECIAL;
    target->what = "a link to a file that cannot be replaced by name";
    return 0;
  }
  target->kind = LPROF_TARGET_FILE;
  return 0;
}

/* ---- writing ------------------------------------------------------------ */

static int write_all(int fd, const unsigned char *data, size_t size) {
  while (size > 0) {
    ssize_t written = write(fd, data, size);
    if (written < 0) {
      if (errno == EINTR)
        continue;
      return -1;
    }
    data += written;
    size -= (size_t)written;
  }
  return 0;
}

/* For the tests of crash safety only: LPROF_TEST_CRASH_MID_WRITE=1 makes
 * the process abort halfway through writing a profile. */
static int write_data(int fd, const unsigned char *data, size_t size) {
  const char *crash = getenv("LPROF_TEST_CRASH_MID_WRITE");
  if (crash && strcmp(crash, "1") == 0) {
    write_all(fd, data, size / 2);
    abort();
  }
  return write_all(fd, data, size);
}

/* close() can report a failed delayed write. */
static int close_checked(int fd, int result) {
  int saved_errno = errno;
  if (close(fd) != 0 && result == 0)
    return -1;
  errno = saved_errno;
  return result;
}

static char *temp_name_for(const char *path) {
  lprof_rt_text text = {0};
  __lprof_rt_text_str(&text, path);
  __lprof_rt_text_str(&text, temp_suffix);
  return (char *)__lprof_rt_text_get(&text);
}

/* Random letters in place of the template's X's. */
static void fill_template(char *temp, unsigned attempt) {
  static const char letters[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  uint64_t x = __lprof_clock_ns() ^ ((uint64_t)getpid() << 20) ^ attempt;
  char *end = temp + strlen(temp);
  for (char *c = end - 6; c < end; ++c) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    *c = letters[(x >> 33) % (sizeof letters - 1)];
  }
}

/* Links the file at `from` (a /proc/self/fd path or a temporary name) at
 * a fresh temporary name next to `path`; returns that name. */
static char *link_temp(const char *from, const char *path, int flags) {
  char *temp = temp_name_for(path);
  if (!temp) {
    errno = ENOMEM;
    return NULL;
  }
  for (unsigned attempt = 0; attempt < 100; ++attempt) {
    fill_template(temp, attempt);
    if (linkat(AT_FDCWD, from, AT_FDCWD, temp, flags) == 0)
      return temp;
    if (errno != EEXIST)
      return NULL;
  }
  return NULL;
}

static void sleep_ms(long ms) {
  struct timespec pause = {0, ms * 1000000L};
  while (nanosleep(&pause, &pause) != 0 && errno == EINTR) {
  }
}

/* Locks `fd`, waiting at most about a second. */
static void lock_bounded(int fd) {
  for (int attempt = 0; attempt < 1000; ++attempt) {
    if (flock(fd, LOCK_EX | LOCK_NB) == 0 ||
        (errno != EWOULDBLOCK && errno != EINTR))
      return;
    sleep_ms(1);
  }
}

/* How the complete data gets a name: `from` is what linkat() takes. */
typedef struct complete_file {
  const char *from;
  int link_flags;
} complete_file;

/* Gives the complete file the name `path`. Returns 0, 1 if `keep` says the
 * file there must stay (nothing changed), or -1 with errno set. */
static int install(const complete_file *file, const char *path,
                   lprof_rt_keep_fn *keep, void *context) {
  for (int round = 0; round < 10; ++round) {
    /* Nothing there: link it there, unless something appears meanwhile. */
    if (linkat(AT_FDCWD, file->from, AT_FDCWD, path, file->link_flags) == 0)
      return 0;
    if (errno != EEXIST)
      return -1;

    int existing = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW |
                                  O_CLOEXEC);
    if (existing < 0) {
      if (errno == ENOENT)
        continue; /* it went away again */
      return -1;
    }
    struct stat locked, now;
    if (fstat(existing, &locked) != 0 || !S_ISREG(locked.st_mode)) {
      close(existing);
      errno = EEXIST; /* something else took the name meanwhile */
      return -1;
    }
    lock_bounded(existing);
    /* Another process may have replaced it while we waited: lock the new
     * one then. */
    if (stat(path, &now) != 0 || now.st_dev != locked.st_dev ||
        now.st_ino != locked.st_ino) {
      close(existing);
      continue;
    }
    if (keep && keep(existing, context)) {
      close(existing);
      return 1;
    }
    int result = -1;
    char *temp = link_temp(file->from, path, file->link_flags);
    if (temp) {
      result = rename(temp, path);
      if (result != 0) {
        int saved_errno = errno;
        unlink(temp);
        errno = saved_errno;
      }
    }
    int saved_errno = errno;
    close(existing); /* releases the lock */
    errno = saved_errno;
    return result;
  }
  errno = EBUSY;
  return -1;
}

/* Returns 0, 1 (kept), -1 with errno set, or 2 if O_TMPFILE cannot be
 * used here. */
static int put_via_unnamed_file(const char *path, const void *data,
                                size_t size, lprof_rt_keep_fn *keep,
                                void *context) {
  /* Naming the file goes through /proc, which may not be mounted. */
  if (access("/proc/self/fd", X_OK) != 0)
    return 2;
  char *directory = directory_of(path);
  if (!directory) {
    errno = ENOMEM;
    return -1;
  }
  /* The mode is subject to the umask, like any file the program creates. */
  int fd = open(directory, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    return errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL ? 2 : -1;
  int result = write_data(fd, data, size);
  if (result == 0) {
    char proc_path[32] = "/proc/self/fd/";
    char digits[24];
    strcat(proc_path, __lprof_rt_format_u64(digits, (uint64_t)fd));
    complete_file file = {proc_path, AT_SYMLINK_FOLLOW};
    result = install(&file, path, keep, context);
  }
  return close_checked(fd, result);
}

static int put_via_named_file(const char *path, const void *data,
                              size_t size, lprof_rt_keep_fn *keep,
                              void *context) {
  char *temp = temp_name_for(path);
  if (!temp) {
    errno = ENOMEM;
    return -1;
  }
  int fd = -1;
  for (unsigned attempt = 0; fd < 0 && attempt < 100; ++attempt) {
    fill_template(temp, attempt);
    /* Created like any file of the program: 0666 less the umask. */
    fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST)
      return -1;
  }
  if (fd < 0)
    return -1;
  int result = close_checked(fd, write_data(fd, data, size));
  if (result == 0) {
    complete_file file = {temp, 0};
    result = install(&file, path, keep, context);
  }
  int saved_errno = errno;
  unlink(temp);
  errno = saved_errno;
  return result;
}

int __lprof_rt_put_file(const char *path, const void *data, size_t size,
                        lprof_rt_keep_fn *keep, void *context) {
  int result = put_via_unnamed_file(path, data, size, keep, context);
  if (result == 2)
    result = put_via_named_file(path, data, size, keep, context);
  return result;
}
