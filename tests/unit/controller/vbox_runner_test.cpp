// `vbox create|destroy` run through the real process runner against a recording stand-in named
// VBoxManage on PATH (VirtualBox itself cannot run here): the exact argv reach the tool, in order.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "os/atomic_file.hpp"
#include "support/process.hpp"
#include "vbox/vbox_runner.hpp"

namespace {

/// Puts a VBoxManage script first on PATH for the lifetime of the object. The script appends
/// one line per call (its arguments joined by '|') to `calls` and exits with the status found
/// in the file `fail-<subcommand>` when that exists (printing "boom" on stderr), else 0.
class FakeVBoxManage {
 public:
  FakeVBoxManage() {
    auto script = tmp_.path() / "VBoxManage";
    std::ofstream(script)
        << "#!/bin/sh\n"
        << "d=$(dirname \"$0\")\n"
        << "(IFS='|'; printf '%s\\n' \"$*\") >> \"$d/calls\"\n"
        << "if [ -f \"$d/fail-$1\" ]; then echo boom >&2; exit $(cat \"$d/fail-$1\"); fi\n";
    std::filesystem::permissions(script, std::filesystem::perms::owner_all);
    const char* path = std::getenv("PATH");
    oldPath_ = path ? path : "";
    ::setenv("PATH", (tmp_.path().string() + ":" + oldPath_).c_str(), 1);
  }
  ~FakeVBoxManage() { ::setenv("PATH", oldPath_.c_str(), 1); }

  void failOn(const std::string& sub, int code) {
    std::ofstream(tmp_.path() / ("fail-" + sub)) << code;
  }
  std::string calls() const {
    auto c = cb::os::readFile(tmp_.path() / "calls");
    return c ? *c : "";
  }

 private:
  cb::test::TempDir tmp_;
  std::string oldPath_;
};

cb::os::ProcessExit realRun(const cb::vbox::Argv& argv) {
  return cb::os::runSync(argv, std::chrono::seconds(10));
}

}  // namespace

TEST_CASE("create runs import, modifyvm and startvm in order with the exact arguments") {
  FakeVBoxManage vbm;
  cb::vbox::CreateSpec spec;
  spec.templ = "template.ova";
  spec.name = "node02";
  spec.sshPort = 2222;
  std::vector<std::string> said;
  auto s = cb::vbox::runSteps(cb::vbox::createSteps(spec), realRun,
                              [&](const std::string& l) { said.push_back(l); });
  REQUIRE_MESSAGE(s, s.error());
  CHECK(vbm.calls() ==
        "import|template.ova|--vsys|0|--vmname|node02\n"
        "modifyvm|node02|--cpus|2|--memory|2048|--nic1|nat|--nic2|intnet|--intnet2|intnet|"
        "--natpf1|ssh,tcp,127.0.0.1,2222,,22\n"
        "startvm|node02|--type|headless\n");
  REQUIRE(said.size() == 3);
  CHECK(said[2] == "VBoxManage startvm node02 --type headless");
}

TEST_CASE("a failing step stops the sequence and the error names it with its stderr") {
  FakeVBoxManage vbm;
  vbm.failOn("modifyvm", 1);
  cb::vbox::CreateSpec spec;
  spec.templ = "template";
  spec.name = "node03";
  auto s = cb::vbox::runSteps(cb::vbox::createSteps(spec), realRun, nullptr);
  REQUIRE_FALSE(s);
  CHECK(s.error().find("`VBoxManage modifyvm node03") == 0);
  CHECK(s.error().find("failed (exit 1): boom") != std::string::npos);
  CHECK(vbm.calls() ==
        "clonevm|template|--name|node03|--register\n"
        "modifyvm|node03|--cpus|2|--memory|2048|--nic1|nat|--nic2|intnet|--intnet2|intnet\n");
}

TEST_CASE("destroy goes on when the VM is already powered off") {
  FakeVBoxManage vbm;
  vbm.failOn("controlvm", 1);
  std::vector<std::string> said;
  auto s = cb::vbox::runSteps(cb::vbox::destroySteps("node02"), realRun,
                              [&](const std::string& l) { said.push_back(l); });
  REQUIRE_MESSAGE(s, s.error());
  CHECK(vbm.calls() == "controlvm|node02|poweroff\nunregistervm|node02|--delete\n");
  REQUIRE(said.size() == 3);
  CHECK(said[1].find("(ignored)") != std::string::npos);
}

TEST_CASE("a missing VBoxManage is reported as such") {
  auto s = cb::vbox::runSteps(cb::vbox::destroySteps("node02", "/nonexistent/VBoxManage"), realRun,
                              nullptr);
  REQUIRE_FALSE(s);
  CHECK(s.error().find("cannot run `/nonexistent/VBoxManage controlvm node02 poweroff`") == 0);
}
