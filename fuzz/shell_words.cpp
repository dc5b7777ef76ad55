// Fuzz target: wire::splitShellWords (MPI launch command lines). The input is split on NUL bytes
// into the argument words given to the splitter.
#include "wire/shell_words.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> words(1);
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == 0) {
      words.emplace_back();
    } else {
      words.back().push_back(static_cast<char>(data[i]));
    }
  }
  auto split = cb::wire::splitShellWords(words);
  // The words are one line joined by single spaces; quotes and escapes are removed, nothing
  // else is added: the split words never hold more bytes than that line.
  if (split) {
    std::size_t in = words.size() - 1;
    std::size_t out = 0;
    for (const auto& w : words) in += w.size();
    for (const auto& w : *split) out += w.size();
    cb::fuzz::require(out <= in, "split words are no longer than the input");
  }
  return 0;
}
