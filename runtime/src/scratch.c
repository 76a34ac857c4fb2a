/*
 * scratch.c - what writing a profile uses instead of the C library's
 * allocator, stdio and qsort.
 *
 * A profile may be written from a signal handler (signals.c) that
 * interrupted anything: malloc with its arena locked, a heap the program
 * just corrupted (abort() from a malloc check), printf holding stderr's
 * lock. So the whole write path uses only what is safe there: memory from
 * mmap, messages by writev(2), a heap sort, and locks that the interrupted
 * thread cannot be holding (see signals.c). One set of code serves every
 * write, so the everyday writes at exit test the signal path's code too.
 *
 * Scratch memory lives for one write: the writer takes what it needs and
 * gives everything back at the end with __lprof_rt_scratch_release(). It
 * is used under the write lock only (output.c), hence no lock of its own.
 */
#define _GNU_SOURCE /* mremap, strerrordesc_np */

#include "runtime.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

/* ---- memory ------------------------------------------------------------- */

/* Small allocations are rounded up to a power of two (16 bytes to 256 KiB)
 * and carved from chunks of 1 MiB; freed ones go to a list per size and
 * are handed out again, zeroed (a write allocates the same sizes thread
 * after thread). Bigger ones get a mapping of their own, which grows in
 * place or moves (mremap) without copying through user space. */
#define CHUNK_SIZE (1024 * 1024)
#define MIN_CLASS 4  /* 16 bytes */
#define MAX_CLASS 18 /* 256 KiB */
#define OWN_MAPPING UINT32_MAX

typedef struct mapping {
  struct mapping *next;
  struct mapping **link; /* the pointer to this one, for unlinking */
  size_t length;         /* bytes mapped, this header included */
  size_t used;           /* chunks: bytes carved, this header included */
} mapping;

/* Before each allocation: its size (the bytes the caller may have written,
 * which are zeroed before reuse) and where it came from. */
typedef struct block_header {
  size_t size;
  uint32_t size_class; /* OWN_MAPPING: `own` is its mapping */
  mapping *own;
  void *next_free; /* on a free list */
} block_header;

#define HEADER_SIZE(type) ((sizeof(type) + 15) / 16 * 16)
#define MAPPING_HEADER HEADER_SIZE(mapping)
#define BLOCK_HEADER HEADER_SIZE(block_header)

static mapping *chunks;  /* the current chunk first */
static mapping *singles; /* allocations with a mapping of their own */
static void *free_lists[MAX_CLASS + 1];

static size_t page_size(void) {
  static size_t size;
  if (!size) {
    long page = sysconf(_SC_PAGESIZE);
    size = page > 0 ? (size_t)page : 4096;
  }
  return size;
}

/* `size` rounded up to `unit` (a power of two), or 0 if that overflows. */
static size_t round_up(size_t size, size_t unit) {
  return size > SIZE_MAX - (unit - 1) ? 0 : (size + unit - 1) & ~(unit - 1);
}

static block_header *header_of(void *memory) {
  return (block_header *)((char *)memory - BLOCK_HEADER);
}

static void *memory_of(block_header *header) {
  return (char *)header + BLOCK_HEADER;
}

static mapping *map(size_t length) {
  void *memory = mmap(NULL, length, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) {
    errno = ENOMEM;
    return NULL;
  }
  mapping *m = memory;
  m->length = length;
  m->used = MAPPING_HEADER;
  return m;
}

static void push(mapping **list, mapping *m) {
  m->next = *list;
  m->link = list;
  if (*list)
    (*list)->link = &m->next;
  *list = m;
}

static void unlink_mapping(mapping *m) {
  *m->link = m->next;
  if (m->next)
    m->next->link = m->link;
}

/* The mapping length for an allocation of `size` bytes of its own, or 0. */
static size_t single_length(size_t size) {
  if (size > SIZE_MAX / 2)
    return 0;
  return round_up(MAPPING_HEADER + BLOCK_HEADER + size, page_size());
}

