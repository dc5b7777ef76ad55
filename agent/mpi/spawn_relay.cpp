#include "mpi/spawn_relay.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <filesystem>

#include "util/asio.hpp"
#include "wire/envelope.hpp"

namespace cb::agent {
using Body = proto::Envelope::Body;

SpawnRelay::SpawnRelay(boost::asio::io_context& io, zmq::context_t& zmq, ForwardFn forward)
    : io_(io), zmq_(zmq), forward_(std::move(forward)) {}

Status SpawnRelay::bind(const std::string& path, int uid, int gid) {
  try {
    std::error_code ec;
    std::filesystem::remove(path, ec);
    zmq::socket_t s(zmq_, zmq::socket_type::router);
    wire::applyCommonOptions(s);
    s.set(zmq::sockopt::router_mandatory, 1);
    s.bind("ipc://" + path);
    ::chmod(path.c_str(), 0600);
    if (uid >= 0 && ::lchown(path.c_str(), static_cast<uid_t>(uid), static_cast<gid_t>(gid)) != 0) {
      return fail("cannot hand the MPI spawn socket " + path +
                  " to the MPI user: " + std::strerror(errno));
    }
    endpoint_ = "ipc://" + path;
    socket_ = std::make_unique<wire::LoopSocket>(
        io_, std::move(s), [this](wire::Frames&& f) { onHelper(std::move(f)); });
  } catch (const zmq::error_t& e) {
    return fail("cannot bind the MPI spawn socket " + path + ": " + e.what());
  }
  return okStatus();
}

void SpawnRelay::onHelper(wire::Frames&& frames) {
  if (frames.size() != 2) return;
  auto in = wire::readEnvelope(frames[1]);
  if (!in || in->envelope.getBody().which() != Body::SPAWN_REQUEST) {
    spdlog::warn("spawn socket: dropping a message that is not a spawn request");
    return;
  }
  auto req = in->envelope.getBody().getSpawnRequest();
  std::string id = "r" + std::to_string(next_++);
  helpers_[id] = frames[0];
  forward_(wire::buildEnvelope(0, [&](Body::Builder b) {
    auto r = b.initSpawnRequest();
    r.setSpawnId(id);
    r.setJobToken(req.getJobToken());
    r.setHost(req.getHost());
    r.setWords(req.getWords());
  }));
}

void SpawnRelay::deliver(const std::string& spawnId, const std::string& envelope, bool final) {
  auto it = helpers_.find(spawnId);
  if (it == helpers_.end() || !socket_) return;
  socket_->send({it->second, envelope});
  if (final) helpers_.erase(it);
}

}  // namespace cb::agent
