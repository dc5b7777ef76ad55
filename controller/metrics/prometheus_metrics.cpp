// Metrics backed by prometheus-cpp: one Registry, served by one civetweb Exposer on /metrics.
//
// Series lifetime contract (no stale label sets):
// - clusterbench_node_up{node,environment}: one series per node; when the node's environment
//   changes, the old series is removed. Value 1 unless the state is "lost".
// - clusterbench_node_state{node,state}: the known states (ready, busy, lost) always exist per
//   node, exactly one of them is 1. An unknown state is exported while current and removed after.
// - clusterbench_benchmark_result{node,environment,benchmark,metric,unit}: one series per
//   (node, benchmark, metric); a new environment or unit replaces the old series, and a node that
//   changes environment loses the series recorded under its old environment.
// - node resources (node_resource_collector.hpp): from the node's latest report; dropped when the
//   node is lost, back with its next report.
// - run progress (run_progress_series.hpp).
// Thread-safety: the bookkeeping maps are touched only by the caller's (loop) thread; families
// and metric values are internally synchronised by prometheus-cpp against scrapes.
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <exception>
#include <map>
#include <string_view>
#include <tuple>
#include <utility>

#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include "metrics/label_bounds.hpp"
#include "metrics/metrics.hpp"
#include "metrics/node_resource_collector.hpp"
#include "metrics/run_progress_series.hpp"

namespace cb::metrics {
namespace {

// Kept equal to project(VERSION) in the top-level CMakeLists.txt.
constexpr const char* kBuildVersion = "0.1.0";
constexpr const char* kLostState = "lost";
constexpr LabelBounds kLabelBounds{};
constexpr std::array<std::string_view, 3> kNodeStates{"ready", "busy", "lost"};
constexpr std::array<std::string_view, 5> kTaskStatuses{"succeeded", "failed", "timed_out",
                                                        "cancelled", "refused"};

struct HostPort {
  std::string host;  // as given, e.g. "127.0.0.1" or "[::1]"
  std::string port;  // decimal, 0..65535
};

Result<HostPort> splitAddress(const std::string& address) {
  const auto colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == address.size()) {
    return fail("metrics: address '" + address + "' is not host:port");
  }
  HostPort hp{address.substr(0, colon), address.substr(colon + 1)};
  unsigned port = 0;
  const char* first = hp.port.data();
  const char* last = first + hp.port.size();
  const auto [end, ec] = std::from_chars(first, last, port);
  if (ec != std::errc{} || end != last || port > 65535) {
    return fail("metrics: address '" + address + "' has an invalid port");
  }
  return hp;
}

// Why binding host:port fails, as strerror text, or "" if a probe bind succeeds. Only used to
// explain a failure: civetweb's exception just says "Possible problem binding to port".
std::string probeBindFailure(const HostPort& hp) {
  std::string host = hp.host;
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (const int rc = ::getaddrinfo(host.c_str(), hp.port.c_str(), &hints, &found); rc != 0) {
    return ::gai_strerror(rc);
  }
  std::string why;
  const int fd = ::socket(found->ai_family, found->ai_socktype | SOCK_CLOEXEC, found->ai_protocol);
  if (fd < 0) {
    why = std::strerror(errno);
  } else {
    const int on = 1;  // as civetweb does, so TIME_WAIT leftovers are not reported
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (::bind(fd, found->ai_addr, found->ai_addrlen) != 0) why = std::strerror(errno);
    ::close(fd);
  }
  ::freeaddrinfo(found);
  return why;
}

class PrometheusMetrics final : public Metrics {
 public:
  PrometheusMetrics(std::unique_ptr<prometheus::Exposer> exposer, const std::string& host, int port)
      : registry_(std::make_shared<prometheus::Registry>()),
        nodeUp_(prometheus::BuildGauge()
                    .Name("clusterbench_node_up")
                    .Help("1 while the node's agent is connected (state ready or busy), 0 when "
                          "it is lost.")
                    .Register(*registry_)),
        nodeState_(prometheus::BuildGauge()
                       .Name("clusterbench_node_state")
                       .Help("Node state: 1 for the node's current state, 0 for the others.")
                       .Register(*registry_)),
        heartbeatAge_(prometheus::BuildGauge()
                          .Name("clusterbench_node_heartbeat_age_seconds")
                          .Help("Seconds since the controller last heard from the node's agent.")
                          .Register(*registry_)),
        registrations_(prometheus::BuildCounter()
                           .Name("clusterbench_registrations_total")
                           .Help("Agent registrations handled since the controller started.")
                           .Register(*registry_)),
        refusals_(prometheus::BuildCounter()
                      .Name("clusterbench_agent_refusals_total")
                      .Help("Agent handshakes and messages refused by enrollment, by reason.")
                      .Register(*registry_)),
        storeFailures_(prometheus::BuildCounter()
                           .Name("clusterbench_store_write_failures_total")
                           .Help("Failed writes and group commits of the results store; nothing "
                                 "of a failed commit was acknowledged to agents, which send it "
                                 "again.")
                           .Register(*registry_)),
        storeWritable_(prometheus::BuildGauge()
                           .Name("clusterbench_store_writable")
                           .Help("1 when the latest commit of the results store succeeded, 0 "
                                 "when it failed (disk full, I/O error).")
                           .Register(*registry_)),
        tasks_(prometheus::BuildCounter()
                   .Name("clusterbench_tasks_total")
                   .Help("Benchmark tasks finished since the controller started, by final status.")
                   .Register(*registry_)),
        tasksRunning_(prometheus::BuildGauge()
                          .Name("clusterbench_tasks_running")
                          .Help("Benchmark tasks currently running on agents.")
                          .Register(*registry_)),
        benchmarkResult_(prometheus::BuildGauge()
                             .Name("clusterbench_benchmark_result")
                             .Help("Latest value of a benchmark metric, in the unit named by the "
                                   "unit label.")
                             .Register(*registry_)),
        buildInfo_(prometheus::BuildGauge()
                       .Name("clusterbench_build_info")
                       .Help("Build of the controller; the value is always 1.")
                       .Register(*registry_)),
        progress_(*registry_),
        resources_(std::make_shared<NodeResourceCollector>()),
        url_("http://" + host + ":" + std::to_string(port) + "/metrics"),
        exposer_(std::move(exposer)) {
    buildInfo_.Add({{"version", kBuildVersion}}).Set(1);
    registrations_.Add({});
    storeFailures_.Add({});
    storeWritable_.Add({}).Set(1);
    tasksRunning_.Add({}).Set(0);
    for (auto status : kTaskStatuses) tasks_.Add({{"status", std::string(status)}});
    exposer_->RegisterCollectable(registry_);
    exposer_->RegisterCollectable(resources_);
  }

