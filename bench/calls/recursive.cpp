// bench/calls: a recursive one, a recursive-descent evaluator of generated
// arithmetic expressions (expr -> term -> factor -> '(' expr ')'), nesting
// up to 12 deep: every function is active many times over on the stack, and
// most of their lines call another profiled function.
//
//   recursive N   evaluates N generated expressions (default 60,000) and
//                 prints "own SECONDS" on stderr, the wall time of the
//                 profiled root `run`.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#ifndef PROFILE
#define PROFILE
#endif

static const char *cursor;

PROFILE static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static int64_t expr();

PROFILE static int64_t number() {
  int64_t value = 0;
  while (is_digit(*cursor))
    value = value * 10 + (*cursor++ - '0');
  return value;
}

PROFILE static int64_t factor() {
  if (*cursor == '(') {
    ++cursor;
    int64_t value = expr();
    ++cursor; // ')'
    return value;
  }
  return number();
}

PROFILE static int64_t term() {
  int64_t value = factor();
  while (*cursor == '*') {
    ++cursor;
    value = (value * factor()) % 1000003;
  }
  return value;
}

PROFILE static int64_t expr() {
  int64_t value = term();
  while (*cursor == '+' || *cursor == '-') {
    char op = *cursor++;
    int64_t right = term();
    value = op == '+' ? value + right : value - right;
  }
  return value;
}

PROFILE static int64_t run(const std::vector<std::string> &expressions) {
  int64_t sum = 0;
  for (const std::string &text : expressions) {
    cursor = text.c_str();
    sum += expr();
  }
  return sum;
}

static uint64_t state = 0x9E3779B97F4A7C15ull;
static uint64_t next() {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

static void generate(std::string &out, int depth) {
  int terms = 1 + (int)(next() % 3);
  for (int t = 0; t < terms; ++t) {
    if (t)
      out += "+-*"[next() % 3];
    if (depth < 12 && next() % 3 == 0) {
      out += '(';
      generate(out, depth + 1);
      out += ')';
    } else {
      out += std::to_string(next() % 1000);
    }
  }
}

static double seconds_now() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  int count = argc > 1 ? std::atoi(argv[1]) : 60000;
  std::vector<std::string> expressions((size_t)count);
  for (std::string &text : expressions)
    generate(text, 0);
  double start = seconds_now();
  int64_t result = run(expressions);
  double own = seconds_now() - start;
  std::fprintf(stderr, "own %.9f\n", own);
  std::printf("%lld\n", (long long)result);
  return 0;
}
