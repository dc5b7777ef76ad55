#include "support/http.hpp"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <thread>

namespace cb::test {

// GET of an "http://127.0.0.1:PORT/path" url; returns the body of a 200 response.
std::string httpGet(const std::string& url) {
  const std::string prefix = "http://127.0.0.1:";
  REQUIRE(url.rfind(prefix, 0) == 0);
  const auto slash = url.find('/', prefix.size());
  REQUIRE(slash != std::string::npos);
  const int port = std::stoi(url.substr(prefix.size(), slash - prefix.size()));
  const std::string path = url.substr(slash);

  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  timeval timeout{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);

  const std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
  REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size()));
  std::string response;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    REQUIRE_MESSAGE(n >= 0, "recv failed or timed out");
    if (n == 0) break;
    response.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);

  INFO("response: " << response.substr(0, 300));
  REQUIRE(response.rfind("HTTP/1.", 0) == 0);
  REQUIRE(response.find(" 200 ") != std::string::npos);
  const auto bodyAt = response.find("\r\n\r\n");
  REQUIRE(bodyAt != std::string::npos);
  return response.substr(bodyAt + 4);
}

// Runs argv with `input` on its stdin (a stream socket, written by a helper thread so a large
// input cannot deadlock against the child's output) and collects stdout+stderr.
ChildResult runWithInput(const std::vector<std::string>& argv, const std::string& input) {
  int in[2];
  int out[2];
  REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) == 0);
  REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(in[1], STDIN_FILENO);
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(out[1], STDERR_FILENO);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::close(in[1]);
  ::close(out[1]);
  std::thread writer([fd = in[0], &input] {
    std::size_t done = 0;
    while (done < input.size()) {
      const ssize_t n = ::send(fd, input.data() + done, input.size() - done, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // child closed stdin early; its exit status tells why
      done += static_cast<std::size_t>(n);
    }
    ::shutdown(fd, SHUT_WR);
  });
  ChildResult result;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    result.output.append(buf, static_cast<std::size_t>(n));
  }
  writer.join();
  ::close(in[0]);
  ::close(out[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  return result;
}

}  // namespace cb::test
