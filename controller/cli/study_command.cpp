// `clusterbench study`: the VM-vs-container study of the seeds on this machine. Options, the
// real child processes (this binary's own lab/run/report commands) and printing; the sequence
// and its rules are in controller/study.
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <iostream>

#include "cli/commands.hpp"
#include "os/process_runner.hpp"
#include "os/shipped_file.hpp"
#include "study/study_run.hpp"
#include "util/asio.hpp"

namespace cb::cli {
namespace {

namespace fs = std::filesystem;

/// The quick suite beside the binary: installed (share/clusterbench/suites) or in the source
/// tree above a build directory; "" when neither exists.
fs::path defaultSuite() {
  auto found = os::findShippedFile(selfBinary(), "suites/quick.yaml", "suites/quick.yaml",
                                   [](const fs::path& p) { return fs::is_regular_file(p); });
  return found.value_or(fs::path());
}

std::string defaultStudyId() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &utc);
  return std::string("study-") + buf;
}

/// Runs this binary with `args`: stdout captured (JSON), stderr lines passed on with the leg's
/// name in front so the user follows lab up and the suite as they happen.
study::ChildResult runChild(const std::vector<std::string>& args, const std::string& leg) {
  boost::asio::io_context io;
  auto runner = os::makeProcessRunner(io);
  os::ProcessSpec spec;
  spec.argv.push_back(selfBinary().string());
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.timeout = std::chrono::hours(48);
  spec.environment = os::ChildEnvironment::kInherit;
  study::ChildResult result;
  const std::string prefix = leg.empty() ? "   " : "   [" + leg + "] ";
  runner->start(
      spec,
      [&](os::Stream stream, const std::string& line) {
        if (stream == os::Stream::kStderr) std::cerr << prefix << line << "\n";
      },
      [&](const os::ProcessExit& e) {
        result.exitCode = e.started ? e.exitCode : 127;
        result.out = e.out;
        result.err = e.started ? e.err : e.error;
        result.wallSeconds = e.wallSeconds;
      });
  io.run();
  return result;
}

std::string shellLine(const std::vector<std::string>& args) {
  std::string line = "clusterbench";
  for (const auto& a : args) line += " " + a;
  return line;
}

/// What a leg's environment is, for the dry run.
std::string legText(const std::string& environment) {
  if (environment == "vm") return "VMs (environment=vm)";
  if (environment == "container") return "containers (environment=container)";
  if (environment == "bare") return "native: host kernel and processes (environment=bare)";
  return "environment=" + environment;
}

void printDryRun(const study::StudyOptions& o) {
  std::cout << shellLine(study::labStatusArgs(o)) << "   # must show no lab\n";
  for (std::size_t i = 0; i < o.providers.size(); ++i) {
    const std::string& p = o.providers[i];
    study::LegSetup setup;
    if (p == "qemu") setup = {"<kvm|tcg>", o.diskFormat, o.diskCache};
    std::cout << "# leg " << i + 1 << "/" << o.providers.size() << ": " << p << ", "
              << legText(study::legEnvironment(p)) << "\n"
              << shellLine(study::labUpArgs(o, p)) << "\n"
              << shellLine(study::runSuiteArgs(o, p, setup)) << "\n"
              << shellLine(study::labDownArgs(o)) << "\n";
  }
  for (const std::string f : {"md", "html"}) {
    auto args = study::reportArgs(o, {}, f);
    for (auto& a : args) {
      if (a.empty()) a = "<run ids of the suites>";
    }
    std::cout << shellLine(args) << "\n";
  }
}

void printOutcome(const study::StudyOutcome& r) {
  for (const auto& l : r.legs) {
    std::cout << l.provider << ": ";
    if (!l.up) {
      std::cout << "not started: " << l.error << "\n";
      continue;
    }
    std::cout << "up in " << static_cast<int>(l.upSeconds) << " s"
              << (l.accel.empty() ? "" : " (accel " + l.accel + ")") << ", suite " << l.suite.status
              << " with " << l.suite.runIds.size() << " runs in "
              << static_cast<int>(l.suiteSeconds) << " s" << (l.error.empty() ? "" : ": " + l.error)
              << "\n";
  }
  for (const auto& f : r.reports) std::cout << "report: " << f << "\n";
  if (!r.error.empty()) std::cout << "error: " << r.error << "\n";
}

}  // namespace

