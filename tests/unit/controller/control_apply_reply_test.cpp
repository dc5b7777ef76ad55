// The typed answer to `apply`: the rollout's summary encodes and decodes field for field,
// `apply --json` prints the documented keys, and older controllers' JSON decodes too.
#include <doctest/doctest.h>

#include "apply/apply_rollout.hpp"
#include "cli/reply_json.hpp"
#include "control/control_decode.hpp"
#include "control_reply_support.hpp"
#include "daemon/control_encode.hpp"

using namespace cb;
using test::decodeBytes;
using test::legacyReply;

TEST_CASE("control replies: apply reports are typed and --json prints the documented keys") {
  nlohmann::json doc = {
      {"spec", "lab.yaml"},
      {"mode", "dry-run"},
      {"status", "failed"},
      {"nodes",
       {{{"node_id", "aaaa"},
         {"hostname", "master"},
         {"status", "changed"},
         {"error", ""},
         {"counts", {{"changed", 1}, {"failed", 0}, {"skipped", 1}, {"unchanged", 2}}},
         {"steps",
          {{{"applier", "hosts"},
            {"outcome", "changed"},
            {"diff", "--- /etc/hosts\n+++ /etc/hosts\n+198.18.0.3 node02\n"},
            {"commands", nlohmann::json::array()},
            {"message", ""}},
           {{"applier", "nat"},
            {"outcome", "skipped"},
            {"diff", ""},
            {"commands", {"nft -f /run/x"}},
            {"message", "disabled"}},
           {{"applier", "hostname"},
            {"outcome", "unchanged"},
            {"diff", ""},
            {"commands", nlohmann::json::array()},
            {"message", ""}},
           {{"applier", "network"},
            {"outcome", "unchanged"},
            {"diff", ""},
            {"commands", nlohmann::json::array()},
            {"message", ""}}}}},
        {{"node_id", "bbbb"},
         {"hostname", "node02"},
         {"status", "timeout"},
         {"error", "no report before the deadline"},
         {"counts", {{"changed", 0}, {"failed", 0}, {"skipped", 0}, {"unchanged", 0}}},
         {"steps", nlohmann::json::array()}}}},
      {"warnings", {"node09 is outside 198.18.0.0/24"}},
      {"unassigned_entries", {"node03"}},
      {"unmatched_nodes", nlohmann::json::array()}};

  // The rollout's own summary of such an apply: node02 never reported.
  controller::ApplyRollout rollout(controller::ApplyMode::kDryRun, "lab.yaml");
  rollout.addNode("aaaa", "master", "ap1");
  rollout.addNode("bbbb", "node02", "ap2");
  REQUIRE(rollout.onReport(
      "ap1",
      {{"hosts", "changed", "--- /etc/hosts\n+++ /etc/hosts\n+198.18.0.3 node02\n", {}, ""},
       {"nat", "skipped", "", {"nft -f /run/x"}, "disabled"},
       {"hostname", "unchanged", "", {}, ""},
       {"network", "unchanged", "", {}, ""}},
      ""));
  rollout.expire("no report before the deadline");
  const auto summary = rollout.reply({"node09 is outside 198.18.0.0/24"}, {"node03"}, {});
  auto a = decodeBytes(controller::applyReply(summary), control::decodeApply);
  CHECK(a == summary);
  CHECK(a.spec == "lab.yaml");
  CHECK(a.mode == "dry-run");
  CHECK(a.status == "failed");
  REQUIRE(a.nodes.size() == 2);
  CHECK(a.nodes[0].counts.at("unchanged") == 2);
  REQUIRE(a.nodes[0].steps.size() == 4);
  CHECK(a.nodes[0].steps[1].commands == std::vector<std::string>{"nft -f /run/x"});
  CHECK(a.nodes[1].error == "no report before the deadline");
  CHECK(a.warnings == std::vector<std::string>{"node09 is outside 198.18.0.0/24"});
  CHECK(a.unassignedEntries == std::vector<std::string>{"node03"});
  CHECK(cli::applyJson(a) == doc);

  // Older controllers answered with the document itself.
  CHECK(decodeBytes(legacyReply(doc), control::decodeApply) == a);
}
