// Unit tests of the runtime's allocators at and across their size
// boundaries: the registry's arena (chunk sizes 4 KiB to 64 KiB with a
// 64-byte header; blocks above 16 KiB get a chunk of their own), its
// cache-line allocations, the write path's scratch memory (power-of-two
// classes of 16 bytes to 256 KiB from 1 MiB chunks, reused when freed;
// bigger blocks mapped alone and grown by mremap), the growth of the
// encoder's buffer in it, and the allocation-free sort.
//
// Every block must be 8-aligned, zeroed, wholly inside one chunk's data,
// and overlap no other block (each is filled with its own pattern, checked
// after all are allocated); the runtime's count of its memory must match
// the chunks it holds, and go back to where it was when the arena is
// freed. A block larger than the chunk scheduled next was once given that
// chunk anyway: a heap overflow (test/runtime/big_functions.c).
//
// RUN: %plain-clang -O1 -g -Wall -Wextra -Werror -I%rt-src %s %rt -o %t
// RUN: %t | FileCheck %s --match-full-lines
// CHECK:      arena: single blocks ok (3522 sizes)
// CHECK-NEXT: arena: ascending ok
// CHECK-NEXT: arena: descending ok
// CHECK-NEXT: arena: random ok
// CHECK-NEXT: arena: small then big ok
// CHECK-NEXT: lines: ok
// CHECK-NEXT: scratch: ok
// CHECK-NEXT: buffer: ok
// CHECK-NEXT: sort: ok
// CHECK-NEXT: all allocator checks passed
// CHECK-EMPTY:

