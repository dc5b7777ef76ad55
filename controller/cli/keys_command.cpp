// `clusterbench keys list|accept|reject|delete` and `clusterbench token create`: enrollment.
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/table.hpp"
#include "control/control_client.hpp"
#include "registry/join_tokens.hpp"
#include "util/clock.hpp"
#include "wire/key_id.hpp"

namespace cb::cli {
namespace {

std::string timeText(std::int64_t ms) {
  if (ms <= 0) return "-";
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

nlohmann::json toJson(const control::KeySummary& k) {
  return {{"id", wire::keyId(k.publicKey)}, {"key", k.publicKey}, {"state", k.state},
          {"node_id", k.nodeId},         {"claimed_node_id", k.claimedNodeId},
          {"hostname", k.hostname},      {"address", k.address},
          {"first_seen", timeText(k.firstSeenMs)}, {"last_seen", timeText(k.lastSeenMs)},
          {"connected", k.connected}};
}

void printKeys(const std::vector<control::KeySummary>& keys, bool json) {
  if (json) {
    auto arr = nlohmann::json::array();
    for (const auto& k : keys) arr.push_back(toJson(k));
    std::cout << arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  if (keys.empty()) {
    std::cout << "no agent keys yet\n";
    return;
  }
  Table t({"ID", "KEY", "STATE", "CONNECTED", "HOSTNAME", "ADDRESS", "NODE ID", "FIRST SEEN",
           "LAST SEEN"});
  for (const auto& k : keys) {
    t.add({wire::keyId(k.publicKey).substr(0, wire::kShortKeyId), k.publicKey, k.state, k.connected ? "yes" : "no", k.hostname.empty() ? "-" : k.hostname,
           k.address.empty() ? "-" : k.address,
           k.nodeId.empty() ? "-" : k.nodeId.substr(0, 12), timeText(k.firstSeenMs),
           timeText(k.lastSeenMs)});
  }
  t.print(std::cout);
}

/// "30m", "12h", "7d", "3600" (seconds) -> seconds; 0 = never.
std::chrono::seconds parseTtl(const std::string& text) {
  if (text.empty() || text == "0") return std::chrono::seconds(0);
  std::size_t used = 0;
  long long n = 0;
  try {
    n = std::stoll(text, &used);
  } catch (const std::exception&) {
    failCommand("--ttl '" + text + "' is not a duration (e.g. 30m, 12h, 7d)", 2);
  }
  std::string unit = text.substr(used);
  long long mult = unit.empty() || unit == "s" ? 1 : unit == "m" ? 60 : unit == "h" ? 3600
                   : unit == "d"                                   ? 86400
                                                                   : -1;
  if (mult < 0 || n < 0) failCommand("--ttl '" + text + "' is not a duration (e.g. 30m, 12h, 7d)", 2);
  return std::chrono::seconds(n * mult);
}

}  // namespace

void addKeysCommand(CLI::App& app, GlobalOptions& g) {
  auto* keys = app.add_subcommand(
      "keys",
      "Agent keys: every agent's CURVE key is pending, accepted or rejected; only accepted keys "
      "are nodes. Compare a key with `clusterbench-agent --print-key` on the node before "
      "accepting it.");
  keys->require_subcommand(1);
  static std::string key;
  static bool allPending = false;
  auto run = [&g](control::KeyAction action, const std::string& k) {
    auto out = control::requestKeys(controlEndpoint(g), action, k, std::chrono::seconds(10));
    if (!out) failCommand(out.error());
    printKeys(*out, g.json);
  };

  auto* list = keys->add_subcommand("list", "List agent keys with state, hostname and address");
  list->add_flag("--json", g.json, "print as JSON");
  list->callback([run] { run(control::KeyAction::kList, ""); });

  auto* accept = keys->add_subcommand(
      "accept", "Accept a pending key: its agent becomes a node (binds the node id it asked for)");
  accept->add_option("KEY", key, "key or unique prefix (6+ characters)");
  accept->add_flag("--all-pending", allPending, "accept every pending key");
  accept->add_flag("--json", g.json, "print the key list as JSON");
  accept->callback([run] {
    if (allPending == !key.empty()) failCommand("give KEY or --all-pending (one of them)", 2);
    run(allPending ? control::KeyAction::kAcceptAllPending : control::KeyAction::kAccept, key);
  });

  auto* reject = keys->add_subcommand(
      "reject", "Reject a key: its handshakes fail from now on and a connected node is dropped");
  reject->add_option("KEY", key, "key or unique prefix (6+ characters)")->required();
  reject->add_flag("--json", g.json, "print the key list as JSON");
  reject->callback([run] { run(control::KeyAction::kReject, key); });

  auto* del = keys->add_subcommand(
      "delete", "Forget a key (a connected node is dropped; it may come back as pending)");
  del->add_option("KEY", key, "key or unique prefix (6+ characters)")->required();
  del->add_flag("--json", g.json, "print the key list as JSON");
  del->callback([run] { run(control::KeyAction::kDelete, key); });
}

void addTokenCommand(CLI::App& app, GlobalOptions& g) {
  auto* token = app.add_subcommand("token", "Join tokens: a hello with a valid token accepts the key");
  token->require_subcommand(1);
  static std::string ttl;
  auto* create = token->add_subcommand(
      "create",
      "Make a random join token, add it to STATE_DIR/join-tokens (0600) and print it. Put it in "
      "/etc/clusterbench/join-token (mode 0600) on the nodes; never pass it on a command line.");
  create->add_option("--ttl", ttl, "lifetime: 30m, 12h, 7d, seconds (default: never expires)");
  create->add_flag("--json", g.json, "print {\"token\", \"expires_at\"} as JSON");
  create->callback([&g] {
    auto stateDir = control::resolveStateDir(g.stateDir);
    std::error_code ec;
    std::filesystem::create_directories(stateDir, ec);
    auto t = controller::createJoinToken(stateDir, parseTtl(ttl), nowMs());
    if (!t) failCommand(t.error());
    if (g.json) {
      std::cout << nlohmann::json{{"token", t->token},
                                  {"expires_at", t->expiresAtMs ? timeText(t->expiresAtMs) : ""},
                                  {"file", controller::joinTokenFile(stateDir).string()}}
                       .dump(2)
                << "\n";
    } else {
      std::cout << t->token << "\n";
      std::cerr << "added to " << controller::joinTokenFile(stateDir).string()
                << (t->expiresAtMs ? ", expires " + timeText(t->expiresAtMs) : ", no expiry")
                << "\n";
    }
  });
}

}  // namespace cb::cli
