#include "swarm.hpp"

#include <sys/resource.h>

#include <cstdio>
#include <optional>
#include <random>
#include "util/asio.hpp"

namespace cb::swarm {
namespace asio = boost::asio;

struct Swarm::Loop {
  asio::io_context io;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work{
      asio::make_work_guard(io)};
};

namespace {

std::string randomNodeId(std::mt19937_64& rng) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  for (auto& c : id) c = kHex[rng() % 16];
  return id;
}

/// Facts of this machine, made distinct per agent the way a fleet of clones would differ:
/// hostname, one address in 198.18.0.0/15 (benchmarking range, RFC 2544) and a local MAC.
agent::Facts factsFor(const agent::Facts& base, std::size_t i) {
  agent::Facts f = base;
  char buf[64];
  std::snprintf(buf, sizeof buf, "swarm-%05zu", i + 1);
  f.hostname = buf;
  std::snprintf(buf, sizeof buf, "198.18.%zu.%zu/15", (i + 2) / 256, (i + 2) % 256);
  f.addresses = {buf};
  std::snprintf(buf, sizeof buf, "02:cb:00:%02zx:%02zx:%02zx", (i >> 16) & 0xff, (i >> 8) & 0xff,
                i & 0xff);
  f.macs = {buf};
  return f;
}

}  // namespace

std::uint64_t raiseFileLimit() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return 0;
  if (lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &lim);
    ::getrlimit(RLIMIT_NOFILE, &lim);
  }
  return static_cast<std::uint64_t>(lim.rlim_cur);
}

Swarm::Swarm(const SwarmOptions& options)
    : welcomedNs_(std::make_unique<std::atomic<std::int64_t>[]>(options.agents)),
      loop_(std::make_unique<Loop>()) {
  std::mt19937_64 rng(std::random_device{}());
  agent::Facts base = agent::collectFacts("/");
  configs_.reserve(options.agents);
  for (std::size_t i = 0; i < options.agents; ++i) {
    SimAgentConfig c;
    c.endpoint = options.endpoint;
    c.controllerKey = options.controllerKey;
    c.joinToken = options.joinToken;
    c.nodeId = randomNodeId(rng);
    c.keys = wire::generateKeyPair();
    c.facts = factsFor(base, i);
    c.immediate = options.immediate;
    configs_.push_back(std::move(c));
  }
  zmq_ = std::make_unique<zmq::context_t>(1);
  // Default ZMQ_MAX_SOCKETS (1023) is below one socket per agent plus the loop's own.
  zmq_->set(zmq::ctxopt::max_sockets, static_cast<int>(options.agents + 64));
}

Swarm::~Swarm() {
  stop();
}

void Swarm::start() {
  startNs_ = nowNs();
  thread_ = std::thread([this] {
    asio::post(loop_->io, [this] {
      agents_.reserve(configs_.size());
      for (std::size_t i = 0; i < configs_.size(); ++i) {
        agents_.push_back(std::make_unique<SimAgent>(loop_->io, *zmq_, configs_[i], counters_,
                                                     configs_.size(), &welcomedNs_[i]));
        agents_.back()->start();
      }
    });
    loop_->io.run();
  });
}

std::vector<double> Swarm::welcomeLatenciesMs() const {
  std::vector<double> out;
  for (std::size_t i = 0; i < configs_.size(); ++i) {
    std::int64_t ns = welcomedNs_[i].load();
    if (ns != 0) out.push_back(static_cast<double>(ns - startNs_) / 1e6);
  }
  return out;
}

void Swarm::stop() {
  if (!thread_.joinable()) return;
  asio::post(loop_->io, [this] {
    agents_.clear();  // closes sockets and cancels timers on the swarm thread
    loop_->work.reset();
    loop_->io.stop();
  });
  thread_.join();
}

}  // namespace cb::swarm
