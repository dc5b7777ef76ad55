// The master and the workers of a cluster spec (see cluster_spec_fields.hpp).
#include <algorithm>
#include <cstdio>
#include <map>

#include "net/hostname.hpp"
#include "spec/cluster_spec_fields.hpp"

namespace cb::spec::detail {
namespace {

const std::vector<std::string> kMasterFields = {"hostname", "address", "interface",
                                                "nat_interface", "dns", "mac", "node"};
const std::vector<std::string> kWorkerFields = {"hostname", "address", "interface", "mac",
                                                "node"};
const std::vector<std::string> kWorkersMapFields = {"pattern"};
const std::vector<std::string> kPatternFields = {"name", "count", "first_address", "interface"};

/// A node as read, with where its values were written (for uniqueness messages).
struct Draft {
  NodeSpec spec;
  std::string hostnameField, addressField, macField, nodeField;
  int hostnameLine = 0, addressLine = 0, macLine = 0, nodeLine = 0;
  std::optional<net::Ipv4> address;
};

/// An enrolled node id as `clusterbench keys list` and `nodes` show it: 32 hex digits.
Status checkNodeId(std::string_view text) {
  bool ok = text.size() == 32 && text.find_first_not_of("0123456789abcdefABCDEF") == text.npos;
  if (!ok) {
    return fail("'" + std::string(text) +
                "' is not a node id (expected the 32 hex digits `clusterbench nodes` shows)");
  }
  return okStatus();
}

/// Why `address` cannot be a node of `network`, or "".
std::string addressProblem(const net::Cidr& network, net::Ipv4 address) {
  auto text = address.str();
  if (!network.contains(address)) return text + " is outside network.cidr " + network.str();
  if (network.isHostAddress(address)) return "";
  return text + " is the " + (address == network.network() ? "network" : "broadcast") +
         " address of " + network.str();
}

struct NodeReader {
  Diagnostics& d;
  const std::optional<net::Cidr>& network;
  std::vector<Draft> drafts;

  /// An address entry checked against the network.
  std::optional<net::Ipv4> address(const Entry& e, const std::string& field) {
    auto a = readAddress(d, e, field);
    if (!a || !network) return a;
    if (auto why = addressProblem(*network, *a); !why.empty()) {
      d.add(valueLine(e), field, why);
      return std::nullopt;
    }
    return a;
  }

  /// hostname, address, interface and mac of an entry; a missing required one is reported.
  void common(const Entries& f, const std::string& path, Draft& out) {
    auto need = [&](const std::string& key) {
      const Entry* e = findEntry(f, key);
      if (e == nullptr) d.add(out.spec.line, path + "." + key, "missing required field");
      return e;
    };
    if (const Entry* e = need("hostname")) {
      out.hostnameField = path + ".hostname";
      out.hostnameLine = valueLine(*e);
      auto name = readChecked(d, *e, out.hostnameField, "a host name", net::checkHostLabel);
      if (name) out.spec.hostname = *name;
    }
    if (const Entry* e = need("address")) {
      out.addressField = path + ".address";
      out.addressLine = valueLine(*e);
      out.address = address(*e, out.addressField);
      if (out.address) out.spec.address = out.address->str();
    }
    if (const Entry* e = need("interface")) {
      auto name = readChecked(d, *e, path + ".interface", "an interface name", checkInterfaceName);
      if (name) out.spec.interface = *name;
    }
    if (const Entry* e = findEntry(f, "mac")) {
      out.macField = path + ".mac";
      out.macLine = valueLine(*e);
      auto macs = readList(d, *e, out.macField, "MAC address", checkMac, true, true);
      if (macs) out.spec.macs = *macs;
    }
    if (const Entry* e = findEntry(f, "node")) {
      out.nodeField = path + ".node";
      out.nodeLine = valueLine(*e);
      auto id = readChecked(d, *e, out.nodeField, "a node id", checkNodeId);
      if (id) out.spec.nodeId = lowerCase(*id);
    }
  }

