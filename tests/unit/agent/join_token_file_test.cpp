// The agent's join token file: root-only, a regular file, one word, never a symlink.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include "os/atomic_file.hpp"
#include "session/join_token_file.hpp"
#include "support/process.hpp"

using cb::agent::readJoinTokenFile;

TEST_CASE("join token file: missing means no token; a 0600 file gives its trimmed word") {
  cb::test::TempDir dir;
  CHECK(readJoinTokenFile(dir.path() / "none").value().empty());
  auto f = dir.path() / "join-token";
  REQUIRE(cb::os::writeFileAtomic(f, "  0123456789abcdef\n", 0600));
  CHECK(readJoinTokenFile(f).value() == "0123456789abcdef");
}

TEST_CASE("join token file: loose modes, symlinks, empty files and several words are errors") {
  cb::test::TempDir dir;
  auto f = dir.path() / "join-token";
  REQUIRE(cb::os::writeFileAtomic(f, "secret\n", 0640));
  auto loose = readJoinTokenFile(f);
  CHECK(loose.error() == "join token file " + f.string() +
                             " has mode 0640: it must not be "
                             "readable by group or others (chmod 600 " +
                             f.string() + ")");
  REQUIRE(cb::os::writeFileAtomic(f, "secret\n", 0600));
  auto link = dir.path() / "link";
  std::filesystem::create_symlink(f, link);
  CHECK(readJoinTokenFile(link).error() ==
        "join token file " + link.string() + " is a symlink; refusing it");
  REQUIRE(cb::os::writeFileAtomic(f, " \n", 0600));
  CHECK(readJoinTokenFile(f).error() == "join token file " + f.string() + " is empty");
  REQUIRE(cb::os::writeFileAtomic(f, "a b\n", 0600));
  CHECK(readJoinTokenFile(f).error() ==
        "join token file " + f.string() + " holds more than one word");
  CHECK(readJoinTokenFile(dir.path()).error() ==
        "join token file " + dir.path().string() + " is not a regular file");
}
