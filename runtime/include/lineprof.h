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
 * C gets the GNU spelling __attribute__((profile)). Clang before 17 does not
 * let __has_attribute see a plugin's attributes: there the plugin defines
 * __LPROF_PLUGIN__ (in compiles, not under -E).
 */
#if defined(__cplusplus) && defined(__has_cpp_attribute)
#if __has_cpp_attribute(lineprof::profile) || defined(__LPROF_PLUGIN__)
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
#if __has_attribute(profile) || defined(__LPROF_PLUGIN__)
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
 * -1 with errno set. Thread-safe, but not async-signal-safe (for a dump on
 * a signal, see LPROF_SIGNAL in docs/runtime.md). Needs liblineprof_rt at
 * link time, like everything below.
 */
int lprof_dump(void);

/*
 * Turn recording off and on for the whole process, like line_profiler's
 * profile.disable() / profile.enable(). Profiling starts enabled. While it
 * is disabled, calls of profiled functions that begin are not recorded
 * (and cost about what they cost while enabled); activations already
 * running when it is disabled record until they return. Cheap enough to
 * call around every request of a server, but not on a per-line basis:
 * each call touches every profiled function's descriptor.
 */
void lprof_enable(void);
void lprof_disable(void);

/*
 * A region: a stretch of code timed as a whole, that shows in the report
 * as an entry of its own, named `name`, at the line where it begins (the
 * C++ form of line_profiler's Timer context manager):
 *
 *     lprof_region r = lprof_region_begin("parse");   // C
 *     parse(input);
 *     lprof_region_end(&r);
 *
 *     { lineprof::region r("parse"); parse(input); }  // C++
 *
 * Its hits count how often it ran; its time runs from begin to end,
 * including everything called, less the probes of profiled functions
 * called inside. Regions may nest and may run on many threads. `name` must
 * stay valid until the program ends (a string literal is ideal): the
 * region is found by its address, file and line. Each begin needs exactly
 * one end on the same thread; an end without a begin is undefined.
 */
typedef struct lprof_region {
  void *block;              /* the region's counters; 0: not recorded */
  unsigned long long start; /* timestamp at begin */
  unsigned long long mark;  /* probes this thread had run at begin */
} lprof_region;

lprof_region lprof_region_begin_at(const char *name, const char *file,
                                   unsigned line);
void lprof_region_end(lprof_region *region);

#define lprof_region_begin(name) lprof_region_begin_at((name), __FILE__, __LINE__)

#ifdef __cplusplus
}

namespace lineprof {

/* Times its own lifetime as the region `name` (see above). */
class region {
public:
  explicit region(const char *name, const char *file = __builtin_FILE(),
                  unsigned line = __builtin_LINE())
      : region_(lprof_region_begin_at(name, file, line)) {}
  ~region() { lprof_region_end(&region_); }
  region(const region &) = delete;
  region &operator=(const region &) = delete;

private:
  lprof_region region_;
};

} // namespace lineprof
#endif

#endif /* LINEPROF_H */
