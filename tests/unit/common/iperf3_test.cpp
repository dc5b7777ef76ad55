// iperf3 client/server: argv builders, address validation and the parsers, on outputs captured
// from iperf3 3.12 on loopback here (tests/data/README.md has the commands).
#include <doctest/doctest.h>

#include <set>

#include "bench/iperf3_client.hpp"
#include "bench/iperf3_parse.hpp"
#include "bench/iperf3_server.hpp"
#include "bench/sysbench_cpu.hpp"
#include "os/atomic_file.hpp"

namespace {
using cb::bench::Samples;

std::string fixture(const std::string& name) {
  return *cb::os::readFile(std::string(CB_TEST_DATA) + "/" + name);
}
const cb::bench::Sample* find(const Samples& s, const std::string& metric) {
  for (const auto& x : s) {
    if (x.metric == metric) return &x;
  }
  return nullptr;
}
double value(const Samples& s, const std::string& metric) {
  const auto* x = find(s, metric);
  if (!x) FAIL("no metric " << metric);
  return x ? x->value : 0;
}
std::set<std::string> metrics(const Samples& s) {
  std::set<std::string> out;
  for (const auto& x : s) out.insert(x.metric);
  return out;
}
// Every sample carries the same labels; returns them.
std::map<std::string, std::string> labels(const Samples& s) {
  REQUIRE_FALSE(s.empty());
  for (const auto& x : s) CHECK(x.labels == s.front().labels);
  return s.front().labels;
}
Samples parsed(const std::string& name) {
  auto s = cb::bench::parseIperf3Client(fixture("iperf3/" + name));
  REQUIRE_MESSAGE(s, name << ": " << (s ? "" : s.error()));
  return *s;
}
}  // namespace

TEST_CASE("iperf3 --json, 2 streams upload: sums, retransmits, CPU, labels") {
  auto s = parsed("client_p2.json");
  CHECK(value(s, "sent_bits_per_second") == doctest::Approx(19679378801.0252));
  CHECK(value(s, "received_bits_per_second") == doctest::Approx(19671569226.741516));
  CHECK(value(s, "retransmits") == 21);
  CHECK(value(s, "cpu_utilization_host") == doctest::Approx(30.99974999638218));
  CHECK(value(s, "cpu_utilization_remote") == doctest::Approx(44.578986233503834));
  CHECK(find(s, "sent_bits_per_second")->unit == "bit/s");
  CHECK(find(s, "retransmits")->unit == "count");
  CHECK(find(s, "cpu_utilization_host")->unit == "%");
  CHECK(labels(s) == std::map<std::string, std::string>{{"direction", "upload"}, {"streams", "2"}});
}

TEST_CASE("iperf3 --json, reverse and single stream") {
  auto down = parsed("client_p2_reverse.json");
  CHECK(value(down, "sent_bits_per_second") == doctest::Approx(26444531887.936787));
  CHECK(value(down, "received_bits_per_second") == doctest::Approx(26402152013.95449));
  CHECK(value(down, "retransmits") == 2);
  CHECK(value(down, "cpu_utilization_host") == doctest::Approx(67.42048126589364));
  CHECK(labels(down).at("direction") == "download");
  CHECK(labels(down).at("streams") == "2");

  auto one = parsed("client_p1.json");
  CHECK(value(one, "sent_bits_per_second") == doctest::Approx(23809362884.60337));
  CHECK(value(one, "received_bits_per_second") == doctest::Approx(23748310764.347134));
  CHECK(value(one, "retransmits") == 20);
  CHECK(value(one, "cpu_utilization_remote") == doctest::Approx(40.1947914249861));
  CHECK(labels(one) ==
        std::map<std::string, std::string>{{"direction", "upload"}, {"streams", "1"}});

  auto oneDown = parsed("client_p1_reverse.json");
  CHECK(value(oneDown, "sent_bits_per_second") == doctest::Approx(17223754527.59079));
  CHECK(value(oneDown, "retransmits") == 17);
  CHECK(labels(oneDown).at("direction") == "download");
}