void addStudyCommand(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand(
      "study",
      "The VM-vs-container study on this machine, against native: for each provider in turn a\n"
      "lab (lab up), the suite on it, lab down; then one comparison report, study.md and\n"
      "study.html in --out. qemu runs VMs, podman/nspawn containers, netns the nodes as host\n"
      "processes (native: the host's kernel). Runs are labelled study=ID, lab_provider=P,\n"
      "environment=vm|container|bare and, for qemu, accel=kvm|tcg, disk_format and disk_cache;\n"
      "the report says how the VMs were accelerated and what disks they had. Needs root and\n"
      "the template image (`clusterbench image build`) for nspawn, podman and qemu. Under TCG\n"
      "(no KVM) 3 VMs take minutes to boot.");
  auto o = std::make_shared<study::StudyOptions>();
  static std::string suite, out = "clusterbench-study";
  static bool dryRun = false;
  cmd->add_option(
         "--providers", o->providers,
         "lab providers in order: qemu (VMs), podman or nspawn (containers), netns (native)")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--nodes", o->nodes, "nodes per lab (2-50)")->capture_default_str();
  cmd->add_option("--suite", suite, "suite file (default: suites/quick.yaml)");
  cmd->add_option("--out", out, "directory for study.md and study.html")->capture_default_str();
  cmd->add_option("--group-by", o->groupBy, "run label the report compares by")
      ->capture_default_str();
  cmd->add_option("--id", o->studyId, "study label value (default study-<UTC time>)");
  cmd->add_option("--image-dir", o->imageDir, "template image for nspawn, podman and qemu");
  cmd->add_option("--accel", o->accel, "qemu: auto (probe KVM, else TCG), kvm, tcg")
      ->capture_default_str();
  cmd->add_option("--disk-format", o->diskFormat,
                  "qemu: raw (template under -snapshot) or qcow2 (a qcow2 overlay per VM)")
      ->capture_default_str();
  cmd->add_option("--disk-cache", o->diskCache,
                  "qemu: none, writeback, writethrough, unsafe, directsync")
      ->capture_default_str();
  cmd->add_option("--up-timeout", o->upTimeoutSeconds, "seconds for each lab up (default: its own)")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--prefix", o->prefix, "lab up --prefix (default: lab up's)");
  cmd->add_option("--subnet", o->subnet, "lab up --subnet (default: lab up's)");
  cmd->add_option("--port", o->port, "lab up --port (default: lab up's)")
      ->check(CLI::Range(1, 65535));
  cmd->add_option("--metrics-port", o->metricsPort, "lab up --metrics-port (0 = any)")
      ->check(CLI::Range(0, 65535));
  cmd->add_flag("--dry-run", dryRun, "print the commands the study would run, run nothing");
  cmd->add_flag("--json", g.json, "print the outcome (legs, run ids, reports) as JSON");
  cmd->callback([&g, o] {
    o->stateDir = g.stateDir;
    o->suite = suite.empty() ? defaultSuite() : fs::path(suite);
    if (o->suite.empty()) failCommand("--suite: suites/quick.yaml not found; name a suite file", 2);
    if (!fs::is_regular_file(o->suite))
      failCommand("--suite " + o->suite.string() + ": no such file", 2);
    o->suite = fs::absolute(o->suite);
    o->outDir = fs::absolute(out);
    if (o->studyId.empty()) o->studyId = defaultStudyId();
    if (auto s = study::checkStudyOptions(*o); !s) failCommand(s.error(), 2);
    if (dryRun) {
      printDryRun(*o);
      return;
    }
    std::error_code ec;
    fs::create_directories(o->outDir, ec);
    if (ec) failCommand("--out " + o->outDir.string() + ": " + ec.message());
    auto outcome =
        study::runStudy(*o, runChild, [](const std::string& line) { std::cerr << line << "\n"; });
    if (g.json) {
      std::cout << outcome.toJson().dump(2) << "\n";
    } else {
      printOutcome(outcome);
    }
    if (outcome.ok()) return;
    throw CLI::RuntimeError(outcome.reports.empty() ? 1 : 3);
  });
}

}  // namespace cb::cli
