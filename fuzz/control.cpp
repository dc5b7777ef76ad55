// Fuzz target: the control protocol as the CLI reads it (controller/control): one reply frame
// through readReply(), then its body through every typed decoder (each must refuse what it does
// not expect with an error value, legacy JSON replies included).
#include "control/control_decode.hpp"
#include "fuzz_input.hpp"

namespace {

template <typename R>
void expectValueOrError(const R& r) {
  cb::fuzz::require(r.ok() || !r.error().empty(), "a refused reply says why");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto reply = cb::control::readReply(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!reply) return 0;
  auto body = reply->body();
  using namespace cb::control;
  expectValueOrError(decodeNodes(body));
  expectValueOrError(decodeStatus(body));
  expectValueOrError(decodeRuns(body));
  expectValueOrError(decodeRun(body));
  expectValueOrError(decodeSuite(body));
  expectValueOrError(decodeSuites(body));
  expectValueOrError(decodeCancelled(body));
  expectValueOrError(decodeStopping(body));
  expectValueOrError(decodeApply(body));
  expectValueOrError(decodeKeys(body));
  return 0;
}
