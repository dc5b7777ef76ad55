#pragma once
// Conversions between bench::Sample and the wire's Sample struct.
#include "bench/sample.hpp"
#include "schemas/protocol.capnp.h"

namespace cb::wire {

void writeSamples(const bench::Samples& samples, capnp::List<proto::Sample>::Builder out);
bench::Samples readSamples(capnp::List<proto::Sample>::Reader in);

}  // namespace cb::wire
