#include "image/image_info.hpp"

#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "os/atomic_file.hpp"
#include "os/shipped_file.hpp"

namespace cb::image {

namespace fs = std::filesystem;

Result<ImageInfo> loadImageInfo(const fs::path& dir) {
  fs::path file = dir / "image.json";
  std::error_code ec;
  if (!fs::exists(file, ec)) {
    return fail("no template image in " + dir.string() + " (" + file.string() +
                " is missing): build it with `clusterbench image build --out " + dir.string() +
                "` (debootstrap, about 3 minutes and 400 MB from the Debian mirror)");
  }
  auto text = os::readFile(file);
  if (!text) return fail(text.error());
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("version", 0) != 1) {
    return fail(file.string() + " is not an image description of version 1; rebuild the image");
  }
  ImageInfo info;
  info.dir = dir;
  info.rootfs = j.value("rootfs", "");
  info.rootfsTar = j.value("rootfs_tar", "");
  info.disk = j.value("disk", "");
  info.kernel = j.value("kernel", "");
  info.initrd = j.value("initrd", "");
  info.vdi = j.value("vdi", "");
  info.agentKey = j.value("agent_key", "");
  info.kernelVersion = j.value("kernel_version", "");
  for (const auto* p : {&info.rootfs, &info.rootfsTar, &info.disk, &info.kernel, &info.initrd}) {
    if (p->empty() || !fs::exists(*p, ec)) {
      return fail(file.string() + " names '" + p->string() +
                  "', which does not exist; rebuild the image with `clusterbench image build`");
    }
  }
  if (info.agentKey.empty()) return fail(file.string() + " has no agent_key; rebuild the image");
  return info;
}

fs::path resolveImageDir(const std::string& flag) {
  std::string dir = flag;
  if (dir.empty()) {
    const char* env = std::getenv("CLUSTERBENCH_IMAGE_DIR");
    dir = env && *env ? env : kDefaultImageDir;
  }
  return fs::absolute(dir);
}

Result<fs::path> findBuildImageScript(const fs::path& selfBinary) {
  if (const char* env = std::getenv("CLUSTERBENCH_BUILD_IMAGE"); env && *env) {
    if (::access(env, X_OK) == 0) return fs::path(env);
    return fail("$CLUSTERBENCH_BUILD_IMAGE=" + std::string(env) + " is not executable");
  }
  auto found =
      os::findShippedFile(selfBinary, "build-image", "scripts/build-image",
                          [](const fs::path& p) { return ::access(p.c_str(), X_OK) == 0; });
  if (found) return *found;
  const fs::path bin = selfBinary.parent_path();
  return fail("cannot find build-image (looked for " +
              (bin.parent_path() / "share" / "clusterbench" / "build-image").string() +
              " and scripts/build-image above " + bin.string() +
              "); set CLUSTERBENCH_BUILD_IMAGE to its path");
}

}  // namespace cb::image
