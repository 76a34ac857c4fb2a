/*
 * signals.c - a profile for runs that end by a signal.
 *
 * Most profiling runs end by Ctrl-C. At the start of the session the
 * runtime installs a handler for each signal whose default action ends
 * the process and that still has that default action (the program
 * installed no handler, and nobody ignores it): the terminal's and
 * kill's (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGALRM, SIGUSR1/2,
 * SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ) and, best effort, the crashes
 * (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGSYS). SIGABRT, which abort() raises
 * (an uncaught exception's std::terminate among others), is handled even
 * when the program has a handler: the runtime's writes the profile, then
 * calls the program's, as the kernel would have (its mask and flags).
 * A handler the program installs later replaces the runtime's, as it
 * would replace the default: the program's handling is never changed.
 *
 * The handler writes the profile once (the counts up to that moment),
 * then ends the process exactly as the default action would have: it
 * restores the default, and sends the signal again with its original
 * siginfo (rt_tgsigqueueinfo), which arrives as the handler returns; a
 * fault (a kernel-sent SIGSEGV, say) just happens again. The exit status,
 * the core dump and what the program printed are those of the plain
 * program (stdio buffers are not flushed, as they would not have been).
 *
 * Writing is safe there because the write path never uses malloc, stdio
 * or a lock the interrupted code may hold (scratch.c): the runtime's own
 * locks are taken with a bounded wait, and a thread that holds one of
 * them when an asynchronous signal arrives (it is inside the runtime)
 * only notes the signal, and handles it as it lets go of its last lock
 * (__lprof_rt_critical_end). A crash inside the runtime's locked code
 * writes nothing. Should the write itself crash, the process ends by the
 * signal that started it. LPROF_HANDLERS=0 installs none of this.
 */
#define _GNU_SOURCE /* rt_tgsigqueueinfo, sigorset, gettid */

#include "runtime.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

__thread uint32_t __lprof_rt_critical __attribute__((tls_model("initial-exec")));
__thread int __lprof_rt_pending_signal
    __attribute__((tls_model("initial-exec")));
static __thread siginfo_t pending_info
    __attribute__((tls_model("initial-exec")));
/* The signal this thread is writing the profile for, or 0. */
static __thread int writing_for
    __attribute__((tls_model("initial-exec")));
/* When this thread's waits for locks give up (CLOCK_MONOTONIC ns). */
static __thread uint64_t wait_deadline
    __attribute__((tls_model("initial-exec")));

enum { TERMINATE, ABORT, CRASH };

static const struct {
  int number;
  int kind;
} watched[] = {
    {SIGHUP, TERMINATE},  {SIGINT, TERMINATE},    {SIGQUIT, TERMINATE},
    {SIGTERM, TERMINATE}, {SIGPIPE, TERMINATE},   {SIGALRM, TERMINATE},
    {SIGUSR1, TERMINATE}, {SIGUSR2, TERMINATE},   {SIGVTALRM, TERMINATE},
    {SIGPROF, TERMINATE}, {SIGXCPU, TERMINATE},   {SIGXFSZ, TERMINATE},
    {SIGABRT, ABORT},     {SIGSEGV, CRASH},       {SIGBUS, CRASH},
    {SIGFPE, CRASH},      {SIGILL, CRASH},        {SIGSYS, CRASH},
};
#define WATCHED (sizeof watched / sizeof watched[0])

/* What each signal did before the runtime's handler: what ends the run. */
static struct sigaction previous[NSIG];

/* 0: nobody wrote for a signal; 1: a thread is writing; 2: written. */
static int write_state;

/* How long a write for a signal waits, in all, for the runtime's locks
 * and for another thread's write. */
static const uint64_t max_wait_ns = 2000ull * 1000 * 1000;

static uint64_t monotonic_ns(void) { return __lprof_clock_ns(); }

static void sleep_briefly(void) {
  struct timespec pause = {0, 100 * 1000};
  nanosleep(&pause, NULL);
}

int __lprof_rt_writing_for_signal(void) { return writing_for != 0; }

