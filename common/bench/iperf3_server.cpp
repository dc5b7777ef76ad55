#include "bench/iperf3_server.hpp"

namespace cb::bench {

std::vector<ParamSpec> Iperf3Server::params() const {
  return {
      {"bind",
       "local address to listen on (-B): IPv4 address or host name",
       "0.0.0.0",
       0,
       0,
       {},
       kParamKindAddress},
      {"port", "port to listen on", "5201", 1, 65535, {}},
      {"one-off",
       "1: exit after one client test (-1); 0: serve until stopped",
       "0",
       0,
       0,
       {"0", "1"}},
  };
}

std::chrono::milliseconds Iperf3Server::defaultTimeout() const {
  return std::chrono::hours(2);
}

std::vector<std::string> Iperf3Server::build(const Params& p) const {
  std::vector<std::string> argv{"iperf3", "-s",         "-B",          p.at("bind"),
                                "-p",     p.at("port"), "--forceflush"};
  if (p.at("one-off") == "1") argv.push_back("-1");
  return argv;
}

bool Iperf3Server::recognizes(const std::string& output) const {
  return output.find("Server listening on ") != std::string::npos &&
         output.find("Connecting to host ") == std::string::npos;
}

Result<Samples> Iperf3Server::parse(const std::string& output, const Params&) const {
  if (output.find("Server listening on ") == std::string::npos) {
    return fail("iperf3 server output has no 'Server listening on' line");
  }
  double served = 0;
  constexpr std::string_view kAccepted = "Accepted connection from ";
  for (auto pos = output.find(kAccepted); pos != std::string::npos;
       pos = output.find(kAccepted, pos + kAccepted.size())) {
    ++served;
  }
  return Samples{Sample{"tests_served", served, "count", {}}};
}

}  // namespace cb::bench
