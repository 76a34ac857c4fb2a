/*
 * arena.c - the memory the registry keeps counters and tables in.
 *
 * Everything is padded to whole pairs of cache lines (the adjacent-line
 * prefetcher works on pairs), so no line holds two threads' data. A
 * thread's counter blocks are carved from its own arena: chunks that grow
 * from FIRST_CHUNK_SIZE to LAST_CHUNK_SIZE bytes, each at least as big as
 * the block that asked for it; blocks bigger than BIG_BLOCK_SIZE get a
 * chunk of their own. Blocks are never freed one by one: the arena goes as
 * a whole, with its thread's record.
 */
#include "runtime.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_LINE_SIZE 128

static size_t memory_bytes; /* atomic */

static void count_memory(size_t bytes, int sign) {
  if (sign > 0)
    __atomic_fetch_add(&memory_bytes, bytes, __ATOMIC_RELAXED);
  else
    __atomic_fetch_sub(&memory_bytes, bytes, __ATOMIC_RELAXED);
}

size_t __lprof_rt_memory_bytes(void) {
  return __atomic_load_n(&memory_bytes, __ATOMIC_RELAXED);
}

void __lprof_rt_count_memory(size_t bytes) { count_memory(bytes, 1); }

/* `size` rounded up to a multiple of `unit`, or 0 if that overflows. */
static size_t round_up(size_t size, size_t unit) {
  if (size > SIZE_MAX - (unit - 1))
    return 0;
  return (size + unit - 1) / unit * unit;
}

static size_t lines_size(size_t size) {
  return round_up(size ? size : 1, CACHE_LINE_SIZE);
}

void *__lprof_rt_alloc_lines(size_t size) {
  size_t rounded = lines_size(size);
  if (rounded == 0)
    return NULL;
  void *memory = aligned_alloc(CACHE_LINE_SIZE, rounded);
  if (!memory)
    return NULL;
  memset(memory, 0, rounded);
  count_memory(rounded, 1);
  return memory;
}

void __lprof_rt_free_lines(void *memory, size_t size) {
  if (!memory)
    return;
  count_memory(lines_size(size), -1);
  free(memory);
}

/* The data bytes of the next chunk for a block of `block` bytes: the
 * schedule's size, doubled until the block fits. Advances the schedule. */
static size_t next_chunk_data_size(lprof_rt_arena *arena, size_t block) {
  size_t size = arena->next_chunk_size < LPROF_FIRST_CHUNK_SIZE
                    ? LPROF_FIRST_CHUNK_SIZE
                    : arena->next_chunk_size;
  /* block <= LPROF_BIG_BLOCK_SIZE, which a last-size chunk holds. */
  while (size - LPROF_CHUNK_HEADER_SIZE < block)
    size *= 2;
  arena->next_chunk_size = size < LPROF_LAST_CHUNK_SIZE ? size * 2 : size;
  return size - LPROF_CHUNK_HEADER_SIZE;
}

unsigned char *__lprof_rt_arena_alloc(lprof_rt_arena *arena, size_t size) {
  size = round_up(size ? size : 1, sizeof(uint64_t));
  if (size == 0 || size > SIZE_MAX / 2)
    return NULL;
  lprof_rt_chunk *chunk = arena->chunks;
  int own_chunk = size > LPROF_BIG_BLOCK_SIZE;
  if (own_chunk || !chunk || chunk->size - chunk->used < size) {
    size_t data_size = own_chunk ? size : next_chunk_data_size(arena, size);
    size_t total =
        round_up(LPROF_CHUNK_HEADER_SIZE + data_size, CACHE_LINE_SIZE);
    lprof_rt_chunk *fresh = total ? aligned_alloc(CACHE_LINE_SIZE, total) : 0;
    if (!fresh)
      return NULL;
    count_memory(total, 1);
    fresh->size = total - LPROF_CHUNK_HEADER_SIZE;
    fresh->used = 0;
    /* A big block's chunk goes second, so the current chunk stays first. */
    if (own_chunk && chunk) {
      fresh->next = chunk->next;
      chunk->next = fresh;
    } else {
      fresh->next = chunk;
      arena->chunks = fresh;
    }
    chunk = fresh;
  }
  unsigned char *memory =
      (unsigned char *)chunk + LPROF_CHUNK_HEADER_SIZE + chunk->used;
  chunk->used += size;
  memset(memory, 0, size); /* pages are touched only as blocks are used */
  return memory;
}

void __lprof_rt_arena_free(lprof_rt_arena *arena) {
  lprof_rt_chunk *chunk = arena->chunks;
  while (chunk) {
    lprof_rt_chunk *next = chunk->next;
    count_memory(LPROF_CHUNK_HEADER_SIZE + chunk->size, -1);
    free(chunk);
    chunk = next;
  }
  arena->chunks = NULL;
  arena->next_chunk_size = 0;
}
