#include <doctest/doctest.h>

#include <algorithm>

#include "bench/benchmark.hpp"
#include "bench/hpcc_mpi.hpp"

using cb::bench::checkKind;

TEST_CASE("host-slot lists, networks and tokens are validated strictly") {
  CHECK(checkKind(cb::bench::kParamKindHostSlots, "198.18.0.2:2,198.18.0.3:1"));
  CHECK(checkKind(cb::bench::kParamKindHostSlots, "master:4"));
  CHECK_FALSE(checkKind(cb::bench::kParamKindHostSlots, ""));
  CHECK_FALSE(checkKind(cb::bench::kParamKindHostSlots, "198.18.0.2"));
  CHECK_FALSE(checkKind(cb::bench::kParamKindHostSlots, "198.18.0.2:0"));
  CHECK_FALSE(checkKind(cb::bench::kParamKindHostSlots, "198.18.0.2:2,"));
  CHECK_FALSE(checkKind(cb::bench::kParamKindHostSlots, "-oProxy=x:1"));
  CHECK(checkKind(cb::bench::kParamKindCidr, "198.18.0.0/24"));
  CHECK_FALSE(checkKind(cb::bench::kParamKindCidr, "198.18.0.0"));
  CHECK_FALSE(checkKind(cb::bench::kParamKindCidr, "198.18.0.0/33"));
  CHECK_FALSE(checkKind(cb::bench::kParamKindCidr, "eth0/24"));
  CHECK_FALSE(checkKind(cb::bench::kParamKindCidr, "198.18.0.2/24"));   // host bits
  CHECK_FALSE(checkKind(cb::bench::kParamKindCidr, "198.18.0.0/024"));  // leading zero
  CHECK_FALSE(checkKind(cb::bench::kParamKindCidr, "198.18.000.0/24"));
  CHECK(checkKind(cb::bench::kParamKindAddress, "198.18.0.2"));
  CHECK(checkKind(cb::bench::kParamKindAddress, "node02.lab"));
  CHECK_FALSE(checkKind(cb::bench::kParamKindAddress, "198.18.0.02"));
  CHECK_FALSE(checkKind(cb::bench::kParamKindAddress, "-oProxy=x"));
  CHECK(checkKind(cb::bench::kParamKindToken, "abc123def456"));
  CHECK_FALSE(checkKind(cb::bench::kParamKindToken, "short"));
  CHECK_FALSE(checkKind(cb::bench::kParamKindToken, "UPPERCASE123"));
  CHECK_FALSE(checkKind("nope", "x"));
}

TEST_CASE("hpcc-mpi writes a hostfile and runs mpirun through the launch helper as the MPI user") {
  cb::bench::HpccMpi b;
  auto p = cb::bench::validateParams(b.params(), {{"hosts", "198.18.0.2:1,198.18.0.3:2"},
                                                  {"net", "198.18.0.0/24"},
                                                  {"job", "jobtoken42"},
                                                  {"n", "500"},
                                                  {"nb", "50"}});
  REQUIRE_MESSAGE(p, p.error());
  auto inv = b.invocation(*p);
  CHECK(inv.files.at("hostfile") == "198.18.0.2 slots=1\n198.18.0.3 slots=2\n");
  CHECK(inv.files.at("hpccinf.txt").find("500 ") != std::string::npos);
  CHECK_FALSE(inv.needsRoot);
  CHECK(inv.mpiUser);
  CHECK(std::find(inv.steps.at(0).argv.begin(), inv.steps.at(0).argv.end(),
                  "--allow-run-as-root") == inv.steps.at(0).argv.end());
  CHECK(inv.mpiJob == "jobtoken42");
  CHECK(inv.outputFile == "hpccoutf.txt");
  const auto& argv = inv.steps.at(0).argv;
  auto at = [&](const std::string& w) { return std::find(argv.begin(), argv.end(), w); };
  CHECK(*(at("-np") + 1) == "3");
  CHECK(at(cb::bench::kMpiRshPlaceholder) != argv.end());
  CHECK(*(at("oob_tcp_if_include") + 1) == "198.18.0.0/24");
  CHECK(argv.back() == "hpcc");
}
