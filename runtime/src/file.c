/*
 * file.c - replacing a file atomically.
 *
 * The data goes to a temporary file next to the target, which is then
 * renamed over it: a reader sees the old file or the new one, never a part,
 * and a failed write leaves the old file alone.
 */
#define _GNU_SOURCE /* mkostemp */

#include "runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char temp_suffix[] = ".tmpXXXXXX";

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

/* Fills the temporary file; close() can report a failed delayed write. */
static int fill_and_close(int fd, const void *data, size_t size) {
  int result = 0;
  int saved_errno = 0;
  if (fchmod(fd, new_file_mode()) != 0 || write_all(fd, data, size) != 0) {
    result = -1;
    saved_errno = errno;
  }
  if (close(fd) != 0 && result == 0) {
    result = -1;
    saved_errno = errno;
  }
  errno = saved_errno;
  return result;
}

int __lprof_rt_replace_file(const char *path, const void *data, size_t size) {
  size_t length = strlen(path);
  char *temp = malloc(length + sizeof temp_suffix);
  if (!temp) {
    errno = ENOMEM;
    return -1;
  }
  memcpy(temp, path, length);
  memcpy(temp + length, temp_suffix, sizeof temp_suffix);

  int fd = mkostemp(temp, O_CLOEXEC);
  if (fd < 0) {
    int saved_errno = errno;
    free(temp);
    errno = saved_errno;
    return -1;
  }

  int result = fill_and_close(fd, data, size);
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
