// The Debian packages: built by CPack from this build tree, inspected with dpkg-deb, installed
// with dpkg into a throwaway overlay of the host's root (never the host itself), removed and
// purged - after which nothing of them is left. Between install and removal, a 2-node netns lab
// runs a benchmark from the installed binaries alone. Needs root (mount namespace, overlayfs,
// chroot, network namespaces).
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "os/atomic_file.hpp"
#include "package/overlay_root.hpp"
#include "support/ports.hpp"
#include "support/process.hpp"

namespace fs = std::filesystem;
using cb::test::CommandResult;

namespace {

struct Debs {
  fs::path agent, controller;
  std::string version;
};

/// Runs CPack on this build tree into `out`; both packages, named the Debian way. CPack first
/// builds the project's `preinstall` target, which with Makefiles is the whole tree (tests
/// included); a generator without that target makes it package what this test depends on.
Debs buildPackages(const fs::path& out) {
  fs::create_directories(out);
  std::ofstream(out / "config.cmake") << "include(\"" CB_BUILD_DIR "/CPackConfig.cmake\")\n"
                                      << "set(CPACK_CMAKE_GENERATOR Ninja)\n";
  auto r = cb::test::run(
      {"cpack", "-G", "DEB", "--config", (out / "config.cmake").string(), "-B", out.string()},
      std::chrono::minutes(10));
  REQUIRE_MESSAGE(r.exitCode == 0, (r.out + r.err));
  auto version = cb::test::run({cb::test::bin("clusterbench"), "--version"}).out;
  while (!version.empty() && version.back() == '\n') version.pop_back();
  Debs debs{out / ("clusterbench-agent_" + version + "_amd64.deb"),
            out / ("clusterbench_" + version + "_amd64.deb"), version};
  REQUIRE_MESSAGE(fs::exists(debs.agent), r.out);
  REQUIRE_MESSAGE(fs::exists(debs.controller), r.out);
  return debs;
}

std::string field(const fs::path& deb, const std::string& name) {
  auto r = cb::test::run({"dpkg-deb", "-f", deb.string(), name});
  REQUIRE(r.exitCode == 0);
  return r.out;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

CommandResult inRoot(const cb::test::OverlayRoot& o, std::vector<std::string> argv) {
  argv.insert(argv.begin(), {"chroot", o.root().string()});
  return cb::test::run(argv, std::chrono::minutes(5));
}

/// Paths under `dir` whose name mentions clusterbench (overlayfs whiteouts excluded: they record
/// deletions of lower files, which a package installed only in the upper layer never causes).
std::vector<std::string> leftovers(const fs::path& dir) {
  std::vector<std::string> found;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator();
       ++it) {
    if (!contains(it->path().filename().string(), "clusterbench")) continue;
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == 0) continue;
    found.push_back(fs::relative(it->path(), dir).string());
  }
  return found;
}