  std::string url() const override { return url_; }

  void setNodeState(const std::string& node, const std::string& environment,
                    const std::string& state) override {
    NodeSeries& n = nodes_[node];
    if (n.up != nullptr && n.environment != environment) {
      nodeUp_.Remove(n.up);
      n.up = nullptr;
      dropResultsOutsideEnvironment(node, environment);
    }
    if (n.up == nullptr) n.up = &nodeUp_.Add({{"node", node}, {"environment", environment}});
    n.environment = environment;
    n.up->Set(state == kLostState ? 0 : 1);

    for (auto it = n.states.begin(); it != n.states.end();) {
      if (!isKnownState(it->first) && it->first != state) {
        nodeState_.Remove(it->second);
        it = n.states.erase(it);
      } else {
        ++it;
      }
    }
    for (auto known : kNodeStates) addState(node, n, std::string(known));
    addState(node, n, state);
    for (auto& [name, gauge] : n.states) gauge->Set(name == state ? 1 : 0);
    if (state == kLostState) resources_->remove(node);
  }

  void setHeartbeatAge(const std::string& node, double seconds) override {
    heartbeatAge_.Add({{"node", node}}).Set(seconds);
  }

  void countRegistration() override { registrations_.Add({}).Increment(); }
  void countAgentRefusal(const std::string& reason) override {
    refusals_.Add({{"reason", reason}}).Increment();
  }

  void countStoreCommit(bool ok) override {
    if (!ok) storeFailures_.Add({}).Increment();
    storeWritable_.Add({}).Set(ok ? 1 : 0);
  }

  void countTask(const std::string& status) override {
    tasks_.Add({{"status", status}}).Increment();
  }

  void setTasksRunning(double n) override { tasksRunning_.Add({}).Set(n); }

