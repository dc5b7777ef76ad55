#include "vbox/vbox_plan.hpp"

#include <algorithm>
#include <cctype>

namespace cb::vbox {
namespace {

/// Letters, digits, '.', '_' and '-', starting with a letter or digit (so that it can never be
/// read as an option by VBoxManage), at most 63 characters.
bool isPlainName(const std::string& s) {
  if (s.empty() || s.size() > 63 || !std::isalnum(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
  });
}

/// `lowerSuffix` must be lower case; `s` is compared case-insensitively.
bool endsWith(const std::string& s, const std::string& lowerSuffix) {
  if (s.size() < lowerSuffix.size()) return false;
  return std::equal(lowerSuffix.rbegin(), lowerSuffix.rend(), s.rbegin(), [](char want, char c) {
    return std::tolower(static_cast<unsigned char>(c)) == want;
  });
}

}  // namespace

Status validateName(const std::string& name) {
  if (!isPlainName(name)) {
    return fail("--name '" + name +
                "': use letters, digits, '.', '_' and '-' (starting with a letter or digit, "
                "at most 63 characters)");
  }
  return okStatus();
}

Status validate(const CreateSpec& spec) {
  if (spec.templ.empty() || spec.templ[0] == '-') {
    return fail("--template '" + spec.templ + "': name an .ova/.ovf file or a registered VM");
  }
  if (auto s = validateName(spec.name); !s) return s;
  if (!isPlainName(spec.intnet)) {
    return fail("--intnet '" + spec.intnet + "': use letters, digits, '.', '_' and '-'");
  }
  if (spec.sshPort < 0 || spec.sshPort > 65535) {
    return fail("--ssh-port " + std::to_string(spec.sshPort) + ": must be 1-65535 (0 = none)");
  }
  if (spec.cpus < 1 || spec.cpus > 64) {
    return fail("--cpus " + std::to_string(spec.cpus) + ": must be 1-64");
  }
  if (spec.memoryMb < 256 || spec.memoryMb > 1024 * 1024) {
    return fail("--memory " + std::to_string(spec.memoryMb) + ": must be 256-1048576 MiB");
  }
  return okStatus();
}

bool isAppliance(const std::string& templ) {
  return endsWith(templ, ".ova") || endsWith(templ, ".ovf");
}

std::vector<Step> createSteps(const CreateSpec& spec) {
  const auto& vbm = spec.vboxManage;
  std::vector<Step> steps;
  if (isAppliance(spec.templ)) {
    // Without --options keepallmacs VirtualBox gives the imported NICs new MAC addresses.
    steps.push_back({{vbm, "import", spec.templ, "--vsys", "0", "--vmname", spec.name}});
  } else {
    steps.push_back({{vbm, "clonevm", spec.templ, "--name", spec.name, "--register"}});
  }
  Argv modify{vbm,
              "modifyvm",
              spec.name,
              "--cpus",
              std::to_string(spec.cpus),
              "--memory",
              std::to_string(spec.memoryMb),
              "--nic1",
              "nat",
              "--nic2",
              "intnet",
              "--intnet2",
              spec.intnet};
  if (spec.sshPort > 0) {
    modify.insert(modify.end(),
                  {"--natpf1", "ssh,tcp,127.0.0.1," + std::to_string(spec.sshPort) + ",,22"});
  }
  steps.push_back({std::move(modify)});
  if (spec.start) steps.push_back({{vbm, "startvm", spec.name, "--type", "headless"}});
  return steps;
}

std::vector<Step> destroySteps(const std::string& name, const std::string& vboxManage) {
  return {{{vboxManage, "controlvm", name, "poweroff"}, true},
          {{vboxManage, "unregistervm", name, "--delete"}, false}};
}

std::string shellLine(const Argv& argv) {
  std::string out;
  for (const auto& a : argv) {
    if (!out.empty()) out += ' ';
    bool plain = !a.empty() && std::all_of(a.begin(), a.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) ||
             std::string_view("@%+=:,./_-").find(c) != std::string_view::npos;
    });
    if (plain) {
      out += a;
      continue;
    }
    out += '\'';
    for (char c : a) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    out += '\'';
  }
  return out;
}

}  // namespace cb::vbox
