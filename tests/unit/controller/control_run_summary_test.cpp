// The reply to `run` of many nodes: counts by status and only the rows that did not succeed;
// `listResults` still carries every row, and the CLI's table of a large run shows the counts and
// the failures.
#include <doctest/doctest.h>

#include <sstream>

#include "cli/result_table.hpp"
#include "control/control_decode.hpp"
#include "control_reply_support.hpp"
#include "daemon/control_encode.hpp"
#include "store/store.hpp"
#include "support/process.hpp"

using namespace cb;
using test::decodeBytes;

TEST_CASE("control replies: the reply to `run` of many nodes is a summary plus the failures") {
  test::TempDir dir;
  auto opened = store::Store::open(dir.path() / "results.db");
  REQUIRE(opened);
  auto& db = *opened;
  auto id = db->createRun("noop", "{}", 1700000000000, "{}", "[]");
  REQUIRE(id);
  const std::size_t nodes = controller::kFullRowsUpTo + 36;  // 100
  for (std::size_t i = 0; i < nodes; ++i) {
    store::ResultRecord r;
    r.runId = *id;
    r.taskId = "run" + std::to_string(*id) + "-" + std::to_string(i);
    r.nodeId = std::to_string(i);
    r.hostname = "node" + std::to_string(1000 + i);
    r.status = i % 40 == 7 ? "failed" : i == 50 ? "lost" : "succeeded";
    r.finishedAt = 1700000001000;
    REQUIRE(db->addResult(r));
  }
  REQUIRE(db->finishRun(*id, "partial", 1700000002000));

  auto run = decodeBytes(controller::runReply(*db, *id), control::decodeRun);
  CHECK(run.counts ==
        std::map<std::string, std::uint64_t>{{"failed", 3}, {"lost", 1}, {"succeeded", 96}});
  CHECK(run.resultsOmitted == 96);
  CHECK(control::resultCount(run) == nodes);
  REQUIRE(run.results.size() == 4);
  for (const auto& r : run.results) CHECK(r.status != "succeeded");

  // `results --run` still gives every row; a summary's table names the counts and the failures.
  auto all = decodeBytes(controller::runsReply(*db, {*db->run(*id)}, false), control::decodeRuns);
  REQUIRE(all.size() == 1);
  CHECK(all[0].results.size() == nodes);
  CHECK(all[0].resultsOmitted == 0);
  std::ostringstream table;
  cli::printRunResults(run, table);
  CHECK(table.str().find("100 results: 3 failed, 1 lost, 96 succeeded") != std::string::npos);
  CHECK(table.str().find("node1007") != std::string::npos);
  CHECK(table.str().find("node1000 ") == std::string::npos);
  std::ostringstream full;
  cli::printRunResults(all[0], full, true);
  CHECK(full.str().find("node1000 ") != std::string::npos);
  std::ostringstream large;  // every row in the reply, still more than a table shows
  cli::printRunResults(all[0], large);
  CHECK(large.str() == table.str());
}
