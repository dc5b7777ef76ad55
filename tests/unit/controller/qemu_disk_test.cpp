// The qemu lab's disk format and cache mode: parsing, the -drive arguments, the qemu-img command
// (run for real on a small raw file), the plan's validation and lab.json.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "lab/lab_plan.hpp"
#include "lab/lab_state.hpp"
#include "lab/qemu_disk.hpp"
#include "lab/qemu_provider.hpp"
#include "os/process_runner.hpp"
#include "support/process.hpp"

namespace fs = std::filesystem;
using namespace cb::lab;

namespace {

LabOptions qemuOptions() {
  LabOptions o;
  o.provider = Provider::kQemu;
  o.nodes = 2;
  o.stateDir = "/tmp/qd";
  o.imageDir = "/img";
  o.controllerBinary = "/bin/clusterbench";
  o.agentBinary = "/bin/clusterbench-agent";
  return o;
}

std::string after(const Argv& argv, const std::string& flag) {
  for (std::size_t i = 0; i + 1 < argv.size(); ++i) {
    if (argv[i] == flag) return argv[i + 1];
  }
  return "<no " + flag + ">";
}

bool has(const Argv& argv, const std::string& word) {
  return std::find(argv.begin(), argv.end(), word) != argv.end();
}

}  // namespace

TEST_CASE("qemu disk: formats and cache modes parse exactly; errors name the value") {
  CHECK((*parseDiskFormat("raw") == DiskFormat::kRaw));
  CHECK((*parseDiskFormat("qcow2") == DiskFormat::kQcow2));
  CHECK(parseDiskFormat("QCOW2").error() == "--disk-format 'QCOW2': expected raw or qcow2");
  CHECK(parseDiskFormat("vmdk").error() == "--disk-format 'vmdk': expected raw or qcow2");
  for (const char* mode : {"none", "writeback", "writethrough", "unsafe", "directsync"}) {
    auto c = parseDiskCache(mode);
    REQUIRE(c);
    CHECK(std::string(toString(*c)) == mode);
  }
  CHECK(parseDiskCache("fast").error() ==
        "--disk-cache 'fast': expected none, writeback, writethrough, unsafe or directsync");
  CHECK_FALSE(parseDiskCache(""));
  CHECK(std::string(toString(kDefaultDiskFormat)) == "raw");
  CHECK(std::string(toString(kDefaultDiskCache)) == "unsafe");
}

TEST_CASE("qemu disk: raw boots the template under -snapshot, qcow2 the node's overlay") {
  CHECK(qemuDriveArgs({}, "/img/disk.img", "/s/lab/master") ==
        Argv{"-drive", "file=/img/disk.img,if=virtio,format=raw,cache=unsafe", "-snapshot"});
  CHECK(qemuDriveArgs({DiskFormat::kRaw, DiskCache::kNone}, "/img/a,b.img", "/s/lab/master") ==
        Argv{"-drive", "file=/img/a,,b.img,if=virtio,format=raw,cache=none", "-snapshot"});
  CHECK(qemuDriveArgs({DiskFormat::kQcow2, DiskCache::kWriteback}, "/img/disk.img",
                      "/s/lab/node02") ==
        Argv{"-drive", "file=/s/lab/node02/disk.qcow2,if=virtio,format=qcow2,cache=writeback"});
  CHECK(qcow2CreateArgv("/img/disk.img", "/s/lab/node02/disk.qcow2") ==
        Argv{"qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", "/img/disk.img",
             "/s/lab/node02/disk.qcow2"});
}

