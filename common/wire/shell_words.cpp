#include "wire/shell_words.hpp"

namespace cb::wire {

Result<std::vector<std::string>> splitShellWords(const std::vector<std::string>& words) {
  std::string line;
  for (const auto& w : words) line += (line.empty() ? "" : " ") + w;
  std::vector<std::string> out;
  std::string cur;
  bool inWord = false;
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote) {
      if (c == quote) {
        quote = 0;
      } else if (c == '\\' && quote == '"' && i + 1 < line.size() &&
                 (line[i + 1] == '"' || line[i + 1] == '\\')) {
        cur += line[++i];
      } else {
        cur += c;
      }
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n') {
      if (inWord) out.push_back(cur);
      cur.clear();
      inWord = false;
      continue;
    }
    inWord = true;
    if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '\\' && i + 1 < line.size()) {
      cur += line[++i];
    } else if (std::string(";|&<>`$()").find(c) != std::string::npos) {
      return fail(std::string("unquoted '") + c + "' needs a shell; refused");
    } else {
      cur += c;
    }
  }
  if (quote) return fail("unterminated quote");
  if (inWord) out.push_back(cur);
  if (out.empty()) return fail("empty command");
  return out;
}

}  // namespace cb::wire
