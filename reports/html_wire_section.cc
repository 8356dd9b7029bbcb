#include "reports/html_wire_section.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "reports/html_text.h"

namespace wirecheck::reports {
namespace {

// A count one side's capture saw; "–" where the run has no capture there.
std::string SideCell(const std::optional<std::uint64_t>& seen, bool short_of_sender) {
  if (!seen) return "<td class=\"num\">\u2013</td>";
  return fmt::format("<td class=\"num{}\">{}</td>", short_of_sender ? " fail" : "", *seen);
}

// One direction: the wire's counts, then what each side's capture saw; the
// receiving side's cell is marked where it saw fewer than the sending side.
void WriteDirectionRow(std::ostream& out, const WireSummary::Direction& d) {
  const bool from_client = d.name.rfind("client->", 0) == 0;
  const bool short_of_sender = d.client_side && d.server_side &&
                               (from_client ? *d.server_side < *d.client_side : *d.client_side < *d.server_side);
  out << "<tr><td><code>" << HtmlEscape(d.name) << "</code></td><td class=\"num\">" << d.packets
      << "</td><td class=\"num\">" << d.delivered << "</td><td class=\"num\">" << d.dropped
      << "</td><td class=\"num\">" << d.duplicated << "</td>"
      << SideCell(d.client_side, short_of_sender && !from_client)
      << SideCell(d.server_side, short_of_sender && from_client) << "</tr>";
}

void WriteClientSideCapture(std::ostream& out, const CaptureStats& c, const HtmlOptions& options) {
  out << "<p class=\"summary\"><span>the capture on the client's side of the wire: <b>" << c.client_side_packets
      << "</b> packets</span><span><b>" << c.client_side_kernel_drops << "</b> dropped by the kernel</span><span>";
  if (c.client_side_file.empty()) {
    out << "not kept";
  } else {
    out << "<a class=\"pcap\" href=\"" << HtmlEscape(RelativeFileUrl(c.client_side_file, options.page_dir))
        << "\" download>the client side's capture (pcap)</a>";
  }
  out << "</span></p>";
}

void WriteDrops(std::ostream& out, const WireSummary& wire) {
  const std::uint64_t total = wire.drops.size() + wire.drops_omitted;
  if (total == 0) return;
  out << "<details><summary>The wire's log of the " << total << (total == 1 ? " packet" : " packets")
      << " it dropped</summary><ul class=\"drops\">";
  const std::size_t shown = std::min(wire.drops.size(), kHtmlWireDropsShown);
  for (std::size_t i = 0; i < shown; ++i) out << "<li><code>" << HtmlEscape(wire.drops[i]) << "</code></li>";
  out << "</ul>";
  if (total > shown) out << "<p class=\"muted\">... and " << total - shown << " more (see the JSON report)</p>";
  out << "</details>";
}

}  // namespace

void WriteWireSection(std::ostream& out, const Run& run, const std::string& prefix, const HtmlOptions& options) {
  if (!run.wire) return;
  const WireSummary& wire = *run.wire;
  out << "<h3 id=\"" << prefix << "wire\">Wire</h3><p class=\"summary\"><span>" << HtmlEscape(wire.server_host)
      << " and " << HtmlEscape(wire.client_host) << "</span><span>seed <b>" << wire.seed
      << "</b> (replay: <code>--seed " << wire.seed << "</code>)</span>";
  if (!wire.device.empty()) out << "<span>over " << HtmlEscape(wire.device) << "</span>";
  out << "</p>";
  if (!wire.directions.empty()) {
    out << "<table class=\"wire\"><tr><th>direction</th><th class=\"num\">packets</th><th class=\"num\">delivered</th>"
           "<th class=\"num\">dropped</th><th class=\"num\">duplicated</th><th class=\"num\">seen on the client's "
           "side</th><th class=\"num\">seen on the server's side</th></tr>";
    for (const WireSummary::Direction& d : wire.directions) WriteDirectionRow(out, d);
    out << "</table><p class=\"muted\">The wire's counts, and the packets between the hosts each side's capture "
           "saw go that way: where the receiving side saw fewer than the sending side (marked), the wire lost "
           "them. The checks judge the server's side.</p>";
  }
  if (run.capture) WriteClientSideCapture(out, *run.capture, options);
  WriteDrops(out, wire);
}

}  // namespace wirecheck::reports
