#include "os/run_as.hpp"

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cb::os {

Result<RunAs> lookupRunAs(const std::string& name) {
  long size = ::sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buf(static_cast<std::size_t>(size > 0 ? size : 16384));
  passwd pw{};
  passwd* found = nullptr;
  if (::getpwnam_r(name.c_str(), &pw, buf.data(), buf.size(), &found) != 0 || found == nullptr) {
    return fail("no user '" + name + "' on this node");
  }
  RunAs who;
  who.name = name;
  who.uid = static_cast<int>(found->pw_uid);
  who.gid = static_cast<int>(found->pw_gid);
  who.home = found->pw_dir ? found->pw_dir : "";
  int count = 16;
  std::vector<gid_t> groups(static_cast<std::size_t>(count));
  while (::getgrouplist(name.c_str(), found->pw_gid, groups.data(), &count) < 0) {
    groups.resize(static_cast<std::size_t>(count));
  }
  for (int i = 0; i < count; ++i) who.groups.push_back(static_cast<int>(groups[i]));
  return who;
}

void applyRunAs(ProcessSpec& spec, const RunAs& who) {
  if (who.uid < 0) return;
  spec.uid = who.uid;
  spec.gid = who.gid;
  spec.groups = who.groups;
}

std::string findInSystemPath(const std::string& program) {
  if (program.empty() || program.find('/') != std::string::npos) return {};
  std::string dirs = kMinimalPath;
  std::size_t start = 0;
  while (start <= dirs.size()) {
    auto end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string path = dirs.substr(start, end - start) + "/" + program;
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        ::access(path.c_str(), X_OK) == 0) {
      return path;
    }
    start = end + 1;
  }
  return {};
}

}  // namespace cb::os
