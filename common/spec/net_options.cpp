// Option lists of /etc/exports and autofs map entries, and export clients (see net_values.hpp).
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

#include "net/hostname.hpp"
#include "net/ipv4.hpp"
#include "spec/net_values.hpp"
#include "spec/suite_yaml.hpp"

namespace cb::spec {
namespace {

enum class Value { kNone, kNumber, kFsid, kSec, kWord };

/// One allowed option. Options sharing a non-empty `group` contradict each other.
struct OptionRule {
  std::string name;
  Value value = Value::kNone;
  std::string group;
  std::uint64_t max = 0;                // kNumber: inclusive upper bound (lower bound 0)
  std::vector<std::string> words = {};  // kWord: the allowed values
};

const std::vector<OptionRule>& exportRules() {
  static const std::vector<OptionRule> rules = {
      {"rw", Value::kNone, "access"},
      {"ro", Value::kNone, "access"},
      {"sync", Value::kNone, "sync"},
      {"async", Value::kNone, "sync"},
      {"root_squash", Value::kNone, "root_squash"},
      {"no_root_squash", Value::kNone, "root_squash"},
      {"all_squash", Value::kNone, "all_squash"},
      {"no_all_squash", Value::kNone, "all_squash"},
      {"subtree_check", Value::kNone, "subtree_check"},
      {"no_subtree_check", Value::kNone, "subtree_check"},
      {"secure", Value::kNone, "secure"},
      {"insecure", Value::kNone, "secure"},
      {"wdelay", Value::kNone, "wdelay"},
      {"no_wdelay", Value::kNone, "wdelay"},
      {"hide", Value::kNone, "hide"},
      {"nohide", Value::kNone, "hide"},
      {"crossmnt", Value::kNone, ""},
      {"fsid", Value::kFsid, ""},
      {"anonuid", Value::kNumber, "", 4294967294u},
      {"anongid", Value::kNumber, "", 4294967294u},
      {"sec", Value::kSec, ""},
  };
  return rules;
}

const std::vector<OptionRule>& autofsRules() {
  static const std::vector<std::string> versions = {"3", "4", "4.0", "4.1", "4.2"};
  static const std::vector<OptionRule> rules = {
      {"fstype", Value::kWord, "", 0, {"nfs", "nfs4"}},
      {"rw", Value::kNone, "access"},
      {"ro", Value::kNone, "access"},
      {"hard", Value::kNone, "hard"},
      {"soft", Value::kNone, "hard"},
      {"intr", Value::kNone, "intr"},
      {"nointr", Value::kNone, "intr"},
      {"suid", Value::kNone, "suid"},
      {"nosuid", Value::kNone, "suid"},
      {"dev", Value::kNone, "dev"},
      {"nodev", Value::kNone, "dev"},
      {"exec", Value::kNone, "exec"},
      {"noexec", Value::kNone, "exec"},
      {"sync", Value::kNone, "sync"},
      {"async", Value::kNone, "sync"},
      {"atime", Value::kNone, "atime"},
      {"noatime", Value::kNone, "atime"},
      {"lock", Value::kNone, "lock"},
      {"nolock", Value::kNone, "lock"},
      {"bg", Value::kNone, "bg"},
      {"fg", Value::kNone, "bg"},
      {"tcp", Value::kNone, "proto"},
      {"udp", Value::kNone, "proto"},
      {"proto", Value::kWord, "proto", 0, {"tcp", "udp"}},
      {"vers", Value::kWord, "vers", 0, versions},
      {"nfsvers", Value::kWord, "vers", 0, versions},
      {"port", Value::kNumber, "", 65535},
      {"timeo", Value::kNumber, "", 2147483647},
      {"retrans", Value::kNumber, "", 2147483647},
      {"rsize", Value::kNumber, "", 2147483647},
      {"wsize", Value::kNumber, "", 2147483647},
      {"actimeo", Value::kNumber, "", 2147483647},
      {"sec", Value::kSec, ""},
  };
  return rules;
}

bool isNumber(std::string_view text, std::uint64_t max) {
  std::uint64_t n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  return !text.empty() && ec == std::errc() && p == text.data() + text.size() && n <= max &&
         (text.size() == 1 || text[0] != '0');
}

/// Why `value` does not suit `rule`, or "".
std::string valueProblem(const OptionRule& rule, std::string_view value, bool hasValue) {
  if (rule.value == Value::kNone) {
    return hasValue ? "'" + rule.name + "' takes no value" : "";
  }
  if (!hasValue || value.empty()) return "'" + rule.name + "' needs a value";
  const std::string head = "'" + rule.name + "=" + std::string(value) + "': ";
  switch (rule.value) {
    case Value::kNumber:
      if (isNumber(value, rule.max)) return "";
      return head + "expected a number from 0 to " + std::to_string(rule.max);
    case Value::kFsid:
      if (value == "root" || isNumber(value, 4294967295u)) return "";
      return head + "expected a number or root";
    case Value::kWord:
      if (std::find(rule.words.begin(), rule.words.end(), value) != rule.words.end()) return "";
      return head + "expected " + detail::joinWords(rule.words, " or ");
    case Value::kSec: {
      const std::vector<std::string> flavors = {"sys", "krb5", "krb5i", "krb5p"};
      std::vector<std::string_view> seen;
      std::string_view rest = value;
      while (true) {
        auto colon = rest.find(':');
        auto flavor = rest.substr(0, colon);
        if (std::find(flavors.begin(), flavors.end(), flavor) == flavors.end() ||
            std::find(seen.begin(), seen.end(), flavor) != seen.end()) {
          return head + "expected distinct flavors from sys, krb5, krb5i, krb5p separated by ':'";
        }
        seen.push_back(flavor);
        if (colon == std::string_view::npos) return "";
        rest.remove_prefix(colon + 1);
      }
    }
    case Value::kNone:
      break;
  }
  return "";
}

/// Checks a comma list against `rules`; `what` names the kind of option in messages.
Status checkOptionList(std::string_view full, std::string_view list,
                       const std::vector<OptionRule>& rules, const std::string& what) {
  auto bad = [&](const std::string& why) { return fail("'" + std::string(full) + "': " + why); };
  if (list.empty()) return bad("no " + what + "s");
  std::vector<const OptionRule*> used;
  std::string_view rest = list;
  while (true) {
    auto comma = rest.find(',');
    auto option = rest.substr(0, comma);
    if (option.empty()) return bad("empty " + what + " (two commas or a comma at an end)");
    auto equals = option.find('=');
    std::string name(option.substr(0, equals));
    auto rule = std::find_if(rules.begin(), rules.end(),
                             [&](const OptionRule& r) { return r.name == name; });
    if (rule == rules.end()) {
      std::vector<std::string> names;
      for (const auto& r : rules) names.push_back(r.name);
      auto hint = detail::didYouMean(name, names);
      return bad("unknown " + what + " '" + name + "'" +
                 (hint.empty() ? " (allowed: " + detail::joinWords(names, ", ") + ")" : hint));
    }
    bool hasValue = equals != std::string_view::npos;
    auto value = hasValue ? option.substr(equals + 1) : std::string_view{};
    if (auto why = valueProblem(*rule, value, hasValue); !why.empty()) return bad(why);
    for (const OptionRule* earlier : used) {
      if (earlier == &*rule) return bad("'" + name + "' is given twice");
      if (!rule->group.empty() && earlier->group == rule->group) {
        return bad("'" + name + "' contradicts '" + earlier->name + "'");
      }
    }
    used.push_back(&*rule);
    if (comma == std::string_view::npos) return okStatus();
    rest.remove_prefix(comma + 1);
  }
}

}  // namespace

Status checkExportOptions(std::string_view text) {
  return checkOptionList(text, text, exportRules(), "export option");
}

Status checkAutofsOptions(std::string_view text) {
  if (text.empty() || text.front() != '-') {
    return fail("'" + std::string(text) + "': autofs options start with '-' (e.g. -fstype=nfs,rw)");
  }
  return checkOptionList(text, text.substr(1), autofsRules(), "autofs option");
}

Status checkExportClient(std::string_view text) {
  if (text.find('/') != std::string_view::npos) {
    auto slash = text.find('/');
    bool netmask = text.find('.', slash) != std::string_view::npos;
    auto network = netmask ? net::parseNetmaskNetwork(text) : net::parseCidr(text);
    if (!network) return fail(network.error());
    return okStatus();
  }
  if (net::checkHostOrIpv4(text)) return okStatus();
  return fail("'" + std::string(text) +
              "' is not an export client (a network such as 192.168.0.0/24, an IPv4 address or "
              "a host name)");
}

}  // namespace cb::spec
