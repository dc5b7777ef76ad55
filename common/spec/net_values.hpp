#pragma once
// Validators of the network and system values a node configuration carries (DESIGN §4), shared
// by the controller (cluster.yaml) and the agent (a received NodeConfig). Pure: no I/O.
//
// Each check returns an error message that describes the value but names no field (callers
// prefix their own field), e.g. "'node_2' is not an RFC 1123 host name (...)". Every accepted
// value is safe as one argv word and as one blank-separated field of /etc/hosts, /etc/exports,
// autofs maps and netplan YAML: none holds blanks, control characters or a leading '-'.
#include <cstdint>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace cb::spec {

/// An IPv4 network in host byte order: `network` has no host bits set.
struct Ipv4Cidr {
  std::uint32_t network = 0;
  int prefixLength = 0;  // 0..32

  std::uint32_t mask() const;
  /// The last address of the network (the broadcast address below /31).
  std::uint32_t last() const;
  bool contains(std::uint32_t address) const;
  /// True when `address` may be given to a host: inside the network and, below /31, neither the
  /// network nor the broadcast address (RFC 3021 lets /31 and /32 use every address).
  bool isHostAddress(std::uint32_t address) const;
  /// "192.168.0.0/24".
  std::string str() const;
  bool operator==(const Ipv4Cidr&) const = default;
};

/// An interface address: "192.168.0.1/24".
struct Ipv4Interface {
  std::uint32_t address = 0;
  int prefixLength = 0;
  Ipv4Cidr network() const;
};

/// Dotted quad "a.b.c.d": four decimal octets 0-255 without leading zeros (inet_aton would read
/// "010" as octal 8, so such text is refused rather than guessed).
Result<std::uint32_t> parseIpv4(std::string_view text);
std::string formatIpv4(std::uint32_t address);

/// "a.b.c.d/len" naming a network: len 0..32 and no host bits set (the error suggests the
/// network when they are).
Result<Ipv4Cidr> parseCidr(std::string_view text);
/// "a.b.c.d/m.m.m.m" naming a network with a contiguous netmask, as /etc/exports accepts it.
Result<Ipv4Cidr> parseNetmaskNetwork(std::string_view text);
/// "a.b.c.d/len" with len 1..32 naming a host of that network (not its network or broadcast
/// address below /31).
Result<Ipv4Interface> parseIpv4Interface(std::string_view text);

/// One RFC 1123 label: 1-63 letters, digits and '-', not starting or ending with '-', and not
/// all digits (a numeric name reads as an address). This is what /etc/hostname holds.
Status checkHostLabel(std::string_view text);
/// An RFC 1123 host name: dot-separated labels as checkHostLabel() (the last one not all
/// digits, earlier ones may be), at most 253 characters.
Status checkHostname(std::string_view text);
/// A cluster name: 1-63 characters from [a-z0-9-], not starting or ending with '-'.
Status checkClusterName(std::string_view text);

/// An absolute, clean path below "/": starts with '/', no empty ("//"), "." or ".." component,
/// no trailing '/', no blank or control character, at most 4095 bytes.
Status checkAbsolutePath(std::string_view text);

/// A Linux interface name: 1-15 bytes (IFNAMSIZ - 1), not "." or "..", no '/', ':' or blank
/// (the kernel's rules), further limited to letters, digits, '_', '.' and '-' and not starting
/// with '-' so it is safe in iptables argv and netplan keys.
Status checkInterfaceName(std::string_view text);

/// "08:00:27:be:2e:41" in either case: six pairs of hex digits separated by ':'.
Status checkMac(std::string_view text);
/// The lower-case form of a MAC address checkMac() accepts.
std::string normalizeMac(std::string_view text);

/// A Debian package name (Debian Policy §5.6.1): at least two characters from [a-z0-9+.-],
/// starting with a letter or digit.
Status checkPackageName(std::string_view text);

/// /etc/exports options, comma-separated, each from the allow-list: rw ro sync async
/// root_squash no_root_squash all_squash no_all_squash subtree_check no_subtree_check secure
/// insecure wdelay no_wdelay hide nohide crossmnt, fsid=<number|root>, anonuid=<n>,
/// anongid=<n> (n 0..4294967294), sec=<flavors> (':'-separated from sys krb5 krb5i krb5p).
/// No option may repeat or contradict another (rw with ro, sync with async, ...).
Status checkExportOptions(std::string_view text);

/// Who an export is for (/etc/exports client): a network "a.b.c.d/len" or "a.b.c.d/m.m.m.m",
/// an IPv4 address, or an RFC 1123 host name. Wildcards are refused.
Status checkExportClient(std::string_view text);

/// Options of an autofs map entry: "-" then comma-separated options from the allow-list:
/// fstype=nfs|nfs4, rw ro, hard soft, intr nointr, suid nosuid, dev nodev, exec noexec, sync
/// async, atime noatime, lock nolock, bg fg, tcp udp, proto=tcp|udp, vers= / nfsvers=
/// 3|4|4.0|4.1|4.2, port= timeo= retrans= rsize= wsize= actimeo= (decimal), sec=<flavors>.
/// No option may repeat or contradict another.
Status checkAutofsOptions(std::string_view text);

/// An NFS source "host:/path": host an IPv4 address or RFC 1123 host name, path as
/// checkAbsolutePath().
struct NfsSource {
  std::string host;
  std::string path;
};
Result<NfsSource> parseNfsSource(std::string_view text);

}  // namespace cb::spec
