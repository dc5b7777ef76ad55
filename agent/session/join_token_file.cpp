#include "session/join_token_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace cb::agent {

Result<std::string> readJoinTokenFile(const std::filesystem::path& path) {
  const std::string name = path.string();
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    if (errno == ENOENT) return std::string();
    if (errno == ELOOP) return fail("join token file " + name + " is a symlink; refusing it");
    return fail("cannot open join token file " + name + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return fail("join token file " + name + " is not a regular file");
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return fail("join token file " + name + " has mode " + mode +
                ": it must not be readable by group or others (chmod 600 " + name + ")");
  }
  std::string text(1025, '\0');
  ssize_t n = ::read(fd, text.data(), text.size());
  ::close(fd);
  if (n < 0) return fail("cannot read join token file " + name + ": " + std::strerror(errno));
  if (n > 1024) return fail("join token file " + name + " is longer than 1 KiB");
  text.resize(static_cast<std::size_t>(n));
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return fail("join token file " + name + " is empty");
  auto last = text.find_last_not_of(" \t\r\n");
  std::string token = text.substr(first, last - first + 1);
  if (token.find_first_of(" \t\r\n") != std::string::npos) {
    return fail("join token file " + name + " holds more than one word");
  }
  return token;
}

}  // namespace cb::agent
