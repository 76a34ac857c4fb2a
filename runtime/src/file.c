/*
 * file.c - replacing a file atomically, crash or no crash.
 *
 * The data goes to an unnamed file in the target's directory (O_TMPFILE),
 * which gets a temporary name only once it is complete and is then renamed
 * over the target. Whenever the process dies, the directory holds the old
 * profile or the new one, never a part of one: an unnamed file vanishes
 * with the process. Where O_TMPFILE is not supported (some file systems),
 * a named temporary file is used instead; a crash in the middle of the
 * write then leaves that partial *.tmpXXXXXX file behind, but the profile
 * itself is still never half written.
 */
#define _GNU_SOURCE /* mkostemp, O_TMPFILE */

#include "runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char temp_suffix[] = ".tmpXXXXXX";

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
  size_t length = strlen(path);
  char *temp = malloc(length + sizeof temp_suffix);
  if (temp) {
    memcpy(temp, path, length);
    memcpy(temp + length, temp_suffix, sizeof temp_suffix);
  }
  return temp;
}

static char *directory_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash)
    return strdup(".");
  if (slash == path)
    return strdup("/");
  return strndup(path, (size_t)(slash - path));
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

/* Gives the complete unnamed file `fd` the name `path` (via a temporary
 * name, since linkat cannot replace). Returns 0 or -1 with errno set. */
static int name_unnamed_file(int fd, const char *path) {
  char *temp = temp_name_for(path);
  if (!temp) {
    errno = ENOMEM;
    return -1;
  }
  char proc_path[64];
  snprintf(proc_path, sizeof proc_path, "/proc/self/fd/%d", fd);
  int result = -1;
  for (unsigned attempt = 0; attempt < 100; ++attempt) {
    fill_template(temp, attempt);
    result = linkat(AT_FDCWD, proc_path, AT_FDCWD, temp, AT_SYMLINK_FOLLOW);
    if (result == 0 || errno != EEXIST)
      break;
  }
  if (result == 0 && rename(temp, path) != 0) {
    int saved_errno = errno;
    unlink(temp);
    errno = saved_errno;
    result = -1;
  }
  free(temp);
  return result;
}

/* Returns 0, -1 with errno set, or 1 if O_TMPFILE cannot be used here. */
static int replace_via_unnamed_file(const char *path, const void *data,
                                    size_t size) {
  /* Naming the file goes through /proc, which may not be mounted. */
  if (access("/proc/self/fd", X_OK) != 0)
    return 1;
  char *directory = directory_of(path);
  if (!directory) {
    errno = ENOMEM;
    return -1;
  }
  /* The mode is subject to the umask, like any file the program creates. */
  int fd = open(directory, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
  free(directory);
  if (fd < 0)
    return errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL ? 1 : -1;
  int result = close_checked(fd, write_data(fd, data, size) == 0
                                     ? name_unnamed_file(fd, path)
                                     : -1);
  return result;
}

/* mkostemp creates files readable only by their owner; give the profile the
 * permissions of any other file the program creates (0666 less the umask).
 * umask() cannot be read without setting it, which would race with other
 * threads, so read it from /proc. */
static mode_t new_file_mode(void) {
  unsigned int mask = 022;
  FILE *status = fopen("/proc/self/status", "re");
  if (status) {
    char line[256];
    while (fgets(line, sizeof line, status)) {
      if (sscanf(line, "Umask: %o", &mask) == 1)
        break;
    }
    fclose(status);
  }
  return (mode_t)(0666 & ~mask);
}

static int replace_via_named_file(const char *path, const void *data,
                                  size_t size) {
  char *temp = temp_name_for(path);
  if (!temp) {
    errno = ENOMEM;
    return -1;
  }
  int fd = mkostemp(temp, O_CLOEXEC);
  if (fd < 0) {
    int saved_errno = errno;
    free(temp);
    errno = saved_errno;
    return -1;
  }
  int result = fchmod(fd, new_file_mode()) == 0 &&
                       write_data(fd, data, size) == 0
                   ? 0
                   : -1;
  result = close_checked(fd, result);
  if (result == 0 && rename(temp, path) != 0)
    result = -1;
  if (result != 0) {
    int saved_errno = errno;
    unlink(temp);
    errno = saved_errno;
  }
  free(temp);
  return result;
}

int __lprof_rt_replace_file(const char *path, const void *data, size_t size) {
  int result = replace_via_unnamed_file(path, data, size);
  if (result == 1)
    result = replace_via_named_file(path, data, size);
  return result;
}
