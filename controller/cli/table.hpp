#pragma once
// Plain-text table output for humans (scripts use --json).
#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

namespace cb::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print(std::ostream& os) const {
    std::vector<std::size_t> width;
    for (const auto& r : rows_) {
      if (width.size() < r.size()) width.resize(r.size(), 0);
      for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
    }
    for (const auto& r : rows_) {
      for (std::size_t i = 0; i < r.size(); ++i) {
        os << r[i];
        if (i + 1 < r.size()) os << std::string(width[i] - r[i].size() + 2, ' ');
      }
      os << "\n";
    }
  }

 private:
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace cb::cli