static void *single_alloc(size_t size) {
  size_t length = single_length(size);
  mapping *m = length ? map(length) : NULL;
  if (!m) {
    errno = ENOMEM;
    return NULL;
  }
  push(&singles, m);
  block_header *header = (block_header *)((char *)m + MAPPING_HEADER);
  header->size = size;
  header->size_class = OWN_MAPPING;
  header->own = m;
  return memory_of(header);
}

static uint32_t class_of(size_t size) {
  uint32_t size_class = MIN_CLASS;
  while (((size_t)1 << size_class) < size)
    ++size_class;
  return size_class;
}

void *__lprof_rt_scratch_alloc(size_t size) {
  if (size > ((size_t)1 << MAX_CLASS))
    return single_alloc(size);
  uint32_t size_class = class_of(size);
  size_t capacity = (size_t)1 << size_class;
  block_header *header;
  if (free_lists[size_class]) {
    header = free_lists[size_class];
    free_lists[size_class] = header->next_free;
    memset(memory_of(header), 0, header->size);
  } else {
    mapping *chunk = chunks;
    if (!chunk || chunk->length - chunk->used < BLOCK_HEADER + capacity) {
      chunk = map(CHUNK_SIZE);
      if (!chunk)
        return NULL;
      push(&chunks, chunk);
    }
    /* Fresh from mmap: zero. */
    header = (block_header *)((char *)chunk + chunk->used);
    chunk->used += BLOCK_HEADER + capacity;
    header->size_class = size_class;
    header->own = NULL;
  }
  header->size = size;
  header->next_free = NULL;
  return memory_of(header);
}

void *__lprof_rt_scratch_calloc(size_t count, size_t size) {
  if (size && count > SIZE_MAX / size) {
    errno = ENOMEM;
    return NULL;
  }
  return __lprof_rt_scratch_alloc(count * size);
}

void *__lprof_rt_scratch_realloc(void *memory, size_t size) {
  if (!memory)
    return __lprof_rt_scratch_alloc(size);
  block_header *header = header_of(memory);
  if (size <= header->size) {
    /* The tail must read as zero if it grows again. */
    memset((char *)memory + size, 0, header->size - size);
    header->size = size;
    return memory;
  }
  if (header->size_class == OWN_MAPPING) {
    mapping *own = header->own;
    size_t length = single_length(size);
    if (length == 0) {
      errno = ENOMEM;
      return NULL;
    }
    if (length > own->length) {
      unlink_mapping(own);
      mapping *moved = mremap(own, own->length, length, MREMAP_MAYMOVE);
      if (moved == MAP_FAILED) {
        push(&singles, own);
        errno = ENOMEM;
        return NULL;
      }
      moved->length = length;
      push(&singles, moved);
      header = (block_header *)((char *)moved + MAPPING_HEADER);
      header->own = moved;
    }
    header->size = size;
    return memory_of(header);
  }
  if (size <= ((size_t)1 << header->size_class)) {
    header->size = size; /* room in its class */
    return memory;
  }
  void *moved = __lprof_rt_scratch_alloc(size);
  if (!moved)
    return NULL;
  memcpy(moved, memory, header->size);
  __lprof_rt_scratch_free(memory);
  return moved;
}

void __lprof_rt_scratch_free(void *memory) {
  if (!memory)
    return;
  block_header *header = header_of(memory);
  if (header->size_class == OWN_MAPPING) {
    unlink_mapping(header->own);
    munmap(header->own, header->own->length);
    return;
  }
  header->next_free = free_lists[header->size_class];
  free_lists[header->size_class] = header;
}

void __lprof_rt_scratch_release(void) {
  while (singles) {
    mapping *m = singles;
    singles = m->next;
    munmap(m, m->length);
  }
  while (chunks) {
    mapping *m = chunks;
    chunks = m->next;
    munmap(m, m->length);
  }
  memset(free_lists, 0, sizeof free_lists);
}