TEST_CASE("iperf3 text, 2 streams: the [SUM] sender/receiver lines") {
  auto up = parsed("client_p2.txt");
  CHECK(value(up, "sent_bits_per_second") == doctest::Approx(27.6e9));
  CHECK(value(up, "received_bits_per_second") == doctest::Approx(27.6e9));
  CHECK(value(up, "retransmits") == 5);
  CHECK(find(up, "cpu_utilization_host") == nullptr);  // plain text has no CPU figures
  CHECK(labels(up) ==
        std::map<std::string, std::string>{{"direction", "upload"}, {"streams", "2"}});

  auto down = parsed("client_p2_reverse.txt");
  CHECK(value(down, "sent_bits_per_second") == doctest::Approx(25.9e9));
  CHECK(value(down, "received_bits_per_second") == doctest::Approx(25.9e9));
  CHECK(value(down, "retransmits") == 5);
  CHECK(labels(down).at("direction") == "download");
  CHECK(labels(down).at("streams") == "2");
}

TEST_CASE("iperf3 text, 1 stream: the stream's own sender/receiver lines") {
  auto up = parsed("client_p1.txt");
  CHECK(value(up, "sent_bits_per_second") == doctest::Approx(23.2e9));
  CHECK(value(up, "received_bits_per_second") == doctest::Approx(23.1e9));
  CHECK(value(up, "retransmits") == 2);
  CHECK(labels(up) ==
        std::map<std::string, std::string>{{"direction", "upload"}, {"streams", "1"}});

  auto down = parsed("client_p1_reverse.txt");
  CHECK(value(down, "sent_bits_per_second") == doctest::Approx(16.7e9));
  CHECK(value(down, "retransmits") == 14);
  CHECK(labels(down).at("direction") == "download");
}

TEST_CASE("iperf3 -V text adds CPU utilization where iperf3 prints it") {
  auto up = parsed("client_p2_verbose.txt");
  CHECK(value(up, "sent_bits_per_second") == doctest::Approx(25.2e9));
  CHECK(value(up, "retransmits") == 5);
  CHECK(value(up, "cpu_utilization_host") == doctest::Approx(30.4));
  CHECK(value(up, "cpu_utilization_remote") == doctest::Approx(60.4));
  CHECK(labels(up).at("streams") == "2");

  auto down = parsed("client_p1_reverse_verbose.txt");  // iperf3 printed no CPU line here
  CHECK(value(down, "sent_bits_per_second") == doctest::Approx(32.8e9));
  CHECK(labels(down) ==
        std::map<std::string, std::string>{{"direction", "download"}, {"streams", "1"}});
}

TEST_CASE("iperf3 JSON and text give the same metrics and labels for the same structure") {
  const std::pair<const char*, const char*> kPairs[] = {
      {"client_p1.json", "client_p1.txt"},
      {"client_p2.json", "client_p2.txt"},
      {"client_p1_reverse.json", "client_p1_reverse.txt"},
      {"client_p2_reverse.json", "client_p2_reverse.txt"},
  };
  for (const auto& [json, text] : kPairs) {
    CAPTURE(json);
    auto j = parsed(json);
    auto t = parsed(text);
    CHECK(labels(j) == labels(t));
    auto textMetrics = metrics(t);
    auto jsonMetrics = metrics(j);
    CHECK(textMetrics ==
          std::set<std::string>{"sent_bits_per_second", "received_bits_per_second", "retransmits"});
    for (const auto& m : textMetrics) CHECK(jsonMetrics.count(m) == 1);
    CHECK(jsonMetrics.size() == textMetrics.size() + 2);  // + CPU host and remote
    // Separate runs on loopback: same order of magnitude, not the same value.
    double ratio = value(j, "sent_bits_per_second") / value(t, "sent_bits_per_second");
    CHECK(ratio > 0.2);
    CHECK(ratio < 5);
  }
}

