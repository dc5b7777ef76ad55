// parseClusterSpec(): YAML text -> validated ClusterSpec, or every problem found (see
// cluster_spec.hpp). The master and workers are read in cluster_spec_nodes.cpp.
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "spec/cluster_spec.hpp"
#include "spec/cluster_spec_fields.hpp"

namespace cb::spec {
namespace {

using detail::Diagnostics;
using detail::Entries;
using detail::Entry;
using detail::findEntry;
using detail::valueLine;

const std::vector<std::string> kRootFields = {"name",    "network", "master",
                                              "workers", "gateway", "shared",
                                              "autofs",  "parts",   "extra_packages"};
const std::vector<std::string> kNetworkFields = {"cidr", "dns"};
const std::vector<std::string> kSharedFields = {"path", "export_options", "clients"};
const std::vector<std::string> kAutofsFields = {"mount_point", "options", "source"};
const std::vector<std::string> kPartsFields = {"nat", "nfs", "autofs", "packages"};
const std::vector<std::string> kExtraPackagesFields = {"master", "workers"};

Status checkCidr(std::string_view text) {
  auto network = net::parseCidr(text);
  return network ? okStatus() : Status(fail(network.error()));
}

/// The map under `key` of the root (nullopt when absent or not a map, which is reported).
std::optional<Entries> section(Diagnostics& d, const Entries& root, const std::string& key,
                               const std::vector<std::string>& fields, int& line) {
  const Entry* e = findEntry(root, key);
  if (e == nullptr) return std::nullopt;
  line = e->line;
  return detail::readMap(d, e->value, e->line, key, key + " fields", &fields);
}

std::optional<net::Cidr> readNetwork(Diagnostics& d, const Entries& root, ClusterSpec& spec) {
  std::optional<net::Cidr> network = *net::parseCidr(kDefaultClusterNetwork);
  int line = 0;
  auto f = section(d, root, "network", kNetworkFields, line);
  if (!f) return network;
  if (const Entry* e = findEntry(*f, "cidr")) {
    auto text = detail::readChecked(d, *e, "network.cidr", "a network", checkCidr);
    network = text ? std::optional<net::Cidr>(*net::parseCidr(*text)) : std::nullopt;
  }
  if (const Entry* e = findEntry(*f, "dns")) {
    auto dns =
        detail::readList(d, *e, "network.dns", "IPv4 address", detail::checkIpv4, false, false);
    if (dns) spec.workerDns = *dns;
  }
  return network;
}

/// Reads parts; `nfsLine` is where parts.nfs is written (0: not written).
void readParts(Diagnostics& d, const Entries& root, Parts& parts, int& nfsLine) {
  int line = 0;
  auto f = section(d, root, "parts", kPartsFields, line);
  if (!f) return;
  for (auto [key, flag] :
       {std::pair{"nat", &parts.nat}, std::pair{"nfs", &parts.nfs},
        std::pair{"autofs", &parts.autofs}, std::pair{"packages", &parts.packages}}) {
    if (const Entry* e = findEntry(*f, key)) {
      if (auto b = detail::readBool(d, *e, std::string("parts.") + key)) *flag = *b;
      if (std::string(key) == "nfs") nfsLine = e->line;
    }
  }
}

void readGateway(Diagnostics& d, const Entries& root, const std::optional<net::Cidr>& network,
                 ClusterSpec& spec) {
  const Entry* e = findEntry(root, "gateway");
  std::string word = "master";
  if (e != nullptr) {
    auto text = detail::readScalar(d, *e, "gateway", "master, none or an IPv4 address");
    if (!text) return;
    word = *text;
  }
  bool hasMaster = !spec.nodes.empty() && spec.nodes.front().role == Role::kMaster;
  if (word == "master") {
    if (hasMaster) spec.gateway = spec.master().address;
    return;
  }
  if (word == "none") return;
  auto address = net::parseIpv4(word);
  if (!address) {
    d.add(valueLine(*e), "gateway", "'" + word + "' is not master, none or an IPv4 address");
  } else if (network && !network->isHostAddress(*address)) {
    d.add(valueLine(*e), "gateway",
          word + " is not a host address of network.cidr " + network->str());
  } else if (auto worker = std::find_if(
                 spec.nodes.begin(), spec.nodes.end(),
                 [&](const NodeSpec& n) { return n.role == Role::kWorker && n.address == word; });
             worker != spec.nodes.end()) {
    d.add(
        valueLine(*e), "gateway",
        word + " is the address of worker " + worker->hostname + ", which cannot route via itself");
  } else {
    spec.gateway = word;
  }
}

void readShared(Diagnostics& d, const Entries& root, const std::optional<net::Cidr>& network,
                ClusterSpec& spec) {
  if (network) spec.shared.clients = {network->str()};
  int line = 0;
  auto f = section(d, root, "shared", kSharedFields, line);
  if (!f) return;
  if (const Entry* e = findEntry(*f, "path")) {
    auto path = detail::readChecked(d, *e, "shared.path", "a path", checkAbsolutePath);
    if (path) spec.shared.path = *path;
  }
  if (const Entry* e = findEntry(*f, "export_options")) {
    std::string joined;
    bool ok = true;
    if (e->value.IsSequence()) {
      for (std::size_t i = 0; i < e->value.size(); ++i) {
        Entry item{e->value[i], valueLine(*e)};
        auto field = "shared.export_options[" + std::to_string(i) + "]";
        auto option = detail::readScalar(d, item, field, "an export option");
        ok = ok && option.has_value();
        if (option) joined += (i == 0 ? "" : ",") + *option;
      }
    } else if (auto text = detail::readScalar(d, *e, "shared.export_options",
                                              "export options (text or a list)")) {
      joined = *text;
    } else {
      ok = false;
    }
    if (ok) {
      if (auto s = checkExportOptions(joined); !s) {
        d.add(valueLine(*e), "shared.export_options", s.error());
      } else {
        spec.shared.exportOptions = joined;
      }
    }
  }
  if (const Entry* e = findEntry(*f, "clients")) {
    auto clients =
        detail::readList(d, *e, "shared.clients", "export client", checkExportClient, true, false);
    if (clients && clients->empty()) {
      d.add(valueLine(*e), "shared.clients", "no clients (the export would be useless)");
    } else if (clients) {
      spec.shared.clients = *clients;
    }
  }
}

void readAutofs(Diagnostics& d, const Entries& root, int nfsLine, ClusterSpec& spec) {
  int line = 0;
  auto f = section(d, root, "autofs", kAutofsFields, line);
  const Entry* sourceEntry = f ? findEntry(*f, "source") : nullptr;
  if (f) {
    if (const Entry* e = findEntry(*f, "mount_point")) {
      auto path = detail::readChecked(d, *e, "autofs.mount_point", "a path", checkAbsolutePath);
      if (path) spec.autofs.mountPoint = *path;
    }
    if (const Entry* e = findEntry(*f, "options")) {
      auto options =
          detail::readChecked(d, *e, "autofs.options", "autofs options", checkAutofsOptions);
      if (options) spec.autofs.options = *options;
    }
  }
  if (spec.autofs.mountPoint.empty()) spec.autofs.mountPoint = spec.shared.path;
  bool hasMaster = !spec.nodes.empty() && spec.nodes.front().role == Role::kMaster;
  if (sourceEntry == nullptr) {
    if (spec.parts.autofs && !spec.parts.nfs) {
      d.add(line != 0 ? line : nfsLine, "autofs.source",
            "required when parts.nfs is off (the default is the master's export)");
    } else if (hasMaster && !spec.master().hostname.empty()) {
      spec.autofs.source = spec.master().hostname + ":" + spec.shared.path;
    }
    return;
  }
  auto text = detail::readScalar(d, *sourceEntry, "autofs.source", "host:/path");
  if (!text) return;
  auto source = parseNfsSource(*text);
  if (!source) {
    d.add(valueLine(*sourceEntry), "autofs.source", source.error());
    return;
  }
  bool fromMaster =
      hasMaster && (detail::lowerCase(source->host) == detail::lowerCase(spec.master().hostname) ||
                    source->host == spec.master().address);
  if (fromMaster && spec.parts.nfs && source->path != spec.shared.path) {
    d.add(valueLine(*sourceEntry), "autofs.source",
          "the master exports " + spec.shared.path + " (shared.path), not " + source->path);
    return;
  }
  spec.autofs.source = *text;
}

void readExtraPackages(Diagnostics& d, const Entries& root, ClusterSpec& spec) {
  int line = 0;
  auto f = section(d, root, "extra_packages", kExtraPackagesFields, line);
  if (!f) return;
  for (auto [key, out] : {std::pair{"master", &spec.masterExtraPackages},
                          std::pair{"workers", &spec.workerExtraPackages}}) {
    if (const Entry* e = findEntry(*f, key)) {
      auto names = detail::readList(d, *e, std::string("extra_packages.") + key, "package name",
                                    checkPackageName, false, false);
      if (names) *out = *names;
    }
  }
}

Result<ClusterSpec> parseRoot(const YAML::Node& root, const std::string& fileName) {
  Diagnostics d(fileName);
  const std::string expected = "expected a map with name, master and workers";
  if (root.IsNull()) {
    d.add(1, "cluster", "the file is empty (" + expected + ")");
    return fail(d.joined());
  }
  const int rootLine = detail::lineOf(root, 1);
  if (!root.IsMap()) {
    d.add(rootLine, "cluster", expected + ", got " + detail::describe(root));
    return fail(d.joined());
  }
  auto fields = detail::readMap(d, root, rootLine, "", "cluster fields", &kRootFields);
  ClusterSpec spec;
  spec.file = fileName;
  if (const Entry* e = findEntry(*fields, "name")) {
    auto name = detail::readChecked(d, *e, "name", "a cluster name", checkClusterName);
    if (name) spec.name = *name;
  } else {
    d.add(rootLine, "name", "missing required field");
  }
  auto network = readNetwork(d, *fields, spec);
  if (network) spec.network = *network;
  int nfsLine = rootLine;
  readParts(d, *fields, spec.parts, nfsLine);
  detail::readClusterNodes(d, *fields, rootLine, network, spec.parts.nat, spec);
  readGateway(d, *fields, network, spec);
  readShared(d, *fields, network, spec);
  readAutofs(d, *fields, nfsLine, spec);
  readExtraPackages(d, *fields, spec);
  if (!d.empty()) return fail(d.joined());
  return spec;
}

}  // namespace

Result<ClusterSpec> parseClusterSpec(const std::string& yamlText, const std::string& fileName) {
  try {
    return parseRoot(YAML::Load(yamlText), fileName);
  } catch (const YAML::Exception& e) {
    int line = e.mark.line >= 0 ? e.mark.line + 1 : 1;
    return fail(fileName + ":" + std::to_string(line) + ": YAML syntax error: " + e.msg);
  }
}

}  // namespace cb::spec
