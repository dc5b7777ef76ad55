#include "facts/text_fields.hpp"

#include "facts/root_files.hpp"

namespace cb::agent {
namespace {

/// Calls fn(key, value) for every "key: value" line until fn returns false.
template <typename Fn>
void forEachField(std::string_view text, Fn&& fn) {
  while (!text.empty()) {
    const auto eol = text.find('\n');
    const std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    if (!fn(trimBlanks(line.substr(0, colon)), trimBlanks(line.substr(colon + 1)))) return;
  }
}

}  // namespace

std::optional<std::string_view> firstFieldValue(std::string_view text, std::string_view key) {
  std::optional<std::string_view> found;
  forEachField(text, [&](std::string_view k, std::string_view v) {
    if (k != key) return true;
    found = v;
    return false;
  });
  return found;
}

std::size_t countFieldLines(std::string_view text, std::string_view key) {
  std::size_t n = 0;
  forEachField(text, [&](std::string_view k, std::string_view) {
    if (k == key) ++n;
    return true;
  });
  return n;
}

}  // namespace cb::agent