int __lprof_rt_lock_mutex(pthread_mutex_t *mutex) {
  if (!writing_for) {
    pthread_mutex_lock(mutex);
    return 0;
  }
  /* Not pthread_mutex_lock: its holder may be waiting for something the
   * interrupted code holds (malloc's lock, say). */
  while (pthread_mutex_trylock(mutex) != 0) {
    if (monotonic_ns() > wait_deadline)
      return -1;
    sleep_briefly();
  }
  return 0;
}

/* The signal came from the code it interrupted (a fault), not from kill,
 * raise or the terminal: si_code > 0 is the kernel's own. */
static int is_fault(int number, const siginfo_t *info) {
  for (size_t i = 0; i < WATCHED; ++i)
    if (watched[i].number == number)
      return watched[i].kind == CRASH && info && info->si_code > 0;
  return 0;
}

static int has_handler(const struct sigaction *action) {
  return (action->sa_flags & SA_SIGINFO) ||
         (action->sa_handler != SIG_DFL && action->sa_handler != SIG_IGN);
}

static void restore_default(int number) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = SIG_DFL;
  sigemptyset(&action.sa_mask);
  sigaction(number, &action, NULL);
}

/* Sends `number` to this thread again, with its siginfo if we have it. */
static void send_again(int number, const siginfo_t *info) {
  pid_t pid = getpid();
  pid_t tid = (pid_t)syscall(SYS_gettid);
  if (info) {
    siginfo_t copy = *info;
    if (syscall(SYS_rt_tgsigqueueinfo, pid, tid, number, &copy) == 0)
      return;
  }
  syscall(SYS_tgkill, pid, tid, number);
}

/* Ends the process by `number` right now, as its default action does. */
static void die_by(int number) {
  restore_default(number);
  sigset_t just;
  sigemptyset(&just);
  sigaddset(&just, number);
  send_again(number, NULL);
  pthread_sigmask(SIG_UNBLOCK, &just, NULL);
}

/* Writes the profile for `number`, once in the process: a second thread
 * stopped meanwhile waits for the first's write (the process then ends by
 * whichever signal comes first, as it would have). `final`: the process
 * is certainly ending (no program handler runs after this). */
static void write_once(int number, int final) {
  int expected = 0;
  if (!__atomic_compare_exchange_n(&write_state, &expected, 1, 0,
                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    uint64_t deadline = monotonic_ns() + max_wait_ns;
    while (__atomic_load_n(&write_state, __ATOMIC_ACQUIRE) == 1 &&
           monotonic_ns() < deadline)
      sleep_briefly();
    return;
  }
  writing_for = number;
  wait_deadline = monotonic_ns() + max_wait_ns;
  __lprof_rt_dump_for_signal(final);
  writing_for = 0;
  __atomic_store_n(&write_state, 2, __ATOMIC_RELEASE);
}

/* Runs the program's handler the way the kernel would have: its mask
 * (with the signal unless SA_NODEFER) added to the interrupted code's,
 * reset to the default first if SA_RESETHAND. */
static void call_previous(int number, siginfo_t *info, void *context) {
  struct sigaction theirs = previous[number];
  sigset_t mask, saved;
  if (context)
    mask = ((ucontext_t *)context)->uc_sigmask;
  else
    pthread_sigmask(SIG_BLOCK, NULL, &mask);
  sigorset(&mask, &mask, &theirs.sa_mask);
  if (!(theirs.sa_flags & SA_NODEFER))
    sigaddset(&mask, number);
  if (theirs.sa_flags & SA_RESETHAND)
    restore_default(number);
  pthread_sigmask(SIG_SETMASK, &mask, &saved);
  if (theirs.sa_flags & SA_SIGINFO)
    theirs.sa_sigaction(number, info, context);
  else
    theirs.sa_handler(number);
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
}

/* The profile, then the end the signal would have brought. */
static void handle(int number, siginfo_t *info, void *context, int fault) {
  int chained = has_handler(&previous[number]);
  /* A fault inside the runtime's locked code: its state is not to be
   * read. */
  if (!(fault && __lprof_rt_critical > 0))
    write_once(number, !chained);
  if (chained) {
    call_previous(number, info, context);
    return;
  }
  restore_default(number);
  /* A fault happens again as the handler returns; anything else is sent
   * again, and arrives then (it is blocked in its handler). */
  if (!fault)
    send_again(number, info);
}

static void on_signal(int number, siginfo_t *info, void *context) {
  int saved_errno = errno;
  if (writing_for) {
    /* A signal while writing for another (most likely a crash of the
     * write): end as the first signal would have ended the process. */
    die_by(writing_for);
    errno = saved_errno;
    return;
  }
  int fault = is_fault(number, info);
  if (!fault && __lprof_rt_critical > 0) {
    /* Inside the runtime, holding a lock the write needs: later. */
    __lprof_rt_pending_signal = number;
    if (info)
      pending_info = *info;
    errno = saved_errno;
    return;
  }
  handle(number, info, context, fault);
  errno = saved_errno;
}

void __lprof_rt_take_pending_signal(void) {
  int number = __lprof_rt_pending_signal;
  siginfo_t info = pending_info;
  __lprof_rt_pending_signal = 0;
  /* As in a handler: nothing else interrupts the write. */
  sigset_t all, saved;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &saved);
  handle(number, &info, NULL, 0);
  /* The signal sent again arrives now, unless it is blocked where it was
   * noted (then it waits, as it would have). */
  pthread_sigmask(SIG_SETMASK, &saved, NULL);
}

