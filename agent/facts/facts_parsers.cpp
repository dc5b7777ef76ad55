// The pure parsers declared in facts.hpp.
#include <charconv>
#include <limits>

#include "facts/facts.hpp"
#include "facts/root_files.hpp"
#include "facts/text_fields.hpp"

namespace cb::agent {
namespace {

/// One os-release value as the shell reads it: double quotes allow \-escapes, single quotes are
/// literal, unquoted text allows \-escapes and ends at the first blank.
std::string unquoteShellValue(std::string_view raw) {
  std::string out;
  char quote = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (quote == '\'') {
      if (c == '\'') {
        quote = 0;
      } else {
        out += c;
      }
    } else if (c == '\\' && i + 1 < raw.size()) {
      const char next = raw[i + 1];
      // Inside double quotes only $ ` " \ and newline are escapable; elsewhere everything is.
      if (quote == '"' && next != '$' && next != '`' && next != '"' && next != '\\') {
        out += c;
      } else {
        out += next;
        ++i;
      }
    } else if (quote == '"') {
      if (c == '"') {
        quote = 0;
      } else {
        out += c;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == ' ' || c == '\t') {
      break;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string parseCpuModel(std::string_view cpuinfo) {
  for (std::string_view key : {"model name", "Processor", "cpu model", "cpu", "uarch"}) {
    if (auto value = firstFieldValue(cpuinfo, key); value && !value->empty()) {
      return std::string(*value);
    }
  }
  return {};
}

std::uint32_t parseCpuCount(std::string_view cpuinfo) {
  const std::size_t n = countFieldLines(cpuinfo, "processor");
  return n > std::numeric_limits<std::uint32_t>::max() ? std::numeric_limits<std::uint32_t>::max()
                                                       : static_cast<std::uint32_t>(n);
}

std::uint64_t parseMemTotalBytes(std::string_view meminfo) {
  auto value = firstFieldValue(meminfo, "MemTotal");
  if (!value) return 0;
  std::uint64_t kib = 0;
  const char* end = value->data() + value->size();
  const auto [ptr, ec] = std::from_chars(value->data(), end, kib);
  if (ec != std::errc{} || trimBlanks(std::string_view(ptr, end - ptr)) != "kB") return 0;
  if (kib > std::numeric_limits<std::uint64_t>::max() / 1024) return 0;
  return kib * 1024;
}

std::string parseOsPrettyName(std::string_view osRelease) {
  constexpr std::string_view kKey = "PRETTY_NAME=";
  std::string pretty;
  while (!osRelease.empty()) {
    const auto eol = osRelease.find('\n');
    const std::string_view line = trimBlanks(osRelease.substr(0, eol));
    osRelease = eol == std::string_view::npos ? std::string_view{} : osRelease.substr(eol + 1);
    if (line.substr(0, kKey.size()) == kKey) pretty = unquoteShellValue(line.substr(kKey.size()));
  }
  return pretty;
}

}  // namespace cb::agent
