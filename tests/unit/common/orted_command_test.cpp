// The orted launch check, driven by launches recorded from a real mpirun (tests/data/mpi).
#include <doctest/doctest.h>

#include "bench/orted_command.hpp"
#include "support/orted_fixture.hpp"

namespace {
using cb::bench::checkOrtedCommand;
using cb::test::recordedLaunch;
using cb::test::withMcaValue;

const std::vector<std::string> kLoopbackMaster{"127.0.0.1"};

/// Refused, and the message names `word`.
void checkRefusedNaming(const std::vector<std::string>& argv,
                        const std::vector<std::string>& master, const std::string& word) {
  auto s = checkOrtedCommand(argv, master);
  REQUIRE_FALSE(s);
  CHECK_MESSAGE(s.error().find("'" + word + "'") != std::string::npos, s.error());
}

}  // namespace

TEST_CASE("recorded orted launches of an hpcc-mpi style mpirun pass") {
  for (const char* name : {"orted_loopback_node1.txt", "orted_loopback_node2.txt"}) {
    auto launch = recordedLaunch(name);
    auto s = checkOrtedCommand(launch.argv, kLoopbackMaster);
    CHECK_MESSAGE(s, name << ": " << s.error());
  }
  // The master's IPv4 and IPv6 contacts, both addresses of the enrolled master.
  auto eth = recordedLaunch("orted_eth_ipv4_ipv6.txt");
  auto s = checkOrtedCommand(eth.argv, {"192.0.2.2/24", "fd00::2/64"});
  CHECK_MESSAGE(s, s.error());
}

TEST_CASE("an HNP URI contact that is not the master's is refused, naming the URI") {
  auto eth = recordedLaunch("orted_eth_ipv4_ipv6.txt");
  std::string uri;
  for (std::size_t i = 0; i + 1 < eth.argv.size(); ++i) {
    if (eth.argv[i] == "orte_hnp_uri") uri = eth.argv[i + 1];
  }
  auto s = checkOrtedCommand(eth.argv, {"192.0.2.2/24"});
  REQUIRE_FALSE(s);
  CHECK_MESSAGE(s.error().find("'" + uri + "'") != std::string::npos, s.error());
  CHECK_MESSAGE(s.error().find("fd00::2") != std::string::npos, s.error());
  // Nor an address of another node, which is what the job's master addresses exclude.
  checkRefusedNaming(eth.argv, {"198.18.0.3"}, uri);
}

TEST_CASE("tree spawn (orted launching further daemons) is refused at its first word") {
  auto tree = recordedLaunch("orted_tree_spawn.txt");
  checkRefusedNaming(tree.argv, {"192.0.2.2", "fd00::2"}, "--tree-spawn");
}

TEST_CASE("an MCA key the rsh launcher does not pass is refused, naming the key") {
  auto argv = recordedLaunch("orted_loopback_node1.txt").argv;
  auto extra = argv;
  extra.insert(extra.end(), {"-mca", "orte_launch_agent", "/bin/sh"});
  checkRefusedNaming(extra, kLoopbackMaster, "orte_launch_agent");
  auto front = argv;
  front.insert(front.begin() + 1, {"--mca", "plm_rsh_args", "-x"});
  checkRefusedNaming(front, kLoopbackMaster, "plm_rsh_args");
  auto twice = argv;
  twice.insert(twice.end(), {"-mca", "btl", "self"});
  checkRefusedNaming(twice, kLoopbackMaster, "btl");
  auto dangling = argv;
  dangling.insert(dangling.end(), {"-mca", "btl"});
  checkRefusedNaming(dangling, kLoopbackMaster, "-mca");
  auto stray = argv;
  stray.push_back("--tmpdir=/etc");
  checkRefusedNaming(stray, kLoopbackMaster, "--tmpdir=/etc");
  checkRefusedNaming(withMcaValue(argv, "plm_rsh_no_tree_spawn", "0"), kLoopbackMaster, "0");
}

