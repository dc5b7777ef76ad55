#include "study/study_plan.hpp"

#include <set>

#include "lab/lab_plan.hpp"
#include "lab/qemu_disk.hpp"
#include "labels/environment.hpp"
#include "labels/run_labels.hpp"

namespace cb::study {
namespace {

constexpr int kMinNodes = 2;
constexpr int kMaxNodes = 50;

std::vector<std::string> base(const StudyOptions& o) {
  if (o.stateDir.empty()) return {};
  return {"--state-dir", o.stateDir};
}

bool isGuestProvider(const std::string& p) {
  auto provider = lab::parseProvider(p);
  return provider && lab::isGuestProvider(*provider);
}

}  // namespace

std::string legEnvironment(const std::string& provider) {
  auto p = lab::parseProvider(provider);
  if (!p) return {};
  switch (*p) {
    case lab::Provider::kQemu:
      return labels::toString(labels::Environment::kVm);
    case lab::Provider::kNspawn:
    case lab::Provider::kPodman:
      return labels::toString(labels::Environment::kContainer);
    case lab::Provider::kNetns:
    case lab::Provider::kLoopback:
      return labels::toString(labels::Environment::kBare);
  }
  return {};
}

Status checkStudyOptions(const StudyOptions& o) {
  if (o.providers.empty()) return fail("--providers: name at least one lab provider");
  std::set<std::string> seen;
  for (const auto& p : o.providers) {
    if (!lab::parseProvider(p)) {
      return fail("--providers: '" + p +
                  "' is not a lab provider (see `clusterbench lab up --help`)");
    }
    if (!seen.insert(p).second) return fail("--providers: '" + p + "' given twice");
  }
  if (o.nodes < kMinNodes || o.nodes > kMaxNodes) {
    return fail("--nodes " + std::to_string(o.nodes) + ": must be " + std::to_string(kMinNodes) +
                "-" + std::to_string(kMaxNodes) + " (iperf3 needs two nodes)");
  }
  if (o.suite.empty()) return fail("--suite: no suite file");
  if (o.outDir.empty()) return fail("--out: no output directory");
  // The id travels as the run label study=ID: the daemon's label rules apply.
  if (auto s = labels::checkRunLabels({{"study", o.studyId}}); !s)
    return fail("--id: " + s.error());
  if (o.accel != "auto" && o.accel != "kvm" && o.accel != "tcg") {
    return fail("--accel '" + o.accel + "': auto, kvm or tcg");
  }
  if (auto f = lab::parseDiskFormat(o.diskFormat); !f) return fail(f.error());
  if (auto c = lab::parseDiskCache(o.diskCache); !c) return fail(c.error());
  if (o.groupBy.empty()) return fail("--group-by: empty label name");
  return okStatus();
}

std::vector<std::string> labStatusArgs(const StudyOptions& o) {
  auto a = base(o);
  a.insert(a.end(), {"lab", "status", "--json"});
  return a;
}

std::vector<std::string> labUpArgs(const StudyOptions& o, const std::string& provider) {
  auto a = base(o);
  a.insert(a.end(),
           {"lab", "up", "--provider", provider, "--nodes", std::to_string(o.nodes), "--json"});
  if (isGuestProvider(provider) && !o.imageDir.empty()) {
    a.insert(a.end(), {"--image-dir", o.imageDir});
  }
  if (provider == "qemu") {
    a.insert(a.end(),
             {"--accel", o.accel, "--disk-format", o.diskFormat, "--disk-cache", o.diskCache});
  }
  if (o.upTimeoutSeconds > 0) a.insert(a.end(), {"--timeout", std::to_string(o.upTimeoutSeconds)});
  if (!o.prefix.empty()) a.insert(a.end(), {"--prefix", o.prefix});
  if (!o.subnet.empty()) a.insert(a.end(), {"--subnet", o.subnet});
  if (o.port > 0) a.insert(a.end(), {"--port", std::to_string(o.port)});
  if (o.metricsPort >= 0) a.insert(a.end(), {"--metrics-port", std::to_string(o.metricsPort)});
  return a;
}

std::vector<std::string> runSuiteArgs(const StudyOptions& o, const std::string& provider,
                                      const LegSetup& setup) {
  auto a = base(o);
  a.insert(a.end(), {"run", o.suite.string(), "--json", "--progress", "--label",
                     "study=" + o.studyId, "--label", "lab_provider=" + provider});
  if (const std::string env = legEnvironment(provider); !env.empty()) {
    a.insert(a.end(), {"--label", "environment=" + env});
  }
  if (!setup.accel.empty()) a.insert(a.end(), {"--label", "accel=" + setup.accel});
  if (!setup.diskFormat.empty()) {
    a.insert(a.end(), {"--label", "disk_format=" + setup.diskFormat});
  }
  if (!setup.diskCache.empty()) a.insert(a.end(), {"--label", "disk_cache=" + setup.diskCache});
  return a;
}

std::vector<std::string> labDownArgs(const StudyOptions& o) {
  auto a = base(o);
  a.insert(a.end(), {"lab", "down"});
  return a;
}

std::filesystem::path reportPath(const StudyOptions& o, const std::string& format) {
  return o.outDir / ("study." + format);
}

std::vector<std::string> reportArgs(const StudyOptions& o, const std::vector<std::int64_t>& runs,
                                    const std::string& format) {
  std::string ids;
  for (auto id : runs) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  auto a = base(o);
  a.insert(a.end(), {"report", "--runs", ids, "--group-by", o.groupBy, "--format", format, "-o",
                     reportPath(o, format).string()});
  return a;
}

Result<std::string> labUpProvider(const std::string& statusJson) {
  auto j = nlohmann::json::parse(statusJson, nullptr, false);
  if (!j.is_object()) return fail("lab status --json printed no JSON object");
  if (!j.value("up", false)) return std::string();
  return j.value("provider", std::string("unknown"));
}

LegSetup labSetup(const std::string& upJson) {
  auto j = nlohmann::json::parse(upJson, nullptr, false);
  LegSetup out;
  if (!j.is_object()) return out;
  auto text = [&](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  out.accel = text("accel");
  out.diskFormat = text("disk_format");
  out.diskCache = text("disk_cache");
  return out;
}

Result<SuiteOutcome> parseSuiteOutput(const std::string& json) {
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (!j.is_object() || !j.contains("runs") || !j["runs"].is_array()) {
    return fail("the suite printed no summary (a JSON object with runs)");
  }
  SuiteOutcome out;
  out.status = j.value("status", "");
  for (const auto& r : j["runs"]) {
    if (r.value("status", "") != "succeeded") ++out.failedRuns;
    if (r.contains("run_id") && r["run_id"].is_number_integer()) {
      out.runIds.push_back(r["run_id"].get<std::int64_t>());
    }
  }
  return out;
}

}  // namespace cb::study
