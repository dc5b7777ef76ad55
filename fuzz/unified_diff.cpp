// Fuzz target: agent::config::unifiedDiff. The input is split at its first NUL byte into the old
// and the new text; a first byte of 0x01/0x02 makes the old/new side a missing file instead.
#include <optional>

#include "config/unified_diff.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input = cb::fuzz::text(data, size);
  bool oldMissing = false;
  bool newMissing = false;
  if (!input.empty() && (input[0] == '\x01' || input[0] == '\x02')) {
    oldMissing = input[0] == '\x01';
    newMissing = input[0] == '\x02';
    input.erase(0, 1);
  }
  auto cut = input.find('\0');
  std::optional<std::string> oldText = input.substr(0, cut);
  std::optional<std::string> newText =
      cut == std::string::npos ? std::string() : input.substr(cut + 1);
  if (oldMissing) oldText.reset();
  if (newMissing) newText.reset();
  auto diff = cb::agent::config::unifiedDiff("/etc/fuzz", oldText, newText);
  // Equal sides give no diff; different sides always give one.
  cb::fuzz::require(diff.empty() == (oldText == newText), "a diff exactly when the sides differ");
  return 0;
}
