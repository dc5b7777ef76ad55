// unifiedDiff against GNU diff's own `diff -u` output on the same texts.
#include <doctest/doctest.h>

#include <fstream>

#include "config/unified_diff.hpp"
#include "support/process.hpp"

using cb::agent::config::unifiedDiff;

namespace {

/// `diff -u` of the two texts with both sides labelled `label` (the real tool).
std::string gnuDiff(const std::string& oldText, const std::string& newText,
                    const std::string& label) {
  cb::test::TempDir dir;
  const auto a = dir.path() / "a";
  const auto b = dir.path() / "b";
  std::ofstream(a, std::ios::binary) << oldText;
  std::ofstream(b, std::ios::binary) << newText;
  auto result =
      cb::test::run({"diff", "-u", "--label", label, "--label", label, a.string(), b.string()});
  REQUIRE(result.exitCode <= 1);
  return result.out;
}

std::string numbered(int from, int to) {
  std::string out;
  for (int i = from; i <= to; ++i) out += "line " + std::to_string(i) + "\n";
  return out;
}

}  // namespace

TEST_CASE("unifiedDiff prints what diff -u prints") {
  struct Case {
    const char* name;
    std::string oldText;
    std::string newText;
  };
  const std::string hosts =
      "127.0.0.1 localhost\n127.0.1.1 template\n\n# IPv6\n::1 ip6-localhost\n";
  const std::vector<Case> cases{
      {"append a block", hosts,
       hosts + "# BEGIN clusterbench\n192.168.0.1 master\n# END clusterbench\n"},
      {"change in the middle", numbered(1, 20), numbered(1, 9) + "changed 10\n" + numbered(11, 20)},
      {"changes 6 lines apart share a hunk", numbered(1, 20),
       numbered(1, 4) + "x5\n" + numbered(6, 11) + "x12\n" + numbered(13, 20)},
      {"changes 7 lines apart get two hunks", numbered(1, 30),
       numbered(1, 4) + "x5\n" + numbered(6, 12) + "x13\n" + numbered(14, 30)},
      {"deletion at the start", numbered(1, 10), numbered(3, 10)},
      {"insertion at the end", numbered(1, 10), numbered(1, 12)},
      {"everything replaced", "a\nb\n", "c\nd\ne\n"},
      {"old side lacks the final newline", "a\nb\nc", "a\nb\nc\n"},
      {"new side lacks the final newline", "a\nb\nc\n", "a\nB\nc"},
      {"to empty", "a\nb\n", ""},
      {"from empty", "", "x\n"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    CHECK(unifiedDiff("/etc/hosts", c.oldText, c.newText) ==
          gnuDiff(c.oldText, c.newText, "/etc/hosts"));
  }
}

TEST_CASE("unifiedDiff of a file that does not exist yet") {
  const std::string diff = unifiedDiff("/etc/exports", std::nullopt, "/shared a(rw)\nx\n");
  CHECK(diff ==
        "--- /dev/null\n"
        "+++ /etc/exports\n"
        "@@ -0,0 +1,2 @@\n"
        "+/shared a(rw)\n"
        "+x\n");
  // An empty new file differs from a missing one, with no hunk to show.
  CHECK(unifiedDiff("/etc/x", std::nullopt, "") == "--- /dev/null\n+++ /etc/x\n");
  CHECK(unifiedDiff("/etc/x", "a\n", std::nullopt) ==
        "--- /etc/x\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n");
}

TEST_CASE("unifiedDiff of equal texts is empty") {
  CHECK(unifiedDiff("/etc/hosts", std::string("a\n"), std::string("a\n")).empty());
  CHECK(unifiedDiff("/etc/hosts", std::nullopt, std::nullopt).empty());
}

TEST_CASE("unifiedDiff stays correct on large and very different texts") {
  std::string a, b;
  for (int i = 0; i < 3000; ++i) {
    a += "a" + std::to_string(i) + "\n";
    b += "b" + std::to_string(i) + "\n";
  }
  const std::string diff = unifiedDiff("/f", a, b);
  CHECK(diff.rfind("--- /f\n+++ /f\n@@ -1,3000 +1,3000 @@\n-a0\n", 0) == 0);
  CHECK(diff == gnuDiff(a, b, "/f"));
}
