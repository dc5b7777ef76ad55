#pragma once
// Applies node configurations off the event loop: the agent's session hands each applyConfig
// here; validation, planning and the appliers' commands (apt-get may take minutes) run on one
// worker thread, one config at a time in arrival order, and the encoded applyReport envelope is
// handed back on the io_context thread.
// Thread-safety: submit() and the destructor on the io thread only.
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "spec/node_config.hpp"

namespace boost::asio {
class io_context;
}

namespace cb::agent::config {

struct ConfigServiceOptions {
  std::filesystem::path root = "/";  // where configuration files live (a lab node's own tree)
  bool runServices = true;           // false: exportfs/systemctl/netplan apply listed, not run
};

class ConfigService {
 public:
  using ReplyFn = std::function<void(const std::string& envelope)>;
  ConfigService(boost::asio::io_context& io, ConfigServiceOptions options);
  /// Waits for the config being applied (if any) to finish; queued ones are dropped.
  ~ConfigService();

  void submit(std::string applyId, bool dryRun, spec::NodeConfig config, ReplyFn reply);

 private:
  struct Job {
    std::string applyId;
    bool dryRun = false;
    spec::NodeConfig config;
    ReplyFn reply;
  };
  void work();
  std::string runJob(const Job& job);

  boost::asio::io_context& io_;
  ConfigServiceOptions options_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace cb::agent::config
