#include "lab/netns_provider.hpp"

#include "lab/ip_output.hpp"

namespace cb::lab {
namespace {

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace

Result<std::string> NetnsProvider::output(const Argv& argv) const {
  os::ProcessExit e = run_(argv);
  if (!e.started) return fail("`" + describeArgv(argv) + "` did not start: " + e.error);
  if (e.exitCode != 0 || e.timedOut) {
    std::string why = e.timedOut ? "timed out" : "exit " + std::to_string(e.exitCode);
    std::string err = trimmed(e.err);
    return fail("`" + describeArgv(argv) + "` failed (" + why + ")" +
                (err.empty() ? "" : ": " + err));
  }
  return e.out;
}

Status NetnsProvider::run(const Argv& argv) const {
  auto out = output(argv);
  if (!out) return fail(out.error());
  return okStatus();
}

Status NetnsProvider::runAll(const std::vector<Argv>& commands) const {
  for (const auto& argv : commands) {
    if (auto s = run(argv); !s) return s;
  }
  return okStatus();
}

Result<HostNetwork> NetnsProvider::snapshot() const {
  auto ns = output({"ip", "netns", "list"});
  if (!ns) return fail(ns.error());
  auto links = output({"ip", "-o", "link", "show"});
  if (!links) return fail(links.error());
  HostNetwork h;
  for (auto& n : parseNetnsList(*ns)) h.namespaces.insert(std::move(n));
  for (auto& l : parseLinkNames(*links)) h.links.insert(std::move(l));
  return h;
}

Status NetnsProvider::checkFree(const LabPlan& plan) const {
  auto now = snapshot();
  if (!now) return fail(now.error());
  auto taken = [&](const std::string& what, const std::string& name) {
    return fail(what + " '" + name + "' already exists on this host (another lab with --prefix " +
                plan.prefix + "?); run `clusterbench lab down` for it or choose another --prefix");
  };
  if (now->links.count(plan.bridge)) return taken("link", plan.bridge);
  for (const auto& n : plan.nodes) {
    if (now->namespaces.count(n.netns)) return taken("network namespace", n.netns);
    if (now->links.count(n.hostVeth)) return taken("link", n.hostVeth);
  }
  auto addrs = output({"ip", "-o", "-4", "addr", "show"});
  if (!addrs) return fail(addrs.error());
  for (const auto& a : parseIpv4Addresses(*addrs)) {
    auto ip = net::parseIpv4(a.cidr.substr(0, a.cidr.find('/')));
    if (ip && plan.subnet.contains(*ip)) {
      return fail("subnet " + plan.subnet.str() + " is already in use on this host (" +
                  a.interface + " has " + a.cidr + "); choose another --subnet");
    }
  }
  return okStatus();
}

Status NetnsProvider::deleteLinkIfPresent(const std::string& link, const HostNetwork& now) const {
  if (link.empty() || !now.links.count(link)) return okStatus();
  auto s = run(linkDeleteCommand(link));
  if (s) return s;
  // The kernel may have deleted it meanwhile (a veth goes when its peer's namespace goes, a
  // moment after `ip netns del` returns): absent is what was asked for.
  auto after = snapshot();
  if (after && !after->links.count(link)) return okStatus();
  return s;
}

Status NetnsProvider::deleteNetnsIfPresent(const std::string& netns, const HostNetwork& now) const {
  if (netns.empty() || !now.namespaces.count(netns)) return okStatus();
  return run(netnsDeleteCommand(netns));
}

}  // namespace cb::lab