TEST_CASE("another program, or orted by a path, is refused, naming it") {
  auto argv = recordedLaunch("orted_loopback_node1.txt").argv;
  for (const char* program :
       {"/bin/sh", "orted; rm", "/usr/bin/orted", "./orted", "/tmp/orted", "mpirun", ""}) {
    auto other = argv;
    other[0] = program;
    checkRefusedNaming(other, kLoopbackMaster, program);
  }
  CHECK_FALSE(checkOrtedCommand({}, kLoopbackMaster));
  // Unquoted, "orted; rm" never reaches the check: splitting refuses what needs a shell.
  auto words = recordedLaunch("orted_loopback_node1.txt").words;
  words[0] = " orted; rm -rf /";
  CHECK_FALSE(cb::wire::splitShellWords(words));
}

TEST_CASE("an HNP URI that is not the master with a port is refused, naming it") {
  auto argv = recordedLaunch("orted_loopback_node2.txt").argv;
  for (const char* uri : {
           "832765952.0;tcp://198.18.0.9:51427",            // another address
           "832765952.0;tcp://127.0.0.1,198.18.0.9:51427",  // one address of two is foreign
           "832765952.0;tcp://127.0.0.1:51427;tcp://198.18.0.9:51427",
           "832765952.0;tcp://127.0.0.1",        // no port
           "832765952.0;tcp://127.0.0.1:",       // empty port
           "832765952.0;tcp://127.0.0.1:0",      // port out of range
           "832765952.0;tcp://127.0.0.1:65536",  //
           "832765952.0;tcp://127.0.0.1:5x",     //
           "832765952.0;tcp://master:51427",     // a name, not an address
           "832765952.0;tcp6://::1:51427",       // IPv6 without brackets
           "832765952.0;udp://127.0.0.1:51427",  // another transport
           "832765952.0",                        // no contact at all
           "832765952.0;",                       //
           "x.0;tcp://127.0.0.1:51427",          // not a process name
           "garbage",                            //
           "",                                   //
       }) {
    checkRefusedNaming(withMcaValue(argv, "orte_hnp_uri", uri), kLoopbackMaster, uri);
  }
  // Without any orte_hnp_uri the launch has no master to check: refused.
  auto without = argv;
  for (std::size_t i = 1; i + 2 < without.size(); ++i) {
    if (without[i + 1] == "orte_hnp_uri") {
      without.erase(without.begin() + static_cast<long>(i),
                    without.begin() + static_cast<long>(i) + 3);
      break;
    }
  }
  auto s = checkOrtedCommand(without, kLoopbackMaster);
  REQUIRE_FALSE(s);
  CHECK(s.error().find("orte_hnp_uri") != std::string::npos);
  // No master address known: nothing passes.
  CHECK_FALSE(checkOrtedCommand(argv, {}));
}

TEST_CASE("the agent runs orted attached: --daemonize goes, every MCA key and value stays") {
  auto launch = recordedLaunch("orted_loopback_node1.txt");
  REQUIRE(launch.argv.at(1) == "--daemonize");
  auto attached = cb::bench::attachedOrtedArgv(launch.argv);
  REQUIRE(attached.size() == launch.argv.size() - 1);
  CHECK(attached[0] == "orted");
  CHECK(std::vector<std::string>(attached.begin() + 1, attached.end()) ==
        std::vector<std::string>(launch.argv.begin() + 2, launch.argv.end()));
  // A value that reads "--daemonize" is a value, not the option: it stays (and the check decides).
  std::vector<std::string> oddValue{"orted", "-mca", "btl", "--daemonize", "--daemonize"};
  CHECK(cb::bench::attachedOrtedArgv(oddValue) ==
        std::vector<std::string>{"orted", "-mca", "btl", "--daemonize"});
  // Launches without it (tree spawn) are unchanged.
  auto tree = recordedLaunch("orted_tree_spawn.txt");
  CHECK(cb::bench::attachedOrtedArgv(tree.argv) == tree.argv);
}
