#pragma once
// Pure parsers for the iperf3 client's results, from `--json` output or from the plain text
// summary. Both give the same metrics where the format carries them:
//   sent_bits_per_second, received_bits_per_second (bit/s), retransmits (count; TCP sender),
//   cpu_utilization_host, cpu_utilization_remote (%; JSON always, text only with -V),
// each labelled direction=upload|download (download: -R, the server sends) and streams=N.
#include <string>

#include "bench/sample.hpp"
#include "util/result.hpp"

namespace cb::bench {

/// `iperf3 -c ... --json` output. Fails with iperf3's own message when the JSON has "error",
/// otherwise names the missing key.
Result<Samples> parseIperf3Json(const std::string& output);

/// Plain text client output: the [SUM] sender/receiver lines, or the single stream's lines with
/// -P 1. Fails with iperf3's message on "iperf3: error - ", otherwise names the missing line.
Result<Samples> parseIperf3Text(const std::string& output);

/// parseIperf3Json() when the output starts with '{' (after blanks), else parseIperf3Text().
Result<Samples> parseIperf3Client(const std::string& output);

}  // namespace cb::bench
