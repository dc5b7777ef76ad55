#pragma once
// Debian packages the enabled parts need (config.packages), installed with apt when missing:
// `env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends PKG...`.
#include <string>
#include <vector>

#include "config/applier.hpp"

namespace cb::agent::config {

struct PackagesCurrent {
  std::vector<std::string> missing;  // wanted packages dpkg does not list as installed, in order
};

/// Whether `dpkg-query -W -f=${Status}` output means installed ("install ok installed", "hold ok
/// installed"; not "deinstall ok config-files").
bool dpkgStatusInstalled(std::string_view status);

/// Asks `dpkg-query -W -f=${Status} PKG` for each package; an error when dpkg-query is missing
/// (not a Debian-based node) or fails other than with "no packages found".
Result<PackagesCurrent> observePackages(const spec::NodeConfig& desired, ConfigEnv& env);

Plan planPackages(const spec::NodeConfig& desired, const PackagesCurrent& current);

Applier packagesApplier();

}  // namespace cb::agent::config
