#include "session/identity.hpp"

#include <fstream>
#include <random>

#include "os/atomic_file.hpp"

namespace cb::agent {
namespace {

bool isHexId(const std::string& s) {
  return s.size() == 32 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string randomId() {
  std::random_device rd;
  std::string out;
  const char* hex = "0123456789abcdef";
  for (int i = 0; i < 32; ++i) out += hex[rd() % 16];
  return out;
}

}  // namespace

Result<Identity> loadOrCreateIdentity(const std::filesystem::path& stateDir) {
  std::error_code ec;
  std::filesystem::create_directories(stateDir, ec);
  if (ec) return fail("cannot create state dir " + stateDir.string() + ": " + ec.message());
  auto idFile = stateDir / "node-id";
  std::string id;
  if (std::filesystem::exists(idFile)) {
    auto text = os::readFileNoFollow(idFile);
    if (!text) return fail(text.error());
    id = *text;
    while (!id.empty() && (id.back() == '\n' || id.back() == ' ')) id.pop_back();
    if (!isHexId(id)) return fail(idFile.string() + " does not hold a 32-hex-digit node id");
  } else {
    id = randomId();
    if (auto s = os::writeFileAtomic(idFile, id + "\n", 0644); !s) return fail(s.error());
  }
  auto keys = wire::loadOrCreateKeyPair(stateDir, "agent");
  if (!keys) return fail(keys.error());
  return Identity{id, *keys};
}

}  // namespace cb::agent
