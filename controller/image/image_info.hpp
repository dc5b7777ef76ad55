#pragma once
// The template image scripts/build-image writes (docs/LAB.md): where it is, what it holds, and
// where the script itself is. Reading only; building is `clusterbench image build`.
#include <filesystem>
#include <string>

#include "util/result.hpp"

namespace cb::image {

constexpr const char* kDefaultImageDir = "/var/cache/clusterbench/image";

struct ImageInfo {
  std::filesystem::path dir;
  std::filesystem::path rootfs;     // tree: systemd-nspawn's overlay lower dir
  std::filesystem::path rootfsTar;  // container base for `podman import`
  std::filesystem::path disk;       // raw ext4 disk image (QEMU)
  std::filesystem::path kernel;     // vmlinuz booted with -kernel
  std::filesystem::path initrd;     // initrd.img with the virtio modules
  std::filesystem::path vdi;        // VirtualBox disk; empty when built with --no-vdi
  std::string agentKey;             // hash of the agent layer: changes with the agent binary
  std::string kernelVersion;
};

/// Reads <dir>/image.json; errors name the file and say how to build the image.
Result<ImageInfo> loadImageInfo(const std::filesystem::path& dir);

/// `flag` when given, else $CLUSTERBENCH_IMAGE_DIR, else kDefaultImageDir; made absolute.
std::filesystem::path resolveImageDir(const std::string& flag);

/// scripts/build-image: $CLUSTERBENCH_BUILD_IMAGE when set, else ../share/clusterbench/build-image
/// beside the binary, else scripts/build-image in a source tree above the binary (a build dir).
Result<std::filesystem::path> findBuildImageScript(const std::filesystem::path& selfBinary);

}  // namespace cb::image
