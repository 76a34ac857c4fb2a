// Member functions of every kind, class and member templates (one table
// per template, instantiations added up), operators, conversions,
// virtual and static members, destructors and structured bindings.
//
// RUN: %clangxx -std=c++17 -O1 -g -Wall -Wextra -Werror -fplugin-arg-lineprof-file='*members.cpp' %s %rt -o %t
// RUN: rm -f %t.lprof && env LPROF_OUTPUT=%t.lprof %t | FileCheck %s --check-prefix=OUT
// RUN: %lprof-report %t.lprof | %python %inputs/hits.py | FileCheck %s
#include <cstdio>
#include <utility>

template <typename T> struct Box {
  T value;
  explicit Box(T v) : value(v) {
    ++made;
  }
  ~Box() {
    ++gone;
  }
  Box operator+(const Box &other) const { return Box(value + other.value); }
  explicit operator bool() const { return value != T(); }
  template <typename U> U as() const {
    return static_cast<U>(value);
  }
  static int made, gone;
};
template <typename T> int Box<T>::made = 0;
template <typename T> int Box<T>::gone = 0;

struct Shape {
  virtual ~Shape() = default;
  virtual int sides() const { return 0; }
  static Shape *none() { return nullptr; }
};
struct Square : Shape {
  int sides() const override { return 4; }
};

std::pair<int, double> split() { return {3, 0.5}; }

int main() {
  Box<int> a(1), b(2);
  Box<int> c = a + b;
  Box<double> d(0.0);
  int truthy = bool(c) + bool(d);
  Square s;
  const Shape &shape = s;
  auto [whole, part] = split();
  std::printf("%d %d %d %ld %d\n", c.as<int>(), truthy, shape.sides(),
              (long)(whole + part), Shape::none() == nullptr);
  return 0;
}

// OUT: 3 1 4 3 1

// CHECK:      Function: Box::Box<T> at line 13
// CHECK-NEXT: 13 4 |  explicit Box(T v) : value(v) {
// Box<int> three times (a, b, the sum), Box<double> once.
// CHECK-NEXT: 14 4 |    ++made;
// CHECK-NEXT: 15 - |  }
// CHECK:      Function: Box::~Box<T> at line 16
// CHECK-NEXT: 16 - |  ~Box() {
// CHECK-NEXT: 17 4 |    ++gone;
// CHECK-NEXT: 18 - |  }
// CHECK:      Function: Box::operator+ at line 19
// CHECK-NEXT: 19 1 |  Box operator+(const Box &other) const { return Box(value + other.value); }
// CHECK:      Function: Box::operator bool at line 20
// CHECK-NEXT: 20 2 |  explicit operator bool() const { return value != T(); }
// CHECK:      Function: Box::as at line 21
// CHECK-NEXT: 21 - |  template <typename U> U as() const {
// CHECK-NEXT: 22 1 |    return static_cast<U>(value);
// CHECK-NEXT: 23 - |  }
// CHECK:      Function: Shape::sides at line 31
// CHECK-NEXT: 31 - |  virtual int sides() const { return 0; }
// CHECK:      Function: Shape::none at line 32
// CHECK-NEXT: 32 1 |  static Shape *none() { return nullptr; }
// CHECK:      Function: Square::sides at line 35
// CHECK-NEXT: 35 1 |  int sides() const override { return 4; }
// CHECK:      Function: split at line 38
// CHECK-NEXT: 38 1 |std::pair<int, double> split() { return {3, 0.5}; }
// CHECK:      Function: main at line 40
// CHECK-NEXT: 40 - |int main() {
// CHECK-NEXT: 41 1 |  Box<int> a(1), b(2);
// CHECK-NEXT: 42 1 |  Box<int> c = a + b;
// CHECK-NEXT: 43 1 |  Box<double> d(0.0);
// CHECK-NEXT: 44 1 |  int truthy = bool(c) + bool(d);
// CHECK-NEXT: 45 1 |  Square s;
// CHECK-NEXT: 46 1 |  const Shape &shape = s;
// CHECK-NEXT: 47 1 |  auto [whole, part] = split();
// CHECK-NEXT: 48 1 |  std::printf("%d %d %d %ld %d\n", c.as<int>(), truthy, shape.sides(),
// CHECK-NEXT: 49 - |              (long)(whole + part), Shape::none() == nullptr);
// CHECK-NEXT: 50 1 |  return 0;
// CHECK-NEXT: 51 - |}
