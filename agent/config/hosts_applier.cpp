#include "config/hosts_applier.hpp"

#include <map>

#include "config/managed_block.hpp"
#include "config/text_lines.hpp"

namespace cb::agent::config {

Result<HostsCurrent> observeHosts(ConfigEnv& env) {
  auto file = env.fs.read("/etc/hosts");
  if (!file) return fail(file.error());
  return HostsCurrent{*file};
}

std::string renderHostsBlock(const std::vector<spec::HostEntry>& hosts) {
  std::string body;
  for (const auto& entry : hosts) {
    body += entry.address;
    for (const auto& name : entry.names) body += " " + name;
    body += "\n";
  }
  return body;
}

namespace {

std::vector<std::string> shadowingNotes(const std::vector<spec::HostEntry>& hosts,
                                        std::string_view text) {
  std::map<std::string, std::string, std::less<>> addressOf;
  for (const auto& entry : hosts) {
    for (const auto& name : entry.names) addressOf.emplace(name, entry.address);
  }
  std::vector<std::string> notes;
  for (std::string_view line : userLines(text)) {
    const auto words = wordsBeforeComment(line);
    if (words.size() < 2) continue;
    for (std::size_t i = 1; i < words.size(); ++i) {
      const auto it = addressOf.find(words[i]);
      if (it == addressOf.end() || it->second == words[0]) continue;
      notes.push_back("/etc/hosts line \"" + std::string(trimmed(line)) + "\" outside the " +
                      "clusterbench block maps " + it->first + " to " + std::string(words[0]) +
                      ", not " + it->second + " (the first match wins)");
    }
  }
  return notes;
}

}  // namespace

Plan planHosts(const spec::NodeConfig& desired, const HostsCurrent& current) {
  Plan plan;
  const std::string existing = current.etcHosts.value_or("");
  BlockEdit edit = replaceManagedBlock(existing, renderHostsBlock(desired.hosts));
  plan.notes = std::move(edit.notes);
  for (auto& note : shadowingNotes(desired.hosts, edit.text)) plan.notes.push_back(note);
  if (auto change = changeIfDifferent("/etc/hosts", current.etcHosts, std::move(edit.text))) {
    plan.files.push_back(std::move(*change));
  }
  return plan;
}

Applier hostsApplier() {
  return {"hosts", [](const spec::NodeConfig& config) { return !config.hosts.empty(); },
          [](const spec::NodeConfig& config, ConfigEnv& env) -> Result<Plan> {
            auto current = observeHosts(env);
            if (!current) return fail(current.error());
            return planHosts(config, *current);
          }};
}

}  // namespace cb::agent::config
