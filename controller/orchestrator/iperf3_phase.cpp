// The iperf3 phase: for each client node and direction, a one-off server on the master bound to
// its cluster address; when the server says it listens, the client runs; the server exits after
// serving that one client. Same figures as the seeds' network table, per node and direction.
#include <memory>

#include "orchestrator/suite_runner.hpp"

namespace cb::controller {

void SuiteRunner::planIperf3(const spec::SuiteStep& step, int repetition, const NodeView& master,
                             const std::vector<NodeView>& clients) {
  std::vector<std::string> directions;
  const std::string& d = step.params.at("directions");
  if (d == "both" || d == "upload") directions.push_back("upload");
  if (d == "both" || d == "download") directions.push_back("download");
  auto seconds = std::stoi(step.params.at("time"));
  for (const auto& client : clients) {
    for (const auto& direction : directions) {
      units_.push_back([this, &step, repetition, master, client, direction, seconds] {
        auto p = prefix(step, repetition) + client.hostname + " " + direction + ": ";
        if (master.address.empty()) {
          ++failures_;
          progress_(p + "the master has no IPv4 address");
          unitDone();
          return;
        }
        // Shared between the server's event callback and both completions.
        struct Pair {
          bool clientStarted = false;
          bool serverDone = false;
          bool clientDone = false;
        };
        auto pair = std::make_shared<Pair>();
        auto maybeDone = [this, pair] {
          if (pair->serverDone && (pair->clientDone || !pair->clientStarted)) unitDone();
        };
        DispatchRequest server;
        server.benchmark = "iperf3-server";
        server.params = {
            {"bind", master.address}, {"port", step.params.at("port")}, {"one-off", "1"}};
        server.nodeIds = {master.nodeId};
        server.peerNodeIds = {client.nodeId};
        server.timeout = std::chrono::seconds(seconds + 60);
        server.labels = {{"role", "server"}, {"direction", direction}, {"peer", client.hostname}};
        auto startClient = [this, &step, repetition, master, client, direction, seconds, pair, p,
                            maybeDone] {
          pair->clientStarted = true;
          DispatchRequest req;
          req.benchmark = "iperf3-client";
          req.params = {{"server", master.address},
                        {"port", step.params.at("port")},
                        {"parallel", step.params.at("parallel")},
                        {"time", std::to_string(seconds)},
                        {"reverse", direction == "download" ? "1" : "0"},
                        {"json", "1"}};
          req.nodeIds = {client.nodeId};
          req.peerNodeIds = {master.nodeId};
          req.timeout = std::chrono::seconds(std::max(step.timeoutSeconds, seconds + 30));
          req.labels = {{"role", "client"}, {"direction", direction}, {"peer", master.hostname}};
          launch(
              step, repetition, req,
              [this, p](const std::string&, const std::string& kind, const std::string& text) {
                if (kind == "finished") progress_(p + text);
              },
              [pair, maybeDone](std::int64_t, const std::string&) {
                pair->clientDone = true;
                maybeDone();
              });
        };
        progress_(p + "server on " + master.hostname + " " + master.address);
        launch(
            step, repetition, server,
            [pair, startClient](const std::string&, const std::string& kind,
                                const std::string& text) {
              // iperf3 prints "Server listening on PORT" once its socket is bound.
              if (kind == "stdout" && !pair->clientStarted &&
                  text.find("Server listening") != std::string::npos) {
                startClient();
              }
            },
            [this, pair, maybeDone, p](std::int64_t, const std::string& status) {
              pair->serverDone = true;
              if (!pair->clientStarted) progress_(p + "server ended before listening: " + status);
              maybeDone();
            });
      });
    }
  }
}

}  // namespace cb::controller
