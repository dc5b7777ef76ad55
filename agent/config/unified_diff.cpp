#include "config/unified_diff.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

namespace cb::agent::config {
namespace {

/// Lines with their '\n' (the last one may lack it), so "a" and "a\n" differ as in diff(1).
std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    const auto len = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(0, len));
    text.remove_prefix(len);
  }
  return lines;
}

enum class OpKind { kEqual, kDelete, kInsert };
struct Op {
  OpKind kind;
  std::size_t oldIndex;  // valid for kEqual and kDelete
  std::size_t newIndex;  // valid for kEqual and kInsert
};

/// Beyond this many differing lines the middle part is shown as removed then added whole,
/// which keeps the Myers trace (quadratic in the edit distance) small.
constexpr long kMaxEditDistance = 1000;

/// Myers' O(ND) shortest edit script between a[lo..] and b[lo..] ranges given as spans.
std::vector<Op> myers(const std::vector<std::string_view>& a,
                      const std::vector<std::string_view>& b, std::size_t aBegin, std::size_t aEnd,
                      std::size_t bBegin, std::size_t bEnd) {
  const long n = static_cast<long>(aEnd - aBegin);
  const long m = static_cast<long>(bEnd - bBegin);
  const long maxD = std::min(n + m, kMaxEditDistance);
  std::vector<std::vector<long>> trace;  // trace[d][k + d] = furthest x on diagonal k after step d
  std::vector<long> v(2 * static_cast<std::size_t>(maxD) + 3, 0);
  const long off = maxD + 1;
  long found = -1;
  for (long d = 0; d <= maxD && found < 0; ++d) {
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1]
                                                                        : v[off + k - 1] + 1;
      long y = x - k;
      while (x < n && y < m && a[aBegin + x] == b[bBegin + y]) ++x, ++y;
      v[off + k] = x;
      if (x >= n && y >= m) found = d;
    }
    trace.emplace_back(v.begin() + (off - d), v.begin() + (off + d + 1));
  }
  std::vector<Op> ops;
  if (found < 0) {
    for (long i = 0; i < n; ++i) ops.push_back({OpKind::kDelete, aBegin + i, 0});
    for (long j = 0; j < m; ++j) ops.push_back({OpKind::kInsert, 0, bBegin + j});
    return ops;
  }
  long x = n, y = m;
  for (long d = found; d >= 0; --d) {
    const long k = x - y;
    long prevX = 0, prevY = 0;
    if (d > 0) {
      const auto& prev = trace[static_cast<std::size_t>(d - 1)];
      auto at = [&](long kk) { return prev[static_cast<std::size_t>(kk + d - 1)]; };
      const long prevK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1;
      prevX = at(prevK);
      prevY = prevX - prevK;
    }
    while (x > prevX && y > prevY) {
      --x, --y;
      ops.push_back({OpKind::kEqual, aBegin + x, bBegin + y});
    }
    if (d > 0) {
      if (x == prevX) {
        ops.push_back({OpKind::kInsert, 0, bBegin + --y});
      } else {
        ops.push_back({OpKind::kDelete, aBegin + --x, 0});
      }
    }
  }
  std::reverse(ops.begin(), ops.end());
  return ops;
}

/// Equal common prefix and suffix around a Myers script of the middle, with every run of
/// changes reordered to removals first, as diff(1) prints them.
std::vector<Op> editScript(const std::vector<std::string_view>& a,
                           const std::vector<std::string_view>& b) {
  std::size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  std::size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre &&
         a[a.size() - 1 - suf] == b[b.size() - 1 - suf]) {
    ++suf;
  }
  std::vector<Op> ops;
  for (std::size_t i = 0; i < pre; ++i) ops.push_back({OpKind::kEqual, i, i});
  for (const Op& op : myers(a, b, pre, a.size() - suf, pre, b.size() - suf)) ops.push_back(op);
  for (std::size_t i = 0; i < suf; ++i) {
    ops.push_back({OpKind::kEqual, a.size() - suf + i, b.size() - suf + i});
  }
  for (std::size_t i = 0; i < ops.size();) {
    if (ops[i].kind == OpKind::kEqual) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < ops.size() && ops[j].kind != OpKind::kEqual) ++j;
    std::stable_partition(ops.begin() + static_cast<long>(i), ops.begin() + static_cast<long>(j),
                          [](const Op& op) { return op.kind == OpKind::kDelete; });
    i = j;
  }
  return ops;
}

void appendLine(std::string& out, char prefix, std::string_view line) {
  out += prefix;
  if (!line.empty() && line.back() == '\n') {
    out.append(line);
  } else {
    out.append(line);
    out += "\n\\ No newline at end of file\n";
  }
}

std::string range(std::size_t start, std::size_t count) {
  // diff(1): an empty range names the line before it; a single line omits the count.
  if (count == 0) return std::to_string(start) + ",0";
  if (count == 1) return std::to_string(start + 1);
  return std::to_string(start + 1) + "," + std::to_string(count);
}

}  // namespace

std::string unifiedDiff(const std::string& path, const std::optional<std::string>& oldText,
                        const std::optional<std::string>& newText) {
  if (oldText == newText) return {};
  const auto a = splitLines(oldText ? std::string_view(*oldText) : std::string_view());
  const auto b = splitLines(newText ? std::string_view(*newText) : std::string_view());
  const auto ops = editScript(a, b);

  std::string out;
  out += "--- " + (oldText ? path : std::string("/dev/null")) + "\n";
  out += "+++ " + (newText ? path : std::string("/dev/null")) + "\n";

  // Positions (in lines) of each side before op i.
  std::vector<std::size_t> oldPos(ops.size() + 1, 0), newPos(ops.size() + 1, 0);
  for (std::size_t i = 0; i < ops.size(); ++i) {
    oldPos[i + 1] = oldPos[i] + (ops[i].kind != OpKind::kInsert ? 1 : 0);
    newPos[i + 1] = newPos[i] + (ops[i].kind != OpKind::kDelete ? 1 : 0);
  }
  const std::size_t context = kDiffContextLines;
  std::size_t i = 0;
  while (i < ops.size()) {
    while (i < ops.size() && ops[i].kind == OpKind::kEqual) ++i;
    if (i == ops.size()) break;
    const std::size_t first = i;
    std::size_t last = i;
    // Extend over changes separated by at most 2 * context equal lines.
    for (std::size_t j = i + 1; j < ops.size(); ++j) {
      if (ops[j].kind == OpKind::kEqual) {
        if (j - last > 2 * context) break;
        continue;
      }
      last = j;
    }
    const std::size_t begin = first >= context ? first - context : 0;
    const std::size_t end = std::min(ops.size(), last + 1 + context);
    out += "@@ -" + range(oldPos[begin], oldPos[end] - oldPos[begin]) + " +" +
           range(newPos[begin], newPos[end] - newPos[begin]) + " @@\n";
    for (std::size_t k = begin; k < end; ++k) {
      switch (ops[k].kind) {
        case OpKind::kEqual:
          appendLine(out, ' ', a[ops[k].oldIndex]);
          break;
        case OpKind::kDelete:
          appendLine(out, '-', a[ops[k].oldIndex]);
          break;
        case OpKind::kInsert:
          appendLine(out, '+', b[ops[k].newIndex]);
          break;
      }
    }
    i = end;
  }
  return out;
}

}  // namespace cb::agent::config
