#include "wire/curve_keys.hpp"

#include <sys/stat.h>
#include <zmq.h>

#include <fstream>
#include <sstream>

#include "os/atomic_file.hpp"

namespace cb::wire {
namespace {

std::string trim(std::string s) {
  const char* ws = " \t\r\n";
  s.erase(0, s.find_first_not_of(ws));
  auto end = s.find_last_not_of(ws);
  s.erase(end == std::string::npos ? 0 : end + 1);
  return s;
}

Result<std::string> readKeyFile(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return fail("cannot read key file " + file.string());
  std::stringstream ss;
  ss << in.rdbuf();
  std::string key = trim(ss.str());
  if (!isValidKey(key)) {
    return fail("key file " + file.string() + " does not hold a 40-character Z85 CURVE key");
  }
  return key;
}

}  // namespace

KeyPair generateKeyPair() {
  char pub[41] = {};
  char sec[41] = {};
  zmq_curve_keypair(pub, sec);
  return KeyPair{pub, sec};
}

bool isValidKey(const std::string& text) {
  static const std::string kZ85 =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
  if (text.size() != 40) return false;
  return text.find_first_not_of(kZ85) == std::string::npos;
}

Result<KeyPair> loadOrCreateKeyPair(const std::filesystem::path& dir, const std::string& name) {
  auto secFile = dir / (name + ".key");
  auto pubFile = dir / (name + ".pub");
  std::error_code ec;
  if (std::filesystem::exists(secFile, ec)) {
    auto sec = readKeyFile(secFile);
    if (!sec) return fail(sec.error());
    auto pub = readKeyFile(pubFile);
    if (!pub) return fail(pub.error());
    return KeyPair{*pub, *sec};
  }
  std::filesystem::create_directories(dir, ec);
  if (ec) return fail("cannot create state dir " + dir.string() + ": " + ec.message());
  KeyPair pair = generateKeyPair();
  if (auto s = os::writeFileAtomic(secFile, pair.secretKey + "\n", 0600); !s)
    return fail(s.error());
  if (auto s = os::writeFileAtomic(pubFile, pair.publicKey + "\n", 0644); !s)
    return fail(s.error());
  return pair;
}

Result<std::string> readPublicKey(const std::filesystem::path& file) {
  return readKeyFile(file);
}

}  // namespace cb::wire
