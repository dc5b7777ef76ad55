#pragma once
// Files under a root directory: "/" on a real node, a temporary tree in tests, a lab node's own
// tree in the netns lab. Every path given to a Filesystem is absolute as seen by the node
// ("/etc/hosts") and is resolved under the root; ".." components are refused. Below the root no
// symlink is ever followed: read, write, remove, makeDirs and listRegularFiles walk the path one
// directory at a time (openat with O_DIRECTORY|O_NOFOLLOW), and a symlink met on the way or as
// the file itself is an error naming it, so nothing outside the tree is read or written. Writes
// go through writeFileAtomicAt (os/atomic_file.hpp).
// Thread-safety: none needed beyond the OS's; one instance per applier run is fine.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace cb::os {

class Filesystem {
 public:
  virtual ~Filesystem() = default;
  /// The file's contents; nullopt when it does not exist; an error when it cannot be read.
  virtual Result<std::optional<std::string>> read(const std::string& path) = 0;
  /// Replaces the file atomically (temp + fsync + rename + dir fsync), creating parent
  /// directories (0755) as needed.
  virtual Status write(const std::string& path, std::string_view content, unsigned mode = 0644) = 0;
  /// Removes the file; a missing file is not an error.
  virtual Status remove(const std::string& path) = 0;
  virtual bool exists(const std::string& path) = 0;
  /// Creates the directory and its parents (0755); an existing directory is not an error.
  virtual Status makeDirs(const std::string& path) = 0;
  /// Names of the regular files directly in directory `path`, sorted; symlinks and other
  /// non-regular entries are left out (never followed). A missing directory lists empty; a
  /// `path` that is a symlink or not a directory is an error.
  virtual Result<std::vector<std::string>> listRegularFiles(const std::string& path) = 0;
  /// Where `path` lives on the host (root / path), for messages and tests.
  virtual std::filesystem::path hostPath(const std::string& path) const = 0;
};

/// The real filesystem under `root` (which must exist).
std::unique_ptr<Filesystem> makeRootedFilesystem(const std::filesystem::path& root);

}  // namespace cb::os
