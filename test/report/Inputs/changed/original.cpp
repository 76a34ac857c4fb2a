[[profile]] int square(int x) {
  return x * x;
}

[[profile]] int cube(int x) {
  return x * square(x);
}
