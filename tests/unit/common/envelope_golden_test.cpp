// Golden envelopes: bytes encoded by protocol version 1 and committed in tests/data must keep
// decoding to the same values. Regenerate ONLY for a new golden file (never overwrite an old
// one): CB_WRITE_GOLDEN=1 unit_common -tc='*golden*'.
#include <doctest/doctest.h>

#include <cstdlib>

#include "os/atomic_file.hpp"
#include "wire/envelope.hpp"

namespace {

const std::string kHelloFile = std::string(CB_TEST_DATA) + "/golden_hello_v1.bin";
const std::string kResultFile = std::string(CB_TEST_DATA) + "/golden_task_result_v1.bin";

std::string encodeHello() {
  return cb::wire::buildEnvelope(42, [](cb::proto::Envelope::Body::Builder b) {
    auto h = b.initHello();
    h.setNodeId("0123456789abcdef0123456789abcdef");
    h.setJoinToken("token-1");
    h.setAgentVersion("0.1.0");
    auto f = h.initFacts();
    f.setHostname("node02");
    auto addrs = f.initAddresses(1);
    addrs.set(0, "198.18.0.3/24");
    f.setCpuCount(2);
    f.setCpuModel("Intel(R) Xeon(R) Processor");
    f.setMemoryBytes(2147483648ULL);
    f.setKernel("6.1.0-13-amd64");
    f.setVirtKind(cb::proto::VirtKind::VM);
    f.setVirtTech("oracle");
    f.setOs("Debian GNU/Linux 12 (bookworm)");
  });
}

std::string encodeResult() {
  return cb::wire::buildEnvelope(0, [](cb::proto::Envelope::Body::Builder b) {
    auto r = b.initTaskResult();
    r.setTaskId("run7-0123456789abcdef0123456789abcdef");
    r.setStatus(cb::proto::TaskResult::Status::SUCCEEDED);
    r.setWallSeconds(10.5);
    r.initRusage().setUserSeconds(20.25);
    auto s = r.initSamples(1);
    s[0].setMetric("events_per_second");
    s[0].setValue(3025.5);
    s[0].setUnit("events/s");
    auto l = s[0].initLabels(1);
    l[0].setName("threads");
    l[0].setValue("2");
    r.setRawOutput("events per second:  3025.50\n");
  });
}

}  // namespace

TEST_CASE("golden hello envelope (protocol v1) still decodes") {
  if (std::getenv("CB_WRITE_GOLDEN")) {
    REQUIRE(cb::os::writeFileAtomic(kHelloFile, encodeHello()));
    REQUIRE(cb::os::writeFileAtomic(kResultFile, encodeResult()));
  }
  auto bytes = cb::os::readFile(kHelloFile);
  REQUIRE(bytes);
  auto in = cb::wire::readEnvelope(*bytes);
  REQUIRE_MESSAGE(in, in.error());
  auto env = in->envelope;
  CHECK(env.getVersion() == 1);
  CHECK(env.getRequestId() == 42);
  REQUIRE(env.getBody().which() == cb::proto::Envelope::Body::HELLO);
  auto h = env.getBody().getHello();
  CHECK(std::string(h.getNodeId().cStr()) == "0123456789abcdef0123456789abcdef");
  CHECK(std::string(h.getJoinToken().cStr()) == "token-1");
  auto f = h.getFacts();
  CHECK(std::string(f.getHostname().cStr()) == "node02");
  REQUIRE(f.getAddresses().size() == 1);
  CHECK(std::string(f.getAddresses()[0].cStr()) == "198.18.0.3/24");
  CHECK(f.getCpuCount() == 2);
  CHECK(f.getMemoryBytes() == 2147483648ULL);
  CHECK(f.getVirtKind() == cb::proto::VirtKind::VM);
  CHECK(std::string(f.getVirtTech().cStr()) == "oracle");
  // Fields added after v1 read as their defaults.
  CHECK(f.getMacs().size() == 0);
}

TEST_CASE("golden task result envelope (protocol v1) still decodes") {
  auto bytes = cb::os::readFile(kResultFile);
  REQUIRE(bytes);
  auto in = cb::wire::readEnvelope(*bytes);
  REQUIRE_MESSAGE(in, in.error());
  auto r = in->envelope.getBody().getTaskResult();
  CHECK(r.getStatus() == cb::proto::TaskResult::Status::SUCCEEDED);
  CHECK(r.getWallSeconds() == doctest::Approx(10.5));
  CHECK(r.getRusage().getUserSeconds() == doctest::Approx(20.25));
  REQUIRE(r.getSamples().size() == 1);
  CHECK(r.getSamples()[0].getValue() == doctest::Approx(3025.5));
  CHECK(std::string(r.getSamples()[0].getLabels()[0].getValue().cStr()) == "2");
}

TEST_CASE("encode/decode round trip and hostile bytes") {
  auto bytes = encodeHello();
  auto in = cb::wire::readEnvelope(bytes);
  REQUIRE(in);
  CHECK(in->envelope.getBody().which() == cb::proto::Envelope::Body::HELLO);

  CHECK_FALSE(cb::wire::readEnvelope(""));
  CHECK_FALSE(cb::wire::readEnvelope("1234567"));  // not a multiple of 8
  CHECK_FALSE(cb::wire::readEnvelope(std::string(64, '\xff')));
  CHECK_FALSE(cb::wire::readEnvelope(bytes.substr(0, bytes.size() / 2)));

  auto wrongVersion = cb::wire::buildEnvelope(1, [](auto b) { b.initHeartbeat(); });
  {
    auto decoded = cb::wire::decode(wrongVersion);
    REQUIRE(decoded);
  }
  capnp::MallocMessageBuilder mb;
  auto env = mb.initRoot<cb::proto::Envelope>();
  env.setVersion(99);
  env.getBody().initHeartbeat();
  auto v99 = cb::wire::readEnvelope(cb::wire::encode(mb));
  REQUIRE_FALSE(v99);
  CHECK(v99.error().find("protocol version 99") != std::string::npos);
}