#include "runtime.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define EXPECT(condition, ...)                                                 \
  do {                                                                         \
    if (!(condition)) {                                                        \
      ++failures;                                                              \
      fprintf(stderr, "FAILED %s:%d: %s: ", __FILE__, __LINE__, #condition);  \
      fprintf(stderr, __VA_ARGS__);                                            \
      fputc('\n', stderr);                                                     \
    }                                                                          \
  } while (0)

typedef struct block {
  unsigned char *data;
  size_t size;
} block;

static unsigned char pattern(size_t block_index, size_t byte) {
  return (unsigned char)(block_index * 131 + byte * 7 + 1);
}

static int compare_blocks(const void *a, const void *b) {
  const block *x = a, *y = b;
  return x->data < y->data ? -1 : x->data > y->data;
}

/* The chunk that holds [data, data + size), or NULL. */
static const lprof_rt_chunk *chunk_of(const lprof_rt_arena *arena,
                                      const unsigned char *data,
                                      size_t size) {
  for (const lprof_rt_chunk *c = arena->chunks; c; c = c->next) {
    const unsigned char *begin =
        (const unsigned char *)c + LPROF_CHUNK_HEADER_SIZE;
    if (data >= begin && data < begin + c->size)
      return data + size <= begin + c->used && c->used <= c->size ? c : NULL;
  }
  return NULL;
}

static size_t chunk_bytes(const lprof_rt_arena *arena) {
  size_t total = 0;
  for (const lprof_rt_chunk *c = arena->chunks; c; c = c->next)
    total += LPROF_CHUNK_HEADER_SIZE + c->size;
  return total;
}

/* Allocates blocks of `sizes` from a fresh arena and checks them all. */
static void check_sequence(const char *name, const size_t *sizes,
                           size_t count) {
  size_t before = __lprof_rt_memory_bytes();
  lprof_rt_arena arena = {0};
  block *blocks = calloc(count, sizeof *blocks);
  for (size_t i = 0; i < count; ++i) {
    unsigned char *data = __lprof_rt_arena_alloc(&arena, sizes[i]);
    EXPECT(data != NULL, "%s: block %zu of %zu bytes", name, i, sizes[i]);
    if (!data)
      return;
    EXPECT((uintptr_t)data % 8 == 0, "%s: block of %zu bytes at %p", name,
           sizes[i], (void *)data);
    EXPECT(chunk_of(&arena, data, sizes[i]) != NULL,
           "%s: block %zu of %zu bytes is not inside a chunk", name, i,
           sizes[i]);
    size_t nonzero = 0;
    for (size_t b = 0; b < sizes[i]; ++b)
      nonzero += data[b] != 0;
    EXPECT(nonzero == 0, "%s: block of %zu bytes has %zu nonzero bytes", name,
           sizes[i], nonzero);
    for (size_t b = 0; b < sizes[i]; ++b)
      data[b] = pattern(i, b);
    blocks[i].data = data;
    blocks[i].size = sizes[i];
  }
  for (size_t i = 0; i < count; ++i) {
    size_t wrong = 0;
    for (size_t b = 0; b < blocks[i].size; ++b)
      wrong += blocks[i].data[b] != pattern(i, b);
    EXPECT(wrong == 0, "%s: block %zu of %zu bytes was overwritten (%zu bytes)",
           name, i, blocks[i].size, wrong);
  }
  qsort(blocks, count, sizeof *blocks, compare_blocks);
  for (size_t i = 1; i < count; ++i)
    EXPECT(blocks[i - 1].data + blocks[i - 1].size <= blocks[i].data,
           "%s: blocks of %zu and %zu bytes overlap", name, blocks[i - 1].size,
           blocks[i].size);
  size_t held = chunk_bytes(&arena);
  EXPECT(__lprof_rt_memory_bytes() - before == held,
         "%s: runtime counts %zu bytes, chunks hold %zu", name,
         __lprof_rt_memory_bytes() - before, held);
  __lprof_rt_arena_free(&arena);
  EXPECT(arena.chunks == NULL, "%s: chunks left after free", name);
  EXPECT(__lprof_rt_memory_bytes() == before,
         "%s: %zu bytes still counted after free", name,
         __lprof_rt_memory_bytes() - before);
  free(blocks);
}

/* Sizes at every boundary of the arena: the chunk sizes' data (header
 * off), the big-block limit, and multiples of 8 on both sides. */
static size_t boundary_sizes(size_t *out) {
  static const size_t edges[] = {
      1,
      8,
      LPROF_FIRST_CHUNK_SIZE - LPROF_CHUNK_HEADER_SIZE,
      LPROF_FIRST_CHUNK_SIZE,
      2 * LPROF_FIRST_CHUNK_SIZE - LPROF_CHUNK_HEADER_SIZE,
      2 * LPROF_FIRST_CHUNK_SIZE,
      4 * LPROF_FIRST_CHUNK_SIZE - LPROF_CHUNK_HEADER_SIZE,
      LPROF_BIG_BLOCK_SIZE,
      LPROF_LAST_CHUNK_SIZE / 2 - LPROF_CHUNK_HEADER_SIZE,
      LPROF_LAST_CHUNK_SIZE - LPROF_CHUNK_HEADER_SIZE,
      LPROF_LAST_CHUNK_SIZE,
      4 * LPROF_LAST_CHUNK_SIZE,
  };
  size_t count = 0;
  for (size_t e = 0; e < sizeof edges / sizeof edges[0]; ++e)
    for (size_t delta = 0; delta <= 18; ++delta)
      if (edges[e] + delta >= 9)
        out[count++] = edges[e] + delta - 9;
  return count;
}

static void check_arena(void) {
  size_t sizes[4096];
  size_t count = boundary_sizes(sizes);
  /* Every function size in every mode, up to past a last-size chunk. */
  for (uint32_t mode = 0; mode < LPROF_MODES; ++mode)
    for (uint32_t lines = 0; lines <= 1100; ++lines)
      sizes[count++] = __lprof_rt_block_size(mode, lines);
  size_t singles = 0;
  /* Each alone in a fresh arena, and after a small block (which makes it
   * miss the first chunk's remaining room). */
  for (size_t i = 0; i < count; ++i) {
    size_t pair[2] = {64, sizes[i]};
    check_sequence("single", &sizes[i], 1);
    check_sequence("after a small block", pair, 2);
    ++singles;
  }
  printf("arena: single blocks ok (%zu sizes)\n", singles);

  size_t ascending[2600], descending[2600];
  size_t n = 0;
  for (size_t size = 8; size <= 2 * LPROF_LAST_CHUNK_SIZE; size += 53)
    ascending[n++] = size;
  for (size_t i = 0; i < n; ++i)
    descending[i] = ascending[n - 1 - i];
  check_sequence("ascending", ascending, n);
  printf("arena: ascending ok\n");
  check_sequence("descending", descending, n);
  printf("arena: descending ok\n");

  size_t random[3000];
  uint64_t x = 12345;
  for (size_t i = 0; i < 3000; ++i) {
    x = x * 6364136223846793005ull + 1442695040888963407ull;
    uint64_t r = x >> 33;
    /* Mostly small, sometimes around the chunk sizes, sometimes big. */
    random[i] = r % 4 ? r % 512 : r % (LPROF_LAST_CHUNK_SIZE + 4096);
  }
  check_sequence("random", random, 3000);
  printf("arena: random ok\n");

  /* The reported crash: a thread's small blocks, then a function of 400
   * lines in timing mode (9,608 bytes) and in sample mode, 1,100 in count
   * mode. */
  size_t reported[] = {
      __lprof_rt_block_size(LPROF_TIMING, 1),
      __lprof_rt_block_size(LPROF_TIMING, 400),
      __lprof_rt_block_size(LPROF_SAMPLE, 400),
      __lprof_rt_block_size(LPROF_COUNT, 1100),
      __lprof_rt_block_size(LPROF_COUNT, 2),
  };
  check_sequence("small then big", reported, 5);
  printf("arena: small then big ok\n");
}

static void check_lines(void) {
  static const size_t sizes[] = {0, 1, 64, 127, 128, 129, 255, 256, 257,
                                 4095, 4096, 4097, 65536 + 1};
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; ++i) {
    size_t before = __lprof_rt_memory_bytes();
    unsigned char *memory = __lprof_rt_alloc_lines(sizes[i]);
    size_t rounded = (sizes[i] ? sizes[i] + 127 : 128) / 128 * 128;
    EXPECT(memory != NULL, "%zu bytes", sizes[i]);
    if (!memory)
      continue;
    EXPECT((uintptr_t)memory % 128 == 0, "%zu bytes at %p", sizes[i],
           (void *)memory);
    EXPECT(__lprof_rt_memory_bytes() - before == rounded,
           "%zu bytes counted as %zu", sizes[i],
           __lprof_rt_memory_bytes() - before);
    size_t nonzero = 0;
    for (size_t b = 0; b < rounded; ++b)
      nonzero += memory[b] != 0;
    EXPECT(nonzero == 0, "%zu bytes: %zu nonzero", sizes[i], nonzero);
    memset(memory, 0xAB, rounded); /* the padding is the caller's too */
    __lprof_rt_free_lines(memory, sizes[i]);
    EXPECT(__lprof_rt_memory_bytes() == before, "%zu bytes: not uncounted",
           sizes[i]);
  }
  EXPECT(__lprof_rt_alloc_lines(SIZE_MAX - 5) == NULL, "SIZE_MAX - 5 bytes");
  printf("lines: ok\n");
}

