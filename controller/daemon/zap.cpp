#include "daemon/zap.hpp"

#include <zmq.h>

namespace cb::controller {

Result<ZapRequest> parseZapRequest(const wire::Frames& f) {
  if (f.size() < 8) return fail("ZAP request of " + std::to_string(f.size()) + " frames");
  if (!f[1].empty()) return fail("ZAP request without the empty delimiter frame");
  if (f[2] != "1.0") return fail("ZAP version " + f[2] + " is not 1.0");
  ZapRequest r;
  r.routing = f[0];
  r.requestId = f[3];
  r.domain = f[4];
  r.address = f[5];
  r.mechanism = f[7];
  if (r.mechanism == "CURVE") {
    if (f.size() != 9 || f[8].size() != 32) return fail("CURVE ZAP request without a 32-byte key");
    char z85[41] = {};
    if (zmq_z85_encode(z85, reinterpret_cast<const std::uint8_t*>(f[8].data()), 32) == nullptr) {
      return fail("cannot encode the client key");
    }
    r.publicKey = z85;
  }
  return r;
}

wire::Frames zapReply(const ZapRequest& request, bool allow, const std::string& statusText,
                      const std::string& userId) {
  return {request.routing,
          "",
          "1.0",
          request.requestId,
          allow ? "200" : "400",
          allow ? "OK" : statusText,
          allow ? userId : "",
          ""};
}

}  // namespace cb::controller
