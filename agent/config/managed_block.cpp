#include "config/managed_block.hpp"

#include <optional>

namespace cb::agent::config {
namespace {

struct Line {
  std::string_view text;  // with its '\n' when it has one
  std::size_t number;     // 1-based
};

std::vector<Line> splitLines(std::string_view text) {
  std::vector<Line> lines;
  std::size_t number = 1;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const auto len = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back({text.substr(0, len), number++});
    text.remove_prefix(len);
  }
  return lines;
}

bool isMarker(std::string_view line, std::string_view marker) {
  const auto end = line.find_last_not_of(" \t\r\n");
  return end != std::string_view::npos && line.substr(0, end + 1) == marker;
}

/// [begin, end] line indexes of the well-formed blocks, plus stray markers.
struct Layout {
  struct Block {
    std::size_t begin;
    std::size_t end;
  };
  std::vector<Block> blocks;
  std::vector<std::size_t> strayEnds;
  std::optional<std::size_t> unterminatedBegin;
  std::vector<std::size_t> beginsAfterUnterminated;  // further BEGINs in the unterminated part
};

Layout scan(const std::vector<Line>& lines) {
  Layout layout;
  std::optional<std::size_t> open;
  std::vector<std::size_t> nestedBegins;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (isMarker(lines[i].text, kBlockBegin)) {
      // A BEGIN inside an open block belongs to that block's (stale) content.
      if (open) {
        nestedBegins.push_back(i);
      } else {
        open = i;
      }
    } else if (isMarker(lines[i].text, kBlockEnd)) {
      if (open) {
        layout.blocks.push_back({*open, i});
        open.reset();
        nestedBegins.clear();
      } else {
        layout.strayEnds.push_back(i);
      }
    }
  }
  layout.unterminatedBegin = open;
  layout.beginsAfterUnterminated = std::move(nestedBegins);
  return layout;
}

std::string renderBlock(std::string_view body) {
  std::string out;
  out += kBlockBegin;
  out += '\n';
  out += body;
  if (!body.empty() && body.back() != '\n') out += '\n';
  out += kBlockEnd;
  out += '\n';
  return out;
}

}  // namespace

BlockEdit replaceManagedBlock(std::string_view current, std::string_view body) {
  const auto lines = splitLines(current);
  const Layout layout = scan(lines);
  const std::string block = renderBlock(body);
  BlockEdit edit;

  // Which lines are dropped, and where the block goes (before line `insertAt`).
  std::vector<bool> drop(lines.size(), false);
  std::optional<std::size_t> insertAt;
  for (std::size_t b = 0; b < layout.blocks.size(); ++b) {
    for (std::size_t i = layout.blocks[b].begin; i <= layout.blocks[b].end; ++i) drop[i] = true;
    if (b == 0) {
      insertAt = layout.blocks[b].begin;
    } else {
      edit.notes.push_back("removed a duplicate clusterbench block at line " +
                           std::to_string(lines[layout.blocks[b].begin].number));
    }
  }
  for (std::size_t i : layout.strayEnds) {
    drop[i] = true;
    edit.notes.push_back("removed a stray \"" + std::string(kBlockEnd) + "\" at line " +
                         std::to_string(lines[i].number));
  }
  if (layout.unterminatedBegin) {
    const std::size_t i = *layout.unterminatedBegin;
    drop[i] = true;
    for (std::size_t j : layout.beginsAfterUnterminated) drop[j] = true;
    if (!insertAt) insertAt = i;
    edit.notes.push_back("\"" + std::string(kBlockBegin) + "\" at line " +
                         std::to_string(lines[i].number) +
                         " had no end marker: the lines after it were kept as user lines");
  }

  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (insertAt && *insertAt == i) {
      if (!edit.text.empty() && edit.text.back() != '\n') edit.text += '\n';
      edit.text += block;
    }
    if (!drop[i]) edit.text.append(lines[i].text);
  }
  if (!insertAt) {
    if (!edit.text.empty() && edit.text.back() != '\n') edit.text += '\n';
    edit.text += block;
  }
  return edit;
}

std::vector<std::string_view> userLines(std::string_view text) {
  const auto lines = splitLines(text);
  const Layout layout = scan(lines);
  std::vector<bool> inBlock(lines.size(), false);
  for (const auto& b : layout.blocks) {
    for (std::size_t i = b.begin; i <= b.end; ++i) inBlock[i] = true;
  }
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (inBlock[i]) continue;
    std::string_view line = lines[i].text;
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    out.push_back(line);
  }
  return out;
}

}  // namespace cb::agent::config
