#include "report/svg_writer.hpp"

#include <array>
#include <cmath>
#include <cstdio>

namespace cb::report {

std::string xmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string coord(double v) {
  if (!std::isfinite(v)) return "0";
  char buf[32];
  const double rounded = std::round(v * 10) / 10;
  if (rounded == std::floor(rounded)) {
    std::snprintf(buf, sizeof buf, "%.0f", rounded == 0 ? 0.0 : rounded);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f", rounded);
  }
  return buf;
}

std::string paletteColor(std::size_t index) {
  static constexpr std::array<const char*, 7> kColors = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                                         "#56B4E9", "#D55E00", "#555555"};
  return kColors[index % kColors.size()];
}

std::string ellipsize(const std::string& text, std::size_t maxChars) {
  auto isLead = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; };
  std::size_t total = 0;
  for (char c : text) total += isLead(c) ? 1 : 0;
  if (total <= maxChars || maxChars == 0) return total <= maxChars ? text : std::string();
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (!isLead(text[i])) continue;
    if (chars == maxChars - 1) return text.substr(0, i) + "…";
    ++chars;
  }
  return text;
}

}  // namespace cb::report
