#pragma once
// Internal to the cluster spec parser: readers of checked scalars and lists, and the reader of
// the master and workers. Each reports its problems to the Diagnostics and returns std::nullopt
// for what it could not read.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/cluster_spec.hpp"
#include "spec/suite_yaml.hpp"

namespace cb::spec::detail {

/// A validator from net_values.hpp.
using Check = Status (*)(std::string_view);

/// The entry for `key`, or nullptr.
const Entry* findEntry(const Entries& entries, const std::string& key);
/// 1-based line of an entry's value (the key's line when the value has none).
int valueLine(const Entry& e);

/// A scalar passing `check`; `what` completes "expected ...".
std::optional<std::string> readChecked(Diagnostics& d, const Entry& e, const std::string& field,
                                       const std::string& what, Check check);
/// true or false.
std::optional<bool> readBool(Diagnostics& d, const Entry& e, const std::string& field);
/// A dotted IPv4 address.
std::optional<net::Ipv4> readAddress(Diagnostics& d, const Entry& e, const std::string& field);
/// A list of scalars each passing `check`, without repeats (`ignoreCase`: compared and
/// returned in lower case); a single scalar reads as a one-item list when `scalarOk`, nothing
/// as an empty list. Bad items are reported and left out.
std::optional<std::vector<std::string>> readList(Diagnostics& d, const Entry& e,
                                                 const std::string& field, const std::string& what,
                                                 Check check, bool scalarOk, bool ignoreCase);

/// Lower-case copy (ASCII).
std::string lowerCase(std::string_view text);
/// Status of an address parse, for readList().
Status checkIpv4(std::string_view text);

/// Reads `master` and `workers` of the root map into spec.nodes (master first), with
/// spec.natInterface and spec.masterDns. Addresses are checked against `network` when it is
/// known; host names, addresses and MACs must be unique across the file. `natOn`: whether
/// master.nat_interface is required.
void readClusterNodes(Diagnostics& d, const Entries& root, int rootLine,
                      const std::optional<net::Cidr>& network, bool natOn, ClusterSpec& spec);

}  // namespace cb::spec::detail
