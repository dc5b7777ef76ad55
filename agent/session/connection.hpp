#pragma once
// The agent's link to the controller: a CURVE DEALER socket with the pinned controller key,
// hello (with facts and running tasks) until welcome, heartbeats at the interval the welcome
// sets, and a reconnect after exponential backoff with jitter when the controller is silent
// for `missedBeforeReconnect` intervals or refuses the node. While the connection itself is
// alive (CURVE handshake done, ZMTP heartbeats answered by the controller's I/O thread) a
// silent controller is busy, not gone: the agent then waits up to `linkedPatience` before it
// reconnects. A socket monitor turns CURVE/ZAP handshake failures into log lines.
// The link's own messages (welcome, error) reach it through onWelcome/onError, called by
// whoever routes incoming envelopes; every decoded envelope goes to Hooks::onEnvelope.
// Thread-safety: everything runs on the io_context's thread.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "facts/facts.hpp"
#include "schemas/protocol.capnp.h"
#include "session/backoff.hpp"
#include "session/identity.hpp"
#include "wire/zmq_socket.hpp"

namespace boost::asio {
class io_context;
}

namespace cb::agent {

struct ConnectionConfig {
  std::string endpoint;       // e.g. tcp://198.18.0.1:7700
  std::string controllerKey;  // pinned controller public key (Z85)
  Identity identity;
  std::string joinToken;
  std::chrono::milliseconds heartbeat{2000};  // until the controller's welcome says otherwise
  int missedBeforeReconnect = 3;              // heartbeats without an answer
  /// How long a live connection waits for the controller before the agent reconnects (never
  /// less than missedBeforeReconnect heartbeats) for the welcome or for heartbeat answers while
  /// the link is up: TCP connected and its CURVE handshake done or still waiting at the
  /// controller (after a controller restart, 10,000 handshakes queue there; starting one over
  /// on a new socket puts the agent at the back of the queue). A link that is down is rebuilt
  /// only once it has stayed down for missedBeforeReconnect heartbeats: libzmq's own
  /// reconnects between two handshakes do not count.
  /// A dead or unreachable controller is still noticed after missedBeforeReconnect heartbeats:
  /// the socket's ZMTP heartbeats (interval `heartbeat`, timeout missedBeforeReconnect
  /// heartbeats) are answered by the controller's I/O thread, not its loop, so they drop the
  /// connection only when the controller or the path to it is gone. A controller busy with a
  /// registration storm or 10,000 results answers late; reconnecting would cost it one more
  /// handshake and hello per agent and turn the storm into a collapse. Until the welcome, hello
  /// is repeated after 1, 2, 4 and then every 8 heartbeat intervals.
  std::chrono::milliseconds linkedPatience{60000};
  std::chrono::milliseconds backoffInitial{250};
  std::chrono::milliseconds backoffMax{10000};
  std::string agentVersion;
};

class Connection {
 public:
  /// Called on the loop thread; each must be set except onStatus.
  struct Hooks {
    /// Facts for a hello.
    std::function<Facts()> facts;
    /// Ids of the tasks running now (hello), and their number (heartbeats).
    std::function<std::vector<std::string>()> runningTasks;
    std::function<std::uint32_t()> runningCount;
    /// Every envelope that decoded, whatever its kind; `frame` is its encoded form. Valid only
    /// during the call.
    std::function<void(proto::Envelope::Body::Reader body, const std::string& frame)> onEnvelope;
    /// The first welcome on each connection (registration and every re-registration).
    std::function<void()> onRegistered;
    /// A one-line summary whenever the link changes state (connecting, registered, waiting for
    /// acceptance, reconnecting and why).
    std::function<void(const std::string& status)> onStatus;
  };

  Connection(boost::asio::io_context& io, zmq::context_t& zmq, ConnectionConfig config,
             Hooks hooks);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Connects and keeps the link up (reconnecting as needed) until stop().
  void start();
  /// Closes the socket and cancels the timers; no reconnect follows.
  void stop();

  /// Sends one encoded envelope now if a socket exists; false when it was dropped (no socket,
  /// or ZeroMQ refused it: handshake not done under ZMQ_IMMEDIATE, or the queue is full).
  bool send(const std::string& bytes);
  bool registered() const { return registered_; }

  /// The controller's welcome: takes its heartbeat interval; the first one per connection
  /// registers the node (backoff reset, Hooks::onRegistered).
  void onWelcome(proto::Welcome::Reader welcome);
  /// An error from the controller: unknownNode = say hello again now; pending = keep saying
  /// hello (the operator has to accept the key); refused = reconnect after backoff; any other
  /// code is only logged.
  void onError(proto::Error::Reader error);

  /// One message from the controller as the socket delivers it: decoded and checked
  /// (wire::readEnvelope), then handed to Hooks::onEnvelope; anything else is logged and
  /// dropped. Public so that tests and the fuzz target (fuzz/agent_envelope.cpp) feed frames
  /// without a socket.
  void onFrames(wire::Frames&& frames);

 private:
  void connect();
  void reconnectLater(const std::string& why);
  void tick();
  void sendHello();
  void onMonitorEvent(wire::Frames&& frames);
  void status(const std::string& text);

  struct Timers;
  boost::asio::io_context& io_;
  zmq::context_t& zmq_;
  ConnectionConfig config_;
  Hooks hooks_;
  Backoff backoff_;
  std::unique_ptr<Timers> timers_;
  std::unique_ptr<wire::LoopSocket> socket_;
  std::unique_ptr<wire::LoopSocket> monitor_;
  bool registered_ = false;
  bool stopped_ = false;
  bool handshakeOk_ = false;  // CURVE handshake done and no disconnect since
  bool tcpUp_ = false;        // TCP connected to the controller and not disconnected since
  bool pendingLogged_ = false;
  int handshakeFailures_ = 0;
  std::uint64_t heartbeatSeq_ = 0;
  int ticksSinceHello_ = 0;
  int helloEveryTicks_ = 1;
  std::uint64_t nextRequestId_ = 1;
  std::chrono::steady_clock::time_point lastHeard_;
  std::chrono::steady_clock::time_point downSince_;  // when tcpUp_ last became false
};

}  // namespace cb::agent
