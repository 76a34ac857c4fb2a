[[profile]] int square(int x) {
  return x * x; // edited after profiling
}

[[profile]] int cube(int x) {
  return square(x) * x;
}
