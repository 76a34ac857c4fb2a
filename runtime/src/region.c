/*
 * region.c - named regions timed by the program (lprof_region_begin/end,
 * lineprof::region): the C and C++ form of line_profiler's Timer.
 *
 * A region is a one-line function to the rest of the runtime: a descriptor
 * made here at its first use (file and line of the begin call, the name as
 * the function name, that source line as its text), registered like any
 * other, counted per thread in a timing-mode block. Its hits are the times
 * it ran, its ticks the time between begin and end, and its probes those
 * of profiled functions called inside, so its time is compensated too.
 */
#define _GNU_SOURCE /* getline */

#include "lineprof.h"
#include "runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct site {
  const char *name;
  const char *file;
  unsigned line;
  __lprof_function *fn;
} site;

/* Every region descriptor made so far (few; searched on cache misses). */
static pthread_mutex_t sites_lock = PTHREAD_MUTEX_INITIALIZER;
static site *sites;
static size_t site_count, site_capacity;

/* The calling thread's recent sites, by the address of their name. */
enum { cache_size = 64 };
static __thread site cache[cache_size]
    __attribute__((tls_model("initial-exec")));

/* Line `line` of `path`, without its line break; "" if unreadable. */
static char *read_source_line(const char *path, unsigned line) {
  FILE *file = path ? fopen(path, "re") : NULL;
  char *text = NULL;
  size_t capacity = 0;
  ssize_t length = -1;
  for (unsigned number = 1; file && number <= line; ++number) {
    length = getline(&text, &capacity, file);
    if (length < 0)
      break;
  }
  if (file)
    fclose(file);
  if (length < 0) {
    free(text);
    return strdup("");
  }
  text[strcspn(text, "\r\n")] = '\0';
  return text;
}

static __lprof_function *new_descriptor(const char *name, const char *file,
                                        unsigned line) {
  __lprof_function *fn = calloc(1, sizeof *fn);
  char *absolute = __lprof_rt_absolute_path(file);
  char *own_name = strdup(name);
  char *source = read_source_line(absolute, line);
  if (!fn || !absolute || !own_name || !source) {
    free(fn);
    free(absolute);
    free(own_name);
    free(source);
    return NULL;
  }
  fn->file = absolute;
  fn->name = own_name;
  fn->source = source;
  fn->first_line = line;
  fn->num_lines = 1;
  return fn;
}

/* Room for one more site; 0, or -1 if out of memory. */
static int reserve_site(void) {
  if (site_count < site_capacity)
    return 0;
  size_t capacity = site_capacity * 2 + 16;
  site *grown = realloc(sites, capacity * sizeof *sites);
  if (!grown)
    return -1;
  sites = grown;
  site_capacity = capacity;
  return 0;
}

/* The descriptor of a site, made and registered on its first use. */
static __lprof_function *find_site(const char *name, const char *file,
                                   unsigned line) {
  pthread_mutex_lock(&sites_lock);
  __lprof_function *fn = NULL;
  for (size_t i = 0; i < site_count && !fn; ++i) {
    if (sites[i].name == name && sites[i].file == file &&
        sites[i].line == line)
      fn = sites[i].fn;
  }
  if (!fn && reserve_site() == 0) {
    fn = new_descriptor(name, file, line);
    if (fn) {
      site entry = {name, file, line, fn};
      sites[site_count++] = entry;
      __lprof_rt_register_marked(fn, LPROF_MODE_BIT_REGION);
    }
  }
  pthread_mutex_unlock(&sites_lock);
  return fn;
}

static __lprof_function *lookup(const char *name, const char *file,
                                unsigned line) {
  site *entry = &cache[((uintptr_t)name >> 3 ^ line) % cache_size];
  if (entry->fn && entry->name == name && entry->file == file &&
      entry->line == line)
    return entry->fn;
  __lprof_rt_busy_begin(); /* the descriptor is lineprof's memory */
  __lprof_function *fn = find_site(name, file, line);
  __lprof_rt_busy_end();
  if (fn) {
    site fresh = {name, file, line, fn};
    *entry = fresh;
  }
  return fn;
}

LPROF_EXPORT lprof_region lprof_region_begin_at(const char *name,
                                                const char *file,
                                                unsigned line) {
  lprof_region region = {0, 0, 0};
  __lprof_function *fn = lookup(name ? name : "", file ? file : "", line);
  if (!fn)
    return region; /* out of memory: the region is not recorded */
  region.block = __lprof_block(fn, LPROF_TIMING);
  region.mark = __lprof_tls.probes;
  region.start = __lprof_now();
  return region;
}

LPROF_EXPORT void lprof_region_end(lprof_region *region) {
  uint64_t now = __lprof_now();
  uint64_t *block = region->block;
  if (!block)
    return;
  uint64_t probes = ++__lprof_tls.probes;
  __lprof_timed_line *counter = (__lprof_timed_line *)(block + 1);
  __LPROF_ADD(block[0], 1);
  __LPROF_ADD(counter->hits, 1);
  __LPROF_ADD(counter->ticks, now - region->start);
  __LPROF_ADD(counter->probes, probes - region->mark);
  region->block = NULL; /* a second end does nothing */
}
