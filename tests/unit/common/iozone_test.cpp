// iozone: command builder and parser on -a -R outputs captured from iozone 3.489 here
// (tests/data/iozone).
#include <doctest/doctest.h>

#include <set>

#include "bench/fio.hpp"
#include "bench/iozone.hpp"
#include "os/atomic_file.hpp"

namespace {

/// The error of a failed result, "" otherwise (doctest -s stringifies messages of passing checks).
template <typename T>
std::string why(const cb::Result<T>& r) {
  return r ? std::string() : r.error();
}

std::string fixture(const std::string& name) {
  return *cb::os::readFile(std::string(CB_TEST_DATA) + "/iozone/" + name);
}

cb::bench::Samples parsed(const std::string& name) {
  auto s = cb::bench::Iozone{}.parse(fixture(name), {});
  REQUIRE_MESSAGE(s, why(s));
  return *s;
}

/// Number of samples with this metric, file size and record size.
int count(const cb::bench::Samples& s, const std::string& metric, int fileKb, int recordKb) {
  int n = 0;
  for (const auto& x : s) {
    n += x.metric == metric && x.labels.at("file_size_kb") == std::to_string(fileKb) &&
         x.labels.at("record_kb") == std::to_string(recordKb);
  }
  return n;
}

double value(const cb::bench::Samples& s, const std::string& metric, int fileKb, int recordKb) {
  REQUIRE_MESSAGE(count(s, metric, fileKb, recordKb) == 1,
                  metric << " " << fileKb << "/" << recordKb);
  for (const auto& x : s) {
    if (x.metric == metric && x.labels.at("file_size_kb") == std::to_string(fileKb) &&
        x.labels.at("record_kb") == std::to_string(recordKb)) {
      return x.value;
    }
  }
  return 0;
}

std::set<std::string> metrics(const cb::bench::Samples& s) {
  std::set<std::string> out;
  for (const auto& x : s) out.insert(x.metric);
  return out;
}

const std::set<std::string> kAllTables = {
    "writer",       "re_writer",     "reader",         "re_reader",   "random_read",
    "random_write", "backward_read", "record_rewrite", "stride_read", "fwrite",
    "re_fwrite",    "fread",         "re_fread"};

}  // namespace

TEST_CASE("iozone parses all 13 tables of a full auto run (-n 64k -g 1m -y 4k -q 64k)") {
  auto s = parsed("auto_all_n64k_g1m_y4k_q64k.txt");
  CHECK(s.size() == 13 * 5 * 5);  // tables x file sizes (64..1024) x record sizes (4..64)
  CHECK(metrics(s) == kAllTables);
  for (const auto& m : kAllTables) {
    for (int file : {64, 128, 256, 512, 1024}) {
      for (int rec : {4, 8, 16, 32, 64}) CHECK_MESSAGE(count(s, m, file, rec) == 1, m);
    }
  }
  CHECK(value(s, "writer", 64, 4) == 1452528);
  CHECK(value(s, "writer", 128, 64) == 4759253);
  CHECK(value(s, "re_reader", 64, 64) == 64000000);
  CHECK(value(s, "backward_read", 128, 64) == 7476717);
  CHECK(value(s, "stride_read", 128, 16) == 18012359);
  CHECK(value(s, "re_fread", 1024, 64) == 23240448);
  for (const auto& x : s) CHECK(x.unit == "kB/s");
  CHECK(s.front().labels ==
        std::map<std::string, std::string>{{"file_size_kb", "64"}, {"record_kb", "4"}});
}

TEST_CASE("iozone parses the -i 0 -i 1 -i 2 subset") {
  auto s = parsed("auto_i012_n64k_g1m_y4k_q64k.txt");
  CHECK(s.size() == 6 * 5 * 5);
  CHECK(metrics(s) == std::set<std::string>{"writer", "re_writer", "reader", "re_reader",
                                            "random_read", "random_write"});
  CHECK(value(s, "writer", 64, 4) == 1599680);
  CHECK(value(s, "re_reader", 128, 8) == 14586625);
  CHECK(value(s, "random_write", 1024, 64) == 15240881);
}

TEST_CASE("iozone rows stop at records larger than the file") {
  auto s = parsed("auto_i01_records_above_file_size.txt");
  CHECK(s.size() == 4 * (3 + 4 + 5));  // files 64/128/256 test records 16.. up to the file size
  CHECK(value(s, "writer", 64, 64) == 3363612);
  CHECK(count(s, "writer", 64, 128) == 0);
  CHECK(value(s, "writer", 128, 128) == 3982553);
  CHECK(count(s, "writer", 128, 256) == 0);
  CHECK(value(s, "re_reader", 64, 64) == 64000000);
}

TEST_CASE("iozone cells printed as 0 (record sizes skipped for a large file) yield no sample") {
  auto s = parsed("auto_i0_64m_default_records_skipped.txt");
  CHECK(s.size() == 2 * 9);  // records 4..32 skipped, 64..16384 measured
  for (int rec : {4, 8, 16, 32}) CHECK(count(s, "writer", 65536, rec) == 0);
  CHECK(value(s, "writer", 65536, 64) == 3717288);
  CHECK(value(s, "writer", 65536, 16384) == 3296419);
}

TEST_CASE("iozone -O output is in ops/s") {
  auto s = parsed("auto_ops_mode_i0.txt");
  CHECK(s.size() == 2 * 2 * 2);
  CHECK(value(s, "writer", 64, 4) == 188610);
  for (const auto& x : s) CHECK(x.unit == "ops/s");
}

