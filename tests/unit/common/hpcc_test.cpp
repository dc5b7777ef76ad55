// HPCC: hpccinf.txt generator, defaults chooser, invocation and the summary parser, on outputs
// captured from hpcc 1.5.0 under Open MPI 4.1.4 here (tests/data/README.md has the commands).
#include <doctest/doctest.h>

#include "bench/hpcc.hpp"
#include "bench/iperf3_client.hpp"
#include "bench/sysbench_cpu.hpp"
#include "os/atomic_file.hpp"

namespace {
using cb::bench::Samples;

constexpr const char* kNp2 = "hpcc/hpccoutf_np2_n1000_nb80_p1_q2.txt";
constexpr const char* kNp1 = "hpcc/hpccoutf_np1_n1000_nb80_p1_q1.txt";

std::string fixture(const std::string& name) {
  return *cb::os::readFile(std::string(CB_TEST_DATA) + "/" + name);
}
const cb::bench::Sample* find(const Samples& s, const std::string& metric) {
  for (const auto& x : s) {
    if (x.metric == metric) return &x;
  }
  return nullptr;
}
double value(const Samples& s, const std::string& metric) {
  const auto* x = find(s, metric);
  if (!x) FAIL("no metric " << metric);
  return x ? x->value : 0;
}
std::string withoutLine(std::string text, const std::string& prefix) {
  auto pos = text.find("\n" + prefix);
  REQUIRE(pos != std::string::npos);
  return text.erase(pos + 1, text.find('\n', pos + 1) - pos);
}
}  // namespace

TEST_CASE("hpcc parses all 13 figures of the study plus Success and CommWorldProcs (np 2)") {
  cb::bench::Hpcc b;
  auto s = b.parse(fixture(kNp2), {});
  REQUIRE_MESSAGE(s, (s ? "" : s.error()));
  CHECK(s->size() == 15);
  CHECK(value(*s, "hpl_gflops") == doctest::Approx(0.903929));  // HPL_Tflops=0.000903929
  CHECK(value(*s, "star_dgemm_gflops") == doctest::Approx(0.954335));
  CHECK(value(*s, "ptrans_gbs") == doctest::Approx(0.122955));
  CHECK(value(*s, "mpi_random_access_gups") == doctest::Approx(0.00428825));
  CHECK(value(*s, "star_random_access_gups") == doctest::Approx(0.0854565));
  CHECK(value(*s, "single_random_access_gups") == doctest::Approx(0.0783069));
  CHECK(value(*s, "mpi_fft_gflops") == doctest::Approx(0.386863));
  CHECK(value(*s, "star_fft_gflops") == doctest::Approx(0.51204));
  CHECK(value(*s, "single_fft_gflops") == doctest::Approx(0.532457));
  CHECK(value(*s, "star_stream_copy_gbs") == doctest::Approx(20.7612));
  CHECK(value(*s, "single_stream_copy_gbs") == doctest::Approx(22.9587));
  CHECK(value(*s, "star_stream_triad_gbs") == doctest::Approx(19.7226));
  CHECK(value(*s, "single_stream_triad_gbs") == doctest::Approx(21.9635));
  CHECK(value(*s, "success") == 1);
  CHECK(value(*s, "comm_world_procs") == 2);
  CHECK(find(*s, "hpl_gflops")->unit == "Gflop/s");
  CHECK(find(*s, "ptrans_gbs")->unit == "GB/s");
  CHECK(find(*s, "star_random_access_gups")->unit == "GUP/s");
  CHECK(find(*s, "single_stream_triad_gbs")->unit == "GB/s");
  for (const auto& x : *s) {
    CHECK(x.labels ==
          std::map<std::string, std::string>{{"n", "1000"}, {"nb", "80"}, {"p", "1"}, {"q", "2"}});
  }
}

TEST_CASE("hpcc parses the single-process run (np 1)") {
  auto s = cb::bench::parseHpccSummary(fixture(kNp1));
  REQUIRE_MESSAGE(s, (s ? "" : s.error()));
  CHECK(value(*s, "hpl_gflops") == doctest::Approx(1.44838));
  CHECK(value(*s, "star_dgemm_gflops") == doctest::Approx(1.24945));
  CHECK(value(*s, "mpi_fft_gflops") == doctest::Approx(2.59188));
  CHECK(value(*s, "star_stream_copy_gbs") == doctest::Approx(21.9285));
  CHECK(value(*s, "single_stream_copy_gbs") == doctest::Approx(21.9285));
  CHECK(value(*s, "comm_world_procs") == 1);
  CHECK(s->front().labels.at("q") == "1");
}

