#include "os/shipped_file.hpp"

namespace cb::os {

std::optional<std::filesystem::path> findShippedFile(
    const std::filesystem::path& binary, const std::filesystem::path& installed,
    const std::filesystem::path& tree,
    const std::function<bool(const std::filesystem::path&)>& usable) {
  const std::filesystem::path bin = binary.parent_path();
  const std::filesystem::path shared = bin.parent_path() / "share" / "clusterbench" / installed;
  if (usable(shared)) return shared;
  for (auto dir = bin; !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
    if (usable(dir / tree)) return dir / tree;
  }
  return std::nullopt;
}

}  // namespace cb::os