TEST_CASE("iozone parses the Excel part alone, as the seed study's awk kept it") {
  auto full = fixture("auto_all_n64k_g1m_y4k_q64k.txt");
  auto excel = full.substr(full.find("Excel output is below:"));
  cb::bench::Iozone b;
  CHECK(b.recognizes(excel));
  auto s = b.parse(excel, {});
  REQUIRE_MESSAGE(s, why(s));
  CHECK(s->size() == 13 * 5 * 5);
  CHECK(value(*s, "writer", 64, 4) == 1452528);
}

TEST_CASE("iozone rejects garbage, truncated and empty output, naming what is missing") {
  cb::bench::Iozone b;
  auto garbage = b.parse("iozone: command not found\n", {});
  REQUIRE_FALSE(garbage);
  CHECK(garbage.error().find("no report table") != std::string::npos);

  auto full = fixture("auto_all_n64k_g1m_y4k_q64k.txt");
  // Cuts the output at the first `marker` from the last table ("Re-Fread report") on.
  auto cutAt = [&](const std::string& marker) {
    auto at = full.find(marker, full.find("\"Re-Fread report\""));
    REQUIRE(at != std::string::npos);
    return b.parse(full.substr(0, at), {});
  };
  auto midRow = cutAt("  17056672");  // inside the last row of "Re-Fread report"
  REQUIRE_FALSE(midRow);
  CHECK(midRow.error() ==
        "iozone 'Re-Fread report' row for file size 1024 kB has 2 of 5 values (truncated?)");
  auto missingRows = cutAt("\"512\"   11943357");
  REQUIRE_FALSE(missingRows);
  CHECK(missingRows.error().find("'Re-Fread report' table has 3 file-size rows where "
                                 "'Writer report' has 5") != std::string::npos);
  auto noHeader = cutAt("        \"4\"  \"8\"  \"16\"  \"32\"  \"64\"\n\"64\"   12310336");
  REQUIRE_FALSE(noHeader);
  CHECK(noHeader.error().find("'Re-Fread report' table has no") != std::string::npos);
  auto missingTable = cutAt("\"Re-Fread report\"");
  REQUIRE_FALSE(missingTable);
  CHECK(missingTable.error() == "iozone output has no 're_fread' report table (truncated?)");

  auto empty = b.parse(fixture("auto_min_file_above_max_empty.txt"), {});
  REQUIRE_FALSE(empty);
  CHECK(empty.error().find("no measured value") != std::string::npos);
}

TEST_CASE("iozone recognizes its own outputs only") {
  cb::bench::Iozone iozone;
  cb::bench::Fio fio;
  for (const char* f : {"auto_all_n64k_g1m_y4k_q64k.txt", "auto_i012_n64k_g1m_y4k_q64k.txt",
                        "auto_i01_records_above_file_size.txt",
                        "auto_i0_64m_default_records_skipped.txt", "auto_ops_mode_i0.txt"}) {
    CHECK_MESSAGE(iozone.recognizes(fixture(f)), f);
    CHECK_MESSAGE(!fio.recognizes(fixture(f)), f);
  }
  for (const char* f : {"../sysbench_cpu_t2.txt", "../sysbench_cpu_t1_p20000.txt",
                        "../fio/read_psync.json", "../fio/randwrite_psync_iodepth_note.txt"}) {
    CHECK_MESSAGE(!iozone.recognizes(fixture(f)), f);
  }
}

TEST_CASE("iozone builds argv from validated parameters") {
  cb::bench::Iozone b;
  auto defaults = cb::bench::validateParams(b.params(), {});
  REQUIRE(defaults);
  // The seed study's range: files from 32 MiB (iozone's default max 512 MiB), records from 64k.
  CHECK(b.build(*defaults) == std::vector<std::string>{"iozone", "-a", "-R", "-n", "32768k", "-g",
                                                       "524288k", "-y", "64k", "-q", "16384k", "-f",
                                                       "iozone.tmp"});
  auto p = cb::bench::validateParams(b.params(), {{"min-file-kb", "64"},
                                                  {"max-file-kb", "1024"},
                                                  {"min-record-kb", "4"},
                                                  {"max-record-kb", "64"},
                                                  {"tests", "0,1,2"},
                                                  {"ops", "1"}});
  REQUIRE_MESSAGE(p, why(p));
  CHECK(b.build(*p) == std::vector<std::string>{"iozone", "-a",  "-R",    "-O", "-n",
                                                "64k",    "-g",  "1024k", "-y", "4k",
                                                "-q",     "64k", "-i",    "0",  "-i",
                                                "1",      "-i",  "2",     "-f", "iozone.tmp"});
  auto inv = b.invocation(*p);
  REQUIRE(inv.steps.size() == 1);
  CHECK(inv.steps[0].argv.front() == "iozone");
  CHECK_FALSE(inv.needsRoot);
}

TEST_CASE("iozone rejects bad parameters") {
  cb::bench::Iozone b;
  auto bad = [&](const std::string& k, const std::string& v) {
    auto r = cb::bench::validateParams(b.params(), {{k, v}});
    REQUIRE_FALSE_MESSAGE(r, k << "=" << v);
    CHECK(r.error().find("'" + k + "'") != std::string::npos);
  };
  bad("tests", "0,2");
  bad("tests", "1");
  bad("min-record-kb", "2");
  bad("max-record-kb", "32768");
  bad("min-file-kb", "1m");
  bad("max-file-kb", "-1");
  bad("ops", "2");
  bad("file", "/etc/passwd");
}
