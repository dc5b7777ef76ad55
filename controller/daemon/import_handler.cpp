// Saved outputs imported as a run (control.capnp importRun).
// The document is checked whole (imports::readImportDocumentText) before anything is stored. The
// run is stored "succeeded" with the document's labels and no parameters; each file becomes one
// result: task id "import<runId>-<n>" (n from 1 in document order, never a "run…" id, so no
// agent result can claim it), no node id, environment from the label "environment" (else
// "unknown"), command ["import", <file>], or ["import", <file>, "report", <n>] for the n-th of
// several reports in one file. Imported figures are history, not live measurements:
// they are not exported to /metrics.
#include "daemon/control_encode.hpp"
#include "daemon/control_handlers.hpp"
#include "daemon/control_reply.hpp"
#include "daemon/daemon_log.hpp"
#include "import/saved_outputs.hpp"
#include "util/clock.hpp"

namespace cb::controller {
std::string importRunReply(store::Store& store, const bench::Catalog& catalog,
                           const std::string& json) {
  auto doc = imports::readImportDocumentText(json, catalog);
  if (!doc) return errorReply(doc.error());
  auto started = nowMs();
  auto runId = store.createRun(doc->benchmark, "{}", started, nlohmann::json(doc->labels).dump());
  if (!runId) return errorReply("cannot record the imported run: " + runId.error());
  auto env = doc->labels.find("environment");
  const std::string environment = env == doc->labels.end() ? "unknown" : env->second;
  std::size_t n = 0, samples = 0;
  for (auto& f : doc->results) {
    store::ResultRecord rec;
    rec.runId = *runId;
    rec.taskId = "import" + std::to_string(*runId) + "-" + std::to_string(++n);
    rec.hostname = f.hostname;
    rec.environment = environment;
    rec.status = "succeeded";
    rec.command = {"import", f.file};
    if (f.report > 0) rec.command.insert(rec.command.end(), {"report", std::to_string(f.report)});
    rec.rawOutput = std::move(f.rawOutput);
    rec.samples = std::move(f.samples);
    rec.finishedAt = started;
    samples += rec.samples.size();
    auto stored = store.addResult(rec);
    if (!stored || !*stored) {
      std::string why = stored ? "task id " + rec.taskId + " already stored" : stored.error();
      daemonLog()->error("import into run {} failed at {}: {}", *runId, f.file, why);
      if (auto s = store.finishRun(*runId, "failed", nowMs()); !s) {
        daemonLog()->error("store: {}", s.error());
      }
      return errorReply("cannot store the result of '" + f.file + "' (run " +
                        std::to_string(*runId) + " is marked failed): " + why);
    }
  }
  if (auto s = store.finishRun(*runId, "succeeded", nowMs()); !s) {
    return errorReply("cannot finish the imported run " + std::to_string(*runId) + ": " +
                      s.error());
  }
  daemonLog()->info("run {}: imported {} file(s) of {} ({} samples)", *runId, n, doc->benchmark,
                    samples);
  return runReply(store, *runId);
}

}  // namespace cb::controller
