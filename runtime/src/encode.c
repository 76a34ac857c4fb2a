/*
 * encode.c - the building blocks of a .lprof file (docs/lprof-format.md);
 * snapshot.c puts them together.
 *
 * The whole file is built in memory, so the checksum and sizes can be
 * filled in before anything reaches the disk. Integers are stored
 * byte by byte, little-endian whatever the host's byte order.
 */
#include "runtime.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { header_size = 32, record_header_size = 16 };

static const unsigned char magic[8] = {0x89, 'L', 'P', 'R', 'O', 'F', '\r',
                                       '\n'};

/* Makes room for `extra` more bytes; on failure marks the buffer failed. */
static int reserve(lprof_rt_buffer *buffer, size_t extra) {
  if (buffer->failed)
    return -1;
  if (extra <= buffer->capacity - buffer->size)
    return 0;
  size_t capacity = buffer->capacity ? buffer->capacity : 4096;
  while (capacity - buffer->size < extra) {
    if (capacity > SIZE_MAX / 2) {
      buffer->failed = 1;
      return -1;
    }
    capacity *= 2;
  }
  unsigned char *data = __lprof_rt_scratch_realloc(buffer->data, capacity);
  if (!data) {
    buffer->failed = 1;
    return -1;
  }
  buffer->data = data;
  buffer->capacity = capacity;
  return 0;
}

void __lprof_rt_put_bytes(lprof_rt_buffer *buffer, const void *bytes,
                          size_t size) {
  if (size == 0 || reserve(buffer, size) != 0)
    return;
  memcpy(buffer->data + buffer->size, bytes, size);
  buffer->size += size;
}

static void store_le(unsigned char *out, uint64_t value, int size) {
  for (int i = 0; i < size; ++i)
    out[i] = (unsigned char)(value >> (8 * i));
}

static void put_le(lprof_rt_buffer *buffer, uint64_t value, int size) {
  unsigned char bytes[8];
  store_le(bytes, value, size);
  __lprof_rt_put_bytes(buffer, bytes, (size_t)size);
}

void __lprof_rt_put_u32(lprof_rt_buffer *buffer, uint32_t value) {
  put_le(buffer, value, 4);
}

void __lprof_rt_put_u64(lprof_rt_buffer *buffer, uint64_t value) {
  put_le(buffer, value, 8);
}

void __lprof_rt_put_f64(lprof_rt_buffer *buffer, double value) {
  uint64_t bits;
  memcpy(&bits, &value, sizeof bits);
  __lprof_rt_put_u64(buffer, bits);
}

void __lprof_rt_put_str(lprof_rt_buffer *buffer, const char *text) {
  size_t length = text ? strlen(text) : 0;
  if (length > UINT32_MAX) {
    buffer->failed = 1;
    return;
  }
  __lprof_rt_put_u32(buffer, (uint32_t)length);
  __lprof_rt_put_bytes(buffer, text, length);
}

size_t __lprof_rt_begin_record(lprof_rt_buffer *buffer, const char tag[4]) {
  size_t start = buffer->size;
  __lprof_rt_put_bytes(buffer, tag, 4);
  __lprof_rt_put_u32(buffer, 0); /* reserved */
  __lprof_rt_put_u64(buffer, 0); /* length, patched by end_record() */
  return start;
}

void __lprof_rt_end_record(lprof_rt_buffer *buffer, size_t start) {
  if (buffer->failed)
    return;
  uint64_t length = buffer->size - start - record_header_size;
  store_le(buffer->data + start + 8, length, 8);
}

void __lprof_rt_put_header(lprof_rt_buffer *buffer, uint16_t minor) {
  unsigned char header[header_size] = {0};
  memcpy(header, magic, sizeof magic);
  store_le(header + 8, 1, 2);      /* major version */
  store_le(header + 10, minor, 2); /* minor version: 2 (FUNC calls, the
                                      overhead and sampling fields), 3 with
                                      the memory records */
  /* flags, payload size, checksum and reserved stay 0 until finish_header */
  __lprof_rt_put_bytes(buffer, header, sizeof header);
}

void __lprof_rt_finish_header(lprof_rt_buffer *buffer) {
  if (buffer->failed)
    return;
  const unsigned char *payload = buffer->data + header_size;
  size_t payload_size = buffer->size - header_size;
  store_le(buffer->data + 16, payload_size, 8);
  store_le(buffer->data + 24, __lprof_rt_crc32(0, payload, payload_size), 4);
}

void __lprof_rt_free_buffer(lprof_rt_buffer *buffer) {
  __lprof_rt_scratch_free(buffer->data);
  buffer->data = NULL;
  buffer->size = buffer->capacity = 0;
  buffer->failed = 0;
}
