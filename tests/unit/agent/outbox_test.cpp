// The durable outbox over a rooted Filesystem in a temporary tree.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "os/filesystem.hpp"
#include "session/outbox.hpp"
#include "session/wire_convert.hpp"
#include "support/process.hpp"
#include "wire/envelope.hpp"

namespace fs = std::filesystem;
using cb::agent::Outbox;

namespace {

std::string resultOf(const std::string& taskId, int exitCode = 0) {
  cb::agent::TaskOutcome o;
  o.taskId = taskId;
  o.exitCode = exitCode;
  o.wallSeconds = 1.5;
  o.message = "done " + taskId;
  return cb::agent::encodeOutcome(o);
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void put(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << bytes;
}

std::size_t entriesIn(const fs::path& dir) {
  return static_cast<std::size_t>(
      std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

TEST_CASE("a result is on disk, mode 0600, before add returns, and pending until acknowledged") {
  cb::test::TempDir tmp;
  auto rooted = cb::os::makeRootedFilesystem(tmp.path());
  Outbox box(*rooted, "/state/outbox");

  const std::string a = resultOf("task-a"), b = resultOf("task-b", 3);
  REQUIRE(box.add("task-b", b));
  REQUIRE(box.add("task-a", a));

  const fs::path dir = tmp.path() / "state/outbox";
  CHECK(slurp(dir / "task-a.bin") == a);
  CHECK(slurp(dir / "task-b.bin") == b);
  struct stat st {};
  REQUIRE(::stat((dir / "task-a.bin").c_str(), &st) == 0);
  CHECK((st.st_mode & 07777) == 0600);
  CHECK(entriesIn(dir) == 2);  // no temporary files left beside them

  // What a reconnect re-sends: every unacknowledged result, in task-id order.
  REQUIRE(box.pending().size() == 2);
  CHECK(box.pending().begin()->first == "task-a");
  CHECK(box.pending().at("task-a") == a);
  CHECK(box.pending().at("task-b") == b);

  auto acked = box.acknowledge("task-a");
  REQUIRE(acked);
  CHECK(*acked);
  CHECK_FALSE(fs::exists(dir / "task-a.bin"));
  CHECK(fs::exists(dir / "task-b.bin"));
  REQUIRE(box.pending().size() == 1);
  CHECK(box.pending().count("task-b") == 1);

  // A second ack, or one for a task this agent never ran, changes nothing.
  auto again = box.acknowledge("task-a");
  REQUIRE(again);
  CHECK_FALSE(*again);
  put(dir / "other.bin", resultOf("other"));
  auto unknown = box.acknowledge("other");
  REQUIRE(unknown);
  CHECK_FALSE(*unknown);
  CHECK(fs::exists(dir / "other.bin"));
  CHECK(box.pending().size() == 1);
}

TEST_CASE("a newer result of the same task replaces the older one on disk and in memory") {
  cb::test::TempDir tmp;
  auto rooted = cb::os::makeRootedFilesystem(tmp.path());
  Outbox box(*rooted, "/outbox");
  REQUIRE(box.add("t1", resultOf("t1", 1)));
  REQUIRE(box.add("t1", resultOf("t1", 2)));
  CHECK(box.pending().size() == 1);
  CHECK(box.pending().at("t1") == resultOf("t1", 2));
  CHECK(slurp(tmp.path() / "outbox/t1.bin") == resultOf("t1", 2));
}

TEST_CASE(
    "a second outbox over the same directory (an agent restart) has the unacknowledged "
    "results") {
  cb::test::TempDir tmp;
  auto rooted = cb::os::makeRootedFilesystem(tmp.path());
  {
    Outbox first(*rooted, "/var/lib/agent/outbox");
    CHECK(first.load().loaded == 0);  // the directory does not exist yet
    REQUIRE(first.add("kept-1", resultOf("kept-1")));
    REQUIRE(first.add("acked", resultOf("acked")));
    REQUIRE(first.add("kept-2", resultOf("kept-2", 7)));
    REQUIRE(first.acknowledge("acked"));
  }

  Outbox second(*rooted, "/var/lib/agent/outbox");
  CHECK(second.pending().empty());  // nothing before load()
  auto report = second.load();
  CHECK(report.loaded == 2);
  CHECK(report.discarded.empty());
  CHECK(report.errors.empty());
  REQUIRE(second.pending().size() == 2);
  CHECK(second.pending().at("kept-1") == resultOf("kept-1"));
  CHECK(second.pending().at("kept-2") == resultOf("kept-2", 7));
  CHECK(second.pending().count("acked") == 0);

  // Acknowledged after the restart: gone for the third run too.
  REQUIRE(second.acknowledge("kept-1"));
  Outbox third(*rooted, "/var/lib/agent/outbox");
  CHECK(third.load().loaded == 1);
  CHECK(third.pending().count("kept-2") == 1);
}

TEST_CASE("corrupt or partial entries are discarded from disk; the good ones load") {
  cb::test::TempDir tmp;
  auto rooted = cb::os::makeRootedFilesystem(tmp.path());
  const fs::path dir = tmp.path() / "outbox";
  const std::string good = resultOf("good");
  put(dir / "good.bin", good);
  const std::string whole = resultOf("partial");
  put(dir / "partial.bin", whole.substr(0, whole.size() / 2 + 3));  // torn writes
  put(dir / "partial8.bin", whole.substr(0, (whole.size() / 2) & ~std::size_t{7}));
  put(dir / "empty.bin", "");
  put(dir / "garbage.bin", "this is not a capnp message at all, just text\n");
  // Well-formed envelopes that are not this task's result.
  put(dir / "renamed.bin", resultOf("someone-else"));
  put(dir / "hello.bin", cb::wire::buildEnvelope(1, [](cb::proto::Envelope::Body::Builder b) {
        b.initHello().setNodeId("n1");
      }));

  Outbox box(*rooted, "/outbox");
  auto report = box.load();
  CHECK(report.loaded == 1);
  CHECK(report.errors.empty());
  CHECK(report.discarded.size() == 6);
  REQUIRE(box.pending().size() == 1);
  CHECK(box.pending().at("good") == good);
  for (const char* name :
       {"partial.bin", "partial8.bin", "empty.bin", "garbage.bin", "renamed.bin", "hello.bin"}) {
    CAPTURE(name);
    CHECK_FALSE(fs::exists(dir / name));
  }
  CHECK(fs::exists(dir / "good.bin"));
  // Each discarded entry is named with the reason.
  CHECK(std::any_of(report.discarded.begin(), report.discarded.end(), [](const std::string& d) {
    return d.find("renamed.bin: the result of task someone-else") != std::string::npos;
  }));
  CHECK(std::any_of(report.discarded.begin(), report.discarded.end(), [](const std::string& d) {
    return d.find("hello.bin: a hello message, not a taskResult") != std::string::npos;
  }));
}

TEST_CASE("files that are not outbox entries are left alone and symlinks are not followed") {
  cb::test::TempDir tmp;
  auto rooted = cb::os::makeRootedFilesystem(tmp.path());
  const fs::path dir = tmp.path() / "outbox";
  put(dir / "t1.bin.tmp.4242", resultOf("t1"));     // an interrupted atomic write
  put(dir / "notes.txt", "operator notes\n");       // another name
  put(dir / "bad name.bin", resultOf("bad name"));  // not a task id
  put(tmp.path() / "elsewhere/t2.bin", resultOf("t2"));
  fs::create_symlink(tmp.path() / "elsewhere/t2.bin", dir / "t2.bin");
  fs::create_directories(dir / "t3.bin");

  Outbox box(*rooted, "/outbox");
  auto report = box.load();
  CHECK(report.loaded == 0);
  CHECK(report.discarded.empty());
  CHECK(report.errors.empty());
  CHECK(box.pending().empty());
  CHECK(entriesIn(dir) == 5);
  CHECK(fs::is_symlink(dir / "t2.bin"));
  CHECK(slurp(tmp.path() / "elsewhere/t2.bin") == resultOf("t2"));
}

TEST_CASE("an outbox whose directory is a symlink loads nothing through it") {
  cb::test::TempDir tmp;
  auto rooted = cb::os::makeRootedFilesystem(tmp.path());
  put(tmp.path() / "real/t1.bin", resultOf("t1"));
  fs::create_symlink(tmp.path() / "real", tmp.path() / "outbox");
  Outbox box(*rooted, "/outbox");
  auto report = box.load();
  CHECK(report.loaded == 0);
  CHECK(report.errors.size() == 1);
  CHECK(box.pending().empty());
  CHECK(fs::exists(tmp.path() / "real/t1.bin"));
}

TEST_CASE("without a directory results live in memory only; an unusable id is not a file name") {
  cb::test::TempDir tmp;
  auto rooted = cb::os::makeRootedFilesystem(tmp.path());
  Outbox memory(*rooted, "");
  REQUIRE(memory.add("t1", resultOf("t1")));
  CHECK(memory.pending().size() == 1);
  CHECK(entriesIn(tmp.path()) == 0);
  CHECK(memory.load().loaded == 0);
  REQUIRE(memory.acknowledge("t1"));
  CHECK(memory.pending().empty());

  Outbox box(*rooted, "/outbox");
  auto kept = box.add("../escape", resultOf("../escape"));
  CHECK_FALSE(kept);
  CHECK(box.pending().count("../escape") == 1);  // still sent while the agent runs
  CHECK_FALSE(fs::exists(tmp.path() / "escape.bin"));
  CHECK_FALSE(fs::exists(tmp.path() / "outbox"));
}

TEST_CASE("a failed write is reported and the result is still pending") {
  // A file where the directory should be: fails for root too (permissions would not).
  cb::test::TempDir tmp;
  auto rooted = cb::os::makeRootedFilesystem(tmp.path());
  put(tmp.path() / "outbox", "a file where the directory should be");
  Outbox box(*rooted, "/outbox");
  auto kept = box.add("t1", resultOf("t1"));
  CHECK_FALSE(kept);
  CHECK(box.pending().count("t1") == 1);
  auto report = box.load();
  CHECK(report.errors.size() == 1);
}