TEST_CASE("qemu disk: qemu-img creates the overlay the -drive arguments name") {
  cb::test::TempDir tmp;
  const fs::path base = tmp.path() / "disk.img";
  { std::ofstream(base).put('\0'); }
  fs::resize_file(base, 4 * 1024 * 1024);  // sparse 4 MiB raw image
  const fs::path nodeDir = tmp.path() / "node02";
  fs::create_directories(nodeDir);
  const fs::path overlay = qcow2OverlayPath(nodeDir);

  auto made = cb::os::runSync(qcow2CreateArgv(base, overlay));
  REQUIRE_MESSAGE(made.started, "qemu-img (package qemu-utils) did not start: " << made.error);
  REQUIRE_MESSAGE(made.exitCode == 0, made.err);
  REQUIRE(fs::is_regular_file(overlay));
  CHECK(fs::file_size(overlay) < fs::file_size(base));  // the overlay holds no data yet

  auto info = cb::os::runSync({"qemu-img", "info", "--output=json", overlay.string()});
  REQUIRE_MESSAGE(info.exitCode == 0, info.err);
  auto j = nlohmann::json::parse(info.out);
  CHECK(j["format"] == "qcow2");
  CHECK(j["virtual-size"] == 4 * 1024 * 1024);
  CHECK(j["backing-filename"] == base.string());
  CHECK(j["backing-filename-format"] == "raw");
  CHECK(after(qemuDriveArgs({DiskFormat::kQcow2, DiskCache::kNone}, base, nodeDir), "-drive") ==
        "file=" + overlay.string() + ",if=virtio,format=qcow2,cache=none");
}

TEST_CASE("qemu disk: the plan validates the options and the QEMU command carries them") {
  auto o = qemuOptions();
  auto plan = makeLabPlan(o);
  REQUIRE_MESSAGE(plan, plan.error());
  CHECK((plan->disk.format == DiskFormat::kRaw));
  CHECK((plan->disk.cache == DiskCache::kUnsafe));

  o.diskFormat = "qcow2";
  o.diskCache = "directsync";
  plan = makeLabPlan(o);
  REQUIRE_MESSAGE(plan, plan.error());
  cb::image::ImageInfo image;
  image.disk = "/img/disk.img";
  image.kernel = "/img/vmlinuz";
  image.initrd = "/img/initrd.img";
  const NodePlan& n = plan->nodes[1];
  const Argv argv = qemuArgv(*plan, n, image, "tcg", "quiet");
  CHECK(after(argv, "-drive") ==
        "file=" + (n.dir / "disk.qcow2").string() + ",if=virtio,format=qcow2,cache=directsync");
  CHECK_FALSE(has(argv, "-snapshot"));
  CHECK(after(argv, "-netdev").starts_with("tap,id=n0,"));

  o.diskFormat = "vdi";
  CHECK(makeLabPlan(o).error() == "--disk-format 'vdi': expected raw or qcow2");
  o.diskFormat = "raw";
  o.diskCache = "sometimes";
  CHECK(makeLabPlan(o).error().starts_with("--disk-cache 'sometimes': expected none,"));
  auto netns = qemuOptions();
  netns.provider = Provider::kNetns;
  netns.diskFormat = "qcow2";
  CHECK(makeLabPlan(netns).error() ==
        "--disk-format and --disk-cache are for --provider qemu (VM disks), not netns");
  netns.diskFormat = "raw";
  CHECK(makeLabPlan(netns));  // the defaults are fine anywhere
}

TEST_CASE("qemu disk: lab.json keeps the format and cache; older files have none") {
  LabState s;
  s.provider = "qemu";
  s.diskFormat = "qcow2";
  s.diskCache = "none";
  auto j = toJson(s);
  CHECK(j["disk_format"] == "qcow2");
  CHECK(j["disk_cache"] == "none");
  auto back = labStateFromJson(j);
  REQUIRE_MESSAGE(back, back.error());
  CHECK(back->diskFormat == "qcow2");
  CHECK(back->diskCache == "none");
  j.erase("disk_format");
  j.erase("disk_cache");
  back = labStateFromJson(j);
  REQUIRE_MESSAGE(back, back.error());
  CHECK(back->diskFormat.empty());
}
