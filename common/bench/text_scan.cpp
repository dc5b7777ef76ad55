#include "bench/text_scan.hpp"

#include <cstdlib>
#include <string>

namespace cb::bench {

std::optional<double> findNumberAfter(std::string_view text, std::string_view key) {
  auto pos = text.find(key);
  if (pos == std::string_view::npos) return std::nullopt;
  pos += key.size();
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
  auto end = pos;
  while (end < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.' ||
          text[end] == '-' || text[end] == 'e' || text[end] == '+')) {
    ++end;
  }
  if (end == pos) return std::nullopt;
  std::string number(text.substr(pos, end - pos));
  char* stop = nullptr;
  double v = std::strtod(number.c_str(), &stop);
  if (stop == number.c_str()) return std::nullopt;
  return v;
}

}  // namespace cb::bench
