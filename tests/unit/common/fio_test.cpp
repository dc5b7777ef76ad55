// fio: command builder and parser on JSON outputs captured from fio 3.33 here (tests/data/fio).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

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
  return *cb::os::readFile(std::string(CB_TEST_DATA) + "/" + name);
}

/// The one sample with this metric, job and direction.
const cb::bench::Sample& find(const cb::bench::Samples& s, const std::string& metric,
                              const std::string& direction, const std::string& job = "cb") {
  const cb::bench::Sample* hit = nullptr;
  int count = 0;
  for (const auto& x : s) {
    if (x.metric == metric && x.labels.at("direction") == direction && x.labels.at("job") == job) {
      hit = &x;
      ++count;
    }
  }
  REQUIRE_MESSAGE(count == 1, metric << " " << direction << " " << job << " x" << count);
  return *hit;
}

cb::bench::Samples parsed(const std::string& name) {
  auto s = cb::bench::Fio{}.parse(fixture(name), {});
  REQUIRE_MESSAGE(s, why(s));
  return *s;
}

/// The JSON part of a fixture, for tests that damage one field in memory.
nlohmann::json fixtureJson(const std::string& name) {
  auto text = fixture(name);
  return nlohmann::json::parse(text.substr(text.find('{')));
}

}  // namespace

TEST_CASE("fio parses a sequential psync read: every figure, unit and label") {
  auto s = parsed("fio/read_psync.json");
  CHECK(s.size() == 6);  // read only: the write direction moved no data
  CHECK(find(s, "iops", "read").value == doctest::Approx(256000.0));
  CHECK(find(s, "iops", "read").unit == "ops/s");
  CHECK(find(s, "bandwidth", "read").value == doctest::Approx(1000.0));  // 1048576000 B/s
  CHECK(find(s, "bandwidth", "read").unit == "MiB/s");
  CHECK(find(s, "latency_mean", "read").value == doctest::Approx(3.401241211));
  CHECK(find(s, "latency_mean", "read").unit == "us");
  CHECK(find(s, "clat_p50", "read").value == doctest::Approx(0.908));
  CHECK(find(s, "clat_p95", "read").value == doctest::Approx(1.368));
  CHECK(find(s, "clat_p99", "read").value == doctest::Approx(1.704));
  CHECK(find(s, "clat_p99", "read").unit == "us");
  const auto& labels = find(s, "iops", "read").labels;
  CHECK(labels == std::map<std::string, std::string>{
                      {"job", "cb"}, {"direction", "read"}, {"rw", "read"}, {"bs", "4k"}});
}

TEST_CASE("fio parses a direct libaio write") {
  auto s = parsed("fio/write_libaio_direct.json");
  CHECK(s.size() == 6);
  CHECK(find(s, "iops", "write").value == doctest::Approx(2245.614035));
  CHECK(find(s, "bandwidth", "write").value == doctest::Approx(147168561.0 / 1048576.0));
  CHECK(find(s, "latency_mean", "write").value == doctest::Approx(1752.681320312));
  CHECK(find(s, "clat_p50", "write").value == doctest::Approx(358.4));
  CHECK(find(s, "clat_p95", "write").value == doctest::Approx(3981.312));
  CHECK(find(s, "clat_p99", "write").value == doctest::Approx(4014.08));
  CHECK(find(s, "iops", "write").labels.at("bs") == "64k");
  CHECK(find(s, "iops", "write").labels.at("rw") == "write");
}

TEST_CASE("fio parses both directions of an io_uring randrw") {
  auto s = parsed("fio/randrw_io_uring.json");
  CHECK(s.size() == 12);
  CHECK(find(s, "iops", "read").value == doctest::Approx(45090.909091));
  CHECK(find(s, "iops", "write").value == doctest::Approx(48000.0));
  CHECK(find(s, "bandwidth", "write").value == doctest::Approx(187.5));
  CHECK(find(s, "latency_mean", "read").value == doctest::Approx(70.424171371));
  CHECK(find(s, "clat_p99", "read").value == doctest::Approx(276.48));
  CHECK(find(s, "clat_p99", "write").value == doctest::Approx(171.008));
  CHECK(find(s, "iops", "write").labels.at("rw") == "randrw");
}

