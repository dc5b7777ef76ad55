// `clusterbench apply cluster.yaml [--dry-run]` and `clusterbench verify [cluster.yaml]`.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/progress_printer.hpp"
#include "cli/table.hpp"
#include "control/control_client.hpp"
#include "os/atomic_file.hpp"
#include "spec/cluster_spec.hpp"

namespace cb::cli {

namespace {

/// Human output: per node, the steps that changed (or would, or drifted) with their diffs and
/// commands, then one summary row per node.
void printApplyReply(const nlohmann::json& r, std::ostream& os) {
  const std::string mode = r.value("mode", "apply");
  for (const auto& n : r["nodes"]) {
    bool header = false;
    for (const auto& s : n["steps"]) {
      const std::string outcome = s.value("outcome", "");
      if (outcome == "unchanged" || (outcome == "skipped" && s.value("message", "") == "disabled"))
        continue;
      if (!header) {
        os << "== " << n.value("hostname", "") << " ==\n";
        header = true;
      }
      std::string label = outcome;
      if (mode != "apply" && outcome == "changed") label = mode == "verify" ? "drift" : "would change";
      os << "[" << label << "] " << s.value("applier", "");
      if (!s.value("message", "").empty()) os << ": " << s.value("message", "");
      os << "\n";
      os << s.value("diff", "");
      for (const auto& c : s["commands"]) os << "  $ " << c.get<std::string>() << "\n";
    }
    if (!n.value("error", "").empty()) {
      os << "== " << n.value("hostname", "") << " ==\n" << n.value("error", "") << "\n";
    }
  }
  Table t({"NODE", "STATUS", "CHANGED", "UNCHANGED", "FAILED", "SKIPPED"});
  for (const auto& n : r["nodes"]) {
    const auto& c = n["counts"];
    t.add({n.value("hostname", ""), n.value("status", ""), std::to_string(c.value("changed", 0)),
           std::to_string(c.value("unchanged", 0)), std::to_string(c.value("failed", 0)),
           std::to_string(c.value("skipped", 0))});
  }
  os << "\n";
  t.print(os);
  for (const auto& w : r["warnings"]) os << "warning: " << w.get<std::string>() << "\n";
  for (const auto& e : r["unassigned_entries"]) {
    os << "not present: " << e.get<std::string>() << " (no registered node matches it)\n";
  }
  for (const auto& e : r["unmatched_nodes"]) {
    os << "not in the spec: node " << e.get<std::string>() << "\n";
  }
  os << mode << ": " << r.value("status", "") << "\n";
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
    std::cout << reply->dump(2) << "\n";
  } else {
    printApplyReply(*reply, std::cout);
  }
  const std::string status = reply->value("status", "");
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
