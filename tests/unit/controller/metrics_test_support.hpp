#pragma once
// Shared by the /metrics unit tests: an exposer on a free loopback port and one node's resources.
#include <doctest/doctest.h>

#include <memory>

#include "metrics/metrics.hpp"

namespace cb::test {

inline std::unique_ptr<cb::metrics::Metrics> startMetricsOnAnyPort() {
  auto started = cb::metrics::Metrics::start("127.0.0.1:0");
  REQUIRE_MESSAGE(started.ok(), (started.ok() ? "" : started.error()));
  return std::move(started).value();
}

inline cb::metrics::NodeResources sampleNodeResources() {
  cb::metrics::NodeResources r;
  r.cpu = {{"user", 120.5}, {"system", 30.25}, {"idle", 4000}};
  r.load1 = 0.5;
  r.load5 = 0.75;
  r.load15 = 1.25;
  r.memoryTotalBytes = 8589934592;
  r.memoryAvailableBytes = 4294967296;
  r.interfaces = {{"eth0", 1e9, 2e6, 1e6, 3e4}, {"lo", 5000, 5000, 50, 50}};
  r.disks = {{"vda", 4096, 8192, 1, 2}};
  return r;
}

}  // namespace cb::test
