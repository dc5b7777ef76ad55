// The environment spelling and the run-label rules (labels/environment.hpp, labels/run_labels.hpp).
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "labels/environment.hpp"
#include "labels/run_labels.hpp"

using cb::labels::Environment;

TEST_SUITE_BEGIN("labels");

TEST_CASE("environment: one spelling each, read back exactly") {
  for (auto e : cb::labels::kEnvironments) {
    auto back = cb::labels::parseEnvironment(cb::labels::toString(e));
    REQUIRE(back);
    CHECK((*back == e));
  }
  CHECK(std::string(cb::labels::toString(Environment::kVm)) == "vm");
  CHECK(std::string(cb::labels::toString(Environment::kContainer)) == "container");
  CHECK(std::string(cb::labels::toString(Environment::kBare)) == "bare");
  for (const char* bad : {"", "VM", "none", "mixed", "*", "bare ", "metal", "container\n"}) {
    CHECK_FALSE_MESSAGE(cb::labels::parseEnvironment(bad), bad);
  }
  CHECK(cb::labels::parseEnvironment("VM").error() ==
        "environment must be vm, container or bare (got 'VM')");
}

TEST_CASE("environment: the facts' virt_kind, where none is bare") {
  CHECK((*cb::labels::environmentFromVirtKind("none") == Environment::kBare));
  CHECK((*cb::labels::environmentFromVirtKind("vm") == Environment::kVm));
  CHECK((*cb::labels::environmentFromVirtKind("container") == Environment::kContainer));
  CHECK(cb::labels::environmentFromVirtKind("bare").error() ==
        "virt_kind must be none, vm or container (got 'bare')");
  CHECK_FALSE(cb::labels::environmentFromVirtKind(""));
}

TEST_CASE("labels: keys, values and the environment label") {
  for (const char* good : {"suite", "_x", "a.b-c_9", "Study"}) {
    CHECK_MESSAGE(cb::labels::isLabelKey(good), good);
  }
  CHECK(cb::labels::isLabelKey(std::string(64, 'k')));
  for (const char* bad : {"", "9a", "-a", ".a", "a b", "a=b", "a/b", "ä"}) {
    CHECK_FALSE_MESSAGE(cb::labels::isLabelKey(bad), bad);
  }
  CHECK_FALSE(cb::labels::isLabelKey(std::string(65, 'k')));

  CHECK(cb::labels::checkLabel("note", "two words, fine"));
  CHECK(cb::labels::checkLabel("note", ""));
  CHECK(cb::labels::checkLabel("note", std::string(256, 'v')));
  CHECK(cb::labels::checkLabel("note", std::string(257, 'v')).error() ==
        "label 'note' must be printable text of at most 256 characters");
  CHECK_FALSE(cb::labels::checkLabel("note", "a\tb"));
  CHECK(cb::labels::checkLabel("bad key", "x").error() ==
        "label key 'bad key' must be a letter or '_' then letters, digits, '_', '.', '-' (at most "
        "64 characters)");

  // Only a run's environment label is restricted; a sample may carry any printable value.
  CHECK(cb::labels::checkLabel("environment", "lab"));
  CHECK(cb::labels::checkRunLabel("environment", "container"));
  CHECK(cb::labels::checkRunLabel("environment", "lab").error() ==
        "label environment must be vm, container or bare (got 'lab')");
  CHECK(cb::labels::checkRunLabel("virt_tech", "kvm"));
}

TEST_CASE("run labels: at most 32, the first bad one is the error") {
  std::map<std::string, std::string> labels{{"environment", "vm"}, {"suite", "seed"}};
  CHECK(cb::labels::checkRunLabels(labels));
  CHECK(cb::labels::checkRunLabels({}));
  labels["environment"] = "bare-metal";
  CHECK(cb::labels::checkRunLabels(labels).error() ==
        "label environment must be vm, container or bare (got 'bare-metal')");
  std::map<std::string, std::string> many;
  for (int i = 0; i < 32; ++i) many["k" + std::to_string(i)] = "v";
  CHECK(cb::labels::checkRunLabels(many));
  many["k32"] = "v";
  CHECK(cb::labels::checkRunLabels(many).error() == "33 labels, at most 32");
}

TEST_SUITE_END();
