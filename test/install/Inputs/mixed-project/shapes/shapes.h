#pragma once
struct Rect {
  double width, height;
};
double area(const Rect &r);
double perimeter(const Rect &r);
