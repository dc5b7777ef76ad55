// Enrollment logic without sockets: key states, node id binding, tokens, ZAP frames.
#include <doctest/doctest.h>

#include <zmq.h>

#include <cctype>

#include "daemon/zap.hpp"
#include "registry/join_tokens.hpp"
#include "registry/key_store.hpp"
#include "support/process.hpp"
#include "wire/curve_keys.hpp"
#include "wire/key_id.hpp"

using namespace cb::controller;
using Kind = HelloDecision::Kind;

namespace {
const std::string kKeyA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const std::string kKeyB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const std::string kNode1 = std::string(32, '1');
const std::string kNode2 = std::string(32, '2');
}  // namespace

TEST_CASE("an unknown key without a token is pending and passes the handshake to say hello") {
  KeyStore ks;
  CHECK(ks.admit(kKeyA).allow);
  auto d = ks.onHello(kKeyA, kNode1, "node02", "198.18.0.3", false, false, 100);
  CHECK(d.kind == Kind::kPending);
  CHECK(d.changed);
  CHECK((d.key.state == KeyState::kPending));
  CHECK(d.key.nodeId.empty());
  CHECK(d.key.claimedNodeId == kNode1);
  CHECK(ks.pendingCount() == 1);
  CHECK(ks.admit(kKeyA).allow);
}

TEST_CASE("a valid token accepts the key and binds the node id; a restarted agent keeps it") {
  KeyStore ks;
  auto d = ks.onHello(kKeyA, kNode1, "master", "198.18.0.2", true, true, 100);
  CHECK(d.kind == Kind::kRegistered);
  CHECK(d.acceptedNow);
  CHECK(d.nodeId == kNode1);
  CHECK(ks.pendingCount() == 0);
  auto again = ks.onHello(kKeyA, kNode1, "master", "198.18.0.2", false, false, 200);
  CHECK(again.kind == Kind::kRegistered);
  CHECK_FALSE(again.acceptedNow);
  CHECK(ks.findByNodeId(kNode1)->publicKey == kKeyA);
}

TEST_CASE("an accepted key naming another node id is refused") {
  KeyStore ks;
  ks.onHello(kKeyA, kNode1, "master", "", true, true, 100);
  auto d = ks.onHello(kKeyA, kNode2, "master", "", true, true, 200);
  CHECK(d.kind == Kind::kRefused);
  CHECK(d.reason.find("bound to node " + kNode1) != std::string::npos);
}

TEST_CASE("a second key claiming an accepted node id is refused, even with a valid token") {
  KeyStore ks;
  ks.onHello(kKeyA, kNode1, "master", "", true, true, 100);
  auto d = ks.onHello(kKeyB, kNode1, "master", "", true, true, 200);
  CHECK(d.kind == Kind::kRefused);
  CHECK(d.reason.find("belongs to another key") != std::string::npos);
  CHECK(ks.findByNodeId(kNode1)->publicKey == kKeyA);
  // The operator cannot accept it either while the id is bound.
  auto acc = ks.accept(kKeyB);
  CHECK_FALSE(acc);
  CHECK(acc.error().find("belongs to key " + kKeyA) != std::string::npos);
}

TEST_CASE("a wrong token is refused; the key stays pending for the operator") {
  KeyStore ks;
  auto d = ks.onHello(kKeyA, kNode1, "n", "", true, false, 100);
  CHECK(d.kind == Kind::kRefused);
  CHECK(d.reason == "join token not valid (unknown or expired)");
  CHECK((ks.find(kKeyA)->state == KeyState::kPending));
}

