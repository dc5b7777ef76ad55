#pragma once
// Internal to the suite parser: located diagnostics and strict readers of yaml-cpp nodes.
// Readers never throw; on a problem they record one diagnostic and return std::nullopt.
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cb::spec::detail {

/// Problems found in one file, reported as `<file>:<line>: <field>: <message>` sorted by line
/// (stable, so same-line problems keep the order they were found in).
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}
  void add(int line, const std::string& field, const std::string& message);
  bool empty() const { return entries_.empty(); }
  /// All problems, one per line, no trailing newline.
  std::string joined() const;

 private:
  std::string file_;
  std::vector<std::pair<int, std::string>> entries_;
};

/// One key of a map: its value and the 1-based line of the key.
struct Entry {
  YAML::Node value;
  int line = 0;
};
using Entries = std::map<std::string, Entry>;

/// Levenshtein distance (bytes).
std::size_t editDistance(std::string_view a, std::string_view b);
/// " (did you mean X?)" for the closest candidate within a small distance, else "".
std::string didYouMean(const std::string& word, const std::vector<std::string>& candidates);
/// "a, b, c".
std::string joinWords(const std::vector<std::string>& words, const std::string& separator);

/// 1-based line of `node`, or `fallback` when it has no mark or is null (yaml-cpp marks an
/// implicit null at the token after it).
int lineOf(const YAML::Node& node, int fallback);
/// "a map", "a list", "'text'" or "nothing": what a value is, for "expected X, got Y".
std::string describe(const YAML::Node& node);
/// "path.key", or "key" at the root.
std::string fieldPath(const std::string& path, const std::string& key);

/// Keys of a map. Non-scalar keys, duplicates and (when `allowed` is given) keys not in it are
/// reported and left out; std::nullopt only when the node is not a map (a null node reads as an
/// empty map). `what` completes "expected a map of ...".
std::optional<Entries> readMap(Diagnostics& d, const YAML::Node& node, int line,
                               const std::string& path, const std::string& what,
                               const std::vector<std::string>* allowed);
/// A scalar as text; `what` completes "expected ...".
std::optional<std::string> readScalar(Diagnostics& d, const Entry& e, const std::string& field,
                                      const std::string& what);
/// A decimal integer in [min, max].
std::optional<std::int64_t> readInt(Diagnostics& d, const Entry& e, const std::string& field,
                                    std::int64_t min, std::int64_t max);
/// A finite decimal number (integer, fraction or exponent form, optional sign).
std::optional<double> readReal(Diagnostics& d, const Entry& e, const std::string& field);
/// One of `choices`.
std::optional<std::string> readChoice(Diagnostics& d, const Entry& e, const std::string& field,
                                      const std::vector<std::string>& choices);

/// A decimal integer, whole text, optional leading '-'.
std::optional<std::int64_t> parseDecimal(std::string_view text);
/// A finite number, whole text: optional sign, digits with an optional fraction and exponent
/// (no hex, inf or nan).
std::optional<double> parseReal(std::string_view text);
/// The text validateParams() expects for a parameter value: a plain YAML integer (decimal with
/// optional sign, 0x hex, 0o octal) as plain decimal, any other scalar unchanged.
std::string paramText(const YAML::Node& scalar);

}  // namespace cb::spec::detail
