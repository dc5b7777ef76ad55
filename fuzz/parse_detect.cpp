// Fuzz target: what `clusterbench parse FILE` does with a file's content, without --tool: split
// it into reports, detect each report's tool among the catalog and parse it
// (imports::parseSavedReports), then build the --json output (imports::samplesToJson) and the
// documents `clusterbench import` would send (imports::buildImportDocuments).
#include "bench/catalog.hpp"
#include "fuzz_input.hpp"
#include "import/saved_outputs.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const cb::bench::Catalog catalog = cb::bench::makeDefaultCatalog();
  auto reports =
      cb::imports::parseSavedReports(catalog, "fuzz.txt", cb::fuzz::text(data, size), "");
  if (!reports) return 0;
  for (const auto& r : *reports) {
    (void)cb::imports::samplesToJson(r).dump(2, ' ', false,
                                             nlohmann::json::error_handler_t::replace);
  }
  auto documents = cb::imports::buildImportDocuments(*reports, {}, catalog);
  cb::fuzz::require(reports->empty() || documents.ok() || !documents.error().empty(),
                    "a refused import says why");
  return 0;
}
