// The environment labels every run carries, derived from the facts of its nodes.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "labels/environment_labels.hpp"

namespace {
using cb::labels::NodeEnvironment;
using cb::labels::withEnvironmentLabels;
using nlohmann::json;
}  // namespace

TEST_SUITE_BEGIN("repetition");

TEST_CASE("environment labels: agreeing nodes give their environment and technology") {
  std::vector<NodeEnvironment> vms{{"vm", "oracle"}, {"vm", "oracle"}, {"vm", "oracle"}};
  CHECK(withEnvironmentLabels(json::object(), vms) ==
        json{{"environment", "vm"}, {"virt_tech", "oracle"}});
  CHECK(withEnvironmentLabels({{"suite", "seed"}}, {{"container", "docker"}}) ==
        json{{"suite", "seed"}, {"environment", "container"}, {"virt_tech", "docker"}});
  CHECK(withEnvironmentLabels(json::object(), {{"bare", "none"}}) ==
        json{{"environment", "bare"}, {"virt_tech", "none"}});
}

TEST_CASE("environment labels: disagreeing nodes are mixed") {
  CHECK(withEnvironmentLabels(json::object(), {{"vm", "kvm"}, {"container", "podman"}}) ==
        json{{"environment", "mixed"}, {"virt_tech", "mixed"}});
  // Same kind, different technology: the environment still agrees.
  CHECK(withEnvironmentLabels(json::object(), {{"vm", "kvm"}, {"vm", "qemu"}}) ==
        json{{"environment", "vm"}, {"virt_tech", "mixed"}});
  CHECK(withEnvironmentLabels(json::object(),
                              {{"container", "systemd-nspawn"}, {"container", "podman"}}) ==
        json{{"environment", "container"}, {"virt_tech", "mixed"}});
}

TEST_CASE("environment labels: the user's labels win") {
  std::vector<NodeEnvironment> containers{{"container", "podman"}, {"container", "podman"}};
  // The user named the environment the nodes are in: the technology is still added.
  CHECK(withEnvironmentLabels({{"environment", "container"}}, containers) ==
        json{{"environment", "container"}, {"virt_tech", "podman"}});
  // The user named another environment: kept, and no technology that would contradict it.
  CHECK(withEnvironmentLabels({{"environment", "vm"}}, containers) == json{{"environment", "vm"}});
  // The user's technology is kept; the environment still comes from the nodes.
  CHECK(withEnvironmentLabels({{"virt_tech", "docker"}}, containers) ==
        json{{"virt_tech", "docker"}, {"environment", "container"}});
  CHECK(withEnvironmentLabels({{"environment", "vm"}, {"virt_tech", "oracle"}}, containers) ==
        json{{"environment", "vm"}, {"virt_tech", "oracle"}});
}

TEST_CASE("environment labels: nothing to derive from adds nothing") {
  CHECK(withEnvironmentLabels(json::object(), {}) == json::object());
  CHECK(withEnvironmentLabels(json::object(), {{"", ""}, {"vm", ""}}) ==
        json{{"environment", "vm"}});
  CHECK(withEnvironmentLabels(json(nullptr), {{"bare", "none"}}) ==
        json{{"environment", "bare"}, {"virt_tech", "none"}});
}

TEST_SUITE_END();
