// The example lineprof profiles: the sieve from line_profiler's classic
// demo (primes), a recursive function, and a profiled function calling
// another. Build and profile it with `./dev.sh demo`.
#include <lineprof.h>

#include <cmath>
#include <cstdio>
#include <vector>

LPROF_PROFILE
std::vector<int> primes(int n) {
  if (n == 2)
    return {2};
  else if (n < 2)
    return {};
  std::vector<int> s;
  for (int k = 3; k <= n; k += 2)
    s.push_back(k);
  double mroot = std::sqrt(n);
  int half = (n + 1) / 2 - 1;
  int i = 0;
  int m = 3;
  while (m <= mroot) {
    if (s[i]) {
      int j = (m * m - 3) / 2;
      s[j] = 0;
      while (j < half) {
        s[j] = 0;
        j += m;
      }
    }
    i = i + 1;
    m = 2 * i + 3;
  }
  std::vector<int> result{2};
  for (int x : s)
    if (x)
      result.push_back(x);
  return result;
}

LPROF_PROFILE
long fib(int n) {
  if (n < 2)
    return n;
  return fib(n - 1) + fib(n - 2);
}

LPROF_PROFILE
int main() {
  std::vector<int> small = primes(100);
  std::printf("%zu primes below 100\n", small.size());
  std::vector<int> large = primes(2000000);
  std::printf("%zu primes below 2000000\n", large.size());
  std::printf("fib(20) = %ld\n", fib(20));
  return 0;
}
