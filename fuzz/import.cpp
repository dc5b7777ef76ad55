// Fuzz target: the importRun document as the daemon receives it on the control socket
// (imports::readImportDocumentText): strict JSON checking against the catalog and the limits.
#include "bench/catalog.hpp"
#include "fuzz_input.hpp"
#include "import/saved_outputs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const cb::bench::Catalog catalog = cb::bench::makeDefaultCatalog();
  auto doc = cb::imports::readImportDocumentText(cb::fuzz::text(data, size), catalog);
  if (!doc) return 0;
  cb::fuzz::require(!doc->results.empty(), "an accepted document has results");
  return 0;
}
