#include "worker.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <memory>
#include <sstream>

#include "bare_dealers.hpp"
#include "swarm.hpp"
#include "worker_protocol.hpp"

namespace cb::swarm {

int runWorker(const WorkerArgs& args) {
  // stdout carries the protocol: the session code's log lines go to stderr.
  spdlog::set_default_logger(spdlog::stderr_color_mt("swarm-worker"));
  spdlog::set_level(spdlog::level::from_str(args.logLevel));
  SwarmOptions options;
  options.first = args.first;
  options.agents = args.agents;
  options.endpoint = args.endpoint;
  options.controllerKey = args.controllerKey;
  options.joinToken = args.joinToken;
  options.heartbeat = std::chrono::milliseconds(args.heartbeatMs);
  auto swarm = std::make_unique<Swarm>(options);
  std::unique_ptr<BareDealers> bare;
  std::cout << "prepared " << swarm->size() << std::endl;

  for (std::string line; std::getline(std::cin, line);) {
    std::istringstream words(line);
    std::string command;
    words >> command;
    std::string reply = "ok";
    if (command == "start") {
      swarm->start();
    } else if (command == "counters") {
      reply = formatCounters(snapshot(swarm->counters(), swarm->size()));
    } else if (command == "reset-tasks") {
      swarm->counters().firstTaskNs = 0;
      swarm->counters().lastTaskNs = 0;
    } else if (command == "welcomes") {
      reply = formatWelcomes(swarm->welcomedNs());
    } else if (command == "stop-agents") {
      swarm->stop();
    } else if (command == "bare") {
      std::string endpoint, key;
      if (!(words >> endpoint >> key)) {
        reply = "error bare needs an endpoint and a key";
      } else {
        bare = std::make_unique<BareDealers>(args.agents);
        bare->start(endpoint, key);
      }
    } else if (command == "quit") {
      if (bare) bare->stop();
      swarm->stop();
      std::cout << "bye" << std::endl;
      return 0;
    } else {
      reply = "error unknown command: " + command;
    }
    std::cout << reply << std::endl;
  }
  return 1;  // the parent closed our stdin without "quit"
}

}  // namespace cb::swarm
