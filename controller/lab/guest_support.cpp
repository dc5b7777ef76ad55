#include "lab/guest_support.hpp"

#include "lab/detached_process.hpp"
#include "os/atomic_file.hpp"

namespace cb::lab {

std::string agentConfFile(const std::string& dialEndpoint) {
  return "# written by clusterbench lab up\n"
         "controller = \"" +
         dialEndpoint +
         "\"\n"
         "controller-key = \"/etc/clusterbench/controller.pub\"\n"
         "state-dir = \"/var/lib/clusterbench/agent\"\n"
         "heartbeat-ms = 1000\n";
}

Status writeGuestConfig(const std::filesystem::path& root, const NodePlan& node,
                        const std::string& dialEndpoint, const std::string& controllerKey) {
  std::error_code ec;
  std::filesystem::create_directories(root / "etc/clusterbench", ec);
  if (ec)
    return fail("cannot create " + (root / "etc/clusterbench").string() + ": " + ec.message());
  struct File {
    const char* path;
    std::string text;
  };
  const File files[] = {
      {"etc/hostname", node.hostname + "\n"},
      {"etc/hosts", "127.0.0.1\tlocalhost\n" + node.address + "\t" + node.hostname + "\n"},
      {"etc/clusterbench/agent.conf", agentConfFile(dialEndpoint)},
      {"etc/clusterbench/controller.pub", controllerKey + "\n"},
  };
  for (const auto& f : files) {
    if (auto s = os::writeFileAtomic(root / f.path, f.text, 0644); !s) return s;
  }
  return okStatus();
}

Result<std::string> commandOutput(const CommandRunner& run, const Argv& argv) {
  os::ProcessExit e = run(argv);
  if (!e.started) return fail("`" + describeArgv(argv) + "` did not start: " + e.error);
  if (e.exitCode != 0 || e.timedOut) {
    std::string err = e.err;
    while (!err.empty() && (err.back() == '\n' || err.back() == ' ')) err.pop_back();
    return fail("`" + describeArgv(argv) + "` failed (" +
                (e.timedOut ? std::string("timed out") : "exit " + std::to_string(e.exitCode)) +
                ")" + (err.empty() ? "" : ": " + err));
  }
  return e.out;
}

std::string consoleTail(const std::filesystem::path& log) {
  return "last lines of " + log.string() + ":\n" + logTail(log);
}

}  // namespace cb::lab
