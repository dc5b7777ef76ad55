// Splitting Open MPI's remote command words (captured from mpirun 4.1.4's plm_rsh_agent call).
#include <doctest/doctest.h>

#include "wire/shell_words.hpp"

TEST_CASE("orted words as mpirun passes them split into argv without a shell") {
  std::vector<std::string> words{" orted",
                                 "-mca",
                                 "ess",
                                 "\"env\"",
                                 "-mca",
                                 "orte_hnp_uri",
                                 "\"559349760.0;tcp://192.0.2.2:55681\"",
                                 "-mca",
                                 "orte_node_regex",
                                 "\"vm,[3:198].18.250.9@0(2)\""};
  auto argv = cb::wire::splitShellWords(words);
  REQUIRE_MESSAGE(argv, argv.error());
  REQUIRE(argv->size() == 10);
  CHECK((*argv)[0] == "orted");
  CHECK((*argv)[3] == "env");
  CHECK((*argv)[6] == "559349760.0;tcp://192.0.2.2:55681");
  CHECK((*argv)[9] == "vm,[3:198].18.250.9@0(2)");
}

TEST_CASE("lines that need a shell are refused") {
  CHECK_FALSE(cb::wire::splitShellWords({"orted", ";", "rm", "-rf", "/"}));
  CHECK_FALSE(cb::wire::splitShellWords({"orted", "$(id)"}));
  CHECK_FALSE(cb::wire::splitShellWords({"orted", "`id`"}));
  CHECK_FALSE(cb::wire::splitShellWords({"orted", "a|b"}));
  CHECK_FALSE(cb::wire::splitShellWords({"orted", "\"unterminated"}));
  CHECK_FALSE(cb::wire::splitShellWords({"  "}));
  auto quoted = cb::wire::splitShellWords({"orted", "'a;b $x'", "c\\ d"});
  REQUIRE(quoted);
  CHECK((*quoted)[1] == "a;b $x");
  CHECK((*quoted)[2] == "c d");
}
