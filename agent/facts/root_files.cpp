#include "facts/root_files.hpp"

#include <cassert>
#include <fstream>
#include <system_error>

namespace cb::agent {

std::optional<std::string> readUnder(const std::filesystem::path& root, std::string_view relPath) {
  assert(!relPath.empty() && relPath.front() != '/');
  std::ifstream in(root / relPath, std::ios::binary);
  if (!in) return std::nullopt;
  std::string out;
  char buf[8192];
  while (out.size() < kMaxRootFileBytes) {
    in.read(buf, sizeof buf);
    const std::streamsize got = in.gcount();
    if (got <= 0) break;
    out.append(buf, static_cast<std::size_t>(got));
  }
  if (in.bad()) return std::nullopt;  // e.g. EACCES surfaces on the first read of some procfs files
  if (out.size() > kMaxRootFileBytes) out.resize(kMaxRootFileBytes);
  return out;
}

bool existsUnder(const std::filesystem::path& root, std::string_view relPath) {
  assert(!relPath.empty() && relPath.front() != '/');
  std::error_code ec;
  // Follows symlinks, like systemd's access(F_OK).
  const bool exists = std::filesystem::exists(root / relPath, ec);
  return exists && !ec;
}

std::string_view trimBlanks(std::string_view text) {
  constexpr std::string_view kBlanks = " \t\r\n";
  const auto first = text.find_first_not_of(kBlanks);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(kBlanks);
  return text.substr(first, last - first + 1);
}

std::string_view firstLine(std::string_view text) {
  return trimBlanks(text.substr(0, text.find_first_of(std::string_view("\n\0", 2))));
}

}  // namespace cb::agent
