// Orchestrated phase specs and file loading; the parser itself is in suite_parse.cpp.
#include "spec/suite.hpp"

#include "os/atomic_file.hpp"

namespace cb::spec {

PhaseSpecs orchestratedPhases() {
  return {
      {"iperf3",
       {
           {"parallel", "parallel streams per client (-P)", "2", 1, 128, {}},
           // iperf3-client accepts at most 600 s; a phase must not ask for more.
           {"time", "seconds to transmit per direction (-t)", "30", 1, 600, {}},
           {"port", "server port on the master", "5201", 1024, 65535, {}},
           {"directions",
            "upload (client sends), download (server sends, -R) or both, one task each",
            "both",
            0,
            0,
            {"both", "upload", "download"}},
       }},
      {"hpcc-mpi",
       {
           {"n", "HPL problem size N; 0 = automatic (hpcc's n=0 rule)", "0", 0, 1'000'000, {}},
           {"nb", "HPL block size NB", "80", 1, 4096, {}},
           {"p", "process grid rows P; 0 = squarest grid with P x Q = processes", "0", 0, 4096, {}},
           {"q",
            "process grid columns Q; 0 = squarest grid with P x Q = processes",
            "0",
            0,
            4096,
            {}},
           {"slots-per-node", "MPI processes per node; 0 = the node's CPU count", "0", 0, 1024, {}},
       }},
  };
}

int phaseDefaultTimeoutSeconds(const std::string& phase) {
  if (phase == "iperf3") return 720;
  if (phase == "hpcc-mpi") return 1800;
  return 3600;
}

Result<Suite> parseSuite(const std::string& yamlText, const std::string& fileName,
                         const bench::Catalog& catalog) {
  return parseSuite(yamlText, fileName, catalog, orchestratedPhases());
}

Result<Suite> loadSuite(const std::filesystem::path& file, const bench::Catalog& catalog) {
  auto text = os::readFile(file);
  if (!text) return fail(text.error());
  return parseSuite(*text, file.string(), catalog);
}

}  // namespace cb::spec
