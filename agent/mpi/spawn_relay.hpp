#pragma once
// Origin side of MPI launches: a local ipc socket (mode 0600, owned by the MPI user) where
// clusterbench-mpi-rsh, run by mpirun (as the MPI user) inside one of this agent's tasks, asks to
// start a command on another node. Requests
// go to the controller; output and exit come back and are passed to the waiting helper.
// Thread-safety: single-threaded (the agent loop).
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <zmq.hpp>

#include "util/result.hpp"
#include "wire/zmq_socket.hpp"

namespace boost::asio {
class io_context;
}

namespace cb::agent {

class SpawnRelay {
 public:
  /// Forward an encoded SpawnRequest envelope (spawn id already rewritten) to the controller.
  using ForwardFn = std::function<void(const std::string& envelope)>;

  SpawnRelay(boost::asio::io_context& io, zmq::context_t& zmq, ForwardFn forward);
  /// Binds ipc://<path>, owned by uid/gid when uid >= 0 (the MPI user, who runs the helpers);
  /// the endpoint is what helpers find in CB_AGENT_SPAWN.
  Status bind(const std::string& path, int uid = -1, int gid = -1);
  std::string endpoint() const { return endpoint_; }

  /// Output/exit for a spawn id this relay forwarded: passed on to the helper (exit ends it).
  void deliver(const std::string& spawnId, const std::string& envelope, bool final);

 private:
  void onHelper(wire::Frames&& frames);

  boost::asio::io_context& io_;
  zmq::context_t& zmq_;
  ForwardFn forward_;
  std::unique_ptr<wire::LoopSocket> socket_;
  std::string endpoint_;
  std::map<std::string, std::string> helpers_;  // relay spawn id -> helper routing id
  std::uint64_t next_ = 1;
};

}  // namespace cb::agent
