// clusterbench-mpi-rsh: Open MPI's plm_rsh_agent without SSH. mpirun runs it as
//   clusterbench-mpi-rsh <host> <orted command words...>
// inside a task the controller started; it asks the local agent (CB_AGENT_SPAWN) to have the
// agent on <host> run the command for job CB_MPI_JOB, relays the command's stdout/stderr and
// exits with its status. Anything not an orted launch of that job is refused by the controller.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "wire/envelope.hpp"

int main(int argc, char** argv) {
  const char* endpoint = std::getenv("CB_AGENT_SPAWN");
  const char* job = std::getenv("CB_MPI_JOB");
  if (argc < 3 || !endpoint || !job) {
    std::fprintf(stderr,
                 "usage: clusterbench-mpi-rsh HOST COMMAND...\n"
                 "(run by mpirun inside a clusterbench task: needs CB_AGENT_SPAWN and "
                 "CB_MPI_JOB)\n");
    return 255;
  }
  zmq::context_t ctx(1);
  zmq::socket_t s(ctx, zmq::socket_type::dealer);
  s.set(zmq::sockopt::linger, 1000);
  s.connect(endpoint);
  std::string request = cb::wire::buildEnvelope(0, [&](cb::proto::Envelope::Body::Builder b) {
    auto r = b.initSpawnRequest();
    r.setSpawnId(std::to_string(::getpid()));
    r.setJobToken(job);
    r.setHost(argv[1]);
    auto words = r.initWords(static_cast<unsigned>(argc - 2));
    for (int i = 2; i < argc; ++i) words.set(static_cast<unsigned>(i - 2), argv[i]);
  });
  s.send(zmq::buffer(request), zmq::send_flags::none);
  while (true) {
    zmq::message_t msg;
    if (!s.recv(msg)) continue;
    auto in =
        cb::wire::readEnvelope(std::string_view(static_cast<const char*>(msg.data()), msg.size()));
    if (!in) continue;
    auto body = in->envelope.getBody();
    if (body.which() == cb::proto::Envelope::Body::SPAWN_OUTPUT) {
      auto o = body.getSpawnOutput();
      auto data = o.getData();
      std::FILE* f = o.getStream() == 2 ? stderr : stdout;
      std::fwrite(data.begin(), 1, data.size(), f);
      std::fflush(f);
    } else if (body.which() == cb::proto::Envelope::Body::SPAWN_EXIT) {
      auto e = body.getSpawnExit();
      if (e.getMessage().size() > 0) std::fprintf(stderr, "%s\n", e.getMessage().cStr());
      int code = e.getExitCode();
      return code < 0 ? 128 - code : code;
    }
  }
}
