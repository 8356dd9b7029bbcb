#pragma once
// Where a run's capture is kept (--keep-pcap DIR, or beside an HTML
// report): DIR/<scenario file name>.pcap. Two runs of one command whose
// scenario files share a name (a/x.yaml, b/x.yaml) must not keep their
// captures in one file, or the first run's page would link the second's
// packets: the second is DIR/x-2.pcap, and so on. A later command may
// overwrite what an earlier one kept, as a rerun should.

#include <string>

namespace wirecheck {

/// DIR/<stem>.pcap the first time this process asks for it, then
/// DIR/<stem>-2.pcap, DIR/<stem>-3.pcap, ...
std::string KeptPcapPath(const std::string& dir, const std::string& stem);

/// Beside a kept capture, the capture of the client's side of the wire (a
/// run with hosts): DIR/x.pcap -> DIR/x-client.pcap, DIR/x-2.pcap ->
/// DIR/x-2-client.pcap.
std::string ClientSidePcapPath(const std::string& kept);

}  // namespace wirecheck
