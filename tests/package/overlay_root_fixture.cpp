#include "package/overlay_root.hpp"

#include <doctest/doctest.h>
#include <sched.h>
#include <sys/mount.h>

#include <cerrno>
#include <cstring>

namespace cb::test {

OverlayRoot::OverlayRoot(std::filesystem::path dir)
    : dir_(std::move(dir)),
      layers_(dir_ / "layers"),
      upper_(layers_ / "upper"),
      root_(dir_ / "root") {
  try {
    setUp();
  } catch (...) {
    tearDown();
    throw;
  }
}

void OverlayRoot::setUp() {
  REQUIRE_MESSAGE(::unshare(CLONE_NEWNS) == 0, "unshare(CLONE_NEWNS): " << std::strerror(errno));
  REQUIRE_MESSAGE(::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0,
                  "making / private: " << std::strerror(errno));
  REQUIRE(std::filesystem::create_directory(dir_));
  std::filesystem::create_directory(layers_);
  std::filesystem::create_directory(root_);
  // The upper layer lives on its own file system so that no layer lies inside another.
  mountOrFail("tmpfs", layers_, "tmpfs", 0, "size=2g,mode=0755");
  std::filesystem::create_directory(upper_);
  std::filesystem::create_directory(layers_ / "work");
  mountOrFail("overlay", root_, "overlay", 0,
              "lowerdir=/,upperdir=" + upper_.string() + ",workdir=" + (layers_ / "work").string());
  mountOrFail("/dev", root_ / "dev", nullptr, MS_BIND, "");
  mountOrFail("proc", root_ / "proc", "proc", 0, "");
  mountOrFail("/sys", root_ / "sys", nullptr, MS_BIND, "");
  mountOrFail("tmpfs", root_ / "run", "tmpfs", 0, "mode=0755");
}

OverlayRoot::~OverlayRoot() {
  tearDown();
}

void OverlayRoot::tearDown() {
  bool clean = true;
  for (auto it = mounts_.rbegin(); it != mounts_.rend(); ++it) {
    clean = ::umount2(it->c_str(), MNT_DETACH) == 0 && clean;
  }
  // Only empty directories are removed: never recurse into something still mounted.
  std::error_code ec;
  if (clean) {
    std::filesystem::remove(root_, ec);
    std::filesystem::remove(layers_, ec);
    std::filesystem::remove(dir_, ec);
  }
  mounts_.clear();
}

void OverlayRoot::mountOrFail(const std::string& source, const std::filesystem::path& target,
                              const char* type, unsigned long flags, const std::string& options) {
  int rc = ::mount(source.c_str(), target.c_str(), type, flags,
                   options.empty() ? nullptr : options.c_str());
  REQUIRE_MESSAGE(rc == 0, "mount " << source << " on " << target << ": " << std::strerror(errno));
  mounts_.push_back(target);
}

}  // namespace cb::test