TEST_CASE("operator actions: accept by prefix binds the claimed id; reject fails the handshake") {
  KeyStore ks;
  ks.onHello(kKeyA, kNode1, "n", "", false, false, 100);
  CHECK_FALSE(ks.accept("aaa"));  // too short
  auto acc = ks.accept("aaaaaaa");
  REQUIRE(acc);
  CHECK((acc->state == KeyState::kAccepted));
  CHECK(acc->nodeId == kNode1);
  CHECK(ks.onHello(kKeyA, kNode1, "n", "", false, false, 200).kind == Kind::kRegistered);
  auto rej = ks.reject(kKeyA);
  REQUIRE(rej);
  auto z = ks.admit(kKeyA);
  CHECK_FALSE(z.allow);
  CHECK(z.reason == "key rejected");
  CHECK(ks.onHello(kKeyA, kNode1, "n", "", false, false, 300).kind == Kind::kRefused);
  // Rejected keys keep their node id: nobody else may take it.
  CHECK(ks.onHello(kKeyB, kNode1, "n", "", true, true, 400).kind == Kind::kRefused);
  // Deleting frees both.
  REQUIRE(ks.remove(kKeyA));
  CHECK(ks.find(kKeyA) == nullptr);
  CHECK(ks.onHello(kKeyB, kNode1, "n", "", true, true, 500).kind == Kind::kRegistered);
}

TEST_CASE("ambiguous and unknown prefixes are errors that name the input") {
  KeyStore ks;
  ks.onHello("abcdef1111111111111111111111111111111111", kNode1, "", "", false, false, 1);
  ks.onHello("abcdef2222222222222222222222222222222222", kNode2, "", "", false, false, 2);
  auto r = ks.resolve("abcdef");
  CHECK_FALSE(r);
  CHECK(r.error().find("more than one key") != std::string::npos);
  CHECK(ks.resolve("abcdef1").value() == "abcdef1111111111111111111111111111111111");
  CHECK(ks.resolve("zzzzzz").error() == "no key matches 'zzzzzz'");
}

TEST_CASE("unknown keys are refused at the handshake once the pending cap is reached") {
  KeyStore ks(2);
  ks.onHello(kKeyA, kNode1, "", "", false, false, 1);
  ks.onHello(kKeyB, kNode2, "", "", false, false, 2);
  CHECK_FALSE(ks.admit("cccccccccccccccccccccccccccccccccccccccc").allow);
  CHECK(ks.admit(kKeyA).allow);  // pending keys already known still pass
  auto d = ks.onHello("cccccccccccccccccccccccccccccccccccccccc", std::string(32, '3'), "", "",
                      false, false, 3);
  CHECK(d.kind == Kind::kRefused);
  CHECK(ks.all().size() == 2);
  REQUIRE(ks.accept(kKeyA));
  CHECK(ks.admit("cccccccccccccccccccccccccccccccccccccccc").allow);
}

TEST_CASE("load restores states and bindings") {
  KeyStore ks;
  AgentKey a{kKeyA, KeyState::kAccepted, kNode1, kNode1, "m", "", 1, 2};
  AgentKey b{kKeyB, KeyState::kPending, "", kNode2, "n", "", 3, 4};
  ks.load({a, b});
  CHECK(ks.pendingCount() == 1);
  CHECK(ks.findByNodeId(kNode1)->publicKey == kKeyA);
  CHECK(ks.onHello(kKeyA, kNode1, "m", "", false, false, 5).kind == Kind::kRegistered);
  CHECK(ks.all().front()->publicKey == kKeyA);
}

TEST_CASE("join tokens: parse errors name file and line; expiry and exact match") {
  auto bad = parseJoinTokens("# c\nshort 0\n", "/s/join-tokens");
  CHECK_FALSE(bad);
  CHECK(bad.error() == "/s/join-tokens:2: token must have at least 16 characters");
  auto badExpiry = parseJoinTokens("0123456789abcdef0123 soon\n", "f");
  CHECK(badExpiry.error() == "f:1: expiry 'soon' is not a time in milliseconds since the epoch");
  auto ok = parseJoinTokens("0123456789abcdef0123 0\nfedcba98765432100000 1000 # old\n", "f");
  REQUIRE(ok);
  REQUIRE(ok->size() == 2);
  CHECK(joinTokenMatches(*ok, "0123456789abcdef0123", 5000));
  CHECK(joinTokenMatches(*ok, "fedcba98765432100000", 999));
  CHECK_FALSE(joinTokenMatches(*ok, "fedcba98765432100000", 1000));  // expired
  CHECK_FALSE(joinTokenMatches(*ok, "0123456789abcdef012", 0));      // prefix
  CHECK_FALSE(joinTokenMatches(*ok, "0123456789abcdef01234", 0));    // longer
  CHECK_FALSE(joinTokenMatches(*ok, "", 0));
}

