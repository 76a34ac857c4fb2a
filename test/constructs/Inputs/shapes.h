#pragma once
#include <vector>

[[profile]] inline int area(int w, int h) {
  int a = w * h;
  return a;
}

template <typename T>
[[profile]] T total(const std::vector<T> &v) {
  T sum = 0;
  for (const T &x : v)
    sum += x;
  return sum;
}
