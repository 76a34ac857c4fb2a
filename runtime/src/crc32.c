/*
 * crc32.c - the CRC-32 of zlib, gzip and PNG (ISO-HDLC): polynomial
 * 0x04C11DB7 reflected (0xEDB88320), initial value and final xor 0xFFFFFFFF.
 * Byte-at-a-time with a 256-entry table; profiles are small enough.
 */
#include "runtime.h"

#include <pthread.h>

static uint32_t crc_table[256];
static pthread_once_t crc_table_once = PTHREAD_ONCE_INIT;

static void build_crc_table(void) {
  for (uint32_t byte = 0; byte < 256; ++byte) {
    uint32_t crc = byte;
    for (int bit = 0; bit < 8; ++bit)
      crc = (crc & 1) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
    crc_table[byte] = crc;
  }
}

uint32_t __lprof_rt_crc32(uint32_t crc, const void *data, size_t size) {
  pthread_once(&crc_table_once, build_crc_table);
  const unsigned char *bytes = data;
  crc = ~crc;
  for (size_t i = 0; i < size; ++i)
    crc = crc_table[(crc ^ bytes[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}
