#pragma once
// The rules for labels: the key=value pairs a run carries (`run --label`, suites, imports, the
// study id) and those a sample carries. The CLI checks with them before sending, the controller
// checks what it receives with the same functions, so both refuse the same labels with the same
// message. Pure.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace cb::labels {

/// At most this many labels on one run.
inline constexpr std::size_t kMaxRunLabels = 32;
inline constexpr std::size_t kMaxKeyChars = 64;
inline constexpr std::size_t kMaxValueChars = 256;

/// A letter or '_', then letters, digits, '_', '.' and '-'; 1..kMaxKeyChars characters.
bool isLabelKey(std::string_view key);

/// No control characters (tabs included): such text is shown in tables and used as a label.
bool isPrintable(std::string_view text);

/// One label of a run or a sample: isLabelKey() and a printable value of at most
/// kMaxValueChars. The error starts with "label key '<key>'" or "label '<key>'".
Status checkLabel(std::string_view key, std::string_view value);

/// checkLabel() and, for the key "environment", a value parseEnvironment() reads: "label
/// environment must be vm, container or bare (got 'VM')".
Status checkRunLabel(std::string_view key, std::string_view value);

/// At most kMaxRunLabels labels, each passing checkRunLabel(); the first bad one is the error.
Status checkRunLabels(const std::map<std::string, std::string>& labels);

}  // namespace cb::labels
