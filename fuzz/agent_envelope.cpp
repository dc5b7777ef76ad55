// Fuzz target: the agent's side of the protocol. The input is one frame from the controller,
// given to a real Session (Connection decode, MessageRouter, the handlers of every routed kind:
// welcome, error, runTask, cancel, spawn, applyConfig, spawnOutput/Exit, taskResultAck) whose
// side effects are fakes: a process runner that starts nothing and reports each child as exited,
// a filesystem rooted in a temporary directory, no socket (sends are dropped). A fresh Session
// per input, so an input's outcome never depends on the ones before it.
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <filesystem>

#include "bench/catalog.hpp"
#include "fuzz_input.hpp"
#include "os/filesystem.hpp"
#include "session/session.hpp"

namespace {

/// Starts nothing: each "child" exits at once (on the loop) with empty output.
class ExitingRunner final : public cb::os::ProcessRunner {
 public:
  explicit ExitingRunner(boost::asio::io_context& io) : io_(io) {}
  std::shared_ptr<cb::os::ProcessHandle> start(const cb::os::ProcessSpec&, cb::os::LineCallback,
                                               cb::os::ExitCallback onExit) override {
    auto handle = std::make_shared<Handle>();
    boost::asio::post(io_, [onExit = std::move(onExit)] {
      cb::os::ProcessExit exit;
      exit.started = true;
      onExit(exit);
    });
    return handle;
  }

 private:
  struct Handle final : cb::os::ProcessHandle {
    int pid() const override { return 0; }
    void cancel() override {}
  };
  boost::asio::io_context& io_;
};

struct World {
  World() {
    spdlog::set_level(spdlog::level::off);
    root = std::filesystem::temp_directory_path() / ("cb-fuzz-agent-" + std::to_string(::getpid()));
    std::filesystem::create_directories(root / "scratch");
    fs = cb::os::makeRootedFilesystem(root);
  }
  ~World() {
    std::error_code ec;
    std::filesystem::remove_all(root, ec);
  }
  boost::asio::io_context io;
  zmq::context_t zmq{0};
  cb::bench::Catalog catalog = cb::bench::makeDefaultCatalog();
  ExitingRunner runner{io};
  std::filesystem::path root;
  std::unique_ptr<cb::os::Filesystem> fs;
};

World& world() {
  static World w;
  return w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  World& w = world();
  cb::agent::SessionConfig config;
  config.endpoint = "tcp://127.0.0.1:1";
  config.identity.nodeId = "0123456789abcdef0123456789abcdef";
  config.exec.scratchRoot = w.root / "scratch";
  {
    cb::agent::Session session(
        w.io, w.zmq, config, [] { return cb::agent::Facts{}; }, w.catalog, w.runner, *w.fs);
    session.onApplyConfig = [](const std::string&, bool, cb::spec::NodeConfig) {};
    session.receive(cb::fuzz::text(data, size));
    w.io.restart();
    w.io.poll();
    session.stop();
    w.io.restart();
    w.io.poll();
  }
  return 0;
}