TEST_CASE("hpcc garbage and truncated output name what is missing") {
  auto garbage = cb::bench::parseHpccSummary("mpirun was unable to launch hpcc\n");
  REQUIRE_FALSE(garbage);
  CHECK(garbage.error() == "hpcc output has no 'Begin of Summary section.' line");

  auto text = fixture(kNp2);
  auto truncated = cb::bench::parseHpccSummary(text.substr(0, text.find("StarFFT_Gflops=")));
  REQUIRE_FALSE(truncated);
  CHECK(truncated.error() == "hpcc output is truncated: no 'End of Summary section.' line");
  CHECK_FALSE(cb::bench::parseHpccSummary(text.substr(0, text.size() / 2)));

  auto noPtrans = cb::bench::parseHpccSummary(withoutLine(text, "PTRANS_GBs="));
  REQUIRE_FALSE(noPtrans);
  CHECK(noPtrans.error() == "hpcc summary has no numeric PTRANS_GBs");
  auto two = cb::bench::parseHpccSummary(
      withoutLine(withoutLine(text, "HPL_Tflops="), "SingleSTREAM_Triad="));
  REQUIRE_FALSE(two);
  CHECK(two.error() == "hpcc summary has no numeric HPL_Tflops, SingleSTREAM_Triad");
  // A key outside the summary section does not count.
  auto outside = text.substr(0, text.find("Begin of Summary section.")) + "PTRANS_GBs=1\n" +
                 withoutLine(text.substr(text.find("Begin of Summary section.")), "PTRANS_GBs=");
  CHECK_FALSE(cb::bench::parseHpccSummary(outside));
}

TEST_CASE("hpcc recognizes its own outputs and not other tools'") {
  cb::bench::Hpcc b;
  CHECK(b.recognizes(fixture(kNp2)));
  CHECK(b.recognizes(fixture(kNp1)));
  for (const char* other :
       {"sysbench_cpu_t2.txt", "sysbench_cpu_t1_p20000.txt", "iperf3/client_p2.txt",
        "iperf3/client_p2.json", "hpcc/hpccinf_n1000_nb80_p1_q2.txt"}) {
    CAPTURE(other);
    CHECK_FALSE(b.recognizes(fixture(other)));
  }
  CHECK_FALSE(cb::bench::SysbenchCpu().recognizes(fixture(kNp2)));
  CHECK_FALSE(cb::bench::Iperf3Client().recognizes(fixture(kNp2)));
}

TEST_CASE("makeHpccInf writes the input files real hpcc ran with") {
  CHECK(cb::bench::makeHpccInf({1000, 80, 1, 2}) == fixture("hpcc/hpccinf_n1000_nb80_p1_q2.txt"));
  CHECK(cb::bench::makeHpccInf({1000, 80, 1, 1}) == fixture("hpcc/hpccinf_n1000_nb80_p1_q1.txt"));
  auto big = cb::bench::makeHpccInf({25360, 192, 4, 8});
  CHECK(big.find("\n25360        Ns\n") != std::string::npos);
  CHECK(big.find("\n192          NBs\n") != std::string::npos);
  CHECK(big.find("\n4            Ps\n") != std::string::npos);
  CHECK(big.find("\n8            Qs\n") != std::string::npos);
}

