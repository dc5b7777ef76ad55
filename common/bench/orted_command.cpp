#include "bench/orted_command.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <set>

#include "util/safe_text.hpp"

namespace cb::bench {
namespace {

Error refuse(const std::string& word, const std::string& why) {
  return fail("word '" + util::safeLine(word) + "' refused: " + why);
}

/// An address as bytes (4 for IPv4, 16 for IPv6); empty when `text` is neither.
std::string addressBytes(const std::string& text) {
  std::array<unsigned char, 16> buf{};
  if (::inet_pton(AF_INET, text.c_str(), buf.data()) == 1) {
    return std::string(reinterpret_cast<const char*>(buf.data()), 4);
  }
  if (::inet_pton(AF_INET6, text.c_str(), buf.data()) == 1) {
    return std::string(reinterpret_cast<const char*>(buf.data()), 16);
  }
  return {};
}

bool allDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// One contact after the process name: "tcp://A[,A...]:PORT" or "tcp6://[A][,[A]...]:PORT".
Status checkContact(const std::string& contact, const std::set<std::string>& master) {
  const bool v6 = contact.rfind("tcp6://", 0) == 0;
  if (!v6 && contact.rfind("tcp://", 0) != 0) {
    return fail("contact '" + contact + "' is not tcp:// or tcp6://");
  }
  const std::string rest = contact.substr(v6 ? 7 : 6);
  const auto colon = rest.rfind(':');
  if (colon == std::string::npos || (v6 && rest.rfind(']') > colon)) {
    return fail("contact '" + contact + "' has no port");
  }
  const std::string port = rest.substr(colon + 1);
  if (!allDigits(port) || port.size() > 5 || std::stoi(port) < 1 || std::stoi(port) > 65535) {
    return fail("contact '" + contact + "' has no valid port");
  }
  std::size_t start = 0;
  const std::string list = rest.substr(0, colon);
  while (true) {
    auto end = list.find(',', start);
    std::string address = list.substr(start, end == std::string::npos ? end : end - start);
    if (v6) {
      if (address.size() < 2 || address.front() != '[' || address.back() != ']') {
        return fail("contact '" + contact + "': IPv6 address not in brackets");
      }
      address = address.substr(1, address.size() - 2);
    }
    auto bytes = addressBytes(address);
    if (bytes.empty() || (bytes.size() == 16) != v6) {
      return fail("contact '" + contact + "': '" + address + "' is not an address");
    }
    if (!master.count(bytes)) {
      return fail("address " + address + " is not the job's master");
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return okStatus();
}

}  // namespace

const std::vector<std::string>& allowedOrtedMcaKeys() {
  static const std::vector<std::string> kKeys = {
      // orted's own launch (plm_rsh)
      "ess", "ess_base_jobid", "ess_base_vpid", "ess_base_num_procs", "orte_node_regex",
      "orte_hnp_uri", "plm", "pmix",
      // mpirun's command line in hpcc-mpi, forwarded
      "plm_rsh_agent", "plm_rsh_no_tree_spawn", "oob_tcp_if_include", "btl_tcp_if_include", "btl"};
  return kKeys;
}

Status checkHnpUri(const std::string& uri, const std::vector<std::string>& masterAddresses) {
  std::set<std::string> master;
  for (const auto& a : masterAddresses) {
    auto bytes = addressBytes(a.substr(0, a.find('/')));
    if (!bytes.empty()) master.insert(bytes);
  }
  auto first = uri.find(';');
  if (first == std::string::npos) return fail("no contact address");
  const std::string name = uri.substr(0, first);
  const auto dot = name.find('.');
  if (dot == std::string::npos || !allDigits(name.substr(0, dot)) ||
      !allDigits(name.substr(dot + 1))) {
    return fail("'" + name + "' is not an Open MPI process name (jobid.vpid)");
  }
  std::size_t start = first + 1;
  while (true) {
    auto end = uri.find(';', start);
    auto contact = uri.substr(start, end == std::string::npos ? end : end - start);
    if (auto s = checkContact(contact, master); !s) return s;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return okStatus();
}

Status checkOrtedCommand(const std::vector<std::string>& argv,
                         const std::vector<std::string>& masterAddresses) {
  if (argv.empty()) return fail("empty command");
  if (argv[0] != kOrtedProgram) {
    return refuse(argv[0], "the program must be orted from the system path");
  }
  const auto& allowed = allowedOrtedMcaKeys();
  std::set<std::string> seen;
  bool daemonize = false;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    const std::string& word = argv[i];
    if (word == "--daemonize" && !daemonize) {
      daemonize = true;
      continue;
    }
    if (word != "-mca" && word != "--mca") {
      return refuse(word, "not an option Open MPI's rsh launcher gives orted");
    }
    if (i + 2 >= argv.size()) return refuse(word, "needs a key and a value");
    const std::string& key = argv[i + 1];
    const std::string& value = argv[i + 2];
    i += 2;
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return refuse(key, "not an MCA key Open MPI's rsh launcher passes to orted");
    }
    if (!seen.insert(key).second) return refuse(key, "MCA key given twice");
    if (key == "orte_hnp_uri") {
      if (auto s = checkHnpUri(value, masterAddresses); !s) return refuse(value, s.error());
    } else if (key == "plm_rsh_no_tree_spawn" && value != "1") {
      return refuse(value, "orted must not launch further daemons (plm_rsh_no_tree_spawn 1)");
    }
  }
  if (!seen.count("orte_hnp_uri")) return refuse(argv[0], "no orte_hnp_uri (the job's master)");
  return okStatus();
}

std::vector<std::string> attachedOrtedArgv(const std::vector<std::string>& argv) {
  std::vector<std::string> out;
  out.reserve(argv.size());
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& word = argv[i];
    if (i > 0 && (word == "-mca" || word == "--mca")) {
      // An option with its key and value, whatever they read (a value may be "--daemonize").
      for (std::size_t end = std::min(i + 3, argv.size()); i < end; ++i) out.push_back(argv[i]);
      --i;
      continue;
    }
    if (i > 0 && word == "--daemonize") continue;
    out.push_back(word);
  }
  return out;
}

}  // namespace cb::bench
