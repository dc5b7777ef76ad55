#include "labels/environment.hpp"

#include <string>

#include "util/quoted.hpp"

namespace cb::labels {

const char* toString(Environment environment) {
  switch (environment) {
    case Environment::kVm:
      return "vm";
    case Environment::kContainer:
      return "container";
    case Environment::kBare:
      return "bare";
  }
  return "?";
}

Result<Environment> parseEnvironment(std::string_view text) {
  for (auto e : kEnvironments) {
    if (text == toString(e)) return e;
  }
  return fail("environment must be vm, container or bare (got " + quoted(text) + ")");
}

Result<Environment> environmentFromVirtKind(std::string_view virtKind) {
  if (virtKind == "none") return Environment::kBare;
  if (virtKind == "vm") return Environment::kVm;
  if (virtKind == "container") return Environment::kContainer;
  return fail("virt_kind must be none, vm or container (got " + quoted(virtKind) + ")");
}

}  // namespace cb::labels
