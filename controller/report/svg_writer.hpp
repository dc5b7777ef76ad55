#pragma once
// Small helpers to write SVG markup by hand (inline in HTML, so no xmlns and nothing external).
#include <string>
#include <string_view>

namespace cb::report {

/// Text and attribute values escaped for XML/HTML (& < > " ').
std::string xmlEscape(std::string_view text);

/// A coordinate with at most 1 decimal ("12.5", "40").
std::string coord(double v);

/// Fixed colour palette (Okabe–Ito, readable for colour-blind readers); wraps around.
std::string paletteColor(std::size_t index);

/// `text` when it has at most `maxChars` characters (UTF-8 aware), else its first maxChars - 1
/// characters and "…".
std::string ellipsize(const std::string& text, std::size_t maxChars);

}  // namespace cb::report
