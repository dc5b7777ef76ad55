#include "lab/qemu_disk.hpp"

#include <array>
#include <utility>

namespace cb::lab {
namespace {

constexpr std::array<std::pair<DiskCache, const char*>, 5> kCaches = {{
    {DiskCache::kNone, "none"},
    {DiskCache::kWriteback, "writeback"},
    {DiskCache::kWritethrough, "writethrough"},
    {DiskCache::kUnsafe, "unsafe"},
    {DiskCache::kDirectsync, "directsync"},
}};

}  // namespace

const char* toString(DiskFormat format) {
  return format == DiskFormat::kQcow2 ? "qcow2" : "raw";
}

const char* toString(DiskCache cache) {
  for (const auto& [c, name] : kCaches) {
    if (c == cache) return name;
  }
  return "unsafe";
}

Result<DiskFormat> parseDiskFormat(std::string_view text) {
  if (text == "raw") return DiskFormat::kRaw;
  if (text == "qcow2") return DiskFormat::kQcow2;
  return fail("--disk-format '" + std::string(text) + "': expected raw or qcow2");
}

Result<DiskCache> parseDiskCache(std::string_view text) {
  for (const auto& [c, name] : kCaches) {
    if (text == name) return c;
  }
  return fail("--disk-cache '" + std::string(text) +
              "': expected none, writeback, writethrough, unsafe or directsync");
}

std::string qemuOptionValue(const std::string& value) {
  std::string out;
  for (char c : value) {
    out += c;
    if (c == ',') out += ',';
  }
  return out;
}

std::filesystem::path qcow2OverlayPath(const std::filesystem::path& nodeDir) {
  return nodeDir / "disk.qcow2";
}

std::vector<std::string> qemuDriveArgs(const QemuDisk& disk,
                                       const std::filesystem::path& templateDisk,
                                       const std::filesystem::path& nodeDir) {
  const bool qcow2 = disk.format == DiskFormat::kQcow2;
  const std::filesystem::path file = qcow2 ? qcow2OverlayPath(nodeDir) : templateDisk;
  std::vector<std::string> out = {"-drive", "file=" + qemuOptionValue(file.string()) +
                                                ",if=virtio,format=" + toString(disk.format) +
                                                ",cache=" + toString(disk.cache)};
  if (!qcow2) out.push_back("-snapshot");
  return out;
}

std::vector<std::string> qcow2CreateArgv(const std::filesystem::path& templateDisk,
                                         const std::filesystem::path& overlay) {
  return {"qemu-img",      "create", "-q", "-f", "qcow2", "-F", "raw", "-b", templateDisk.string(),
          overlay.string()};
}

}  // namespace cb::lab
