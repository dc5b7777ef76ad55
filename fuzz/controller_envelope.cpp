// Fuzz target: the controller's side of the protocol. The input is one envelope from an agent,
// given to a real AgentGateway (no socket: replies go nowhere) twice, as the agent socket hands
// it over: once from a key that is only pending (only hello may pass), once from an accepted key
// whose node is registered; the gateway dispatches to the real RunService, ApplyService and
// MpiRelay (wired as in ControllerDaemon, but with a fake AgentLink), and a real SQLite store in
// a temporary directory holds run 1, so a taskResult for that node's task of run 1 is stored.
// Each input is one store batch (GroupCommit), as one drain of the socket is.
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <filesystem>

#include "bench/catalog.hpp"
#include "daemon/agent_gateway.hpp"
#include "daemon/apply_service.hpp"
#include "daemon/group_commit.hpp"
#include "daemon/mpi_relay.hpp"
#include "daemon/run_service.hpp"
#include "fuzz_input.hpp"
#include "store/store.hpp"
#include "wire/envelope.hpp"

namespace {

using Body = cb::proto::Envelope::Body;
constexpr const char* kNodeId = "0123456789abcdef0123456789abcdef";
// Z85 public keys (40 characters) as the ZAP handler reports them.
constexpr const char* kAcceptedKey = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";
constexpr const char* kPendingKey = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID";

/// Discards what the services send to agents.
class NullLink final : public cb::controller::AgentLink {
 public:
  bool send(const std::string&, const std::string&) override { return true; }
};

std::string hello(const std::string& nodeId) {
  return cb::wire::buildEnvelope(1, [&](Body::Builder b) {
    auto h = b.initHello();
    h.setNodeId(nodeId);
    h.getFacts().setHostname("node02");
  });
}

struct World {
  World() {
    spdlog::set_level(spdlog::level::off);
    dir = std::filesystem::temp_directory_path() /
          ("cb-fuzz-controller-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto opened = cb::store::Store::open(dir / "results.db");
    cb::fuzz::require(opened.ok(), "the store opens");
    store = std::move(*opened);
    cb::fuzz::require(store->createRun("sysbench-cpu", "{}", 0).ok(), "run 1 is created");
    commit = std::make_unique<cb::controller::GroupCommit>(*store, nullptr);
    cb::controller::GatewayConfig config;
    config.stateDir = dir;
    gateway = std::make_unique<cb::controller::AgentGateway>(io, zmq, config, cb::wire::KeyPair{},
                                                             *store, *commit, nullptr);
    const auto& registry = gateway->registry();
    mpi = std::make_unique<cb::controller::MpiRelay>(link, registry);
    runs = std::make_unique<cb::controller::RunService>(
        link, registry, *store, *commit, nullptr, catalog, *mpi, cb::controller::RunSettings{});
    applies = std::make_unique<cb::controller::ApplyService>(io, link, registry, dir);
    auto& g = *gateway;
    g.handle(Body::TASK_EVENT, [this](auto& n, auto b) { runs->onTaskEvent(n, b.getTaskEvent()); });
    g.handle(Body::TASK_RESULT,
             [this](auto& n, auto b) { runs->onTaskResult(n, b.getTaskResult()); });
    g.handle(Body::APPLY_REPORT,
             [this](auto& n, auto b) { applies->onApplyReport(n, b.getApplyReport()); });
    g.handle(Body::SPAWN_REQUEST,
             [this](auto& n, auto b) { mpi->onSpawnRequest(n, b.getSpawnRequest()); });
    g.handle(Body::SPAWN_OUTPUT,
             [this](auto& n, auto b) { mpi->onSpawnOutput(n, b.getSpawnOutput()); });
    g.handle(Body::SPAWN_EXIT, [this](auto& n, auto b) { mpi->onSpawnExit(n, b.getSpawnExit()); });
    // The accepted node: pending at its first hello, accepted by the operator, then registered.
    deliver(kAcceptedKey, hello(kNodeId));
    cb::fuzz::require(g.acceptKey(kAcceptedKey).ok(), "the key is accepted");
    deliver(kAcceptedKey, hello(kNodeId));
    cb::fuzz::require(g.registry().find(kNodeId) != nullptr, "the node is registered");
  }
  ~World() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  void deliver(const std::string& key, const std::string& frame) {
    commit->open();
    gateway->onAgentFrames({"routing-" + key.substr(0, 4), frame}, {key, "127.0.0.1"});
    commit->close();
  }

  boost::asio::io_context io;
  zmq::context_t zmq;
  std::filesystem::path dir;
  std::unique_ptr<cb::store::Store> store;
  std::unique_ptr<cb::controller::GroupCommit> commit;
  cb::bench::Catalog catalog = cb::bench::makeDefaultCatalog();
  NullLink link;
  std::unique_ptr<cb::controller::AgentGateway> gateway;
  std::unique_ptr<cb::controller::MpiRelay> mpi;
  std::unique_ptr<cb::controller::RunService> runs;
  std::unique_ptr<cb::controller::ApplyService> applies;
};

World& world() {
  static World w;
  return w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  World& w = world();
  std::string frame = cb::fuzz::text(data, size);
  w.deliver(kPendingKey, frame);
  w.deliver(kAcceptedKey, frame);
  w.io.restart();
  w.io.poll();
  return 0;
}