TEST_CASE("iperf3 errors and truncated output name what is missing") {
  auto refusedJson = cb::bench::parseIperf3Client(fixture("iperf3/client_refused.json"));
  REQUIRE_FALSE(refusedJson);
  CHECK(refusedJson.error() == "iperf3 reported: unable to connect to server: Connection refused");
  auto refusedText = cb::bench::parseIperf3Client(fixture("iperf3/client_refused.txt"));
  REQUIRE_FALSE(refusedText);
  CHECK(refusedText.error() == "iperf3 reported: unable to connect to server: Connection refused");

  auto json = fixture("iperf3/client_p2.json");
  auto cut = cb::bench::parseIperf3Client(json.substr(0, json.size() / 2));
  REQUIRE_FALSE(cut);
  CHECK(cut.error().find("does not parse") != std::string::npos);
  auto noEnd = cb::bench::parseIperf3Json(R"({"start": {"test_start": {"reverse": 0,
      "num_streams": 1}}, "end": {}})");
  REQUIRE_FALSE(noEnd);
  CHECK(noEnd.error() == "iperf3 JSON has no end.sum_sent.bits_per_second");

  auto text = fixture("iperf3/client_p2.txt");
  auto beforeReceiver = text.substr(0, text.rfind("[SUM]"));  // cut before the last line
  auto noReceiver = cb::bench::parseIperf3Client(beforeReceiver);
  REQUIRE_FALSE(noReceiver);
  CHECK(noReceiver.error().find("no [SUM] summary 'receiver' line") != std::string::npos);
  // Cut inside the per-stream lines: one stream's totals must not pass for the whole test.
  auto midStreams = text.substr(0, text.find("[  7]   0.00-2.00"));
  auto partial = cb::bench::parseIperf3Client(midStreams);
  REQUIRE_FALSE(partial);
  CHECK(partial.error().find("no [SUM] summary 'sender' line") != std::string::npos);
  auto single = fixture("iperf3/client_p1.txt");
  auto noSender = cb::bench::parseIperf3Client(single.substr(0, single.find("- - -")));
  REQUIRE_FALSE(noSender);
  CHECK(noSender.error().find("no summary 'sender' line") != std::string::npos);

  auto garbage = cb::bench::parseIperf3Client("hello\nworld\n");
  REQUIRE_FALSE(garbage);
  CHECK(garbage.error().find("Connecting to host") != std::string::npos);
  CHECK_FALSE(cb::bench::parseIperf3Client(""));
}

TEST_CASE("iperf3 recognizes its own outputs and not other tools'") {
  cb::bench::Iperf3Client client;
  cb::bench::Iperf3Server server;
  for (const char* name :
       {"client_p1.txt", "client_p2.txt", "client_p1_reverse.txt", "client_p2_reverse.txt",
        "client_p1.json", "client_p2.json", "client_p1_reverse.json", "client_p2_reverse.json",
        "client_p2_verbose.txt", "client_p1_reverse_verbose.txt", "client_refused.json",
        "client_refused.txt"}) {
    CAPTURE(name);
    auto out = fixture(std::string("iperf3/") + name);
    CHECK(client.recognizes(out));
    CHECK_FALSE(server.recognizes(out));
  }
  auto serverOut = fixture("iperf3/server_one_off.txt");
  CHECK(server.recognizes(serverOut));
  CHECK_FALSE(client.recognizes(serverOut));
  for (const char* other : {"sysbench_cpu_t2.txt", "sysbench_cpu_t1_p20000.txt",
                            "hpcc/hpccoutf_np2_n1000_nb80_p1_q2.txt"}) {
    CAPTURE(other);
    CHECK_FALSE(client.recognizes(fixture(other)));
    CHECK_FALSE(server.recognizes(fixture(other)));
  }
  cb::bench::SysbenchCpu sysbench;
  CHECK_FALSE(sysbench.recognizes(fixture("iperf3/client_p2.txt")));
}

