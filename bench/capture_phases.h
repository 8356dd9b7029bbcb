#pragma once
// The measured phases of capture_bench. Each runs in its own child process
// (child_phase.h) and times itself from opening the file to the last packet.

#include <string>

#include "bench/child_phase.h"

namespace wirecheck::bench {

/// (a) The floor: pcap_open_offline + pcap_next_ex over every packet,
/// reading the first byte of each.
PhaseResult RunPcapLoop(const std::string& path);

/// (b) The real work: capture::FileSource + capture::Analyzer over every
/// packet, then Finish(). The sink counts conversations and drops them.
PhaseResult RunAnalysis(const std::string& path);

}  // namespace wirecheck::bench
