#include "bench/hpcc_mpi.hpp"

namespace cb::bench {

std::vector<ParamSpec> HpccMpi::params() const {
  std::vector<ParamSpec> out = {
      {"hosts",
       "address:slots of every node, comma-separated",
       "127.0.0.1:1",
       0,
       0,
       {},
       kParamKindHostSlots},
      {"net",
       "cluster network for MPI TCP traffic (oob/btl if_include)",
       "127.0.0.0/8",
       0,
       0,
       {},
       kParamKindCidr},
      {"job",
       "launch token: remote daemons are accepted only for this job",
       "unsetjobtoken",
       0,
       0,
       {},
       kParamKindToken},
  };
  for (auto spec : Hpcc().params()) {
    if (spec.name != "procs") out.push_back(spec);
  }
  return out;
}

std::string makeHostfile(const std::string& hostSlots, std::int64_t& totalSlots) {
  std::string out;
  totalSlots = 0;
  std::size_t start = 0;
  while (start < hostSlots.size()) {
    auto end = hostSlots.find(',', start);
    if (end == std::string::npos) end = hostSlots.size();
    auto item = hostSlots.substr(start, end - start);
    auto colon = item.find(':');
    auto slots = std::stoll(item.substr(colon + 1));
    totalSlots += slots;
    out += item.substr(0, colon) + " slots=" + std::to_string(slots) + "\n";
    start = end + 1;
  }
  return out;
}

std::vector<std::string> HpccMpi::build(const Params& p) const {
  std::int64_t slots = 0;
  makeHostfile(p.at("hosts"), slots);
  return {"mpirun",
          "--hostfile",
          "hostfile",
          "-np",
          std::to_string(slots),
          "--mca",
          "plm_rsh_agent",
          kMpiRshPlaceholder,
          "--mca",
          "plm_rsh_no_tree_spawn",
          "1",
          "--mca",
          "oob_tcp_if_include",
          p.at("net"),
          "--mca",
          "btl_tcp_if_include",
          p.at("net"),
          "--mca",
          "btl",
          "tcp,self,vader",
          "hpcc"};
}

Invocation HpccMpi::invocation(const Params& p) const {
  std::int64_t slots = 0;
  Invocation inv;
  inv.files["hostfile"] = makeHostfile(p.at("hosts"), slots);
  Params single = p;
  single["procs"] = std::to_string(slots);
  inv.files["hpccinf.txt"] = makeHpccInf(resolveHpccParams(single));
  inv.steps.push_back(Command{build(p)});
  inv.outputFile = "hpccoutf.txt";
  inv.mpiUser = true;
  inv.mpiJob = p.at("job");
  return inv;
}

}  // namespace cb::bench
