#include "labels/environment_labels.hpp"

#include "labels/environment.hpp"

namespace cb::labels {
namespace {

/// The common non-empty value of `field` over the nodes, kMixed when they differ, ""
/// when none has one.
std::string common(const std::vector<NodeEnvironment>& nodes, std::string NodeEnvironment::*field) {
  std::string out;
  for (const auto& n : nodes) {
    const std::string& v = n.*field;
    if (v.empty()) continue;
    if (out.empty()) {
      out = v;
    } else if (out != v) {
      return std::string(kMixed);
    }
  }
  return out;
}

}  // namespace

nlohmann::json withEnvironmentLabels(nlohmann::json labels,
                                     const std::vector<NodeEnvironment>& nodes) {
  if (!labels.is_object()) labels = nlohmann::json::object();
  const std::string environment = common(nodes, &NodeEnvironment::environment);
  const std::string virtTech = common(nodes, &NodeEnvironment::virtTech);
  const bool userEnvironment = labels.contains("environment");
  if (!userEnvironment && !environment.empty()) labels["environment"] = environment;
  if (!labels.contains("virt_tech") && !virtTech.empty()) {
    if (!userEnvironment || labels["environment"] == environment) labels["virt_tech"] = virtTech;
  }
  return labels;
}

}  // namespace cb::labels