/// `lab up` with the installed binaries alone (2 netns nodes, the lab's own controller), a run
/// of sysbench-cpu on both, `lab down`; the agents are the installed /usr/bin/clusterbench-agent.
void checkLabFromInstalledBinaries(const cb::test::OverlayRoot& o) {
  const std::string id = std::to_string(::getpid());
  const std::string state = "/tmp/cb-pkg-lab-" + id;
  const std::string prefix = "cbpk" + std::to_string(::getpid() % 100);
  const std::string subnet = "198.19." + std::to_string(::getpid() % 50 + 200) + ".0/24";
  const std::vector<std::string> cli = {"/usr/bin/clusterbench", "--state-dir", state};
  auto with = [&](std::vector<std::string> args) {
    args.insert(args.begin(), cli.begin(), cli.end());
    return args;
  };
  struct Down {  // whatever happens: the lab's namespaces, links and processes go
    const cb::test::OverlayRoot& o;
    std::vector<std::string> argv;
    ~Down() {
      auto argvDown = argv;
      argvDown.insert(argvDown.begin(), {"chroot", o.root().string()});
      cb::test::run(argvDown, std::chrono::minutes(2));
    }
  } down{o, with({"lab", "down"})};

  auto up = inRoot(o, with({"lab", "up", "--nodes", "2", "--prefix", prefix, "--subnet", subnet,
                            "--port", std::to_string(cb::test::freeLoopbackPort()), "--metrics-port", "0",
                            "--timeout", "60", "--json"}));
  REQUIRE_MESSAGE(up.exitCode == 0, (up.out + up.err));
  auto status = nlohmann::json::parse(up.out);
  REQUIRE(status["nodes"].size() == 2);
  const auto installedAgent = (o.root() / "usr/bin/clusterbench-agent").string();
  for (const auto& n : status["nodes"]) {
    std::error_code ec;
    auto exe = fs::read_symlink("/proc/" + std::to_string(n.value("pid", 0)) + "/exe", ec);
    CHECK_MESSAGE(exe.string() == installedAgent, exe.string());
  }
  auto run = inRoot(o, with({"run", "-b", "sysbench-cpu", "-p", "time=1", "--json"}));
  REQUIRE_MESSAGE(run.exitCode == 0, (run.out + run.err));
  auto result = nlohmann::json::parse(run.out);
  REQUIRE(result["results"].size() == 2);
  for (const auto& r : result["results"]) CHECK(r["status"] == "succeeded");
  auto stopped = inRoot(o, with({"lab", "down"}));
  CHECK_MESSAGE(stopped.exitCode == 0, (stopped.out + stopped.err));
  std::error_code ec;
  fs::remove_all(o.root() / state.substr(1), ec);
}

}  // namespace

