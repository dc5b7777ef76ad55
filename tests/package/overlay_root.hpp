#pragma once
// A throwaway copy of the host's root file system: an overlay with the host's / as its read-only
// lower layer and a tmpfs as its upper layer, mounted in a private mount namespace of this test
// process (so nothing is visible to, or left on, the host). Everything written under root() -
// packages installed with `chroot root() dpkg -i` included - lands in upper() and disappears
// with the object. Needs root. Not thread-safe: the namespace belongs to the calling thread.
#include <filesystem>
#include <string>
#include <vector>

namespace cb::test {

class OverlayRoot {
 public:
  /// Mounts under `dir` (created; must not exist yet). Fails the test on any error.
  explicit OverlayRoot(std::filesystem::path dir);
  /// Detaches every mount, then removes the (then empty) directories.
  ~OverlayRoot();
  OverlayRoot(const OverlayRoot&) = delete;
  OverlayRoot& operator=(const OverlayRoot&) = delete;

  const std::filesystem::path& root() const { return root_; }
  /// Every change made under root(), as overlayfs records it.
  const std::filesystem::path& upper() const { return upper_; }

 private:
  void setUp();
  void tearDown();
  void mountOrFail(const std::string& source, const std::filesystem::path& target, const char* type,
                   unsigned long flags, const std::string& options);

  std::filesystem::path dir_, layers_, upper_, root_;
  std::vector<std::filesystem::path> mounts_;  // in mount order
};

}  // namespace cb::test
