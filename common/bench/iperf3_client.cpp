#include "bench/iperf3_client.hpp"

#include "bench/iperf3_parse.hpp"

namespace cb::bench {

std::vector<ParamSpec> Iperf3Client::params() const {
  return {
      {"server",
       "iperf3 server: IPv4 address or host name",
       "127.0.0.1",
       0,
       0,
       {},
       kParamKindAddress},
      {"port", "server port", "5201", 1, 65535, {}},
      {"parallel", "parallel streams (-P)", "2", 1, 128, {}},
      {"time", "seconds to transmit (-t)", "30", 1, 600, {}},
      {"reverse",
       "1: the server sends (download, -R); 0: the client sends (upload)",
       "0",
       0,
       0,
       {"0", "1"}},
      {"json", "1: --json output (adds CPU utilization); 0: plain text", "1", 0, 0, {"0", "1"}},
  };
}

std::chrono::milliseconds Iperf3Client::defaultTimeout() const {
  return std::chrono::minutes(12);
}

std::vector<std::string> Iperf3Client::build(const Params& p) const {
  std::vector<std::string> argv{"iperf3",         "-c", p.at("server"), "-p", p.at("port"), "-P",
                                p.at("parallel"), "-t", p.at("time")};
  if (p.at("reverse") == "1") argv.push_back("-R");
  if (p.at("json") == "1") argv.push_back("--json");
  return argv;
}

bool Iperf3Client::recognizes(const std::string& output) const {
  auto first = output.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && output[first] == '{') {
    return output.find("\"version\":\t\"iperf 3.") != std::string::npos;
  }
  return output.find("Connecting to host ") != std::string::npos ||
         output.rfind("iperf3: error - ", 0) == 0;
}

Result<Samples> Iperf3Client::parse(const std::string& output, const Params&) const {
  return parseIperf3Client(output);
}

}  // namespace cb::bench
