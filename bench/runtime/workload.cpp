// A realistic workload for bench/runtime/run.py: a quicksort, an
// open-addressing hash table, and a small stack-machine interpreter, all
// with every function profiled. Line events are dense (the interpreter's
// dispatch loop is a few nanoseconds per line), as in real code.
//
//   workload N      runs everything at size N and prints a checksum
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#ifndef PROFILE
#define PROFILE
#endif

static uint64_t state = 88172645463325252ull;

PROFILE uint64_t next_random() {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

PROFILE void quicksort(std::vector<int> &v, long low, long high) {
  while (low < high) {
    int pivot = v[(low + high) / 2];
    long i = low, j = high;
    while (i <= j) {
      while (v[i] < pivot)
        ++i;
      while (v[j] > pivot)
        --j;
      if (i <= j) {
        int t = v[i];
        v[i] = v[j];
        v[j] = t;
        ++i;
        --j;
      }
    }
    if (j - low < high - i) {
      quicksort(v, low, j);
      low = i;
    } else {
      quicksort(v, i, high);
      high = j;
    }
  }
}

struct Table {
  std::vector<uint64_t> keys, values;
  uint64_t mask;
};

PROFILE uint64_t slot_of(const Table &t, uint64_t key) {
  uint64_t slot = (key * 0x9E3779B97F4A7C15ull) >> 20 & t.mask;
  while (t.keys[slot] != 0 && t.keys[slot] != key)
    slot = (slot + 1) & t.mask;
  return slot;
}

PROFILE void insert(Table &t, uint64_t key, uint64_t value) {
  uint64_t slot = slot_of(t, key);
  t.keys[slot] = key;
  t.values[slot] += value;
}

PROFILE uint64_t lookup(const Table &t, uint64_t key) {
  uint64_t slot = slot_of(t, key);
  return t.keys[slot] == key ? t.values[slot] : 0;
}

enum Op : uint8_t { PUSH, ADD, MUL, DUP, SWAP, JNZ, DEC, POP, HALT };

struct Insn {
  Op op;
  uint64_t arg;
};

PROFILE uint64_t run(const std::vector<Insn> &code) {
  uint64_t stack[64];
  int sp = 0;
  size_t pc = 0;
  for (;;) {
    const Insn &in = code[pc++];
    switch (in.op) {
    case PUSH:
      stack[sp++] = in.arg;
      break;
    case ADD:
      --sp;
      stack[sp - 1] += stack[sp];
      break;
    case MUL:
      --sp;
      stack[sp - 1] *= stack[sp];
      break;
    case DUP:
      stack[sp] = stack[sp - 1];
      ++sp;
      break;
    case SWAP: {
      uint64_t t = stack[sp - 1];
      stack[sp - 1] = stack[sp - 2];
      stack[sp - 2] = t;
      break;
    }
    case JNZ:
      if (stack[--sp] != 0)
        pc = (size_t)in.arg;
      break;
    case DEC:
      stack[sp - 1] -= 1;
      break;
    case POP:
      --sp;
      break;
    case HALT:
      return stack[sp - 1];
    }
  }
}

PROFILE int main(int argc, char **argv) {
  long n = argc > 1 ? std::atol(argv[1]) : 200000;
  std::vector<int> v(n);
  for (long i = 0; i < n; ++i)
    v[i] = (int)(next_random() % 1000000);
  quicksort(v, 0, n - 1);

  uint64_t slots = 1;
  while (slots < 4 * (uint64_t)n)
    slots *= 2;
  Table t{std::vector<uint64_t>(slots), std::vector<uint64_t>(slots),
          slots - 1};
  for (long i = 0; i < n; ++i)
    insert(t, 1 + next_random() % (2 * n), (uint64_t)i);
  uint64_t found = 0;
  for (long i = 0; i < 2 * n; ++i)
    found += lookup(t, 1 + next_random() % (2 * n));

  // acc = 0; counter = n; do { acc = (acc * 3 + 1) * 5 + 2; } while (--counter)
  // with some stack shuffling, 23 instructions per round.
  std::vector<Insn> code = {
      {PUSH, 0}, {PUSH, (uint64_t)n},           // acc counter
      {SWAP, 0}, {PUSH, 3}, {MUL, 0}, {SWAP, 0}, // acc*3 counter
      {DUP, 0},  {SWAP, 0}, {POP, 0},            // no effect
      {SWAP, 0}, {PUSH, 1}, {ADD, 0}, {SWAP, 0}, // acc*3+1 counter
      {DUP, 0},  {SWAP, 0}, {POP, 0},            // no effect
      {SWAP, 0}, {PUSH, 5}, {MUL, 0}, {PUSH, 2}, {ADD, 0}, {SWAP, 0},
      {DEC, 0},  {DUP, 0},  {JNZ, 2},  {POP, 0}, {HALT, 0}};
  uint64_t result = 0;
  for (int rep = 0; rep < 8; ++rep)
    result += run(code);
  std::printf("%d %llu %llu\n", v[n / 2], (unsigned long long)found,
              (unsigned long long)result);
  return 0;
}
