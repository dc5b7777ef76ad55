// VBoxManage command lines of `clusterbench vbox create|destroy` (pure builder).
#include <doctest/doctest.h>

#include "vbox/vbox_plan.hpp"

using cb::vbox::Argv;

namespace {

std::vector<Argv> argvs(const std::vector<cb::vbox::Step>& steps) {
  std::vector<Argv> out;
  for (const auto& s : steps) out.push_back(s.argv);
  return out;
}

}  // namespace

TEST_CASE("an appliance is imported, wired NAT + internal network, forwarded and started") {
  cb::vbox::CreateSpec spec;
  spec.templ = "/srv/template.ova";
  spec.name = "node02";
  spec.intnet = "clustervimnet";
  spec.sshPort = 2222;
  REQUIRE(cb::vbox::validate(spec));
  auto steps = cb::vbox::createSteps(spec);
  CHECK(argvs(steps) ==
        std::vector<Argv>{
            {"VBoxManage", "import", "/srv/template.ova", "--vsys", "0", "--vmname", "node02"},
            {"VBoxManage", "modifyvm", "node02", "--cpus", "2", "--memory", "2048", "--nic1", "nat",
             "--nic2", "intnet", "--intnet2", "clustervimnet", "--natpf1",
             "ssh,tcp,127.0.0.1,2222,,22"},
            {"VBoxManage", "startvm", "node02", "--type", "headless"}});
  for (const auto& s : steps) CHECK_FALSE(s.mayFail);
}

TEST_CASE("a registered VM is cloned; no port forward and no start when not asked") {
  cb::vbox::CreateSpec spec;
  spec.templ = "template";
  spec.name = "node03";
  spec.cpus = 1;
  spec.memoryMb = 1024;
  spec.start = false;
  spec.vboxManage = "/opt/vb/VBoxManage";
  REQUIRE(cb::vbox::validate(spec));
  CHECK(argvs(cb::vbox::createSteps(spec)) ==
        std::vector<Argv>{
            {"/opt/vb/VBoxManage", "clonevm", "template", "--name", "node03", "--register"},
            {"/opt/vb/VBoxManage", "modifyvm", "node03", "--cpus", "1", "--memory", "1024",
             "--nic1", "nat", "--nic2", "intnet", "--intnet2", "intnet"}});
}

TEST_CASE("appliances are recognised by extension, case-insensitively") {
  CHECK(cb::vbox::isAppliance("a.ova"));
  CHECK(cb::vbox::isAppliance("dir/B.OVF"));
  CHECK_FALSE(cb::vbox::isAppliance("ova"));
  CHECK_FALSE(cb::vbox::isAppliance("template-ova"));
}

TEST_CASE("destroy powers off (allowed to fail) and deletes") {
  auto steps = cb::vbox::destroySteps("node02");
  REQUIRE(steps.size() == 2);
  CHECK(steps[0].argv == Argv{"VBoxManage", "controlvm", "node02", "poweroff"});
  CHECK(steps[0].mayFail);
  CHECK(steps[1].argv == Argv{"VBoxManage", "unregistervm", "node02", "--delete"});
  CHECK_FALSE(steps[1].mayFail);
}

TEST_CASE("bad values are refused before any command, naming the flag") {
  auto errorOf = [](auto change) {
    cb::vbox::CreateSpec spec;
    spec.templ = "t.ova";
    spec.name = "node02";
    change(spec);
    return cb::vbox::validate(spec).error();
  };
  CHECK(errorOf([](auto&) {}).empty());
  CHECK(errorOf([](auto& s) { s.name = "--delete"; }).find("--name") == 0);
  CHECK(errorOf([](auto& s) { s.name = "node 2"; }).find("--name") == 0);
  CHECK(errorOf([](auto& s) { s.name = ""; }).find("--name") == 0);
  CHECK(errorOf([](auto& s) { s.templ = "-x"; }).find("--template") == 0);
  CHECK(errorOf([](auto& s) { s.intnet = "a,b"; }).find("--intnet") == 0);
  CHECK(errorOf([](auto& s) { s.sshPort = 70000; }).find("--ssh-port") == 0);
  CHECK(errorOf([](auto& s) { s.cpus = 0; }).find("--cpus") == 0);
  CHECK(errorOf([](auto& s) { s.memoryMb = 100; }).find("--memory") == 0);
  CHECK_FALSE(cb::vbox::validateName("-rf"));
}

TEST_CASE("printed command lines split back into the same words") {
  CHECK(cb::vbox::shellLine(
            {"VBoxManage", "import", "/a b/t.ova", "--natpf1", "ssh,tcp,127.0.0.1,2222,,22"}) ==
        "VBoxManage import '/a b/t.ova' --natpf1 ssh,tcp,127.0.0.1,2222,,22");
  CHECK(cb::vbox::shellLine({"x", "it's", ""}) == "x 'it'\\''s' ''");
}
