#pragma once
// Pure parser for the metrics table stress-ng (0.13 .. 0.15) prints with --metrics-brief, one line
// per message, each "stress-ng: <tag>: [<pid>] <text>" (tag "metrc" since 0.15, "info" before):
//   stress-ng: metrc: [13467] stressor       bogo ops real time  usr time  sys time   bogo ops/s
//   ... stress-ng: metrc: [13467]                           (secs)    (secs)    (secs)   (real
//   time) ... stress-ng: metrc: [13467] cpu                3429      3.00      2.00      0.01
//   1142.99 ... stress-ng: metrc: [13467] miscellaneous metrics: stress-ng: metrc: [13467] hdd 0.92
//   MB/sec write rate (geometic mean of ...)
// Several processes writing to one file (mpirun -np N stress-ng ... 2>&1 | tee FILE) interleave
// their lines; the pid keeps each process's report apart.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "bench/sample.hpp"
#include "util/result.hpp"

namespace cb::bench {

/// The lines of one stress-ng process inside a text, in order.
struct StressNgTextReport {
  std::string pid;
  std::size_t line = 0;  // 1-based line of the process's first message in the whole text
  std::string text;      // that process's message lines only, each ending in '\n'
  std::vector<std::string> stressors;  // rows of its metrics table, in order
};

/// True when `text` holds at least one stress-ng message line.
bool looksLikeStressNgText(std::string_view text);

/// One entry per process (pid) that printed a message, in order of its first line. An error when
/// a process printed no metrics table (it failed, or ran without --metrics-brief): the error names
/// the pid and the line of its first message. Other text (headers, mpirun notices) is ignored.
Result<std::vector<StressNgTextReport>> splitStressNgText(std::string_view text);

/// Samples of every stressor row of the one process in `text`, labelled stressor=<name>, with the
/// metric names and units of parseStressNgYaml(): bogo_ops (bogo ops), real_time, usr_time,
/// sys_time (s), bogo_ops_per_second_real and bogo_ops_per_second_usr_sys (bogo ops/s); and the
/// hdd stressor's "miscellaneous metrics" read/write/read-write combined rate -> read_rate /
/// write_rate / readwrite_rate (MB/s). Columns after the sixth figure and other miscellaneous
/// metrics are not read. Errors: no metrics table, a row without six figures (quoted), or the
/// lines of more than one process (split them with splitStressNgText() first). Never throws.
Result<Samples> parseStressNgText(std::string_view text);

}  // namespace cb::bench
