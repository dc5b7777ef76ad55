// detectVirt and its container half; the VM half is in vm_detect.cpp.
#include "facts/virt_detect.hpp"

#include <array>
#include <utility>

#include "facts/root_files.hpp"

namespace cb::agent {
namespace {

/// Every id detectContainer can return; anything else detectVirt sees is a VM id.
constexpr std::array<std::string_view, 8> kContainerIds = {
    "docker", "podman", "systemd-nspawn", "lxc", "lxc-libvirt", "wsl", "openvz", "container-other"};

bool isContainerId(std::string_view tech) {
  for (auto id : kContainerIds) {
    if (id == tech) return true;
  }
  return false;
}

/// The well-known files a container manager leaves behind; podman first, docker last, because
/// /.dockerenv can end up in any image built by docker (systemd's detect_container_files()).
std::string containerFromFiles(const std::filesystem::path& root) {
  if (existsUnder(root, "run/.containerenv")) return "podman";
  if (existsUnder(root, ".dockerenv")) return "docker";
  return "none";
}

/// A manager name read from a file or the environment; "oci" names no manager, so the files decide.
std::string translateName(const std::filesystem::path& root, std::string_view name) {
  if (name == "oci") {
    std::string fromFiles = containerFromFiles(root);
    return fromFiles == "none" ? "container-other" : fromFiles;
  }
  return containerTechFromName(name);
}

}  // namespace

std::string containerTechFromName(std::string_view name) {
  // systemd's container_table; rkt, proot and pouch are not ids we report.
  for (std::string_view id : {"lxc", "lxc-libvirt", "systemd-nspawn", "docker", "podman", "wsl"}) {
    if (name == id) return std::string(id);
  }
  return "container-other";
}

std::optional<std::string> environValue(std::string_view environ, std::string_view key) {
  while (!environ.empty()) {
    const auto end = environ.find('\0');
    const std::string_view entry = environ.substr(0, end);
    environ = end == std::string_view::npos ? std::string_view{} : environ.substr(end + 1);
    if (entry.size() > key.size() && entry.substr(0, key.size()) == key &&
        entry[key.size()] == '=') {
      return std::string(entry.substr(key.size() + 1));
    }
  }
  return std::nullopt;
}

std::string detectContainer(const std::filesystem::path& root) {
  // /proc/vz exists inside and outside an OpenVZ container, /proc/bc only outside.
  if (existsUnder(root, "proc/vz") && !existsUnder(root, "proc/bc")) return "openvz";

  // The "official" way of detecting WSL (microsoft/WSL#423).
  if (auto osrelease = readUnder(root, "proc/sys/kernel/osrelease")) {
    const std::string_view line = firstLine(*osrelease);
    if (line.find("Microsoft") != std::string_view::npos ||
        line.find("WSL") != std::string_view::npos) {
      return "wsl";
    }
  }

  // Files a manager or PID 1 wrote for us, then PID 1's environment (needs CAP_SYS_PTRACE when
  // PID 1 belongs to another user; unreadable counts as absent).
  for (std::string_view file : {"run/host/container-manager", "run/systemd/container"}) {
    if (auto text = readUnder(root, file)) {
      const std::string_view name = firstLine(*text);
      if (!name.empty()) return translateName(root, name);
    }
  }
  if (auto environ = readUnder(root, "proc/1/environ")) {
    if (auto name = environValue(*environ, "container"); name && !name->empty()) {
      return translateName(root, *name);
    }
  }
  return containerFromFiles(root);
}

Virt detectVirt(const std::filesystem::path& root) {
  std::string tech = detectContainer(root);
  if (tech == "none") tech = detectVm(root);
  if (tech == "none") return Virt{labels::Environment::kBare, "none"};
  auto environment =
      isContainerId(tech) ? labels::Environment::kContainer : labels::Environment::kVm;
  return Virt{environment, std::move(tech)};
}

}  // namespace cb::agent
