#pragma once
// Where a node runs, in the one spelling every part uses: the agent's facts, the registry, the
// `environment` run label, suites' performance references, metrics labels and reports. Pure.
#include <array>
#include <string_view>

#include "util/result.hpp"

namespace cb::labels {

/// A virtual machine, a container (innermost wins: a container in a VM is a container), or
/// neither.
enum class Environment { kVm, kContainer, kBare };

/// Every environment, in the order reports list them.
inline constexpr std::array<Environment, 3> kEnvironments = {
    Environment::kVm, Environment::kContainer, Environment::kBare};

/// "vm" | "container" | "bare".
const char* toString(Environment environment);

/// The inverse of toString(), exact and case-sensitive; the error names the value and the three
/// spellings: "environment must be vm, container or bare (got 'VM')".
Result<Environment> parseEnvironment(std::string_view text);

/// The facts' virt_kind ("vm", "container" or "none", the lower-case names of VirtKind in
/// schemas/protocol.capnp, where "none" is bare). Errors name the value.
Result<Environment> environmentFromVirtKind(std::string_view virtKind);

/// The `environment` (and `virt_tech`) run label of a run whose nodes differ in it.
inline constexpr std::string_view kMixed = "mixed";

}  // namespace cb::labels
