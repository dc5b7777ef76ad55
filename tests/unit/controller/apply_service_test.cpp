#include <doctest/doctest.h>
#include <sys/stat.h>

#include "daemon/apply_service.hpp"
#include "service_fakes.hpp"
#include "support/process.hpp"
#include "util/asio.hpp"

using namespace std::chrono_literals;
using cb::controller::ApplyMode;
using cb::controller::ApplyRequest;
using cb::controller::ApplyService;
using cb::controller::Registry;
using cb::controller::ReplyHandle;
using Body = cb::proto::Envelope::Body;

namespace {
const std::string kMaster = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const std::string kWorker = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const char* kSpec =
    "name: c\n"
    "network: {cidr: 198.18.0.0/24}\n"
    "master: {hostname: master, address: 198.18.0.1, interface: eth0, nat_interface: eth0}\n"
    "workers:\n"
    "  - {hostname: node02, address: 198.18.0.2, interface: eth0}\n";

struct Fixture {
  Fixture() : registry(10s), applies(io, link, registry, dir.path()) {
    cb::test::addNode(registry, kMaster, "master", "198.18.0.1/24");
    cb::test::addNode(registry, kWorker, "node02", "198.18.0.2/24");
  }
  /// The apply id sent to `nodeId`.
  std::string applyIdOf(const std::string& nodeId) const {
    for (const auto& s : link.of(Body::APPLY_CONFIG)) {
      if (s.nodeId == nodeId) {
        auto in = s.read();
        return in.envelope.getBody().getApplyConfig().getApplyId();
      }
    }
    return "";
  }
  void report(const std::string& nodeId, const std::string& applyId, const std::string& error) {
    auto r = cb::test::build<cb::proto::ApplyReport>([&](auto b) {
      b.setApplyId(applyId);
      b.setError(error);
    });
    applies.onApplyReport(nodeId, r->reader());
  }
  cb::test::TempDir dir;
  boost::asio::io_context io;
  cb::test::FakeLink link;
  cb::test::FakeSink sink;
  Registry registry;
  ApplyService applies;
};
}  // namespace

TEST_CASE("apply service: one configuration per node, one reply when all reported, spec kept") {
  Fixture f;
  f.applies.start(ApplyRequest{kSpec, "c.yaml", ApplyMode::kApply, 1min},
                  ReplyHandle(f.sink, "cli"));
  REQUIRE_MESSAGE(f.sink.finals().empty(), f.sink.finals()[0].text);
  REQUIRE(f.link.of(Body::APPLY_CONFIG).size() == 2);
  CHECK(f.applies.inFlight() == 1);
  std::size_t sentLines = 0;
  for (const auto& r : f.sink.replies)
    sentLines += r.text.find("sent configuration") != std::string::npos;
  CHECK(sentLines == 2);

  f.report(kMaster, f.applyIdOf(kMaster), "");
  CHECK(f.sink.finals().empty());
  f.report(kWorker, f.applyIdOf(kWorker), "");
  REQUIRE(f.sink.finals().size() == 1);
  CHECK(f.sink.finals()[0].kind == "apply");
  CHECK(f.applies.inFlight() == 0);
  auto saved = f.dir.path() / "cluster.yaml";
  REQUIRE(std::filesystem::exists(saved));
  struct stat st {};
  REQUIRE(::stat(saved.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("apply service: a refused node fails the apply and the spec is not kept") {
  Fixture f;
  f.applies.start(ApplyRequest{kSpec, "c.yaml", ApplyMode::kApply, 1min},
                  ReplyHandle(f.sink, "cli"));
  f.report(kMaster, f.applyIdOf(kMaster), "");
  f.report(kWorker, f.applyIdOf(kWorker), "interface eth0 does not exist");
  REQUIRE(f.sink.finals().size() == 1);
  auto reply = nlohmann::json::parse(f.sink.finals()[0].text);
  CHECK(reply.dump().find("interface eth0 does not exist") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(f.dir.path() / "cluster.yaml"));
}

TEST_CASE("apply service: the deadline answers once, naming the node without a report") {
  Fixture f;
  f.applies.start(ApplyRequest{kSpec, "c.yaml", ApplyMode::kApply, 20ms},
                  ReplyHandle(f.sink, "cli"));
  f.report(kMaster, f.applyIdOf(kMaster), "");
  f.io.run_for(2s);
  REQUIRE(f.sink.finals().size() == 1);
  CHECK(f.sink.finals()[0].text.find("no report before the deadline") != std::string::npos);
  CHECK(f.applies.inFlight() == 0);
  f.report(kWorker, f.applyIdOf(kWorker), "");  // too late: ignored
  CHECK(f.sink.finals().size() == 1);
}

TEST_CASE("apply service: bad specs, no saved spec and reports for unknown ids") {
  Fixture f;
  f.applies.start(ApplyRequest{"name: [", "bad.yaml", ApplyMode::kApply, 1min},
                  ReplyHandle(f.sink, "cli"));
  f.applies.start(ApplyRequest{"", "", ApplyMode::kVerify, 1min}, ReplyHandle(f.sink, "cli"));
  auto finals = f.sink.finals();
  REQUIRE(finals.size() == 2);
  CHECK(finals[0].kind == "error");
  CHECK(finals[0].text.find("invalid cluster spec") != std::string::npos);
  CHECK(finals[1].text.find("nothing was applied yet") != std::string::npos);
  CHECK(f.link.sent.empty());
  f.report(kMaster, "apply-99-aaaaaaaaaaaa", "");
  CHECK(f.sink.finals().size() == 2);
}
