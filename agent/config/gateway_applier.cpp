#include "config/gateway_applier.hpp"

#include "config/text_lines.hpp"

namespace cb::agent::config {
namespace {

const std::vector<std::string> kIpForwardProbe{"sysctl", "-n", "net.ipv4.ip_forward"};

}  // namespace

std::vector<std::string> masqueradeRule(const spec::NodeConfig& desired) {
  std::vector<std::string> rule;
  if (!desired.natSource.empty()) rule.insert(rule.end(), {"-s", desired.natSource});
  if (!desired.natOutInterface.empty()) rule.insert(rule.end(), {"-o", desired.natOutInterface});
  rule.insert(rule.end(), {"-j", "MASQUERADE"});
  return rule;
}

std::string masqueradeSaveLine(const spec::NodeConfig& desired) {
  std::string line = "-A POSTROUTING";
  if (!desired.natSource.empty()) line += " -s " + desired.natSource;
  if (!desired.natOutInterface.empty()) line += " -o " + desired.natOutInterface;
  return line + " -j MASQUERADE";
}

Result<GatewayCurrent> observeGateway(const spec::NodeConfig& desired, ConfigEnv& env) {
  GatewayCurrent current;
  auto conf = env.fs.read(kIpForwardConfPath);
  if (!conf) return fail(conf.error());
  current.ipForwardConf = *conf;
  auto rules = env.fs.read(kRulesV4Path);
  if (!rules) return fail(rules.error());
  current.rulesV4 = *rules;

  const CommandResult forward = env.runner.run(kIpForwardProbe);
  if (!forward.ok()) return fail(commandFailure(kIpForwardProbe, forward));
  current.ipForward = std::string(trimmed(forward.out));

  current.iptablesInstalled = env.runner.available("iptables");
  current.iptablesSaveInstalled = env.runner.available("iptables-save");
  current.netfilterPersistentInstalled = env.runner.available("netfilter-persistent");
  if (current.iptablesInstalled) {
    std::vector<std::string> check{"iptables", "-t", "nat", "-C", "POSTROUTING"};
    for (auto& word : masqueradeRule(desired)) check.push_back(std::move(word));
    const CommandResult result = env.runner.run(check);
    // Exit 1 is iptables' "Bad rule (does a matching rule exist in that chain?)".
    if (!result.started || (result.exitCode != 0 && result.exitCode != 1)) {
      return fail(commandFailure(check, result));
    }
    current.masqueradePresent = result.exitCode == 0;
  }
  return current;
}

Plan planGateway(const spec::NodeConfig& desired, const GatewayCurrent& current) {
  Plan plan;
  const std::string conf = std::string(kOwnedFileHeader) + "net.ipv4.ip_forward=1\n";
  if (auto change = changeIfDifferent(kIpForwardConfPath, current.ipForwardConf, conf)) {
    plan.files.push_back(std::move(*change));
  }
  if (current.ipForward != "1") {
    plan.commands.push_back({{"sysctl", "-w", "net.ipv4.ip_forward=1"}});
  }
  if (!current.iptablesInstalled) plan.notes.push_back("iptables is not installed");
  if (!current.masqueradePresent) {
    std::vector<std::string> add{"iptables", "-t", "nat", "-A", "POSTROUTING"};
    for (auto& word : masqueradeRule(desired)) add.push_back(std::move(word));
    plan.commands.push_back({std::move(add)});
  }
  bool persisted = false;
  if (current.rulesV4) {
    const std::string wanted = masqueradeSaveLine(desired);
    for (std::string_view line : linesOf(*current.rulesV4)) {
      if (trimmed(line) == wanted) persisted = true;
    }
  }
  if (!current.masqueradePresent || !persisted) {
    if (current.iptablesSaveInstalled || !current.iptablesInstalled) {
      PlannedCommand save{{"iptables-save"}};
      save.stdoutTo = kRulesV4Path;
      save.stdoutMode = 0640;
      plan.commands.push_back(std::move(save));
    } else {
      plan.notes.push_back("iptables-save is not installed: the rule is not persisted");
    }
  }
  if (!current.netfilterPersistentInstalled) {
    plan.notes.push_back(std::string(kRulesV4Path) +
                         " is loaded at boot by iptables-persistent, which is not installed");
  }
  return plan;
}

Applier gatewayApplier() {
  return {"gateway", [](const spec::NodeConfig& config) { return config.natEnabled; },
          [](const spec::NodeConfig& config, ConfigEnv& env) -> Result<Plan> {
            auto current = observeGateway(config, env);
            if (!current) return fail(current.error());
            return planGateway(config, *current);
          }};
}

}  // namespace cb::agent::config
