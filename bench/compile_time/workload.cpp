// A typical C++ translation unit for the compile-time benchmark: heavy
// standard headers and a few dozen functions with loops and lambdas.
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <numeric>
#include <regex>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace work {

std::vector<std::string> split(const std::string &text, char sep) {
  std::vector<std::string> parts;
  std::string current;
  for (char c : text) {
    if (c == sep) {
      parts.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  parts.push_back(current);
  return parts;
}

std::map<std::string, int> histogram(const std::vector<std::string> &words) {
  std::map<std::string, int> counts;
  for (const std::string &word : words)
    ++counts[word];
  return counts;
}

template <typename T> T sum_of_squares(const std::vector<T> &values) {
  return std::accumulate(values.begin(), values.end(), T(),
                         [](T acc, T v) { return acc + v * v; });
}

bool looks_like_email(const std::string &text) {
  static const std::regex pattern(R"(\w+@\w+\.\w+)");
  return std::regex_match(text, pattern);
}

struct Node {
  int value;
  std::unique_ptr<Node> left, right;
};

void insert(std::unique_ptr<Node> &root, int value) {
  if (!root) {
    root = std::make_unique<Node>(Node{value, nullptr, nullptr});
    return;
  }
  if (value < root->value)
    insert(root->left, value);
  else
    insert(root->right, value);
}

int depth(const std::unique_ptr<Node> &root) {
  if (!root)
    return 0;
  return 1 + std::max(depth(root->left), depth(root->right));
}

std::string join(const std::vector<std::string> &parts, const std::string &glue) {
  std::ostringstream out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i)
      out << glue;
    out << parts[i];
  }
  return out.str();
}

std::unordered_map<int, std::vector<int>> buckets(const std::vector<int> &v, int n) {
  std::unordered_map<int, std::vector<int>> out;
  for (int x : v)
    out[x % n].push_back(x);
  for (auto &[key, bucket] : out)
    std::sort(bucket.begin(), bucket.end(), [](int a, int b) { return a > b; });
  return out;
}

} // namespace work

int main() {
  std::vector<std::string> words = work::split("a,b,a,c,b,a", ',');
  auto counts = work::histogram(words);
  std::unique_ptr<work::Node> root;
  for (int v : {5, 3, 8, 1, 4})
    work::insert(root, v);
  std::cout << counts["a"] << ' ' << work::depth(root) << ' '
            << work::sum_of_squares(std::vector<int>{1, 2, 3}) << ' '
            << work::looks_like_email("a@b.c") << ' '
            << work::join(words, "+") << ' '
            << work::buckets({1, 2, 3, 4, 5}, 2).size() << '\n';
  return 0;
}
