#include <doctest/doctest.h>

#include "mpi/mpi_jobs.hpp"
#include "support/orted_fixture.hpp"

using cb::controller::MpiJob;
using cb::controller::MpiJobs;

TEST_CASE("only orted launches of a live job, from its master, to its hosts are authorized") {
  const std::string hostSlots = "127.0.0.1:1,198.18.0.3:1,198.18.0.4:1";
  MpiJobs jobs;
  jobs.add(MpiJob{"tok12345", 7, "master-id", cb::controller::hostsOfHostSlots(hostSlots),
                  cb::controller::jobMasterAddresses({"198.18.0.1/24"}, hostSlots)});
  // Recorded from a real mpirun whose master was 127.0.0.1 (tests/data/mpi).
  auto orted = cb::test::recordedLaunch("orted_loopback_node1.txt").argv;
  auto ok = jobs.authorize("tok12345", "master-id", "198.18.0.3", orted);
  CHECK_MESSAGE(ok, ok.error());
  auto viaEnrolled =
      cb::test::withMcaValue(orted, "orte_hnp_uri", "832765952.0;tcp://198.18.0.1:51427");
  CHECK(jobs.authorize("tok12345", "master-id", "198.18.0.4", viaEnrolled));

  auto wrongToken = jobs.authorize("other123", "master-id", "198.18.0.3", orted);
  REQUIRE_FALSE(wrongToken);
  CHECK(wrongToken.error().find("no live MPI job") != std::string::npos);
  CHECK_FALSE(jobs.authorize("tok12345", "node02-id", "198.18.0.3", orted));
  CHECK_FALSE(jobs.authorize("tok12345", "master-id", "198.18.0.9", orted));
  auto shell = jobs.authorize("tok12345", "master-id", "198.18.0.3", {"sh", "-c", "id"});
  REQUIRE_FALSE(shell);
  CHECK(shell.error().find("word 'sh'") != std::string::npos);
  auto path = orted;
  path[0] = "/usr/bin/orted";
  CHECK_FALSE(jobs.authorize("tok12345", "master-id", "198.18.0.3", path));
  // orted told to call back to a worker of the job instead of its master.
  auto foreign =
      cb::test::withMcaValue(orted, "orte_hnp_uri", "832765952.0;tcp://198.18.0.4:51427");
  auto refused = jobs.authorize("tok12345", "master-id", "198.18.0.3", foreign);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().find("198.18.0.4 is not the job's master") != std::string::npos);

  jobs.removeRun(7);
  CHECK_FALSE(jobs.authorize("tok12345", "master-id", "198.18.0.3", orted));
}

TEST_CASE("a job's master addresses: the enrolled ones and its hostfile entry") {
  CHECK(cb::controller::firstHostOfHostSlots("198.18.0.2:2,198.18.0.3:1") == "198.18.0.2");
  CHECK(cb::controller::firstHostOfHostSlots("") == "");
  CHECK(cb::controller::jobMasterAddresses({"198.18.0.2/24", "fd00::2/64"}, "198.18.0.2:2") ==
        std::vector<std::string>{"198.18.0.2/24", "fd00::2/64", "198.18.0.2"});
}
