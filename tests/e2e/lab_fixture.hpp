#pragma once
// The real lab for end-to-end tests: a TestLab with a temporary state dir, a prefix and subnet
// unique to the test process, and helpers that find (and clean up) what carries that prefix.
#include <doctest/doctest.h>
#include <signal.h>
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>
#include "os/process_runner.hpp"
#include "support/ports.hpp"

namespace cb::e2e {

namespace fs = std::filesystem;
using Argv = std::vector<std::string>;

inline const std::string kCli = std::string(CB_BIN_DIR) + "/clusterbench";

inline std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

/// Namespaces whose name starts with `prefix-`.
inline std::vector<std::string> namespacesWith(const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& l : lines(cb::os::runSync({"ip", "netns", "list"}).out)) {
    std::string name = l.substr(0, l.find(' '));
    if (name.rfind(prefix + "-", 0) == 0) out.push_back(name);
  }
  return out;
}

/// Host links whose name starts with `prefix-` (from `ip -o link`, "@ifN" stripped).
inline std::vector<std::string> linksWith(const std::string& prefix) {
  std::vector<std::string> out;
  for (const auto& l : lines(cb::os::runSync({"ip", "-o", "link", "show"}).out)) {
    auto start = l.find(": ");
    if (start == std::string::npos) continue;
    std::string name = l.substr(start + 2, l.find(':', start + 2) - start - 2);
    name = name.substr(0, name.find('@'));
    if (name.rfind(prefix + "-", 0) == 0) out.push_back(name);
  }
  return out;
}

/// Pids whose command line mentions `needle` (our unique temp dir).
inline std::vector<int> processesWith(const std::string& needle) {
  std::vector<int> out;
  for (const auto& e : fs::directory_iterator("/proc")) {
    std::string name = e.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(e.path() / "cmdline", std::ios::binary);
    std::string cmd(std::istreambuf_iterator<char>(in), {});
    std::ifstream st(e.path() / "stat");
    std::string stat(std::istreambuf_iterator<char>(st), {});
    auto close = stat.rfind(')');
    bool zombie = close != std::string::npos && close + 2 < stat.size() && stat[close + 2] == 'Z';
    if (!zombie && cmd.find(needle) != std::string::npos) out.push_back(std::stoi(name));
  }
  return out;
}

inline bool alive(int pid) {
  if (pid <= 0 || ::kill(pid, 0) != 0) return false;
  std::ifstream st("/proc/" + std::to_string(pid) + "/stat");
  std::string stat(std::istreambuf_iterator<char>(st), {});
  auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
}

/// One lab under test: temp state dir, unique prefix (<= 6 chars) and subnet in 198.19.0.0/16.
/// The destructor runs `lab down` and then removes anything it left, by prefix and dir only.
class TestLab {
 public:
  TestLab(const std::string& letters, int subnetOffset) {
    int id = static_cast<int>(::getpid());
    prefix_ = letters + std::to_string(id % 1000);
    subnet_ = "198.19." + std::to_string((id + subnetOffset) % 200 + 20) + ".0/24";
    char tmpl[] = "/tmp/cb-lab-e2e-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    dir_ = tmpl;
    port_ = cb::test::freeLoopbackPort();
  }

  ~TestLab() {
    cli({"lab", "down"});
    for (const auto& ns : namespacesWith(prefix_)) cb::os::runSync({"ip", "netns", "del", ns});
    for (const auto& l : linksWith(prefix_)) cb::os::runSync({"ip", "link", "del", "dev", l});
    for (int pid : processesWith(dir_.string())) ::kill(pid, SIGKILL);
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  cb::os::ProcessExit cli(Argv args, std::chrono::seconds timeout = std::chrono::seconds(120)) {
    Argv argv = {kCli, "--state-dir", dir_.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    return cb::os::runSync(argv, timeout);
  }

  Argv upArgs(int nodes) const {
    return {"lab",       "up",    "--nodes", std::to_string(nodes), "--prefix",       prefix_,
            "--subnet",  subnet_, "--port",  std::to_string(port_), "--metrics-port", "0",
            "--timeout", "60",    "--json"};
  }

  const std::string& prefix() const { return prefix_; }
  const std::string& subnet() const { return subnet_; }
  const fs::path& dir() const { return dir_; }
  int port() const { return port_; }

 private:
  std::string prefix_;
  std::string subnet_;
  fs::path dir_;
  int port_ = 0;
};

inline nlohmann::json parseJson(const cb::os::ProcessExit& e) {
  auto j = nlohmann::json::parse(e.out, nullptr, false);
  REQUIRE_MESSAGE(!j.is_discarded(), "stdout is not JSON: " << e.out << "\nstderr: " << e.err);
  return j;
}

/// The lab's pids (agents and, when the lab started it, the controller) from `lab status --json`.
inline std::vector<int> labPids(const nlohmann::json& status) {
  std::vector<int> pids;
  for (const auto& n : status["nodes"]) pids.push_back(n.value("pid", 0));
  if (status["controller"].value("started_by_lab", false)) {
    pids.push_back(status["controller"].value("pid", 0));
  }
  return pids;
}

inline void checkNothingLeft(TestLab& lab, const std::vector<int>& pids) {
  CHECK(namespacesWith(lab.prefix()).empty());
  CHECK(linksWith(lab.prefix()).empty());
  for (int pid : pids) CHECK_MESSAGE(!alive(pid), "pid " << pid << " still runs");
  CHECK(processesWith(lab.dir().string()).empty());
  CHECK_FALSE(fs::exists(lab.dir() / "lab"));
}

}  // namespace cb::e2e
