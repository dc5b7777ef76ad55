#include "report/natural_order.hpp"

#include <cctype>

namespace cb::report {
namespace {

bool isDigit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

/// Compares the digit runs starting at a[i] and b[j], advancing both past them: <0, 0 or >0.
int compareNumbers(std::string_view a, std::size_t& i, std::string_view b, std::size_t& j) {
  while (i < a.size() && a[i] == '0') ++i;
  while (j < b.size() && b[j] == '0') ++j;
  std::size_t ei = i, ej = j;
  while (ei < a.size() && isDigit(a[ei])) ++ei;
  while (ej < b.size() && isDigit(b[ej])) ++ej;
  int result = 0;
  if (ei - i != ej - j) {
    result = ei - i < ej - j ? -1 : 1;
  } else {
    const int c = a.substr(i, ei - i).compare(b.substr(j, ej - j));
    result = c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  i = ei;
  j = ej;
  return result;
}

}  // namespace

bool naturalLess(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (isDigit(a[i]) && isDigit(b[j])) {
      if (int c = compareNumbers(a, i, b, j); c != 0) return c < 0;
      continue;
    }
    if (a[i] != b[j]) return a[i] < b[j];
    ++i;
    ++j;
  }
  if ((a.size() - i) != (b.size() - j)) return a.size() - i < b.size() - j;
  return a < b;  // equal under the natural order (e.g. "07" vs "7"): plain order breaks the tie
}

bool naturalLess(const std::map<std::string, std::string>& a,
                 const std::map<std::string, std::string>& b) {
  auto ia = a.begin();
  auto ib = b.begin();
  for (; ia != a.end() && ib != b.end(); ++ia, ++ib) {
    if (ia->first != ib->first) return ia->first < ib->first;
    if (naturalLess(ia->second, ib->second)) return true;
    if (naturalLess(ib->second, ia->second)) return false;
  }
  return ia == a.end() && ib != b.end();
}

}  // namespace cb::report
