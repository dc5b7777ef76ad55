// detectVirt over captured trees (tests/data/facts/README.md), over synthetic fixture trees, and
// over per-rule trees written to a temporary directory.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "facts/virt_detect.hpp"
#include "os/atomic_file.hpp"

namespace fs = std::filesystem;
using cb::agent::detectVirt;
using cb::agent::Virt;
using namespace std::string_literals;

namespace {

const fs::path kFacts = fs::path(CB_TEST_DATA) / "facts";

std::string slurpLine(const fs::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

/// A root tree under a fresh temporary directory, removed on destruction.
class TempTree {
 public:
  TempTree() {
    std::string tmpl = (fs::temp_directory_path() / "cb-virt-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    root_ = tmpl;
  }
  ~TempTree() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  TempTree(const TempTree&) = delete;
  TempTree& operator=(const TempTree&) = delete;

  const fs::path& root() const { return root_; }

  /// Writes root/rel with exactly these bytes, creating parent directories.
  TempTree& file(const std::string& rel, const std::string& content) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel, std::ios::binary) << content;
    return *this;
  }
  TempTree& dir(const std::string& rel) {
    fs::create_directories(root_ / rel);
    return *this;
  }
  TempTree& dmi(const std::string& name, const std::string& value) {
    return file("sys/class/dmi/id/" + name, value + "\n");
  }

 private:
  fs::path root_;
};

void checkVirt(const Virt& v, const std::string& environment, const std::string& tech) {
  CHECK(cb::labels::toString(v.environment) == environment);
  CHECK(v.tech == tech);
}

}  // namespace

TEST_CASE("detectVirt agrees with systemd-detect-virt on captured container trees") {
  for (const char* tree : {"podman-runc", "systemd-nspawn", "firecracker-microvm"}) {
    CAPTURE(tree);
    const std::string expected = slurpLine(kFacts / tree / "systemd-detect-virt.txt");
    REQUIRE(!expected.empty());
    checkVirt(detectVirt(kFacts / tree / "root"), "container", expected);
  }
}

TEST_CASE("the Firecracker microVM without its image's .dockerenv is a VM nothing names") {
  // systemd says "kvm" from the CPUID signature, which files cannot show; the cpuinfo hypervisor
  // flag still tells us it is a VM.
  CHECK(slurpLine(kFacts / "firecracker-microvm" / "systemd-detect-virt-vm.txt") == "kvm");
  TempTree t;
  fs::copy(kFacts / "firecracker-microvm" / "root", t.root(), fs::copy_options::recursive);
  fs::remove(t.root() / ".dockerenv");
  checkVirt(detectVirt(t.root()), "vm", "vm-other");
}

TEST_CASE("synthetic marker trees") {
  checkVirt(detectVirt(kFacts / "synthetic-docker" / "root"), "container", "docker");
  checkVirt(detectVirt(kFacts / "synthetic-virtualbox" / "root"), "vm", "oracle");
  checkVirt(detectVirt(kFacts / "synthetic-kvm" / "root"), "vm", "kvm");
}

TEST_CASE("an empty or missing root is bare metal") {
  TempTree t;
  checkVirt(detectVirt(t.root()), "bare", "none");
  checkVirt(detectVirt(t.root() / "does-not-exist"), "bare", "none");
}

