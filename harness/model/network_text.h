#pragma once
// The small languages of the `network:` section: a probability written as a
// percentage ("30%", "0.5%") and a rate ("1Mbit/s", "64KiB/s"). Pure.

#include <cstdint>
#include <string>
#include <string_view>

namespace wirecheck {

/// "30%" -> 0.3. Between 0% and 100%, the % sign required (a bare 30 or 0.3
/// is ambiguous). False with *err: "expected a percentage such as 30% or 0.5%".
bool ParsePercent(std::string_view text, double* probability, std::string* err);

/// "1Mbit/s" -> 125000 bytes per second. Units: bit/s, kbit/s, Mbit/s,
/// Gbit/s (powers of 1000, as tc writes them) and B/s, KB/s, MB/s, GB/s,
/// KiB/s, MiB/s, GiB/s. At least 1 byte/s, at most 100Gbit/s.
bool ParseRate(std::string_view text, std::uint64_t* bytes_per_second, std::string* err);

/// "30%", "1.25Mbit/s": for reports and decision logs.
std::string FormatPercent(double probability);

}  // namespace wirecheck