  void master(const Entry& e, bool natOn, ClusterSpec& spec) {
    Draft draft;
    draft.spec.role = Role::kMaster;
    draft.spec.line = e.line;
    auto f = readMap(d, e.value, e.line, "master", "master fields", &kMasterFields);
    if (!f) return;
    common(*f, "master", draft);
    if (const Entry* n = findEntry(*f, "nat_interface")) {
      auto name =
          readChecked(d, *n, "master.nat_interface", "an interface name", checkInterfaceName);
      if (name) spec.natInterface = *name;
    } else if (natOn) {
      d.add(e.line, "master.nat_interface", "missing required field (parts.nat is on)");
    }
    if (const Entry* n = findEntry(*f, "dns")) {
      auto dns = readList(d, *n, "master.dns", "IPv4 address", checkIpv4, false, false);
      if (dns) spec.masterDns = *dns;
    }
    drafts.push_back(std::move(draft));
  }

  void worker(const YAML::Node& node, std::size_t index, int line) {
    Draft draft;
    draft.spec.line = lineOf(node, line);
    const std::string path = "workers[" + std::to_string(index) + "]";
    if (node.IsNull()) {
      d.add(draft.spec.line, path, "empty worker (expected hostname, address and interface)");
      return;
    }
    auto f = readMap(d, node, draft.spec.line, path, "worker fields", &kWorkerFields);
    if (!f) return;
    common(*f, path, draft);
    drafts.push_back(std::move(draft));
  }

