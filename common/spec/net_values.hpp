#pragma once
// Validators of the network and system values a node configuration carries (DESIGN §4), shared
// by the controller (cluster.yaml) and the agent (a received NodeConfig). Pure: no I/O.
// Addresses, networks and host names are net/ipv4.hpp's and net/hostname.hpp's.
//
// Each check returns an error message that describes the value but names no field (callers
// prefix their own field), e.g. "'-eth0' is not an interface name: it starts with '-'". Every
// accepted value is safe as one argv word and as one blank-separated field of /etc/hosts,
// /etc/exports, autofs maps and netplan YAML: none holds blanks, control characters or a leading
// '-'.
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace cb::spec {

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

/// Who an export is for (/etc/exports client): a network "a.b.c.d/len" or "a.b.c.d/m.m.m.m"
/// (net::parseCidr(), net::parseNetmaskNetwork()), or net::checkHostOrIpv4(). Wildcards are
/// refused.
Status checkExportClient(std::string_view text);

/// Options of an autofs map entry: "-" then comma-separated options from the allow-list:
/// fstype=nfs|nfs4, rw ro, hard soft, intr nointr, suid nosuid, dev nodev, exec noexec, sync
/// async, atime noatime, lock nolock, bg fg, tcp udp, proto=tcp|udp, vers= / nfsvers=
/// 3|4|4.0|4.1|4.2, port= timeo= retrans= rsize= wsize= actimeo= (decimal), sec=<flavors>.
/// No option may repeat or contradict another.
Status checkAutofsOptions(std::string_view text);

/// An NFS source "host:/path": host as net::checkHostOrIpv4(), path as
/// checkAbsolutePath().
struct NfsSource {
  std::string host;
  std::string path;
};
Result<NfsSource> parseNfsSource(std::string_view text);

}  // namespace cb::spec