  void recordSample(const std::string& node, const std::string& environment,
                    const std::string& benchmark, const std::string& metric,
                    const std::string& unit, double value) override {
    ResultKey key{node, benchmark, metric};
    auto found = results_.find(key);
    if (found == results_.end()) {
      auto why = refuseAgentSeries(kLabelBounds, seriesOfNode_[node], {metric, unit});
      if (!why.empty()) {
        refusals_.Add({{"reason", std::string(why)}}).Increment();
        return;
      }
      ++seriesOfNode_[node];
      found = results_.emplace(std::move(key), ResultSeries{}).first;
    } else if (unit.size() > kLabelBounds.maxValueBytes) {
      refusals_.Add({{"reason", "label_too_long"}}).Increment();
      return;
    }
    ResultSeries& r = found->second;
    if (r.gauge != nullptr && (r.environment != environment || r.unit != unit)) {
      benchmarkResult_.Remove(r.gauge);
      r.gauge = nullptr;
    }
    if (r.gauge == nullptr) {
      r.gauge = &benchmarkResult_.Add({{"node", node},
                                       {"environment", environment},
                                       {"benchmark", benchmark},
                                       {"metric", metric},
                                       {"unit", unit}});
      r.environment = environment;
      r.unit = unit;
    }
    r.gauge->Set(value);
  }

  void setNodeResources(const std::string& node, const NodeResources& resources) override {
    resources_->set(node, resources);
  }

  void setNodeTasksRunning(const NodeTaskCounts& running) override {
    progress_.setNodeTasksRunning(running);
  }

  void setSuiteProgress(const SuiteProgress& progress) override {
    progress_.setSuiteProgress(progress);
  }

 private:
  struct NodeSeries {
    std::string environment;
    prometheus::Gauge* up = nullptr;                   // owned by nodeUp_
    std::map<std::string, prometheus::Gauge*> states;  // owned by nodeState_
  };
  using ResultKey = std::tuple<std::string, std::string, std::string>;  // node, benchmark, metric
  struct ResultSeries {
    std::string environment;
    std::string unit;
    prometheus::Gauge* gauge = nullptr;  // owned by benchmarkResult_
  };

  static bool isKnownState(const std::string& state) {
    for (auto known : kNodeStates) {
      if (known == state) return true;
    }
    return false;
  }

  void addState(const std::string& node, NodeSeries& n, const std::string& state) {
    if (n.states.count(state) == 0) {
      n.states.emplace(state, &nodeState_.Add({{"node", node}, {"state", state}}));
    }
  }

  void dropResultsOutsideEnvironment(const std::string& node, const std::string& environment) {
    auto it = results_.lower_bound(ResultKey{node, "", ""});
    while (it != results_.end() && std::get<0>(it->first) == node) {
      if (it->second.environment != environment) {
        benchmarkResult_.Remove(it->second.gauge);
        it = results_.erase(it);
        --seriesOfNode_[node];
      } else {
        ++it;
      }
    }
  }

  // Declaration order matters: exposer_ is destroyed first, so no scrape outlives the families.
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Gauge>& nodeUp_;
  prometheus::Family<prometheus::Gauge>& nodeState_;
  prometheus::Family<prometheus::Gauge>& heartbeatAge_;
  prometheus::Family<prometheus::Counter>& registrations_;
  prometheus::Family<prometheus::Counter>& refusals_;
  prometheus::Family<prometheus::Counter>& storeFailures_;
  prometheus::Family<prometheus::Gauge>& storeWritable_;
  prometheus::Family<prometheus::Counter>& tasks_;
  prometheus::Family<prometheus::Gauge>& tasksRunning_;
  prometheus::Family<prometheus::Gauge>& benchmarkResult_;
  prometheus::Family<prometheus::Gauge>& buildInfo_;
  std::map<std::string, NodeSeries> nodes_;
  std::map<ResultKey, ResultSeries> results_;
  std::map<std::string, std::size_t> seriesOfNode_;  // results_ entries per node
  RunProgressSeries progress_;
  std::shared_ptr<NodeResourceCollector> resources_;
  std::string url_;
  std::unique_ptr<prometheus::Exposer> exposer_;
};

}  // namespace

Result<std::unique_ptr<Metrics>> Metrics::start(const std::string& address) {
  auto hp = splitAddress(address);
  if (!hp) return fail(hp.error());

  std::unique_ptr<prometheus::Exposer> exposer;
  try {
    exposer = std::make_unique<prometheus::Exposer>(address);
  } catch (const std::exception& e) {
    const std::string why = probeBindFailure(*hp);
    return fail("metrics: cannot listen on " + address + ": " + (why.empty() ? e.what() : why));
  }
  const auto ports = exposer->GetListeningPorts();
  if (ports.empty()) return fail("metrics: no listening port for " + address);

  std::unique_ptr<Metrics> metrics =
      std::make_unique<PrometheusMetrics>(std::move(exposer), hp->host, ports.front());
  return metrics;
}

}  // namespace cb::metrics