TEST_CASE("hpcc defaults: the squarest P x Q grid and N a multiple of NB from memory") {
  using Grid = std::pair<std::int64_t, std::int64_t>;
  CHECK(cb::bench::chooseProcessGrid(1) == Grid{1, 1});
  CHECK(cb::bench::chooseProcessGrid(2) == Grid{1, 2});
  CHECK(cb::bench::chooseProcessGrid(4) == Grid{2, 2});
  CHECK(cb::bench::chooseProcessGrid(6) == Grid{2, 3});
  CHECK(cb::bench::chooseProcessGrid(7) == Grid{1, 7});
  CHECK(cb::bench::chooseProcessGrid(12) == Grid{3, 4});
  CHECK(cb::bench::chooseProcessGrid(64) == Grid{8, 8});
  for (std::int64_t procs = 1; procs <= 200; ++procs) {
    auto [p, q] = cb::bench::chooseProcessGrid(procs);
    CHECK(p * q == procs);
    CHECK(p <= q);
  }

  // sqrt(0.2 * 1 GiB / 8) = 5181.1 -> 5120 = 64 x 80
  CHECK(cb::bench::chooseProblemSize(1ull << 30, 80) == 5120);
  // sqrt(0.2 * 24 GiB / 8) = 25382.0 -> 25360
  CHECK(cb::bench::chooseProblemSize(24ull << 30, 80) == 25360);
  CHECK(cb::bench::chooseProblemSize(24ull << 30, 192) == 25344);
  // Too little memory: still one block per process row and column.
  CHECK(cb::bench::chooseProblemSize(64 << 10, 80, 4) == 320);
  for (std::uint64_t mb : {16ull, 100ull, 1000ull, 4096ull, 65536ull}) {
    for (std::int64_t nb : {1, 32, 80, 100, 256}) {
      auto n = cb::bench::chooseProblemSize(mb << 20, nb);
      CHECK(n % nb == 0);
      CHECK(n >= nb);
      CHECK(static_cast<double>(n) * n * 8 <= 0.2 * static_cast<double>(mb << 20) + 8.0 * nb * nb);
    }
  }

  auto d = cb::bench::chooseHpccParams(24ull << 30, 8);
  CHECK(d.nb == 80);
  CHECK(d.p == 2);
  CHECK(d.q == 4);
  CHECK(d.n == 25360);
}

TEST_CASE("hpcc invocation: hpccinf.txt from the parameters, mpirun, hpccoutf.txt") {
  cb::bench::Hpcc b;
  auto defaults = cb::bench::validateParams(b.params(), {});
  REQUIRE(defaults);
  CHECK(cb::bench::validateParams(b.params(), *defaults));
  auto inv = b.invocation(*defaults);
  REQUIRE(inv.steps.size() == 1);
  CHECK(inv.steps[0].argv ==
        std::vector<std::string>{"mpirun", "--oversubscribe", "-np", "2", "hpcc"});
  CHECK(inv.outputFile == "hpccoutf.txt");
  CHECK_FALSE(inv.needsRoot);
  CHECK(inv.mpiUser);
  REQUIRE(inv.files.count("hpccinf.txt") == 1);
  // mem-mb 1024 -> N 5120; 2 processes -> 1 x 2.
  CHECK(inv.files.at("hpccinf.txt") == cb::bench::makeHpccInf({5120, 80, 1, 2}));

  // The fixture's run: N=1000, NB=80, 2 processes.
  auto small = cb::bench::validateParams(b.params(), {{"n", "1000"}, {"procs", "2"}});
  REQUIRE(small);
  CHECK(b.invocation(*small).files.at("hpccinf.txt") ==
        fixture("hpcc/hpccinf_n1000_nb80_p1_q2.txt"));

  auto explicitGrid = cb::bench::validateParams(
      b.params(), {{"procs", "8"}, {"p", "4"}, {"nb", "128"}, {"mem-mb", "4096"}});
  REQUIRE(explicitGrid);
  auto r = cb::bench::resolveHpccParams(*explicitGrid);
  CHECK(r.p == 4);
  CHECK(r.q == 2);  // procs / p
  CHECK(r.nb == 128);
  CHECK(r.n % 128 == 0);
  CHECK(r.n == 10240);  // sqrt(0.2 * 4 GiB / 8) = 10362 -> 80 x 128
  CHECK(b.build(*explicitGrid)[3] == "8");
}

TEST_CASE("hpcc rejects bad parameters") {
  cb::bench::Hpcc b;
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"procs", "0"}}));
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"procs", "2; rm -rf /"}}));
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"nb", "0"}}));
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"n", "-1"}}));
  CHECK_FALSE(cb::bench::validateParams(b.params(), {{"mem-mb", "1"}}));
  auto unknown = cb::bench::validateParams(b.params(), {{"np", "2"}});
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().find("unknown parameter 'np'") != std::string::npos);
}
