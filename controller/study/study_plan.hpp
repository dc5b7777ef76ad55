#pragma once
// `clusterbench study`: the seeds' VM-vs-container comparison as one command, with a native leg
// (the host's own kernel and processes) as the baseline. For each lab provider in turn: `lab up`,
// the suite, `lab down`; then one report (Markdown + HTML) over the runs of every leg. This file is
// the pure part: which child commands run, in which order, and what their JSON output means.
// study_run.hpp executes it through an injected executor.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "util/result.hpp"

namespace cb::study {

struct StudyOptions {
  // Legs in order: qemu (VMs), nspawn|podman (containers), netns|loopback (native).
  std::vector<std::string> providers{"qemu", "podman", "netns"};
  int nodes = 3;                        // per lab, 2..50 (iperf3 needs a pair)
  std::filesystem::path suite;          // suite file run on every lab
  std::filesystem::path outDir;         // study.md and study.html go here
  std::string stateDir;                 // non-empty: passed as --state-dir to every child command
  std::string groupBy = "environment";  // report column label
  std::string studyId;                  // label study=ID on every run of this study
  std::string imageDir;                 // non-empty: --image-dir for container and VM labs
  std::string accel = "auto";           // qemu: auto|kvm|tcg
  std::string diskFormat = "raw";       // qemu: raw|qcow2 (lab/qemu_disk.hpp)
  std::string diskCache = "unsafe";     // qemu: none|writeback|writethrough|unsafe|directsync
  int upTimeoutSeconds = 0;             // 0: lab up's default per provider
  // Passed to lab up when set (so a study can run beside another lab): name prefix, subnet,
  // agent port, metrics port.
  std::string prefix;
  std::string subnet;
  int port = 0;
  int metricsPort = -1;
};

/// Checks the options: known providers, none twice, nodes in range, a suite and an output
/// directory named, a study id usable as a label value. The error names the option.
Status checkStudyOptions(const StudyOptions& o);

/// The environment a provider's nodes are, which the study puts on its runs as the label
/// `environment`: "vm" (qemu), "container" (nspawn, podman), "bare" (netns, loopback: host
/// processes). The label wins over the nodes' own facts, so a host that is itself a VM still gives
/// the native column. "" for a name that is no provider.
std::string legEnvironment(const std::string& provider);

/// What `lab up --json` says about how a leg's nodes run, put on its runs as labels.
struct LegSetup {
  std::string accel;       // qemu: "kvm" | "tcg"; "" otherwise
  std::string diskFormat;  // qemu: "raw" | "qcow2"; "" otherwise
  std::string diskCache;   // qemu: the disks' cache mode; "" otherwise
};

/// Arguments of the child `clusterbench` invocations (without the program name). Every one
/// starts with `--state-dir DIR` when o.stateDir is set.
std::vector<std::string> labStatusArgs(const StudyOptions& o);
std::vector<std::string> labUpArgs(const StudyOptions& o, const std::string& provider);
/// The suite with labels study=ID, lab_provider=PROVIDER, environment=legEnvironment(PROVIDER)
/// and, when known (the qemu lab's, from lab up's JSON), accel=kvm|tcg, so nobody mistakes
/// emulation for overhead, and disk_format, disk_cache, which decide what disk benchmarks see.
std::vector<std::string> runSuiteArgs(const StudyOptions& o, const std::string& provider,
                                      const LegSetup& setup);
std::vector<std::string> labDownArgs(const StudyOptions& o);
/// `report --runs IDS --group-by G --format FORMAT -o OUT/study.EXT` (md or html).
std::vector<std::string> reportArgs(const StudyOptions& o, const std::vector<std::int64_t>& runs,
                                    const std::string& format);
std::filesystem::path reportPath(const StudyOptions& o, const std::string& format);

/// `lab status --json` output: the provider of a lab that is up, "" when none is.
Result<std::string> labUpProvider(const std::string& statusJson);
/// `lab up --json` output: the lab's acceleration ("kvm", "tcg") and disk format and cache ("" for
/// containers and native). Fields that are missing or not text are "".
LegSetup labSetup(const std::string& upJson);

/// What a suite run printed with --json: its run ids (in order) and overall status.
struct SuiteOutcome {
  std::vector<std::int64_t> runIds;
  std::string status;  // "succeeded", "failed", …
  int failedRuns = 0;
};
Result<SuiteOutcome> parseSuiteOutput(const std::string& json);

}  // namespace cb::study