TEST_CASE("iperf3 server output: tests served") {
  cb::bench::Iperf3Server server;
  auto s = server.parse(fixture("iperf3/server_one_off.txt"), {});
  REQUIRE_MESSAGE(s, (s ? "" : s.error()));
  REQUIRE(s->size() == 1);
  CHECK(s->front().metric == "tests_served");
  CHECK(s->front().value == 1);
  CHECK_FALSE(server.parse("iperf3: error - unable to start listener for connections", {}));
}

TEST_CASE("iperf3-client builds argv from validated parameters") {
  cb::bench::Iperf3Client b;
  auto defaults = cb::bench::validateParams(b.params(), {});
  REQUIRE(defaults);
  CHECK(b.build(*defaults) == std::vector<std::string>{"iperf3", "-c", "127.0.0.1", "-p", "5201",
                                                       "-P", "2", "-t", "30", "--json"});
  // The validated defaults validate again (the agent re-validates what the controller sends).
  CHECK(cb::bench::validateParams(b.params(), *defaults));

  // The manual study's download run: iperf3 -c 192.168.0.1 -t 30 -P 2 -R (text output).
  auto seed = cb::bench::validateParams(
      b.params(), {{"server", "192.168.0.1"}, {"reverse", "1"}, {"json", "0"}});
  REQUIRE(seed);
  CHECK(b.build(*seed) == std::vector<std::string>{"iperf3", "-c", "192.168.0.1", "-p", "5201",
                                                   "-P", "2", "-t", "30", "-R"});
  auto named = cb::bench::validateParams(
      b.params(),
      {{"server", "master-0.cluster.local"}, {"parallel", "1"}, {"time", "2"}, {"port", "5291"}});
  REQUIRE(named);
  CHECK(b.build(*named) == std::vector<std::string>{"iperf3", "-c", "master-0.cluster.local", "-p",
                                                    "5291", "-P", "1", "-t", "2", "--json"});
  CHECK(b.invocation(*named).steps.size() == 1);
}

TEST_CASE("iperf3-client rejects bad parameters") {
  cb::bench::Iperf3Client b;
  auto inject = cb::bench::validateParams(b.params(), {{"server", "1.2.3.4; rm -rf /"}});
  REQUIRE_FALSE(inject);
  CHECK(inject.error() ==
        "parameter 'server': '1.2.3.4; rm -rf /' is not an IPv4 address or host name");
  for (const char* bad : {"", "-R", "--json", "1.2.3.256", "1.2.3", "1.2.3.4.5", "01.2.3.4",
                          "host name", "a..b", "-host", "host-", "host.", ".host", "$(id)", "a;b",
                          "host\n", "ho_st", "::1", "1.2.3.4:80"}) {
    CAPTURE(bad);
    CHECK_FALSE(cb::bench::validateParams(b.params(), {{"server", bad}}));
  }
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"reverse", "yes"}}));
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"json", "2"}}));
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"parallel", "0"}}));
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"parallel", "129"}}));
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"port", "65536"}}));
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"time", "0"}}));
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"bind", "0.0.0.0"}}));  // a server param
}

TEST_CASE("iperf3-server builds argv from validated parameters") {
  cb::bench::Iperf3Server b;
  auto defaults = cb::bench::validateParams(b.params(), {});
  REQUIRE(defaults);
  CHECK(cb::bench::validateParams(b.params(), *defaults));
  CHECK(b.build(*defaults) ==
        std::vector<std::string>{"iperf3", "-s", "-B", "0.0.0.0", "-p", "5201", "--forceflush"});
  auto oneOff = cb::bench::validateParams(
      b.params(), {{"bind", "127.0.0.1"}, {"port", "5291"}, {"one-off", "1"}});
  REQUIRE(oneOff);
  CHECK(b.build(*oneOff) == std::vector<std::string>{"iperf3", "-s", "-B", "127.0.0.1", "-p",
                                                     "5291", "--forceflush", "-1"});
  auto bad = cb::bench::validateParams(b.params(), {{"bind", "0.0.0.0 -D"}});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().find("parameter 'bind'") != std::string::npos);
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"one-off", "true"}}));
}
