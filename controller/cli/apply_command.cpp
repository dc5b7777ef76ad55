// `clusterbench apply cluster.yaml [--dry-run]` and `clusterbench verify [cluster.yaml]`.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/progress_printer.hpp"
#include "cli/reply_json.hpp"
#include "cli/table.hpp"
#include "control/control_client.hpp"
#include "os/atomic_file.hpp"
#include "spec/cluster_spec.hpp"

namespace cb::cli {

namespace {

/// Human output: per node, the steps that changed (or would, or drifted) with their diffs and
/// commands, then one summary row per node.
void printApplyReply(const control::ApplySummary& r, std::ostream& os) {
  const std::string& mode = r.mode.empty() ? std::string("apply") : r.mode;
  for (const auto& n : r.nodes) {
    bool header = false;
    for (const auto& s : n.steps) {
      if (s.outcome == "unchanged" || (s.outcome == "skipped" && s.message == "disabled")) continue;
      if (!header) {
        os << "== " << n.hostname << " ==\n";
        header = true;
      }
      std::string label = s.outcome;
      if (mode != "apply" && s.outcome == "changed") {
        label = mode == "verify" ? "drift" : "would change";
      }
      os << "[" << label << "] " << s.applier;
      if (!s.message.empty()) os << ": " << s.message;
      os << "\n" << s.diff;
      for (const auto& c : s.commands) os << "  $ " << c << "\n";
    }
    if (!n.error.empty()) os << "== " << n.hostname << " ==\n" << n.error << "\n";
  }
  auto count = [](const control::ApplyNodeReport& n, const char* outcome) {
    auto it = n.counts.find(outcome);
    return std::to_string(it == n.counts.end() ? 0 : it->second);
  };
  Table t({"NODE", "STATUS", "CHANGED", "UNCHANGED", "FAILED", "SKIPPED"});
  for (const auto& n : r.nodes) {
    t.add({n.hostname, n.status, count(n, "changed"), count(n, "unchanged"), count(n, "failed"),
           count(n, "skipped")});
  }
  os << "\n";
  t.print(os);
  for (const auto& w : r.warnings) os << "warning: " << w << "\n";
  for (const auto& e : r.unassignedEntries) {
    os << "not present: " << e << " (no registered node matches it)\n";
  }
  for (const auto& e : r.unmatchedNodes) os << "not in the spec: node " << e << "\n";
  os << mode << ": " << r.status << "\n";
}

void runApply(const GlobalOptions& g, const std::string& file, bool dryRun, bool verify,
              double timeoutSeconds) {
  control::ApplyArgs args;
  args.dryRun = dryRun;
  args.verify = verify;
  args.fileName = file;
  if (!file.empty()) {
    // Validate here first so errors name the user's file before anything is sent.
    auto spec = spec::loadClusterSpec(file);
    if (!spec) failCommand("invalid cluster spec:\n" + spec.error(), 2);
    auto text = os::readFile(file);
    if (!text) failCommand(text.error());
    args.yaml = *text;
  }
  auto reply =
      control::requestApply(controlEndpoint(g), args, progressPrinter(g.json),
                            std::chrono::milliseconds(static_cast<long>(timeoutSeconds * 1000)));
  if (!reply) failCommand(reply.error());
  if (g.json) {
    std::cout << applyJson(*reply).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
  } else {
    printApplyReply(*reply, std::cout);
  }
  const std::string& status = reply->status;
  if (status == "failed") throw CLI::RuntimeError(1);
  if (status == "drift") throw CLI::RuntimeError(3);
}

}  // namespace

void addApplyCommand(CLI::App& app, GlobalOptions& g) {
  auto* cmd = app.add_subcommand(
      "apply",
      "Configure every node from a cluster spec (hostname, /etc/hosts, addresses and routes, NAT, "
      "NFS export, autofs); --dry-run shows a diff per node. Exit 1 when a node failed.");
  static std::string file;
  static bool dryRun = false;
  static double timeoutSeconds = 900;
  cmd->add_option("spec", file, "cluster spec YAML (see examples/cluster.yaml)")->required();
  cmd->add_flag("--dry-run,-n", dryRun, "print per node the diffs and commands; change nothing");
  cmd->add_option("--timeout", timeoutSeconds, "seconds to wait for every node's report")
      ->check(CLI::Range(1.0, 86400.0))
      ->capture_default_str();
  cmd->add_flag("--json", g.json, "print the per-node reports as JSON");
  cmd->callback([&g] { runApply(g, file, dryRun, false, timeoutSeconds); });

  auto* v = app.add_subcommand(
      "verify",
      "Check that every node still matches the cluster spec (default: the last one applied). "
      "Exit 3 on drift, 1 on failure.");
  static std::string verifyFile;
  v->add_option("spec", verifyFile, "cluster spec YAML (default: the last applied spec)");
  v->add_option("--timeout", timeoutSeconds, "seconds to wait for every node's report")
      ->check(CLI::Range(1.0, 86400.0))
      ->capture_default_str();
  v->add_flag("--json", g.json, "print the drift report as JSON");
  v->callback([&g] { runApply(g, verifyFile, false, true, timeoutSeconds); });
}

}  // namespace cb::cli
