#include "labels/run_labels.hpp"

#include "labels/environment.hpp"

namespace cb::labels {

bool isLabelKey(std::string_view key) {
  if (key.empty() || key.size() > kMaxKeyChars) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(key.front())) return false;
  for (char c : key) {
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '.' && c != '-') return false;
  }
  return true;
}

bool isPrintable(std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return false;
  }
  return true;
}

Status checkLabel(std::string_view key, std::string_view value) {
  if (!isLabelKey(key)) {
    return fail("label key '" + std::string(key) +
                "' must be a letter or '_' then letters, digits, '_', '.', '-' (at most " +
                std::to_string(kMaxKeyChars) + " characters)");
  }
  if (value.size() > kMaxValueChars || !isPrintable(value)) {
    return fail("label '" + std::string(key) + "' must be printable text of at most " +
                std::to_string(kMaxValueChars) + " characters");
  }
  return okStatus();
}

Status checkRunLabel(std::string_view key, std::string_view value) {
  if (auto s = checkLabel(key, value); !s) return s;
  if (key == "environment") {
    if (auto e = parseEnvironment(value); !e) return fail("label " + e.error());
  }
  return okStatus();
}

Status checkRunLabels(const std::map<std::string, std::string>& labels) {
  if (labels.size() > kMaxRunLabels) {
    return fail(std::to_string(labels.size()) + " labels, at most " +
                std::to_string(kMaxRunLabels));
  }
  for (const auto& [key, value] : labels) {
    if (auto s = checkRunLabel(key, value); !s) return s;
  }
  return okStatus();
}

}  // namespace cb::labels
