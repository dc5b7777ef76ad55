#include "config/hostname_applier.hpp"

#include "config/text_lines.hpp"

namespace cb::agent::config {

Result<HostnameCurrent> observeHostname(ConfigEnv& env) {
  HostnameCurrent current;
  auto file = env.fs.read("/etc/hostname");
  if (!file) return fail(file.error());
  current.etcHostname = *file;
  const std::vector<std::string> probe{"hostname"};
  const CommandResult result = env.runner.run(probe);
  if (!result.ok()) return fail(commandFailure(probe, result));
  current.running = std::string(trimmed(result.out));
  return current;
}

Plan planHostname(const spec::NodeConfig& desired, const HostnameCurrent& current) {
  Plan plan;
  const bool persisted =
      current.etcHostname && trimmed(firstLineOf(*current.etcHostname)) == desired.hostname;
  if (!persisted) {
    plan.files.push_back({"/etc/hostname", current.etcHostname, desired.hostname + "\n", 0644});
  }
  if (current.running != desired.hostname) {
    plan.commands.push_back({{"hostname", desired.hostname}});
  }
  return plan;
}

Applier hostnameApplier() {
  return {"hostname", [](const spec::NodeConfig&) { return true; },
          [](const spec::NodeConfig& config, ConfigEnv& env) -> Result<Plan> {
            auto current = observeHostname(env);
            if (!current) return fail(current.error());
            return planHostname(config, *current);
          }};
}

}  // namespace cb::agent::config
