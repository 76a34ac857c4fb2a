/*
 * encode.c - the bytes of a .lprof file (docs/lprof-format.md).
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
  unsigned char *data = realloc(buffer->data, capacity);
  if (!data) {
    buffer->failed = 1;
    return -1;
  }
  buffer->data = data;
  buffer->capacity = capacity;
  return 0;
}

static void put_bytes(lprof_rt_buffer *buffer, const void *bytes,
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
  put_bytes(buffer, bytes, (size_t)size);
}

static void put_u32(lprof_rt_buffer *buffer, uint32_t value) {
  put_le(buffer, value, 4);
}

static void put_u64(lprof_rt_buffer *buffer, uint64_t value) {
  put_le(buffer, value, 8);
}

static void put_f64(lprof_rt_buffer *buffer, double value) {
  uint64_t bits;
  memcpy(&bits, &value, sizeof bits);
  put_u64(buffer, bits);
}

static void put_str(lprof_rt_buffer *buffer, const char *text) {
  size_t length = text ? strlen(text) : 0;
  if (length > UINT32_MAX) {
    buffer->failed = 1;
    return;
  }
  put_u32(buffer, (uint32_t)length);
  put_bytes(buffer, text, length);
}

/* Writes a record header with a zero length; returns where the record
 * starts, for end_record() to fill in the length. */
static size_t begin_record(lprof_rt_buffer *buffer, const char tag[4]) {
  size_t start = buffer->size;
  put_bytes(buffer, tag, 4);
  put_u32(buffer, 0); /* reserved */
  put_u64(buffer, 0); /* length, patched by end_record() */
  return start;
}

static void end_record(lprof_rt_buffer *buffer, size_t start) {
  if (buffer->failed)
    return;
  uint64_t length = buffer->size - start - record_header_size;
  store_le(buffer->data + start + 8, length, 8);
}

static void put_prog_record(lprof_rt_buffer *buffer,
                            const lprof_rt_run_info *info) {
  size_t record = begin_record(buffer, "PROG");
  put_f64(buffer, info->seconds_per_tick);
  put_u32(buffer, info->clock_kind);
  put_u32(buffer, info->pid);
  put_u64(buffer, (uint64_t)info->start_ns);
  put_u64(buffer, (uint64_t)info->end_ns);
  put_str(buffer, info->program);
  end_record(buffer, record);
}

static void put_func_record(lprof_rt_buffer *buffer,
                            const lprof_rt_function *function) {
  const __lprof_function *desc = function->desc;
  size_t record = begin_record(buffer, "FUNC");
  put_str(buffer, desc->file);
  put_str(buffer, desc->name);
  put_u32(buffer, desc->first_line);
  put_u32(buffer, desc->num_lines);
  put_str(buffer, desc->source);
  for (uint32_t i = 0; i < desc->num_lines; ++i) {
    put_u64(buffer, function->lines[i].hits);
    put_u64(buffer, function->lines[i].ticks);
  }
  end_record(buffer, record);
}

static void put_header(lprof_rt_buffer *buffer) {
  unsigned char header[header_size] = {0};
  memcpy(header, magic, sizeof magic);
  store_le(header + 8, 1, 2); /* major version */
  store_le(header + 10, 0, 2); /* minor version */
  /* flags, payload size, checksum and reserved stay 0 until finish_header */
  put_bytes(buffer, header, sizeof header);
}

static void finish_header(lprof_rt_buffer *buffer) {
  if (buffer->failed)
    return;
  const unsigned char *payload = buffer->data + header_size;
  size_t payload_size = buffer->size - header_size;
  store_le(buffer->data + 16, payload_size, 8);
  store_le(buffer->data + 24, __lprof_rt_crc32(0, payload, payload_size), 4);
}

int __lprof_rt_encode(const lprof_rt_run_info *info,
                      const lprof_rt_snapshot *snapshot,
                      lprof_rt_buffer *out) {
  put_header(out);
  put_prog_record(out, info);
  for (size_t i = 0; i < snapshot->count; ++i)
    put_func_record(out, &snapshot->functions[i]);
  finish_header(out);
  if (out->failed) {
    errno = ENOMEM;
    return -1;
  }
  return 0;
}

void __lprof_rt_free_buffer(lprof_rt_buffer *buffer) {
  free(buffer->data);
  buffer->data = NULL;
  buffer->size = buffer->capacity = 0;
  buffer->failed = 0;
}
