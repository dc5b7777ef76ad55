// The managed block in shared files: user lines kept, damaged blocks repaired, idempotent.
#include <doctest/doctest.h>

#include "config/managed_block.hpp"

using cb::agent::config::replaceManagedBlock;
using cb::agent::config::userLines;

namespace {

const std::string kBody = "192.168.0.1 master\n192.168.0.2 node02\n";
const std::string kBlock =
    "# BEGIN clusterbench\n192.168.0.1 master\n192.168.0.2 node02\n# END clusterbench\n";

/// Applying the edit again must change nothing and need no repair.
void checkStable(const std::string& text) {
  const auto again = replaceManagedBlock(text, kBody);
  CHECK(again.text == text);
  CHECK(again.notes.empty());
}

}  // namespace

TEST_CASE("a missing or empty file gets just the block") {
  const auto edit = replaceManagedBlock("", kBody);
  CHECK(edit.text == kBlock);
  CHECK(edit.notes.empty());
  checkStable(edit.text);
}

TEST_CASE("without a block, the block is appended after the user's lines") {
  const std::string user = "127.0.0.1 localhost\n# my note\n::1 ip6-localhost";
  const auto edit = replaceManagedBlock(user, kBody);
  CHECK(edit.text == user + "\n" + kBlock);
  CHECK(edit.notes.empty());
  checkStable(edit.text);
}

TEST_CASE("a stale block is replaced where it is, user lines around it untouched") {
  const std::string before = "127.0.0.1 localhost\n";
  const std::string after = "\n# The following lines are desirable for IPv6 capable hosts\n";
  const std::string stale = "# BEGIN clusterbench\n10.0.0.1 old\n# END clusterbench  \n";
  const auto edit = replaceManagedBlock(before + stale + after, kBody);
  CHECK(edit.text == before + kBlock + after);
  CHECK(edit.notes.empty());
  checkStable(edit.text);
}

TEST_CASE("an up-to-date block is left as it is") {
  const std::string text = "127.0.0.1 localhost\n" + kBlock + "::1 ip6-localhost\n";
  checkStable(text);
}

TEST_CASE("duplicate blocks: the first is replaced, the others removed") {
  const std::string text =
      "a\n" + kBlock + "b\n# BEGIN clusterbench\n10.0.0.9 x\n# END clusterbench\nc\n";
  const auto edit = replaceManagedBlock(text, kBody);
  CHECK(edit.text == "a\n" + kBlock + "b\nc\n");
  REQUIRE(edit.notes.size() == 1);
  CHECK(edit.notes[0] == "removed a duplicate clusterbench block at line 7");
  checkStable(edit.text);
}

TEST_CASE("an unterminated block keeps the lines after it as the user's") {
  const std::string text = "a\n# BEGIN clusterbench\n10.0.0.1 old\nuser line\n";
  const auto edit = replaceManagedBlock(text, kBody);
  CHECK(edit.text == "a\n" + kBlock + "10.0.0.1 old\nuser line\n");
  REQUIRE(edit.notes.size() == 1);
  CHECK(edit.notes[0].find("line 2 had no end marker") != std::string::npos);
  checkStable(edit.text);
}

TEST_CASE("further BEGIN markers after an unterminated one are dropped too") {
  const std::string text = "a\n# BEGIN clusterbench\nb\n# BEGIN clusterbench\nc\n";
  const auto edit = replaceManagedBlock(text, kBody);
  CHECK(edit.text == "a\n" + kBlock + "b\nc\n");
  checkStable(edit.text);
}

TEST_CASE("a stray end marker is dropped and the block appended") {
  const auto edit = replaceManagedBlock("a\n# END clusterbench\nb\n", kBody);
  CHECK(edit.text == "a\nb\n" + kBlock);
  REQUIRE(edit.notes.size() == 1);
  CHECK(edit.notes[0] == "removed a stray \"# END clusterbench\" at line 2");
  checkStable(edit.text);
}

TEST_CASE("a BEGIN inside a block is part of that block's old content") {
  const std::string text =
      "# BEGIN clusterbench\nx\n# BEGIN clusterbench\ny\n# END clusterbench\nz\n";
  const auto edit = replaceManagedBlock(text, kBody);
  CHECK(edit.text == kBlock + "z\n");
  CHECK(edit.notes.empty());
}

TEST_CASE("an empty body leaves an empty block") {
  const auto edit = replaceManagedBlock("a\n" + kBlock, "");
  CHECK(edit.text == "a\n# BEGIN clusterbench\n# END clusterbench\n");
}

TEST_CASE("userLines skips the blocks") {
  const std::string text = "a\n" + kBlock + "b # c\n";
  const auto lines = userLines(text);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] == "a");
  CHECK(lines[1] == "b # c");
}
