#include "daemon/control_handlers.hpp"

#include "daemon/control_encode.hpp"
#include "daemon/control_reply.hpp"
#include "import/saved_outputs.hpp"
#include "labels/run_labels.hpp"
#include "util/safe_text.hpp"
#include "wire/codec.hpp"

namespace cb::controller {
using Which = ctl::Request::Body::Which;

namespace {
/// Labels of a run or suite request as a JSON object, checked by the run-label rules
/// (labels::checkRunLabels); a duplicate key is an error.
template <typename List>
Result<nlohmann::json> checkedLabels(List list) {
  std::map<std::string, std::string> given;
  for (auto kv : list) {
    if (!given.emplace(kv.getKey(), kv.getValue()).second) {
      return fail("label '" + std::string(kv.getKey()) + "' given twice");
    }
  }
  if (auto s = labels::checkRunLabels(given); !s) return fail(s.error());
  return nlohmann::json(given);
}

/// The `listResults` reply: one run (with raw output unless asked without) or the most recent ones.
std::string listResultsReply(store::Store& store, ctl::ResultsQuery::Reader q) {
  std::vector<store::RunRecord> runs;
  if (q.getRunId() != 0) {
    auto r = store.run(q.getRunId());
    if (!r) return errorReply("no run " + std::to_string(q.getRunId()));
    runs.push_back(*r);
  } else {
    runs = store.recentRuns(q.getLimit() ? q.getLimit() : 20);
  }
  return runsReply(store, runs, q.getRunId() != 0 && !q.getWithoutRaw());
}
}  // namespace

void registerControlHandlers(ControlTable& table, const ControlServices& s) {
  table.on(Which::KEYS, [&gw = s.gateway](auto body, ReplyHandle reply) {
    reply.finish(keysReply(gw, body.getKeys()));
  });
  table.on(Which::LIST_NODES, [&reg = s.gateway.registry()](auto, ReplyHandle reply) {
    reply.finish(nodesReply(reg, std::chrono::steady_clock::now()));
  });
  table.on(Which::STATUS,
           [status = s.status](auto, ReplyHandle reply) { reply.finish(statusReply(status())); });
  table.on(Which::LIST_RESULTS, [&store = s.store](auto body, ReplyHandle reply) {
    reply.finish(listResultsReply(store, body.getListResults()));
  });
  table.on(Which::RUN, [&runs = s.runs](auto body, ReplyHandle reply) {
    auto r = body.getRun();
    RunRequest req;
    req.benchmark = r.getBenchmark();
    for (auto n : r.getNodes()) req.nodes.emplace_back(n.cStr());
    for (auto kv : r.getParams()) req.params[kv.getKey()] = kv.getValue();
    req.timeout = std::chrono::milliseconds(r.getTimeoutMs());
    auto labels = checkedLabels(r.getLabels());
    if (!labels) return reply.finish(errorReply(labels.error()));
    req.labels = *labels;
    runs.run(req, reply);
  });
  table.on(Which::RUN_SUITE, [&runs = s.runs](auto body, ReplyHandle reply) {
    auto r = body.getRunSuite();
    auto labels = checkedLabels(r.getLabels());
    if (!labels) return reply.finish(errorReply(labels.error()));
    runs.runSuite(r.getYaml(), r.getFileName(), *labels, r.getResumeSuiteId(),
                  util::safeLine(wire::textView(r.getMaster())), reply);
  });
  table.on(Which::LIST_SUITES, [&store = s.store](auto body, ReplyHandle reply) {
    const auto limit = body.getListSuites();
    reply.finish(suitesReply(store.suites(limit ? limit : 20)));
  });
  table.on(Which::CANCEL, [&runs = s.runs](auto body, ReplyHandle reply) {
    reply.finish(cancelledReply(runs.cancel(body.getCancel().getRunId())));
  });
  table.on(Which::APPLY, [&applies = s.applies](auto body, ReplyHandle reply) {
    auto a = body.getApply();
    ApplyRequest req;
    req.yaml = a.getYaml();
    req.fileName = a.getFileName();
    req.mode = a.getVerify()   ? ApplyMode::kVerify
               : a.getDryRun() ? ApplyMode::kDryRun
                               : ApplyMode::kApply;
    req.timeout =
        req.mode == ApplyMode::kApply ? std::chrono::minutes(15) : std::chrono::minutes(2);
    applies.start(std::move(req), reply);
  });
  table.on(Which::IMPORT_RUN,
           [&store = s.store, &catalog = s.catalog](auto body, ReplyHandle reply) {
             reply.finish(importRunReply(store, catalog, body.getImportRun()));
           });
  table.on(Which::SHUTDOWN, [shutdown = s.shutdown](auto, ReplyHandle reply) {
    reply.finish(stoppingReply());
    if (shutdown) shutdown();
  });
}

}  // namespace cb::controller
