#pragma once
// The sentences that open a report, shared by the Markdown and HTML renderers. Pure.
#include <string>
#include <vector>

#include "report/comparison.hpp"

namespace cb::report {

/// Title, e.g. "vm vs container".
std::string reportTitle(const Comparison& comparison);

/// What was compared and how to read the tables (plain text, one paragraph per entry).
std::vector<std::string> introParagraphs(const Comparison& comparison);

/// The warning about figures resting on fewer than kFewValues values (counting the cells of
/// the comparison rows), "" when there are none. Part of introParagraphs().
std::string fewValuesText(const Comparison& comparison);

/// "vm: qemu (...); container: podman (...)", "" when no group reported its technology.
std::string virtualizationText(const Comparison& comparison);

/// How each group's nodes ran, from the kSetupLabels run labels, groups in display order and
/// labels in kSetupLabels order: "vm: lab_provider=qemu, accel=tcg, disk_format=qcow2,
/// disk_cache=none; bare: lab_provider=netns"; several values joined with "/"; "" when no run
/// carries one.
std::string setupText(const Comparison& comparison);

/// The "largest differences" lines: "<section title>: <benchmark> <metric> (<labels>): <text>".
std::vector<std::string> differenceLines(const Comparison& comparison);

/// Footnote naming the metrics left out of the comparison, "" when none.
std::string notComparedText(const Comparison& comparison);

}  // namespace cb::report
