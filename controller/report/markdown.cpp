#include "report/markdown.hpp"

#include "report/against_native.hpp"
#include "report/markdown_table.hpp"
#include "report/overview_text.hpp"
#include "report/section_table.hpp"
#include "report/seed_summary.hpp"

namespace cb::report {

void writeMarkdown(const Comparison& c, std::ostream& out) {
  out << "# clusterbench report: " << reportTitle(c) << "\n\n";
  if (const SectionTable summary = seedSummaryTable(c); !summary.rows.empty()) {
    out << "## Summary\n\n" << markdownTable(summary.header, summary.rows) << "\n";
    out << seedSummaryText() << "\n\n";
  }
  if (const std::string setup = setupText(c); !setup.empty()) {
    out << "Environments (run labels): " << setup << ".\n\n";
  }
  for (const auto& p : introParagraphs(c)) out << p << "\n\n";
  if (const std::string virt = virtualizationText(c); !virt.empty()) {
    out << "Virtualization (virt_tech): " << virt << ".\n\n";
  }
  if (const auto lines = differenceLines(c); !lines.empty()) {
    out << "## Largest differences\n\n";
    for (const auto& l : lines) out << "- " << l << "\n";
    out << "\n";
  }
  if (const SectionTable native = againstNativeTable(c); !native.rows.empty()) {
    out << "## Against native\n\n"
        << againstNativeText(nativeGroup(c)) << "\n\n"
        << markdownTable(native.header, native.rows) << "\n";
  }
  for (const Section& s : c.sections) {
    out << "## " << s.title << "\n\n";
    const SectionTable t = sectionTable(s, c.groups);
    out << markdownTable(t.header, t.rows) << "\n";
    if (!t.checks.empty()) {
      out << "References:\n\n";
      for (const auto& check : t.checks) out << "- " << check << "\n";
      out << "\n";
    }
    if (const SectionTable nodes = nodeTable(s, c.groupBy, c.groups); !nodes.rows.empty()) {
      out << "Per node:\n\n" << markdownTable(nodes.header, nodes.rows) << "\n";
    }
  }
  if (const std::string note = notComparedText(c); !note.empty()) out << note << "\n";
}

}  // namespace cb::report
