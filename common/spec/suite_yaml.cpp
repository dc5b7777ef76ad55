#include "spec/suite_yaml.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace cb::spec::detail {

void Diagnostics::add(int line, const std::string& field, const std::string& message) {
  entries_.emplace_back(line, file_ + ":" + std::to_string(line) + ": " + field + ": " + message);
}

std::string Diagnostics::joined() const {
  auto sorted = entries_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out;
  for (const auto& [line, text] : sorted) out += (out.empty() ? "" : "\n") + text;
  return out;
}

std::size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string didYouMean(const std::string& word, const std::vector<std::string>& candidates) {
  const std::string* best = nullptr;
  std::size_t bestDistance = 0;
  for (const auto& c : candidates) {
    auto d = editDistance(word, c);
    if (best == nullptr || d < bestDistance) {
      best = &c;
      bestDistance = d;
    }
  }
  // Close enough to be a typo, not another word: at most 2 edits and under a third of the word.
  if (best == nullptr || bestDistance == 0 || bestDistance > 2 ||
      bestDistance * 3 > std::max(word.size(), best->size())) {
    return "";
  }
  return " (did you mean " + *best + "?)";
}

std::string joinWords(const std::vector<std::string>& words, const std::string& separator) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : separator) + w;
  return out;
}

int lineOf(const YAML::Node& node, int fallback) {
  if (!node.IsDefined() || node.IsNull()) return fallback;
  auto mark = node.Mark();
  return mark.line >= 0 ? mark.line + 1 : fallback;
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return "'" + node.Scalar() + "'";
    default:
      return "nothing";
  }
}

std::string fieldPath(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::optional<Entries> readMap(Diagnostics& d, const YAML::Node& node, int line,
                               const std::string& path, const std::string& what,
                               const std::vector<std::string>* allowed) {
  if (node.IsNull()) return Entries{};
  if (!node.IsMap()) {
    d.add(lineOf(node, line), path, "expected a map of " + what + ", got " + describe(node));
    return std::nullopt;
  }
  Entries out;
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key = it->first;
    int keyLine = lineOf(key, line);
    if (!key.IsScalar() || key.Scalar().empty()) {
      d.add(keyLine, path, "expected a field name, got " + describe(key));
      continue;
    }
    const std::string& name = key.Scalar();
    auto field = fieldPath(path, name);
    if (auto seen = out.find(name); seen != out.end()) {
      d.add(keyLine, field,
            "duplicate field (first at line " + std::to_string(seen->second.line) + ")");
      continue;
    }
    if (allowed != nullptr && std::find(allowed->begin(), allowed->end(), name) == allowed->end()) {
      auto hint = didYouMean(name, *allowed);
      d.add(keyLine, field,
            "unknown field" +
                (hint.empty() ? " (allowed: " + joinWords(*allowed, ", ") + ")" : hint));
      continue;
    }
    out.emplace(name, Entry{it->second, keyLine});
  }
  return out;
}

std::optional<std::string> readScalar(Diagnostics& d, const Entry& e, const std::string& field,
                                      const std::string& what) {
  if (!e.value.IsScalar()) {
    d.add(lineOf(e.value, e.line), field, "expected " + what + ", got " + describe(e.value));
    return std::nullopt;
  }
  return e.value.Scalar();
}

std::optional<std::int64_t> parseDecimal(std::string_view text) {
  std::int64_t n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return n;
}

std::optional<std::int64_t> readInt(Diagnostics& d, const Entry& e, const std::string& field,
                                    std::int64_t min, std::int64_t max) {
  auto text = readScalar(d, e, field, "an integer");
  if (!text) return std::nullopt;
  int line = lineOf(e.value, e.line);
  auto n = parseDecimal(*text);
  if (!n) {
    d.add(line, field, "'" + *text + "' is not an integer");
    return std::nullopt;
  }
  if (*n < min || *n > max) {
    d.add(line, field,
          *text + " is outside [" + std::to_string(min) + ", " + std::to_string(max) + "]");
    return std::nullopt;
  }
  return n;
}

std::optional<double> parseReal(std::string_view text) {
  if (text.size() > 1 && text.front() == '+' && text[1] != '-') text.remove_prefix(1);
  if (text.empty() || text.find_first_not_of("0123456789.eE+-") != std::string_view::npos) {
    return std::nullopt;
  }
  double x = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (ec != std::errc() || p != text.data() + text.size() || !std::isfinite(x)) {
    return std::nullopt;
  }
  return x;
}

std::optional<double> readReal(Diagnostics& d, const Entry& e, const std::string& field) {
  auto text = readScalar(d, e, field, "a number");
  if (!text) return std::nullopt;
  auto x = parseReal(*text);
  if (!x) d.add(lineOf(e.value, e.line), field, "'" + *text + "' is not a finite number");
  return x;
}

std::optional<std::string> readChoice(Diagnostics& d, const Entry& e, const std::string& field,
                                      const std::vector<std::string>& choices) {
  auto expected = joinWords(choices, " or ");
  auto text = readScalar(d, e, field, expected);
  if (!text) return std::nullopt;
  if (std::find(choices.begin(), choices.end(), *text) == choices.end()) {
    d.add(lineOf(e.value, e.line), field,
          "'" + *text + "' is not " + expected + didYouMean(*text, choices));
    return std::nullopt;
  }
  return text;
}

std::string paramText(const YAML::Node& scalar) {
  const std::string& text = scalar.Scalar();
  if (scalar.Tag() != "?" || text.empty()) return text;  // quoted: a string as written
  std::string_view digits = text;
  bool negative = false;
  if (digits.front() == '+' || digits.front() == '-') {
    negative = digits.front() == '-';
    digits.remove_prefix(1);
  }
  int base = 10;
  if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'o')) {
    if (text.front() == '+' || text.front() == '-') return text;  // YAML 1.2: unsigned only
    base = digits[1] == 'x' ? 16 : 8;
    digits.remove_prefix(2);
  }
  std::uint64_t n = 0;
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n, base);
  if (digits.empty() || ec != std::errc() || p != digits.data() + digits.size()) return text;
  if (n > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
    return text;  // out of range: as written
  return (negative && n != 0 ? "-" : "") + std::to_string(n);
}

}  // namespace cb::spec::detail
