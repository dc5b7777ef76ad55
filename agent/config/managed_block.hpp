#pragma once
// The block clusterbench owns in a file it shares with the user (/etc/hosts, /etc/exports):
//
//   # BEGIN clusterbench
//   ...lines clusterbench rewrites...
//   # END clusterbench
//
// Every line outside a block is the user's and is kept byte for byte. Marker lines match after
// trailing blanks (space, tab, CR) are ignored. How damaged files are repaired:
//   - no block: the new block is appended at the end (a missing final newline is added first);
//   - several blocks: the first is replaced in place, the later ones are removed (they are ours);
//   - a BEGIN without a matching END: the BEGIN line is replaced by the new block and the lines
//     after it are kept as the user's (we cannot know where our old lines ended; losing a user
//     line would be worse than keeping a stale one), except further BEGIN markers, dropped;
//   - an END outside any block: that marker line is removed.
// Every repair adds a note. Applying the result again changes nothing. Pure.
#include <string>
#include <string_view>
#include <vector>

namespace cb::agent::config {

inline constexpr std::string_view kBlockBegin = "# BEGIN clusterbench";
inline constexpr std::string_view kBlockEnd = "# END clusterbench";

struct BlockEdit {
  std::string text;                // the whole new file
  std::vector<std::string> notes;  // one per repair, e.g. "removed a duplicate clusterbench block"
};

/// `current` (empty for a missing file) with its block holding exactly `body` (each line ended by
/// '\n'; "" gives an empty block) between the markers.
BlockEdit replaceManagedBlock(std::string_view current, std::string_view body);

/// The lines (without '\n') outside every well-formed block: the user's own lines.
std::vector<std::string_view> userLines(std::string_view text);

}  // namespace cb::agent::config
