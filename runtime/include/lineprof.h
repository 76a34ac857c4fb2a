/*
 * lineprof.h - what profiled programs may use from lineprof.
 *
 * Valid C (C99 and later) and C++ (C++11 and later). Including it costs
 * nothing: it includes no other header.
 */
#ifndef LINEPROF_H
#define LINEPROF_H

/*
 * LPROF_PROFILE marks a function for line profiling:
 *
 *     LPROF_PROFILE int primes(int limit) { ... }
 *
 * It expands to the attribute only when the compiler has it, i.e. when it
 * runs with the lineprof plugin (-fplugin=lineprof.so); otherwise to
 * nothing, so the same source builds with GCC, MSVC, or Clang without the
 * plugin. C++ and C23 get the standard [[lineprof::profile]] spelling; older
 * C gets the GNU spelling __attribute__((profile)).
 */
#if defined(__cplusplus) && defined(__has_cpp_attribute)
#if __has_cpp_attribute(lineprof::profile)
#define LPROF_PROFILE [[lineprof::profile]]
#endif
#endif

/* Before C23 the "::" in the name is not even a token, so the version test
 * must come first, in its own #if. */
#if !defined(LPROF_PROFILE) && !defined(__cplusplus) &&                      \
    defined(__STDC_VERSION__) && defined(__has_c_attribute)
#if __STDC_VERSION__ > 201710L
#if __has_c_attribute(lineprof::profile)
#define LPROF_PROFILE [[lineprof::profile]]
#endif
#endif
#endif

/* Older C has no [[]] attributes; __has_attribute asks about the GNU
 * spelling, and no compiler has a `profile` attribute of its own. */
#if !defined(LPROF_PROFILE) && defined(__has_attribute)
#if __has_attribute(profile)
#define LPROF_PROFILE __attribute__((profile))
#endif
#endif

#ifndef LPROF_PROFILE
#define LPROF_PROFILE
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Writes the profile collected so far, now, to the file the program would
 * write at exit (LPROF_OUTPUT, else <program>.lprof), replacing it
 * atomically. Profiling goes on, and the file is rewritten at exit.
 * Returns 0 on success; on failure prints a warning to stderr and returns
 * -1 with errno set. Thread-safe, but not async-signal-safe. Needs
 * liblineprof_rt at link time.
 */
int lprof_dump(void);

#ifdef __cplusplus
}
#endif

#endif /* LINEPROF_H */
