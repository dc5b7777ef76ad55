// A real Prometheus server (Debian package prometheus) scraping a real controller with two real
// agents that send node metrics: the series reach Prometheus' query API per node, and rate() over
// the CPU counters gives a plausible figure. Everything lives under the cluster's temp dir;
// Prometheus listens on a free loopback port and is stopped with SIGTERM.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <optional>
#include <set>
#include <thread>

#include "integration/cluster_fixture.hpp"
#include "os/atomic_file.hpp"
#include "support/ports.hpp"

namespace fs = std::filesystem;
using cb::test::waitFor;
using namespace std::chrono_literals;

namespace {


/// Body of a 200 answer to GET http://127.0.0.1:port/path; nullopt while nothing (or not yet
/// the server) answers — the caller polls.
std::optional<std::string> tryGet(int port, const std::string& path) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return std::nullopt;
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
        static_cast<ssize_t>(request.size())) {
      char buf[4096];
      for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) response.append(buf, n);
    }
  }
  ::close(fd);
  const auto body = response.find("\r\n\r\n");
  if (response.rfind("HTTP/1.", 0) != 0 || response.find(" 200 ") > response.find("\r\n") ||
      body == std::string::npos) {
    return std::nullopt;
  }
  return response.substr(body + 4);
}

std::string urlEncode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

/// data.result of an instant query; an empty array while Prometheus is not ready or has no data.
nlohmann::json query(int port, const std::string& promql) {
  auto body = tryGet(port, "/api/v1/query?query=" + urlEncode(promql));
  if (!body) return nlohmann::json::array();
  auto j = nlohmann::json::parse(*body, nullptr, false);
  if (j.is_discarded() || j.value("status", "") != "success") return nlohmann::json::array();
  return j["data"]["result"];
}

std::set<std::string> labelValues(const nlohmann::json& result, const std::string& label) {
  std::set<std::string> out;
  for (const auto& r : result) out.insert(r["metric"].value(label, ""));
  return out;
}

/// Agent i reading facts and metrics through root<i>: the live /proc files, under a hostname of
/// its own (two agents on one machine would otherwise share the node label).
std::unique_ptr<cb::test::Daemon> startAgent(cb::test::LocalCluster& c, int i,
                                             const std::string& hostname) {
  const fs::path root = c.dir() / ("root" + std::to_string(i));
  fs::create_directories(root / "proc" / "sys" / "kernel");
  std::ofstream(root / "proc" / "sys" / "kernel" / "hostname") << hostname << "\n";
  for (const char* f : {"stat", "loadavg", "meminfo", "diskstats", "cpuinfo", "net"}) {
    fs::create_symlink(fs::path("/proc") / f, root / "proc" / f);
  }
  fs::create_directory_symlink("/sys", root / "sys");
  return std::make_unique<cb::test::Daemon>(
      std::vector<std::string>{cb::test::bin("clusterbench-agent"), "--controller",
                               "tcp://127.0.0.1:" + std::to_string(c.port()), "--controller-key",
                               (c.stateDir() / "controller.pub").string(), "--state-dir",
                               (c.dir() / ("agent" + std::to_string(i))).string(),
                               "--join-token-file", c.tokenFile().string(),
                               "--backoff-max-ms", "1000", "--heartbeat-ms", "300",
                               "--metrics-interval-ms", "200", "--facts-root", root.string()},
      c.dir() / ("agent" + std::to_string(i) + ".log"));
}

}  // namespace

TEST_CASE("a real Prometheus scrapes node metrics of every agent from the controller") {
  cb::test::LocalCluster c;
  auto a0 = startAgent(c, 0, "cbm-node-0");
  auto a1 = startAgent(c, 1, "cbm-node-1");
  REQUIRE_MESSAGE(c.waitForNodes(2, "ready"), c.controllerLog());

  auto info = nlohmann::json::parse(*cb::os::readFile(c.stateDir() / "controller.json"));
  const std::string url = info["metrics_url"];  // http://127.0.0.1:PORT/metrics
  const std::string target = url.substr(7, url.rfind('/') - 7);

  const fs::path dir = c.dir() / "prometheus";
  fs::create_directories(dir / "data");
  std::ofstream(dir / "prometheus.yml") << "global:\n"
                                           "  scrape_interval: 1s\n"
                                           "  evaluation_interval: 1s\n"
                                           "scrape_configs:\n"
                                           "  - job_name: clusterbench\n"
                                           "    static_configs:\n"
                                           "      - targets: ['"
                                        << target << "']\n";
  const int port = cb::test::freeLoopbackPort();
  cb::test::Daemon prometheus(
      {"/usr/bin/prometheus", "--config.file=" + (dir / "prometheus.yml").string(),
       "--storage.tsdb.path=" + (dir / "data").string(),
       "--web.listen-address=127.0.0.1:" + std::to_string(port)},
      dir / "prometheus.log");
  INFO("prometheus log:\n" << prometheus.log());

  const std::set<std::string> nodes{"cbm-node-0", "cbm-node-1"};
  CHECK_MESSAGE(
      waitFor(
          [&] { return labelValues(query(port, "clusterbench_node_up == 1"), "node") == nodes; },
          30s),
      prometheus.log());
  CHECK(waitFor(
      [&] {
        return labelValues(query(port, R"(clusterbench_node_cpu_seconds_total{mode="user"})"),
                           "node") == nodes;
      },
      15s));
  const auto up = query(port, R"(up{job="clusterbench"})");
  REQUIRE(up.size() == 1);
  CHECK(up[0]["value"][1] == "1");

  // Between the last two scrapes, CPU seconds per second summed over modes is about the number
  // of CPUs (irate: rate() over a window the series does not fill yet reads low by design);
  // memory and load are per node; loopback is always there.
  const double cpus = static_cast<double>(std::thread::hardware_concurrency());
  nlohmann::json rates;
  CHECK(waitFor(
      [&] {
        rates = query(port, "sum by (node) (irate(clusterbench_node_cpu_seconds_total[10s]))");
        return rates.size() == 2;
      },
      20s));
  for (const auto& r : rates) {
    const double v = std::stod(r["value"][1].get<std::string>());
    CAPTURE(r.dump());
    CHECK(v > 0);  // all modes together advance; how fast depends on when scrapes land
    CHECK(v < 4 * cpus);
  }
  CHECK(labelValues(query(port, "clusterbench_node_memory_available_bytes > 0"), "node") == nodes);
  CHECK(labelValues(query(port, "clusterbench_node_load1 >= 0"), "node") == nodes);
  CHECK(labelValues(query(port, R"(clusterbench_node_network_receive_bytes_total{interface="lo"})"),
                    "node") == nodes);

  const int status = prometheus.stop(SIGTERM, 20s);
  CHECK_MESSAGE(status != -1, "prometheus did not stop within 20 s");
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}
