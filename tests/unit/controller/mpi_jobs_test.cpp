#include <doctest/doctest.h>

#include "mpi/mpi_jobs.hpp"

using cb::controller::MpiJob;
using cb::controller::MpiJobs;

TEST_CASE("only orted launches of a live job, from its master, to its hosts are authorized") {
  MpiJobs jobs;
  jobs.add(MpiJob{"tok12345", 7, "master-id",
                  cb::controller::hostsOfHostSlots("198.18.0.2:1,198.18.0.3:1")});
  std::vector<std::string> orted{"orted", "-mca", "ess", "env"};
  CHECK(jobs.authorize("tok12345", "master-id", "198.18.0.3", orted));
  CHECK(jobs.authorize("tok12345", "master-id", "198.18.0.3", {"/usr/bin/orted"}));

  auto wrongToken = jobs.authorize("other123", "master-id", "198.18.0.3", orted);
  REQUIRE_FALSE(wrongToken);
  CHECK(wrongToken.error().find("no live MPI job") != std::string::npos);
  CHECK_FALSE(jobs.authorize("tok12345", "node02-id", "198.18.0.3", orted));
  CHECK_FALSE(jobs.authorize("tok12345", "master-id", "198.18.0.9", orted));
  auto shell = jobs.authorize("tok12345", "master-id", "198.18.0.3", {"sh", "-c", "id"});
  REQUIRE_FALSE(shell);
  CHECK(shell.error().find("only the orted launch command") != std::string::npos);

  jobs.removeRun(7);
  CHECK_FALSE(jobs.authorize("tok12345", "master-id", "198.18.0.3", orted));
}