TEST_CASE("container rules in systemd's order") {
  SUBCASE("openvz: /proc/vz without /proc/bc") {
    TempTree t;
    t.dir("proc/vz");
    checkVirt(detectVirt(t.root()), "container", "openvz");
    t.dir("proc/bc");  // the OpenVZ host itself
    checkVirt(detectVirt(t.root()), "bare", "none");
  }
  SUBCASE("wsl from the kernel release") {
    TempTree t;
    t.file("proc/sys/kernel/osrelease", "4.4.0-19041-Microsoft\n");
    checkVirt(detectVirt(t.root()), "container", "wsl");
    t.file("proc/sys/kernel/osrelease", "5.15.153.1-microsoft-standard-WSL2\n");
    checkVirt(detectVirt(t.root()), "container", "wsl");
    t.file("proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
    checkVirt(detectVirt(t.root()), "bare", "none");
  }
  SUBCASE("run/host/container-manager beats marker files") {
    TempTree t;
    t.file(".dockerenv", "").file("run/host/container-manager", "systemd-nspawn\n");
    checkVirt(detectVirt(t.root()), "container", "systemd-nspawn");
  }
  SUBCASE("an empty container-manager file is ignored") {
    TempTree t;
    t.file("run/host/container-manager", "").file("run/systemd/container", "lxc\n");
    checkVirt(detectVirt(t.root()), "container", "lxc");
  }
  SUBCASE("run/systemd/container before proc/1/environ") {
    TempTree t;
    t.file("run/systemd/container", "lxc-libvirt\n");
    t.file("proc/1/environ", "container=podman\0"s);
    checkVirt(detectVirt(t.root()), "container", "lxc-libvirt");
  }
  SUBCASE("$container of PID 1") {
    TempTree t;
    t.file("proc/1/environ", "PATH=/bin\0container=lxc\0HOME=/\0"s);
    checkVirt(detectVirt(t.root()), "container", "lxc");
  }
  SUBCASE("an empty $container falls through to the marker files") {
    TempTree t;
    t.file("proc/1/environ", "container=\0"s).file(".dockerenv", "");
    checkVirt(detectVirt(t.root()), "container", "docker");
  }
  SUBCASE("unknown managers are container-other") {
    TempTree t;
    t.file("run/systemd/container", "rkt\n");
    checkVirt(detectVirt(t.root()), "container", "container-other");
  }
  SUBCASE("container=oci asks the marker files") {
    TempTree t;
    t.file("proc/1/environ", "container=oci\0"s);
    checkVirt(detectVirt(t.root()), "container", "container-other");
    t.file(".dockerenv", "");
    checkVirt(detectVirt(t.root()), "container", "docker");
  }
  SUBCASE("podman's marker before docker's") {
    TempTree t;
    t.file(".dockerenv", "").file("run/.containerenv", "");
    checkVirt(detectVirt(t.root()), "container", "podman");
  }
  SUBCASE("a container inside a VM reports the container") {
    TempTree t;
    t.dmi("sys_vendor", "innotek GmbH").file(".dockerenv", "");
    checkVirt(detectVirt(t.root()), "container", "docker");
  }
}

TEST_CASE("VM rules in systemd's order") {
  const std::string hypervisorCpu = "processor\t: 0\nflags\t\t: fpu vme hypervisor lahf_lm\n";
  SUBCASE("product_name is read before sys_vendor (KVM over QEMU)") {
    TempTree t;
    t.dmi("sys_vendor", "QEMU").dmi("product_name", "KVM");
    checkVirt(detectVirt(t.root()), "vm", "kvm");
  }
  SUBCASE("plain QEMU") {
    TempTree t;
    t.dmi("sys_vendor", "QEMU").dmi("product_name", "Standard PC (Q35 + ICH9, 2009)");
    t.file("proc/cpuinfo", hypervisorCpu);
    checkVirt(detectVirt(t.root()), "vm", "qemu");
  }
  SUBCASE("QEMU under KVM: kvm-clock among the clock sources (TCG has none)") {
    // The clock source list captured verbatim on this machine's KVM-based microVM.
    auto clocks =
        cb::os::readFile(kFacts / "firecracker-microvm" / "root" / "sys" / "devices" / "system" /
                         "clocksource" / "clocksource0" / "available_clocksource");
    REQUIRE(clocks);
    REQUIRE(cb::agent::clocksourcesHaveKvmClock(*clocks));
    TempTree t;
    t.dmi("sys_vendor", "QEMU").dmi("product_name", "Standard PC (Q35 + ICH9, 2009)");
    t.file("proc/cpuinfo", hypervisorCpu);
    t.file("sys/devices/system/clocksource/clocksource0/available_clocksource", *clocks);
    checkVirt(detectVirt(t.root()), "vm", "kvm");
    CHECK_FALSE(cb::agent::clocksourcesHaveKvmClock("tsc hpet acpi_pm \n"));
    CHECK_FALSE(cb::agent::clocksourcesHaveKvmClock("tsc kvm-clockx\n"));
  }
  SUBCASE("VirtualBox wins over everything else") {
    TempTree t;
    t.dmi("board_vendor", "Oracle Corporation").file("proc/cpuinfo", hypervisorCpu);
    t.file("sys/hypervisor/type", "xen\n");
    checkVirt(detectVirt(t.root()), "vm", "oracle");
  }
  SUBCASE("Hyper-V through product_version") {
    TempTree t;
    t.dmi("sys_vendor", "Microsoft Corporation")
        .dmi("product_version", "Hyper-V UEFI Release v4.1");
    checkVirt(detectVirt(t.root()), "vm", "microsoft");
  }
  SUBCASE("EC2: a VM unless the product is .metal") {
    TempTree t;
    t.dmi("sys_vendor", "Amazon EC2").dmi("product_name", "m5.large");
    checkVirt(detectVirt(t.root()), "vm", "amazon");
    t.dmi("product_name", "m5.metal");
    checkVirt(detectVirt(t.root()), "bare", "none");
    t.dmi("product_name", "c6i.metal-32xl");
    checkVirt(detectVirt(t.root()), "bare", "none");
    t.dmi("product_name", "m5.metalx");
    checkVirt(detectVirt(t.root()), "vm", "amazon");
  }
  SUBCASE("a bare-metal DMI without the hypervisor flag") {
    TempTree t;
    t.dmi("sys_vendor", "Dell Inc.").dmi("product_name", "PowerEdge R640");
    t.file("proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu vme lahf_lm\n");
    checkVirt(detectVirt(t.root()), "bare", "none");
  }
  SUBCASE("the hypervisor flag alone is vm-other; later probes may name it") {
    TempTree t;
    t.file("proc/cpuinfo", hypervisorCpu);
    checkVirt(detectVirt(t.root()), "vm", "vm-other");
    t.file("sys/hypervisor/type", "xen\n");
    checkVirt(detectVirt(t.root()), "vm", "xen");
  }
  SUBCASE("sys/hypervisor/type other than xen") {
    TempTree t;
    t.file("sys/hypervisor/type", "s390\n");
    checkVirt(detectVirt(t.root()), "vm", "vm-other");
  }
  SUBCASE("device tree") {
    TempTree t;
    t.file("proc/device-tree/hypervisor/compatible", "linux,kvm\0"s);
    checkVirt(detectVirt(t.root()), "vm", "kvm");
    t.file("proc/device-tree/hypervisor/compatible", "xen,xen-4.17\0xen,xen\0"s);
    checkVirt(detectVirt(t.root()), "vm", "xen");
  }
  SUBCASE("device tree with a fw-cfg node is QEMU") {
    TempTree t;
    t.dir("proc/device-tree/fw-cfg@9030000");
    checkVirt(detectVirt(t.root()), "vm", "qemu");
  }
  SUBCASE("User Mode Linux") {
    TempTree t;
    t.file("proc/cpuinfo", "processor\t: 0\nvendor_id\t: User Mode Linux\n");
    checkVirt(detectVirt(t.root()), "vm", "vm-other");
  }
}

TEST_CASE("pure helpers") {
  using namespace cb::agent;
  CHECK(vmTechFromDmi("VMware, Inc.") == "vmware");
  CHECK(vmTechFromDmi("VMW201") == "vmware");
  CHECK(vmTechFromDmi("Xen") == "xen");
  CHECK(vmTechFromDmi("Bochs") == "bochs");
  CHECK(vmTechFromDmi("Parallels Software International Inc.") == "parallels");
  CHECK(vmTechFromDmi("OpenStack Nova") == "kvm");
  CHECK(vmTechFromDmi("Google Compute Engine") == "vm-other");
  CHECK(vmTechFromDmi("LENOVO") == "none");
  CHECK(vmTechFromDmi("") == "none");
  CHECK(vmTechFromDeviceTree("vmware,vmware\0"s) == "vmware");
  CHECK(vmTechFromDeviceTree("acme,hv") == "vm-other");
  CHECK(containerTechFromName("docker") == "docker");
  CHECK(containerTechFromName("proot") == "container-other");
  CHECK(environValue("a=1\0container=podman\0"s, "container") == "podman");
  CHECK(environValue("containers=x\0"s, "container") == std::nullopt);
  CHECK(environValue("", "container") == std::nullopt);
  CHECK(cpuinfoHasHypervisorFlag("flags\t\t: fpu hypervisor\n"));
  CHECK_FALSE(cpuinfoHasHypervisorFlag("flags\t\t: fpu hypervisorx\n"));
  CHECK_FALSE(cpuinfoHasHypervisorFlag("processor\t: 0\n"));
}

TEST_CASE("detectVirt(\"/\") names the container systemd-detect-virt names on this machine") {
  FILE* p = ::popen("systemd-detect-virt --container 2>/dev/null", "r");
  REQUIRE(p != nullptr);
  char buf[128] = {};
  const bool got = std::fgets(buf, sizeof buf, p) != nullptr;
  ::pclose(p);
  std::string systemd = got ? std::string(buf) : "";
  if (!systemd.empty() && systemd.back() == '\n') systemd.pop_back();
  const Virt v = detectVirt("/");
  if (systemd.empty()) {
    MESSAGE("systemd-detect-virt not installed; shape checks only");
  } else if (systemd != "none") {
    checkVirt(v, "container", systemd);
  }
  CHECK((v.environment == cb::labels::Environment::kBare) == (v.tech == "none"));
  CHECK(!v.tech.empty());
}