TEST_CASE("packages: built, installed, removed and purged in a throwaway root") {
  REQUIRE_MESSAGE(::geteuid() == 0,
                  "run as root: installing packages into an overlay root needs root");
  cb::test::TempDir tmp;
  auto debs = buildPackages(tmp.path() / "out");

  // Control data: names, dependencies from dpkg-shlibdeps, tools as Recommends, conffiles.
  CHECK(field(debs.agent, "Package") == "clusterbench-agent\n");
  CHECK(field(debs.controller, "Package") == "clusterbench\n");
  for (const auto& deb : {debs.agent, debs.controller}) {
    CAPTURE(deb);
    CHECK(field(deb, "Architecture") == "amd64\n");
    auto depends = field(deb, "Depends");
    for (const char* lib : {"libc6", "libstdc++6", "libzmq5", "libyaml-cpp", "libspdlog"}) {
      CHECK_MESSAGE(contains(depends, lib), depends);
    }
  }
  CHECK(contains(field(debs.controller, "Depends"), "libsqlite3-0"));
  CHECK(contains(field(debs.controller, "Depends"), "libprometheus-cpp-pull"));
  CHECK(contains(field(debs.agent, "Recommends"), "sysbench"));
  CHECK(contains(cb::test::run({"dpkg-deb", "-I", debs.agent.string(), "conffiles"}).out,
                 "/etc/clusterbench/agent.conf"));

  auto overlayDir = fs::temp_directory_path() / ("cb-overlay-" + std::to_string(::getpid()));
  cb::test::OverlayRoot o(overlayDir);
  const auto& root = o.root();
  fs::copy_file(debs.agent, root / "tmp/agent.deb");
  fs::copy_file(debs.controller, root / "tmp/controller.deb");

  auto installed = inRoot(o, {"dpkg", "-i", "/tmp/agent.deb", "/tmp/controller.deb"});
  REQUIRE_MESSAGE(installed.exitCode == 0, (installed.out + installed.err));
  for (const char* pkg : {"clusterbench-agent", "clusterbench"}) {
    auto s = inRoot(o, {"dpkg", "-s", pkg});
    CHECK_MESSAGE(contains(s.out, "Status: install ok installed"), (s.out + s.err));
  }
  // The binaries run with the libraries the package depends on; the units point at them.
  CHECK(inRoot(o, {"/usr/bin/clusterbench-agent", "--version"}).out == debs.version + "\n");
  CHECK(inRoot(o, {"/usr/bin/clusterbench", "--version"}).out == debs.version + "\n");
  CHECK(fs::exists(root / "usr/bin/clusterbench-mpi-rsh"));
  for (const char* unit : {"clusterbench-agent.service", "clusterbench-controller.service"}) {
    CAPTURE(unit);
    auto verify =
        inRoot(o, {"systemd-analyze", "verify", std::string("/lib/systemd/system/") + unit});
    CHECK_MESSAGE(verify.exitCode == 0, (verify.out + verify.err));
    CHECK_MESSAGE(verify.out + verify.err == "", (verify.out + verify.err));
    // Enabled by postinst even though systemd does not run here.
    CHECK(fs::is_symlink(root / "etc/systemd/system/multi-user.target.wants" / unit));
  }
  auto unitText = cb::os::readFile(root / "lib/systemd/system/clusterbench-agent.service");
  REQUIRE(unitText);
  CHECK(contains(*unitText,
                 "ExecStart=/usr/bin/clusterbench-agent --config "
                 "/etc/clusterbench/agent.conf\n"));
  CHECK(fs::is_regular_file(root / "etc/clusterbench/agent.conf"));
  CHECK(fs::is_regular_file(root / "etc/clusterbench/controller.conf"));
  // What study and image build need without the source tree (share/clusterbench).
  const fs::path share = root / "usr/share/clusterbench";
  for (const char* suite : {"quick.yaml", "seed.yaml"}) {
    CAPTURE(suite);
    auto shipped = cb::os::readFile(share / "suites" / suite);
    auto source = cb::os::readFile(fs::path(CB_TEST_DATA) / ".." / ".." / "suites" / suite);
    REQUIRE(shipped);
    REQUIRE(source);
    CHECK(*shipped == *source);
  }
  CHECK(::access((share / "build-image").c_str(), X_OK) == 0);
  CHECK(::access((share / "image/node-setup").c_str(), X_OK) == 0);
  CHECK(fs::is_regular_file(share / "systemd/clusterbench-agent.service.in"));
  CHECK(fs::is_regular_file(share / "packaging/agent.conf"));
  // The installed CLI finds them from /usr/bin: the study's default suite, and build-image.
  auto plan = inRoot(o, {"/usr/bin/clusterbench", "--state-dir", "/tmp/study-state", "study",
                         "--dry-run", "--providers", "netns"});
  CHECK_MESSAGE(plan.exitCode == 0, (plan.out + plan.err));
  CHECK_MESSAGE(contains(plan.out, "/usr/share/clusterbench/suites/quick.yaml"), plan.out);
  checkLabFromInstalledBinaries(o);
  auto help = inRoot(o, {"/usr/share/clusterbench/build-image", "--help"});
  CHECK(help.exitCode == 0);
  CHECK(contains(help.out, "installed: /usr/bin"));
  CHECK((fs::status(root / "var/lib/clusterbench/agent").permissions() & fs::perms::all) ==
        fs::perms::owner_all);

  // remove keeps the conffiles; purge removes them and the state.
  std::ofstream(root / "var/lib/clusterbench/agent/node-id") << "0123\n";
  auto removed = inRoot(o, {"dpkg", "-r", "clusterbench-agent", "clusterbench"});
  REQUIRE_MESSAGE(removed.exitCode == 0, (removed.out + removed.err));
  CHECK_FALSE(fs::exists(root / "usr/bin/clusterbench-agent"));
  CHECK(fs::exists(root / "etc/clusterbench/agent.conf"));
  auto purged = inRoot(o, {"dpkg", "--purge", "clusterbench-agent", "clusterbench"});
  REQUIRE_MESSAGE(purged.exitCode == 0, (purged.out + purged.err));
  for (const char* pkg : {"clusterbench-agent", "clusterbench"}) {
    CHECK(inRoot(o, {"dpkg", "-s", pkg}).exitCode != 0);
  }
  fs::remove(root / "tmp/agent.deb");
  fs::remove(root / "tmp/controller.deb");
  auto left = leftovers(o.upper());
  std::string list;
  for (const auto& l : left) list += l + "\n";
  CHECK_MESSAGE(left.empty(), list);
  auto status = cb::os::readFile(root / "var/lib/dpkg/status");
  REQUIRE(status);
  CHECK_FALSE(contains(*status, "Package: clusterbench"));
}
