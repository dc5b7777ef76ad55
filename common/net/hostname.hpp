#pragma once
// Host names (RFC 1123 §2.1, with RFC 3696 §2's rule that a name is never all-numeric): the one
// checker the cluster spec, node configs, suites, benchmark parameters and imports use. Pure.
//
// Errors name the value in quotes and say what is wrong, e.g. "'node_2' is not an RFC 1123 host
// name: it has '_' (letters, digits and '-' only)". Every accepted value is safe as one argv
// word and as one blank-separated field of /etc/hosts: no blank, no control character, no
// leading '-'.
#include <string_view>

#include "util/result.hpp"

namespace cb::net {

/// One label: 1-63 letters, digits and '-', not starting or ending with '-', and not all digits
/// (a numeric name reads as an address). This is what /etc/hostname holds.
Status checkHostLabel(std::string_view text);

/// A host name: dot-separated labels as checkHostLabel() (the last one not all digits, earlier
/// ones may be), at most 253 characters, no trailing dot.
Status checkHostname(std::string_view text);

/// What names a peer: an IPv4 address (parseIpv4()) or a host name (checkHostname()). Text of
/// digits and dots only is an address (a host name's last label is never numeric), and the error
/// is the one parseIpv4() gives; otherwise it is checkHostname()'s.
Status checkHostOrIpv4(std::string_view text);

}  // namespace cb::net
