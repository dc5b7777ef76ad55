// The rooted Filesystem over a temporary tree.
#include <doctest/doctest.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <iterator>

#include "os/filesystem.hpp"
#include "support/process.hpp"

namespace fs = std::filesystem;

TEST_CASE("a rooted filesystem reads and writes under its root only") {
  cb::test::TempDir dir;
  auto rooted = cb::os::makeRootedFilesystem(dir.path());

  auto missing = rooted->read("/etc/hosts");
  REQUIRE(missing);
  CHECK_FALSE(missing->has_value());
  CHECK_FALSE(rooted->exists("/etc/hosts"));

  REQUIRE(rooted->write("/etc/netplan/60-x.yaml", "a: 1\n", 0600));
  CHECK(rooted->hostPath("/etc/netplan/60-x.yaml") == dir.path() / "etc/netplan/60-x.yaml");
  struct stat st {};
  REQUIRE(::stat((dir.path() / "etc/netplan/60-x.yaml").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);
  auto back = rooted->read("/etc/netplan/60-x.yaml");
  REQUIRE(back);
  CHECK(back->value() == "a: 1\n");
  CHECK(rooted->exists("/etc/netplan"));

  REQUIRE(rooted->write("/etc/netplan/60-x.yaml", "b\n"));
  CHECK(rooted->read("/etc/netplan/60-x.yaml")->value() == "b\n");
  // No temporary file is left beside the target.
  CHECK(std::distance(fs::directory_iterator(dir.path() / "etc/netplan"),
                      fs::directory_iterator()) == 1);

  REQUIRE(rooted->remove("/etc/netplan/60-x.yaml"));
  CHECK_FALSE(rooted->exists("/etc/netplan/60-x.yaml"));
  CHECK(rooted->remove("/etc/netplan/60-x.yaml"));  // missing is fine

  REQUIRE(rooted->makeDirs("/shared/a/b"));
  CHECK(fs::is_directory(dir.path() / "shared/a/b"));
  CHECK(rooted->makeDirs("/shared/a/b"));
}

TEST_CASE("a rooted filesystem refuses relative paths and '..'") {
  cb::test::TempDir dir;
  auto rooted = cb::os::makeRootedFilesystem(dir.path() / "root");
  fs::create_directories(dir.path() / "root");
  std::ofstream(dir.path() / "outside") << "secret";

  auto escaped = rooted->read("/../outside");
  CHECK_FALSE(escaped);
  CHECK(escaped.error().find("'..'") != std::string::npos);
  CHECK_FALSE(rooted->write("/etc/../../outside", "x"));
  CHECK_FALSE(rooted->write("etc/hosts", "x"));
  CHECK_FALSE(rooted->makeDirs("/a/../../b"));
  CHECK_FALSE(rooted->remove("/../outside"));
  CHECK_FALSE(rooted->exists("/../outside"));
  CHECK(fs::exists(dir.path() / "outside"));
  CHECK_FALSE(fs::exists(dir.path() / "b"));
  // "." and repeated slashes are harmless.
  REQUIRE(rooted->write("//etc/./hostname", "n\n"));
  CHECK(rooted->read("/etc/hostname")->value() == "n\n");
}

TEST_CASE("reading a directory is an error, not a missing file") {
  cb::test::TempDir dir;
  auto rooted = cb::os::makeRootedFilesystem(dir.path());
  REQUIRE(rooted->makeDirs("/etc/hosts"));
  CHECK_FALSE(rooted->read("/etc/hosts"));
}

TEST_CASE("a bind-mounted file (Docker's /etc/hosts) is rewritten in place") {
  cb::test::TempDir dir;
  const fs::path source = dir.path() / "hosts-from-engine";
  const fs::path root = dir.path() / "root";
  fs::create_directories(root / "etc");
  std::ofstream(source) << "old\n";
  std::ofstream(root / "etc/hosts") << "";
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    // A private mount namespace, so the bind mount vanishes with this child.
    if (::unshare(CLONE_NEWNS) != 0) ::_exit(10);
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) ::_exit(11);
    if (::mount(source.c_str(), (root / "etc/hosts").c_str(), nullptr, MS_BIND, nullptr) != 0) {
      ::_exit(12);
    }
    auto rooted = cb::os::makeRootedFilesystem(root);
    ::_exit(rooted->write("/etc/hosts", "new\n") ? 0 : 13);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  std::ifstream in(source);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(content == "new\n");
}