static int handlers_wanted(void) {
  const char *value = getenv("LPROF_HANDLERS");
  return !value || strcmp(value, "0") != 0;
}

void __lprof_rt_install_signal_handlers(void) {
  if (!handlers_wanted())
    return;
  struct sigaction ours;
  memset(&ours, 0, sizeof ours);
  ours.sa_sigaction = on_signal;
  ours.sa_flags = SA_SIGINFO | SA_RESTART | SA_ONSTACK;
  /* While one is handled, the other asynchronous ones wait. */
  sigemptyset(&ours.sa_mask);
  for (size_t i = 0; i < WATCHED; ++i)
    if (watched[i].kind == TERMINATE)
      sigaddset(&ours.sa_mask, watched[i].number);
  for (size_t i = 0; i < WATCHED; ++i) {
    int number = watched[i].number;
    struct sigaction old;
    if (sigaction(number, NULL, &old) != 0)
      continue;
    int is_default = !(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_DFL;
    if (!is_default && !(watched[i].kind == ABORT && has_handler(&old)))
      continue; /* ignored, or the program's own */
    previous[number] = old;
    sigaction(number, &ours, NULL);
  }
}

void __lprof_rt_signals_after_fork(void) {
  __atomic_store_n(&write_state, 0, __ATOMIC_RELAXED);
}

/* The outermost quiet section's: what it blocked over, and what was
 * pending already. */
static __thread int quiet_depth __attribute__((tls_model("initial-exec")));
static __thread sigset_t quiet_saved
    __attribute__((tls_model("initial-exec")));
static __thread sigset_t quiet_pending_before
    __attribute__((tls_model("initial-exec")));

void __lprof_rt_quiet_begin(void) {
  if (quiet_depth++ > 0)
    return;
  sigset_t ours;
  sigemptyset(&ours);
  sigaddset(&ours, SIGPIPE);
  sigaddset(&ours, SIGXFSZ);
  pthread_sigmask(SIG_BLOCK, &ours, &quiet_saved);
  sigpending(&quiet_pending_before);
}

void __lprof_rt_quiet_end(void) {
  if (--quiet_depth > 0)
    return;
  static const int ours[] = {SIGPIPE, SIGXFSZ};
  int saved_errno = errno;
  sigset_t pending;
  sigpending(&pending);
  for (size_t i = 0; i < sizeof ours / sizeof ours[0]; ++i) {
    if (!sigismember(&pending, ours[i]) ||
        sigismember(&quiet_pending_before, ours[i]))
      continue;
    sigset_t just;
    sigemptyset(&just);
    sigaddset(&just, ours[i]);
    struct timespec now = {0, 0};
    sigtimedwait(&just, NULL, &now);
  }
  pthread_sigmask(SIG_SETMASK, &quiet_saved, NULL);
  errno = saved_errno;
}