size_t __lprof_rt_scratch_bytes(void) {
  size_t total = 0;
  for (const mapping *m = chunks; m; m = m->next)
    total += m->length;
  for (const mapping *m = singles; m; m = m->next)
    total += m->length;
  return total;
}

/* ---- text --------------------------------------------------------------- */

void __lprof_rt_text_put(lprof_rt_text *text, const char *bytes, size_t size) {
  if (text->failed)
    return;
  if (size > SIZE_MAX / 2 - text->size) {
    text->failed = 1;
    return;
  }
  if (text->size + size + 1 > text->capacity) {
    size_t capacity = (text->size + size + 1) * 2;
    char *grown = __lprof_rt_scratch_realloc(text->data, capacity);
    if (!grown) {
      text->failed = 1;
      return;
    }
    text->data = grown;
    text->capacity = capacity;
  }
  memcpy(text->data + text->size, bytes, size);
  text->size += size;
  text->data[text->size] = '\0';
}

void __lprof_rt_text_str(lprof_rt_text *text, const char *str) {
  __lprof_rt_text_put(text, str, strlen(str));
}

void __lprof_rt_text_u64(lprof_rt_text *text, uint64_t value) {
  char digits[24];
  __lprof_rt_text_str(text, __lprof_rt_format_u64(digits, value));
}

const char *__lprof_rt_text_get(const lprof_rt_text *text) {
  return text->failed || !text->data ? NULL : text->data;
}

const char *__lprof_rt_format_u64(char digits[24], uint64_t value) {
  char *at = digits + 23;
  *at = '\0';
  do {
    *--at = (char)('0' + value % 10);
    value /= 10;
  } while (value);
  return at;
}

/* ---- messages ----------------------------------------------------------- */

void __lprof_rt_say(const char *first, ...) {
  struct iovec parts[16];
  int count = 0;
  va_list args;
  va_start(args, first);
  for (const char *part = first; part && count < 16;
       part = va_arg(args, const char *)) {
    parts[count].iov_base = (void *)part;
    parts[count].iov_len = strlen(part);
    ++count;
  }
  va_end(args);
  int saved_errno = errno;
  __lprof_rt_quiet_begin();
  ssize_t ignored = writev(STDERR_FILENO, parts, count);
  (void)ignored;
  __lprof_rt_quiet_end();
  errno = saved_errno;
}

const char *__lprof_rt_error_text(int error) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
  /* strerror() may translate (and allocate); this is a table lookup. */
  const char *text = strerrordesc_np(error);
  if (text)
    return text;
#endif
  return error == ENOMEM ? "Cannot allocate memory" : "Unknown error";
}

/* ---- sorting -------------------------------------------------------------- */

/* Heap sort: in place, no allocation (qsort may call malloc). */
static void swap_bytes(unsigned char *a, unsigned char *b, size_t size) {
  for (size_t i = 0; i < size; ++i) {
    unsigned char t = a[i];
    a[i] = b[i];
    b[i] = t;
  }
}

static void sift_down(unsigned char *base, size_t root, size_t count,
                      size_t size, int (*compare)(const void *, const void *)) {
  for (;;) {
    size_t child = 2 * root + 1;
    if (child >= count)
      return;
    if (child + 1 < count &&
        compare(base + child * size, base + (child + 1) * size) < 0)
      ++child;
    if (compare(base + root * size, base + child * size) >= 0)
      return;
    swap_bytes(base + root * size, base + child * size, size);
    root = child;
  }
}

void __lprof_rt_sort(void *items, size_t count, size_t size,
                     int (*compare)(const void *, const void *)) {
  unsigned char *base = items;
  if (count < 2)
    return;
  for (size_t root = count / 2; root-- > 0;)
    sift_down(base, root, count, size, compare);
  for (size_t end = count - 1; end > 0; --end) {
    swap_bytes(base, base + end * size, size);
    sift_down(base, 0, end, size, compare);
  }
}
