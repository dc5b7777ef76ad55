#pragma once
// Shared by the suite tests: the catalog they validate against and fixture readers.
#include <doctest/doctest.h>

#include <string>

#include "bench/catalog.hpp"
#include "os/atomic_file.hpp"
#include "spec/suite.hpp"

namespace cb::test {

inline const cb::bench::Catalog& suiteCatalog() {
  static const cb::bench::Catalog c = cb::bench::makeDefaultCatalog();
  return c;
}

inline std::string suiteFixture(const std::string& name) {
  auto text = cb::os::readFile(std::string(CB_TEST_DATA) + "/suites/" + name);
  REQUIRE_MESSAGE(text, name);
  return *text;
}

/// The error of parsing fixture `name`, labelled "x.yaml" so messages are exact.
inline std::string suiteFixtureError(const std::string& name) {
  auto s = cb::spec::parseSuite(suiteFixture(name), "x.yaml", suiteCatalog());
  REQUIRE_FALSE(s);
  return s.error();
}

inline std::string suiteInlineError(const std::string& text) {
  auto s = cb::spec::parseSuite(text, "x.yaml", suiteCatalog());
  REQUIRE_FALSE(s);
  return s.error();
}

inline std::string shippedSuite(const std::string& name) {
  return std::string(CB_TEST_DATA) + "/../../suites/" + name;
}

}  // namespace cb::test
