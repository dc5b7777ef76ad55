// The one atomic writer and the no-follow reader: modes, no temp files left, symlinks planted at
// the target or at a temp name are neither followed nor replaced.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "os/atomic_file.hpp"
#include "support/process.hpp"

namespace fs = std::filesystem;

namespace {

std::string contentOf(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

unsigned modeOf(const fs::path& p) {
  struct stat st{};
  REQUIRE(::lstat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::vector<std::string> namesIn(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

/// A file outside the directory under attack, which must never change.
struct Victim {
  fs::path path;
  explicit Victim(const fs::path& dir) : path(dir / "victim") {
    std::ofstream(path) << "precious\n";
    fs::permissions(path, fs::perms(0600));
  }
  void checkUntouched() const {
    CHECK(contentOf(path) == "precious\n");
    CHECK(modeOf(path) == 0600);
  }
};

}  // namespace

TEST_CASE("the atomic writer sets the mode whatever the umask and leaves no temp file") {
  cb::test::TempDir tmp;
  const auto target = tmp.path() / "conf";
  const mode_t old = ::umask(077);
  REQUIRE(cb::os::writeFileAtomic(target, "one\n", 0644));
  ::umask(old);
  CHECK(contentOf(target) == "one\n");
  CHECK(modeOf(target) == 0644);
  REQUIRE(cb::os::writeFileAtomic(target, "two\n", 0600));
  CHECK(contentOf(target) == "two\n");
  CHECK(modeOf(target) == 0600);
  CHECK(namesIn(tmp.path()) == std::vector<std::string>{"conf"});
}

TEST_CASE("the atomic writer refuses a symlink at the target and leaves what it points at") {
  cb::test::TempDir tmp;
  fs::create_directories(tmp.path() / "dir");
  Victim victim(tmp.path());
  const auto target = tmp.path() / "dir/hosts";
  fs::create_symlink(victim.path, target);

  auto written = cb::os::writeFileAtomic(target, "evil\n", 0644);
  REQUIRE_FALSE(written);
  CHECK(written.error().find(target.string()) != std::string::npos);
  CHECK(written.error().find("symlink") != std::string::npos);
  victim.checkUntouched();
  CHECK(fs::is_symlink(target));
  CHECK(namesIn(tmp.path() / "dir") == std::vector<std::string>{"hosts"});

  // A dangling link is refused the same way (it would otherwise create its target).
  const auto dangling = tmp.path() / "dir/new";
  fs::create_symlink(tmp.path() / "created-outside", dangling);
  CHECK_FALSE(cb::os::writeFileAtomic(dangling, "x", 0644));
  CHECK_FALSE(fs::exists(tmp.path() / "created-outside"));
}

TEST_CASE("the atomic writer refuses a non-regular target") {
  cb::test::TempDir tmp;
  const auto fifo = tmp.path() / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto written = cb::os::writeFileAtomic(fifo, "x", 0644);
  REQUIRE_FALSE(written);
  CHECK(written.error().find(fifo.string()) != std::string::npos);
  fs::create_directories(tmp.path() / "d");
  CHECK_FALSE(cb::os::writeFileAtomic(tmp.path() / "d", "x", 0644));
}

TEST_CASE("symlinks planted at would-be temp names are not followed") {
  cb::test::TempDir tmp;
  fs::create_directories(tmp.path() / "dir");
  Victim victim(tmp.path());
  const auto target = tmp.path() / "dir/conf";
  // The names a writer with a predictable temp name would use.
  const std::vector<std::string> planted{"conf.tmp", "conf.tmp." + std::to_string(::getpid()),
                                         ".conf.tmp", ".conf.tmp." + std::to_string(::getpid())};
  for (const auto& name : planted) fs::create_symlink(victim.path, tmp.path() / "dir" / name);

  REQUIRE(cb::os::writeFileAtomic(target, "mine\n", 0640));
  CHECK(contentOf(target) == "mine\n");
  CHECK(modeOf(target) == 0640);
  victim.checkUntouched();
  for (const auto& name : planted) CHECK(fs::is_symlink(tmp.path() / "dir" / name));
  CHECK(namesIn(tmp.path() / "dir").size() == planted.size() + 1);  // no temp file left
}

TEST_CASE("the no-follow reader refuses symlinks and non-regular files, naming them") {
  cb::test::TempDir tmp;
  Victim victim(tmp.path());
  std::ofstream(tmp.path() / "plain") << "text";
  auto plain = cb::os::readFileNoFollow(tmp.path() / "plain");
  REQUIRE(plain);
  CHECK(*plain == "text");

  const auto link = tmp.path() / "result.txt";
  fs::create_symlink(victim.path, link);
  auto followed = cb::os::readFileNoFollow(link);
  REQUIRE_FALSE(followed);
  CHECK(followed.error().find(link.string()) != std::string::npos);
  CHECK(followed.error().find("precious") == std::string::npos);

  // A FIFO would block a plain open(); it is refused at once.
  const auto fifo = tmp.path() / "fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  auto fromFifo = cb::os::readFileNoFollow(fifo);
  REQUIRE_FALSE(fromFifo);
  CHECK(fromFifo.error().find(fifo.string()) != std::string::npos);
  CHECK_FALSE(cb::os::readFileNoFollow(tmp.path() / "missing"));
}