TEST_CASE("a rooted filesystem lists a directory's regular files only, without following links") {
  cb::test::TempDir tmp;
  auto fsys = cb::os::makeRootedFilesystem(tmp.path());
  fs::create_directories(tmp.path() / "d/sub");
  fs::create_directories(tmp.path() / "elsewhere");
  std::ofstream(tmp.path() / "d/b.txt") << "b";
  std::ofstream(tmp.path() / "d/a.txt") << "a";
  std::ofstream(tmp.path() / "elsewhere/secret") << "s";
  fs::create_symlink(tmp.path() / "elsewhere/secret", tmp.path() / "d/link");
  fs::create_directory_symlink(tmp.path() / "elsewhere", tmp.path() / "dlink");

  auto names = fsys->listRegularFiles("/d");
  REQUIRE_MESSAGE(names, names.error());
  CHECK(*names == std::vector<std::string>{"a.txt", "b.txt"});
  auto missing = fsys->listRegularFiles("/nope");
  REQUIRE(missing);
  CHECK(missing->empty());
  CHECK_FALSE(fsys->listRegularFiles("/dlink"));    // a symlinked directory is not listed
  CHECK_FALSE(fsys->listRegularFiles("/d/a.txt"));  // not a directory
  CHECK_FALSE(fsys->listRegularFiles("/d/../elsewhere"));
}

namespace {

std::string contentOf(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A file outside the root, which nothing done through the rooted filesystem may change.
struct Victim {
  fs::path path;
  explicit Victim(const fs::path& dir) : path(dir / "victim") {
    std::ofstream(path) << "root:secret\n";
    fs::permissions(path, fs::perms(0600));
  }
  void checkUntouched() const {
    CHECK(contentOf(path) == "root:secret\n");
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0600);
  }
};

}  // namespace

TEST_CASE("a symlink planted at the file is neither read, written through nor replaced") {
  cb::test::TempDir dir;
  fs::create_directories(dir.path() / "root/etc");
  Victim victim(dir.path());
  auto rooted = cb::os::makeRootedFilesystem(dir.path() / "root");
  const auto link = dir.path() / "root/etc/hosts";
  fs::create_symlink(victim.path, link);

  auto read = rooted->read("/etc/hosts");
  REQUIRE_FALSE(read);
  CHECK(read.error().find(link.string()) != std::string::npos);
  auto written = rooted->write("/etc/hosts", "evil\n", 0644);
  REQUIRE_FALSE(written);
  CHECK(written.error().find(link.string()) != std::string::npos);
  CHECK(written.error().find("symlink") != std::string::npos);
  victim.checkUntouched();
  CHECK(fs::is_symlink(link));
  CHECK(std::distance(fs::directory_iterator(dir.path() / "root/etc"),
                      fs::directory_iterator()) == 1);  // no temp file left
}

TEST_CASE("a symlinked directory on the way is not followed (the share marker's directory)") {
  cb::test::TempDir dir;
  fs::create_directories(dir.path() / "root");
  fs::create_directories(dir.path() / "outside");
  Victim victim(dir.path() / "outside");
  fs::rename(victim.path, dir.path() / "outside/.clusterbench-share");
  victim.path = dir.path() / "outside/.clusterbench-share";
  auto rooted = cb::os::makeRootedFilesystem(dir.path() / "root");
  const auto link = dir.path() / "root/shared";
  fs::create_directory_symlink(dir.path() / "outside", link);

  auto read = rooted->read("/shared/.clusterbench-share");
  REQUIRE_FALSE(read);
  CHECK(read.error().find(link.string()) != std::string::npos);
  auto written = rooted->write("/shared/.clusterbench-share", "evil\n", 0644);
  REQUIRE_FALSE(written);
  CHECK(written.error().find(link.string()) != std::string::npos);
  CHECK_FALSE(rooted->write("/shared/new-file", "x"));
  CHECK_FALSE(rooted->makeDirs("/shared/sub"));
  CHECK_FALSE(rooted->remove("/shared/.clusterbench-share"));
  victim.checkUntouched();
  CHECK(std::distance(fs::directory_iterator(dir.path() / "outside"), fs::directory_iterator()) ==
        1);
}