static int all_zero(const unsigned char *p, size_t size) {
  for (size_t i = 0; i < size; ++i)
    if (p[i])
      return 0;
  return 1;
}

/* Scratch memory: zeroed whether fresh or reused, 16-aligned, every byte
 * its own, realloc keeping the contents across classes and into and
 * within mappings of its own; everything gone after the release. */
static void check_scratch(void) {
  enum { count = 200 };
  static size_t sizes[count];
  size_t n = 0;
  sizes[n++] = 0;
  for (size_t bits = 4; bits <= 20; ++bits)
    for (int delta = -1; delta <= 1; ++delta)
      sizes[n++] = ((size_t)1 << bits) + (size_t)delta;
  sizes[n++] = 3 * 1024 * 1024 + 5; /* several pages past a chunk */
  unsigned char *blocks[count];
  for (int round = 0; round < 3; ++round) {
    for (size_t i = 0; i < n; ++i) {
      blocks[i] = __lprof_rt_scratch_alloc(sizes[i]);
      EXPECT(blocks[i] != NULL, "round %d: %zu bytes", round, sizes[i]);
      if (!blocks[i])
        return;
      EXPECT((uintptr_t)blocks[i] % 16 == 0, "%zu bytes", sizes[i]);
      EXPECT(all_zero(blocks[i], sizes[i]),
             "round %d: %zu bytes not zeroed", round, sizes[i]);
      memset(blocks[i], (int)(i + 1), sizes[i]);
    }
    for (size_t i = 0; i < n; ++i) {
      size_t wrong = 0;
      for (size_t b = 0; b < sizes[i]; ++b)
        wrong += blocks[i][b] != (unsigned char)(i + 1);
      EXPECT(wrong == 0, "round %d: %zu bytes overwritten in %zu", round,
             wrong, sizes[i]);
    }
    /* Freed blocks come back, zeroed, in the next round. */
    for (size_t i = 0; i < n; ++i)
      __lprof_rt_scratch_free(blocks[i]);
  }

  /* Growing one block from 1 byte past 4 MiB, as the encoder's buffer
   * does, in steps that stay in a class, cross one, and leave the classes
   * for a mapping of its own. */
  unsigned char *grown = NULL;
  size_t size = 0;
  for (size_t next = 1; next <= 4 * 1024 * 1024 + 1;
       next = next < 64 ? next + 7 : next * 2 + 1) {
    unsigned char *moved = __lprof_rt_scratch_realloc(grown, next);
    EXPECT(moved != NULL, "realloc to %zu", next);
    if (!moved)
      return;
    size_t wrong = 0;
    for (size_t b = 0; b < size; ++b)
      wrong += moved[b] != (unsigned char)(b * 7);
    EXPECT(wrong == 0, "realloc %zu -> %zu lost %zu bytes", size, next,
           wrong);
    EXPECT(all_zero(moved + size, next - size), "realloc %zu -> %zu: tail",
           size, next);
    for (size_t b = size; b < next; ++b)
      moved[b] = (unsigned char)(b * 7);
    grown = moved;
    size = next;
  }
  /* Shrinking then growing reads zero past the shrunk end. */
  grown = __lprof_rt_scratch_realloc(grown, 100);
  grown = __lprof_rt_scratch_realloc(grown, 5000);
  EXPECT(grown && all_zero(grown + 100, 4900), "shrink then grow");
  EXPECT(__lprof_rt_scratch_calloc(SIZE_MAX / 2, 4) == NULL,
         "calloc overflow");
  EXPECT(__lprof_rt_scratch_alloc(SIZE_MAX - 8) == NULL, "SIZE_MAX - 8");

  lprof_rt_text text = {0};
  __lprof_rt_text_str(&text, "pid ");
  __lprof_rt_text_u64(&text, 0);
  __lprof_rt_text_str(&text, " ");
  __lprof_rt_text_u64(&text, UINT64_MAX);
  for (int i = 0; i < 1000; ++i)
    __lprof_rt_text_str(&text, "x");
  const char *got = __lprof_rt_text_get(&text);
  EXPECT(got && strncmp(got, "pid 0 18446744073709551615xxx", 29) == 0 &&
             strlen(got) == 26 + 1000,
         "text: %.40s", got ? got : "(null)");

  EXPECT(__lprof_rt_scratch_bytes() > 0, "nothing mapped");
  __lprof_rt_scratch_release();
  EXPECT(__lprof_rt_scratch_bytes() == 0, "%zu bytes mapped after release",
         __lprof_rt_scratch_bytes());
  /* Usable again after the release. */
  unsigned char *again = __lprof_rt_scratch_alloc(100);
  EXPECT(again && all_zero(again, 100), "after release");
  __lprof_rt_scratch_release();
  printf("scratch: ok\n");
}

