#pragma once
// Helpers of the control reply tests: decode an encoded Reply as the client does, and build the
// JSON answer an older controller gave.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "daemon/control_reply.hpp"
#include "schemas/control.capnp.h"
#include "wire/codec.hpp"

namespace cb::test {

/// Decodes the encoded Reply `bytes` with `decode`, as the client does (REQUIREs success).
template <typename Decode>
auto decodeBytes(const std::string& bytes, Decode decode) {
  auto decoded = wire::decode(bytes);
  REQUIRE(decoded);
  auto out = decode((*decoded)->root<ctl::Reply>().getBody());
  REQUIRE_MESSAGE(out, (out ? "" : out.error()));
  return *out;
}

/// An encoded Reply whose `json` member is `j`, as older controllers answered.
inline std::string legacyReply(const nlohmann::json& j) {
  return controller::jsonReply(j);
}

}  // namespace cb::test