TEST_CASE("fio numjobs 2 with group reporting is one aggregated job") {
  auto s = parsed("fio/randread_numjobs2.json");
  CHECK(s.size() == 6);
  CHECK(find(s, "iops", "read").value == doctest::Approx(146285.714286));
  CHECK(find(s, "clat_p50", "read").value == doctest::Approx(43.776));
}

TEST_CASE("fio numjobs 2 without group reporting labels the clones name.k") {
  auto s = parsed("fio/readwrite_numjobs2_per_job.json");
  CHECK(s.size() == 24);  // 2 jobs x 2 directions x 6 metrics
  CHECK(find(s, "iops", "read", "cb.0").value == doctest::Approx(9428.571429));
  CHECK(find(s, "iops", "write", "cb.0").value == doctest::Approx(8857.142857));
  CHECK(find(s, "iops", "read", "cb.1").value == doctest::Approx(8923.076923));
  CHECK(find(s, "iops", "write", "cb.1").value == doctest::Approx(10769.230769));
  CHECK(find(s, "clat_p99", "read", "cb.0").value == doctest::Approx(552.96));
  CHECK(find(s, "iops", "write", "cb.1").labels.at("bs") == "16k");
}

TEST_CASE("fio skips the note fio prints before the JSON") {
  auto raw = fixture("fio/randwrite_psync_iodepth_note.txt");
  REQUIRE(raw.starts_with("note: both iodepth >= 1 and synchronous I/O engine"));
  auto s = parsed("fio/randwrite_psync_iodepth_note.txt");
  CHECK(s.size() == 6);
  CHECK(find(s, "iops", "write").value == doctest::Approx(341333.333333));
  CHECK(find(s, "clat_p95", "write").value == doctest::Approx(3.568));
  CHECK(find(s, "iops", "write").labels.at("rw") == "randwrite");
}

TEST_CASE("fio labels fall back to params when the JSON lacks job options") {
  auto doc = fixtureJson("fio/read_psync.json");
  doc["jobs"][0].erase("job options");
  auto s = cb::bench::Fio{}.parse(doc.dump(), {{"rw", "read"}, {"bs", "8k"}});
  REQUIRE_MESSAGE(s, why(s));
  CHECK(s->front().labels.at("bs") == "8k");
}

TEST_CASE("fio rejects garbage and truncated output, naming what is missing") {
  cb::bench::Fio b;
  auto garbage = b.parse("fio: unrecognized option '--foo'\n", {});
  REQUIRE_FALSE(garbage);
  CHECK(garbage.error().find("no JSON object") != std::string::npos);

  auto full = fixture("fio/randrw_io_uring.json");
  auto truncated = b.parse(full.substr(0, full.size() / 2), {});
  REQUIRE_FALSE(truncated);
  CHECK(truncated.error().find("does not parse") != std::string::npos);

  auto noJobs = b.parse("{\"fio version\" : \"fio-3.33\"}\n", {});
  REQUIRE_FALSE(noJobs);
  CHECK(noJobs.error().find("'jobs'") != std::string::npos);

  auto doc = fixtureJson("fio/read_psync.json");
  doc["jobs"][0]["read"]["clat_ns"].erase("percentile");
  auto noPct = b.parse(doc.dump(), {});
  REQUIRE_FALSE(noPct);
  CHECK(noPct.error() == "fio job 'cb' read has no 'clat_ns' percentiles");

  doc = fixtureJson("fio/read_psync.json");
  doc["jobs"][0]["read"].erase("iops");
  auto noIops = b.parse(doc.dump(), {});
  REQUIRE_FALSE(noIops);
  CHECK(noIops.error() == "fio job 'cb' read has no 'iops'");

  doc = fixtureJson("fio/read_psync.json");
  doc["jobs"][0]["error"] = 5;
  auto failed = b.parse(doc.dump(), {});
  REQUIRE_FALSE(failed);
  CHECK(failed.error() == "fio job 'cb' failed with error 5");

  doc = fixtureJson("fio/read_psync.json");
  doc["jobs"][0]["read"]["io_bytes"] = 0;
  auto idle = b.parse(doc.dump(), {});
  REQUIRE_FALSE(idle);
  CHECK(idle.error().find("no job that read or wrote") != std::string::npos);
}