TEST_CASE("createJoinToken appends a random 0600 token and drops expired ones") {
  cb::test::TempDir dir;
  auto a = createJoinToken(dir.path(), std::chrono::seconds(10), 1000);
  auto b = createJoinToken(dir.path(), std::chrono::seconds(0), 20000);  // a expired at 11000
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->token.size() == 64);
  CHECK(a->token != b->token);
  CHECK(a->expiresAtMs == 11000);
  auto read = readJoinTokens(dir.path());
  REQUIRE(read);
  REQUIRE(read->size() == 1);
  CHECK(read->front().token == b->token);
  const auto mode = std::filesystem::status(joinTokenFile(dir.path())).permissions() &
                    std::filesystem::perms::all;
  const auto ownerRw = std::filesystem::perms::owner_read | std::filesystem::perms::owner_write;
  CHECK(mode == ownerRw);
}

TEST_CASE("ZAP requests parse to a Z85 key; replies carry the user id only when allowed") {
  std::string raw(32, '\0');
  for (int i = 0; i < 32; ++i) raw[static_cast<std::size_t>(i)] = static_cast<char>(i * 7);
  char z85[41] = {};
  zmq_z85_encode(z85, reinterpret_cast<const std::uint8_t*>(raw.data()), 32);
  auto req =
      parseZapRequest({"r", "", "1.0", "42", "clusterbench", "198.18.0.3", "", "CURVE", raw});
  REQUIRE(req);
  CHECK(req->publicKey == z85);
  CHECK(req->address == "198.18.0.3");
  auto yes = zapReply(*req, true, "", req->publicKey);
  CHECK(yes == cb::wire::Frames{"r", "", "1.0", "42", "200", "OK", z85, ""});
  auto no = zapReply(*req, false, "key rejected", req->publicKey);
  CHECK(no == cb::wire::Frames{"r", "", "1.0", "42", "400", "key rejected", "", ""});
  CHECK_FALSE(parseZapRequest({"r", "", "2.0", "1", "", "", "", "CURVE", raw}));
  CHECK_FALSE(parseZapRequest({"r", "", "1.0", "1", "", "", "", "CURVE", "short"}));
  CHECK_FALSE(parseZapRequest({"r", "x"}));
}

TEST_CASE("keys are named by their id: hex of the key bytes, any unique prefix of 8+ digits") {
  auto a = cb::wire::generateKeyPair().publicKey;
  auto b = cb::wire::generateKeyPair().publicKey;
  std::string idA = cb::wire::keyId(a);
  REQUIRE(idA.size() == 64);
  CHECK(idA.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(cb::wire::keyId(a) == idA);  // stable
  CHECK(cb::wire::keyId(b) != idA);
  CHECK(cb::wire::keyId("not a key").empty());
  // Z85 "HelloWorld" is the four bytes 86 4F D2 6F ... (the Z85 specification's example, padded
  // here to a 40-character key by repetition): decoding is byte-exact.
  CHECK(cb::wire::keyId(std::string("HelloWorld").append(30, '0')).substr(0, 16) ==
        "864fd26fb559f75b");

  KeyStore ks;
  ks.onHello(a, kNode1, "", "", false, false, 1);
  ks.onHello(b, kNode2, "", "", false, false, 2);
  CHECK(ks.resolve(idA.substr(0, 8)).value() == a);
  std::string upper = idA.substr(0, 12);
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(ks.resolve(upper).value() == a);
  CHECK(ks.resolve(idA).value() == a);
  auto accepted = ks.accept(cb::wire::keyId(b).substr(0, 10));
  REQUIRE(accepted);
  CHECK(accepted->publicKey == b);
}
