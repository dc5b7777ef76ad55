// The typed answer to `apply`: what the daemon encodes from the rollout's document decodes field
// for field, `apply --json` prints that document again, and older controllers' JSON decodes too.
#include <doctest/doctest.h>

#include "cli/reply_json.hpp"
#include "control/control_decode.hpp"
#include "control_reply_support.hpp"
#include "daemon/control_encode.hpp"

using namespace cb;
using test::decodeBytes;
using test::legacyReply;

TEST_CASE("control replies: apply reports are typed and --json keeps the rollout's document") {
  nlohmann::json doc = {
      {"spec", "lab.yaml"},
      {"mode", "dry-run"},
      {"status", "failed"},
      {"nodes",
       {{{"node_id", "aaaa"},
         {"hostname", "master"},
         {"status", "succeeded"},
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
            {"message", "disabled"}}}}},
        {{"node_id", "bbbb"},
         {"hostname", "node02"},
         {"status", "failed"},
         {"error", "no report before the deadline"},
         {"counts", {{"changed", 0}, {"failed", 0}, {"skipped", 0}, {"unchanged", 0}}},
         {"steps", nlohmann::json::array()}}}},
      {"warnings", {"node09 is outside 198.18.0.0/24"}},
      {"unassigned_entries", {"node03"}},
      {"unmatched_nodes", nlohmann::json::array()}};

  auto a = decodeBytes(controller::applyReply(doc), control::decodeApply);
  CHECK(a.spec == "lab.yaml");
  CHECK(a.mode == "dry-run");
  CHECK(a.status == "failed");
  REQUIRE(a.nodes.size() == 2);
  CHECK(a.nodes[0].counts.at("unchanged") == 2);
  REQUIRE(a.nodes[0].steps.size() == 2);
  CHECK(a.nodes[0].steps[1].commands == std::vector<std::string>{"nft -f /run/x"});
  CHECK(a.nodes[1].error == "no report before the deadline");
  CHECK(a.warnings == std::vector<std::string>{"node09 is outside 198.18.0.0/24"});
  CHECK(a.unassignedEntries == std::vector<std::string>{"node03"});
  CHECK(cli::applyJson(a) == doc);

  // Older controllers answered with the document itself.
  CHECK(decodeBytes(legacyReply(doc), control::decodeApply) == a);
}
