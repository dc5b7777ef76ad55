#pragma once
// What every fuzz target shares: the libFuzzer entry point's signature, the input as text and a
// check that holds in release builds too. A target's contract (checked by libFuzzer and by the
// regression replay, fuzz/replay_main.cpp): any byte string is handled without a crash, a
// sanitizer report or an exception leaving the entry point; decoders report bad input as error
// values.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace cb::fuzz {

inline std::string text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

/// Aborts (a finding) when a property of the code under test does not hold; unlike assert()
/// it is not compiled out of the release build that replays the corpora.
inline void require(bool holds, const char* what) {
  if (holds) return;
  std::fprintf(stderr, "fuzz property violated: %s\n", what);
  std::abort();
}

}  // namespace cb::fuzz
