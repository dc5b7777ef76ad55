#pragma once
// Text that came from an agent (node facts, benchmark output, messages, sample labels) made safe
// to store, to put in JSON and to print on a terminal. The controller applies it once, where
// agent text enters it (hello facts in AgentGateway, task events and results in RunService,
// apply reports in ApplyService): everything stored and everything the CLI prints is then valid
// UTF-8 without terminal control sequences. Pure.
#include <string>
#include <string_view>

namespace cb::util {

/// U+FFFD REPLACEMENT CHARACTER in UTF-8.
inline constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

/// Valid UTF-8 with every invalid byte sequence (stray continuation bytes, truncated or overlong
/// sequences, surrogates, code points above U+10FFFF) replaced by one U+FFFD per maximal invalid
/// subpart (Unicode's "substitution of maximal subparts"), and every control character (C0
/// except \n and \t, DEL, C1 U+0080..U+009F) replaced by U+FFFD. Already-safe text is returned
/// unchanged.
std::string safeText(std::string_view text);

/// safeText(), and \n and \t are replaced too: one line (hostnames, labels, metric names).
std::string safeLine(std::string_view text);

}  // namespace cb::util