  void pattern(const Entry& e);
  void workers(const Entry& e);
  void checkUnique();
};

/// "node{02}" -> prefix "node", first number 2, width 2, suffix "".
struct NameTemplate {
  std::string prefix, suffix;
  int first = 0;
  int width = 0;
  std::string name(int n) const {
    char digits[16];
    std::snprintf(digits, sizeof digits, "%0*d", width, n);
    return prefix + digits + suffix;
  }
};

std::optional<NameTemplate> parseTemplate(const std::string& text) {
  auto open = text.find('{');
  auto close = text.find('}');
  if (open == std::string::npos || close == std::string::npos || close < open + 2 ||
      close - open - 1 > 4 || text.find_first_of("{}", close + 1) != std::string::npos ||
      text.find('{', open + 1) < close) {
    return std::nullopt;
  }
  NameTemplate t{text.substr(0, open), text.substr(close + 1), 0,
                 static_cast<int>(close - open - 1)};
  for (std::size_t i = open + 1; i < close; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    t.first = t.first * 10 + (text[i] - '0');
  }
  return t;
}

void NodeReader::pattern(const Entry& e) {
  const std::string path = "workers.pattern";
  auto f = readMap(d, e.value, e.line, path, "pattern fields", &kPatternFields);
  if (!f) return;
  bool ok = true;
  auto need = [&](const std::string& key) {
    const Entry* entry = findEntry(*f, key);
    if (entry == nullptr) d.add(e.line, path + "." + key, "missing required field");
    ok = ok && entry != nullptr;
    return entry;
  };
  const Entry* nameEntry = need("name");
  const Entry* countEntry = need("count");
  const Entry* addressEntry = need("first_address");
  const Entry* interfaceEntry = need("interface");

  std::optional<NameTemplate> names;
  if (nameEntry != nullptr) {
    if (auto text = readScalar(d, *nameEntry, path + ".name", "a name pattern")) {
      names = parseTemplate(*text);
      if (!names) {
        d.add(valueLine(*nameEntry), path + ".name",
              "'" + *text +
                  "' needs exactly one {digits} placeholder (1 to 4 digits), e.g. "
                  "node{02}");
      }
    }
  }
  std::optional<std::int64_t> count;
  if (countEntry != nullptr) count = readInt(d, *countEntry, path + ".count", 1, kMaxPatternCount);
  std::optional<net::Ipv4> first;
  if (addressEntry != nullptr) first = address(*addressEntry, path + ".first_address");
  std::string interface;
  if (interfaceEntry != nullptr) {
    auto name = readChecked(d, *interfaceEntry, path + ".interface", "an interface name",
                            checkInterfaceName);
    if (name) interface = *name;
  }
  if (!ok || !names || !count || !first || interface.empty()) return;

  int last = names->first + static_cast<int>(*count) - 1;
  for (int n : {names->first, last}) {
    if (auto s = net::checkHostLabel(names->name(n)); !s) {
      d.add(valueLine(*nameEntry), path + ".name", "generates " + s.error());
      return;
    }
  }
  std::uint64_t lastAddress = std::uint64_t{first->value} + static_cast<std::uint64_t>(*count) - 1;
  if (network && (lastAddress > 0xffffffffu ||
                  !network->isHostAddress(net::Ipv4{static_cast<std::uint32_t>(lastAddress)}))) {
    const auto lastHost =
        network->prefix() < 31 ? net::Ipv4{network->last().value - 1} : network->last();
    d.add(valueLine(*countEntry), path + ".count",
          std::to_string(*count) + " workers from " + first->str() +
              " run past the last host address of " + network->str() + " (" + lastHost.str() + ")");
    return;
  }
  for (int i = 0; i < *count; ++i) {
    Draft draft;
    draft.spec.line = e.line;
    draft.spec.hostname = names->name(names->first + i);
    draft.address = first->plus(static_cast<std::uint32_t>(i));
    draft.spec.address = draft.address->str();
    draft.spec.interface = interface;
    draft.hostnameField = path + ".name";
    draft.hostnameLine = valueLine(*nameEntry);
    draft.addressField = path + ".first_address";
    draft.addressLine = valueLine(*addressEntry);
    drafts.push_back(std::move(draft));
  }
}

void NodeReader::workers(const Entry& e) {
  if (e.value.IsSequence()) {
    int previous = e.line;
    for (std::size_t i = 0; i < e.value.size(); ++i) {
      worker(e.value[i], i, previous);
      previous = lineOf(e.value[i], previous);
    }
    return;
  }
  if (!e.value.IsMap()) {
    d.add(valueLine(e), "workers",
          "expected a list of workers or {pattern: ...}, got " + describe(e.value));
    return;
  }
  auto f = readMap(d, e.value, e.line, "workers", "a pattern", &kWorkersMapFields);
  if (!f) return;
  if (const Entry* p = findEntry(*f, "pattern")) {
    pattern(*p);
  } else if (e.value.size() == 0) {
    d.add(e.line, "workers", "expected a list of workers or {pattern: ...}, got an empty map");
  }
}

void NodeReader::checkUnique() {
  std::vector<const Draft*> order;
  for (const auto& draft : drafts) order.push_back(&draft);
  std::stable_sort(order.begin(), order.end(),
                   [](const Draft* a, const Draft* b) { return a->spec.line < b->spec.line; });
  std::map<std::string, const Draft*> names;
  std::map<net::Ipv4, const Draft*> addresses;
  std::map<std::string, const Draft*> macs;
  std::map<std::string, const Draft*> nodeIds;
  for (const Draft* draft : order) {
    const NodeSpec& s = draft->spec;
    if (!s.hostname.empty()) {
      auto [it, fresh] = names.emplace(lowerCase(s.hostname), draft);
      if (!fresh) {
        d.add(draft->hostnameLine, draft->hostnameField,
              "host name '" + s.hostname + "' is already used at line " +
                  std::to_string(it->second->hostnameLine));
      }
    }
    if (draft->address) {
      auto [it, fresh] = addresses.emplace(*draft->address, draft);
      if (!fresh) {
        const Draft* other = it->second;
        d.add(draft->addressLine, draft->addressField,
              (s.hostname.empty() ? std::string("address ") : s.hostname + "'s address ") +
                  s.address + " is already the address of " +
                  (other->spec.hostname.empty() ? std::string("another node")
                                                : other->spec.hostname) +
                  " (line " + std::to_string(other->addressLine) + ")");
      }
    }
    if (!s.nodeId.empty()) {
      auto [it, fresh] = nodeIds.emplace(s.nodeId, draft);
      if (!fresh) {
        d.add(draft->nodeLine, draft->nodeField,
              "node " + s.nodeId + " is already given at line " +
                  std::to_string(it->second->nodeLine));
      }
    }
    for (const auto& mac : s.macs) {
      auto [it, fresh] = macs.emplace(mac, draft);
      if (!fresh) {
        d.add(draft->macLine, draft->macField,
              "MAC " + mac + " is already given at line " + std::to_string(it->second->macLine));
      }
    }
  }
}

}  // namespace

void readClusterNodes(Diagnostics& d, const Entries& root, int rootLine,
                      const std::optional<net::Cidr>& network, bool natOn, ClusterSpec& spec) {
  NodeReader r{d, network, {}};
  if (const Entry* e = findEntry(root, "master")) {
    r.master(*e, natOn, spec);
  } else {
    d.add(rootLine, "master", "missing required field");
  }
  if (const Entry* e = findEntry(root, "workers"); e != nullptr && !e->value.IsNull()) {
    r.workers(*e);
  }
  r.checkUnique();
  spec.nodes.clear();
  for (auto& draft : r.drafts) spec.nodes.push_back(std::move(draft.spec));
}

}  // namespace cb::spec::detail
