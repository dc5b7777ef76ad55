#pragma once
// Test support: a blocking HTTP/1.0 GET on loopback and a child process fed on stdin
// (e.g. a scrape piped into `promtool check metrics`). Failures are doctest REQUIRE failures.
#include <string>
#include <vector>

namespace cb::test {

/// Body of a 200 response to GET "http://127.0.0.1:PORT/path".
std::string httpGet(const std::string& url);

struct ChildResult {
  int exitCode = -1;
  std::string output;  // stdout and stderr interleaved
};

/// Runs argv with `input` on its stdin and collects stdout+stderr.
ChildResult runWithInput(const std::vector<std::string>& argv, const std::string& input);

}  // namespace cb::test
