#include "swarm.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "wire/curve_keys.hpp"

namespace cb::swarm {
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
      // Per agent: its DEALER, its monitor PAIR and libzmq's own monitor socket, many times
      // over while reconnects' new sockets exist and the old ones still wait for libzmq's
      // reaper, which lags in a worker starved of CPU (40 of them share 2 cores at 10,000
      // agents). Each socket holds a descriptor, so the descriptor limit is the real bound;
      // a slot is only a pointer, so a generous limit costs next to nothing.
      loop_(std::make_unique<LoopThread>(static_cast<int>(std::clamp<std::uint64_t>(
          std::max<std::uint64_t>(32 * options.agents + 64, raiseFileLimit()), 1024, 1 << 20)))) {
  std::mt19937_64 rng(std::random_device{}());
  agent::Facts base = agent::collectFacts("/");
  configs_.reserve(options.agents);
  for (std::size_t i = 0; i < options.agents; ++i) {
    SimAgentConfig c;
    c.endpoint = options.endpoint;
    c.controllerKey = options.controllerKey;
    c.joinToken = options.joinToken;
    c.heartbeat = options.heartbeat;
    c.identity.nodeId = randomNodeId(rng);
    c.identity.keys = wire::generateKeyPair();
    c.facts = factsFor(base, options.first + i);
    configs_.push_back(std::move(c));
  }
}

Swarm::~Swarm() {
  stop();
}

void Swarm::start() {
  loop_->start([this] {
    agents_.reserve(configs_.size());
    for (std::size_t i = 0; i < configs_.size(); ++i) {
      agents_.push_back(std::make_unique<SimAgent>(loop_->io(), loop_->zmq(), configs_[i],
                                                   counters_, configs_.size(), &welcomedNs_[i]));
      agents_.back()->start();
    }
  });
}

std::vector<std::int64_t> Swarm::welcomedNs() const {
  std::vector<std::int64_t> out(configs_.size());
  for (std::size_t i = 0; i < configs_.size(); ++i) out[i] = welcomedNs_[i].load();
  return out;
}

void Swarm::stop() {
  loop_->stop([this] {
    for (auto& a : agents_) a->stop();
    agents_.clear();
  });
}

}  // namespace cb::swarm
