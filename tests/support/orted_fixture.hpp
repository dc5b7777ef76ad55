#pragma once
// The orted launches recorded from a real mpirun (tests/data/mpi, see tests/data/README.md).
#include <doctest/doctest.h>

#include <fstream>
#include <string>
#include <vector>

#include "wire/shell_words.hpp"

namespace cb::test {

struct RecordedLaunch {
  std::string host;                // the launcher's first argument
  std::vector<std::string> words;  // the command words as received (quotes kept)
  std::vector<std::string> argv;   // the words split without a shell
};

/// tests/data/mpi/<name>: one word a line, the host first.
inline RecordedLaunch recordedLaunch(const std::string& name) {
  std::ifstream in(std::string(CB_TEST_DATA) + "/mpi/" + name);
  REQUIRE_MESSAGE(in, "missing fixture " << name);
  RecordedLaunch out;
  std::getline(in, out.host);
  for (std::string line; std::getline(in, line);) out.words.push_back(line);
  auto argv = wire::splitShellWords(out.words);
  REQUIRE_MESSAGE(argv, argv.error());
  out.argv = *argv;
  return out;
}

/// `argv` with the value after MCA key `key` replaced.
inline std::vector<std::string> withMcaValue(std::vector<std::string> argv, const std::string& key,
                                             const std::string& value) {
  for (std::size_t i = 1; i + 1 < argv.size(); ++i) {
    if (argv[i] == key) argv[i + 1] = value;
  }
  return argv;
}

}  // namespace cb::test
