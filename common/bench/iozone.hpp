#pragma once
// iozone in auto mode (-a) with the Excel-style report (-R): file sizes from min to max (doubling),
// record sizes from min to max (doubling, never above the file size), on one file in the scratch
// directory. Every report table becomes samples: metric = table name in snake_case ("writer",
// "re_writer", "reader", "re_reader", "random_read", "random_write", "backward_read",
// "record_rewrite", "stride_read", "fwrite", "re_fwrite", "fread", "re_fread"), unit as iozone
// reports (kB/s, or ops/s with -O; an Excel part kept without iozone's header cannot say which:
// kB/s unless the parameters hold ops=1), labels file_size_kb and record_kb.
#include "bench/benchmark.hpp"

namespace cb::bench {

class Iozone : public Benchmark {
 public:
  std::string name() const override { return "iozone"; }
  std::string description() const override {
    return "iozone auto mode: file I/O throughput per file size and record size";
  }
  std::vector<ParamSpec> params() const override;
  std::chrono::milliseconds defaultTimeout() const override;
  /// `iozone -a -R -n <min>k -g <max>k -y <min>k -q <max>k [-i N…] -f iozone.tmp`. A minimum
  /// above its maximum is not caught here: iozone then measures nothing and parse() fails.
  std::vector<std::string> build(const Params& params) const override;
  bool recognizes(const std::string& output) const override;
  /// Reads every `"<Name> report"` table (the text may be the whole stdout or only the part from
  /// "Excel output is below:"). A cell printed as 0 is a record size iozone skipped and yields no
  /// sample. Truncation is an error: a row must have a value for every record size up to its file
  /// size, every table must have the same file sizes, and when the "Command line used:" line is
  /// present every table its -i tests produce must be there.
  Result<Samples> parse(const std::string& output, const Params& params) const override;
};

}  // namespace cb::bench
