#include "config/packages_applier.hpp"

#include "config/text_lines.hpp"

namespace cb::agent::config {

bool dpkgStatusInstalled(std::string_view status) {
  const auto words = wordsBeforeComment(status);
  return words.size() == 3 && words[1] == "ok" && words[2] == "installed";
}

Result<PackagesCurrent> observePackages(const spec::NodeConfig& desired, ConfigEnv& env) {
  if (!env.runner.available("dpkg-query")) {
    return fail(
        "dpkg-query is not installed: packages can only be installed on Debian-based nodes");
  }
  PackagesCurrent current;
  for (const auto& package : desired.packages) {
    const std::vector<std::string> probe{"dpkg-query", "-W", "-f=${Status}", package};
    const CommandResult result = env.runner.run(probe);
    if (!result.started || (result.exitCode != 0 && result.exitCode != 1)) {
      return fail(commandFailure(probe, result));
    }
    // Exit 1: "dpkg-query: no packages found matching PKG".
    if (result.exitCode != 0 || !dpkgStatusInstalled(result.out)) {
      current.missing.push_back(package);
    }
  }
  return current;
}

Plan planPackages(const spec::NodeConfig&, const PackagesCurrent& current) {
  Plan plan;
  if (current.missing.empty()) return plan;
  std::vector<std::string> argv{"env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install",
                                "-y",  "--no-install-recommends"};
  argv.insert(argv.end(), current.missing.begin(), current.missing.end());
  plan.commands.push_back({std::move(argv)});
  return plan;
}

Applier packagesApplier() {
  return {"packages",
          [](const spec::NodeConfig& config) {
            return config.packagesEnabled && !config.packages.empty();
          },
          [](const spec::NodeConfig& config, ConfigEnv& env) -> Result<Plan> {
            auto current = observePackages(config, env);
            if (!current) return fail(current.error());
            return planPackages(config, *current);
          }};
}

}  // namespace cb::agent::config