static int compare_ints(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return x < y ? -1 : x > y;
}

/* The allocation-free sort against qsort, on lengths 0 to 300 with many
 * duplicates. */
static void check_sort(void) {
  int mine[300], theirs[300];
  uint64_t x = 99;
  for (size_t length = 0; length <= 300; ++length) {
    for (size_t i = 0; i < length; ++i) {
      x = x * 6364136223846793005ull + 1442695040888963407ull;
      mine[i] = theirs[i] = (int)((x >> 33) % (length / 3 + 1)) - 5;
    }
    __lprof_rt_sort(mine, length, sizeof *mine, compare_ints);
    qsort(theirs, length, sizeof *theirs, compare_ints);
    EXPECT(memcmp(mine, theirs, length * sizeof *mine) == 0, "length %zu",
           length);
  }
  printf("sort: ok\n");
}

/* The encoder's buffer doubles from 4 KiB: appends that end just before,
 * at and just after each capacity keep every byte, and an impossible size
 * marks the buffer failed without touching what it holds. */
static void check_buffer(void) {
  static unsigned char source[70000];
  for (size_t i = 0; i < sizeof source; ++i)
    source[i] = (unsigned char)(i * 13 + 5);
  static const size_t firsts[] = {1, 4095, 4096, 4097, 8191, 8192, 8193};
  for (size_t f = 0; f < sizeof firsts / sizeof firsts[0]; ++f) {
    lprof_rt_buffer buffer = {0};
    size_t expected = 0;
    size_t step = firsts[f];
    while (expected + step <= sizeof source) {
      __lprof_rt_put_bytes(&buffer, source + expected, step);
      expected += step;
      step = step % 3 == 0 ? step + 1 : step * 2 - 1;
    }
    EXPECT(!buffer.failed, "first %zu", firsts[f]);
    EXPECT(buffer.size == expected, "first %zu: %zu bytes, expected %zu",
           firsts[f], buffer.size, expected);
    EXPECT(buffer.capacity >= buffer.size, "first %zu", firsts[f]);
    EXPECT(memcmp(buffer.data, source, expected) == 0, "first %zu: contents",
           firsts[f]);
    size_t held = buffer.size;
    __lprof_rt_put_bytes(&buffer, source, SIZE_MAX - 16);
    EXPECT(buffer.failed && buffer.size == held &&
               memcmp(buffer.data, source, held) == 0,
           "first %zu: impossible append", firsts[f]);
    __lprof_rt_free_buffer(&buffer);
  }
  __lprof_rt_scratch_release();
  printf("buffer: ok\n");
}

int main(void) {
  check_arena();
  check_lines();
  check_scratch();
  check_buffer();
  check_sort();
  if (failures) {
    printf("%d allocator checks failed\n", failures);
    return 1;
  }
  printf("all allocator checks passed\n");
  return 0;
}
