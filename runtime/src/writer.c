/*
 * writer.c - profiles written while the program runs.
 *
 * LPROF_INTERVAL=N writes the profile every N seconds, so a long-running
 * program that is killed loses at most N seconds of counts. LPROF_SIGNAL
 * (e.g. SIGUSR1) writes it when that signal arrives. Both are opt-in; with
 * neither, the runtime starts no thread and installs no handler.
 *
 * A signal handler cannot write a file (that allocates and takes locks),
 * so it only posts a semaphore; a thread of the runtime's own, with every
 * signal blocked, waits on it and does the writing. The writes are the
 * same atomic replacements as the exit write.
 */
#define _GNU_SOURCE /* sem_clockwait, strcasecmp */

#include "runtime.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static double interval_seconds; /* 0: no periodic writes */
static int dump_signal;         /* 0: no signal */
static sem_t wakeup;

/* `text` as decimal seconds: digits with an optional fraction ("2",
 * "0.25", ".5", "3."), nothing else: no sign, exponent, hexadecimal
 * (strtod reads "0x10" as 16), "inf" or blanks, and no locale. Returns -1
 * if it is not one. */
static double decimal_seconds(const char *text) {
  double seconds = 0, scale = 1;
  int digits = 0, in_fraction = 0;
  for (const char *c = text; *c; ++c) {
    if (*c == '.' && !in_fraction) {
      in_fraction = 1;
    } else if (*c >= '0' && *c <= '9') {
      ++digits;
      if (in_fraction)
        seconds += (*c - '0') * (scale /= 10);
      else
        seconds = seconds * 10 + (*c - '0');
    } else {
      return -1;
    }
  }
  return digits ? seconds : -1;
}

/* LPROF_INTERVAL: a positive number of seconds, in decimal. */
static double parse_interval(void) {
  const char *value = getenv("LPROF_INTERVAL");
  if (!value || !*value)
    return 0;
  double seconds = decimal_seconds(value);
  if (!(seconds > 0) || seconds > 1e9) {
    fprintf(stderr, "lineprof: warning: ignoring LPROF_INTERVAL='%s': not a "
                    "positive decimal number of seconds\n", value);
    return 0;
  }
  return seconds;
}

/* LPROF_SIGNAL: SIGUSR1, USR1, SIGUSR2, USR2, or a signal number. */
static int parse_signal(void) {
  const char *value = getenv("LPROF_SIGNAL");
  if (!value || !*value)
    return 0;
  const char *name = strncasecmp(value, "SIG", 3) == 0 ? value + 3 : value;
  if (strcasecmp(name, "USR1") == 0)
    return SIGUSR1;
  if (strcasecmp(name, "USR2") == 0)
    return SIGUSR2;
  char *end;
  long number = strtol(value, &end, 10);
  if (*end == '\0' && number > 0 && number < NSIG && number != SIGKILL &&
      number != SIGSTOP)
    return (int)number;
  fprintf(stderr, "lineprof: warning: ignoring LPROF_SIGNAL='%s': not a "
                  "signal\n", value);
  return 0;
}

static void on_dump_signal(int signal) {
  (void)signal;
  int saved_errno = errno;
  sem_post(&wakeup); /* async-signal-safe */
  errno = saved_errno;
}

/* `interval_seconds` from now. */
static void set_deadline(struct timespec *deadline) {
  clock_gettime(CLOCK_MONOTONIC, deadline);
  double whole = (double)(long long)interval_seconds;
  deadline->tv_sec += (time_t)whole;
  deadline->tv_nsec += (long)((interval_seconds - whole) * 1e9);
  if (deadline->tv_nsec >= 1000000000L) {
    deadline->tv_nsec -= 1000000000L;
    ++deadline->tv_sec;
  }
}

/* Waits for the next write: the interval's end, or a signal. */
static void wait_for_work(struct timespec *deadline) {
  if (interval_seconds <= 0) {
    while (sem_wait(&wakeup) != 0 && errno == EINTR) {
    }
    return;
  }
  while (sem_clockwait(&wakeup, CLOCK_MONOTONIC, deadline) != 0) {
    if (errno == ETIMEDOUT) {
      /* The next deadline counts from now, so a slow write or a stopped
       * process does not cause a burst of writes. */
      set_deadline(deadline);
      return;
    }
  }
}

static void *writer_main(void *arg) {
  (void)arg;
  __lprof_rt_busy_begin(); /* nothing this thread allocates is the program's */
  struct timespec deadline;
  set_deadline(&deadline);
  for (;;) {
    wait_for_work(&deadline);
    __lprof_rt_dump(0);
  }
  return NULL;
}

/* Starts the thread with every signal blocked, so the program's signals
 * keep going to the program's threads. */
static void start_thread(void) {
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pthread_attr_t attributes;
  pthread_attr_init(&attributes);
  pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attributes, 256 * 1024);
  pthread_t thread;
  int error = pthread_create(&thread, &attributes, writer_main, NULL);
  pthread_attr_destroy(&attributes);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (error) {
    fprintf(stderr, "lineprof: warning: cannot start the profile writer "
                    "thread: %s\n", strerror(error));
    return;
  }
  pthread_setname_np(thread, "lineprof-writer");
}

void __lprof_rt_start_writer(void) {
  interval_seconds = parse_interval();
  dump_signal = parse_signal();
  if (interval_seconds <= 0 && !dump_signal)
    return;
  sem_init(&wakeup, 0, 0);
  if (dump_signal) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_dump_signal;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    sigaction(dump_signal, &action, NULL);
  }
  start_thread();
}

void __lprof_rt_writer_after_fork(void) {
  if (interval_seconds <= 0 && !dump_signal)
    return;
  /* Nobody else uses the semaphore in the new process yet. */
  sem_destroy(&wakeup);
  sem_init(&wakeup, 0, 0);
  start_thread();
}
