// The VM half of detectVirt, following detect_vm() in systemd's src/basic/virt.c.
#include <array>
#include <string_view>
#include <system_error>

#include "facts/root_files.hpp"
#include "facts/text_fields.hpp"
#include "facts/virt_detect.hpp"

namespace cb::agent {
namespace {

struct DmiVendor {
  std::string_view prefix;
  std::string_view tech;
};

/// systemd's dmi_vendor_table, in its order (first prefix match wins). Ids we do not report
/// (bhyve, apple, google) map to "vm-other".
constexpr std::array<DmiVendor, 17> kDmiVendors = {{
    {"KVM", "kvm"},
    {"OpenStack", "kvm"},
    {"KubeVirt", "kvm"},
    {"Amazon EC2", "amazon"},
    {"QEMU", "qemu"},
    {"VMware", "vmware"},
    {"VMW", "vmware"},
    {"innotek GmbH", "oracle"},
    {"VirtualBox", "oracle"},
    {"Oracle Corporation", "oracle"},
    {"Xen", "xen"},
    {"Bochs", "bochs"},
    {"Parallels", "parallels"},
    {"BHYVE", "vm-other"},
    {"Hyper-V", "microsoft"},
    {"Apple Virtualization", "vm-other"},
    {"Google Compute Engine", "vm-other"},
}};

/// DMI files in systemd's order: product_name before sys_vendor to tell KVM from QEMU,
/// product_version for Hyper-V.
constexpr std::array<std::string_view, 5> kDmiFiles = {
    "sys/class/dmi/id/product_name", "sys/class/dmi/id/sys_vendor", "sys/class/dmi/id/board_vendor",
    "sys/class/dmi/id/bios_vendor", "sys/class/dmi/id/product_version"};

/// The first DMI file whose first line matches the vendor table decides.
std::string detectDmi(const std::filesystem::path& root) {
  std::string tech = "none";
  for (auto file : kDmiFiles) {
    auto text = readUnder(root, file);
    if (!text) continue;
    tech = vmTechFromDmi(firstLine(*text));
    if (tech != "none") break;
  }
  // DMI cannot tell an EC2 VM from an EC2 bare-metal instance; without the SMBIOS VM bit systemd
  // falls back to the product name: "<type>.metal" or "<type>.metal-<n>" is bare metal.
  if (tech == "amazon") {
    if (auto product = readUnder(root, "sys/class/dmi/id/product_name")) {
      const std::string_view name = firstLine(*product);
      const auto at = name.find(".metal");
      const auto after = at == std::string_view::npos ? at : at + 6;
      if (at != std::string_view::npos && (after == name.size() || name[after] == '-')) {
        return "none";
      }
    }
  }
  return tech;
}

/// sys/hypervisor/type: "xen", or some other hypervisor we cannot name.
std::string detectSysHypervisor(const std::filesystem::path& root) {
  auto text = readUnder(root, "sys/hypervisor/type");
  if (!text) return "none";
  return firstLine(*text) == "xen" ? "xen" : "vm-other";
}

/// The device tree (ARM, POWER, RISC-V guests).
std::string detectDeviceTree(const std::filesystem::path& root) {
  if (auto compatible = readUnder(root, "proc/device-tree/hypervisor/compatible")) {
    return vmTechFromDeviceTree(*compatible);
  }
  if (existsUnder(root, "proc/device-tree/ibm,partition-name") &&
      existsUnder(root, "proc/device-tree/hmc-managed?") &&
      !existsUnder(root, "proc/device-tree/chosen/qemu,graphic-width")) {
    return "vm-other";  // PowerVM
  }
  std::error_code ec;
  for (std::filesystem::directory_iterator it(root / "proc/device-tree", ec), end; !ec && it != end;
       it.increment(ec)) {
    if (it->path().filename().string().find("fw-cfg") != std::string::npos) return "qemu";
  }
  if (auto compat = readUnder(root, "proc/device-tree/compatible")) {
    if (firstLine(*compat) == "qemu,pseries") return "qemu";
  }
  return "none";
}

}  // namespace

std::string vmTechFromDmi(std::string_view dmiValue) {
  for (const auto& vendor : kDmiVendors) {
    if (dmiValue.substr(0, vendor.prefix.size()) == vendor.prefix) return std::string(vendor.tech);
  }
  return "none";
}

std::string vmTechFromDeviceTree(std::string_view compatible) {
  const std::string_view value = firstLine(compatible);
  if (value == "linux,kvm") return "kvm";
  if (value.find("xen") != std::string_view::npos) return "xen";
  if (value.find("vmware") != std::string_view::npos) return "vmware";
  return "vm-other";
}

bool cpuinfoHasHypervisorFlag(std::string_view cpuinfo) {
  auto flags = firstFieldValue(cpuinfo, "flags");
  if (!flags) return false;
  std::string_view rest = *flags;
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    if (rest.substr(0, space) == "hypervisor") return true;
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
  }
  return false;
}

bool cpuinfoIsUserModeLinux(std::string_view cpuinfo) {
  auto vendor = firstFieldValue(cpuinfo, "vendor_id");
  return vendor && vendor->substr(0, 15) == "User Mode Linux";
}

bool clocksourcesHaveKvmClock(std::string_view available) {
  std::string_view rest = firstLine(available);
  while (!rest.empty()) {
    const auto space = rest.find(' ');
    if (rest.substr(0, space) == "kvm-clock") return true;
    rest = space == std::string_view::npos ? std::string_view{} : rest.substr(space + 1);
  }
  return false;
}

std::string detectVm(const std::filesystem::path& root) {
  // First the DMI ids that win even over CPUID: VirtualBox, Xen, EC2 and Parallels can run on KVM.
  const std::string dmi = detectDmi(root);
  if (dmi == "oracle" || dmi == "xen" || dmi == "amazon" || dmi == "parallels") return dmi;

  const auto cpuinfo = readUnder(root, "proc/cpuinfo");
  if (cpuinfo && cpuinfoIsUserModeLinux(*cpuinfo)) return "vm-other";  // systemd: "uml"

  // Where systemd reads the CPUID vendor signature we only see the hypervisor bit: it says "some
  // VM", and only decides when nothing below names one.
  bool other = cpuinfo && cpuinfoHasHypervisorFlag(*cpuinfo);

  // QEMU's DMI names QEMU with or without KVM; systemd tells them apart by the CPUID signature.
  // From files: KVM's paravirtual clock (kvm-clock) exists only with KVM, never under TCG.
  if (dmi == "qemu") {
    auto clocks =
        readUnder(root, "sys/devices/system/clocksource/clocksource0/available_clocksource");
    if (clocks && clocksourcesHaveKvmClock(*clocks)) return "kvm";
  }
  if (dmi != "none") return dmi;
  for (auto probe : {detectSysHypervisor, detectDeviceTree}) {
    const std::string tech = probe(root);
    if (tech == "vm-other") {
      other = true;  // remembered; a later probe may still name the hypervisor
    } else if (tech != "none") {
      return tech;
    }
  }
  return other ? "vm-other" : "none";
}

}  // namespace cb::agent