TEST_CASE("fio recognizes its own outputs only") {
  cb::bench::Fio fio;
  cb::bench::Iozone iozone;
  for (const char* f :
       {"fio/read_psync.json", "fio/write_libaio_direct.json", "fio/randrw_io_uring.json",
        "fio/randread_numjobs2.json", "fio/readwrite_numjobs2_per_job.json",
        "fio/randwrite_psync_iodepth_note.txt"}) {
    CHECK_MESSAGE(fio.recognizes(fixture(f)), f);
    CHECK_MESSAGE(!iozone.recognizes(fixture(f)), f);
  }
  for (const char* f : {"sysbench_cpu_t2.txt", "sysbench_cpu_t1_p20000.txt",
                        "iozone/auto_all_n64k_g1m_y4k_q64k.txt"}) {
    CHECK_MESSAGE(!fio.recognizes(fixture(f)), f);
  }
}

TEST_CASE("fio builds argv from validated parameters") {
  cb::bench::Fio b;
  auto defaults = cb::bench::validateParams(b.params(), {});
  REQUIRE(defaults);
  CHECK(b.build(*defaults) ==
        std::vector<std::string>{"fio", "--name=cb", "--directory=.", "--rw=randread", "--bs=4k",
                                 "--size=256m", "--numjobs=1", "--iodepth=16", "--runtime=30",
                                 "--ioengine=libaio", "--direct=1", "--group_reporting",
                                 "--output-format=json"});
  auto p = cb::bench::validateParams(b.params(), {{"rw", "randrw"},
                                                  {"bs", "64k"},
                                                  {"size", "8"},
                                                  {"numjobs", "2"},
                                                  {"iodepth", "1"},
                                                  {"runtime", "5"},
                                                  {"time_based", "1"},
                                                  {"ioengine", "io_uring"},
                                                  {"direct", "0"}});
  REQUIRE_MESSAGE(p, why(p));
  CHECK(b.build(*p) == std::vector<std::string>{"fio", "--name=cb", "--directory=.", "--rw=randrw",
                                                "--bs=64k", "--size=8m", "--numjobs=2",
                                                "--iodepth=1", "--runtime=5", "--ioengine=io_uring",
                                                "--direct=0", "--group_reporting", "--time_based",
                                                "--output-format=json"});
  auto inv = b.invocation(*p);
  REQUIRE(inv.steps.size() == 1);
  CHECK(inv.steps[0].argv == b.build(*p));
  CHECK(inv.outputFile.empty());
  CHECK_FALSE(inv.needsRoot);
}

TEST_CASE("fio rejects bad parameters") {
  cb::bench::Fio b;
  auto bad = [&](const std::string& k, const std::string& v) {
    auto r = cb::bench::validateParams(b.params(), {{k, v}});
    REQUIRE_FALSE_MESSAGE(r, k << "=" << v);
    CHECK(r.error().find("'" + k + "'") != std::string::npos);
  };
  bad("rw", "trim");
  bad("bs", "3k");
  bad("bs", "4k --filename=/dev/sda");
  bad("ioengine", "sync");
  bad("direct", "2");
  bad("size", "0");
  bad("numjobs", "65");
  bad("runtime", "ten");
  bad("filename", "/dev/sda");
}
